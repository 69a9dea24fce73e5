/*
 * pg_regs -- the register file of pg_core: the configuration registers (written by the host,
 * read by the core) and the register read multiplexer (every register of pairgate.map that the
 * core implements; slots beyond W and D read zero). CTRL is not stored here: its write is a
 * command (the owner's sequencer takes reg_we && reg_addr == CTRL).
 *
 * Parameters: W, D, K, B, LANES the core's shape (SHAPE, LANES, FRAME_WORDS read them), CW
 * counter width (the read-only counters are zero-extended), SQB sync-queue index bits.
 *
 * Interface (synchronous to clk; rst restores the defaults of pairgate.map)
 *   reg_we, reg_addr, reg_wdata   register write, taken at the rising edge when reg_we
 *   reg_addr -> reg_rdata         register read, COMBINATIONAL in the address (0 clocks): a
 *                                 multiplexer of flip-flops and constants only, so that no logic
 *                                 of the core reaches reg_rdata (issue 13, fw20s)
 *   sync_channel, frame_trials, bin_ticks, sync_delay, records_enable   configuration
 *   det_channel[64d +: 64], det_delay[64d +: 64], win_start[64w +: 64], win_length[64w +: 64]
 *   status {quiet, frame_pending, idle}   the STATUS bits (combinational, from the owner)
 *   frames, trials, merges, sync_pending, rec_made, rec_dropped   the read-only counters (from
 *                                 the owner; each a flip-flop output there)
 *
 * Latency: a write is visible at the outputs (and to a read) from the clock after the edge.
 * STATUS reads a registered snapshot of `status` taken at every edge: the core's state at the
 * previous clock edge (status_q). The owner's status is a deep function of the whole core (the
 * trial close's busy, the dividers, the input); registered here it is one flip-flop per bit on
 * the read path. A host sees the state of one clock before: after the core goes quiet, STATUS
 * reads QUIET from the next clock on (a bus read has a clock of latency anyway; the library,
 * hw-sim's pg_reg_read, clocks the model once per read with the input idle, fpga/README "Register
 * read").
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_regs #(
    parameter integer W = 2,
    parameter integer D = 2,
    parameter integer K = 8,
    parameter integer B = 256,
    parameter integer LANES = 4,
    parameter integer CW = 64,
    parameter integer SQB = 4
) (
    input  wire              clk,
    input  wire              rst,

    input  wire              reg_we,
    input  wire [7:0]        reg_addr,
    input  wire [63:0]       reg_wdata,
    output reg  [63:0]       reg_rdata,

    output reg  [63:0]       sync_channel,
    output reg  [63:0]       frame_trials,
    output reg  [63:0]       bin_ticks,
    output reg  [63:0]       sync_delay,
    output reg               records_enable,
    output wire [64*D-1:0]   det_channel,
    output wire [64*D-1:0]   det_delay,
    output wire [64*W-1:0]   win_start,
    output wire [64*W-1:0]   win_length,

    input  wire [2:0]        status,
    input  wire [CW-1:0]     frames,
    input  wire [CW-1:0]     trials,
    input  wire [CW-1:0]     merges,
    input  wire [SQB:0]      sync_pending,
    input  wire [CW-1:0]     rec_made,
    input  wire [CW-1:0]     rec_dropped
);

`include "pg_map.vh"

`include "pg_zx.vh"

localparam [31:0] W32 = W;
localparam [31:0] D32 = D;
localparam [31:0] K32 = K;
localparam [31:0] B32 = B;
localparam [31:0] FW32 = PG_FRAME_WORDS_N;
localparam [15:0] K16 = K32[15:0];
localparam [7:0]  D8  = D32[7:0];
localparam [7:0]  W8  = W32[7:0];
localparam [31:0] LANES32 = LANES;
// wires: concatenations of parameters in a localparam trip Verilator's WIDTHCONCAT
wire [63:0] SHAPE_VAL = {B32, K16, D8, W8};
wire [63:0] FW_VAL = {32'd0, FW32};
wire [63:0] LANES_VAL = {32'd0, LANES32};

wire [31:0] addr32 = {24'd0, reg_addr};
integer i;
genvar gi;

// the STATUS snapshot: the owner's status at the last edge (no reset: a snapshot of every clock)
reg [2:0] status_q;
always @(posedge clk) status_q <= status;

always @(posedge clk) begin
    if (reg_we) begin
        case (addr32)
            PG_REG_SYNC_CHANNEL:   sync_channel   <= reg_wdata;
            PG_REG_FRAME_TRIALS:   frame_trials   <= reg_wdata;
            PG_REG_BIN_TICKS:      bin_ticks      <= reg_wdata;
            PG_REG_SYNC_DELAY:     sync_delay     <= reg_wdata;
            PG_REG_RECORDS_ENABLE: records_enable <= reg_wdata[0];
            default: ;
        endcase
    end
    if (rst) begin
        sync_channel   <= 64'd0;
        frame_trials   <= 64'd0;
        bin_ticks      <= 64'd1;
        sync_delay     <= 64'd0;
        records_enable <= 1'b0;
    end
end

generate
    for (gi = 0; gi < D; gi = gi + 1) begin : g_det_cfg
        reg [63:0] channel;
        reg [63:0] delay;
        always @(posedge clk) begin
            if (reg_we && addr32 == PG_REG_DET_CHANNEL + gi) channel <= reg_wdata;
            if (reg_we && addr32 == PG_REG_DET_DELAY + gi)   delay   <= reg_wdata;
            if (rst) begin
                channel <= 64'hFF;
                delay   <= 64'd0;
            end
        end
        assign det_channel[64*gi +: 64] = channel;
        assign det_delay[64*gi +: 64]   = delay;
    end
    for (gi = 0; gi < W; gi = gi + 1) begin : g_win_cfg
        reg [63:0] start;
        reg [63:0] length;
        always @(posedge clk) begin
            if (reg_we && addr32 == PG_REG_WIN_START + gi)  start  <= reg_wdata;
            if (reg_we && addr32 == PG_REG_WIN_LENGTH + gi) length <= reg_wdata;
            if (rst) begin
                start  <= 64'd0;
                length <= 64'd0;
            end
        end
        assign win_start[64*gi +: 64]  = start;
        assign win_length[64*gi +: 64] = length;
    end
endgenerate

// ---- register read (combinational in reg_addr; every input a flip-flop or a constant) -----------------------------------------------------------
always @* begin
    reg_rdata = 64'd0;
    case (addr32)
        PG_REG_ID:           reg_rdata = PG_ID_VALUE;
        PG_REG_SHAPE:        reg_rdata = SHAPE_VAL;
        PG_REG_FRAME_WORDS:  reg_rdata = FW_VAL;
        PG_REG_STATUS:       reg_rdata = {61'd0, status_q};
        PG_REG_FRAMES:       reg_rdata = zx(frames);
        PG_REG_TRIALS:       reg_rdata = zx(trials);
        PG_REG_MERGES:       reg_rdata = zx(merges);
        PG_REG_SYNC_CHANNEL: reg_rdata = sync_channel;
        PG_REG_FRAME_TRIALS: reg_rdata = frame_trials;
        PG_REG_BIN_TICKS:    reg_rdata = bin_ticks;
        PG_REG_SYNC_DELAY:   reg_rdata = sync_delay;
        PG_REG_SYNC_PENDING: reg_rdata = {{(63-SQB){1'b0}}, sync_pending};
        PG_REG_LANES:        reg_rdata = LANES_VAL;
        PG_REG_RECORDS_ENABLE:  reg_rdata = {63'd0, records_enable};
        PG_REG_RECORDS_MADE:    reg_rdata = zx(rec_made);
        PG_REG_RECORDS_DROPPED: reg_rdata = zx(rec_dropped);
        default: ;
    endcase
    for (i = 0; i < D; i = i + 1) begin
        if (addr32 == PG_REG_DET_CHANNEL + i) reg_rdata = det_channel[64*i +: 64];
        if (addr32 == PG_REG_DET_DELAY + i)   reg_rdata = det_delay[64*i +: 64];
    end
    for (i = 0; i < W; i = i + 1) begin
        if (addr32 == PG_REG_WIN_START + i)  reg_rdata = win_start[64*i +: 64];
        if (addr32 == PG_REG_WIN_LENGTH + i) reg_rdata = win_length[64*i +: 64];
    end
end

endmodule

`resetall
