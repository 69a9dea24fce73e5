/*
 * pg_core -- the pairgate gating core, version 1.
 *
 * Gates time-tagger clicks into pulse windows per trial and counts coincidences; behaviour,
 * registers and frame format exactly as docs/frame-format.md (fpga/pairgate.map via pg_map.vh).
 *
 * Parameters: W windows, D detectors, K largest dN, B arrival bins (power of two, >= 2).
 *
 * Interface
 *   clk, rst                 rst synchronous, active high; starts a clear sweep (see latency)
 *   s_tag_*                  tag stream in (valid/ready): channel[7:0], time[63:0] (signed ticks)
 *   reg_we/reg_addr/reg_wdata register write, taken at the rising edge when reg_we
 *   reg_addr -> reg_rdata    register read, COMBINATIONAL (reg_rdata follows reg_addr and the
 *                            registers in the same clock; 0 clocks latency)
 *   m_frame_*                frame stream out (valid/ready), FRAME_WORDS 64-bit words per frame,
 *                            m_frame_last on the trailer; registered outputs
 *   status_idle              = STATUS_IDLE bit: no tag, division, command or frame word in flight
 *   status_frame_pending     = STATUS_FRAME_PENDING bit: a closed frame is being / waiting to be
 *                            streamed out (it stays high while m_frame_ready is held low)
 *   status_cmd_pending       a CTRL command is queued and not yet started
 *
 * Latency / throughput (version 1, stalls instead of double buffering):
 *   - one tag per clock; the edge that accepts a tag loads the input register (which already
 *     adds DET_DELAY[d] and compares the time with the last in-order time), the next edge
 *     applies its accounting, pattern and window decision (process stage) against the window
 *     base times sync_time + WIN_START[w] (registers, recomputed every clock); a first
 *     arrival's bin is written QB + 1 clocks later by pg_bin_div (one divider per window,
 *     pipelined).
 *   - a sync tag blocks the input for one clock (s_tag_ready low while it sits in the process
 *     stage); a sync that closes a trial additionally waits for the dividers to drain, then the
 *     trial close takes max(K, W*D) + 1 clocks with the input stalled (close step s reads the
 *     histogram words of step s, the next clock writes them back incremented).
 *   - a frame close streams FRAME_WORDS words (one per clock while m_frame_ready, no bubble: the
 *     histogram RAMs are read one word ahead), input stalled.
 *   - CTRL commands (register CTRL) queue behind every accepted tag: s_tag_ready is low from the
 *     write until the command has completed. CLOSE_FRAME runs before RESET when both bits are set.
 *   - rst and CTRL_RESET clear the histogram memories with a sweep of
 *     max(2^(W*D), 2^clog2(W*D)*B, 2^clog2(W)*B, K) clocks (1024 for the default shape; writes
 *     only, no read).
 *   - histogram RAM read (PATTERNS, FIRST_ARRIVAL, BOTH_ARRIVAL, pg_hist_ram): 1 clock
 *     (registered, write-first forwarding); dN rows: 0 (combinational).
 *
 * Configuration registers are written while the core is idle (status_idle) and apply to the
 * tags accepted after the write (not to a tag accepted at the same edge). A sync that closes a trial is counted (TAGS_SYNC,
 * SYNCS) in the frame that this trial close may close (docs: the sync is counted, then the trial
 * closes).
 *
 * Storage: every histogram is a memory with one read port and one write port. PATTERNS,
 * FIRST_ARRIVAL ({bit, bin}) and BOTH_ARRIVAL ({window, bin}) are pg_hist_ram instances
 * (registered read, read-after-write forwarding: block RAM on iCE40 / Xilinx). The dN counters
 * are K rows with a combinational read (DN_PAIRS 1 lane, DN_EARLY and DN_LATE W*D lanes,
 * DN_COINC (W*D)^2 lanes of 64 bits, one row read-modify-written per trial-close step; small,
 * LUT-RAM / flip-flops). Accesses: read-modify-write at trial close (step s reads, the next clock
 * writes back incremented), read-and-clear while a frame streams out (the edge that loads and
 * clears word fi reads the word of fi + 1, so its value is in the read register when it is
 * loaded; a stalled word keeps its address, so the read register holds), zero sweep at reset
 * (writes only).
 *
 * Formal properties (`ifdef FORMAL, make formal) are at the end of this module.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_core #(
    parameter integer W = 2,     // windows per trial
    parameter integer D = 2,     // detector channels
    parameter integer K = 8,     // largest trial distance dN of the cross-trial counters (>= 1)
    parameter integer B = 256    // bins per arrival histogram (power of two, >= 2)
) (
    input  wire        clk,
    input  wire        rst,

    input  wire        s_tag_valid,
    output wire        s_tag_ready,
    input  wire [7:0]  s_tag_channel,
    input  wire [63:0] s_tag_time,

    input  wire        reg_we,
    input  wire [7:0]  reg_addr,
    input  wire [63:0] reg_wdata,
    output reg  [63:0] reg_rdata,

    output reg         m_frame_valid,
    input  wire        m_frame_ready,
    output reg  [63:0] m_frame_data,
    output reg         m_frame_last,

    output wire        status_idle,
    output wire        status_frame_pending,
    output wire        status_cmd_pending
);

`include "pg_map.vh"

function integer clog2p(input integer x);
    begin
        clog2p = (x > 1) ? $clog2(x) : 1;
    end
endfunction

function integer max2(input integer a, input integer b);
    begin
        max2 = (a > b) ? a : b;
    end
endfunction

// ---- derived sizes ---------------------------------------------------------------------------
localparam integer WD    = W * D;                 // pattern bits
localparam integer NPAT  = 1 << WD;               // patterns
localparam integer QB    = $clog2(B);             // bin bits
localparam integer NCNT  = D + 8;                 // TAGS_SYNC .. OTHER_CHANNEL (contiguous in the frame)
localparam integer NLANE = WD * WD;               // lanes of a DN_COINC row
localparam integer FW    = PG_FRAME_WORDS_N;      // words per frame
localparam integer FWB   = clog2p(FW + 1);        // frame word index bits
localparam integer DB    = clog2p(D);             // detector index bits
localparam integer WDB   = clog2p(WD);            // pattern bit index bits
localparam integer WB    = clog2p(W);             // window index bits
localparam integer PATB  = clog2p(NPAT);
localparam integer FAB   = WDB + QB;              // FIRST_ARRIVAL address: {bit, bin}
localparam integer BAB   = WB + QB;               // BOTH_ARRIVAL address: {window, bin}
localparam integer CNTB  = clog2p(NCNT);
localparam integer KB    = clog2p(K);             // dN row address
localparam integer LB    = clog2p(NLANE);         // dN lane index
localparam integer NSTEP = max2(max2(K, WD), 1);  // trial-close read steps (+1 clock for the last write)
localparam integer CSB   = clog2p(NSTEP + 1);
localparam integer NCLR  = max2(max2(NPAT, 1 << FAB), max2(1 << BAB, K)); // clear-sweep clocks
localparam integer CLB   = clog2p(NCLR + 1);
localparam integer RIB   = max2(max2(CNTB, PATB), max2(FAB, BAB));

// flat counter indices (order of the frame words TAGS_SYNC .. OTHER_CHANNEL)
localparam integer C_TAGS_SYNC  = 0;
localparam integer C_TAGS_DET   = 1;
localparam integer C_TAGS_OTHER = D + 1;
localparam integer C_SYNCS      = D + 2;
localparam integer C_IN_WINDOW  = D + 3;
localparam integer C_OUTSIDE    = D + 4;
localparam integer C_BEFORE     = D + 5;
localparam integer C_OOO        = D + 6;
localparam integer C_OTHER      = D + 7;

localparam [31:0] W32 = W;
localparam [31:0] D32 = D;
localparam [31:0] K32 = K;
localparam [31:0] B32 = B;
localparam [31:0] FW32 = FW;
localparam [31:0] WD32 = WD;
localparam [31:0] NLANE32 = NLANE;
localparam [15:0] K16 = K32[15:0];
localparam [7:0]  D8  = D32[7:0];
localparam [7:0]  W8  = W32[7:0];
// wires: concatenations of parameters in a localparam trip Verilator's WIDTHCONCAT
wire [63:0] SHAPE_VAL = {B32, K16, D8, W8};
wire [63:0] FW_VAL = {32'd0, FW32};

// frame word offsets, sized
localparam [31:0] O_FLAT_32 = PG_OFF_TAGS_SYNC;
localparam [31:0] O_PAT_32  = PG_OFF_PATTERNS;
localparam [31:0] O_DNP_32  = PG_OFF_DN_PAIRS;
localparam [31:0] O_DNE_32  = PG_OFF_DN_EARLY;
localparam [31:0] O_DNL_32  = PG_OFF_DN_LATE;
localparam [31:0] O_DNC_32  = PG_OFF_DN_COINC;
localparam [31:0] O_FA_32   = PG_OFF_FIRST_ARRIVAL;
localparam [31:0] O_BA_32   = PG_OFF_BOTH_ARRIVAL;
localparam [31:0] O_TRL_32  = PG_OFF_TRAILER;
localparam [FWB-1:0] O_FLAT = O_FLAT_32[FWB-1:0];
localparam [FWB-1:0] O_PAT  = O_PAT_32[FWB-1:0];
localparam [FWB-1:0] O_DNP  = O_DNP_32[FWB-1:0];
localparam [FWB-1:0] O_DNE  = O_DNE_32[FWB-1:0];
localparam [FWB-1:0] O_DNL  = O_DNL_32[FWB-1:0];
localparam [FWB-1:0] O_DNC  = O_DNC_32[FWB-1:0];
localparam [FWB-1:0] O_FA   = O_FA_32[FWB-1:0];
localparam [FWB-1:0] O_BA   = O_BA_32[FWB-1:0];
localparam [FWB-1:0] O_TRL  = O_TRL_32[FWB-1:0];
localparam [FWB-1:0] FW_N   = FW32[FWB-1:0];
localparam [1:0] FLAG_HOST  = PG_FLAG_HOST_CLOSE[1:0];
localparam [1:0] FLAG_TRIAL = PG_FLAG_TRIAL_CLOSE[1:0];

localparam [1:0] S_CLEAR = 2'd0;
localparam [1:0] S_RUN   = 2'd1;
localparam [1:0] S_CLOSE = 2'd2;
localparam [1:0] S_FRAME = 2'd3;

integer i, j, a, b;
genvar gi;

wire [31:0] addr32 = {24'd0, reg_addr};

// ---- configuration registers (one register per slot; slots beyond D and W do not exist) -----
reg [63:0] cfg_sync_channel;
reg [63:0] cfg_frame_trials;
reg [63:0] cfg_bin_ticks;
reg [63:0] cfg_sync_delay;
wire [63:0] cfg_det_channel [0:D-1];
wire [63:0] cfg_det_delay   [0:D-1];
wire [63:0] cfg_win_start   [0:W-1];
wire [63:0] cfg_win_length  [0:W-1];

always @(posedge clk) begin
    if (reg_we) begin
        case (addr32)
            PG_REG_SYNC_CHANNEL: cfg_sync_channel <= reg_wdata;
            PG_REG_FRAME_TRIALS: cfg_frame_trials <= reg_wdata;
            PG_REG_BIN_TICKS:    cfg_bin_ticks    <= reg_wdata;
            PG_REG_SYNC_DELAY:   cfg_sync_delay   <= reg_wdata;
            default: ;
        endcase
    end
    if (rst) begin
        cfg_sync_channel <= 64'd0;
        cfg_frame_trials <= 64'd0;
        cfg_bin_ticks    <= 64'd1;
        cfg_sync_delay   <= 64'd0;
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
        assign cfg_det_channel[gi] = channel;
        assign cfg_det_delay[gi]   = delay;
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
        assign cfg_win_start[gi]  = start;
        assign cfg_win_length[gi] = length;
    end
endgenerate

// ---- state -----------------------------------------------------------------------------------
reg [1:0]  state;
reg        cmd_close, cmd_reset;

// input register (stage 1): tag and its role
reg          p1_valid;
reg [63:0]   p1_time;
reg [63:0]   p1_t;                // time + DET_DELAY[d] (detector tags; added in the input register)
reg          p1_ooo;              // time < last_time at the edge that processes the tag (see below)
reg          p1_sync, p1_det;
reg [DB-1:0] p1_d;

// trial state
reg [63:0]     last_time;
reg            trial_open;        // a sync was seen since reset
reg [63:0]     sync_time;         // delayed time of the open trial's sync
reg [WD-1:0]   pattern;           // open trial's pattern
reg [WD*QB-1:0] fa_bin;           // open trial's first-arrival bins: [bit*QB +: QB]
reg [K*WD-1:0] hist;              // [j*WD +: WD] = pattern of trial n - 1 - j
reg [WD-1:0]   p_close;           // pattern of the closing trial
reg [CSB-1:0]  cstep;

// run and frame counters
reg [63:0]   trials_total;        // trials closed since reset
reg [63:0]   frame_trials;        // trials closed in this frame
reg [63:0]   first_trial;
reg [63:0]   seq;
reg [1:0]    flags;

// histogram memories
// PATTERNS, FIRST_ARRIVAL, BOTH_ARRIVAL: pg_hist_ram instances (registered read), see below
reg [63:0]          dnp_mem [0:K-1];
reg [64*WD-1:0]     dne_mem [0:K-1];
reg [64*WD-1:0]     dnl_mem [0:K-1];
reg [64*NLANE-1:0]  dnc_mem [0:K-1];

reg [FWB-1:0] fi;                 // next frame word to load
reg [RIB-1:0] ri;                 // index of word fi inside its field
reg [KB-1:0]  fr_row;             // dN row of word fi (dN fields)
reg [LB-1:0]  fr_lane;            // lane of word fi in its dN row
reg [CLB-1:0] clr;                // clear sweep index

// ---- input decode ----------------------------------------------------------------------------
reg          in_sync, in_det;
reg [DB-1:0] in_d;

always @* begin
    in_sync = ({56'd0, s_tag_channel} == cfg_sync_channel);
    in_det = 1'b0;
    in_d = {DB{1'b0}};
    for (i = D - 1; i >= 0; i = i - 1) begin
        if ({56'd0, s_tag_channel} == cfg_det_channel[i]) begin
            in_det = 1'b1;
            in_d = i[DB-1:0];
        end
    end
end

// ---- dividers --------------------------------------------------------------------------------
wire [W-1:0]  div_busy_w;
wire [W-1:0]  div_out_valid;
wire [QB-1:0] div_out_bin [0:W-1];
wire [DB-1:0] div_out_idx [0:W-1];
reg  [W-1:0]  div_in_valid;
reg  [63:0]   rel [0:W-1];
wire          div_busy = |div_busy_w;

generate
    for (gi = 0; gi < W; gi = gi + 1) begin : g_div
        pg_bin_div #(
            .B(B),
            .IDX_WIDTH(DB)
        ) div_inst (
            .clk(clk),
            .rst(rst),
            .bin_ticks(cfg_bin_ticks),
            .in_valid(div_in_valid[gi]),
            .in_rel(rel[gi][31:0]),
            .in_idx(p1_d),
            .out_valid(div_out_valid[gi]),
            .out_bin(div_out_bin[gi]),
            .out_idx(div_out_idx[gi]),
            .busy(div_busy_w[gi])
        );
    end
endgenerate

// ---- frame due after this trial close: FRAME_TRIALS != 0 && frame_trials + 1 >= FRAME_TRIALS --
// (">=" unsigned: lowering FRAME_TRIALS below the trials already in the frame closes it at the next
// trial close). Registered: frame_trials and FRAME_TRIALS are stable for at least one clock
// before the last trial-close clock (a sync needs two edges to get from the input to S_CLOSE).
reg frame_due;

always @(posedge clk) begin
    frame_due <= (cfg_frame_trials != 64'd0) && (frame_trials + 64'd1 >= cfg_frame_trials);
end

// ---- window base times: sync_time + WIN_START[w], registered ------------------------------------
// Recomputed every clock. A sync updates sync_time at the edge that processes it; the next tag
// is processed two edges later at the earliest (a sync blocks the input for one clock), so it
// sees the new base. Configuration writes (while idle) reach it before the next tag is processed.
reg [63:0] win_base [0:W-1];

always @(posedge clk) begin
    for (i = 0; i < W; i = i + 1) win_base[i] <= sync_time + cfg_win_start[i];
end

// ---- process stage decode --------------------------------------------------------------------
// p1_ooo is computed in the input register against the last_time the tag will meet: a tag is
// accepted only while the input register is empty or processed at the same edge, so that is
// p1_time when the tag in p1 is in order (it becomes last_time), else last_time.
wire in_ooo_p1   = $signed(s_tag_time) < $signed(p1_time);
wire in_ooo_last = $signed(s_tag_time) < $signed(last_time);
wire p1_closes = p1_sync && !p1_ooo && trial_open;
wire p1_go     = (state == S_RUN) && p1_valid && !(p1_closes && div_busy);
wire cmd_any   = cmd_close || cmd_reset;
wire cmd_go    = (state == S_RUN) && !p1_valid && !div_busy && cmd_any;

assign s_tag_ready = (state == S_RUN) && !cmd_any && !(p1_valid && p1_sync);
assign status_idle = (state == S_RUN) && !p1_valid && !div_busy && !cmd_any && !m_frame_valid;
assign status_frame_pending = (state == S_FRAME);
assign status_cmd_pending = cmd_any;

reg [W-1:0]  in_win;
reg [WD-1:0] pat_new;             // bits set by the tag in p1 (detector, in order, trial open)
reg          det_live;            // p1 is an in-order detector tag after the first sync
reg [CNTB-1:0] role_idx, cat_idx;

always @* begin
    det_live = p1_det && !p1_sync && !p1_ooo && trial_open;
    pat_new = {WD{1'b0}};
    for (i = 0; i < W; i = i + 1) begin
        // rel = (time + DET_DELAY[d]) - (sync_time + WIN_START[w]); "< WIN_LENGTH" split into
        // a zero test of the high word and a 32-bit compare (shorter carry chain)
        rel[i] = p1_t - win_base[i];
        in_win[i] = (rel[i][63:32] == 32'd0) && (rel[i][31:0] < cfg_win_length[i][31:0]);
    end
    for (i = 0; i < W; i = i + 1) begin
        for (j = 0; j < D; j = j + 1) begin
            if (in_win[i] && p1_d == j[DB-1:0] && !pattern[i*D+j]) pat_new[i*D+j] = 1'b1;
        end
    end
    for (i = 0; i < W; i = i + 1) begin
        div_in_valid[i] = p1_go && det_live && in_win[i] && !pattern[i*D + {{(32-DB){1'b0}}, p1_d}];
    end

    // role counter
    if (p1_sync) begin
        role_idx = C_TAGS_SYNC[CNTB-1:0];
    end else if (p1_det) begin
        role_idx = C_TAGS_DET[CNTB-1:0] + {{(CNTB-DB){1'b0}}, p1_d};
    end else begin
        role_idx = C_TAGS_OTHER[CNTB-1:0];
    end
    // accounting category
    if (p1_ooo) begin
        cat_idx = C_OOO[CNTB-1:0];
    end else if (p1_sync) begin
        cat_idx = C_SYNCS[CNTB-1:0];
    end else if (!p1_det) begin
        cat_idx = C_OTHER[CNTB-1:0];
    end else if (!trial_open) begin
        cat_idx = C_BEFORE[CNTB-1:0];
    end else if (|in_win) begin
        cat_idx = C_IN_WINDOW[CNTB-1:0];
    end else begin
        cat_idx = C_OUTSIDE[CNTB-1:0];
    end
end

// ---- frame stream control --------------------------------------------------------------------
wire frame_load = (state == S_FRAME) && (fi != FW_N) && (!m_frame_valid || m_frame_ready);
wire frame_done = (state == S_FRAME) && m_frame_valid && m_frame_ready && m_frame_last;

wire sel_flat = (fi >= O_FLAT) && (fi < O_PAT);
wire sel_pat  = (fi >= O_PAT)  && (fi < O_DNP);
wire sel_dnp  = (fi >= O_DNP)  && (fi < O_DNE);
wire sel_dne  = (fi >= O_DNE)  && (fi < O_DNL);
wire sel_dnl  = (fi >= O_DNL)  && (fi < O_DNC);
wire sel_dnc  = (fi >= O_DNC)  && (fi < O_FA);
wire sel_fa   = (fi >= O_FA)   && (fi < O_BA);
wire sel_ba   = (fi >= O_BA)   && (fi < O_TRL);

wire [FWB-1:0] fi_next = fi + 1'b1;
wire fi_next_starts_field = fi_next == O_FLAT || fi_next == O_PAT || fi_next == O_DNP
                         || fi_next == O_DNE || fi_next == O_DNL || fi_next == O_DNC
                         || fi_next == O_FA || fi_next == O_BA || fi_next == O_TRL;
// last lane of a dN row in the current field: DN_PAIRS 1, DN_EARLY / DN_LATE W*D, DN_COINC (W*D)^2
wire [31:0] fr_lane32 = {{(32-LB){1'b0}}, fr_lane};
wire fr_row_end = sel_dnp || ((sel_dne || sel_dnl) && fr_lane32 == WD32 - 1) || (sel_dnc && fr_lane32 == NLANE32 - 1);

// ---- flat counters (TAGS_SYNC .. OTHER_CHANNEL) ----------------------------------------------
wire [63:0] cnt [0:NCNT-1];
wire        cnt_clear = (state == S_CLEAR) || frame_done;

generate
    for (gi = 0; gi < NCNT; gi = gi + 1) begin : g_cnt
        reg [63:0] value;
        always @(posedge clk) begin
            if (cnt_clear) begin
                value <= 64'd0;
            end else if (p1_go && (role_idx == gi[CNTB-1:0] || cat_idx == gi[CNTB-1:0])) begin
                value <= value + 64'd1;
            end
`ifdef PG_PLANTED_BUG
            // planted bug for `make formal` (the bounded check must find it): a detector tag
            // before the first sync is counted as OUTSIDE too
            if (!cnt_clear && p1_go && cat_idx == C_BEFORE[CNTB-1:0] && gi == C_OUTSIDE) begin
                value <= value + 64'd1;
            end
`endif
        end
        assign cnt[gi] = value;
    end
endgenerate

// ---- histogram memory ports ------------------------------------------------------------------
reg [31:0]     cs32;
reg [PATB-1:0] pat_addr;
reg [FAB-1:0]  fa_addr;
reg [BAB-1:0]  ba_addr;
reg [KB-1:0]   dn_addr;
reg            pat_we, fa_we, ba_we, dnp_we, dne_we, dnl_we, dnc_we;
reg [63:0]     pat_wdata, fa_wdata, ba_wdata, dnp_wdata;
reg [64*WD-1:0]    dne_wdata, dnl_wdata;
reg [64*NLANE-1:0] dnc_wdata;
reg            pat_we_nf, fa_we_nf, ba_we_nf, dnp_we_nf;   // enables outside S_FRAME
reg [63:0]     dnp_rdata;
wire [63:0]    pat_q, fa_q, ba_q;  // registered reads (pg_hist_ram): the word at the read address of the previous edge
reg [64*WD-1:0]    dne_rdata, dnl_rdata;
reg [64*NLANE-1:0] dnc_rdata;

// dN read ports, combinational (only used in S_CLOSE and S_FRAME)
always @* begin
    dnp_rdata = 64'd0;
    dne_rdata = {(64*WD){1'b0}};
    dnl_rdata = {(64*WD){1'b0}};
    dnc_rdata = {(64*NLANE){1'b0}};
    if (state == S_CLOSE || state == S_FRAME) begin
        dnp_rdata = dnp_mem[dn_addr];
        dne_rdata = dne_mem[dn_addr];
        dnl_rdata = dnl_mem[dn_addr];
        dnc_rdata = dnc_mem[dn_addr];
    end
end

reg [WD-1:0]  h_sel;              // pattern of trial n - 1 - cstep
reg [QB-1:0]  bin0, bin1;

// Trial close is a two-stage read-modify-write: close step s (cstep = s < NSTEP) reads the
// histogram words of step s (PATTERNS, FIRST_ARRIVAL, BOTH_ARRIVAL: the registered read of
// pg_hist_ram, pat_q / fa_q / ba_q; dN rows: into the c_* registers); the next clock writes them
// back incremented.
// The steps of one close touch distinct words (PATTERNS once, FIRST_ARRIVAL one bit per step,
// BOTH_ARRIVAL one window per step, one dN row per step) and two closes are at least two clocks
// apart, so no read needs a value still in the write stage (pg_hist_ram would forward it).
reg                c_pat_we, c_fa_we, c_ba_we, c_dn_we;
reg [PATB-1:0]     c_pat_addr;
reg [FAB-1:0]      c_fa_addr;
reg [BAB-1:0]      c_ba_addr;
reg [KB-1:0]       c_dn_addr;
reg [63:0]         c_dnp_rd;
reg [64*WD-1:0]    c_dne_rd, c_dnl_rd;
reg [64*NLANE-1:0] c_dnc_rd;
reg [WD-1:0]       c_h_sel;
wire               c_read = (state == S_CLOSE) && (cs32 < NSTEP);
wire               c_write = (state == S_CLOSE) && (cstep != {CSB{1'b0}});

always @(posedge clk) begin
    c_pat_we   <= c_read && pat_we_nf;
    c_fa_we    <= c_read && fa_we_nf;
    c_ba_we    <= c_read && ba_we_nf;
    c_dn_we    <= c_read && dnp_we_nf;
    c_pat_addr <= pat_addr;
    c_fa_addr  <= fa_addr;
    c_ba_addr  <= ba_addr;
    c_dn_addr  <= dn_addr;
    c_dnp_rd   <= dnp_rdata;
    c_dne_rd   <= dne_rdata;
    c_dnl_rd   <= dnl_rdata;
    c_dnc_rd   <= dnc_rdata;
    c_h_sel    <= h_sel;
end

// write addresses: the write stage's in S_CLOSE, else the read address
wire [PATB-1:0] pat_waddr = (state == S_CLOSE) ? c_pat_addr : pat_addr;
wire [FAB-1:0]  fa_waddr  = (state == S_CLOSE) ? c_fa_addr  : fa_addr;
wire [BAB-1:0]  ba_waddr  = (state == S_CLOSE) ? c_ba_addr  : ba_addr;
wire [KB-1:0]   dn_waddr  = (state == S_CLOSE) ? c_dn_addr  : dn_addr;

// addresses and the write enables of S_CLEAR and S_CLOSE (no top-level input in this cone)
always @* begin
    cs32 = {{(32-CSB){1'b0}}, cstep};
    pat_we_nf = 1'b0; pat_addr = ri[PATB-1:0];
    fa_we_nf  = 1'b0; fa_addr  = ri[FAB-1:0];
    ba_we_nf  = 1'b0; ba_addr  = ri[BAB-1:0];
    dn_addr = fr_row;
    dnp_we_nf = 1'b0;
    h_sel = {WD{1'b0}};
    bin0 = {QB{1'b0}};
    bin1 = {QB{1'b0}};

    case (state)
        S_CLEAR: begin
            pat_addr = clr[PATB-1:0];
            fa_addr  = clr[FAB-1:0];
            ba_addr  = clr[BAB-1:0];
            dn_addr  = clr[KB-1:0];
            pat_we_nf = {{(32-CLB){1'b0}}, clr} < NPAT;
            fa_we_nf  = {{(32-CLB){1'b0}}, clr} < (1 << FAB);
            ba_we_nf  = {{(32-CLB){1'b0}}, clr} < (1 << BAB);
            dnp_we_nf = {{(32-CLB){1'b0}}, clr} < K;
        end
        S_CLOSE: begin
            // PATTERNS[p] += 1 at step 0
            pat_addr = p_close[PATB-1:0];
            pat_we_nf = (cstep == {CSB{1'b0}});
            // FIRST_ARRIVAL: step s increments [s][bin(s)] when pattern bit s is set
            for (i = 0; i < WD; i = i + 1) begin
                if (cs32 == i) begin
                    fa_addr = {i[WDB-1:0], fa_bin[i*QB +: QB]};
                    fa_we_nf = p_close[i];
                end
            end
            // BOTH_ARRIVAL: step w increments [w][max(bin(w,0), bin(w,1))] when both bits are set
            if (D >= 2) begin
                for (i = 0; i < W; i = i + 1) begin
                    if (cs32 == i) begin
                        bin0 = fa_bin[(i*D)*QB +: QB];
                        bin1 = fa_bin[(i*D + 1)*QB +: QB];
                        ba_addr = {i[WB-1:0], (bin0 > bin1) ? bin0 : bin1};
                        ba_we_nf = p_close[i*D] && p_close[i*D + 1];
                    end
                end
            end
            // dN row cstep (dN = cstep + 1) when trial n - dN exists
            for (j = 0; j < K; j = j + 1) begin
                if (cs32 == j) begin
                    dn_addr = j[KB-1:0];
                    h_sel = hist[j*WD +: WD];
                    dnp_we_nf = trials_total > {32'd0, j};
                end
            end
        end
        default: ;
    endcase
end

// write enables; in S_FRAME the word being loaded is cleared (frame_load depends on m_frame_ready)
always @* begin
    if (state == S_FRAME) begin
        pat_we = frame_load && sel_pat;
        fa_we  = frame_load && sel_fa;
        ba_we  = frame_load && sel_ba;
        dnp_we = frame_load && sel_dnp;
        dne_we = frame_load && sel_dne;
        dnl_we = frame_load && sel_dnl;
        dnc_we = frame_load && sel_dnc;
    end else if (state == S_CLOSE) begin
        pat_we = c_write && c_pat_we;
        fa_we  = c_write && c_fa_we;
        ba_we  = c_write && c_ba_we;
        dnp_we = c_write && c_dn_we;
        dne_we = c_write && c_dn_we;
        dnl_we = c_write && c_dn_we;
        dnc_we = c_write && c_dn_we;
    end else begin
        pat_we = pat_we_nf;
        fa_we  = fa_we_nf;
        ba_we  = ba_we_nf;
        dnp_we = dnp_we_nf;
        dne_we = dnp_we_nf;
        dnl_we = dnp_we_nf;
        dnc_we = dnp_we_nf;
    end
end

// write data: increment at trial close, clear while a frame streams out, zero in the sweep
always @* begin
    pat_wdata = 64'd0;
    fa_wdata  = 64'd0;
    ba_wdata  = 64'd0;
    dnp_wdata = 64'd0;
    dne_wdata = {(64*WD){1'b0}};
    dnl_wdata = {(64*WD){1'b0}};
    dnc_wdata = {(64*NLANE){1'b0}};
    if (state == S_CLOSE) begin
        pat_wdata = pat_q + 64'd1;
        fa_wdata  = fa_q + 64'd1;
        ba_wdata  = ba_q + 64'd1;
        dnp_wdata = c_dnp_rd + 64'd1;
        for (a = 0; a < WD; a = a + 1) begin
            dne_wdata[64*a +: 64] = c_dne_rd[64*a +: 64] + {63'd0, c_h_sel[a]};
            dnl_wdata[64*a +: 64] = c_dnl_rd[64*a +: 64] + {63'd0, p_close[a]};
            for (b = 0; b < WD; b = b + 1) begin
                dnc_wdata[64*(a*WD + b) +: 64] = c_dnc_rd[64*(a*WD + b) +: 64] + {63'd0, c_h_sel[a] & p_close[b]};
            end
        end
    end else if (state == S_FRAME) begin
        dne_wdata = dne_rdata;
        dnl_wdata = dnl_rdata;
        dnc_wdata = dnc_rdata;
        for (a = 0; a < WD; a = a + 1) begin
            if (fr_lane32 == a) begin
                dne_wdata[64*a +: 64] = 64'd0;
                dnl_wdata[64*a +: 64] = 64'd0;
            end
        end
        for (a = 0; a < NLANE; a = a + 1) begin
            if (fr_lane32 == a) dnc_wdata[64*a +: 64] = 64'd0;
        end
    end
end

// read addresses of the histogram RAMs: while a frame streams, the edge that loads word fi
// (and clears it) reads the word of fi + 1 (one word of prefetch: its value is in pat_q / fa_q /
// ba_q when fi + 1 is loaded); at every other edge the current address, so a stalled word stays
// in the read register. Distinct words: the clear of word fi never hits the prefetched word.
/* verilator lint_off UNUSEDSIGNAL */  // only the low bits of the widest histogram address are used
wire [RIB-1:0]  ri_next   = fi_next_starts_field ? {RIB{1'b0}} : ri + 1'b1;
/* verilator lint_on UNUSEDSIGNAL */
wire            pf_next   = (state == S_FRAME) && frame_load;
wire [PATB-1:0] pat_raddr = pf_next ? ri_next[PATB-1:0] : pat_addr;
wire [FAB-1:0]  fa_raddr  = pf_next ? ri_next[FAB-1:0]  : fa_addr;
wire [BAB-1:0]  ba_raddr  = pf_next ? ri_next[BAB-1:0]  : ba_addr;

`ifdef FORMAL
wire [NPAT*64-1:0] f_pat_flat;    // PATTERNS contents (formal properties)
`endif

pg_hist_ram #(.ADDR_WIDTH(PATB), .DATA_WIDTH(64)) pat_ram (
    .clk(clk),
    .wr_en(pat_we), .wr_addr(pat_waddr), .wr_data(pat_wdata),
    .rd_addr(pat_raddr), .rd_data(pat_q)
`ifdef FORMAL
    , .f_mem(f_pat_flat)
`endif
);

pg_hist_ram #(.ADDR_WIDTH(FAB), .DATA_WIDTH(64)) fa_ram (
    .clk(clk),
    .wr_en(fa_we), .wr_addr(fa_waddr), .wr_data(fa_wdata),
    .rd_addr(fa_raddr), .rd_data(fa_q)
`ifdef FORMAL
    , .f_mem()
`endif
);

