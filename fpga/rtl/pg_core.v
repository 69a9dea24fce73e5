/*
 * pg_core -- the pairgate gating core, version 3.
 *
 * Gates time-tagger clicks into pulse windows per trial and counts coincidences; behaviour,
 * registers and frame format exactly as docs/frame-format.md (fpga/pairgate.map via pg_map.vh).
 *
 * Parameters: W windows, D detectors, K largest dN, B arrival bins (power of two, >= 2), LANES
 * tag lanes per input word (1, 2, 4), SQ sync-queue entries, CW counter width, TW time width.
 *
 * Interface
 *   clk, rst                 rst synchronous, active high; starts a clear sweep (see latency)
 *   s_tag_*                  input word stream (valid/ready) of LANES lanes; lane l holds
 *                            channel[8l +: 8], time[64l +: 64] (signed ticks), count[32l +: 32]
 *                            (the lane stands for `count` identical tags; 0 acts as 1: a sync
 *                            lane with count k is a sync run) and keep[l]; the kept lanes are
 *                            the next tag words of the stream in order, lane 0 first (a word with
 *                            no lane kept is taken and ignored). s_tag_ready is the registered
 *                            ready of the input stage (pg_input: a skid buffer) gated by registers
 *                            (S_RUN, no command pending) and low in a clock with a configuration
 *                            write (reg_we to a register other than CTRL): a word is never taken
 *                            in the clock that writes the configuration it is decoded with
 *   reg_we/reg_addr/reg_wdata register write, taken at the rising edge when reg_we
 *   reg_raddr -> reg_rdata   register read, its own address (as AXI-Lite's AR beside AW), 1 clock:
 *                            after an edge reg_rdata is the register reg_raddr named in the clock
 *                            before it, as it was in that clock (pg_regs: a multiplexer of flip-
 *                            flops and constants into a register; STATUS reads the status bits
 *                            below as they were in that clock). reg_addr is the write's only.
 *   m_frame_*                frame stream out (valid/ready), FRAME_WORDS 64-bit words per frame,
 *                            m_frame_last on the trailer; registered outputs
 *   status_idle/_frame_pending/_quiet  this clock's status (combinational; STATUS reads them
 *                            registered, one clock later)
 *   status_idle              = STATUS_IDLE bit: no tag, division, command, trial close or frame
 *                            word in flight, frozen bank free
 *   status_frame_pending     = STATUS_FRAME_PENDING bit: the frozen bank holds a closed frame
 *                            (streaming, or waiting for m_frame_ready)
 *   status_quiet             = STATUS_QUIET bit: no tag, division, command or trial close in
 *                            flight (as status_idle, but the frozen bank may be held)
 *   status_cmd_pending       a CTRL command is queued and not yet started
 *
 * Architecture (version 3, with the pipelining steps of version 4 so far)
 *   input stage (pg_input: roles and the lane-lane out-of-order bits decoded, then a two-entry skid
 *   buffer whose registered ready is s_tag_ready) -> input register (out-of-order against t_ref,
 *   time + SYNC_DELAY, per lane; and
 *   pg_win_pre: per lane and (window, detector) the window compares and rel, registered, and the
 *   window bounds of each lane as the next sync)
 *   -> process stage (pg_process): one segment of the word per clock: a due queue pop, or one in-order sync
 *      lane (effective now / queued / dropped), or every lane up to the next of those (counters
 *      += the counts of all its lanes, pattern bits, first arrivals -> one pg_bin_div per bit)
 *   effective syncs -> pg_sync_engine (a single sync in the clock that takes it, a sync run in
 *   S_EFF: one clock per member, then in bulk; counts the closed trial and hands it to
 *   pg_trial_close) -> frame due? (S_DUE: swap or merge, after the close engine drained)
 *   pg_trial_close, behind the input: PATTERNS / DN_PAIRS / dN rows (pg_dn_bank, 2 rows per
 *   step), FIRST_ARRIVAL / BOTH_ARRIVAL from the dividers' queued bins, trial records; every
 *   histogram increment through a pg_hist_rmw pipeline (read, add, write in separate clocks)
 *   frozen bank -> frame streamer (concurrent with everything above)
 *   segment lanes / sync-engine members (pg_count_src) -> pg_count_bank (flat counters, 3-clock
 *   pipeline)
 *   Also modules: pg_sync_queue (the sync-delay queue), pg_hist_banks (the two banks of
 *   histogram RAMs), pg_trial_records (record FIFO and its counters), pg_sequencer (state,
 *   commands, clear sweep, trial state, swap / merge bookkeeping), pg_regs (registers). pg_core
 *   is the glue between them and the home of the properties that tie them together.
 *
 * Latency / throughput:
 *   - one input word per clock into the input stage, the clock after (at the earliest) into the
 *     input register; the edge after, the process stage
 *     applies a segment. A word of clicks (detector, other, out-of-order lanes: no in-order sync,
 *     no due pop) is ONE clock whatever LANES is (no bubble). An in-order sync lane or a due pop
 *     takes its own clock (plus the sync engine for an effective sync).
 *   - a first arrival's bin comes QB + 2 clocks after the process stage (pipelined divider, one
 *     per pattern bit) into a small FIFO per bit; the close engine takes it from there.
 *   - sync engine (pg_sync_engine): a sync of count 1 (lane or queue pop) costs 0 extra clocks:
 *     it is pending for one clock and applied from registers while the next segment is processed
 *     (the process stage waits only while the close engine has no room, or after a step that
 *     closes the frame); the window bounds move to the new sync's in the clock that takes it
 *     (pg_win_pre: each lane's bounds as the next sync are registered with its word, the queue
 *     head's every clock), and the lane bits of the
 *     word in the input register are recomputed the clock after (1 clock, only for a segment
 *     with clicks: syncs need none). So an empty trial (a sync lane with nothing before the next
 *     sync) is 1 clock, and a clicked trial of the dense stream is 4 (pg_bench, a sync every 8
 *     tags: the sync lane, the window-bit clock, the 3-click segment, the next 4-click word) --
 *     which is also what the close engine needs per clicked trial (ceil(K / 2) = 4 dN steps at
 *     K = 8), so it stalls the input only when its queues are full. A sync run (count > 1), or a
 *     single sync while the close engine is full, goes through S_EFF: 1 clock per member, every
 *     clock; after K + 1 members the rest of a run closes in bulk (r empty trials at once, after 2
 *     clocks without a step), so a run costs O(K) clocks, not O(count).
 *   - configuration: no word is taken in a configuration-write clock, and none moves into the
 *     input register for 5 clocks after it (pg_win_pre sums
 *     and bounds); the frame-due room is recomputed in 2.
 *   - frames: a frame close swaps the two banks in one clock (S_DUE) once the close engine has
 *     finished the frame's trials (their divisions and increments: ~QB + 11 clocks after the last
 *     click, paid once per frame); the frozen bank streams
 *     out (FRAME_WORDS clocks, one word per clock while m_frame_ready, no bubble: its histogram
 *     RAMs are read one word ahead) while the active bank accumulates: no input stall. A frame
 *     due while the frozen bank still streams waits until the stream ends (<= FRAME_WORDS
 *     clocks); one due while the frozen bank is blocked by the host (m_frame_valid &&
 *     !m_frame_ready) MERGES (counted; nothing closes, nothing is lost).
 *   - CTRL commands queue behind every accepted tag and wait for the frozen bank to be free:
 *     s_tag_ready is low from the write until the command has started (the clock after the core
 *     has drained: the start is registered). CLOSE_FRAME runs before
 *     RESET when both bits are set.
 *   - rst and CTRL_RESET clear both banks with a sweep of
 *     max(2^(W*D), 2^clog2(W*D)*B, 2^clog2(W)*B, K) clocks (writes only).
 *   - histogram RAM read (pg_hist_ram): 1 clock (registered, write-first forwarding); a close
 *     increment is written 3 clocks after its read is issued (pg_hist_rmw); dN rows: read 1 clock
 *     (registered in pg_dn_bank), written back the next.
 *
 * Configuration registers are written while the core is idle (status_idle) and apply to the
 * tags accepted after the write.
 *
 * Storage: two banks of everything a frame holds. PATTERNS, FIRST_ARRIVAL ({bit, bin}) and
 * BOTH_ARRIVAL ({window, bin}) are two pg_hist_ram instances each (bank 0, bank 1; pg_hist_banks): the active
 * one's ports belong to the trial close and the clear sweep, the frozen one's to the streamer
 * (read-and-clear). The dN counters are two pg_dn_bank instances of K rows in 2 groups (each lane
 * of a group is its own memory): a trial-close step reads and writes back two whole rows, the
 * streamer reads and clears one word (DN_PAIRS: K counters updated together). The flat
 * counters accumulate in the active set and are copied into the frozen set at the swap.
 *
 * Formal properties (`ifdef FORMAL, make formal) are at the end of this module (those that tie
 * several modules together; each module's own are beside it, read by the same flattened proof).
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_core #(
    parameter integer W = 2,     // windows per trial
    parameter integer D = 2,     // detector channels
    parameter integer K = 8,     // largest trial distance dN of the cross-trial counters (>= 1)
    parameter integer B = 256,   // bins per arrival histogram (power of two, >= 2)
    parameter integer SQ = 16,   // sync-delay queue entries (pairgate.map SYNC_QUEUE_DEPTH; power of two)
    parameter integer CW = 64,   // counter width, 8..64: every count (and histogram word) is CW bits,
                                 // zero-extended into its 64-bit frame word / register; below 64 the
                                 // counts wrap at 2^CW (a build option for small FPGAs and for the
                                 // proofs; the library, the Java model and the contract are 64)
    parameter integer TW = 64,   // time width, 8..64: the time arithmetic keeps the low TW bits of
                                 // times and delays (wrapping at 2^TW); 64 is the contract, less only
                                 // for the proofs
    parameter integer LANES = 4, // tags per input word (1, 2 or 4), time-ordered, lane 0 first
    parameter integer RQ = 16    // trial records the record FIFO holds (pairgate.map RECORD_FIFO_DEPTH;
                                 // 0 = no FIFO: every record is dropped and counted)
) (
    input  wire        clk,
    input  wire        rst,

    input  wire                  s_tag_valid,
    output wire                  s_tag_ready,
    input  wire [LANES-1:0]      s_tag_keep,
    input  wire [8*LANES-1:0]    s_tag_channel,
    input  wire [64*LANES-1:0]   s_tag_time,
    input  wire [32*LANES-1:0]   s_tag_count,

    input  wire        reg_we,
    input  wire [7:0]  reg_addr,
    input  wire [63:0] reg_wdata,
    input  wire [7:0]  reg_raddr,
    output wire [63:0] reg_rdata,

    output wire        m_frame_valid,
    input  wire        m_frame_ready,
    output wire [63:0] m_frame_data,
    output wire        m_frame_last,

    // trial records (valid/ready, registered): one whole record of PG_RECORD_WORDS_N 64-bit words
    // per transfer, word k in bits [64*k +: 64]; see the "trial records" block
    output wire        m_rec_valid,
    input  wire        m_rec_ready,
    output wire [PG_RECORD_WORDS_N*64-1:0] m_rec_data,

    output wire        status_idle,
    output wire        status_frame_pending,
    output wire        status_quiet,
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

// zx(): a CW-bit count as a 64-bit word (the formal properties)
`include "pg_zx.vh"

// ---- derived sizes ---------------------------------------------------------------------------
localparam integer WD    = W * D;                 // pattern bits
localparam integer NPAT  = 1 << WD;               // patterns
localparam integer QB    = $clog2(B);             // bin bits
localparam integer NCNT  = D + 9;                 // TAGS_SYNC .. SYNC_DROPPED (contiguous in the frame)
localparam integer NLANE = WD * WD;               // lanes of a DN_COINC row
localparam integer FW    = PG_FRAME_WORDS_N;      // words per frame
localparam integer FWB   = clog2p(FW + 1);        // frame word index bits
localparam integer DB    = clog2p(D);             // detector index bits
localparam integer PATB  = clog2p(NPAT);
localparam integer FAB   = ((WD > 1) ? $clog2(WD) : 0) + QB; // FIRST_ARRIVAL address: {bit, bin} (exact depth at W*D = 1)
localparam integer BAB   = ((W > 1) ? $clog2(W) : 0) + QB;   // BOTH_ARRIVAL address: {window, bin} (exact depth at W = 1)
localparam integer CNTB  = clog2p(NCNT);
localparam integer KB    = clog2p(K);             // dN row address
localparam integer LB    = clog2p(NLANE);         // dN lane index
localparam integer DNG   = (K >= 2) ? 2 : 1;      // dN rows per trial-close step (pg_dn_bank groups)
localparam integer DNA   = (K + DNG - 1) / DNG;   // dN addresses per group
localparam integer DAB   = clog2p(DNA);
localparam integer NL    = 2 * WD + NLANE;        // counters of a dN row (DN_EARLY, DN_LATE, DN_COINC)
localparam integer NCLR  = max2(max2(NPAT, 1 << FAB), max2(1 << BAB, K)); // clear-sweep clocks
localparam integer CLB   = clog2p(NCLR + 1);
localparam integer RIB   = max2(max2(CNTB, PATB), max2(FAB, BAB));

// flat counter indices (order of the frame words TAGS_SYNC .. SYNC_DROPPED; shared with pg_process,
// which picks the lanes' counters by them; here the formal properties read them)
/* verilator lint_off UNUSEDPARAM */
`include "pg_count_idx.vh"
/* verilator lint_on UNUSEDPARAM */

localparam [31:0] FW32 = FW;

// frame word offsets the formal properties check the streamer against (pg_frame_stream has its
// own set for the data path)
/* verilator lint_off UNUSEDPARAM */  // read only under `ifdef FORMAL
localparam [31:0] O_FLAT_32 = PG_OFF_TAGS_SYNC;
localparam [31:0] O_PAT_32  = PG_OFF_PATTERNS;
localparam [31:0] O_FA_32   = PG_OFF_FIRST_ARRIVAL;
localparam [31:0] O_BA_32   = PG_OFF_BOTH_ARRIVAL;
localparam [31:0] O_TRL_32  = PG_OFF_TRAILER;
localparam [FWB-1:0] O_TRL  = O_TRL_32[FWB-1:0];
localparam [FWB-1:0] FW_N   = FW32[FWB-1:0];
/* verilator lint_on UNUSEDPARAM */


