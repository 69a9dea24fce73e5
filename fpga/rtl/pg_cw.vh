// pg_cw.vh -- cw_of32(x): a 32-bit amount (a bulk run's trial count, a queue entry's amount) as a
// CW-bit counter increment (zero-extended, or cut to CW bits when CW < 32). Included inside a
// module body that has the parameter CW (8..64); one definition for pg_sequencer and
// pg_trial_close.
/* verilator lint_off UNUSEDSIGNAL */  // t's high bits when CW < 64
function [CW-1:0] cw_of32(input [31:0] x);
    reg [63:0] t;
    begin
        t = {32'd0, x};
        cw_of32 = t[CW-1:0];
    end
endfunction
/* verilator lint_on UNUSEDSIGNAL */
