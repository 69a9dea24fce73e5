/*
 * pg_input -- the input side of pg_core: the registered input stage (pg_skid: the core's
 * s_tag_ready is a register), the decode of an input word (each lane's role: sync, detector d, or
 * other channel; count 0 taken as 1), the out-of-order chain, and the input register that holds
 * the word while the owner's process stage works through its lanes.
 *
 * Input stage: the offered word is decoded (roles, counts, and the out-of-order part that is a
 * property of the word alone: lane l below a kept lane before it) and taken into a two-entry skid
 * buffer whenever its registered s_ready is high; the input register takes the stage's word when
 * the owner allows it (take: the register is empty or emptied at this edge). So the owner's
 * segment select reaches the stage's output register and the input register (their load
 * enables), never s_ready: a word offered while the core stalls waits in the skid register.
 * The configuration the decode reads (sync_channel, det_channel) is written only while the core
 * is idle (no word in the stage) and never in a clock that takes a word (the owner's s_tag_ready
 * is low in a configuration-write clock), so a word in the stage is decoded with the configuration
 * it is processed with.
 *
 * Out-of-order is a property of the input sequence alone (each tag against the last in-order tag
 * before it), so it is decided when a word moves into the input register, lane after lane, against
 * t_ref (the time of the last in-order tag taken since the last clear). Lane l is out of order iff
 * its time is below t_ref or below the time of a kept lane before it (the running maximum: an
 * in-order lane is at or above it, an out-of-order one below); the second part is decided in the
 * input stage (registered with the word), the first at the move, side by side for every lane,
 * and t_ref after the word is the last kept in-order lane's time: compares against registered
 * times, then a select (no compare behind another).
 *
 * Registered with the word: the raw times (low TW bits), time + SYNC_DELAY (a sync lane's
 * effective time), counts, roles, out-of-order bits, and p_ge: lane l's time >= the sync queue
 * head's effective time (against the head of the clock that took the word; when the head moves
 * it is recomputed the next clock from the register's own times, p_ge_ok low meanwhile); p_ios
 * (in-order sync) and p_geo (p_ge of an in-order lane), which the process stage's segment select
 * reads instead of three bits each.
 *
 * Parameters: D detectors, LANES lanes per word (1, 2, 4), TW time width (8..64), DB detector
 * index bits (set by the owner).
 *
 * Interface (synchronous to clk; rst empties the stage and the register)
 *   s_valid, s_ready   the offered word is taken into the stage at this edge iff both (s_ready is
 *                      a register: high while the skid register is empty)
 *   s_keep, s_channel, s_time, s_count   the offered word (pg_core's s_tag_*)
 *   sync_channel, det_channel[64d +: 64], sync_delay     configuration
 *   take               the input register may take the stage's word at this edge (it is empty or
 *                      emptied at this edge, and the owner runs)
 *   load               a word moves from the stage into the input register at this edge
 *                      (take and the stage holds one)
 *   k_valid, k_time    the stage's output word is valid; its raw times [64l +: 64] (pg_win_pre)
 *   busy               the stage holds a word (either entry)
 *   advance, rem_next  the process stage takes lanes at this edge: p_rem <= rem_next
 *   clear              the clear sweep: t_ref <= the most negative time
 *   q_head_e, head_moves   the sync queue head's effective time; it changes at this edge
 *   p_rem[l]           lane l not processed yet (the register holds a word iff p_rem != 0)
 *   p_time, p_tsd      [TW*l +: TW] raw time, time + SYNC_DELAY
 *   p_cnt              [32*l +: 32] count (>= 1)
 *   p_one              p_cnt of lane l is 1 (registered with it: no 32-bit compare in front of
 *                      the owner's sync engine and counters)
 *   p_ooo, p_sync, p_det, p_d[DB*l +: DB]   out of order; sync; detector (and its index)
 *   p_ios, p_geo       in-order sync; p_ge && !p_ooo
 *   p_ge, p_ge_ok      time >= queue head, and whether that bit is current
 *
 * Latency: 2 clocks from s_* to the input register (the stage, then the register) when the
 * register is free; one word per clock. p_ge 1 clock after a head move.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_input #(
    parameter integer D = 2,
    parameter integer LANES = 4,
    parameter integer TW = 64,
    parameter integer DB = 1
) (
    input  wire                  clk,
    input  wire                  rst,

    input  wire                  s_valid,
    output wire                  s_ready,
    input  wire [LANES-1:0]      s_keep,
    input  wire [8*LANES-1:0]    s_channel,
    input  wire [64*LANES-1:0]   s_time,
    input  wire [32*LANES-1:0]   s_count,

    input  wire [63:0]           sync_channel,
    input  wire [64*D-1:0]       det_channel,
    /* verilator lint_off UNUSEDSIGNAL */  // the high bits when TW < 64
    input  wire [63:0]           sync_delay,
    /* verilator lint_on UNUSEDSIGNAL */

    input  wire                  take,
    output wire                  load,
    output wire                  k_valid,
    output wire [64*LANES-1:0]   k_time,
    output wire                  busy,
    input  wire                  advance,
    input  wire [LANES-1:0]      rem_next,
    input  wire                  clear,
    input  wire [TW-1:0]         q_head_e,
    input  wire                  head_moves,

    output reg  [LANES-1:0]      p_rem,
    output reg  [TW*LANES-1:0]   p_time,
    output reg  [TW*LANES-1:0]   p_tsd,
    output reg  [32*LANES-1:0]   p_cnt,
    output reg  [LANES-1:0]      p_one,
    output reg  [LANES-1:0]      p_ooo,
    output reg  [LANES-1:0]      p_sync,
    output reg  [LANES-1:0]      p_det,
    output reg  [DB*LANES-1:0]   p_d,
    output reg  [LANES-1:0]      p_ios,
    output reg  [LANES-1:0]      p_geo,
    output reg  [LANES-1:0]      p_ge,
    output reg                   p_ge_ok
