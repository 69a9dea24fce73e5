/*
 * pg_win_pre -- window decision of every lane of the input register, precomputed, and the
 * window bounds of the next sync time ready before that sync is applied.
 *
 * A tag of detector d at raw time t is inside window w iff
 *   rel = (t + DET_DELAY[d]) - (sync_time + WIN_START[w])   (mod 2^TW, zero-extended)
 *   rel < WIN_LENGTH[w][31:0]                               (docs/frame-format.md)
 * With lo = sync_time + WIN_START[w] - DET_DELAY[d] and hi = lo + WIN_LENGTH[w][31:0] (mod 2^TW)
 * that is t in [lo, hi) on the circle: lo <= t && t < hi, or, when hi < lo (the window wraps
 * around 2^TW), lo <= t || t < hi; WIN_LENGTH >= 2^TW (TW < 32 only) takes every time. This
 * module keeps lo, hi and the wrap flag registered per (window, detector), and registers for
 * every lane of a word its two compares against every (w, d) and its rel (low 32 bits, the
 * first-arrival divider's input) with the word, so that the owner's process stage only selects
 * by the lane's detector and combines three bits: no subtract or compare before the counters.
 * Index b = w * D + d (the pattern bit).
 *
 * The next sync time's bounds are ready when that sync is taken, so that lo / hi / wrap move
 * in the same clock as the sync (no wait for an add after it):
 *   - a lane's candidate: when a word is taken, every lane's bounds as if it were the sync that
 *     becomes effective next (its effective time t + SYNC_DELAY): lo = t + (SYNC_DELAY + WIN_START
 *     - DET_DELAY), hi likewise, registered with the word (one add each, from the input port);
 *   - the sync-delay queue head's: lo / hi of its effective time, registered every clock from a
 *     registered copy of that time (qx, loaded with the owner's next head q_head_n: current one
 *     clock after the head moved, and no select in front of the add).
 * The wrap flag of a candidate comes from the carries of its two adds (below), not from a
 * compare after them.
 *
 * Parameters: W windows, D detectors, LANES lanes per word, TW time width (8..64).
 *
 * Interface (synchronous to clk)
 *   sync_time, win_start[64w +: 64], win_length[64w +: 64], det_delay[64d +: 64], sync_delay
 *                     the open trial's sync time and the configuration registers
 *   cfg_write         a configuration register is written this clock (they change only then)
 *   cfg_ok            the configuration sums and the bounds of sync_time are current: 5 clocks
 *                     after a cfg_write (a saturating age counter; meanwhile the bounds follow
 *                     sync_time). The owner takes no word while !cfg_ok
 *   q_head_n          the sync-delay queue head's effective time at the next clock (registered
 *                     here; its bounds are current one clock after it changed). While !cfg_ok
 *                     the register takes sync_time instead, one clock late (sync_time does not
 *                     move then: the owner is idle, or in the sweep after rst, which sets it
 *                     in the clock after rst)
 *   base_first[l]     lane l is the first lane of the input register not processed yet (one-hot
 *                     or zero; its candidate is selected ahead of base_imm)
 *   base_imm          the sync of that lane becomes the base at this edge (lo / hi / wrap <= its
 *                     candidate); never with base_queue
 *   base_queue        the queue head becomes the base at this edge
 *   ok                the lane bits of the word in the input register are current (belong to
 *                     the current bounds). A base move clears it; while !ok the lane bits are
 *                     recomputed every clock from p_time, and ok is back the clock after, unless
 *                     a word was taken meanwhile (its lanes are then recomputed the clock after)
 *   load, s_time      a word is taken into the input register at this edge (only while cfg_ok):
 *                     its lanes' raw times, lane l at [64l +: 64] (low TW bits used)
 *   p_time            the input register's raw times, lane l at [TW*l +: TW]
 *   ge[l*WD + b], lt[l*WD + b]   t >= lo, t < hi of lane l, registered with the word
 *   rel[(l*WD + b)*32 +: 32]    (t - lo) mod 2^TW, zero-extended, low 32 bits
 *   wrap[b], full[w]            hi < lo; WIN_LENGTH[w][31:0] >= 2^TW
 *
 * Latency: the lane bits of a word taken while ok are registered with it (0 clocks); after a
 * base move 1 clock (the recompute). Candidates: registered with the word (lanes), 1 clock after
 * the head moved (queue). Configuration: WIN_START - DET_DELAY 1 clock after the write, the sums
 * with WIN_LENGTH / SYNC_DELAY 1 more, the bounds of sync_time 2 more, the lane bits 1 more:
 * cfg_ok 5 clocks after the write. Every add and compare of TW bits stands alone between
 * registers (at most a 2:1 select of registered times in front of it).
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_win_pre #(
    parameter integer W = 2,
    parameter integer D = 2,
    parameter integer LANES = 4,
    parameter integer TW = 64,
    parameter integer WD = W * D          // (do not override)
) (
    input  wire                      clk,
    input  wire                      rst,

    input  wire [TW-1:0]             sync_time,
    input  wire [64*W-1:0]           win_start,
    input  wire [64*W-1:0]           win_length,
    input  wire [64*D-1:0]           det_delay,
    /* verilator lint_off UNUSEDSIGNAL */  // the high bits when TW < 64
    input  wire [63:0]               sync_delay,
    /* verilator lint_on UNUSEDSIGNAL */
    input  wire                      cfg_write,
    output wire                      cfg_ok,

    input  wire [TW-1:0]             q_head_n,
    input  wire [LANES-1:0]          base_first,
    input  wire                      base_imm,
    input  wire                      base_queue,
    output reg                       ok,

    input  wire                      load,
    input  wire [64*LANES-1:0]       s_time,
    input  wire [TW*LANES-1:0]       p_time,

    output reg  [WD*LANES-1:0]       ge,
    output reg  [WD*LANES-1:0]       lt,
    output reg  [32*WD*LANES-1:0]    rel,
    output reg  [WD-1:0]             wrap,
    output reg  [W-1:0]              full