pg_hist_ram #(.ADDR_WIDTH(BAB), .DATA_WIDTH(64)) ba_ram (
    .clk(clk),
    .wr_en(ba_we), .wr_addr(ba_waddr), .wr_data(ba_wdata),
    .rd_addr(ba_raddr), .rd_data(ba_q)
`ifdef FORMAL
    , .f_mem()
`endif
);

always @(posedge clk) begin
    if (dnp_we) dnp_mem[dn_waddr]  <= dnp_wdata;
    if (dne_we) dne_mem[dn_waddr]  <= dne_wdata;
    if (dnl_we) dnl_mem[dn_waddr]  <= dnl_wdata;
    if (dnc_we) dnc_mem[dn_waddr]  <= dnc_wdata;
end

// ---- frame word mux --------------------------------------------------------------------------
reg [63:0] fw_data;
reg [63:0] dne_lane, dnl_lane, dnc_lane;

always @* begin
    fw_data = 64'd0;
    dne_lane = 64'd0;
    dnl_lane = 64'd0;
    dnc_lane = 64'd0;
    if (state == S_FRAME) begin
        for (a = 0; a < WD; a = a + 1) begin
            if (fr_lane32 == a) begin
                dne_lane = dne_rdata[64*a +: 64];
                dnl_lane = dnl_rdata[64*a +: 64];
            end
        end
        for (a = 0; a < NLANE; a = a + 1) begin
            if (fr_lane32 == a) dnc_lane = dnc_rdata[64*a +: 64];
        end
        if (fi < O_FLAT) begin
            case (fi[2:0])
                3'd0: fw_data = PG_FRAME_MAGIC;
                3'd1: fw_data = seq;
                3'd2: fw_data = first_trial;
                3'd3: fw_data = frame_trials;
                3'd4: fw_data = {62'd0, flags};
                3'd5: fw_data = SHAPE_VAL;
                3'd6: fw_data = FW_VAL;
                default: fw_data = 64'd0;
            endcase
        end else if (sel_flat) begin
            fw_data = cnt[ri[CNTB-1:0]];
        end else if (sel_pat) begin
            fw_data = pat_q;
        end else if (sel_dnp) begin
            fw_data = dnp_rdata;
        end else if (sel_dne) begin
            fw_data = dne_lane;
        end else if (sel_dnl) begin
            fw_data = dnl_lane;
        end else if (sel_dnc) begin
            fw_data = dnc_lane;
        end else if (sel_fa) begin
            fw_data = fa_q;
        end else if (sel_ba) begin
            fw_data = ba_q;
        end else begin
            fw_data = PG_TRAILER_BASE | {40'd0, seq[23:0]};
        end
    end
end

// ---- first-arrival bins from the dividers ----------------------------------------------------
always @(posedge clk) begin
    for (i = 0; i < W; i = i + 1) begin
        if (div_out_valid[i]) begin
            for (j = 0; j < D; j = j + 1) begin
                if (div_out_idx[i] == j[DB-1:0]) fa_bin[(i*D + j)*QB +: QB] <= div_out_bin[i];
            end
        end
    end
end

// trial history after the close: the closed pattern enters at dN = 1
reg [K*WD-1:0] hist_next;
always @* begin
    for (j = 0; j < K; j = j + 1) begin
        if (j == 0) begin
            hist_next[0 +: WD] = p_close;
        end else begin
            hist_next[j*WD +: WD] = hist[(j-1)*WD +: WD];
        end
    end
end

// ---- main sequencer --------------------------------------------------------------------------
always @(posedge clk) begin
    // register commands (self-clearing)
    if (reg_we && addr32 == PG_REG_CTRL) begin
        if (reg_wdata[0]) cmd_close <= 1'b1;
        if (reg_wdata[1]) cmd_reset <= 1'b1;
    end

    // input register
    if (s_tag_valid && s_tag_ready) begin
        p1_valid <= 1'b1;
        p1_time  <= s_tag_time;
        p1_t     <= s_tag_time + cfg_det_delay[in_d];
        p1_ooo   <= (p1_go && !p1_ooo) ? in_ooo_p1 : in_ooo_last;
        p1_sync  <= in_sync;
        p1_det   <= in_det;
        p1_d     <= in_d;
    end else if (p1_go) begin
        p1_valid <= 1'b0;
    end

    case (state)
        S_CLEAR: begin
            last_time    <= 64'h8000_0000_0000_0000;
            trial_open   <= 1'b0;
            sync_time    <= 64'd0;
            pattern      <= {WD{1'b0}};
            p_close      <= {WD{1'b0}};
            hist         <= {(K*WD){1'b0}};
            trials_total <= 64'd0;
            frame_trials <= 64'd0;
            first_trial  <= 64'd0;
            seq          <= 64'd0;
            flags        <= 2'd0;
            clr <= clr + 1'b1;
            if ({{(32-CLB){1'b0}}, clr} == NCLR - 1) begin
                state <= S_RUN;
            end
        end

        S_RUN: begin
            if (p1_go) begin
                if (!p1_ooo) begin
                    last_time <= p1_time;
                    if (p1_sync) begin
                        trial_open <= 1'b1;
                        sync_time  <= p1_time + cfg_sync_delay;
                        pattern    <= {WD{1'b0}};
                        if (p1_closes) begin
                            p_close <= pattern;
                            cstep   <= {CSB{1'b0}};
                            state   <= S_CLOSE;
                        end
                    end else if (det_live) begin
                        pattern <= pattern | pat_new;
                    end
                end
            end else if (cmd_go) begin
                if (cmd_close) begin
                    cmd_close <= 1'b0;
                    flags     <= FLAG_HOST;
                    fi        <= {FWB{1'b0}};
                    ri        <= {RIB{1'b0}};
                    fr_row    <= {KB{1'b0}};
                    fr_lane   <= {LB{1'b0}};
                    state     <= S_FRAME;
                end else begin
                    cmd_reset <= 1'b0;
                    clr       <= {CLB{1'b0}};
                    state     <= S_CLEAR;
                end
            end
        end

        S_CLOSE: begin
            cstep <= cstep + 1'b1;
            if (cs32 == NSTEP) begin
                trials_total <= trials_total + 64'd1;
                frame_trials <= frame_trials + 64'd1;
                hist <= hist_next;
                // ">=" (unsigned): lowering FRAME_TRIALS below the trials already in the frame closes it now
                if (frame_due) begin
                    flags   <= FLAG_TRIAL;
                    fi      <= {FWB{1'b0}};
                    ri      <= {RIB{1'b0}};
                    fr_row  <= {KB{1'b0}};
                    fr_lane <= {LB{1'b0}};
                    state   <= S_FRAME;
                end else begin
                    state <= S_RUN;
                end
            end
        end

        S_FRAME: begin
            if (frame_load) begin
                fi <= fi_next;
                if (fi_next_starts_field) begin
                    ri      <= {RIB{1'b0}};
                    fr_row  <= {KB{1'b0}};
                    fr_lane <= {LB{1'b0}};
                end else begin
                    ri <= ri + 1'b1;
                    if (fr_row_end) begin
                        fr_row  <= fr_row + 1'b1;
                        fr_lane <= {LB{1'b0}};
                    end else begin
                        fr_lane <= fr_lane + 1'b1;
                    end
                end
            end
            if (frame_done) begin
                seq          <= seq + 64'd1;
                first_trial  <= trials_total;
                frame_trials <= 64'd0;
                state        <= S_RUN;
            end
        end

        default: state <= S_CLEAR;
    endcase

    // frame output register
    if (frame_load) begin
        m_frame_valid <= 1'b1;
        m_frame_data  <= fw_data;
        m_frame_last  <= (fi == FW_N - 1'b1);
    end else if (m_frame_valid && m_frame_ready) begin
        m_frame_valid <= 1'b0;
        m_frame_last  <= 1'b0;
    end

    if (rst) begin
        state         <= S_CLEAR;
        clr           <= {CLB{1'b0}};
        cmd_close     <= 1'b0;
        cmd_reset     <= 1'b0;
        p1_valid      <= 1'b0;
        m_frame_valid <= 1'b0;
        m_frame_last  <= 1'b0;
    end
end

// ---- formal properties (yosys -formal; fpga/formal, make formal) ------------------------------
// Checked by induction at a small shape with formal/pg_core_formal.v as the environment. The
// shadow registers (f_*) observe the core's own ports and state; none of them drives the design.
`ifdef FORMAL
    // Counts are compared modulo 2^FB (their low FB bits): a tag or trial lost or counted twice
    // changes them; full 64-bit sums make the SMT problems too hard for a quick run.
    localparam integer FB = 8;
    reg          f_past_valid = 1'b0;
    reg          f_rst_seen = 1'b0;         // a reset happened (assertions hold after it)
    reg [FB-1:0] f_acc;                     // tags accepted on s_tag since reset
    reg [FB-1:0] f_go;                      // tags processed (p1_go) since reset
    reg [FB-1:0] f_frame_go;                // tags processed since the flat counters were cleared
    reg [FB-1:0] f_pat_streamed;            // PATTERNS words loaded into the stream, this frame
    reg [FB-1:0] f_next_first;              // FIRST_TRIAL the next frame must carry
    reg [FB-1:0] f_loaded, f_emitted;       // frame words loaded / handed over (since reset)
    reg [FWB-1:0] f_wcount;                 // frame words handed over in the current frame
    reg [FB-1:0] f_roles, f_cats, f_pat_sum;
    wire         f_live = f_rst_seen && !rst;

    always @* begin
        f_roles = {FB{1'b0}};
        f_cats = {FB{1'b0}};
        for (i = 0; i < NCNT; i = i + 1) begin
            if (i <= C_TAGS_OTHER) f_roles = f_roles + cnt[i][FB-1:0];
            else                   f_cats  = f_cats + cnt[i][FB-1:0];
        end
        f_pat_sum = {FB{1'b0}};
        for (i = 0; i < NPAT; i = i + 1) f_pat_sum = f_pat_sum + f_pat_flat[i*64 +: FB];
    end

    always @(posedge clk) begin
        f_past_valid <= 1'b1;
        if (s_tag_valid && s_tag_ready) f_acc <= f_acc + 1'b1;
        if (p1_go) f_go <= f_go + 1'b1;
        if (cnt_clear) f_frame_go <= {FB{1'b0}};
        else if (p1_go) f_frame_go <= f_frame_go + 1'b1;
        if (state != S_FRAME) f_pat_streamed <= {FB{1'b0}};
        else if (frame_load && sel_pat) f_pat_streamed <= f_pat_streamed + fw_data[FB-1:0];
        if (state == S_CLEAR) f_next_first <= {FB{1'b0}};
        else if (frame_load && fi == PG_OFF_TRIALS[FWB-1:0]) f_next_first <= f_next_first + fw_data[FB-1:0];
        if (frame_load) f_loaded <= f_loaded + 1'b1;
        if (m_frame_valid && m_frame_ready) begin
            f_emitted <= f_emitted + 1'b1;
            f_wcount <= m_frame_last ? {FWB{1'b0}} : f_wcount + 1'b1;
        end
        if (rst) begin
            f_rst_seen <= 1'b1;
            f_acc <= {FB{1'b0}};
            f_go <= {FB{1'b0}};
            f_loaded <= {FB{1'b0}};
            f_emitted <= {FB{1'b0}};
            f_wcount <= {FWB{1'b0}};
        end
    end

    always @* begin
        if (f_live) begin
            // -- structural invariants (strengthen the induction) --
            assert(state != S_CLEAR || {{(32-CLB){1'b0}}, clr} < NCLR);
            assert(state != S_CLOSE || cs32 <= NSTEP);
            assert(state != S_CLOSE || !p1_valid);
            assert(state != S_CLEAR || (!p1_valid && !div_busy));
            assert(state == S_FRAME || !m_frame_valid);
            assert(state != S_FRAME || fi <= FW_N);
            // the precomputed out-of-order flag is the compare against the current last_time
            if (p1_valid) assert(p1_ooo == ($signed(p1_time) < $signed(last_time)));
            assert(!(s_tag_valid && s_tag_ready && p1_valid && !p1_go));
            // the trial-close write stage holds step cstep - 1 (PATTERNS: the word of p_close at step 1)
            if (state == S_CLOSE && cstep == {{(CSB-1){1'b0}}, 1'b1}) begin
                assert(c_pat_we && c_pat_addr == p_close[PATB-1:0]);
                assert(pat_q[FB-1:0] == f_pat_flat[{{(32-PATB){1'b0}}, c_pat_addr}*64 +: FB]);
            end
            if (state == S_CLOSE && cs32 >= 2) assert(!c_pat_we);
            if (state == S_CLOSE) assert(frame_due == ((cfg_frame_trials != 64'd0) && (frame_trials + 64'd1 >= cfg_frame_trials)));
            if (state == S_FRAME && sel_pat) assert({{(32-FWB){1'b0}}, fi} == O_PAT_32 + {{(32-RIB){1'b0}}, ri});
            // the streamer's prefetch: while PATTERNS words are loaded, the registered read holds word ri
            if (state == S_FRAME && sel_pat) assert(pat_q[FB-1:0] == f_pat_flat[{{(32-PATB){1'b0}}, ri[PATB-1:0]}*64 +: FB]);
            if (state == S_FRAME && sel_flat) assert({{(32-FWB){1'b0}}, fi} == O_FLAT_32 + {{(32-RIB){1'b0}}, ri});
            if (state == S_CLEAR && clr != {CLB{1'b0}}) begin
                assert(frame_trials[FB-1:0] == 0 && trials_total[FB-1:0] == 0 && first_trial[FB-1:0] == 0);
                assert(f_frame_go == 0 && f_next_first == 0);
                for (i = 0; i < NCNT; i = i + 1) assert(cnt[i][FB-1:0] == 0);
                for (i = 0; i < NPAT; i = i + 1) begin
                    if (i < {{(32-CLB){1'b0}}, clr}) assert(f_pat_flat[i*64 +: FB] == 0);
                end
            end

            // -- 1. every input tag lands in exactly one accounting category --
            // a tag is accepted once and processed once (f_acc - f_go = tags in the input register)
            assert(f_acc - f_go == {{(FB-1){1'b0}}, p1_valid});
            // a processed tag selects exactly one role counter and exactly one category counter
            if (p1_go) begin
                assert(role_idx <= C_TAGS_OTHER[CNTB-1:0]);
                assert(cat_idx >= C_SYNCS[CNTB-1:0] && cat_idx <= C_OTHER[CNTB-1:0]);
            end
            // so every frame's categories add up to its tags, and to its role counters
            if (state != S_CLEAR) begin
                assert(f_cats == f_frame_go);
                assert(f_roles == f_cats);
            end

            // -- 2. each frame's pattern histogram sums to its trial count --
            if (state == S_RUN || state == S_CLOSE) begin
                assert(f_pat_sum == frame_trials[FB-1:0] + {{(FB-1){1'b0}}, state == S_CLOSE && cs32 >= 2});
            end
            if (state == S_FRAME) begin
                for (i = 0; i < NPAT; i = i + 1) begin
                    if ({{(32-FWB){1'b0}}, fi} > O_PAT_32 + i) assert(f_pat_flat[i*64 +: FB] == 0);
                end
                assert(f_pat_sum + f_pat_streamed == frame_trials[FB-1:0]);
                // the stream: the PATTERNS words of a frame sum to its TRIALS word
                if (frame_load && fi == O_TRL) assert(f_pat_streamed == frame_trials[FB-1:0]);
            end

            // -- 3. no trial lost or counted twice across a frame close --
            if (state != S_CLEAR) begin
                assert(trials_total[FB-1:0] == first_trial[FB-1:0] + frame_trials[FB-1:0]);
                if (state == S_FRAME && {{(32-FWB){1'b0}}, fi} > PG_OFF_TRIALS) assert(f_next_first == trials_total[FB-1:0]);
                else assert(f_next_first == first_trial[FB-1:0]);
            end
            // the stream: every frame's FIRST_TRIAL = the previous frame's FIRST_TRIAL + TRIALS
            if (frame_load && fi == PG_OFF_FIRST_TRIAL[FWB-1:0]) assert(fw_data[FB-1:0] == f_next_first);

            // -- 4. the frame stream handshake never drops or duplicates a word --
            assert(f_loaded - f_emitted == {{(FB-1){1'b0}}, m_frame_valid});
            if (state == S_FRAME) begin
                assert({{(32-FWB){1'b0}}, f_wcount} + {31'd0, m_frame_valid} == {{(32-FWB){1'b0}}, fi});
                assert(m_frame_last == (m_frame_valid && fi == FW_N));
            end else begin
                assert(f_wcount == {FWB{1'b0}} && !m_frame_last);
            end
        end
    end

    // AXI-Stream rule on the frame stream: a word offered and not taken stays, unchanged
    always @(posedge clk) begin
        if (f_past_valid && f_rst_seen && !rst && !$past(rst) && $past(m_frame_valid) && !$past(m_frame_ready)) begin
            assert(m_frame_valid);
            assert(m_frame_data == $past(m_frame_data));
            assert(m_frame_last == $past(m_frame_last));
        end
    end
`endif

// ---- register read (combinational) -----------------------------------------------------------
always @* begin
    reg_rdata = 64'd0;
    case (addr32)
        PG_REG_ID:           reg_rdata = PG_ID_VALUE;
        PG_REG_SHAPE:        reg_rdata = SHAPE_VAL;
        PG_REG_FRAME_WORDS:  reg_rdata = FW_VAL;
        PG_REG_STATUS:       reg_rdata = {62'd0, status_frame_pending, status_idle};
        PG_REG_FRAMES:       reg_rdata = seq;
        PG_REG_TRIALS:       reg_rdata = trials_total;
        PG_REG_SYNC_CHANNEL: reg_rdata = cfg_sync_channel;
        PG_REG_FRAME_TRIALS: reg_rdata = cfg_frame_trials;
        PG_REG_BIN_TICKS:    reg_rdata = cfg_bin_ticks;
        PG_REG_SYNC_DELAY:   reg_rdata = cfg_sync_delay;
        default: ;
    endcase
    for (i = 0; i < D; i = i + 1) begin
        if (addr32 == PG_REG_DET_CHANNEL + i) reg_rdata = cfg_det_channel[i];
        if (addr32 == PG_REG_DET_DELAY + i)   reg_rdata = cfg_det_delay[i];
    end
    for (i = 0; i < W; i = i + 1) begin
        if (addr32 == PG_REG_WIN_START + i)  reg_rdata = cfg_win_start[i];
        if (addr32 == PG_REG_WIN_LENGTH + i) reg_rdata = cfg_win_length[i];
    end
end

endmodule

`resetall