localparam integer SQB  = clog2p(SQ);
localparam integer KMB  = clog2p(K + 2);          // sync-engine member counter (saturates at K + 1)
/* verilator lint_off UNUSEDPARAM */  // read only under `ifdef FORMAL
localparam [31:0]  KP1_32 = K + 1;
/* verilator lint_on UNUSEDPARAM */

// the sequencer's states (pg_sequencer): S_CLEAR, S_RUN, S_EFF, S_DUE
`include "pg_state.vh"

integer j;
/* verilator lint_off UNUSEDSIGNAL */  // loop indices of the formal properties
integer i, l;
/* verilator lint_on UNUSEDSIGNAL */
genvar gi;

wire [31:0] addr32 = {24'd0, reg_addr};

// ---- configuration registers (pg_regs, instantiated with the register read at the end) -------
wire [63:0] cfg_sync_channel;
wire [63:0] cfg_frame_trials;
wire [63:0] cfg_bin_ticks;
wire [63:0] cfg_sync_delay;
wire        cfg_records_enable;
wire [64*W-1:0] cfg_win_start_flat, cfg_win_length_flat;
wire [64*D-1:0] cfg_det_channel_flat, cfg_det_delay_flat;

// ---- state -----------------------------------------------------------------------------------
wire [2:0] state;                 // pg_sequencer (S_CLEAR, S_RUN, S_EFF, S_DUE)
wire       cmd_close, cmd_reset;
wire       cp_busy;               // counts in flight to the flat counters (see g_cnt)
wire       s_accept;              // a tag word is taken (into the input stage, pg_input)
wire       p1_load;               // a word moves from the input stage into the input register
wire       p1_take;               // the input register may take a word at this edge (pg_process)
wire       st_ready, st_busy;     // the input stage: registered ready; holds a word
/* verilator lint_off UNUSEDSIGNAL */
wire       st_valid;              // ... its output word is valid (the formal properties)
/* verilator lint_on UNUSEDSIGNAL */
`ifdef FORMAL
wire [1:0]  f_st_words;           // words (with a kept lane) in the input stage
wire [7:0]  f_st_tags;            // their tags (mod 2^8: the properties' FB)
wire        f_st_cnt_ok;          // their counts are 1 .. 255
wire        f_st_k_kept;          // the stage's output word (the one a p1_load moves) has a kept lane
wire [7:0]  f_st_k_tags;          // ... and its tags (mod 2^8)
`endif
wire [64*LANES-1:0] st_time;      // ... and that word's raw times (pg_win_pre)
wire       cfg_write = reg_we && addr32 != PG_REG_CTRL;   // a configuration write (while idle)
wire       ev_step;               // the sync engine applies a member (or a bulk of them)

// input register (stage 1): a tag word of LANES lanes and each lane's role; p1_rem holds the
// lanes not processed yet (a word leaves the register when p1_rem is empty)
// (pg_input, instantiated at the sync-delay queue: decode, out-of-order chain, the register)
wire [LANES-1:0]     p1_rem;
wire                 p1_valid = |p1_rem;   // the register holds a word: some lane is left
wire [TW*LANES-1:0]  p1_time;
wire [TW*LANES-1:0]  p1_tsd;      // time + SYNC_DELAY (a sync lane's effective time; added in the input register)
wire [32*LANES-1:0]  p1_cnt;      // count (0 taken as 1)
wire [LANES-1:0]     p1_ooo;      // time < the previous in-order tag's time (decided at acceptance)
wire [LANES-1:0]     p1_sync, p1_det;
wire [DB*LANES-1:0]  p1_d;

// trial state
// trial state (pg_sequencer)
wire            trial_open;       // a sync became effective since reset
wire [TW-1:0]   sync_time;        // effective time of the open trial's sync
wire [WD-1:0]   pattern;          // open trial's pattern
wire [K*WD-1:0] hist;             // [j*WD +: WD] = pattern of trial n - 1 - j
wire           tc_busy;           // the trial-close engine has work in flight (pg_trial_close)
wire           tc_busy_r;         // ... registered (tc_busy or a push at the last edge)
wire           tc_ready;          // ... and room for one more closing trial

// sync engine: the effective sync word being applied
/* verilator lint_off UNUSEDSIGNAL */  // (pg_sync_engine's registers: some for the formal properties only)
wire [31:0]    ev_left;           // members still to apply
wire [KMB-1:0] ev_m;              // members applied, saturating at K + 1
wire           ev_percount;       // count TAGS_SYNC / SYNCS per member (immediately effective word)
/* verilator lint_on UNUSEDSIGNAL */

// sync-delay queue (pg_sync_queue)
wire [SQB:0]   q_count;           // entries
wire [31:0]    q_head_c;          // the head's count

// run and active-frame counters (pg_sequencer)
wire [CW-1:0] trials_total;       // trials closed since reset
/* verilator lint_off UNUSEDSIGNAL */  // read by the formal properties only
wire [CW-1:0] frame_trials;       // trials closed in the active frame
wire [CW-1:0] first_trial;        // FIRST_TRIAL of the active frame
/* verilator lint_on UNUSEDSIGNAL */
wire [CW-1:0] seg_trials;         // trials closed in the active frame since its start or last merge
wire [CW-1:0] merges_total;       // since reset (register MERGES)
wire [CW-1:0] frames_out;         // frames handed over completely (register FRAMES)

// frozen bank: header of the frame it holds, streamer position
wire          bank;               // active bank (0 / 1); the frozen one is ~bank
wire          fs_busy;            // the frozen bank holds a frame (streaming or blocked)
wire [CW-1:0] f_seq, f_first, f_trials, f_merges;
wire [1:0]    f_flags;
/* verilator lint_off UNUSEDSIGNAL */  // fi, the high bits of ri: the formal properties
wire [FWB-1:0] fi;                // next frame word to load (pg_frame_stream stage A)
wire [RIB-1:0] ri;                // index of word fi inside its field
/* verilator lint_on UNUSEDSIGNAL */
wire [KB-1:0]  fr_row;            // dN row of word fi (dN fields)
wire [LB-1:0]  fr_lane;           // lane of word fi in its dN row
wire [CLB-1:0] clr;               // clear sweep index


// ---- input decode and out-of-order chain: pg_input (at the sync-delay queue) -------------------

// ---- dividers: one per pattern bit (a word may carry the first arrivals of several detectors) --
wire [WD-1:0] div_busy_w;
`ifdef FORMAL
wire [8*WD-1:0] f_div_n;   // divisions in flight per pattern bit (formal properties)
`endif
wire [WD-1:0] div_out_valid;
wire [QB-1:0] div_out_bin [0:WD-1];
wire [WD-1:0] div_in_valid;
wire [31:0]   div_in_rel [0:WD-1];
// div_busy: a division or a trial close in flight (the close engine waits for the divisions of
// the trials it closes; status, commands and the clear sweep wait for both)
wire          div_busy = (|div_busy_w) || tc_busy;

generate
    for (gi = 0; gi < WD; gi = gi + 1) begin : g_div
        /* verilator lint_off PINCONNECTEMPTY */
        pg_bin_div #(
            .B(B),
            .IDX_WIDTH(1)
        ) div_inst (
            .clk(clk),
            .rst(rst),
            .bin_ticks(cfg_bin_ticks),
            .in_valid(div_in_valid[gi]),
            .in_rel(div_in_rel[gi]),
            .in_idx(1'b0),
            .out_valid(div_out_valid[gi]),
            .out_bin(div_out_bin[gi]),
            .out_idx(),
            .busy(div_busy_w[gi])
`ifdef FORMAL
            , .f_n(f_div_n[8*gi +: 8])
