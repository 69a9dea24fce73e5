/*
 * pg_process -- the process stage of pg_core: decides, for the word in the input register
 * (pg_input), which lanes this clock applies (one segment), and what each of them does.
 *
 * The lanes still in the register are processed in order, as if one by one, in segments: per
 * clock either
 *   - a queue pop (the oldest pending sync becomes effective before the first remaining lane: its
 *     time reached the queue head's effective time), or
 *   - the first remaining lane alone when it is an in-order sync (effective at once, queued or
 *     dropped), or
 *   - every remaining lane up to the next in-order sync or the next lane that pops the queue:
 *     clicks, other channels and out-of-order tags need nothing from each other within one trial
 *     (pattern bits OR, first arrivals go to the first lane that hits each pattern bit, counts
 *     add up).
 * A word without syncs or due pops is therefore one clock, whatever LANES is.
 *
 * Every decision is a flat function of registered bits (no chain across the lanes): with stop[l]
 * = remaining lane l is an in-order sync or pops the queue, and first = the lowest remaining
 * lane, lane l is in the segment iff it is the first and does not pop, or no remaining lane up
 * to it stops; the word is done iff it has one lane left or none stops. A pattern bit's first
 * arrival is the first REMAINING lane that hits it (the segment is a prefix of the remaining
 * lanes, so that lane is in the segment iff any hitting lane is): its rel is selected without
 * the segment, and only the divider's valid bit waits for it.
 *
 * Parameters: W windows, D detectors, LANES lanes per word, TW time width, DB detector index bits,
 * CNTB counter index bits (set by the owner: counter order of pg_core, TAGS_SYNC .. SYNC_DROPPED).
 *
 * Interface (combinational: the owner's registers act on these at the next edge)
 *   in_run, st_ok                   the core runs (S_RUN, no sync-engine hold), window bits current
 *   cfg_ok                          the configuration has settled (pg_win_pre; no word before)
 *   sy_one                          the first remaining lane has count 1 (a sync of count 1
 *                                   effective at once counts as a lane of its segment)
 *   trial_open, pattern             a sync became effective; the open trial's pattern bits
 *   q_empty, q_full, delay_le0      sync-delay queue empty / full; SYNC_DELAY <= 0
 *   p_rem .. p_ge_ok                the input register (pg_input), lane l at [.. * l]; the segment
 *                                   select reads p_ios (in-order sync) and p_geo (in-order lane at or
 *                                   after the queue head), registered there, not p_sync / p_ooo / p_ge
 *   p_wge, p_wlt, p_rel, wd_wrap, w_full   its window bits (pg_win_pre)
 *   seg, seg_pop, seg_sync          the segment's lanes; it is a queue pop; it is one in-order sync
 *   sy_tsd, sy_cnt                  that sync's effective time and count
 *   imm, enq, drop                  the sync is effective at once / queued / dropped (queue full)
 *   pop_go, go                      the queue pops this clock / the segment is applied
 *   rem_after, word_done            the lanes left after the segment; none (the register empties)
 *   ready                           the input register may take the input stage's word at this edge
 *                                   (it is empty or emptied now; pg_input's take). Not s_tag_ready,
 *                                   which is a register of the input stage; a pending command does not
 *                                   stop it (the words in the stage were taken before the command)
 *   pat_new                         pattern bits the segment sets (first arrivals)
 *   div_valid[b], div_rel[32*b +: 32]   a first arrival of bit b enters its divider
 *   role_idx, cat_idx, lane_counts  per lane: its role and category counter, and whether it
 *                                   counts now (not: an immediately effective sync, whose members
 *                                   the sync engine counts)
 *
 * Latency: 0 clocks (the stage is the clock after the input register).
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_process #(
    parameter integer W = 2,
    parameter integer D = 2,
    parameter integer LANES = 4,
    parameter integer TW = 64,
    parameter integer DB = 1,
    parameter integer CNTB = 4,
    parameter integer WD = W * D          // (do not override)
) (
    input  wire                    in_run,
    input  wire                    st_ok,
    input  wire                    cfg_ok,
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
    input  wire [LANES-1:0]        p_ios,
    input  wire [LANES-1:0]        p_geo,
    input  wire [LANES-1:0]        p_sync,
    input  wire [LANES-1:0]        p_det,
    input  wire [DB*LANES-1:0]     p_d,
    input  wire                    p_ge_ok,
    input  wire [WD*LANES-1:0]     p_wge,
    input  wire [WD*LANES-1:0]     p_wlt,
    input  wire [32*WD*LANES-1:0]  p_rel,
    input  wire [WD-1:0]           wd_wrap,
    input  wire [W-1:0]            w_full,

    output reg  [LANES-1:0]        seg,
    output wire                    seg_pop,
    output wire                    seg_sync,
    output reg  [TW-1:0]           sy_tsd,
    output reg  [31:0]             sy_cnt,
    output wire                    imm,
    output wire                    enq,
    output wire                    drop,
    output wire                    pop_go,
    output wire                    go,
    output wire [LANES-1:0]        rem_after,
    output wire                    word_done,
    output wire                    ready,
    output reg  [WD-1:0]           pat_new,
    output reg  [WD-1:0]           div_valid,
    output reg  [32*WD-1:0]        div_rel,
    output reg  [CNTB*LANES-1:0]   role_idx,
    output reg  [CNTB*LANES-1:0]   cat_idx,
    output reg  [LANES-1:0]        lane_counts
);

// counter indices (the order of the frame words TAGS_SYNC .. SYNC_DROPPED)
`include "pg_count_idx.vh"

integer l, k, i, j;

// ---- the segment --------------------------------------------------------------------------------
wire             p_valid = |p_rem;
wire             ge_ok   = p_ge_ok || q_empty;
reg [LANES-1:0]  first;           // the lowest remaining lane (one-hot)
reg [LANES-1:0]  pop;             // remaining lane l would pop the queue head first
reg [LANES-1:0]  stop;            // remaining lane l starts a new segment: in-order sync, or pops
reg [LANES-1:0]  ss;              // remaining lane l is an in-order sync
reg              any_before, stop_upto;
always @* begin
    any_before = 1'b0;
    for (l = 0; l < LANES; l = l + 1) begin
        first[l] = p_rem[l] && !any_before;
        any_before = any_before || p_rem[l];
        ss[l]   = p_rem[l] && p_ios[l];
        pop[l]  = p_rem[l] && !q_empty && p_geo[l];
        stop[l] = ss[l] || pop[l];
    end
    for (l = 0; l < LANES; l = l + 1) begin
        stop_upto = 1'b0;
        for (k = 0; k <= l; k = k + 1) stop_upto = stop_upto || stop[k];
        seg[l] = p_rem[l] && (first[l] ? !pop[l] : !stop_upto);
    end
end
// (sy_tsd / sy_cnt: the first lane's, which is the sync when seg_sync)
always @* begin
    sy_tsd = {TW{1'b0}};
    sy_cnt = 32'd0;
    for (l = 0; l < LANES; l = l + 1) begin
        if (first[l]) begin
            sy_tsd = p_tsd[TW*l +: TW];
            sy_cnt = p_cnt[32*l +: 32];
        end
    end
end

// the number of remaining lanes is one
reg rem_one;
always @* begin
    rem_one = 1'b0;
    for (l = 0; l < LANES; l = l + 1) rem_one = rem_one || (p_rem == ({{(LANES-1){1'b0}}, 1'b1} << l));
end

assign seg_pop   = |(first & pop);
assign seg_sync  = |(first & ss & ~pop);
assign imm       = seg_sync && delay_le0 && q_empty;        // sync effective at once
assign enq       = seg_sync && !imm && !q_full;             // sync queued
assign drop      = seg_sync && !imm && q_full;              // sync dropped (queue full)
assign pop_go    = in_run && p_valid && ge_ok && seg_pop;
assign go        = in_run && p_valid && ge_ok && !seg_pop && cfg_ok && (st_ok || seg_sync);
assign rem_after = p_rem & ~seg;
assign word_done = go && (rem_one || !(|stop));
assign ready     = in_run && cfg_ok && (!p_valid || word_done);

// ---- per-lane decisions ---------------------------------------------------------------------------
reg [W*LANES-1:0]  in_win;        // [l*W + w]: lane l inside window w
reg [WD*LANES-1:0] hit;           // [l*WD + b]: remaining lane l is a first-arrival candidate of bit b
reg [31:0]         rel32 [0:W*LANES-1];
reg [DB-1:0]       d_l;
reg                det_l;         // in-order detector tag after the first sync
reg [CNTB-1:0]     ri_l, ci_l;
reg [WD-1:0]       taken;
always @* begin
    for (l = 0; l < LANES; l = l + 1) begin
        d_l = p_d[DB*l +: DB];
        det_l = p_rem[l] && p_det[l] && !p_sync[l] && !p_ooo[l] && trial_open;
        for (i = 0; i < W; i = i + 1) begin
            // the lane's detector selects its precomputed window bits (pg_win_pre)
            in_win[l*W + i] = 1'b0;
            rel32[l*W + i] = 32'd0;
            for (j = 0; j < D; j = j + 1) begin
                if (d_l == j[DB-1:0]) begin
                    in_win[l*W + i] = w_full[i] || (wd_wrap[i*D + j] ? (p_wge[l*WD + i*D + j] || p_wlt[l*WD + i*D + j])
                                                                   : (p_wge[l*WD + i*D + j] && p_wlt[l*WD + i*D + j]));
                    rel32[l*W + i] = p_rel[(l*WD + i*D + j)*32 +: 32];
                end
            end
            for (j = 0; j < D; j = j + 1) begin
                hit[l*WD + i*D + j] = det_l && in_win[l*W + i] && d_l == j[DB-1:0] && !pattern[i*D + j];
            end
        end

        // (a sync of count 1 effective at once counts as a lane of its segment; a longer one
        // member by member in the sync engine)
        lane_counts[l] = go && seg[l] && !(seg_sync && imm && !sy_one);
        // role counter
        if (p_sync[l]) begin
            ri_l = C_TAGS_SYNC[CNTB-1:0];
        end else if (p_det[l]) begin
            ri_l = C_TAGS_DET[CNTB-1:0] + {{(CNTB-DB){1'b0}}, d_l};
        end else begin
            ri_l = C_TAGS_OTHER[CNTB-1:0];
        end
        // accounting category (a counting in-order sync lane is the segment's sync: it is
        // dropped iff the queue is full, since a full queue is not empty)
        if (p_ooo[l]) begin
            ci_l = C_OOO[CNTB-1:0];
        end else if (p_sync[l]) begin
            ci_l = q_full ? C_DROPPED[CNTB-1:0] : C_SYNCS[CNTB-1:0];
        end else if (!p_det[l]) begin
            ci_l = C_OTHER[CNTB-1:0];
        end else if (!trial_open) begin
            ci_l = C_BEFORE[CNTB-1:0];
        end else if (|in_win[l*W +: W]) begin
            ci_l = C_IN_WINDOW[CNTB-1:0];
        end else begin
            ci_l = C_OUTSIDE[CNTB-1:0];
        end
        role_idx[CNTB*l +: CNTB] = ri_l;
        cat_idx[CNTB*l +: CNTB] = ci_l;
    end
    // first arrivals: per bit the first remaining lane that hits it
    taken = {WD{1'b0}};
    pat_new = {WD{1'b0}};
    div_rel = {(32*WD){1'b0}};
    for (l = 0; l < LANES; l = l + 1) begin
        for (i = 0; i < W; i = i + 1) begin
            for (j = 0; j < D; j = j + 1) begin
                if (hit[l*WD + i*D + j] && !taken[i*D + j]) begin
                    taken[i*D + j] = 1'b1;
                    pat_new[i*D + j] = seg[l];
                    div_rel[(i*D + j)*32 +: 32] = rel32[l*W + i];
                end
            end
        end
    end
    div_valid = go ? pat_new : {WD{1'b0}};
end

endmodule

`resetall
