/*
 * pg_link_coalesce -- link front end, stage 2: merges runs of syncs into sync-run words.
 *
 * A run is a sequence of in-order sync tags with no other tag between them (an unmapped tag is
 * not "between": it never reaches the core). It leaves as ONE lane with count k and the time of
 * its last sync: exactly the host's SyncRunCoalescer rule for T3 files, and exact for the core
 * whenever SYNC_DELAY <= 0 (docs/frame-format.md "Input": the core counts a run's members one by
 * one, even across a frame boundary), so `enable` must be low while SYNC_DELAY > 0 (pg_link_top
 * does that). Splitting a run into several run words is exact too, so a run is cut whenever that
 * is convenient (a flush, a carried count of 2^(RB-1)).
 *
 * In order: the stage mirrors the core's last_time M (the latest in-order time since reset) over
 * the tags it passes on; an out-of-order sync is never merged and ends a run, like every other
 * tag. Words dropped behind this stage (pg_link_fifo) were seen here and not by the core, so this
 * stage's last_time is >= the core's: a tag in order here is in order in the core, and a merged
 * run is one the core would also have counted member by member.
 *
 * Interface
 *   s_valid, s_keep, s_channel[8*WL], s_time[64*WL]: mapped words (pg_link_map), one per clock
 *   at most, no ready (never waits).
 *   enable: merge runs (LINK_COALESCE and SYNC_DELAY <= 0); sync_channel: the core's
 *   SYNC_CHANNEL (64 bits: a value above 255 matches no channel).
 *   flush: emit everything held (a held trailing sync leaves as a run of what it has).
 *   clr: CTRL_RESET: the mirror back to the most negative time, counter cleared (only while
 *   empty). enable and sync_channel are registered: they apply to words entering 1 clock later.
 *   m_valid, m_keep, m_channel, m_time, m_count[32*WL]: output words, REGISTERED, lanes in
 *   stream order, keep possibly sparse (a merged sync leaves its lane empty).
 *   busy: a word is held or in flight in this stage (or LINK_RUNS unsettled); held: the only word
 *   in the stage is H,
 *   waiting for the next tag to know whether its trailing sync ends a run (nothing to do
 *   until a tag or a flush comes; low while a flush is asked for).
 *   waits: H holds a trailing sync for the next word and no word is behind it (a flush now
 *   lets it leave; unlike `held`, independent of flush and of LINK_RUNS); held_time: the time of
 *   H's last kept lane (the trailing sync's while `waits`), from registers.
 *   runs: output lanes with count >= 2 since reset / clr.
 *
 * Pipeline (fixed latency, no backpressure: each step registered, at most one 64-bit compare or
 * a few LUT levels per clock; the delay registers have a reset, so that synthesis makes no SRL16
 * shift registers of them, whose clock-to-out alone is 1.5 ns):
 *   1. pairwise lane compares t_l >= t_j (j < l) and the sync-channel match per lane;
 *   2. per lane "in order within the word" (>= every earlier kept lane) and the lane holding the
 *      word's maximum (the last such lane);
 *   3. the word's maximum time (a multiplexer);
 *   4. compares against the mirror: t_l >= M and max >= M, where M is the latest in-order time of
 *      every word up to two ahead, and t_l >= (max of the word one ahead, still in step 5);
 *   5. in order per lane (the three results ANDed), sync per lane; M <= max(M, word max) by a
 *      registered select. The lookahead of
 *      step 4 keeps the 64-bit compare out of M's own loop: M is "the largest time seen", since an
 *      out-of-order time is below it, so t >= M(n-1) = (t >= M(n-2)) and (t >= max(n-1));
 *   6. the run shape of the word (C, the word waiting for H): per lane the syncs since the last
 *      other tag, whether the word up to it is syncs only, whether the next kept lane is a sync;
 *   7. H: the word held while its last kept lane is an in-order sync (it waits for the next word's
 *      first lane or a flush); it leaves as the output word, sync lanes that merge into the next
 *      sync emptied, the others with their run count (RB-bit carry of the run open at H's first
 *      lane + the syncs before them in H).
 * Runs are cut when the carried count reaches 2^(RB-1) (exact, see above): counts < 2^RB.
 * Latency: 8 clocks (+ the wait of a trailing sync for the next word or a flush); throughput one
 * word per clock. LINK_RUNS: the run words of a clock are flagged, counted and added in 32-bit
 * halves (pg_link_counter), 4 clocks behind the output.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_link_coalesce #(
    parameter integer WL = 4,
    parameter integer RB = 16       // run count bits: runs are cut at 2^(RB-1) syncs (<= 32)
) (
    input  wire                 clk,
    input  wire                 rst,
    input  wire                 clr,
    input  wire                 enable,
    input  wire [63:0]          sync_channel,
    input  wire                 flush,

    input  wire                 s_valid,
    input  wire [WL-1:0]        s_keep,
    input  wire [8*WL-1:0]      s_channel,
    input  wire [64*WL-1:0]     s_time,

    output reg                  m_valid,
    output reg  [WL-1:0]        m_keep,
    output reg  [8*WL-1:0]      m_channel,
    output reg  [64*WL-1:0]     m_time,
    output reg  [32*WL-1:0]     m_count,

    output wire                 busy,
    output wire                 held,
    output wire                 waits,
    output reg  [63:0]          held_time,
    output wire [63:0]          runs
);

localparam [63:0] MOST_NEGATIVE = 64'h8000_0000_0000_0000;
localparam integer LW = $clog2(WL + 1);
localparam integer XW = $clog2(WL + 1);     // syncs of one word before a lane (1..WL)
integer l, j;

// ---- configuration, registered ------------------------------------------------------------
reg       cfg_on;     // merging on and SYNC_CHANNEL names a core channel
reg [7:0] cfg_ch;
always @(posedge clk) begin
    cfg_on <= enable && sync_channel[63:8] == 56'd0;
    cfg_ch <= sync_channel[7:0];
end

// ---- step 1: pairwise compares, sync channel ------------------------------------------------
reg              a_valid;
reg [WL-1:0]     a_keep;
reg [8*WL-1:0]   a_channel;
reg [64*WL-1:0]  a_time;
reg [WL-1:0]     a_sch;            // the lane's channel is the sync channel (merging on)
reg [WL*WL-1:0]  a_ge;             // [l*WL + j], j < l: t_l >= t_j (signed)
always @(posedge clk) begin
    a_valid   <= s_valid && |s_keep;
    a_keep    <= s_valid ? s_keep : {WL{1'b0}};
    a_channel <= s_channel;
    a_time    <= s_time;
    for (l = 0; l < WL; l = l + 1) begin
        a_sch[l] <= cfg_on && s_channel[8*l +: 8] == cfg_ch;
        for (j = 0; j < WL; j = j + 1)
            a_ge[l*WL + j] <= j < l && $signed(s_time[64*l +: 64]) >= $signed(s_time[64*j +: 64]);
    end
    if (rst) begin
        a_valid   <= 1'b0;
        a_keep    <= {WL{1'b0}};
        a_channel <= {8*WL{1'b0}};
        a_time    <= {64*WL{1'b0}};
    end
end

// ---- step 2: in order within the word; the lane of the word's maximum ------------------------
reg [WL-1:0] pref, msel;
always @* begin
    for (l = 0; l < WL; l = l + 1) begin
        pref[l] = a_keep[l];
        for (j = 0; j < l; j = j + 1)
            if (a_keep[j] && !a_ge[l*WL + j]) pref[l] = 1'b0;
    end
    // the last lane in order within the word holds the maximum (the first kept lane always is)
    for (l = 0; l < WL; l = l + 1) begin
        msel[l] = pref[l];
        for (j = l + 1; j < WL; j = j + 1)
            if (pref[j]) msel[l] = 1'b0;
    end
end

reg              b_valid;
reg [WL-1:0]     b_keep, b_pref, b_msel, b_sch;
reg [8*WL-1:0]   b_channel;
reg [64*WL-1:0]  b_time;
always @(posedge clk) begin
    b_valid   <= a_valid;
    b_keep    <= a_keep;
    b_pref    <= pref;
    b_msel    <= msel;
    b_sch     <= a_sch;
    b_channel <= a_channel;
    b_time    <= a_time;
    if (rst) begin
        b_valid   <= 1'b0;
        b_keep    <= {WL{1'b0}};
        b_pref    <= {WL{1'b0}};
        b_msel    <= {WL{1'b0}};
        b_sch     <= {WL{1'b0}};
        b_channel <= {8*WL{1'b0}};
        b_time    <= {64*WL{1'b0}};
    end
end

// ---- step 3: the word's maximum time --------------------------------------------------------
reg [63:0] wmax;
always @* begin
    wmax = 64'd0;
    for (l = 0; l < WL; l = l + 1)
        if (b_msel[l]) wmax = wmax | b_time[64*l +: 64];
end

reg              c_valid;
reg [WL-1:0]     c_keep, c_pref, c_sch;
reg [8*WL-1:0]   c_channel;
reg [64*WL-1:0]  c_time;
reg [63:0]       c_max;
always @(posedge clk) begin
    c_valid   <= b_valid;
    c_keep    <= b_keep;
    c_pref    <= b_pref;
    c_sch     <= b_sch;
    c_channel <= b_channel;
    c_time    <= b_time;
    c_max     <= wmax;
    if (rst) begin
        c_valid   <= 1'b0;
        c_keep    <= {WL{1'b0}};
        c_pref    <= {WL{1'b0}};
        c_sch     <= {WL{1'b0}};
        c_channel <= {8*WL{1'b0}};
        c_time    <= {64*WL{1'b0}};
        c_max     <= 64'd0;
    end
end

// ---- step 4: compares against the mirror M (words up to two ahead) and the word one ahead ------
reg [63:0]       mirror;           // M: the latest in-order time of every word past step 5
reg              d_valid;
reg              d_prev;           // a word was in step 5 when this one was compared (d_ge_prev counts)
reg [WL-1:0]     d_keep, d_pref, d_sch, d_ge_m, d_ge_prev;
reg              d_max_ge_m, d_max_ge_prev;
reg [8*WL-1:0]   d_channel;
reg [64*WL-1:0]  d_time;
reg [63:0]       d_max;
always @(posedge clk) begin
    d_valid   <= c_valid;
    d_prev    <= d_valid;
    d_keep    <= c_keep;
    d_pref    <= c_pref;
    d_sch     <= c_sch;
    d_channel <= c_channel;
    d_time    <= c_time;
    d_max     <= c_max;
    for (l = 0; l < WL; l = l + 1) begin
        d_ge_m[l]    <= $signed(c_time[64*l +: 64]) >= $signed(mirror);
        d_ge_prev[l] <= $signed(c_time[64*l +: 64]) >= $signed(d_max);
    end
    d_max_ge_m    <= $signed(c_max) >= $signed(mirror);
    d_max_ge_prev <= $signed(c_max) >= $signed(d_max);
    if (rst) begin
        d_valid   <= 1'b0;
        d_prev    <= 1'b0;
        d_keep    <= {WL{1'b0}};
        d_pref    <= {WL{1'b0}};
        d_sch     <= {WL{1'b0}};
        d_channel <= {8*WL{1'b0}};
        d_time    <= {64*WL{1'b0}};
        d_max     <= 64'd0;
    end
end

// ---- step 5: in order and sync per lane; M follows ------------------------------------------
reg [WL-1:0] in_order, is_sync;
always @* begin
    for (l = 0; l < WL; l = l + 1) begin
        in_order[l] = d_pref[l] && d_ge_m[l] && (d_ge_prev[l] || !d_prev);
        is_sync[l]  = in_order[l] && d_sch[l];
    end
end

always @(posedge clk) begin
    if (d_valid && d_max_ge_m && (d_max_ge_prev || !d_prev)) mirror <= d_max;
    if (rst || clr) mirror <= MOST_NEGATIVE;
end

reg              e_valid;
reg [WL-1:0]     e_keep, e_sync;
reg [8*WL-1:0]   e_channel;
reg [64*WL-1:0]  e_time;
always @(posedge clk) begin
    e_valid   <= d_valid;
    e_keep    <= d_keep;
    e_sync    <= is_sync;
    e_channel <= d_channel;
    e_time    <= d_time;
    if (rst) begin
        e_valid   <= 1'b0;
        e_keep    <= {WL{1'b0}};
        e_sync    <= {WL{1'b0}};
        e_channel <= {8*WL{1'b0}};
        e_time    <= {64*WL{1'b0}};
    end
end

// ---- step 6: the word's run shape (C, the word waiting for H) ----------------------------------
reg [WL-1:0] nxt_in, is_last, rstart, lge2;
reg [XW*WL-1:0] local_n;
reg          first_sync, found, trail;
reg [XW-1:0] run_w;
reg          all_sync;
always @* begin
    // the first kept lane (a sync?) and the last (a sync: the word waits in H)
    first_sync = 1'b0;
    found = 1'b0;
    trail = 1'b0;
    for (l = 0; l < WL; l = l + 1) begin
        if (!found && e_keep[l]) begin
            found = 1'b1;
            first_sync = e_sync[l];
        end
        if (e_keep[l]) trail = e_sync[l];
    end
    // per lane: the next kept lane of the word is a sync (nxt_in) or there is none (is_last)
    for (l = 0; l < WL; l = l + 1) begin
        nxt_in[l] = 1'b0;
        is_last[l] = 1'b1;
        for (j = WL - 1; j > l; j = j - 1)
            if (e_keep[j]) begin
                nxt_in[l] = e_sync[j];
                is_last[l] = 1'b0;
            end
    end
    // per lane: syncs of the run up to it within the word, and whether the run reaches the word's start
    run_w = {XW{1'b0}};
    all_sync = 1'b1;
    for (l = 0; l < WL; l = l + 1) begin
        local_n[XW*l +: XW] = {{(XW-1){1'b0}}, 1'b1};
        rstart[l] = 1'b0;
        lge2[l] = 1'b0;
        if (e_keep[l]) begin
            if (e_sync[l]) begin
                run_w = run_w + 1'b1;
                local_n[XW*l +: XW] = run_w;
                rstart[l] = all_sync;
                lge2[l] = run_w != {{(XW-1){1'b0}}, 1'b1};
            end else begin
                run_w = {XW{1'b0}};
                all_sync = 1'b0;
            end
        end
    end
end

reg              f_valid;
reg [WL-1:0]     f_keep, f_sync, f_nxt_in, f_is_last, f_rstart, f_lge2;
reg [XW*WL-1:0]  f_local;
reg              f_first_sync, f_trail;
reg [8*WL-1:0]   f_channel;
reg [64*WL-1:0]  f_time;
always @(posedge clk) begin
    f_valid      <= e_valid;
    f_keep       <= e_keep;
    f_sync       <= e_sync;
    f_nxt_in     <= nxt_in;
    f_is_last    <= is_last;
    f_rstart     <= rstart;
    f_lge2       <= lge2;
    f_local      <= local_n;
    f_first_sync <= first_sync;
    f_trail      <= trail;
    f_channel    <= e_channel;
    f_time       <= e_time;
    if (rst) begin
        f_valid <= 1'b0;
        f_keep  <= {WL{1'b0}};
    end
end

// ---- step 7: the held word H ----------------------------------------------------------------
reg              h_valid;
reg [WL-1:0]     h_keep, h_sync, h_nxt_in, h_is_last, h_rstart, h_lge2;
reg [XW*WL-1:0]  h_local;
reg              h_trail;
reg [8*WL-1:0]   h_channel;
reg [64*WL-1:0]  h_time;
reg [RB-1:0]     h_carry;   // syncs of the run that is open at H's first lane (absorbed before H)
reg              h_carry_nz;

// a run is cut (split exactly) once its carried count reaches 2^(RB-1)
wire carry_cut = h_carry[RB-1];
wire h_go = h_valid && (f_valid || flush || !h_trail);
// H's last kept lane, a sync, merges into the next word's first lane (bnd_pre: but for a flush,
// which comes late in the clock: the owner's flush is made of `waits`)
wire bnd_pre  = f_valid && f_first_sync && !carry_cut;
wire boundary = bnd_pre && !flush;

reg [WL-1:0]     emit, run_flag;
reg [32*WL-1:0]  cnt;
reg [RB-1:0]     carry_last;   // the run count of H's last kept lane if a sync (from registers)
reg [RB-1:0]     carry_next;
always @* begin
    carry_last = {RB{1'b0}};
    for (l = 0; l < WL; l = l + 1) begin
        emit[l] = h_keep[l] && !(h_sync[l] && (h_is_last[l] ? boundary : h_nxt_in[l]));
        cnt[32*l +: 32] = 32'd1;
        if (h_sync[l])
            cnt[32*l +: 32] = {{(32-RB){1'b0}}, {{(RB-XW){1'b0}}, h_local[XW*l +: XW]} + (h_rstart[l] ? h_carry : {RB{1'b0}})};
        run_flag[l] = h_go && emit[l] && h_sync[l] && (h_lge2[l] || (h_rstart[l] && h_carry_nz));
        if (h_keep[l] && h_is_last[l] && h_sync[l]) carry_last = cnt[32*l +: RB];
    end
    // (the count and the lane select above do not wait for the flush: it only gates the result)
    carry_next = boundary ? carry_last : {RB{1'b0}};
end

always @(posedge clk) begin
    m_valid <= 1'b0;
    if (h_go) begin
        m_valid   <= |emit;
        m_keep    <= emit;
        m_channel <= h_channel;
        m_time    <= h_time;
        m_count   <= cnt;
    end
    if (!h_valid || h_go) begin
        h_valid    <= f_valid;
        h_keep     <= f_keep;
        h_sync     <= f_sync;
        h_nxt_in   <= f_nxt_in;
        h_is_last  <= f_is_last;
        h_rstart   <= f_rstart;
        h_lge2     <= f_lge2;
        h_local    <= f_local;
        h_trail    <= f_trail;
        h_channel  <= f_channel;
        h_time     <= f_time;
        h_carry    <= h_valid ? carry_next : {RB{1'b0}};
        h_carry_nz <= h_valid && h_trail && boundary;
    end
    if (rst) begin
        m_valid    <= 1'b0;
        h_valid    <= 1'b0;
        h_keep     <= {WL{1'b0}};
        h_carry    <= {RB{1'b0}};
        h_carry_nz <= 1'b0;
    end
end

// ---- LINK_RUNS: flags registered, counted, added in halves -----------------------------------
reg [WL-1:0] run_q;
reg [LW-1:0] n_runs, n_runs_q;
always @* begin
    n_runs = {LW{1'b0}};
    for (l = 0; l < WL; l = l + 1) n_runs = n_runs + {{(LW-1){1'b0}}, run_q[l]};
end
always @(posedge clk) begin
    run_q    <= run_flag;
    n_runs_q <= n_runs;
    if (rst || clr) begin
        run_q    <= {WL{1'b0}};
        n_runs_q <= {LW{1'b0}};
    end
end
wire runs_busy;
pg_link_counter #(.IW(LW)) u_runs (.clk(clk), .clr(rst || clr), .inc(n_runs_q), .value(runs), .busy(runs_busy));
wire counting = run_q != {WL{1'b0}} || n_runs_q != {LW{1'b0}} || runs_busy;

// a word in steps 1-6, registered: every stage before H takes its predecessor's word at every edge
// (no stall before H), so the next clock's `ahead` is known now; `waits` (of which the owner makes
// a flush that reaches H's carry in the same clock) is then one LUT from registers
reg ahead;
always @(posedge clk) begin
    ahead <= (s_valid && |s_keep) || a_valid || b_valid || c_valid || d_valid || e_valid;
    if (rst) ahead <= 1'b0;
end
assign busy = ahead || h_valid || m_valid || counting;
assign held = h_valid && h_trail && !ahead && !m_valid && !flush && !counting;
assign waits = h_valid && h_trail && !ahead;
always @* begin
    held_time = 64'd0;
    for (l = 0; l < WL; l = l + 1)
        if (h_is_last[l]) held_time = held_time | h_time[64*l +: 64];
end

`ifdef FORMAL
// No tag lost or made up: since the last reset, tags in (kept lanes of valid input words) = tags
// out (the counts of the output lanes) + tags inside (the kept lanes of steps 1-6 and of H, and
// the syncs carried into H), on the low 8 bits; and a carried run belongs to a held word.
reg [7:0] f_in = 8'd0, f_out = 8'd0;
reg       f_rst_seen = 1'b0;
reg [7:0] f_in_n, f_out_n, f_inside_n;
always @* begin
    f_in_n = 8'd0;
    f_out_n = 8'd0;
    f_inside_n = 8'd0;
    for (l = 0; l < WL; l = l + 1) begin
        if (s_valid && s_keep[l]) f_in_n = f_in_n + 8'd1;
        if (h_go && emit[l]) f_out_n = f_out_n + cnt[32*l +: 8];
        f_inside_n = f_inside_n + {7'd0, a_keep[l]} + {7'd0, b_keep[l]} + {7'd0, c_keep[l]}
                   + {7'd0, d_keep[l]} + {7'd0, e_keep[l]} + {7'd0, f_keep[l]} + {7'd0, h_keep[l]};
    end
end
always @(posedge clk) begin
    f_in  <= f_in + f_in_n;
    f_out <= f_out + f_out_n;
    if (rst) begin
        f_in <= 8'd0;
        f_out <= 8'd0;
        f_rst_seen <= 1'b1;
    end
end
reg [7:0] f_carry;
always @* begin
    f_carry = 8'd0;
    f_carry[((RB < 8) ? RB : 8) - 1:0] = h_carry[((RB < 8) ? RB : 8) - 1:0];
end
always @* begin
    if (f_rst_seen && !rst) begin
        assert (f_in == f_out + f_inside_n + f_carry);
        if (h_carry != {RB{1'b0}}) assert (h_valid);
        assert (h_carry_nz == (h_carry != {RB{1'b0}}));
        assert (a_valid == (a_keep != {WL{1'b0}}));
        assert (b_valid == (b_keep != {WL{1'b0}}));
        assert (c_valid == (c_keep != {WL{1'b0}}));
        assert (d_valid == (d_keep != {WL{1'b0}}));
        assert (e_valid == (e_keep != {WL{1'b0}}));
        assert (f_valid == (f_keep != {WL{1'b0}}));
        assert (h_valid == (h_keep != {WL{1'b0}}));
        assert (ahead == (a_valid || b_valid || c_valid || d_valid || e_valid || f_valid));
    end
end
`endif

endmodule

`resetall