`endif
        );
        /* verilator lint_on PINCONNECTEMPTY */
    end
endgenerate

// ---- frame due after a trial close: FRAME_TRIALS != 0 && seg_trials + amt >= FRAME_TRIALS ----
// Decided by pg_sync_engine at the step that closes the trial, from its registered room to the
// next frame-due point (ev_room, kept in step with seg_trials) and due1 = (ev_room <= 1); see
// its header. The trial counters count the trial at that edge, the close engine (pg_trial_close)
// applies its increments afterwards, and a swap waits for the engine.
/* verilator lint_off UNUSEDSIGNAL */  // the formal properties
wire [63:0] ev_room, ev_room_now;
wire        due1;
wire [1:0]  room_age;
wire        ev_wait_q;      // (room_age != 2) || (trial_open && due1), registered (pg_sync_engine)
/* verilator lint_on UNUSEDSIGNAL */
// the step's amount ev_amt = ev_bulk ? ev_bn : 1, as its parts (pg_sequencer adds both sums
// from registers and selects after the carry chains)
wire          ev_bulk;                                // the step is a bulk (pg_sync_engine)
wire [31:0]   ev_bn;                                  // ... of ev_bn trials
wire          ev_bn_k;                                // ev_bn >= K (registered beside it)

// ---- window decision, precomputed in the input register (pg_win_pre) ---------------------------
// Per lane and (window w, detector d), b = w * D + d: t >= lo, t < hi and rel = t - lo registered
// with the word, lo = sync_time + WIN_START[w] - DET_DELAY[d], hi = lo + WIN_LENGTH[w]; the process
// stage selects by the lane's detector. The bounds move to the next sync's in the clock that takes
// it (a lane's candidate, registered with its word, or the queue head's: base_imm / base_queue);
// st_ok: the lane bits of the word in p1 belong to the bounds in use (low the clock after a base
// move: the bits are recomputed; a sync segment does not need them); st_cfg_ok: the configuration
// has settled (5 clocks after a write; no word is taken before).
wire [WD*LANES-1:0]    p1_wge, p1_wlt;     // [l*WD + b]
wire [32*WD*LANES-1:0] p1_rel;             // [(l*WD + b)*32 +: 32]
wire [WD-1:0]          wd_wrap;            // the window of b wraps around 2^TW
wire [W-1:0]           w_full;             // WIN_LENGTH[w][31:0] >= 2^TW: every time is inside
wire                   st_ok, st_cfg_ok;
wire [LANES-1:0]       base_first;         // the first lane of p1 not processed yet (one-hot)
wire                   base_imm;           // its sync becomes effective (is taken) now
wire                   base_queue;         // the queue head is taken now

pg_win_pre #(.W(W), .D(D), .LANES(LANES), .TW(TW)) win_pre (
    .clk(clk),
    .rst(rst),
    .sync_time(sync_time),
    .win_start(cfg_win_start_flat),
    .win_length(cfg_win_length_flat),
    .det_delay(cfg_det_delay_flat),
    .sync_delay(cfg_sync_delay),
    .cfg_write(cfg_write),                                   // configuration is written while idle
    .cfg_ok(st_cfg_ok),
    .q_head_n(q_head_n),
    .base_first(base_first),
    .base_imm(base_imm),
    .base_queue(base_queue),
    .ok(st_ok),
    .load(p1_load),
    .s_time(st_time),
    .p_time(p1_time),
    .ge(p1_wge),
    .lt(p1_wlt),
    .rel(p1_rel),
    .wrap(wd_wrap),
    .full(w_full)
);

// ---- process stage: one segment of the word in p1 per clock (pg_process) -------------------------
// Per clock a queue pop, or the first remaining lane alone when it is an in-order sync, or every
// remaining lane up to the next of those; a word without syncs or due pops is one clock.
// the sync-delay queue is empty / full: registered flags (below the process stage)
reg  q_empty, q_full;
wire q_push;
// the queue head's effective time and whether its word has one member, registered: equal to
// q_e[q_head] / q_one[q_head] whenever the queue is not empty (set from the next head at a pop,
// from the pushed word at a push into the empty queue), so that no queue read is in front of the
// input's head compare, the head's window bounds (pg_win_pre, from q_head_n) or the sync engine
wire [TW-1:0] q_head_e;
wire          q_head_one;
wire [TW-1:0] q_head_n;
// SYNC_DELAY <= 0, registered (a configuration register, written while idle: current long before
// a word is taken, pg_win_pre's cfg_ok; the 64-bit zero test stays off the segment's path)
reg  delay_le0;
always @(posedge clk) delay_le0 <= cfg_sync_delay[63] || (cfg_sync_delay == 64'd0);
wire in_run     = (state == S_RUN);
wire cmd_any    = cmd_close || cmd_reset;
// the sync engine's pending single member (applied the clock after its take): the process stage
// waits while it cannot be applied or closes the frame, and in the clock it is applied unless
// the lane bits are stale (then only a sync segment or a pop could go, and neither reads the
// trial state the step changes)
// (proc_run one node, * keep *: six registers through one LUT, read by the segment logic beside
// the input register's bits, not mapped into them: fw21h, issue 13)
wire ev_pend, ev_hold;
(* keep *) wire proc_run = in_run && !ev_hold && !(ev_pend && st_ok);

// p1_ge[l]: lane l's time >= the queue head's effective time, registered (the compare is off the
// segment path). Computed when a word is taken, against the head of that clock; when the head
// moves (a pop, an enqueue into an empty queue, a clear) it is recomputed the next clock
// (p1_ge_ok low: one bubble, only after those sync events). With an empty queue it is not used.
/* verilator lint_off UNUSEDSIGNAL */  // p1_ge: the formal properties (the select reads p1_geo)
wire [LANES-1:0] p1_ge;
/* verilator lint_on UNUSEDSIGNAL */
wire             p1_ge_ok;
wire [LANES-1:0] p1_ios, p1_geo;   // in-order sync; p1_ge of an in-order lane (for the segment select)

/* verilator lint_off UNUSEDSIGNAL */  // seg, seg_pop, seg_sync, word_done: the formal properties
wire [LANES-1:0]      seg;        // lanes processed by this clock's segment (if p1_go)
wire                  seg_pop;    // the first remaining lane pops the queue first
wire                  seg_sync;   // the segment is one in-order sync lane
/* verilator lint_on UNUSEDSIGNAL */
wire [TW-1:0]         sy_tsd;     // that sync's effective time (time + SYNC_DELAY) and count
wire [31:0]           sy_cnt;
wire                  p1_imm;     // sync effective at once
wire                  p1_enq;     // sync queued
/* verilator lint_off UNUSEDSIGNAL */  // counted through cat_idx (the queue-full category)
wire                  p1_drop;    // sync dropped (queue full)
/* verilator lint_on UNUSEDSIGNAL */
wire                  pop_go, p1_go;
/* verilator lint_off UNUSEDSIGNAL */
wire                  word_done;  // the word leaves the input register (p1_go with no lane left)
/* verilator lint_on UNUSEDSIGNAL */
wire [LANES-1:0]      rem_after;
wire [WD-1:0]         pat_new;    // bits set by the segment (detector, in order, trial open, new)
wire [32*WD-1:0]      div_in_rel_flat;
wire [CNTB*LANES-1:0] role_idx, cat_idx;
wire [LANES-1:0]      lane_counts;  // lane l of the segment counts now (not: an immediately
                                    // effective sync, whose members the sync engine counts)

// the first remaining lane (in a sync segment: the sync lane, seg) and whether its count is 1,
// from the registers alone (off the segment select; p1_one is registered with the counts in
// pg_input, so no 32-bit compare is in front of the sync engine, the counters and the state)
reg         sy_one;                                   // the first remaining lane has count 1
wire [LANES-1:0] p1_one;                              // lane l's count is 1 (pg_input, registered)
reg  [LANES-1:0] p1_first;
reg         p1_fnd;
always @* begin
    sy_one = 1'b0;
    p1_fnd = 1'b0;
    for (l = 0; l < LANES; l = l + 1) begin
        p1_first[l] = p1_rem[l] && !p1_fnd;
        if (p1_first[l] && p1_one[l]) sy_one = 1'b1;
        if (p1_rem[l]) p1_fnd = 1'b1;
    end
end

pg_process #(.W(W), .D(D), .LANES(LANES), .TW(TW), .DB(DB), .CNTB(CNTB)) proc_stage (
    .in_run(proc_run),
    .st_ok(st_ok),
    .cfg_ok(st_cfg_ok),
    .sy_one(sy_one),
    .trial_open(trial_open),
    .pattern(pattern),
    .q_empty(q_empty),
    .q_full(q_full),
    .delay_le0(delay_le0),
    .p_rem(p1_rem),
    .p_tsd(p1_tsd),
    .p_cnt(p1_cnt),
    .p_ooo(p1_ooo),
    .p_ios(p1_ios),
    .p_geo(p1_geo),
    .p_sync(p1_sync),
    .p_det(p1_det),
    .p_d(p1_d),
    .p_ge_ok(p1_ge_ok),
    .p_wge(p1_wge),
    .p_wlt(p1_wlt),
    .p_rel(p1_rel),
    .wd_wrap(wd_wrap),
    .w_full(w_full),
    .seg(seg),
    .seg_pop(seg_pop),
    .seg_sync(seg_sync),
    .sy_tsd(sy_tsd),
    .sy_cnt(sy_cnt),
    .imm(p1_imm),
    .enq(p1_enq),
    .drop(p1_drop),
    .pop_go(pop_go),
    .go(p1_go),
    .rem_after(rem_after),
    .word_done(word_done),
    .ready(p1_take),
    .pat_new(pat_new),
    .div_valid(div_in_valid),
    .div_rel(div_in_rel_flat),
    .role_idx(role_idx),
    .cat_idx(cat_idx),
    .lane_counts(lane_counts)
);
generate
    for (gi = 0; gi < WD; gi = gi + 1) begin : g_div_rel
        assign div_in_rel[gi] = div_in_rel_flat[32*gi +: 32];
    end
endgenerate

// the sync-delay queue is empty / full: registered flags, set with q_count (which changes by a
// push, a pop, the clear sweep or rst; a push and a pop never come in one clock), so that no
// count compare is in front of the segment logic
always @(posedge clk) begin
    if (rst || state == S_CLEAR) begin
        q_empty <= 1'b1;
        q_full  <= 1'b0;
    end else if (q_push) begin
        q_empty <= 1'b0;
        q_full  <= ({{(31-SQB){1'b0}}, q_count} + 32'd1 == SQ);
    end else if (pop_go) begin
        q_empty <= (q_count == {{SQB{1'b0}}, 1'b1});
        q_full  <= 1'b0;
    end
end
`ifdef FORMAL
reg f_q_rst_seen = 1'b0;
always @(posedge clk) if (rst) f_q_rst_seen <= 1'b1;
always @* begin
    if (f_q_rst_seen && !rst) begin
        assert(q_empty == (q_count == {(SQB+1){1'b0}}));
        assert(q_full == ({{(31-SQB){1'b0}}, q_count} == SQ));
    end
end
`endif

// a command starts (cmd_go) the clock after everything it waits for was done: registered, so that
// the busy flags' OR trees are not in front of the swap and the clears it drives. Once true the
// terms stay true until the command starts: no word is taken while a command is pending
// (s_tag_ready is low), so nothing starts a division, a count, a close or a frame meanwhile.
reg  cmd_rdy;
always @(posedge clk) cmd_rdy <= !rst && !cmd_go && in_run && !ev_pend && !st_busy && !p1_valid && !div_busy && cmd_any && !fs_busy && !cp_busy;
wire cmd_go     = cmd_rdy;
// the core's input ready: the input stage's registered ready, gated by registers (S_RUN, no command
// pending: a command queues behind every word taken) and by a configuration write in this clock
// (that word would be decoded with the old sync channel and window candidates; the word waits a
// clock). The words already in the stage go on into the input register while a command waits.
`ifdef PG_PLANTED_CFG_HAZARD
// planted for `make formal` (cfg-hazard): the input ready of before fw17i/fw18i (2026-12-07), which
// took a word in a configuration-write clock (shown on that RTL too: a word of two kept lanes taken
// at the edge that writes SYNC_CHANNEL, BMC step 7)
assign s_tag_ready = st_ready && in_run && !cmd_any;
`else
assign s_tag_ready = st_ready && in_run && !cmd_any && !cfg_write;
`endif
assign s_accept = s_tag_valid && s_tag_ready;

assign status_quiet = in_run && !ev_pend && !st_busy && !p1_valid && !div_busy && !cmd_any && !cp_busy;
assign status_idle = status_quiet && !fs_busy;
assign status_frame_pending = fs_busy;
assign status_cmd_pending = cmd_any;

// ---- sync engine: pg_sync_engine -------------------------------------------------------------
// A sync is taken by the process stage (an in-order sync lane effective at once, or a queue pop).
// A word of one member is pending and applied the next clock (while the process stage goes on),
// any other goes through S_EFF (see pg_sync_engine). A step (pending member or S_EFF) closes the
// open trial (if any): counts it, hands it to the close engine, and opens the next one at the
// sync's effective time. The window bounds moved to that sync's when it was taken (pg_win_pre
// base_imm / base_queue).
wire        take_imm = p1_go && p1_imm;               // an in-order sync lane effective at once
assign      base_first = p1_first;
assign      base_imm   = take_imm;
assign      base_queue = pop_go;
wire        ev_pend_step;                             // the pending member is applied (S_RUN)
wire        ev_eff_step;                              // an S_EFF step
wire        ev_close;                                 // the step closes the open trial
wire        ev_due;                                   // ... and the frame is due after it
wire        ev_last;                                  // no member left after it (S_EFF)
wire        ev_left0;                                 // no member left (S_EFF)
wire [31:0] ev_amt;                                   // trials the step closes
wire        ev_count;                                 // TAGS_SYNC, SYNCS += ev_amt (S_EFF)
wire [TW-1:0] ev_new_e;                               // the effective time of the step's sync
wire        room_reload;                              // seg_trials restarts at 0 at this edge
/* verilator lint_off UNUSEDSIGNAL */  // the formal properties
wire        ev_bdue, ev_ready;
wire [1:0]  ev_eff_n;
/* verilator lint_on UNUSEDSIGNAL */
`ifdef FORMAL
wire        f_ft_ok;                                  // the engine's FRAME_TRIALS decode is current
// the room at seg_trials = 0 (the engine's ft_room when f_ft_ok)
wire [63:0] f_ft_room = (cfg_frame_trials == 64'd0) ? 64'hFFFF_FFFF_FFFF_FFFF : cfg_frame_trials;
`endif

pg_sync_engine #(.K(K), .CW(CW), .TW(TW), .KMB(KMB)) sync_engine (
    .clk(clk),
    .rst(rst),
    .clear(state == S_CLEAR),
    .cfg_write(cfg_write),
    .frame_trials(cfg_frame_trials),
    .seg_trials(seg_trials),
    .room_reload(room_reload),
    .take_pop(pop_go),
    .take_imm(take_imm),
    .one_pop(q_head_one),
    .one_imm(sy_one),
    .tk_cnt(pop_go ? q_head_c : sy_cnt),
    .tk_e(pop_go ? q_head_e : sy_tsd),
    .tk_percount(take_imm && !sy_one),                // (count 1: counted as a lane of its segment)
    .in_eff(state == S_EFF),
    .in_run(state == S_RUN),
    .trial_open(trial_open),
    .tc_ready(tc_ready),
    .pend(ev_pend),
    .pend_step(ev_pend_step),
    .hold(ev_hold),
    .step(ev_step),
    .eff_step(ev_eff_step),
    .close(ev_close),
    .due(ev_due),
    .last(ev_last),
    .left_zero(ev_left0),
    .amt(ev_amt),
    .bulk(ev_bulk),
    .count(ev_count),
    .new_e(ev_new_e),
    .ev_left(ev_left),
    .ev_m(ev_m),
    .ev_percount(ev_percount),
    .ev_room(ev_room),
    .ev_room_now(ev_room_now),
    .due1(due1),
    .room_age(room_age),
    .wait_q(ev_wait_q),
    .ev_bn(ev_bn),
    .ev_bn_k(ev_bn_k),
    .ev_bdue(ev_bdue),
    .ev_eff_n(ev_eff_n),
    .ev_ready(ev_ready)
`ifdef FORMAL
    , .f_ft_ok(f_ft_ok)
`endif
);

// ---- bank swap / merge ------------------------------------------------------------------------
wire frame_blocked = m_frame_valid && !m_frame_ready;
// (tc_busy_r: the close engine's busy from a flip-flop, conservative by one clock: the engine's
// busy was a deep OR in front of the swap's 64-bit selects, 5.9-6.2 ns estimated)
wire swap_trial = (state == S_DUE) && !fs_busy && !cp_busy && !tc_busy_r;
wire merge_now  = (state == S_DUE) && fs_busy && frame_blocked;
wire swap_host  = cmd_go && cmd_close;
wire swap       = swap_trial || swap_host;
// the sync engine reloads its room (ft_room, the room at seg_trials = 0) at every S_DUE clock, not
// only at the swap or merge that leaves S_DUE and restarts seg_trials: no step reads the room in
// S_DUE, so the reload comes from the state register, not from the swap's busy flags (cp_busy,
// tc_busy_r, m_frame_ready) in front of ev_room
assign room_reload = (state == S_DUE) || swap_host || (state == S_CLEAR);

// ---- frame stream control (frozen bank): pg_frame_stream, instantiated at the frame word mux --
wire       frame_load;            // word fi moves into the streamer's stage C (and is cleared)
wire       frame_done;            // the trailer is taken
wire [7:0] fs_sel;                // field of word fi (pg_frame_stream's sel)
/* verilator lint_off UNUSEDSIGNAL */  // the formal properties
wire sel_flat = fs_sel[0];
/* verilator lint_on UNUSEDSIGNAL */
wire sel_pat  = fs_sel[1];
wire sel_dnp  = fs_sel[2];
wire sel_dne  = fs_sel[3];
wire sel_dnl  = fs_sel[4];
wire sel_dnc  = fs_sel[5];
wire sel_fa   = fs_sel[6];
wire sel_ba   = fs_sel[7];

// ---- flat counters (TAGS_SYNC .. SYNC_DROPPED): active set, frozen copy (pg_count_bank) -------
// A fixed-latency pipeline behind the process stage (K1 lane register, registered pair sums, two
// accumulators per counter at 4 lanes), so that no counter add follows a window compare or a
// lane sum in the same clock. The segment's lanes enter it (each with one role and one
// category), or in S_EFF the sync engine's members as lane 0 {TAGS_SYNC, SYNCS, amount}. A
// count reaches its counter 3 clocks later; cp_busy holds while any is in flight, and a swap,
// a command and STATUS_QUIET wait for it (a trial close lasts >= 2 clocks after S_EFF, so a
// swap after a close never waits).
/* verilator lint_off UNUSEDSIGNAL */
wire [CW-1:0] cnt [0:NCNT-1];         // active counters (read by the formal properties)
wire [CW-1:0] fcnt [0:NCNT-1];        // frozen copy (the streamer reads fcnt_flat)
/* verilator lint_on UNUSEDSIGNAL */
wire        cnt_clear = (state == S_CLEAR) || swap;
wire [CW*NCNT-1:0] cnt_flat, fcnt_flat;

// the counters' input: the segment's lanes, or in S_EFF the sync engine's members as lane 0
wire [LANES-1:0]      cb_en;
wire [CNTB*LANES-1:0] cb_role, cb_cat;
wire [32*LANES-1:0]   cb_cnt;
pg_count_src #(.D(D), .LANES(LANES), .CNTB(CNTB)) count_src (
    .eff(state == S_EFF),
    .seg_en(lane_counts),
    .seg_role(role_idx),
    .seg_cat(cat_idx),
    .seg_cnt(p1_cnt),
    .eff_count(ev_count),
    .eff_amt(ev_amt),
    .out_en(cb_en),
    .out_role(cb_role),
    .out_cat(cb_cat),
    .out_cnt(cb_cnt)
);

`ifdef FORMAL
wire [LANES-1:0]      k1_en;
wire [CNTB*LANES-1:0] k1_role, k1_cat;
wire [32*LANES-1:0]   k1_cnt;
wire                  p_v, s_v;
wire [CW*NCNT-1:0]    pa_flat, pb_flat, ps_flat;
wire [CW-1:0]         pa [0:NCNT-1];
wire [CW-1:0]         pb [0:NCNT-1];
wire [CW-1:0]         ps [0:NCNT-1];
`endif

pg_count_bank #(
    .NCNT(NCNT), .CNTB(CNTB), .LANES(LANES), .CW(CW),
    .BUG_DST(C_OUTSIDE), .BUG_SRC(C_BEFORE)
) count_bank (
    .clk(clk),
    .rst(rst),
    .in_en(cb_en),
    .in_role(cb_role),
    .in_cat(cb_cat),
    .in_cnt(cb_cnt),
    .clear(cnt_clear),
    .swap(swap),
    .busy(cp_busy),
    .cnt(cnt_flat),
    .fcnt(fcnt_flat)
`ifdef FORMAL
    ,
    .f_k1_en(k1_en),
    .f_k1_role(k1_role),
    .f_k1_cat(k1_cat),
    .f_k1_cnt(k1_cnt),
    .f_p_v(p_v),
    .f_pa(pa_flat),
    .f_pb(pb_flat),
    .f_s_v(s_v),
    .f_ps(ps_flat)
`endif
);

generate
    for (gi = 0; gi < NCNT; gi = gi + 1) begin : g_cnt
        assign cnt[gi]  = cnt_flat[CW*gi +: CW];
        assign fcnt[gi] = fcnt_flat[CW*gi +: CW];
`ifdef FORMAL
        assign pa[gi] = pa_flat[CW*gi +: CW];
        assign pb[gi] = pb_flat[CW*gi +: CW];
        assign ps[gi] = ps_flat[CW*gi +: CW];
`endif
    end
endgenerate

// ---- trial close: pg_trial_close; the active bank's histogram ports ----------------------------
// The trial close runs behind the input in pg_trial_close: the sync engine hands it each closing
// trial (pattern, amount, history, which rows exist, index, sync time) and goes on. It owns the
// active bank's ports except in the clear sweep, which writes zeros at clr (pg_hist_banks).
wire [PATB-1:0] tc_pat_waddr;
wire [FAB-1:0]  tc_fa_waddr;
wire [BAB-1:0]  tc_ba_waddr;
wire            tc_pat_we, tc_fa_we, tc_ba_we;
wire [CW-1:0]   tc_pat_wdata, tc_fa_wdata, tc_ba_wdata;
wire [PATB-1:0] tc_pat_raddr;
wire [FAB-1:0]  tc_fa_raddr;
wire [BAB-1:0]  tc_ba_raddr;
wire [CW-1:0]   pat_q, fa_q, ba_q;  // active bank, registered reads
wire            in_clear = (state == S_CLEAR);
/* verilator lint_off UNUSEDSIGNAL */  // only the low bits of the sweep index address a row
wire [31:0]     clr32 = {{(32-CLB){1'b0}}, clr};
/* verilator lint_on UNUSEDSIGNAL */

// dN rows of the active bank: the close's steps (pg_dn_bank reads and writes back DNG rows), the sweep
wire                tc_dn_st_v;
wire [DAB-1:0]      tc_dn_st_addr;
wire [DNG-1:0]      tc_dn_st_we;
wire [DNG*NL-1:0]   tc_dn_st_inc;
wire                tc_dnp_add;
wire [CW-1:0]       tc_dnp_amt;
wire [K-1:0]        tc_dnp_exist;
wire                dn_sw_we = in_clear && (clr32 < DNA);   // the sweep zeroes DNG rows per clock

// the closing trial: trial n - 1 - j exists when j < trials closed so far: tc_exist, a
// registered thermometer of min(trials_total, K) kept beside trials_total (pg_sequencer)
wire [K-1:0] tc_exist;

wire            rec_v;            // a trial record (pg_trial_close, registered)
wire [CW-1:0]   rec_trial;
wire [TW-1:0]   rec_sync;
wire [WD-1:0]   rec_pat;
wire [WD*QB-1:0] rec_bins;
wire [WD*QB-1:0] div_out_bins;
generate
    for (gi = 0; gi < WD; gi = gi + 1) begin : g_div_bins
        assign div_out_bins[gi*QB +: QB] = div_out_bin[gi];
    end
endgenerate

`ifdef FORMAL
wire [NPAT*CW-1:0] f_tc_pat_mem;    // the active bank's PATTERNS contents (assigned with f_pat_flat)
wire [CW-1:0]      f_tc_pat_pend;   // trials counted and not yet in the active PATTERNS
wire [CW-1:0]      f_tc_q, f_tc_po, f_tc_po_in, f_tc_t1, f_tc_t2, f_tc_t3;  // ... stage by stage
wire [8*WD-1:0]    f_tc_bins_have, f_tc_bins_owed;  // per bit: bins in its FIFO, trials waiting for one
wire               f_tc_live;
`endif
pg_trial_close #(
    .W(W), .D(D), .K(K), .B(B), .CW(CW), .TW(TW), .G(DNG)
) trial_close (
    .clk(clk),
    .clear(rst || in_clear),
    .push(ev_close),
    .push_ready(tc_ready),
    .d_pat(pattern),
    .d_amt(ev_amt),
    .d_hist(hist),
    .d_exist(tc_exist),
    .d_trial(trials_total),
    .d_sync(sync_time),
    .div_valid(div_out_valid),
    .div_bin(div_out_bins),
    .pat_raddr(tc_pat_raddr), .pat_rdata(pat_q),
    .pat_we(tc_pat_we), .pat_waddr(tc_pat_waddr), .pat_wdata(tc_pat_wdata),
    .fa_raddr(tc_fa_raddr), .fa_rdata(fa_q),
    .fa_we(tc_fa_we), .fa_waddr(tc_fa_waddr), .fa_wdata(tc_fa_wdata),
    .ba_raddr(tc_ba_raddr), .ba_rdata(ba_q),
    .ba_we(tc_ba_we), .ba_waddr(tc_ba_waddr), .ba_wdata(tc_ba_wdata),
    .dn_st_v(tc_dn_st_v), .dn_st_addr(tc_dn_st_addr), .dn_st_we(tc_dn_st_we), .dn_st_inc(tc_dn_st_inc),
    .dnp_add(tc_dnp_add), .dnp_amt(tc_dnp_amt), .dnp_exist(tc_dnp_exist),
    .rec_valid(rec_v), .rec_trial(rec_trial), .rec_sync(rec_sync), .rec_pat(rec_pat), .rec_bins(rec_bins),
    .busy(tc_busy),
    .busy_r(tc_busy_r)
`ifdef FORMAL
    , .f_live(f_tc_live), .f_pat_mem(f_tc_pat_mem), .f_pat_pend(f_tc_pat_pend)
    , .f_pat_q(f_tc_q), .f_pat_po(f_tc_po), .f_pat_po_in(f_tc_po_in)
    , .f_pat_t1(f_tc_t1), .f_pat_t2(f_tc_t2), .f_pat_t3(f_tc_t3)
    , .f_bins_have(f_tc_bins_have), .f_bins_owed(f_tc_bins_owed)
`endif
);

// ---- frozen-bank ports (streamer: read-and-clear) ----------------------------------------------
// While a frame streams, the edge that loads word fi (and clears it) reads the word of fi + 1
// (one word of prefetch: its value is in the read register when fi + 1 is loaded); at every
// other edge the current address, so a stalled word stays in the read register. Distinct words:
// the clear of word fi never hits the prefetched word. The addresses come from pg_frame_stream.
wire [PATB-1:0] s_pat_raddr;
wire [FAB-1:0]  s_fa_raddr;
wire [BAB-1:0]  s_ba_raddr;
wire            s_pat_we = frame_load && sel_pat;
wire            s_fa_we  = frame_load && sel_fa;
wire            s_ba_we  = frame_load && sel_ba;
wire            s_dnp_we = frame_load && sel_dnp;
wire            s_dne_we = frame_load && sel_dne;
wire            s_dnl_we = frame_load && sel_dnl;
wire            s_dnc_we = frame_load && sel_dnc;
wire [CW-1:0]   s_pat_q, s_fa_q, s_ba_q;

// ---- the two banks of histogram RAMs: pg_hist_banks ----------------------------------------------
// Bank b takes the active ports (above; the clear sweep's zeros inside) when b is the active
// bank, or in the clear sweep (both banks are cleared together); otherwise the streamer's.
`ifdef FORMAL
wire [2*NPAT*CW-1:0] f_pat_mem;        // PATTERNS contents of bank 0 (low half) and bank 1
wire [NPAT*CW-1:0] f_pat_flat [0:1];   // ... each bank's (formal properties)
assign f_pat_flat[0] = f_pat_mem[0 +: NPAT*CW];
assign f_pat_flat[1] = f_pat_mem[NPAT*CW +: NPAT*CW];
assign f_tc_pat_mem = bank ? f_pat_flat[1] : f_pat_flat[0];
`endif

pg_hist_banks #(
    .W(W), .D(D), .B(B), .CW(CW), .CLB(CLB), .RIB(RIB), .PATB(PATB), .FAB(FAB), .BAB(BAB)
) hist_banks (
    .clk(clk),
    .bank(bank),
    .clear(in_clear),
    .clr(clr),
    .pat_raddr(tc_pat_raddr), .pat_we(tc_pat_we), .pat_waddr(tc_pat_waddr), .pat_wdata(tc_pat_wdata),
    .pat_q(pat_q),
    .fa_raddr(tc_fa_raddr), .fa_we(tc_fa_we), .fa_waddr(tc_fa_waddr), .fa_wdata(tc_fa_wdata),
    .fa_q(fa_q),
    .ba_raddr(tc_ba_raddr), .ba_we(tc_ba_we), .ba_waddr(tc_ba_waddr), .ba_wdata(tc_ba_wdata),
    .ba_q(ba_q),
    .s_widx(ri),
    .s_pat_raddr(s_pat_raddr), .s_pat_we(s_pat_we), .s_pat_q(s_pat_q),
    .s_fa_raddr(s_fa_raddr), .s_fa_we(s_fa_we), .s_fa_q(s_fa_q),
    .s_ba_raddr(s_ba_raddr), .s_ba_we(s_ba_we), .s_ba_q(s_ba_q)
`ifdef FORMAL
    , .f_pat_mem(f_pat_mem)
`endif
);

// ---- the two banks of dN rows (pg_dn_bank) ----------------------------------------------------
// Bank b is written by the trial close (DNG rows per clock) or the clear sweep when it is active,
// else cleared word by word by the streamer (word fr_row / fr_lane); the close reads the active
// bank's rows at its step address, the streamer the frozen bank's row fs_nx_row, the row of its
// next word, which it registers (separate read ports).
// Streamer reads of bank b: rows dne_rs[b], dnl_rs[b], dnc_rs[b] (lane a at [a*CW +: CW]), DN_PAIRS
// dnp_rd_b[b].
wire [KB-1:0]       fs_nx_row;     // the streamer's dN read row (pg_frame_stream's nx_row)
wire [CW-1:0]       dnp_rd_b [0:1];
wire [WD*CW-1:0]    dne_rs   [0:1];
wire [WD*CW-1:0]    dnl_rs   [0:1];
wire [NLANE*CW-1:0] dnc_rs   [0:1];

generate
    for (gi = 0; gi < 2; gi = gi + 1) begin : g_dn_bank
        wire act = (bank == gi[0]) || in_clear;
        pg_dn_bank #(.K(K), .WD(WD), .CW(CW), .G(DNG)) dn (
            .clk(clk),
            .st_v(act && tc_dn_st_v),
            .st_addr(tc_dn_st_addr),
            .st_we(tc_dn_st_we),
            .st_inc(tc_dn_st_inc),
            .sw_we(dn_sw_we),
            .sw_addr(clr[DAB-1:0]),
            .s_rrow(fs_nx_row),
            .s_row(fr_row),
            .s_lane(fr_lane),
            .s_dne(dne_rs[gi]),
            .s_dnl(dnl_rs[gi]),
            .s_dnc(dnc_rs[gi]),
            .s_dnp(dnp_rd_b[gi]),
            .s_dne_we(!act && s_dne_we),
            .s_dnl_we(!act && s_dnl_we),
            .s_dnc_we(!act && s_dnc_we),
            .s_dnp_we(!act && s_dnp_we),
            .p_add(act && tc_dnp_add),
            .p_amt(tc_dnp_amt),
            .p_exist(tc_dnp_exist),
            .p_clear(in_clear)
        );
    end
endgenerate

// ---- frame word mux and streamer (frozen bank) ---------------------------------------------------
// The frozen bank's dN rows at the streamer's read row fs_nx_row (bank select only: pg_frame_stream
// registers them, a lane of each pair, before its lane select, stage B) and its DN_PAIRS word at
// fr_row; pg_frame_stream registers each field's word, and the histogram RAM words, before its
// field select.
wire [CW-1:0]       s_dnp_rdata = dnp_rd_b[~bank];
wire [WD*CW-1:0]    dne_row = bank ? dne_rs[0] : dne_rs[1];
wire [WD*CW-1:0]    dnl_row = bank ? dnl_rs[0] : dnl_rs[1];
wire [NLANE*CW-1:0] dnc_row = bank ? dnc_rs[0] : dnc_rs[1];

`ifdef FORMAL
wire        fs_c_v, fs_c_last;     // the streamer's stage C (formal properties)
wire [63:0] fw_data;               // header / counter / trailer word of stage A
`endif

pg_frame_stream #(
    .W(W), .D(D), .K(K), .B(B), .CW(CW),
    .FWB(FWB), .RIB(RIB), .KB(KB), .LB(LB), .PATB(PATB), .FAB(FAB), .BAB(BAB), .CNTB(CNTB)
) frame_stream (
    .clk(clk),
    .rst(rst),
    .start(swap),
    .busy(fs_busy),
    .h_seq(f_seq),
    .h_first(f_first),
    .h_trials(f_trials),
    .h_merges(f_merges),
    .h_flags(f_flags),
    .fcnt(fcnt_flat),
    .pat_q(s_pat_q),
    .fa_q(s_fa_q),
    .ba_q(s_ba_q),
    .dnp_word(s_dnp_rdata),
    .nx_row(fs_nx_row),
    .dne_row(dne_row),
    .dnl_row(dnl_row),
    .dnc_row(dnc_row),
    .fi(fi),
    .ri(ri),
    .fr_row(fr_row),
    .fr_lane(fr_lane),
    .sel(fs_sel),
    .load(frame_load),
    .pat_raddr(s_pat_raddr),
    .fa_raddr(s_fa_raddr),
    .ba_raddr(s_ba_raddr),
    .m_frame_valid(m_frame_valid),
    .m_frame_ready(m_frame_ready),
    .m_frame_data(m_frame_data),
    .m_frame_last(m_frame_last),
    .done(frame_done)
`ifdef FORMAL
    ,
    .f_c_v(fs_c_v),
    .f_c_last(fs_c_last),
    .f_word(fw_data)
`endif
);

// trial history after a close: the closing pattern enters at dN = 1 (a bulk close of empty
// trials happens only with an all-zero history and pattern, so one shift is exact)
reg [K*WD-1:0] hist_next;
always @* begin
    for (j = 0; j < K; j = j + 1) begin
        if (j == 0) begin
            hist_next[0 +: WD] = pattern;
        end else begin
            hist_next[j*WD +: WD] = hist[(j-1)*WD +: WD];
        end
    end
end

// ---- sync-delay queue ------------------------------------------------------------------------
assign q_push = p1_go && p1_enq;
wire head_moves = pop_go || (q_push && q_empty) || (state == S_CLEAR);

// the input side: decode, out-of-order chain, input register p1 and its head compare p1_ge
pg_input #(.D(D), .LANES(LANES), .TW(TW), .DB(DB)) input_reg (
    .clk(clk),
    .rst(rst),
    .s_valid(s_accept),                                     // (its ready is st_ready, gated above)
    .s_ready(st_ready),
    .s_keep(s_tag_keep),
    .s_channel(s_tag_channel),
    .s_time(s_tag_time),
    .s_count(s_tag_count),
    .sync_channel(cfg_sync_channel),
    .det_channel(cfg_det_channel_flat),
    .sync_delay(cfg_sync_delay),
    .take(p1_take),
    .load(p1_load),
    .k_valid(st_valid),
    .k_time(st_time),
    .busy(st_busy),
    .advance(p1_go),
    .rem_next(rem_after),
    .clear(state == S_CLEAR),
    .q_head_e(q_head_e),
    .head_moves(head_moves),
    .p_rem(p1_rem),
    .p_time(p1_time),
    .p_tsd(p1_tsd),
    .p_cnt(p1_cnt),
    .p_one(p1_one),
    .p_ooo(p1_ooo),
    .p_sync(p1_sync),
    .p_det(p1_det),
    .p_d(p1_d),
    .p_ios(p1_ios),
    .p_geo(p1_geo),
    .p_ge(p1_ge),
    .p_ge_ok(p1_ge_ok)
`ifdef FORMAL
    ,
    .f_words(f_st_words),
    .f_tags(f_st_tags),
    .f_cnt_ok(f_st_cnt_ok),
    .f_k_kept(f_st_k_kept),
    .f_k_tags(f_st_k_tags)
`endif
);

// the queue: pushed by a sync segment that is queued, popped by the process stage
`ifdef FORMAL
wire [32*SQ-1:0] f_q_c;            // every entry's count, the head index (formal properties)
wire [SQB-1:0]   f_q_head;
`endif
pg_sync_queue #(.SQ(SQ), .SQB(SQB), .TW(TW)) sync_queue (
    .clk(clk),
    .rst(rst),
    .clear(state == S_CLEAR),
    .empty(q_empty),
    .push(q_push),
    .push_e(sy_tsd),
    .push_c(sy_cnt),
    .push_one(sy_one),
    .pop(pop_go),
    .head_e(q_head_e),
    .head_one(q_head_one),
    .head_c(q_head_c),
    .head_n(q_head_n),
    .count(q_count)
`ifdef FORMAL
    , .f_c(f_q_c)
    , .f_head(f_q_head)
`endif
);

// ---- main sequencer: pg_sequencer --------------------------------------------------------------
// state (S_CLEAR sweep, S_RUN, S_EFF members, S_DUE), CTRL commands, the trial state and trial
// counters (a sync-engine step closes the open trial and opens the next), the banks' bookkeeping
// (swap: the frozen frame's header; merge; frame_done frees the frozen bank)
pg_sequencer #(
    .W(W), .D(D), .K(K), .B(B), .CW(CW), .TW(TW), .CLB(CLB), .NCLR(NCLR), .KMB(KMB)
) sequencer (
    .clk(clk),
    .rst(rst),
    .ctrl_we(reg_we && addr32 == PG_REG_CTRL),
    .ctrl_wdata(reg_wdata[1:0]),
    .cmd_go(cmd_go),
    .p1_go(p1_go),
    .pat_new(pat_new),
    .pop_go(pop_go),
    .q_head_one(q_head_one),
    .take_imm(take_imm),
    .sy_one(sy_one),
    .ev_step(ev_step),
    .ev_pend_step(ev_pend_step),
    .ev_eff_step(ev_eff_step),
    .ev_due(ev_due),
    .ev_last(ev_last),
    .ev_left0(ev_left0),
    .ev_bulk(ev_bulk),
    .ev_bn(ev_bn),
    .ev_bn_k(ev_bn_k),
    .ev_new_e(ev_new_e),
    .due1(due1),
    .hist_next(hist_next),
    .swap(swap),
    .swap_trial(swap_trial),
    .swap_host(swap_host),
    .merge_now(merge_now),
    .frame_done(frame_done),
    .state(state),
    .clr(clr),
    .cmd_close(cmd_close),
    .cmd_reset(cmd_reset),
    .trial_open(trial_open),
    .sync_time(sync_time),
    .pattern(pattern),
    .hist(hist),
    .tc_exist(tc_exist),
    .trials_total(trials_total),
    .frame_trials(frame_trials),
    .seg_trials(seg_trials),
    .first_trial(first_trial),
    .merges_total(merges_total),
    .frames_out(frames_out),
    .bank(bank),
    .fs_busy(fs_busy),
    .f_seq(f_seq),
    .f_first(f_first),
    .f_trials(f_trials),
    .f_merges(f_merges),
    .f_flags(f_flags)
);

// ---- trial records: pg_trial_records ----------------------------------------------------------
// docs/frame-format.md "Trial records": the close engine (pg_trial_close) offers one record per
// trial closed with a non-zero pattern, in trial order, when the bins of its set bits have come
// (rec_*, registered); pg_trial_records assembles it, counts RECORDS_MADE / RECORDS_DROPPED
// (cleared by the sweep) and queues it in pg_record_fifo (emptied by rst only). A record that
// finds the FIFO full is dropped and counted: the core never waits for the record stream.
wire [CW-1:0] rec_made, rec_dropped;   // RECORDS_MADE, RECORDS_DROPPED

pg_trial_records #(
    .W(W), .D(D), .K(K), .B(B), .CW(CW), .TW(TW), .RQ(RQ)
) trial_records (
    .clk(clk),
    .rst(rst),
    .clear(state == S_CLEAR),
    .enable(cfg_records_enable),
    .rec_valid(rec_v),
    .rec_trial(rec_trial),
    .rec_sync(rec_sync),
    .rec_pat(rec_pat),
    .rec_bins(rec_bins),
    .m_rec_valid(m_rec_valid),
    .m_rec_ready(m_rec_ready),
    .m_rec_data(m_rec_data),
    .made(rec_made),
    .dropped(rec_dropped)
);

// ---- formal properties (yosys -formal; fpga/formal, make formal) ------------------------------
// Checked by induction at a small shape with formal/pg_core_formal.v as the environment (which
// also keeps tag counts below 8 and the sync queue short). The shadow registers (f_*) observe the
// core's own ports and state; none of them drives the design. The assertions together are
// 1-inductive (make -C fpga/formal induction): run 1 proves all but the two tagged
// "induction: run 2", run 2 those two using the ones tagged "induction: lemma" in the same clock
// (formal/ag_split.py reads the tags; keep a tag on the line where its assert statement ends).
// The tag "induction: own call" gives a run-1 goal its own SAT call (out of the source-order
// slices): the counter-sum lemmas and the input register's tag balance, slow in a slice (fw19i).
`ifdef FORMAL
    // Counts are compared modulo 2^FB (their low FB bits): a tag or trial lost or counted twice
    // changes them; full 64-bit sums make the SMT problems too hard for a quick run.
    localparam integer FB = 8;
    reg          f_rst_seen = 1'b0;         // a reset happened (assertions hold after it)
    reg [FB-1:0] f_acc;                     // tag words accepted on s_tag since reset
    reg [FB-1:0] f_go;                      // tag words processed (p1_go) since reset
    reg [FB-1:0] f_ld;                      // tag words moved into the input register since reset
    reg [FB-1:0] f_p1_in;                   // tags moved into the input register since the last clear
    reg [FB-1:0] f_in_tags;                 // tags (word counts) accepted since the last clear
    reg [FB-1:0] f_counted;                 // tags counted in a category since the last clear
    reg [FB-1:0] f_done_cats;               // categories of the frames handed over since the last clear
    reg [FB-1:0] f_pat_streamed;            // PATTERNS words loaded into the stream, this frame
    reg [FB-1:0] f_next_first;              // FIRST_TRIAL the next streamed frame must carry
    reg [FB-1:0] f_loaded, f_emitted;       // frame words loaded / handed over (since reset)
    reg [FWB-1:0] f_wcount;                 // frame words handed over in the current frame
    reg [FB-1:0] f_roles, f_cats, f_froles, f_fcats, f_pat_act, f_pat_frz;
    wire         f_live = f_rst_seen && !rst;
    assign f_tc_live = f_live && (state != S_CLEAR);
    // tags moved into the input register and not counted yet: its lanes still to process (an immediately
    // effective sync word hands its count to the sync engine, which counts it member by member)
    reg [FB-1:0] f_rem_cnt, f_seg_cnt, f_acc_cnt;
    reg [31:0]   f_c;
    always @* begin
        f_rem_cnt = {FB{1'b0}};
        f_seg_cnt = {FB{1'b0}};
        f_acc_cnt = {FB{1'b0}};
        for (l = 0; l < LANES; l = l + 1) begin
            if (p1_valid && p1_rem[l]) f_rem_cnt = f_rem_cnt + p1_cnt[32*l +: FB];
            if (lane_counts[l]) f_seg_cnt = f_seg_cnt + p1_cnt[32*l +: FB];
            f_c = s_tag_count[32*l +: 32];
            if (s_tag_keep[l]) f_acc_cnt = f_acc_cnt + ((f_c == 32'd0) ? {{(FB-1){1'b0}}, 1'b1} : f_c[FB-1:0]);
        end
    end
    // ... and the counts in the counter pipeline (K1, P, S: see pg_count_bank)
    reg [FB-1:0] f_k1_inc, f_p_inc, f_s_inc; // tags in K1 / in the pair sums P / in the increments S
    reg [FB-1:0] f_k1_sum;                  // the lanes of K1 that count, added
    always @* begin
        f_k1_sum = {FB{1'b0}};
        for (l = 0; l < LANES; l = l + 1) begin
            if (k1_en[l]) f_k1_sum = f_k1_sum + k1_cnt[32*l +: FB];
        end
    end
    wire [FB-1:0] f_pending = f_rem_cnt
                            + ((ev_percount && state != S_RUN && state != S_CLEAR) ? ev_left[FB-1:0] : {FB{1'b0}})
                            + f_k1_inc + f_p_inc + f_s_inc;

    // Counter sums as running (prefix) sums, one chain over the role counters (TAGS_SYNC ..
    // TAGS_OTHER) and one over the categories (SYNCS .. SYNC_DROPPED): f_pc[k] = the chain's sum of
    // counters up to k - 1 (active set), f_pf the same of the frozen set, f_pi of this clock's
    // increments (S), f_pp of the pair sums (P, each counter's pa + pb); f_roles = f_pc[C_SYNCS], f_cats = f_pc[NCNT]. The ghost f_gp[k] accumulates
    // f_pi[k]; the assertions f_gp[k] == f_pc[k] let the induction step add one counter at a time
    // (a SAT solver does not see sum(a_m + b_m) == sum(a_m) + sum(b_m) for 7 terms in 10 minutes).
    reg [FB-1:0] f_pc [0:NCNT];
    reg [FB-1:0] f_pf [0:NCNT];
    reg [FB-1:0] f_pi [0:NCNT];
    reg [FB-1:0] f_pp [0:NCNT];
    reg [FB*NCNT-1:0] f_gp;                 // [FB*(k-1) +: FB]: ghost of f_pc[k]
    reg [FB-1:0] f_inc;                     // tags counted this clock (they enter K1)
    always @* begin
        f_pc[0] = {FB{1'b0}};
        f_pf[0] = {FB{1'b0}};
        f_pi[0] = {FB{1'b0}};
        f_pp[0] = {FB{1'b0}};
        for (i = 0; i < NCNT; i = i + 1) begin
            if (i == C_SYNCS) begin
                f_pc[i+1] = cnt[i][FB-1:0];
                f_pf[i+1] = fcnt[i][FB-1:0];
                f_pi[i+1] = ps[i][FB-1:0];
                f_pp[i+1] = pa[i][FB-1:0] + pb[i][FB-1:0];
            end else begin
                f_pc[i+1] = f_pc[i] + cnt[i][FB-1:0];
                f_pf[i+1] = f_pf[i] + fcnt[i][FB-1:0];
                f_pi[i+1] = f_pi[i] + ps[i][FB-1:0];
                f_pp[i+1] = f_pp[i] + (pa[i][FB-1:0] + pb[i][FB-1:0]);
            end
        end
        f_roles  = f_pc[C_SYNCS];
        f_cats   = f_pc[NCNT];
        f_froles = f_pf[C_SYNCS];
        f_fcats  = f_pf[NCNT];
        f_inc = p1_go ? f_seg_cnt : ev_count ? ev_amt[FB-1:0] : {FB{1'b0}};
    end
    always @(posedge clk) begin
        for (i = 0; i < NCNT; i = i + 1) begin
            f_gp[FB*i +: FB] <= cnt_clear ? {FB{1'b0}} : f_gp[FB*i +: FB] + f_pi[i+1];
        end
    end

    // The PATTERNS balance as a chain (a SAT solver does not see that a sum of eight 8-bit terms
    // is unchanged when every pipeline stage hands its amount to the next in one clock): f_r_po
    // = what left queue A since the last swap or clear, f_r_s1 what left the op register, f_r_s2
    // / f_r_s3 / f_r_m what left pat_rmw's stage 1 / 2 / 3 (f_r_m: what was written).
    reg [FB-1:0] f_r_po, f_r_s1, f_r_s2, f_r_s3, f_r_m;
    always @(posedge clk) begin
        f_r_po <= f_r_po + f_tc_po_in[FB-1:0];
        f_r_s1 <= f_r_s1 + f_tc_po[FB-1:0];
        f_r_s2 <= f_r_s2 + f_tc_t1[FB-1:0];
        f_r_s3 <= f_r_s3 + f_tc_t2[FB-1:0];
        f_r_m  <= f_r_m  + f_tc_t3[FB-1:0];
        if (rst || state == S_CLEAR || swap) begin
            f_r_po <= {FB{1'b0}};
            f_r_s1 <= {FB{1'b0}};
            f_r_s2 <= {FB{1'b0}};
            f_r_s3 <= {FB{1'b0}};
            f_r_m  <= {FB{1'b0}};
        end
    end

    always @* begin
        f_pat_act = {FB{1'b0}};
        f_pat_frz = {FB{1'b0}};
        for (i = 0; i < NPAT; i = i + 1) begin
            f_pat_act = f_pat_act + (bank ? f_pat_flat[1][i*CW +: FB] : f_pat_flat[0][i*CW +: FB]);
            f_pat_frz = f_pat_frz + (bank ? f_pat_flat[0][i*CW +: FB] : f_pat_flat[1][i*CW +: FB]);
        end
    end

    always @(posedge clk) begin
        if (s_accept && (|s_tag_keep)) f_acc <= f_acc + 1'b1;
        if (s_accept) f_in_tags <= f_in_tags + f_acc_cnt;
        if (word_done) f_go <= f_go + 1'b1;
        if (p1_load && f_st_k_kept) f_ld <= f_ld + 1'b1;
        if (p1_load) f_p1_in <= f_p1_in + f_st_k_tags[FB-1:0];
        f_k1_inc <= f_inc;
        f_p_inc <= f_k1_inc;
        f_s_inc <= f_p_inc;
        f_counted <= f_counted + f_s_inc;
        if (frame_done) f_done_cats <= f_done_cats + f_fcats;
        if (swap) f_pat_streamed <= {FB{1'b0}};
        else if (frame_load && sel_pat) f_pat_streamed <= f_pat_streamed + s_pat_q[FB-1:0];
        if (frame_load && fi == PG_OFF_TRIALS[FWB-1:0]) f_next_first <= f_next_first + fw_data[FB-1:0];
        if (frame_load) f_loaded <= f_loaded + 1'b1;
        if (m_frame_valid && m_frame_ready) begin
            f_emitted <= f_emitted + 1'b1;
            f_wcount <= m_frame_last ? {FWB{1'b0}} : f_wcount + 1'b1;
        end
        if (state == S_CLEAR) begin
            f_in_tags <= {FB{1'b0}};
            f_p1_in <= {FB{1'b0}};
            f_counted <= {FB{1'b0}};
            f_done_cats <= {FB{1'b0}};
            f_next_first <= {FB{1'b0}};
        end
        if (rst) begin
            f_rst_seen <= 1'b1;
            f_k1_inc <= {FB{1'b0}};
            f_p_inc <= {FB{1'b0}};
            f_s_inc <= {FB{1'b0}};
            f_acc <= {FB{1'b0}};
            f_go <= {FB{1'b0}};
            f_ld <= {FB{1'b0}};
            f_loaded <= {FB{1'b0}};
            f_emitted <= {FB{1'b0}};
            f_wcount <= {FWB{1'b0}};
        end
    end

    always @* begin
        if (f_live) begin
            // -- structural invariants (strengthen the induction) --
            // (the state is legal and the sweep index below NCLR: pg_sequencer)
            assert(state != S_CLEAR || (!st_busy && !p1_valid && !div_busy && !fs_busy && !m_frame_valid));
            // the input stage takes words only in S_RUN with no command pending (a command queues
            // behind every word taken), and never in a configuration-write clock: pg_win_pre's
            // sync candidates and pg_input's decode read the configuration of the clock that takes
            // the word (2026-12-07: before, a word could be taken in a write clock, which no test
            // exercised: the ABI and the link's write hold never do it)
            if (s_accept) assert(in_run && !cmd_any && !cfg_write);
            // ... and a word moves into the input register only with the configuration settled
            if (p1_load) assert(st_cfg_ok && !cfg_write);
            // the stage's words hold counts the environment gives (1 .. 255 after the 0 -> 1 decode)
            assert(f_st_cnt_ok);
            if (f_st_words != 2'd0) assert(st_busy);
            if (!st_valid) assert(!st_busy);
            // S_DUE follows the step that closed a trial: the new trial is empty, no input yet
            assert(state != S_DUE || (trial_open && pattern == {WD{1'b0}}));
            // divisions run only after the first sync (which bin FIFO entry belongs to which trial is
            // checked by the C++ and differential tests, not here)
            if (div_busy_w != {WD{1'b0}}) assert(trial_open);
            // pattern bits are set only in an open trial (a first sync opens it)
            if (state != S_CLEAR && !trial_open) assert(pattern == {WD{1'b0}});
            // every first arrival has its bin, in order: per pattern bit, the bins in the close
            // engine's FIFO + the divisions in flight = the trials waiting for a bin of that bit (in
            // queue B or its head register) + the open trial when the bit is set (its division
            // started with the bit); so no bin is lost, none is left over for a later trial
            if (state != S_CLEAR) begin
                for (i = 0; i < WD; i = i + 1) begin
                    assert(f_tc_bins_have[8*i +: 8] + f_div_n[8*i +: 8] == f_tc_bins_owed[8*i +: 8] + {7'd0, pattern[i]});
                end
            end
            assert({{(31-KMB){1'b0}}, ev_m} <= KP1_32);
            // a registered command start: what it waited for still holds
            if (cmd_rdy) assert(in_run && !ev_pend && !st_busy && !p1_valid && !div_busy && cmd_any && !fs_busy && !cp_busy);
            // (the registered row-exists mask tc_exist is the thermometer of min(trials_total, K):
            // pg_sequencer)
            for (l = 0; l < LANES; l = l + 1) begin
                if (p1_valid && p1_rem[l]) assert(p1_cnt[32*l +: 32] != 32'd0 && p1_cnt[32*l+FB +: 32-FB] == 0);
                // the registered head compare is current whenever it is used
                if (p1_valid && p1_ge_ok && !q_empty) assert(p1_ge[l] == ($signed(q_head_e) <= $signed(p1_time[TW*l +: TW])));
            end
            // (the queue's own invariants, its registered head included: pg_sync_queue)
            assert(state == S_RUN || state == S_CLEAR || ev_left[31:FB] == 0);
            // no member is left outside S_EFF / S_DUE: S_RUN is entered only with none left, and a
            // single member taken in S_RUN does not load ev_left (it is pending), so the S_DUE it
            // may lead to returns to S_RUN, not to S_EFF
            if (state == S_RUN) assert(ev_left == 32'd0);
            // a pending single member exists only in S_RUN
            if (ev_pend) assert(state == S_RUN);
            // the sync engine's registered hold term is the one it stands for (its trial_open
            // next value is the sequencer's rule)
            assert(ev_wait_q == ((room_age != 2'd2) || (trial_open && due1)));
            // pending queue words hold counts below 2^FB (the environment's counts are small), and
            // not 0 (a count of 0 is taken as 1 at the input: the sync engine's ev_nz relies on it)
            for (i = 0; i < SQ; i = i + 1) begin
                if ({{(31-SQB){1'b0}}, q_count} > ((i - {{(32-SQB){1'b0}}, f_q_head}) & (SQ - 1))) assert(f_q_c[32*i+FB +: 32-FB] == 0 && f_q_c[32*i +: 32] != 32'd0);
            end
            assert(fs_busy || (!m_frame_valid && !fs_c_v));
            assert(!fs_busy || fi <= FW_N);
            // a word moves only into an empty input register, or one emptied at that edge
            assert(!(p1_load && p1_valid && !word_done));
            // a segment is a non-empty set of remaining lanes; a sync segment is one lane
            if (p1_go) assert(seg != {LANES{1'b0}} && (seg & ~p1_rem) == {LANES{1'b0}});
            if (p1_go && seg_sync) assert((seg & (seg - 1'b1)) == {LANES{1'b0}});
            // the registered room, due flags and bulk amount are current when a step may use them
            // (S_RUN, S_EFF; not S_DUE, which no step leaves: its swap or merge reloads the room)
            if (room_age != 2'd0 && state != S_DUE) assert(ev_room == ev_room_now);
            // S_DUE follows a due step (which needs room_age 2 and leaves it), and nothing resets
            // room_age there (no configuration write: not idle; no sweep): so its swap or merge
            // reloads the room from a current ft_room (pg_sync_engine). The due step left room 1,
            // every S_DUE clock reloads the room at seg_trials = 0 (room_reload), which the swap
            // or merge that leaves S_DUE restarts.
            // (Not ev_room_now: with the model's CW-bit counters a due step from seg_trials =
            // 2^CW - 1, after FRAME_TRIALS went from 0 to at most that, wraps seg_trials to 0; the
            // 64-bit counters of the real core never wrap, and the decision was right.)
            if (state == S_DUE) assert(room_age == 2'd2 && ((ev_room == 64'd1 && due1)
                                       || (ev_room == f_ft_room && due1 == (f_ft_room == 64'd1))));
            // the other reload, a host swap, may come while room_age is 0 (the clear sweep just
            // ended): the FRAME_TRIALS decode it loads is current, since a command pending means
            // the previous clock wrote no configuration (CTRL was written, or the core was not idle)
            if (cmd_any) assert(f_ft_ok);
            // the formal environment writes FRAME_TRIALS < 2^CW (pg_core_formal.v; trivial at
            // CW = 64): then no close step that is not due passes 2^CW in seg_trials
            assert((cfg_frame_trials >> CW) == 64'd0);
            if (state == S_EFF && ev_eff_n != 2'd0) assert(ev_room == ev_room_now);
            if (room_age == 2'd2 && state != S_DUE) begin
                assert(due1 == (ev_room <= 64'd1));
                // ... i.e. the contract's formula for a single member
                assert(due1 == ((cfg_frame_trials != 64'd0) && (zx(seg_trials) + 64'd1 >= cfg_frame_trials)));
            end
            if (state == S_EFF && ev_ready) assert(ev_bn == (({32'd0, ev_left} <= ev_room) ? ev_left : ev_room[31:0]));
            if (state == S_EFF && ev_ready && room_age == 2'd2) assert(ev_bdue == ({32'd0, ev_left} >= ev_room));
            if (state == S_EFF && ev_ready) assert(ev_bn[31:FB] == 0);
            if (fs_busy && sel_pat) assert({{(32-FWB){1'b0}}, fi} == O_PAT_32 + {{(32-RIB){1'b0}}, ri});
            // ... and FIRST_ARRIVAL / BOTH_ARRIVAL (the streamer's clear never hits its read: pg_hist_banks)
            if (fs_busy && sel_fa) assert({{(32-FWB){1'b0}}, fi} == O_FA_32 + {{(32-RIB){1'b0}}, ri});
            if (fs_busy && sel_ba) assert({{(32-FWB){1'b0}}, fi} == O_BA_32 + {{(32-RIB){1'b0}}, ri});
            // the streamer never reads, at the edge of a load, the word it clears there (its read
            // runs one word ahead), so the frozen bank needs no forwarding: pg_hist_banks forwards
            // the active ports only (outside the sweep, in which both banks take them)
            if (!in_clear && s_pat_we) assert(s_pat_raddr != ri[PATB-1:0]);
            if (!in_clear && s_fa_we)  assert(s_fa_raddr != ri[FAB-1:0]);
            if (D >= 2 && !in_clear && s_ba_we) assert(s_ba_raddr != ri[BAB-1:0]);
            // the streamer's prefetch: while PATTERNS words are loaded, the registered read holds word ri
            if (fs_busy && sel_pat) begin
                if (bank) assert(s_pat_q[FB-1:0] == f_pat_flat[0][{{(32-PATB){1'b0}}, ri[PATB-1:0]}*CW +: FB]);
                else      assert(s_pat_q[FB-1:0] == f_pat_flat[1][{{(32-PATB){1'b0}}, ri[PATB-1:0]}*CW +: FB]);
            end
            if (fs_busy && sel_flat) assert({{(32-FWB){1'b0}}, fi} == O_FLAT_32 + {{(32-RIB){1'b0}}, ri});
            if (state == S_CLEAR && clr != {CLB{1'b0}}) begin
                assert(frame_trials[FB-1:0] == 0 && trials_total[FB-1:0] == 0 && first_trial[FB-1:0] == 0);
                assert(q_count == 0 && ev_left == 0);
                for (i = 0; i < NCNT; i = i + 1) assert(cnt[i][FB-1:0] == 0);
                for (i = 0; i < NPAT; i = i + 1) begin
                    if (i < {{(32-CLB){1'b0}}, clr}) assert(f_pat_flat[0][i*CW +: FB] == 0 && f_pat_flat[1][i*CW +: FB] == 0);
                end
            end
            // a free frozen bank is all zero (the streamer cleared it), so a swap starts from zero
            if (state != S_CLEAR && !fs_busy) assert(f_pat_frz == 0);

            // -- more structural invariants, found with the induction's counterexamples --
            // the registered room to the next frame-due point is never 0 (a bulk step adds >= 1 trial)
            assert(ev_room != 64'd0);
            // the counter sums, one counter at a time (see f_gp)
            if (state != S_CLEAR) begin
                for (i = 0; i < NCNT; i = i + 1) assert(f_gp[FB*i +: FB] == f_pc[i+1]);  // induction: lemma, induction: own call
            end
            // the counter pipeline: K1 holds f_k1_inc tags, each enabled lane with one role and one
            // category; the pair sums add the tags of P once over the roles, once over the categories
            assert(f_k1_sum == f_k1_inc);
            for (l = 0; l < LANES; l = l + 1) begin
                if (k1_en[l]) begin
                    assert(k1_role[CNTB*l +: CNTB] <= C_TAGS_OTHER[CNTB-1:0]);
                    assert(k1_cat[CNTB*l +: CNTB] >= C_SYNCS[CNTB-1:0] && k1_cat[CNTB*l +: CNTB] <= C_DROPPED[CNTB-1:0]);
                end
            end
            if (!p_v) assert(f_p_inc == {FB{1'b0}});
            if (!s_v) assert(f_s_inc == {FB{1'b0}});
            // (the pair sums and increments are not reset: the clock after rst they hold anything,
            // and the clear sweep's first two clocks drop them)
            if (state != S_CLEAR || clr != {CLB{1'b0}}) begin
                assert(f_pp[C_SYNCS] == f_p_inc);
                assert(f_pp[NCNT] == f_p_inc);
            end
            if (state != S_CLEAR) begin
                assert(f_pi[C_SYNCS] == f_s_inc);
                assert(f_pi[NCNT] == f_s_inc);
            end
            // nothing in the counter pipeline during the clear sweep (commands wait for it)
            if (state == S_CLEAR) assert(k1_en == {LANES{1'b0}} && !p_v && !s_v);

            // -- 1. every input tag lands in exactly one accounting category --
            // a word is accepted once and processed once: f_acc - f_go = words in the input stage
            // and the input register, stated per stage (accepted - moved = in the stage, moved -
            // processed = in the register): the 1-induction proves each from its own stage's step
            // (the sum of both as one goal did not finish in 900 s, fw17i)
            assert(f_acc - f_ld == {{(FB-2){1'b0}}, f_st_words});
            assert(f_ld - f_go == {{(FB-1){1'b0}}, p1_valid});
            // a processed word selects exactly one role counter and exactly one category counter
            for (l = 0; l < LANES; l = l + 1) begin
                if (p1_go && seg[l]) begin
                    assert(role_idx[CNTB*l +: CNTB] <= C_TAGS_OTHER[CNTB-1:0]);
                    assert(cat_idx[CNTB*l +: CNTB] >= C_SYNCS[CNTB-1:0] && cat_idx[CNTB*l +: CNTB] <= C_DROPPED[CNTB-1:0]);
                end
            end
            if (state != S_CLEAR) begin
                // every tag accepted since the last clear is counted once, or still pending: in the
                // input stage, or moved into the input register (f_p1_in) and counted or pending
                // behind it. Two goals, one per stage (one goal with the stage's tags inside
                // f_pending did not finish in 900 s, fw17i); together they say
                // f_in_tags == f_counted + f_st_tags + f_pending
                assert(f_in_tags == f_p1_in + f_st_tags[FB-1:0]);
                assert(f_p1_in == f_counted + f_pending);  // induction: own call
                // ... in the categories of the active bank, the frozen bank, or a frame handed over
                assert(f_counted == f_cats + (fs_busy ? f_fcats : {FB{1'b0}}) + f_done_cats);  // induction: run 2
                // and each bank's categories add up to its role counters
                assert(f_roles == f_cats);  // induction: run 2
                if (fs_busy) assert(f_froles == f_fcats);
            end

            // -- 2. each frame's pattern histogram sums to its trial count --
            if (state != S_CLEAR) begin
                // the close engine's PATTERNS increments in flight are the trials it still owes:
                // the frame's trials = the amounts in its queue + its op register + pat_rmw's
                // three stages + Σ PATTERNS, shown as a chain of ghost sums (f_r_*: what has
                // passed each stage since the swap; one add per link, see f_r_po)
                assert(frame_trials[FB-1:0] == f_tc_q[FB-1:0] + f_r_po);  // induction: lemma
                assert(f_r_po == f_tc_po[FB-1:0] + f_r_s1);  // induction: lemma
                assert(f_r_s1 == f_tc_t1[FB-1:0] + f_r_s2);  // induction: lemma
                assert(f_r_s2 == f_tc_t2[FB-1:0] + f_r_s3);  // induction: lemma
                assert(f_r_s3 == f_tc_t3[FB-1:0] + f_r_m);  // induction: lemma
                assert(f_r_m == f_pat_act);  // induction: lemma
                assert(f_pat_act + f_tc_pat_pend[FB-1:0] == frame_trials[FB-1:0]);  // induction: run 2
                if (!tc_busy) assert(f_pat_act == frame_trials[FB-1:0]);
            end
            if (fs_busy) begin
                for (i = 0; i < NPAT; i = i + 1) begin
                    if ({{(32-FWB){1'b0}}, fi} > O_PAT_32 + i) begin
                        if (bank) assert(f_pat_flat[0][i*CW +: FB] == 0);
                        else      assert(f_pat_flat[1][i*CW +: FB] == 0);
                    end
                end
                assert(f_pat_frz + f_pat_streamed == f_trials[FB-1:0]);
                // the stream: the PATTERNS words of a frame sum to its TRIALS word
                if (frame_load && fi == O_TRL) assert(f_pat_streamed == f_trials[FB-1:0]);
            end

            // -- 3. no trial lost or counted twice across a bank swap (or a merge) --
            if (state != S_CLEAR) begin
                assert(trials_total[FB-1:0] == first_trial[FB-1:0] + frame_trials[FB-1:0]);
                if (fs_busy) begin
                    assert(first_trial[FB-1:0] == f_first[FB-1:0] + f_trials[FB-1:0]);
                    if ({{(32-FWB){1'b0}}, fi} > PG_OFF_TRIALS) assert(f_next_first == first_trial[FB-1:0]);
                    else assert(f_next_first == f_first[FB-1:0]);
                end else begin
                    assert(f_next_first == first_trial[FB-1:0]);
                end
            end
            // the stream: every frame's FIRST_TRIAL = the previous frame's FIRST_TRIAL + TRIALS
            if (frame_load && fi == PG_OFF_FIRST_TRIAL[FWB-1:0]) assert(fw_data[FB-1:0] == f_next_first);

            // -- 4. the frame stream handshake never drops or duplicates a word --
            assert(f_loaded - f_emitted == {{(FB-1){1'b0}}, m_frame_valid} + {{(FB-1){1'b0}}, fs_c_v});
            assert(fs_c_v || !fs_c_last);
            if (fs_busy) begin
                assert({{(32-FWB){1'b0}}, f_wcount} + {31'd0, m_frame_valid} + {31'd0, fs_c_v} == {{(32-FWB){1'b0}}, fi});
                assert(fs_c_last == (fs_c_v && fi == FW_N));
                assert(m_frame_last == (m_frame_valid && fi == FW_N && !fs_c_v));
            end else begin
                assert(f_wcount == {FWB{1'b0}} && !m_frame_last);
            end
        end
    end

    // AXI-Stream rule on the frame stream: a word offered and not taken stays, unchanged
    // (the previous clock's word in shadow registers, checked combinationally: no $past, so the
    // assertion is about the current state and the induction needs no extra step)
    reg          f_blk = 1'b0;              // the previous clock offered a word that was not taken
    reg [63:0]   f_blk_data;
    reg          f_blk_last;
    always @(posedge clk) begin
        f_blk      <= f_live && m_frame_valid && !m_frame_ready;
        f_blk_data <= m_frame_data;
        f_blk_last <= m_frame_last;
    end
    always @* begin
        if (f_live && f_blk) begin
            assert(m_frame_valid);
            assert(m_frame_data == f_blk_data);
            assert(m_frame_last == f_blk_last);
        end
    end
`endif

// ---- register file and register read (its own address, registered: 1 clock): pg_regs ---------------------------------
pg_regs #(.W(W), .D(D), .K(K), .B(B), .LANES(LANES), .CW(CW), .SQB(SQB)) regs (
    .clk(clk),
    .rst(rst),
    .reg_we(reg_we),
    .reg_addr(reg_addr),
    .reg_wdata(reg_wdata),
    .reg_raddr(reg_raddr),
    .reg_rdata(reg_rdata),
    .sync_channel(cfg_sync_channel),
    .frame_trials(cfg_frame_trials),
    .bin_ticks(cfg_bin_ticks),
    .sync_delay(cfg_sync_delay),
    .records_enable(cfg_records_enable),
    .det_channel(cfg_det_channel_flat),
    .det_delay(cfg_det_delay_flat),
    .win_start(cfg_win_start_flat),
    .win_length(cfg_win_length_flat),
    .status({status_quiet, status_frame_pending, status_idle}),
    .frames(frames_out),
    .trials(trials_total),
    .merges(merges_total),
    .sync_pending(q_count),
    .rec_made(rec_made),
    .rec_dropped(rec_dropped)
);

endmodule

`resetall
