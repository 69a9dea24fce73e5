/*
 * pg_bin_div_tb -- self-checking unit test of rtl/pg_bin_div.v (make -C fpga tb, part of make test),
 * run at B = 2, 16 and 256 (parameter B).
 *
 * For each of several BIN_TICKS values (0, read as 1; 1; 3; 1000; 2^31 + 1; 2^32 - 1; 2^32 and
 * 2^40, both read as 2^32 - 1) random divisions enter with random gaps (a third of the clocks
 * back to back), the remainders biased to the interesting places (0, multiples of BIN_TICKS and
 * their neighbours, the saturation point (B - 1) * BIN_TICKS, the 32-bit top). A reference model
 * (Verilog '/', 64 bits) gives bin = min(rel / bt, B - 1); each result must come out exactly
 * QB + 2 clocks after its input, in order, with its tag (idx), and busy must be high exactly
 * while a division is in flight. BIN_TICKS changes only while the divider is idle, as the core
 * guarantees. Prints "pg_bin_div tb (B=..): 0 errors" or exits non-zero ($fatal).
 */
`timescale 1ns/1ps
module pg_bin_div_tb #(
    parameter integer B = 256
);
localparam integer QB = $clog2(B);
localparam integer LAT = QB + 2;
localparam integer N = 4000;            // divisions per BIN_TICKS value

reg clk = 0, rst = 1;
reg [63:0] bt = 64'd1;
reg in_valid = 0;
reg [31:0] in_rel = 0;
reg [3:0] in_idx = 0;
wire out_valid, busy;
wire [QB-1:0] out_bin;
wire [3:0] out_idx;

pg_bin_div #(.B(B), .IDX_WIDTH(4)) dut (
    .clk(clk), .rst(rst), .bin_ticks(bt),
    .in_valid(in_valid), .in_rel(in_rel), .in_idx(in_idx),
    .out_valid(out_valid), .out_bin(out_bin), .out_idx(out_idx), .busy(busy)
);

// expected results by the clock they are due (a ring indexed by clock number)
reg          due_v   [0:63];
reg [QB-1:0] due_bin [0:63];
reg [3:0]    due_idx [0:63];

reg [63:0] bts [0:7];
reg [63:0] bte, q, r64, pick;
integer i, p, cyc, errs = 0, sent, in_flight, slot;   // in_flight: sent, not yet out

function [63:0] eff(input [63:0] b);
    begin
        if (b >= 64'h1_0000_0000) eff = 64'hFFFF_FFFF;
        else if (b == 0) eff = 1;
        else eff = b;
    end
endfunction

task tick;
    begin
        #1 clk = 1; #1 clk = 0;
    end
endtask

initial begin
    bts[0] = 0; bts[1] = 1; bts[2] = 3; bts[3] = 1000; bts[4] = 64'h8000_0001;
    bts[5] = 64'hFFFF_FFFF; bts[6] = 64'h1_0000_0000; bts[7] = 64'h100_0000_0000;
    for (i = 0; i < 64; i = i + 1) due_v[i] = 0;
    tick; tick; rst = 0;
    cyc = 0; in_flight = 0;
    for (p = 0; p < 8; p = p + 1) begin
        bt = bts[p];
        bte = eff(bt);
        tick; cyc = cyc + 1;   // bin_ticks is registered: stable one clock before a division
        sent = 0;
        while (sent < N || in_flight > 0) begin
            // offer a division (a third of the clocks back to back, else half the time)
            in_valid = (sent < N) && ((cyc % 3 == 0) || ($random & 1));
            pick = {$random} % 8;
            case (pick)
                0: r64 = 0;
                1: r64 = bte * ({$random} % (B + 2));                       // a bin edge
                2: r64 = bte * ({$random} % (B + 2)) + 1;
                3: r64 = bte * ({$random} % (B + 2)) - 1;
                4: r64 = bte * (B - 1);                                     // saturation point
                5: r64 = 64'hFFFF_FFFF - ({$random} % 4);                   // the 32-bit top
                default: r64 = {32'd0, $random};
            endcase
            in_rel = r64[31:0];
            in_idx = $random;
            // expected, due LAT clocks after this edge
            if (in_valid) begin
                q = {32'd0, in_rel} / bte;
                slot = (cyc + LAT) % 64;
                due_v[slot] = 1;
                due_bin[slot] = (q >= B - 1) ? B - 1 : q[QB-1:0];
                due_idx[slot] = in_idx;
                sent = sent + 1;
            end
            #1;
            // busy: high exactly while a division is in a stage (in flight, or at the output)
            if (busy !== (in_flight > 0 || out_valid)) begin
                errs = errs + 1;
                if (errs < 10) $display("B=%0d bt=%0d cyc %0d: busy %b, %0d in flight", B, bt, cyc, busy, in_flight);
            end
            tick;
            if (in_valid) in_flight = in_flight + 1;
            cyc = cyc + 1;
            // the output after this edge
            slot = cyc % 64;
            if (out_valid !== due_v[slot] || (due_v[slot] && (out_bin !== due_bin[slot] || out_idx !== due_idx[slot]))) begin
                errs = errs + 1;
                if (errs < 10) $display("B=%0d bt=%0d cyc %0d: out %b bin %0d idx %0d, expected %b %0d %0d",
                                        B, bt, cyc, out_valid, out_bin, out_idx, due_v[slot], due_bin[slot], due_idx[slot]);
            end
            if (due_v[slot]) in_flight = in_flight - 1;
            due_v[slot] = 0;
        end
        in_valid = 0;
        tick; cyc = cyc + 1;
        slot = cyc % 64;
        if (out_valid || busy) begin
            errs = errs + 1;
            $display("B=%0d bt=%0d: output or busy after the last division", B, bt);
        end
    end
    $display("pg_bin_div tb (B=%0d): %0d errors", B, errs);
    if (errs != 0) $fatal(1, "pg_bin_div tb: FAIL");
    $finish;
end
endmodule
