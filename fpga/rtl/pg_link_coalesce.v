/*
 * pg_link_coalesce -- link front end, stage 2: merges runs of syncs into sync-run words.
 *
 * A run is a sequence of in-order sync tags with no other tag between them (an unmapped tag is
 * not "between": it never reaches the core). It leaves as ONE lane with count k and the time of
 * its last sync: exactly the host's SyncRunCoalescer rule for T3 files, and exact for the core
 * whenever SYNC_DELAY <= 0 (docs/frame-format.md "Input": the core counts a run's members one by
 * one, even across a frame boundary), so `enable` must be low while SYNC_DELAY > 0 (pg_link_top
 * does that). Splitting a run into several run words is exact too, so a run is cut whenever that
 * is convenient (a flush, a count near 2^31).
 *
 * In order: the stage mirrors the core's last_time (the latest in-order time since reset) over
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
 *   clr: CTRL_RESET: last_time back to the most negative time, counter cleared (only while empty).
 *   m_valid, m_keep, m_channel, m_time, m_count[32*WL]: output words, REGISTERED, lanes in
 *   stream order, keep possibly sparse (a merged sync leaves its lane empty).
 *   busy: a word is held or in flight in this stage; held: the only word in the stage is H,
 *   waiting for the next tag to know whether its trailing sync ends a run (nothing to do
 *   until a tag or a flush comes; low while a flush is asked for).
 *   runs: output lanes with count >= 2 since reset / clr (one clock behind the output).
 *
 * Pipeline: stage 1 judges in-order (side by side against last_time and every earlier lane) and
 * sync per lane; stage 2 holds the last word H: whether H's last sync ends its run depends on the
 * next word's first lane, so H waits for the next word when (and only when) its last kept lane
 * is an in-order sync; otherwise it leaves at once. Latency: 3 clocks (+ the wait of a trailing
 * sync for the next word or a flush); throughput one word per clock.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_link_coalesce #(
    parameter integer WL = 4
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
    output reg  [63:0]          runs
);

localparam [63:0] MOST_NEGATIVE = 64'h8000_0000_0000_0000;
localparam integer LW = $clog2(WL + 1);
integer l, j;

// ---- stage 1: in order? sync? -------------------------------------------------------------
reg [63:0] last_time;
wire sync_in_range = sync_channel[63:8] == 56'd0;

reg [WL-1:0] in_order;
reg [WL-1:0] is_sync;
reg [63:0]   next_last;
always @* begin
    next_last = last_time;
    for (l = 0; l < WL; l = l + 1) begin
        in_order[l] = s_valid && s_keep[l] && $signed(s_time[64*l +: 64]) >= $signed(last_time);
        for (j = 0; j < l; j = j + 1)
            if (s_keep[j] && $signed(s_time[64*l +: 64]) < $signed(s_time[64*j +: 64])) in_order[l] = 1'b0;
        is_sync[l] = in_order[l] && enable && sync_in_range && s_channel[8*l +: 8] == sync_channel[7:0];
        if (in_order[l]) next_last = s_time[64*l +: 64];
    end
end

reg              c_valid;
reg [WL-1:0]     c_keep;
reg [8*WL-1:0]   c_channel;
reg [64*WL-1:0]  c_time;
reg [WL-1:0]     c_sync;
always @(posedge clk) begin
    c_valid   <= s_valid && |s_keep;
    c_keep    <= s_keep;
    c_channel <= s_channel;
    c_time    <= s_time;
    c_sync    <= is_sync;
    if (s_valid) last_time <= next_last;
    if (rst || clr) last_time <= MOST_NEGATIVE;
    if (rst) c_valid <= 1'b0;
end

// first kept lane of the word in stage 1: is it an (in-order) sync?
reg c_first_sync;
reg c_found;
always @* begin
    c_first_sync = 1'b0;
    c_found = 1'b0;
    for (l = 0; l < WL; l = l + 1)
        if (!c_found && c_keep[l]) begin
            c_found = 1'b1;
            c_first_sync = c_sync[l];
        end
end

// ---- stage 2: the held word H ---------------------------------------------------------------
reg              h_valid;
reg [WL-1:0]     h_keep;
reg [8*WL-1:0]   h_channel;
reg [64*WL-1:0]  h_time;
reg [WL-1:0]     h_sync;
reg [31:0]       h_carry;   // syncs of the run that is open at H's first lane (absorbed before H)

// the trailing kept lane of H is a sync: H needs the next word (or a flush) to know its count
reg h_trailing_sync;
always @* begin
    h_trailing_sync = 1'b0;
    for (l = 0; l < WL; l = l + 1)
        if (h_keep[l]) h_trailing_sync = h_sync[l];
end

// a run is cut (split exactly) once its count reaches 2^31: counts stay below 2^31 + WL
wire carry_cut = h_carry[31];
wire h_go = h_valid && (c_valid || flush || !h_trailing_sync);

// per lane of H: is the next kept tag an in-order sync (then a sync lane is absorbed)?
reg [WL-1:0]   nxt_sync;
reg [WL-1:0]   emit;
reg [32*WL-1:0] cnt;
reg [31:0]     run;
reg [31:0]     run_end;
reg [LW-1:0]   n_runs;
always @* begin
    for (l = 0; l < WL; l = l + 1) begin
        // the next kept lane of H after l, else the first lane of the next word
        nxt_sync[l] = c_valid && c_first_sync && !flush && !carry_cut;
        for (j = WL - 1; j > l; j = j - 1)
            if (h_keep[j]) nxt_sync[l] = h_sync[j];
    end
    run = h_carry;
    n_runs = {LW{1'b0}};
    for (l = 0; l < WL; l = l + 1) begin
        cnt[32*l +: 32] = 32'd1;
        emit[l] = h_keep[l];
        if (h_keep[l]) begin
            if (h_sync[l]) begin
                run = run + 32'd1;
                cnt[32*l +: 32] = run;
                if (nxt_sync[l]) emit[l] = 1'b0;
                else begin
                    if (run != 32'd1) n_runs = n_runs + 1'b1;
                    run = 32'd0;
                end
            end else begin
                run = 32'd0;
            end
        end
    end
    run_end = run;
end

// LINK_RUNS: this clock's run words are registered, then added (the 64-bit add off the lane logic)
reg [LW-1:0] runs_inc;
always @(posedge clk) begin
    m_valid  <= 1'b0;
    runs_inc <= h_go ? n_runs : {LW{1'b0}};
    runs     <= runs + {{(64-LW){1'b0}}, runs_inc};
    if (h_go) begin
        m_valid   <= |emit;
        m_keep    <= emit;
        m_channel <= h_channel;
        m_time    <= h_time;
        m_count   <= cnt;
    end
    if (!h_valid || h_go) begin
        h_valid   <= c_valid;
        h_keep    <= c_keep;
        h_channel <= c_channel;
        h_time    <= c_time;
        h_sync    <= c_sync;
        h_carry   <= h_valid && c_valid ? run_end : 32'd0;
    end
    if (rst || clr) begin
        runs     <= 64'd0;
        runs_inc <= {LW{1'b0}};
    end
    if (rst) begin
        m_valid <= 1'b0;
        h_valid <= 1'b0;
        h_carry <= 32'd0;
    end
end

assign busy = c_valid || h_valid || m_valid;
assign held = h_valid && h_trailing_sync && !c_valid && !m_valid && !flush;

`ifdef FORMAL
// No tag lost or made up: since the last reset, tags in (kept lanes of valid input words) = tags
// out (the counts of the output lanes) + tags inside (stage 1's kept lanes, H's kept lanes and the
// syncs carried into H), on the low 8 bits; and a carried run belongs to a held word.
reg [7:0] f_in = 8'd0, f_out = 8'd0;
reg       f_rst_seen = 1'b0;
reg [7:0] f_in_n, f_out_n, f_c_n, f_h_n;
always @* begin
    f_in_n = 8'd0;
    f_out_n = 8'd0;
    f_c_n = 8'd0;
    f_h_n = 8'd0;
    for (l = 0; l < WL; l = l + 1) begin
        if (s_valid && s_keep[l]) f_in_n = f_in_n + 8'd1;
        if (h_go && emit[l]) f_out_n = f_out_n + cnt[32*l +: 8];
        if (c_valid && c_keep[l]) f_c_n = f_c_n + 8'd1;
        if (h_valid && h_keep[l]) f_h_n = f_h_n + 8'd1;
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
always @* begin
    if (f_rst_seen && !rst) begin
        assert (f_in == f_out + f_c_n + f_h_n + h_carry[7:0]);
        if (h_carry != 32'd0) assert (h_valid);
        if (!h_valid) assert (h_carry == 32'd0);
    end
end
`endif

endmodule

`resetall
