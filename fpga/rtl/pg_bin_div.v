/*
 * pg_bin_div -- arrival bin of one first arrival: bin = min(rel / BIN_TICKS, B - 1).
 *
 * Pipelined restoring divider with QB = log2(B) quotient bits (B a power of two, B >= 2) plus a
 * saturation compare; no Verilog '/'.
 *
 *   stage 0      : register rel, idx
 *   stage 1..QB  : one quotient bit per stage, MSB first: rem >= bt << (QB - k) ? subtract : keep;
 *                  stage 1 also makes the saturation compare rel >= bt << QB (bin = B - 1)
 * bt is registered (one clock behind bin_ticks), so no stage has the BIN_TICKS decode in front of
 * its subtract, and stage 0 has no logic after the (usually combinational) in_rel.
 *
 * bt is BIN_TICKS with 0 read as 1 and any value >= 2^32 read as 2^32 - 1. The latter is exact:
 * rel < WIN_LENGTH <= 2^32 - 1, so rel / bt = 0 for every bt >= 2^32 - 1.
 *
 * Interface: in_valid/in_rel/in_idx (no backpressure, one division per clock), bin_ticks must be
 * stable from the clock before a division enters until it leaves (the core only changes
 * configuration while idle, and takes no tag for 3 clocks after a write).
 * out_valid/out_bin/out_idx are registers. busy is high while any stage holds a division.
 *
 * Latency: QB + 1 clocks from in_valid to out_valid; throughput one division per clock.
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

localparam integer DW = 32 + QB;   // width of the shifted divisor

// effective divisor: 0 -> 1, >= 2^32 -> 2^32 - 1
wire        bt_hi  = |bin_ticks[63:32];
reg  [31:0] bt_eff;
always @(posedge clk) begin
    bt_eff <= bt_hi ? 32'hFFFF_FFFF : ((bin_ticks[31:0] == 32'd0) ? 32'd1 : bin_ticks[31:0]);
end
wire [DW-1:0] bt_top = {bt_eff, {QB{1'b0}}};   // bt << QB

// stage k = 0 .. QB (g_stage[k]): stage 0 registers the input and the saturation compare; stage
// k >= 1 decides quotient bit QB - k from stage k - 1. Data registers load only with a valid
// division (clock enable: idle stages do not toggle, and the Verilator model skips their
// arithmetic); each stage reads the previous one's registers by name (no per-clock copies).
wire [QB:0] v;   // stage valid bits

genvar gk;
generate
    for (gk = 0; gk <= QB; gk = gk + 1) begin : g_stage
        reg                 valid_r = 1'b0;
        /* verilator lint_off UNUSEDSIGNAL */  // the last stage's remainder and flag are not needed
        reg [31:0]          rem_r;
        reg                 sat_r;
        /* verilator lint_on UNUSEDSIGNAL */
        reg [QB-1:0]        q_r;
        reg [IDX_WIDTH-1:0] idx_r;
        if (gk == 0) begin : g_in
            always @(posedge clk) begin
                valid_r <= in_valid;
                if (in_valid) begin
                    rem_r <= in_rel;
                    q_r   <= {QB{1'b0}};
                    idx_r <= in_idx;
                    sat_r <= 1'b0;
                end
                if (rst) begin
                    valid_r <= 1'b0;
                end
            end
        end else begin : g_div
            // rem - (bt << (QB - k)); the borrow (MSB) says it does not fit
            wire [DW:0] diff = {1'b0, {QB{1'b0}}, g_stage[gk-1].rem_r} - {1'b0, (bt_top >> gk)};
            // saturation: decided in stage 1 (beside its quotient bit), carried after it
            wire sat_in;
            if (gk == 1) begin : g_sat
                assign sat_in = {{QB{1'b0}}, g_stage[0].rem_r} >= bt_top;
            end else begin : g_sat_carry
                assign sat_in = g_stage[gk-1].sat_r;
            end
            always @(posedge clk) begin
                valid_r <= g_stage[gk-1].valid_r;
                if (g_stage[gk-1].valid_r) begin
                    idx_r <= g_stage[gk-1].idx_r;
                    sat_r <= sat_in;
                    if (sat_in) begin
                        rem_r <= g_stage[gk-1].rem_r;
                        q_r   <= {QB{1'b1}};
                    end else if (!diff[DW]) begin
                        rem_r <= diff[31:0];
                        q_r   <= g_stage[gk-1].q_r | ({{(QB-1){1'b0}}, 1'b1} << (QB - gk));
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

assign out_valid = g_stage[QB].valid_r;
assign out_bin   = g_stage[QB].q_r;
assign out_idx   = g_stage[QB].idx_r;
assign busy      = |v;

`ifdef FORMAL
integer f_k;
always @* begin
    f_n = 8'd0;
    for (f_k = 0; f_k <= QB; f_k = f_k + 1) f_n = f_n + {7'd0, v[f_k]};
end
`endif

endmodule

`resetall
