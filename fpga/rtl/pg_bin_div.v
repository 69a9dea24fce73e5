/*
 * pg_bin_div -- arrival bin of one first arrival: bin = min(rel / BIN_TICKS, B - 1).
 *
 * Pipelined restoring divider with QB = log2(B) quotient bits (B a power of two, B >= 2) plus a
 * saturation compare; no Verilog '/'.
 *
 *   stage 0      : register rel, idx; saturation compare rel >= bt << QB (bin = B - 1)
 *   stage 1..QB  : one quotient bit per stage, MSB first: rem >= bt << (QB - k) ? subtract : keep
 *
 * bt is BIN_TICKS with 0 read as 1 and any value >= 2^32 read as 2^32 - 1. The latter is exact:
 * rel < WIN_LENGTH <= 2^32 - 1, so rel / bt = 0 for every bt >= 2^32 - 1.
 *
 * Interface: in_valid/in_rel/in_idx (no backpressure, one division per clock), bin_ticks must be
 * stable while divisions are in flight (the core only changes configuration while idle).
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
);

localparam integer DW = 32 + QB;   // width of the shifted divisor

// effective divisor: 0 -> 1, >= 2^32 -> 2^32 - 1
wire        bt_hi  = |bin_ticks[63:32];
wire [31:0] bt_eff = bt_hi ? 32'hFFFF_FFFF : ((bin_ticks[31:0] == 32'd0) ? 32'd1 : bin_ticks[31:0]);
wire [DW-1:0] bt_top = {bt_eff, {QB{1'b0}}};   // bt << QB

// stage outputs, stage 0 .. QB (continuous views of the per-stage registers below)
wire                 valid_w [0:QB];
wire [31:0]          rem_w   [0:QB];
wire [QB-1:0]        q_w     [0:QB];
wire                 sat_w   [0:QB];
wire [IDX_WIDTH-1:0] idx_w   [0:QB];

// stage 0: register the input, saturation compare
reg                 valid_0 = 1'b0;
reg [31:0]          rem_0;
reg                 sat_0;
reg [IDX_WIDTH-1:0] idx_0;

// data registers load only with a valid division (clock enable: idle stages do not toggle, and
// the Verilator model skips their arithmetic)
always @(posedge clk) begin
    valid_0 <= in_valid;
    if (in_valid) begin
        rem_0 <= in_rel;
        idx_0 <= in_idx;
        sat_0 <= {{QB{1'b0}}, in_rel} >= bt_top;
    end
    if (rst) begin
        valid_0 <= 1'b0;
    end
end

assign valid_w[0] = valid_0;
assign rem_w[0]   = rem_0;
assign q_w[0]     = {QB{1'b0}};
assign sat_w[0]   = sat_0;
assign idx_w[0]   = idx_0;

// stages 1..QB: quotient bit QB - k
genvar gk;
generate
    for (gk = 1; gk <= QB; gk = gk + 1) begin : g_stage
        reg                 valid_r = 1'b0;
        reg [31:0]          rem_r;
        reg [QB-1:0]        q_r;
        reg                 sat_r;
        reg [IDX_WIDTH-1:0] idx_r;

        // rem - (bt << (QB - k)); the borrow (MSB) says it does not fit
        wire [DW:0] diff = {1'b0, {QB{1'b0}}, rem_w[gk-1]} - {1'b0, (bt_top >> gk)};

        always @(posedge clk) begin
            valid_r <= valid_w[gk-1];
            if (valid_w[gk-1]) begin
                idx_r <= idx_w[gk-1];
                sat_r <= sat_w[gk-1];
                if (sat_w[gk-1]) begin
                    rem_r <= rem_w[gk-1];
                    q_r   <= {QB{1'b1}};
                end else if (!diff[DW]) begin
                    rem_r <= diff[31:0];
                    q_r   <= q_w[gk-1] | ({{(QB-1){1'b0}}, 1'b1} << (QB - gk));
                end else begin
                    rem_r <= rem_w[gk-1];
                    q_r   <= q_w[gk-1];
                end
            end
            if (rst) begin
                valid_r <= 1'b0;
            end
        end

        assign valid_w[gk] = valid_r;
        assign rem_w[gk]   = rem_r;
        assign q_w[gk]     = q_r;
        assign sat_w[gk]   = sat_r;
        assign idx_w[gk]   = idx_r;
    end
endgenerate

reg busy_r;
integer k;
always @* begin
    busy_r = 1'b0;
    for (k = 0; k <= QB; k = k + 1) busy_r = busy_r | valid_w[k];
end

assign out_valid = valid_w[QB];
assign out_bin   = q_w[QB];
assign out_idx   = idx_w[QB];
assign busy      = busy_r;

endmodule

`resetall
