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
 *   reg_raddr -> reg_rdata        register read, 1 clock: the read port has an address of its own
 *                                 (as AXI-Lite's AR beside AW; issue 13, fw21r), so the write's
 *                                 address select never reaches the read multiplexer. reg_rdata
 *                                 after an edge is the register reg_raddr named in the clock
 *                                 before it, as it was in that clock (a write at the same edge
 *                                 is not seen: the read returns the old value).
 *   sync_channel, frame_trials, bin_ticks, sync_delay, records_enable   configuration
 *   det_channel[64d +: 64], det_delay[64d +: 64], win_start[64w +: 64], win_length[64w +: 64]
 *   status {quiet, frame_pending, idle}   the STATUS bits (combinational, from the owner)
 *   frames, trials, merges, sync_pending, rec_made, rec_dropped   the read-only counters (from
 *                                 the owner; each a flip-flop output there)
 *
 * Latency: a write is visible at the outputs (and to a read) from the clock after the edge. A read
 * is registered: every register but STATUS goes through the read multiplexer into rd_q at the
 * edge; STATUS is a snapshot of `status` taken at every edge (status_q: the owner's status is a
 * deep function of the whole core, the trial close's busy, the dividers, the input; registered
 * here it is one flip-flop per bit on the read path), and a registered rd_st (reg_raddr was
 * STATUS) selects it: reg_rdata = rd_st ? status_q : rd_q, one 2:1 select behind flip-flops. So
 * STATUS, too, reads the state of the clock in which reg_raddr named it. The library (hw-sim's
 * pg_reg_read) puts the address on the port for one clock with the input idle and then reads
 * reg_rdata (fpga/README "Register read").
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
    input  wire [7:0]        reg_raddr,
    output wire [63:0]       reg_rdata,

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
wire [31:0] raddr32 = {24'd0, reg_raddr};
integer i;
genvar gi;

// the STATUS snapshot: the owner's status at the last edge (reset to 0: nothing reads it before
// the first clock after rst, and a defined value keeps the read port free of X in simulation)
reg [2:0] status_q;
always @(posedge clk) begin
    status_q <= status;
    if (rst) status_q <= 3'd0;
end

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

// ---- register read (registered: the multiplexer of flip-flops and constants into rd_q) -----------
reg [63:0] rd_mux;
always @* begin
    rd_mux = 64'd0;
    case (raddr32)
        PG_REG_ID:           rd_mux = PG_ID_VALUE;
        PG_REG_SHAPE:        rd_mux = SHAPE_VAL;
        PG_REG_FRAME_WORDS:  rd_mux = FW_VAL;
        PG_REG_FRAMES:       rd_mux = zx(frames);
        PG_REG_TRIALS:       rd_mux = zx(trials);
        PG_REG_MERGES:       rd_mux = zx(merges);
        PG_REG_SYNC_CHANNEL: rd_mux = sync_channel;
        PG_REG_FRAME_TRIALS: rd_mux = frame_trials;
        PG_REG_BIN_TICKS:    rd_mux = bin_ticks;
        PG_REG_SYNC_DELAY:   rd_mux = sync_delay;
        PG_REG_SYNC_PENDING: rd_mux = {{(63-SQB){1'b0}}, sync_pending};
        PG_REG_LANES:        rd_mux = LANES_VAL;
        PG_REG_RECORDS_ENABLE:  rd_mux = {63'd0, records_enable};
        PG_REG_RECORDS_MADE:    rd_mux = zx(rec_made);
        PG_REG_RECORDS_DROPPED: rd_mux = zx(rec_dropped);
        default: ;
    endcase
    for (i = 0; i < D; i = i + 1) begin
        if (raddr32 == PG_REG_DET_CHANNEL + i) rd_mux = det_channel[64*i +: 64];
        if (raddr32 == PG_REG_DET_DELAY + i)   rd_mux = det_delay[64*i +: 64];
    end
    for (i = 0; i < W; i = i + 1) begin
        if (raddr32 == PG_REG_WIN_START + i)  rd_mux = win_start[64*i +: 64];
        if (raddr32 == PG_REG_WIN_LENGTH + i) rd_mux = win_length[64*i +: 64];
    end
end

reg [63:0] rd_q;   // the register reg_raddr named at the last edge (not STATUS)
reg        rd_st;  // ... reg_raddr named STATUS: status_q is the read
always @(posedge clk) begin
    rd_q  <= rd_mux;
    rd_st <= raddr32 == PG_REG_STATUS;
    if (rst) begin
        rd_q  <= 64'd0;
        rd_st <= 1'b0;
    end
end
assign reg_rdata = rd_st ? {61'd0, status_q} : rd_q;

endmodule

`resetall
