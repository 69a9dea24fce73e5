/*
 * pg_input -- the input side of pg_core: decode of an input word (each lane's role: sync,
 * detector d, or other channel; count 0 taken as 1), the out-of-order chain, and the input
 * register that holds the word while the owner's process stage works through its lanes.
 *
 * Out-of-order is a property of the input sequence alone (each tag against the last in-order tag
 * before it), so it is decided when a word is taken, lane after lane, against t_ref (the time of
 * the last in-order tag taken since the last clear). The compares of every lane against t_ref
 * and against every earlier lane are made side by side; the chain across the lanes is a chain
 * of selects, not of compares.
 *
 * Registered with the word: the raw times (low TW bits), time + SYNC_DELAY (a sync lane's
 * effective time), counts, roles, out-of-order bits, and p_ge: lane l's time >= the sync queue
 * head's effective time (against the head of the clock that took the word; when the head moves
 * it is recomputed the next clock from the register's own times, p_ge_ok low meanwhile).
 *
 * Parameters: D detectors, LANES lanes per word (1, 2, 4), TW time width (8..64), DB detector
 * index bits (set by the owner).
 *
 * Interface (synchronous to clk; rst empties the register)
 *   s_tag_keep, s_tag_channel, s_tag_time, s_tag_count   the offered word (pg_core's s_tag_*)
 *   sync_channel, det_channel[64d +: 64], sync_delay     configuration
 *   load               the offered word is taken at this edge (only into an empty register, or
 *                      one emptied at this edge)
 *   advance, rem_next  the process stage takes lanes at this edge: p_rem <= rem_next
 *   clear              the clear sweep: t_ref <= the most negative time
 *   q_head_e, head_moves   the sync queue head's effective time; it changes at this edge
 *   p_rem[l]           lane l not processed yet (the register holds a word iff p_rem != 0)
 *   p_time, p_tsd      [TW*l +: TW] raw time, time + SYNC_DELAY
 *   p_cnt              [32*l +: 32] count (>= 1)
 *   p_ooo, p_sync, p_det, p_d[DB*l +: DB]   out of order; sync; detector (and its index)
 *   p_ge, p_ge_ok      time >= queue head, and whether that bit is current
 *
 * Latency: 1 clock (the word is in the register the clock after load); p_ge 1 clock after a
 * head move.
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

    input  wire [LANES-1:0]      s_tag_keep,
    input  wire [8*LANES-1:0]    s_tag_channel,
    input  wire [64*LANES-1:0]   s_tag_time,
    input  wire [32*LANES-1:0]   s_tag_count,

    input  wire [63:0]           sync_channel,
    input  wire [64*D-1:0]       det_channel,
    /* verilator lint_off UNUSEDSIGNAL */  // the high bits when TW < 64
    input  wire [63:0]           sync_delay,
    /* verilator lint_on UNUSEDSIGNAL */

    input  wire                  load,
    input  wire                  advance,
    input  wire [LANES-1:0]      rem_next,
    input  wire                  clear,
    input  wire [TW-1:0]         q_head_e,
    input  wire                  head_moves,

    output reg  [LANES-1:0]      p_rem,
    output reg  [TW*LANES-1:0]   p_time,
    output reg  [TW*LANES-1:0]   p_tsd,
    output reg  [32*LANES-1:0]   p_cnt,
    output reg  [LANES-1:0]      p_ooo,
    output reg  [LANES-1:0]      p_sync,
    output reg  [LANES-1:0]      p_det,
    output reg  [DB*LANES-1:0]   p_d,
    output reg  [LANES-1:0]      p_ge,
    output reg                   p_ge_ok
);

integer i, l, m;

reg [TW-1:0] t_ref;               // time of the last in-order tag taken since the last clear

