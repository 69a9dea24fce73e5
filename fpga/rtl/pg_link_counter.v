/*
 * pg_link_counter -- a 64-bit event counter of the link front end, added in two 32-bit halves so
 * that no clock carries a 64-bit add (the xc7 estimate: a 32-bit add is 8 CARRY4, ~1.5 ns; the
 * 64-bit one ~2.5 ns plus its input logic).
 *
 * Interface
 *   inc[IW]   added at every edge (0: nothing); registered by the caller (the counter's input is
 *             the end of the caller's pipeline).
 *   clr       clears (synchronous; the caller ORs rst and CTRL_RESET).
 *   value     {hi, lo}: the low half is exact one clock after an increment; the high half takes
 *             the low half's carry one clock later. busy = a carry is on its way: while busy,
 *             value may be 2^32 short. The front end reports itself at rest only when no counter
 *             is busy, so the host's reads at rest are exact.
 *
 * Latency: 1 clock (low half), 2 clocks (high half).
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_link_counter #(
    parameter integer IW = 3        // increment bits (<= 32)
) (
    input  wire          clk,
    input  wire          clr,
    input  wire [IW-1:0] inc,
    output wire [63:0]   value,
    output wire          busy
);

reg [31:0] lo;
reg [31:0] hi;
reg        carry;

wire [32:0] lo_sum = {1'b0, lo} + {{(33-IW){1'b0}}, inc};

always @(posedge clk) begin
    lo    <= lo_sum[31:0];
    carry <= lo_sum[32];
    hi    <= hi + {31'd0, carry};
    if (clr) begin
        lo    <= 32'd0;
        hi    <= 32'd0;
        carry <= 1'b0;
    end
end

assign value = {hi, lo};
assign busy  = carry;

endmodule

`resetall
