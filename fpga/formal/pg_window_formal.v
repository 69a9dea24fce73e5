/*
 * pg_window_formal -- the window decision, module level (make -C fpga/formal window).
 *
 * pg_win_pre (the bounds and the lane bits, registered with the word) feeds pg_process (the
 * process stage, which selects a lane's bits by its detector and decides its category and first
 * arrivals), connected as in pg_core. Every input is free but for the input contract of
 * pg_win_pre (assumed in its `ifdef PG_WIN_PRE_FORMAL block: configuration changes only after a
 * configuration write, words taken only while cfg_ok, base moves only for a word taken since, the
 * queue head taken only when its bounds are current, sync_time still while the configuration
 * settles) and, here, a detector lane's index below D. pg_win_pre's ghost f_base is the effective
 * sync time of the open trial (the one whose bounds are in use); the owner (pg_core) applies a
 * detector lane only while the lane bits are current (st_ok), and then its sync_time is f_base.
 *
 * The reference is the contract written out (docs/frame-format.md, "Tag processing", rule 5, and
 * SoftDevice): for a detector tag of detector d at raw time t and window w,
 *     rel = (t + DET_DELAY[d]) - (sync_time + WIN_START[w])      (64-bit, here modulo 2^TW)
 *     in window w  iff  rel < WIN_LENGTH[w][31:0]                 (unsigned, zero-extended)
 * computed here with 64-bit adds from the configuration registers and the lane's raw time, none
 * of pg_win_pre's bounds or carries. Asserted, from the first reset on, for every lane l:
 *   - a detector lane (in order, not a sync) is counted (lane_counts) only while the lane bits
 *     are current (st_ok);
 *   - while they are current, its category is IN_WINDOW iff the tag is in at least one window by
 *     the formula, OUTSIDE iff in none (an open trial; BEFORE_FIRST_SYNC before the first sync);
 *   - per window w and detector d, the segment sets pattern bit w*D + d (pat_new) iff a lane of
 *     the segment of detector d is in window w by the formula and the bit is clear;
 *   - its first arrival (div_valid) carries the formula's rel of the first such lane (div_rel,
 *     the divider's input: bin = rel / BIN_TICKS).
 * Proven by 1-induction (yosys sat; the base case is trivial: every assertion waits for the first
 * reset), together with pg_win_pre's own assertions; planted bugs: window-bug (the Makefile makes a mutant copy of
 * pg_win_pre.v, e.g. t > lo for t >= lo, removes pg_win_pre's own assertions, and requires the BMC
 * to find a counterexample to the decision properties here).
 *
 * Parameters: W, D, LANES, TW as pg_win_pre / pg_process (the proof runs at W 2, D 2, LANES 2,
 * TW 4: overlapping windows, two detectors to select, two lanes, times wrapping at 2^4 and window
 * lengths (32 bits) of 2^TW and more, so every wrap-around case is a few values away; at TW 8 one
 * decision goal of run 2 did not finish in 150 s on the shared machine, 2026-12-07).
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_window_formal #(
    parameter integer W = 2,
    parameter integer D = 2,
    parameter integer LANES = 2,
    parameter integer TW = 8,
    parameter integer DB = 1,
    parameter integer CNTB = 4,
    parameter integer WD = W * D          // (do not override)
) (
    input  wire                    clk,
    input  wire                    rst,
    // pg_win_pre
    input  wire [TW-1:0]           sync_time,
    input  wire [64*W-1:0]         win_start,
    input  wire [64*W-1:0]         win_length,
    input  wire [64*D-1:0]         det_delay,
    input  wire [63:0]             sync_delay,
    input  wire                    cfg_write,
    input  wire [TW-1:0]           q_head_n,
    input  wire [LANES-1:0]        base_first,
    input  wire                    base_imm,
    input  wire                    base_queue,
    input  wire                    load,
    input  wire [64*LANES-1:0]     s_time,
    input  wire [TW*LANES-1:0]     p_time,
    // pg_process
    input  wire                    in_run,
    input  wire                    sy_one,
    input  wire                    trial_open,
    input  wire [WD-1:0]           pattern,
    input  wire                    q_empty,
    input  wire                    q_full,
    input  wire                    delay_le0,
    input  wire [LANES-1:0]        p_rem,
    input  wire [TW*LANES-1:0]     p_tsd,
    input  wire [32*LANES-1:0]     p_cnt,
    input  wire [LANES-1:0]        p_ooo,
    input  wire [LANES-1:0]        p_sync,
    input  wire [LANES-1:0]        p_det,
    input  wire [DB*LANES-1:0]     p_d,
    input  wire [LANES-1:0]        p_ge,
    input  wire                    p_ge_ok
);

`include "pg_count_idx.vh"

wire                    cfg_ok, ok;
wire [WD*LANES-1:0]     ge, lt;
wire [32*WD*LANES-1:0]  rel;
wire [WD-1:0]           wrap;
wire [W-1:0]            full;
wire [TW-1:0]           f_base;
wire                    f_live;

pg_win_pre #(.W(W), .D(D), .LANES(LANES), .TW(TW)) win_pre (
    .clk(clk), .rst(rst),
    .sync_time(sync_time), .win_start(win_start), .win_length(win_length),
    .det_delay(det_delay), .sync_delay(sync_delay),
    .cfg_write(cfg_write), .cfg_ok(cfg_ok),
    .q_head_n(q_head_n), .base_first(base_first), .base_imm(base_imm), .base_queue(base_queue),
    .ok(ok), .load(load), .s_time(s_time), .p_time(p_time),
    .ge(ge), .lt(lt), .rel(rel), .wrap(wrap), .full(full),
    .f_base_o(f_base), .f_live_o(f_live)
);

// p_ios / p_geo: registered in pg_input beside the word, equal to these (its own assertions,
// proven in pg_core's induction; fw18i)
wire [LANES-1:0]       seg, rem_after;
wire                   seg_pop, seg_sync, imm, enq, drop, pop_go, go, word_done, ready;
wire [TW-1:0]          sy_tsd;
wire [31:0]            sy_cnt;
wire [WD-1:0]          pat_new, div_valid;
wire [32*WD-1:0]       div_rel;
wire [CNTB*LANES-1:0]  role_idx, cat_idx;
wire [LANES-1:0]       lane_counts;

pg_process #(.W(W), .D(D), .LANES(LANES), .TW(TW), .DB(DB), .CNTB(CNTB)) proc_stage (
    .in_run(in_run), .st_ok(ok), .cfg_ok(cfg_ok), .sy_one(sy_one),
    .trial_open(trial_open), .pattern(pattern),
    .q_empty(q_empty), .q_full(q_full), .delay_le0(delay_le0),
    .p_rem(p_rem), .p_tsd(p_tsd), .p_cnt(p_cnt), .p_ooo(p_ooo), .p_sync(p_sync), .p_det(p_det),
    .p_d(p_d), .p_ios(p_sync & ~p_ooo), .p_geo(p_ge & ~p_ooo), .p_ge_ok(p_ge_ok),
    .p_wge(ge), .p_wlt(lt), .p_rel(rel), .wd_wrap(wrap), .w_full(full),
    .seg(seg), .seg_pop(seg_pop), .seg_sync(seg_sync), .sy_tsd(sy_tsd), .sy_cnt(sy_cnt),
    .imm(imm), .enq(enq), .drop(drop), .pop_go(pop_go), .go(go),
    .rem_after(rem_after), .word_done(word_done), .ready(ready),
    .pat_new(pat_new), .div_valid(div_valid), .div_rel(div_rel),
    .role_idx(role_idx), .cat_idx(cat_idx), .lane_counts(lane_counts)
);

integer l, w, d;

// ---- the contract's decision, from the configuration and the lane's raw time -------------------
function [63:0] zx(input [TW-1:0] v);
    begin
        zx = 64'd0;
        zx[TW-1:0] = v;
    end
endfunction

reg [LANES-1:0]    f_det;            // lane l is an in-order detector tag (not a sync)
reg [64*LANES*W-1:0] f_rel;         // [64*(l*W + w) +: 64]: the contract's rel
reg [LANES*W-1:0]  f_in;             // [l*W + w]: lane l is in window w
reg [WD-1:0]       f_pat;            // the pattern bits the segment sets
reg [32*WD-1:0]    f_frel;           // the first arrival's rel (low 32 bits) per bit
reg [WD-1:0]       f_seen;
reg [31:0]         f_d;
always @* begin
    f_pat  = {WD{1'b0}};
    f_frel = {(32*WD){1'b0}};
    f_seen = {WD{1'b0}};
    for (l = 0; l < LANES; l = l + 1) begin
        f_d = 32'd0;
        f_d[DB-1:0] = p_d[DB*l +: DB];
        f_det[l] = p_rem[l] && p_det[l] && !p_sync[l] && !p_ooo[l];
        for (w = 0; w < W; w = w + 1) begin
            // (modulo 2^TW only the low TW bits of the operands matter: taken before the adds, so
            // that the solver meets TW-bit adders, not 64-bit ones whose high bits are masked)
            f_rel[64*(l*W + w) +: 64] = zx(p_time[TW*l +: TW] + det_delay[64*f_d +: TW]
                                           - (f_base + win_start[64*w +: TW]));
            f_in[l*W + w] = f_rel[64*(l*W + w) +: 64] < {32'd0, win_length[64*w +: 32]};
            for (d = 0; d < D; d = d + 1) begin
                if (f_det[l] && trial_open && f_d == d && f_in[l*W + w] && !pattern[w*D + d] && seg[l]) begin
                    f_pat[w*D + d] = 1'b1;
                    if (!f_seen[w*D + d]) f_frel[32*(w*D + d) +: 32] = f_rel[64*(l*W + w) +: 32];
                    f_seen[w*D + d] = 1'b1;
                end
            end
        end
    end
end

// a detector lane's index is a detector (pg_input maps channels to detectors 0 .. D-1)
always @* begin
    for (l = 0; l < LANES; l = l + 1) if (p_det[l]) assume({{(32-DB){1'b0}}, p_d[DB*l +: DB]} < D);
end

always @* begin
    if (f_live) begin
        for (l = 0; l < LANES; l = l + 1) begin
            // a detector lane counts only with current lane bits
            if (lane_counts[l] && f_det[l]) assert(ok);  // induction: run 2
            // its category, by the formula (any window)
            if (ok && f_det[l] && trial_open)
                assert(cat_idx[CNTB*l +: CNTB] == ((|f_in[l*W +: W]) ? C_IN_WINDOW[CNTB-1:0] : C_OUTSIDE[CNTB-1:0]));  // induction: run 2
            if (f_det[l] && !trial_open) assert(cat_idx[CNTB*l +: CNTB] == C_BEFORE[CNTB-1:0]);  // induction: run 2
        end
        // per window and detector: the pattern bits the segment sets and the first arrivals' rel
        if (ok || go) assert(pat_new == f_pat);  // induction: run 2
        for (w = 0; w < WD; w = w + 1) if (div_valid[w]) assert(div_rel[32*w +: 32] == f_frel[32*w +: 32]);  // induction: run 2
    end
end

endmodule

`resetall