`ifdef FORMAL
    ,
    output wire [1:0]            f_words,   // stage entries holding a word with a kept lane
    output reg  [7:0]            f_tags,    // tags (counts of the kept lanes) in the stage, mod 2^8
    output wire                  f_k_kept,  // the output entry (the word a load moves) has a kept lane
    output reg  [7:0]            f_k_tags,  // ... and its tags, mod 2^8
    output reg                   f_cnt_ok   // every kept lane in the stage has a count in 1 .. 255
`endif
);

integer i, l, m;

reg [TW-1:0] t_ref;               // time of the last in-order tag taken since the last clear

// ---- decode of the offered word (before the stage) ---------------------------------------------
// Per lane in the stage: keep, oow (below a kept lane before it), sync, det, d, count (0 taken as
// 1), time. LW bits per lane.
localparam integer LW = 4 + DB + 32 + 64;
localparam integer LB = (LANES > 1) ? $clog2(LANES) : 1;
reg [LANES-1:0]    in_sync, in_det, in_oow;
reg [DB*LANES-1:0] in_d;
reg [32*LANES-1:0] in_cnt;
reg [7:0]          in_ch;
reg [31:0]         in_cnt_l;
reg [DB-1:0]       in_d_l;
reg                in_oow_l;
// in_lt[l*LANES + m]: lane l's time < lane m's time (m < l), all side by side
reg [LANES*LANES-1:0] in_lt;
always @* begin
    in_lt = {(LANES*LANES){1'b0}};
    for (l = 0; l < LANES; l = l + 1) begin
        for (m = 0; m < l; m = m + 1) begin
            in_lt[l*LANES + m] = $signed(s_time[64*l +: TW]) < $signed(s_time[64*m +: TW]);
        end
    end
end

always @* begin
    for (l = 0; l < LANES; l = l + 1) begin
        in_ch = s_channel[8*l +: 8];
        in_cnt_l = s_count[32*l +: 32];
        in_sync[l] = ({56'd0, in_ch} == sync_channel);
        in_det[l] = 1'b0;
        in_d_l = {DB{1'b0}};
        for (i = D - 1; i >= 0; i = i - 1) begin
            if ({56'd0, in_ch} == det_channel[64*i +: 64]) begin
                in_det[l] = 1'b1;
                in_d_l = i[DB-1:0];
            end
        end
        in_d[DB*l +: DB] = in_d_l;
        in_cnt[32*l +: 32] = (in_cnt_l == 32'd0) ? 32'd1 : in_cnt_l;
        in_oow_l = 1'b0;
        for (m = 0; m < l; m = m + 1) begin
            if (s_keep[m] && in_lt[l*LANES + m]) in_oow_l = 1'b1;
        end
        in_oow[l] = in_oow_l;
    end
end

reg [LW*LANES-1:0] in_word;
always @* begin
    for (l = 0; l < LANES; l = l + 1) begin
        in_word[LW*l +: LW] = {s_time[64*l +: 64], in_cnt[32*l +: 32], in_d[DB*l +: DB],
                               in_det[l], in_sync[l], in_oow[l], s_keep[l]};
    end
end

// ---- the input stage: a two-entry skid buffer (s_ready registered) -----------------------------
wire [LW*LANES-1:0] k_word;
`ifdef FORMAL
wire                f_sk_valid;    // the skid entry holds a word, and that word
wire [LW*LANES-1:0] f_sk_word;
`endif
pg_skid #(.D(LW * LANES)) stage (
    .clk(clk),
    .rst(rst),
    .s_valid(s_valid),
    .s_ready(s_ready),
    .s_data(in_word),
    .m_valid(k_valid),
    .m_ready(take),
    .m_data(k_word),
    .busy(busy)
`ifdef FORMAL
    ,
    .f_k_valid(f_sk_valid),
    .f_k_data(f_sk_word)
`endif
);
assign load = k_valid && take;

reg [LANES-1:0]    k_keep, k_oow, k_sync, k_det;
reg [DB*LANES-1:0] k_d;
reg [32*LANES-1:0] k_cnt;
reg [LANES-1:0]    k_one;          // k_cnt of the lane is 1 (for p_one)
reg [TW*LANES-1:0] k_tw;
reg [64*LANES-1:0] k_time_r;
/* verilator lint_off UNUSEDSIGNAL */  // the high time bits when TW < 64
reg [63:0]         k_time64;
/* verilator lint_on UNUSEDSIGNAL */
always @* begin
    for (l = 0; l < LANES; l = l + 1) begin
        {k_time64, k_cnt[32*l +: 32], k_d[DB*l +: DB], k_det[l], k_sync[l], k_oow[l], k_keep[l]} = k_word[LW*l +: LW];
        k_time_r[64*l +: 64] = k_time64;
        k_tw[TW*l +: TW] = k_time64[TW-1:0];
        k_one[l] = (k_cnt[32*l +: 32] == 32'd1);
    end
end
assign k_time = k_time_r;

// ---- out-of-order against t_ref, and t_ref after the word (at the move into the register) ------
// lane l is out of order iff below a kept lane before it (k_oow) or below t_ref; in order and
// kept: k_keep && !k_oow && !below t_ref; t_ref after the word: the last such lane's time, else
// t_ref. That lane is k_io_last when it is in order: the kept lanes that are not below one before
// them (k_keep && !k_oow) do not decrease, so if the last of them (the word's largest kept time) is
// below t_ref, all are, and if it is not, it is the last in-order lane (every kept lane after it
// is below it). So t_ref's next value is the lane time at an index that is a function of the
// stage's registered bits (k_keep, k_oow: beside the compares, not behind them) and it is written
// iff that lane is not below t_ref: the compares, one select, the enable (fw20s: before, every
// lane's compare went through the out-of-order bits and a lane-after-lane select into t_ref and its
// enable, 6.43-6.54 ns est).
reg [LANES-1:0] in_lt_ref, in_ooo;
reg             k_io_any;
reg [LB-1:0]    k_io_last;
reg [TW-1:0]    k_last_t;
always @* begin
    k_io_any = 1'b0;
    k_io_last = {LB{1'b0}};
    for (l = 0; l < LANES; l = l + 1) begin
        if (k_keep[l] && !k_oow[l]) begin
            k_io_any = 1'b1;
            k_io_last = l[LB-1:0];
        end
    end
    k_last_t = k_tw[0 +: TW];
    for (l = 0; l < LANES; l = l + 1) begin
        in_lt_ref[l] = $signed(k_tw[TW*l +: TW]) < $signed(t_ref);
        in_ooo[l] = k_oow[l] || in_lt_ref[l];
        if (k_io_last == l[LB-1:0]) k_last_t = k_tw[TW*l +: TW];
    end
end
// the lane compares are already there (in_lt_ref): the enable selects one by k_io_last
// (compare, then one select and the AND: no select in front of a compare)
wire ref_moves = load && k_io_any && !in_lt_ref[k_io_last];

// ---- the input register (a word with no lane kept is taken and has no effect) ------------------
always @(posedge clk) begin
    if (load) begin
        p_rem  <= k_keep;
        p_time <= k_tw;
        for (l = 0; l < LANES; l = l + 1) p_tsd[TW*l +: TW] <= k_tw[TW*l +: TW] + sync_delay[TW-1:0];
        p_cnt  <= k_cnt;
        p_one  <= k_one;
        p_ooo  <= in_ooo;
        p_sync <= k_sync;
        p_det  <= k_det;
        p_d    <= k_d;
        p_ios  <= k_sync & ~in_ooo;
    end else if (advance) begin
        p_rem  <= rem_next;
    end
    if (ref_moves) t_ref <= k_last_t;
    if (clear) t_ref <= {1'b1, {(TW-1){1'b0}}};   // the most negative time
    if (rst) p_rem <= {LANES{1'b0}};
end

// ---- lane time >= the sync queue head (registered) --------------------------------------------
reg [LANES-1:0] in_ge, p_ge_now;
always @* begin
    for (l = 0; l < LANES; l = l + 1) begin
        in_ge[l] = $signed(q_head_e) <= $signed(k_tw[TW*l +: TW]);
        p_ge_now[l] = $signed(q_head_e) <= $signed(p_time[TW*l +: TW]);
    end
end
// p_ge is recomputed every clock (against the head of that clock) and is current the clock after
// unless the head moved at that edge: no head move in its enable (p_ge_ok alone follows it).
// Between head moves the compare gives what p_ge holds (same head, same times).
always @(posedge clk) begin
    p_ge    <= load ? in_ge : p_ge_now;
    p_geo   <= load ? (in_ge & ~in_ooo) : (p_ge_now & ~p_ooo);
    p_ge_ok <= !head_moves;
    if (rst) p_ge_ok <= 1'b0;
end

`ifdef FORMAL
// what the stage holds, for the owner's accounting properties (pg_core: every tag accepted is
// counted once or pending); the stage's output entry is k_word, its skid entry f_sk_word (both declared at the stage)
reg  [31:0]         f_c;
reg  [LANES-1:0]    f_keep_sk;
reg  [7:0]          f_s_tags;      // the skid entry's tags (f_k_tags: the output entry's)
assign f_k_kept = k_valid && (|k_keep);
assign f_words = {1'b0, f_k_kept} + {1'b0, f_sk_valid && (|f_keep_sk)};
always @* begin
    f_k_tags = 8'd0;
    f_s_tags = 8'd0;
    f_cnt_ok = 1'b1;
    for (l = 0; l < LANES; l = l + 1) begin
        f_keep_sk[l] = f_sk_word[LW*l];
        f_c = k_word[LW*l + 4 + DB +: 32];
        if (k_valid && k_keep[l]) begin
            f_k_tags = f_k_tags + f_c[7:0];
            if (f_c == 32'd0 || f_c[31:8] != 24'd0) f_cnt_ok = 1'b0;
        end
        f_c = f_sk_word[LW*l + 4 + DB +: 32];
        if (f_sk_valid && f_keep_sk[l]) begin
            f_s_tags = f_s_tags + f_c[7:0];
            if (f_c == 32'd0 || f_c[31:8] != 24'd0) f_cnt_ok = 1'b0;
        end
    end
    f_tags = f_k_tags + f_s_tags;
end
// the registered bits beside the word follow it
reg f_rst_seen = 1'b0;
integer f_l;
always @(posedge clk) if (rst) f_rst_seen <= 1'b1;
always @* begin
    if (f_rst_seen && !rst && p_rem != {LANES{1'b0}}) begin
        assert(p_ios == (p_sync & ~p_ooo));
        assert(p_geo == (p_ge & ~p_ooo));
        for (f_l = 0; f_l < LANES; f_l = f_l + 1) assert(p_one[f_l] == (p_cnt[32*f_l +: 32] == 32'd1));
    end
end
`endif

endmodule

`resetall