`ifdef PG_WIN_PRE_FORMAL
    ,
    output wire [TW-1:0]             f_base_o,   // (module-level proof only, see the end) the base
    output wire                      f_live_o    // a reset has happened (the properties hold)
`endif
);

function [TW-1:0] tw_of32(input [31:0] x);
    /* verilator lint_off UNUSEDSIGNAL */  // the high bits when TW < 64
    reg [63:0] t;
    /* verilator lint_on UNUSEDSIGNAL */
    begin
        t = {32'd0, x};
        tw_of32 = t[TW-1:0];
    end
endfunction

function [63:0] tzx(input [TW-1:0] v);
    begin
        tzx = 64'd0;
        tzx[TW-1:0] = v;
    end
endfunction

// carry out of x + y (TW bits) from the top bits of x, y and the sum: a 3-input function after
// the add (no TW+1-bit add, which the Verilator model would make a wide, slow word)
function co(input [TW-1:0] x, input [TW-1:0] y, input [TW-1:0] sum);
    begin
        co = (x[TW-1] & y[TW-1]) | ((x[TW-1] ^ y[TW-1]) & ~sum[TW-1]);
    end
endfunction

integer i, j, l, a;

// ---- configuration age: 0 after a write, 5 = cfg_ok ---------------------------------------------
reg [2:0] age;
assign cfg_ok = (age == 3'd5);
wire   cfg_ok_n = !(cfg_write || rst) && (cfg_ok || age == 3'd4);   // cfg_ok at the next clock
always @(posedge clk) begin
    if (!cfg_ok) age <= age + 1'b1;
    if (cfg_write || rst) age <= 3'd0;
end

// ---- configuration sums, one add each per clock --------------------------------------------------
// sd = WIN_START - DET_DELAY, sdn = sd + WIN_LENGTH, sdd = sd + SYNC_DELAY, sddn = sdd + WIN_LENGTH;
// c0 / c0d: the carry out of the length adds (for the wrap flag)
reg [TW-1:0] sd   [0:WD-1];
reg [TW-1:0] sdn  [0:WD-1];
reg [TW-1:0] sdd  [0:WD-1];
reg [TW-1:0] sddn [0:WD-1];
reg [WD-1:0] c0, c0d;
reg [W-1:0]  full_n;
/* verilator lint_off UNUSEDSIGNAL */  // the high bits of the zero-extended length
reg [63:0]   wlen64;
/* verilator lint_on UNUSEDSIGNAL */
always @* begin
    for (i = 0; i < W; i = i + 1) begin
        wlen64 = {32'd0, win_length[64*i +: 32]};
        full_n[i] = (wlen64 >> TW) != 64'd0;
    end
end

always @(posedge clk) begin
    full <= full_n;
    for (i = 0; i < W; i = i + 1) begin
        for (j = 0; j < D; j = j + 1) begin
            sd[i*D + j] <= win_start[64*i +: TW] - det_delay[64*j +: TW];
            sdn[i*D + j]  <= sd[i*D + j] + tw_of32(win_length[64*i +: 32]);
            c0[i*D + j]   <= co(sd[i*D + j], tw_of32(win_length[64*i +: 32]), sd[i*D + j] + tw_of32(win_length[64*i +: 32]));
            sdd[i*D + j]  <= sd[i*D + j] + sync_delay[TW-1:0];
            sddn[i*D + j] <= sdd[i*D + j] + tw_of32(win_length[64*i +: 32]);
            c0d[i*D + j]  <= co(sdd[i*D + j], tw_of32(win_length[64*i +: 32]), sdd[i*D + j] + tw_of32(win_length[64*i +: 32]));
        end
    end
end

// ---- bounds of a base time x: lo = x + s, hi = x + sn; wrap (hi < lo) from the carries ----------
// With c1 the carry of x + s, c3 of x + sn and c0 of s + len: lo + len = hi + (c0 + c3 - c1) * 2^TW
// and 0 <= lo + len < 2^(TW+1), so hi < lo iff c0 + c3 - c1 = 1 iff c0 ^ c1 ^ c3.
// The queue head's (or, while !cfg_ok, sync_time's) bounds, registered every clock from qx:
reg  [TW-1:0] qx;
always @(posedge clk) qx <= cfg_ok_n ? q_head_n : sync_time;
reg  [TW-1:0] q_lo_n [0:WD-1];
reg  [TW-1:0] q_hi_n [0:WD-1];
reg  [TW-1:0] q_lo [0:WD-1];
reg  [TW-1:0] q_hi [0:WD-1];
reg  [WD-1:0] q_wrap;
always @* begin
    for (a = 0; a < WD; a = a + 1) begin
        q_lo_n[a] = qx + sd[a];
        q_hi_n[a] = qx + sdn[a];
    end
end
always @(posedge clk) begin
    for (a = 0; a < WD; a = a + 1) begin
        q_lo[a]   <= q_lo_n[a];
        q_hi[a]   <= q_hi_n[a];
        q_wrap[a] <= c0[a] ^ co(qx, sd[a], q_lo_n[a]) ^ co(qx, sdn[a], q_hi_n[a]);
    end
end

// a lane's candidate (as the next sync), registered with the word
reg [TW-1:0] c_lo_n [0:LANES*WD-1];   // [l*WD + b]
reg [TW-1:0] c_hi_n [0:LANES*WD-1];
reg [TW-1:0] c_lo [0:LANES*WD-1];
reg [TW-1:0] c_hi [0:LANES*WD-1];
reg [LANES*WD-1:0] c_wrap;
always @* begin
    for (l = 0; l < LANES; l = l + 1) begin
        for (a = 0; a < WD; a = a + 1) begin
            c_lo_n[l*WD + a] = s_time[64*l +: TW] + sdd[a];
            c_hi_n[l*WD + a] = s_time[64*l +: TW] + sddn[a];
        end
    end
end
always @(posedge clk) begin
    if (load) begin
        for (l = 0; l < LANES; l = l + 1) begin
            for (a = 0; a < WD; a = a + 1) begin
                c_lo[l*WD + a]   <= c_lo_n[l*WD + a];
                c_hi[l*WD + a]   <= c_hi_n[l*WD + a];
                c_wrap[l*WD + a] <= c0d[a] ^ co(s_time[64*l +: TW], sdd[a], c_lo_n[l*WD + a])
                                          ^ co(s_time[64*l +: TW], sddn[a], c_hi_n[l*WD + a]);
            end
        end
    end
end

// the bounds in use: a lane's candidate or the queue head's at a base move; sync_time's while
// the configuration settles. The first lane's candidate is selected from the registers alone
// (base_first), so that base_imm, which follows the owner's segment select, is the last select.
reg [TW-1:0] f_lo [0:WD-1];
reg [TW-1:0] f_hi [0:WD-1];
reg [WD-1:0] f_wrap;
always @* begin
    for (a = 0; a < WD; a = a + 1) begin
        f_lo[a] = {TW{1'b0}};
        f_hi[a] = {TW{1'b0}};
        f_wrap[a] = 1'b0;
        for (l = 0; l < LANES; l = l + 1) begin
            if (base_first[l]) begin
                f_lo[a]   = f_lo[a] | c_lo[l*WD + a];
                f_hi[a]   = f_hi[a] | c_hi[l*WD + a];
                f_wrap[a] = f_wrap[a] | c_wrap[l*WD + a];
            end
        end
    end
end
reg [TW-1:0] lo [0:WD-1];
reg [TW-1:0] hi [0:WD-1];
always @(posedge clk) begin
    for (a = 0; a < WD; a = a + 1) begin
        if (base_imm) begin
            lo[a]   <= f_lo[a];
            hi[a]   <= f_hi[a];
            wrap[a] <= f_wrap[a];
        end else if (!cfg_ok || base_queue) begin
            lo[a]   <= q_lo[a];
            hi[a]   <= q_hi[a];
            wrap[a] <= q_wrap[a];
        end
    end
end

// ---- the lanes: the word being taken (ok), or the word in the input register again (!ok) ------
// ok: the bits registered at the last edge belong to the word in the register and the bounds in
// use. While the configuration settles they are recomputed every clock; the clock before cfg_ok
// the bounds are current (age 4), so its recompute is.
always @(posedge clk) begin
    if (!cfg_ok) ok <= (age == 3'd4);
    else if (base_queue || base_imm) ok <= 1'b0;
    else if (!ok) ok <= !load;
    if (cfg_write || rst) ok <= 1'b0;
end

reg [WD*LANES-1:0]    ge_n, lt_n;
reg [32*WD*LANES-1:0] rel_n;
reg [TW-1:0]          x, r;
/* verilator lint_off UNUSEDSIGNAL */  // the high bits of rel
reg [63:0]            r64;
/* verilator lint_on UNUSEDSIGNAL */
always @* begin
    for (l = 0; l < LANES; l = l + 1) begin
        x = ok ? s_time[64*l +: TW] : p_time[TW*l +: TW];
        for (a = 0; a < WD; a = a + 1) begin
            r = x - lo[a];
            r64 = tzx(r);
            ge_n[l*WD + a] = x >= lo[a];
            lt_n[l*WD + a] = x < hi[a];
            rel_n[(l*WD + a)*32 +: 32] = r64[31:0];
        end
    end
end
always @(posedge clk) begin
    if (load || !ok) begin
        ge  <= ge_n;
        lt  <= lt_n;
        rel <= rel_n;
    end
end

`ifdef FORMAL
`ifdef PG_WIN_PRE_FORMAL
// ---- module-level proof (make -C fpga/formal window; environment formal/pg_window_formal.v) -------
// Defined only by that target: the core's proofs read this file without PG_WIN_PRE_FORMAL (there
// pg_core drives these inputs). Assumed: the input contract of the header above. Ghost: f_base,
// the effective sync time whose bounds are in use (a lane's time + SYNC_DELAY at base_imm, the
// queue head's at base_queue, sync_time while the configuration settles). Asserted, from the first
// reset on: the configuration sums, the queue head's and every lane's candidate bounds, the bounds
// in use (lo = f_base + WIN_START - DET_DELAY, hi = lo + WIN_LENGTH[31:0], wrap = hi < lo), and
// while ok the lane bits of the word in the input register (ge = t >= lo, lt = t < hi, rel =
// t - lo): together 1-inductive. formal/pg_window_formal.v checks pg_process's decision on them.
integer fl, fa, fw, fd;

reg f_live = 1'b0;                  // a reset has happened
reg f_past = 1'b0;                  // a previous clock exists (the one-clock histories below)
always @(posedge clk) begin
    f_past <= 1'b1;
    if (rst) f_live <= 1'b1;
end
assign f_live_o = f_live;

// one-clock histories
reg [64*W-1:0] f_ws_q, f_wl_q;
reg [64*D-1:0] f_dd_q;
reg [63:0]     f_sdl_q;
reg            f_cw_q, f_cok1;
reg [TW-1:0]   f_sync_q;
reg [TW-1:0]   f_head, f_head_q;    // the owner's queue-head register (q_head_n a clock late); a clock before
reg [TW-1:0]   f_qx1;               // qx a clock ago
always @(posedge clk) begin
    f_ws_q   <= win_start;
    f_wl_q   <= win_length;
    f_dd_q   <= det_delay;
    f_sdl_q  <= sync_delay;
    f_cw_q   <= cfg_write;
    f_cok1   <= cfg_ok;
    f_sync_q <= sync_time;
    f_head   <= q_head_n;
    f_head_q <= f_head;
    f_qx1    <= qx;
end

// the owner's input register (the low TW bits of the last word taken); fr_loaded: a word was taken
// since the last configuration write or reset
reg [TW*LANES-1:0] f_pt;
reg                fr_loaded = 1'b0;
always @(posedge clk) begin
    if (load) begin
        for (fl = 0; fl < LANES; fl = fl + 1) f_pt[TW*fl +: TW] <= s_time[64*fl +: TW];
        fr_loaded <= 1'b1;
    end
    if (cfg_write || rst) fr_loaded <= 1'b0;
end

// the base
reg [TW-1:0] f_base, f_first_t;
always @* begin
    f_first_t = {TW{1'b0}};
    for (fl = 0; fl < LANES; fl = fl + 1) if (base_first[fl]) f_first_t = f_first_t | p_time[TW*fl +: TW];
end
always @(posedge clk) begin
    if (base_imm)        f_base <= f_first_t + sync_delay[TW-1:0];   // that lane's sync: t + SYNC_DELAY
    else if (base_queue) f_base <= f_head;                            // the queue head's effective time
    else if (!cfg_ok)    f_base <= sync_time;                         // the configuration settles
end
assign f_base_o = f_base;

// the reference, from the ports: f_sd[w*D + d] = WIN_START[w] - DET_DELAY[d], f_len[w] =
// WIN_LENGTH[w][31:0] mod 2^TW, f_full[w] = WIN_LENGTH[w][31:0] >= 2^TW
function f_cy(input [TW-1:0] x, input [TW-1:0] y);   // carry out of x + y
    reg [TW:0] s;
    begin
        s = {1'b0, x} + {1'b0, y};
        f_cy = s[TW];
    end
endfunction
reg [TW-1:0] f_sd [0:WD-1];
reg [TW-1:0] f_len [0:W-1];
reg [W-1:0]  f_full;
always @* begin
    for (fw = 0; fw < W; fw = fw + 1) begin
        f_len[fw]  = tw_of32(win_length[64*fw +: 32]);
        f_full[fw] = TW < 32 && {32'd0, win_length[64*fw +: 32]} >= (64'd1 << TW);
        for (fd = 0; fd < D; fd = fd + 1) f_sd[fw*D + fd] = win_start[64*fw +: TW] - det_delay[64*fd +: TW];
    end
end

// the input contract (the header)
always @* begin
    // configuration registers change only at the edge after a configuration write
    if (f_past && !f_cw_q)
        assume(win_start == f_ws_q && win_length == f_wl_q && det_delay == f_dd_q && sync_delay == f_sdl_q);
    // a word is taken only while cfg_ok; p_time holds the last word taken
    if (load) assume(cfg_ok);
    assume(p_time == f_pt);
    // a base move: never both kinds; only with a word in the owner's register taken after the last
    // configuration write (the owner writes the configuration while idle); base_first one-hot
    assume(!(base_imm && base_queue));
    if (base_imm || base_queue) assume(fr_loaded);
    if (base_imm) assume(base_first != {LANES{1'b0}} && (base_first & (base_first - 1'b1)) == {LANES{1'b0}});
    // the queue head is taken only when its bounds are current: it did not move at the last edge
    if (base_queue) assume(f_past && f_head == f_head_q);
    // sync_time does not move while the configuration settles (from age 2 on)
    if (f_past && !cfg_ok && age >= 3'd2) assume(sync_time == f_sync_q);
end

reg [TW-1:0] fr_lo, fr_hi, fr_t;
/* verilator lint_off UNUSEDSIGNAL */
reg [63:0]   fr_r64;
/* verilator lint_on UNUSEDSIGNAL */
always @* begin
    if (f_live) begin
        assert(age <= 3'd5);
        if (ok) assert(cfg_ok);  // induction: lemma
        if (fr_loaded) assert(cfg_ok && f_cok1);
        // the configuration sums
        if (age >= 3'd1) assert(full == f_full);  // induction: lemma
        for (fw = 0; fw < W; fw = fw + 1) begin
            for (fd = 0; fd < D; fd = fd + 1) begin
                fa = fw*D + fd;
                if (age >= 3'd1) assert(sd[fa] == f_sd[fa]);
                if (age >= 3'd2) begin
                    assert(sdn[fa] == f_sd[fa] + f_len[fw] && c0[fa] == f_cy(f_sd[fa], f_len[fw]));
                    assert(sdd[fa] == f_sd[fa] + sync_delay[TW-1:0]);
                end
                if (age >= 3'd3) begin                 // (sdd + WIN_LENGTH: one more clock)
                    fr_lo = f_sd[fa] + sync_delay[TW-1:0];
                    assert(sddn[fa] == fr_lo + f_len[fw] && c0d[fa] == f_cy(fr_lo, f_len[fw]));
                end
            end
        end
        // the queue head's bounds (qx: the owner's head register, or sync_time while it settles)
        if (cfg_ok) assert(qx == f_head);
        if (cfg_ok && f_cok1) assert(f_qx1 == f_head_q);
        if (!cfg_ok && age >= 3'd2) assert(qx == sync_time && f_base == sync_time);
        if (!cfg_ok && age >= 3'd3) assert(f_qx1 == sync_time);
        for (fw = 0; fw < W; fw = fw + 1) begin
            for (fd = 0; fd < D; fd = fd + 1) begin
                fa = fw*D + fd;
                if (age >= 3'd3) begin
                    fr_lo = f_qx1 + f_sd[fa];
                    fr_hi = fr_lo + f_len[fw];
                    assert(q_lo[fa] == fr_lo && q_hi[fa] == fr_hi && q_wrap[fa] == (fr_hi < fr_lo));
                end
                // every lane's candidate (as the next sync: t + SYNC_DELAY)
                for (fl = 0; fl < LANES; fl = fl + 1) begin
                    if (fr_loaded) begin
                        fr_lo = p_time[TW*fl +: TW] + sync_delay[TW-1:0] + f_sd[fa];
                        fr_hi = fr_lo + f_len[fw];
                        assert(c_lo[fl*WD + fa] == fr_lo && c_hi[fl*WD + fa] == fr_hi && c_wrap[fl*WD + fa] == (fr_hi < fr_lo));
                    end
                end
                // the bounds in use
                fr_lo = f_base + f_sd[fa];
                fr_hi = fr_lo + f_len[fw];
                if (cfg_ok || age == 3'd4) assert(lo[fa] == fr_lo && hi[fa] == fr_hi && wrap[fa] == (fr_hi < fr_lo));  // induction: lemma
                // the outputs, while ok: the lane bits of the word in the input register
                for (fl = 0; fl < LANES; fl = fl + 1) begin
                    fr_t = p_time[TW*fl +: TW];
                    fr_r64 = tzx(fr_t - fr_lo);
                    if (ok) assert(ge[fl*WD + fa] == (fr_t >= fr_lo) && lt[fl*WD + fa] == (fr_t < fr_hi)
                                   && rel[(fl*WD + fa)*32 +: 32] == fr_r64[31:0]);  // induction: lemma
                end
            end
        end
    end
end
`endif
`endif

endmodule

`resetall
