/*
 * pg_bin_div -- arrival bin of one first arrival: bin = min(rel / BIN_TICKS, B - 1).
 *
 * Pipelined restoring divider with QB = log2(B) quotient bits (B a power of two, B >= 2) plus a
 * saturation compare; no Verilog '/'.
 *
 *   stage 0          : register rel, idx
 *   stage 1          : the saturation compare rel >= bt << QB (bin = B - 1), alone in its clock
 *   stage 2..QB + 1  : one quotient bit j per stage, MSB first: rem >= bt << j ? subtract : keep,
 *                      as a (32 - j)-bit subtract of the high bits of rem (the low j bits stay)
 * bt is registered (one clock behind bin_ticks), and so are the flags big[j] = (bt << j >= 2^32)
 * (two clocks behind), so no stage has the BIN_TICKS decode in front of its subtract, and stage 0
 * has no logic after the (usually combinational) in_rel. (Until 2026-12-07 the saturation compare
 * shared stage 1 with the first quotient bit: bt -> compare -> the remainder's select was the
 * core's worst estimated path, 7.08 ns.)
 *
 * bt is BIN_TICKS with 0 read as 1 and any value >= 2^32 read as 2^32 - 1. The latter is exact:
 * rel < WIN_LENGTH <= 2^32 - 1, so rel / bt = 0 for every bt >= 2^32 - 1.
 *
 * Interface: in_valid/in_rel/in_idx (no backpressure, one division per clock), bin_ticks must be
 * stable from the clock before the clock before a division enters until it leaves (bt and big
 * follow it 1 and 2 clocks later; the core only changes configuration while idle, and takes no
 * tag for 3 clocks after a write, and a tag's division enters the clock after it was taken).
 * out_valid/out_bin/out_idx are registers. busy is high while any stage holds a division.
 *
 * Latency: QB + 2 clocks from in_valid to out_valid; throughput one division per clock.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_bin_div #(
    parameter integer B = 256,            // bins (power of two, >= 2)
    parameter integer IDX_WIDTH = 1,      // width of the tag travelling with the division
    parameter integer QB = $clog2(B)      // quotient bits (do not override)
) (
    input  wire                 clk,
    input  wire                 rst,

    input  wire [63:0]          bin_ticks,

    input  wire                 in_valid,
    input  wire [31:0]          in_rel,
    input  wire [IDX_WIDTH-1:0] in_idx,

    output wire                 out_valid,
    output wire [QB-1:0]        out_bin,
    output wire [IDX_WIDTH-1:0] out_idx,
    output wire                 busy
`ifdef FORMAL
    ,
    output reg  [7:0]           f_n       // divisions in flight (valid stages)
`endif
);

// effective divisor: 0 -> 1, >= 2^32 -> 2^32 - 1
wire        bt_hi  = |bin_ticks[63:32];
reg  [31:0] bt_eff;
// big[j]: bt << j >= 2^32 (then no 32-bit remainder reaches it), j = 1 .. QB; registered from
// bt_eff, so no stage has a wide OR in front of its compare
reg  [QB:0] big;
integer     bj;
always @(posedge clk) begin
    bt_eff <= bt_hi ? 32'hFFFF_FFFF : ((bin_ticks[31:0] == 32'd0) ? 32'd1 : bin_ticks[31:0]);
    big[0] <= 1'b0;
    for (bj = 1; bj <= QB; bj = bj + 1) big[bj] <= |(bt_eff >> (32 - bj));
end

// stage k = 0 .. QB + 1 (g_stage[k]): stage 0 registers the input; stage 1 the saturation compare
// rel >= bt << QB, i.e. !big[QB] && rel[31:QB] >= bt; stage k >= 2 decides quotient bit
// j = QB + 1 - k from stage k - 1: rem >= bt << j, i.e. !big[j] && rem[31:j] >= bt (a (32 - j)-bit
// subtract whose borrow says it does not fit; the low j bits of rem are kept). Data registers
// load only with a valid division (clock enable: idle stages do not toggle, and the Verilator
// model skips their arithmetic), except stage 0's (no arithmetic there; loaded every clock, so
// that the owner's late in_valid is not in front of 32 clock enables); each stage reads the
// previous one's registers by name (no per-clock copies).
wire [QB+1:0] v;   // stage valid bits

genvar gk;
generate
    for (gk = 0; gk <= QB + 1; gk = gk + 1) begin : g_stage
        reg                 valid_r = 1'b0;
        /* verilator lint_off UNUSEDSIGNAL */  // the last stage's remainder and flag, stage 0's q_r
        reg [31:0]          rem_r;
        reg                 sat_r;
        reg [QB-1:0]        q_r;
        /* verilator lint_on UNUSEDSIGNAL */
        reg [IDX_WIDTH-1:0] idx_r;
        if (gk == 0) begin : g_in
            // stage 0 loads every clock (no clock enable: in_valid, late in the owner's process
            // stage, reaches valid_r alone; stage 1 takes rem_r / idx_r only when valid_r is set)
            always @(posedge clk) begin
                valid_r <= in_valid;
                rem_r   <= in_rel;
                q_r     <= {QB{1'b0}};
                idx_r   <= in_idx;
                sat_r   <= 1'b0;
                if (rst) begin
                    valid_r <= 1'b0;
                end
            end
        end else if (gk == 1) begin : g_sat
            /* verilator lint_off UNUSEDSIGNAL */  // the low bits of the shifted views
            wire [31:0] rem_hi = g_stage[0].rem_r >> QB;
            wire [31:0] bt_lo  = bt_eff << QB;
            /* verilator lint_on UNUSEDSIGNAL */
            wire        sat_in = !big[QB] && (rem_hi[31-QB:0] >= bt_lo[31:QB]);
            always @(posedge clk) begin
                valid_r <= g_stage[0].valid_r;
                if (g_stage[0].valid_r) begin
                    idx_r <= g_stage[0].idx_r;
                    rem_r <= g_stage[0].rem_r;
                    q_r   <= sat_in ? {QB{1'b1}} : {QB{1'b0}};
                    sat_r <= sat_in;
                end
                if (rst) begin
                    valid_r <= 1'b0;
                end
            end
        end else begin : g_div
            localparam integer J = QB + 1 - gk;   // the quotient bit of this stage
            /* verilator lint_off UNUSEDSIGNAL */  // the shifted-out bits
            wire [31:0] rem_hi = g_stage[gk-1].rem_r >> J;
            wire [31:0] bt_lo  = bt_eff << J;
            /* verilator lint_on UNUSEDSIGNAL */
            // rem[31:J] - bt, with the borrow as its MSB
            wire [32-J:0] diff = {1'b0, rem_hi[31-J:0]} - {1'b0, bt_lo[31:J]};
            /* verilator lint_off UNUSEDSIGNAL */  // the zero extension's high half
            wire [63:0]   dz = {{(32+J){1'b0}}, diff[31-J:0]};
            /* verilator lint_on UNUSEDSIGNAL */
            wire [31:0]   rem_sub = (dz[31:0] << J) | (g_stage[gk-1].rem_r & ~(32'hFFFF_FFFF << J));
            wire          fits = !big[J] && !diff[32-J];
            always @(posedge clk) begin
                valid_r <= g_stage[gk-1].valid_r;
                if (g_stage[gk-1].valid_r) begin
                    idx_r <= g_stage[gk-1].idx_r;
                    sat_r <= g_stage[gk-1].sat_r;
                    if (!g_stage[gk-1].sat_r && fits) begin
                        rem_r <= rem_sub;
                        q_r   <= g_stage[gk-1].q_r | ({{(QB-1){1'b0}}, 1'b1} << J);
                    end else begin
                        rem_r <= g_stage[gk-1].rem_r;
                        q_r   <= g_stage[gk-1].q_r;
                    end
                end
                if (rst) begin
                    valid_r <= 1'b0;
                end
            end
        end
        assign v[gk] = valid_r;
    end
endgenerate

assign out_valid = g_stage[QB+1].valid_r;
assign out_bin   = g_stage[QB+1].q_r;
assign out_idx   = g_stage[QB+1].idx_r;
assign busy      = |v;

`ifdef FORMAL
// every stage, 0 .. QB + 1 (the last one holds out_valid: a bin the owner has not taken yet)
integer f_k;
always @* begin
    f_n = 8'd0;
    for (f_k = 0; f_k <= QB + 1; f_k = f_k + 1) f_n = f_n + {7'd0, v[f_k]};
end
`endif

endmodule

`resetall