// ---- decode and out-of-order chain ------------------------------------------------------------
reg [LANES-1:0]    in_sync, in_det, in_ooo;
reg [DB*LANES-1:0] in_d;
reg [TW*LANES-1:0] in_time;
reg [32*LANES-1:0] in_cnt;
reg [TW-1:0]       in_ref;        // t_ref after the word
/* verilator lint_off UNUSEDSIGNAL */  // the high time bits when TW < 64
reg [63:0]         in_time64;
/* verilator lint_on UNUSEDSIGNAL */
reg [7:0]          in_ch;
reg [31:0]         in_cnt_l;
reg [DB-1:0]       in_d_l;

// in_lt[l*LANES + k]: lane l's time < lane k's time (k < l), in_lt_ref[l]: < t_ref; all side by
// side. Lane l is out of order iff its time is below t_ref or below the time of a kept lane
// before it: the time of the last kept in-order lane before l (the definition) is the running
// maximum of t_ref and the kept lanes before l, since an in-order lane is at or above the
// running maximum and an out-of-order one below it. So each lane's bit is an OR of compares made
// in parallel, with no chain across the lanes; t_ref after the word is the last kept in-order
// lane's time (in_ref).
reg [LANES-1:0]       in_lt_ref;
reg [LANES*LANES-1:0] in_lt;
reg                   in_ooo_l;
always @* begin
    in_lt = {(LANES*LANES){1'b0}};
    for (l = 0; l < LANES; l = l + 1) begin
        in_lt_ref[l] = $signed(s_tag_time[64*l +: TW]) < $signed(t_ref);
        for (m = 0; m < l; m = m + 1) begin
            in_lt[l*LANES + m] = $signed(s_tag_time[64*l +: TW]) < $signed(s_tag_time[64*m +: TW]);
        end
    end
end

always @* begin
    in_ref = t_ref;
    for (l = 0; l < LANES; l = l + 1) begin
        in_time64 = s_tag_time[64*l +: 64];
        in_ch = s_tag_channel[8*l +: 8];
        in_cnt_l = s_tag_count[32*l +: 32];
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
        in_time[TW*l +: TW] = in_time64[TW-1:0];
        in_cnt[32*l +: 32] = (in_cnt_l == 32'd0) ? 32'd1 : in_cnt_l;
        in_ooo_l = in_lt_ref[l];
        for (m = 0; m < l; m = m + 1) begin
            if (s_tag_keep[m] && in_lt[l*LANES + m]) in_ooo_l = 1'b1;
        end
        in_ooo[l] = in_ooo_l;
        if (s_tag_keep[l] && !in_ooo[l]) in_ref = in_time64[TW-1:0];
    end
end

// ---- the input register (a word with no lane kept is taken and has no effect) ------------------
always @(posedge clk) begin
    if (load) begin
        p_rem  <= s_tag_keep;
        p_time <= in_time;
        for (l = 0; l < LANES; l = l + 1) p_tsd[TW*l +: TW] <= in_time[TW*l +: TW] + sync_delay[TW-1:0];
        p_cnt  <= in_cnt;
        p_ooo  <= in_ooo;
        p_sync <= in_sync;
        p_det  <= in_det;
        p_d    <= in_d;
        t_ref  <= in_ref;
    end else if (advance) begin
        p_rem  <= rem_next;
    end
    if (clear) t_ref <= {1'b1, {(TW-1){1'b0}}};   // the most negative time
    if (rst) p_rem <= {LANES{1'b0}};
end

// ---- lane time >= the sync queue head (registered) --------------------------------------------
reg [LANES-1:0] in_ge, p_ge_now;
always @* begin
    for (l = 0; l < LANES; l = l + 1) begin
        in_ge[l] = $signed(q_head_e) <= $signed(in_time[TW*l +: TW]);
        p_ge_now[l] = $signed(q_head_e) <= $signed(p_time[TW*l +: TW]);
    end
end
// p_ge is recomputed every clock (against the head of that clock) and is current the clock after
// unless the head moved at that edge: no head move in its enable (p_ge_ok alone follows it).
// Between head moves the compare gives what p_ge holds (same head, same times).
always @(posedge clk) begin
    p_ge    <= load ? in_ge : p_ge_now;
    p_ge_ok <= !head_moves;
    if (rst) p_ge_ok <= 1'b0;
end

endmodule

`resetall
