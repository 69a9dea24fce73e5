// pg_zx.vh -- zx(v): a CW-bit count zero-extended into its 64-bit frame word, register or
// comparison operand. Included inside a module body that has the parameter CW (8..64).
function [63:0] zx(input [CW-1:0] v);
    begin
        zx = 64'd0;
        zx[CW-1:0] = v;
    end
endfunction
