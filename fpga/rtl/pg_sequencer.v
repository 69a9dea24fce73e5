/*
 * pg_sequencer -- the main sequencer of pg_core: its state (clear sweep, run, sync-engine members,
 * frame due), the CTRL commands, the trial state (open trial, its sync time and pattern, the
 * pattern history, the trial counters and the row-exists mask of the close engine), and the two
 * frame banks' bookkeeping (active bank, frozen-bank busy flag and header, SEQ, FIRST_TRIAL,
 * MERGES, FRAMES).
 *
 * States (pg_state.vh): S_CLEAR sweeps clr over NCLR clocks (the owner clears every memory at clr)
 * and clears the trial state and counters; S_RUN takes segments (a sync taken whose word has more
 * than one member: S_EFF; a pending member's step that makes the frame due: S_DUE; a command
 * starts: CLOSE_FRAME swaps (the owner's swap_host), RESET sweeps); S_EFF applies the sync
 * engine's members (S_DUE when due, S_RUN when none is left); S_DUE waits for the swap or merge
 * the owner decides (swap_trial / merge_now). A step (ev_step) closes the open trial: adds
 * ev_amt to the trial counters, shifts the history (hist_next, from the owner), and opens the
 * next trial at ev_new_e. A swap freezes the active frame's header and starts the next frame; a
 * merge counts and restarts seg_trials; frame_done frees the frozen bank.
 *
 * Parameters: W, D, K, B the core's shape (pg_map.vh: the frame FLAGS bits), CW counter width, TW
 * time width, CLB clear-sweep index bits, NCLR clear-sweep clocks.
 *
 * Interface (synchronous to clk; rst: S_CLEAR from clr 0, no command, bank 0, frozen bank free;
 * the trial state and counters are cleared by the sweep that follows)
 *   ctrl_we, ctrl_wdata           a write of CTRL (bit 0 CLOSE_FRAME, bit 1 RESET): queued as
 *                                 cmd_close / cmd_reset until the command starts (cmd_go)
 *   p1_go, pat_new                a segment is applied: its pattern bits
 *   pop_go, q_head_one            the queue head is taken (its word has one member)
 *   take_imm, sy_one              an in-order sync lane effective at once (one member)
 *   ev_*, due1                    the sync engine (pg_sync_engine): a step, its amount (1, or
 *                                 the bulk ev_bn when ev_bulk; ev_bn_k: ev_bn >= K, registered),
 *                                 its new sync's effective time, the pending step, S_EFF's step /
 *                                 due / last / no member left
 *   hist_next                     the history after a step (the owner's shift of pattern, hist)
 *   swap, swap_trial, swap_host, merge_now, frame_done
 *                                 the owner's bank swap (by a due frame / by CLOSE_FRAME), merge,
 *                                 and the streamer's end of frame
 *   state, clr, cmd_close, cmd_reset, trial_open, sync_time, pattern, hist, tc_exist,
 *   trials_total, frame_trials, seg_trials, first_trial, merges_total, frames_out, bank,
 *   fs_busy, f_seq, f_first, f_trials, f_merges, f_flags
 *                                 the registers (f_*: the frozen frame's header, not formal-only)
 *
 * Latency: every output is a register, updated at the edge of the clock whose inputs decide it.
 *
 * Formal properties (`ifdef FORMAL): the state is a legal one, the sweep index stays below NCLR,
 * and tc_exist is the thermometer of min(trials_total, K).
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_sequencer #(
    parameter integer W = 2,
    parameter integer D = 2,
    parameter integer K = 8,
    parameter integer B = 256,   // (pg_map.vh's frame layout reads W, D, K, B)
    parameter integer CW = 64,
    parameter integer TW = 64,
    parameter integer CLB = 11,
    parameter integer NCLR = 1024,
    parameter integer KMB = 4    // the sync engine's member-counter bits (clog2(K + 2)): ev_bn's low bits
) (
    input  wire                clk,
    input  wire                rst,

    input  wire                ctrl_we,
    input  wire [1:0]          ctrl_wdata,
    input  wire                cmd_go,
    input  wire                p1_go,
    input  wire [W*D-1:0]      pat_new,
    input  wire                pop_go,
    input  wire                q_head_one,
    input  wire                take_imm,
    input  wire                sy_one,
    input  wire                ev_step,
    input  wire                ev_pend_step,
    input  wire                ev_eff_step,
    input  wire                ev_due,
    input  wire                ev_last,
    input  wire                ev_left0,
    input  wire                ev_bulk,
    input  wire [31:0]         ev_bn,
    input  wire                ev_bn_k,
    input  wire [TW-1:0]       ev_new_e,
    input  wire                due1,
    input  wire [K*W*D-1:0]    hist_next,
    input  wire                swap,
    input  wire                swap_trial,
    input  wire                swap_host,
    input  wire                merge_now,
    input  wire                frame_done,

    output reg  [2:0]          state,
    output reg  [CLB-1:0]      clr,
    output reg                 cmd_close,
    output reg                 cmd_reset,
    output reg                 trial_open,
    output reg  [TW-1:0]       sync_time,
    output reg  [W*D-1:0]      pattern,
    output reg  [K*W*D-1:0]    hist,
    output reg  [K-1:0]        tc_exist,
    output reg  [CW-1:0]       trials_total,
    output reg  [CW-1:0]       frame_trials,
    output reg  [CW-1:0]       seg_trials,
    output reg  [CW-1:0]       first_trial,
    output reg  [CW-1:0]       merges_total,
    output reg  [CW-1:0]       frames_out,
    output reg                 bank,
    output reg                 fs_busy,
    output reg  [CW-1:0]       f_seq,
    output reg  [CW-1:0]       f_first,
    output reg  [CW-1:0]       f_trials,
    output reg  [CW-1:0]       f_merges,
    output reg  [1:0]          f_flags
);

reg [CW-1:0] merges;              // merges into the active frame (the frozen header's MERGES)
reg [CW-1:0] seq_next;            // SEQ of the next frame to freeze

`include "pg_map.vh"
`include "pg_state.vh"
`include "pg_zx.vh"
`include "pg_cw.vh"

localparam integer WD = W * D;
localparam [1:0] FLAG_HOST  = PG_FLAG_HOST_CLOSE[1:0];
localparam [1:0] FLAG_TRIAL = PG_FLAG_TRIAL_CLOSE[1:0];

integer i, j;

// The trial counters (trials_total, frame_trials, seg_trials) add the step's amount, ev_amt =
// ev_bulk ? ev_bn : 1, at the step's edge. A wide counter (CW > TC_ONE_ADD_CW) forms both sums
// from registers (+ 1 and + ev_bn, side by side) and ev_bulk selects after the carry chains, so
// that neither the owner's state decode nor the amount select lies in front of a 64-bit carry
// chain (6.1-6.5 ns estimated on xc7 before 2026-12-07, the chain alone ~2.7 ns). A narrow one
// (the iCE40 tripwire's CW 12) adds the selected amount in one carry chain: the second chain
// costs a carry and a LUT per bit and its short chain does not need it. The values are the same
// at every edge either way.
// (The wide select is written as AND-OR: a ?: after two adds with a common operand is folded back
// into one add behind a select by synthesis' opt_share, which is what it must not be there.)
localparam integer TC_ONE_ADD_CW = 32;
wire [CW-1:0] trials_total_add, frame_trials_add, seg_trials_add;
generate
    if (CW > TC_ONE_ADD_CW) begin : g_tc_two
        wire [CW-1:0] bulk_m = {CW{ev_bulk}};
        wire [CW-1:0] tt_b = trials_total + cw_of32(ev_bn), tt_1 = trials_total + 1'b1;
        wire [CW-1:0] ft_b = frame_trials + cw_of32(ev_bn), ft_1 = frame_trials + 1'b1;
        wire [CW-1:0] st_b = seg_trials + cw_of32(ev_bn),   st_1 = seg_trials + 1'b1;
        assign trials_total_add = (tt_b & bulk_m) | (tt_1 & ~bulk_m);
        assign frame_trials_add = (ft_b & bulk_m) | (ft_1 & ~bulk_m);
        assign seg_trials_add   = (st_b & bulk_m) | (st_1 & ~bulk_m);
    end else begin : g_tc_one
        wire [CW-1:0] amt = ev_bulk ? cw_of32(ev_bn) : {{(CW-1){1'b0}}, 1'b1};
        assign trials_total_add = trials_total + amt;
        assign frame_trials_add = frame_trials + amt;
        assign seg_trials_add   = seg_trials + amt;
    end
endgenerate

// the closing trial: trial n - 1 - j exists when j < trials closed so far (trials_total > j),
// kept in a register beside trials_total (a thermometer of min(trials_total, K), updated with it
// by the step's amount) so that no compare on the 64-bit count lies in front of the close
// engine's step masks
reg [K-1:0] tc_exist_next;
always @* begin
    for (j = 0; j < K; j = j + 1) begin
        // trials_total + ev_amt > j: ev_amt > j, or ev_amt = a <= j and trial j - a existed
        // (formed for ev_amt = ev_bn and for 1 from registers, ev_bulk selects: as the counters)
        // (ev_bn >= K: every row exists after it; else ev_bn < K, its low bits suffice)
        tc_exist_next[j] = ev_bn_k || {{(32-KMB){1'b0}}, ev_bn[KMB-1:0]} > j;
        for (i = 0; i <= j; i = i + 1) begin
            if ({{(32-KMB){1'b0}}, ev_bn[KMB-1:0]} == i && tc_exist[j - i]) tc_exist_next[j] = 1'b1;
        end
        if (!ev_bulk) tc_exist_next[j] = (j == 0) || tc_exist[(j > 0) ? j - 1 : 0];
    end
end

always @(posedge clk) begin
    // register commands (self-clearing)
    if (ctrl_we) begin
        if (ctrl_wdata[0]) cmd_close <= 1'b1;
        if (ctrl_wdata[1]) cmd_reset <= 1'b1;
    end

    case (state)
        S_CLEAR: begin
            trial_open   <= 1'b0;
            sync_time    <= {TW{1'b0}};
            pattern      <= {WD{1'b0}};
            hist         <= {(K*WD){1'b0}};
            trials_total <= {CW{1'b0}};
            tc_exist     <= {K{1'b0}};
            frame_trials <= {CW{1'b0}};
            seg_trials   <= {CW{1'b0}};
            first_trial  <= {CW{1'b0}};
            merges       <= {CW{1'b0}};
            merges_total <= {CW{1'b0}};
            seq_next     <= {CW{1'b0}};
            frames_out   <= {CW{1'b0}};
            clr <= clr + 1'b1;
            if ({{(32-CLB){1'b0}}, clr} == NCLR - 1) begin
                state <= S_RUN;
            end
        end

        S_RUN: begin
            // a pending member applied (the step block below) that closes the frame: S_DUE (the
            // process stage is held meanwhile); a sync taken (a pop, or an in-order sync lane
            // effective at once): a single member is pending (applied the next clock), else
            // the sync engine applies the word in S_EFF
            if (ev_pend_step && trial_open && due1) state <= S_DUE;
            if (pop_go) begin
                if (!q_head_one) state <= S_EFF;
            end else if (take_imm) begin
                if (!sy_one) state <= S_EFF;
            end
            if (pop_go) begin
                // the oldest pending sync word becomes effective before the tag in p1 (pg_sync_queue)
            end else if (p1_go) begin
                pattern <= pattern | pat_new;
            end else if (cmd_go) begin
                if (cmd_close) begin
                    cmd_close <= 1'b0;
                end else begin
                    cmd_reset <= 1'b0;
                    clr       <= {CLB{1'b0}};
                    state     <= S_CLEAR;
                end
            end
        end

        S_EFF: begin
            // one member (or a bulk of them) per step (the step block below); the next clock is
            // the input's again unless the frame is due or members are left
            if (ev_left0) begin
                state <= S_RUN;
            end else if (ev_eff_step) begin
                if (trial_open && ev_due) state <= S_DUE;
                else if (ev_last) state <= S_RUN;
            end
        end

        S_DUE: begin
            if (swap_trial || merge_now) state <= ev_left0 ? S_RUN : S_EFF;
            if (merge_now) begin
                merges       <= merges + 1'b1;
                merges_total <= merges_total + 1'b1;
                seg_trials   <= {CW{1'b0}};
            end
        end

        default: state <= S_CLEAR;
    endcase

    // a sync-engine step (fold in S_RUN, or S_EFF): closes the open trial (counted here, its
    // increments to the close engine) and opens the next at the sync's effective time
    if (ev_step) begin
        if (trial_open) begin
            trials_total <= trials_total_add;             // + ev_amt
            tc_exist     <= tc_exist_next;
            frame_trials <= frame_trials_add;
            seg_trials   <= seg_trials_add;
            hist         <= hist_next;
        end
        trial_open <= 1'b1;
        sync_time  <= ev_new_e;
        pattern    <= {WD{1'b0}};
    end

    // bank swap: the active frame is frozen and streams out, the other bank becomes active
    if (swap) begin
        bank         <= ~bank;
        fs_busy      <= 1'b1;
        f_seq        <= seq_next;
        f_first      <= first_trial;
        f_trials     <= frame_trials;
        f_merges     <= merges;
        f_flags      <= swap_host ? FLAG_HOST : FLAG_TRIAL;
        seq_next     <= seq_next + 1'b1;
        first_trial  <= trials_total;
        frame_trials <= {CW{1'b0}};
        seg_trials   <= {CW{1'b0}};
        merges       <= {CW{1'b0}};
    end

    // frame streamer (frozen bank): pg_frame_stream
    if (frame_done) begin
        fs_busy    <= 1'b0;
        frames_out <= frames_out + 1'b1;
    end

    if (rst) begin
        state         <= S_CLEAR;
        clr           <= {CLB{1'b0}};
        cmd_close     <= 1'b0;
        cmd_reset     <= 1'b0;
        bank          <= 1'b0;
        fs_busy       <= 1'b0;
    end
end

`ifdef FORMAL
integer fj;
reg f_rst_seen = 1'b0;
always @(posedge clk) if (rst) f_rst_seen <= 1'b1;
always @* begin
    if (f_rst_seen && !rst) begin
        assert(state <= S_DUE && state != 3'd3);
        assert(state != S_CLEAR || {{(32-CLB){1'b0}}, clr} < NCLR);
        // the registered row-exists mask: a thermometer of min(trials_total, K) (once K
        // trials have closed it stays full, also when a narrow trials_total wraps)
        if (state != S_CLEAR) begin
            for (fj = 1; fj < K; fj = fj + 1) if (tc_exist[fj]) assert(tc_exist[fj - 1]);
            if (!tc_exist[K - 1]) begin
                for (fj = 0; fj < K; fj = fj + 1) assert(tc_exist[fj] == (zx(trials_total) > {32'd0, fj}));
            end
        end
    end
end
`endif

endmodule

`resetall
