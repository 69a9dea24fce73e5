/*
 * pg_link_fifo -- link front end, stage 3: the FIFO between the link (no backpressure) and the
 * core (valid/ready), which drops WHOLE words when full and counts them.
 *
 * The link never waits, the core sometimes does (a trial close, a frame swap, a command). This
 * FIFO absorbs the difference; a word that finds it full is not stored and is counted in
 * `dropped_words` and its tags (the sum of its lanes' counts: a sync-run lane of count k is k
 * tags) in `dropped_tags`: the accounting category dropped_at_input. Nothing is lost silently:
 * every word offered is stored or counted (formal property below).
 *
 * Storage: whole words of WL lanes {keep, channel, time, count} per entry, DEPTH words counting
 * the read and output registers (block RAM of 2^ceil(log2 DEPTH) words, registered read, then the
 * output register); its "not full" is registered, so whether a word is dropped depends on the
 * fill only (the rule of pg_record_fifo, which stored these words before 2026-12-06: its
 * output-register bypass made yosys add a read/write collision compare, 5.6 ns estimated).
 *
 * Interface
 *   s_valid, s_keep, s_channel[8*WL], s_time[TW*WL], s_count[CW*WL]: words in, no ready.
 *   m_valid, m_ready, m_keep, m_channel, m_time, m_count: words out to pg_core's s_tag_*
 *   (AXI-Stream rules, registered).
 *   fill: words held; fill_max: the highest fill since reset / clr; empty: no word held.
 *   clr: clears the counters (CTRL_RESET). Only in a clock without an input word (s_valid low:
 *   pg_link_top's CTRL_RESET goes in only while the front end is empty): a drop needs a word, so
 *   the drop pipeline's lane register needs no clear by clr (one LUT less in front of its reset).
 *   The drop counters follow a drop 2 (words) and 4 (tags) clocks later; busy: a drop is still
 *   being counted.
 *
 * Latency: a word written into an empty FIFO is on m_* 3 clocks after (memory, read register,
 * output register); throughput one word per clock in and out.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_link_fifo #(
    parameter integer WL = 4,
    parameter integer DEPTH = 512,
    parameter integer CW = 16,      // bits of a lane's count (<= 30; pg_link_top: the coalescer's run counts)
    parameter integer TW = 64,      // bits of a lane's time (the link's 64; the formal check uses a few)
    parameter integer FW = $clog2(DEPTH + 1)
) (
    input  wire                 clk,
    input  wire                 rst,
    input  wire                 clr,

    input  wire                 s_valid,
    input  wire [WL-1:0]        s_keep,
    input  wire [8*WL-1:0]      s_channel,
    input  wire [TW*WL-1:0]     s_time,
    input  wire [CW*WL-1:0]     s_count,

    output wire                 m_valid,
    input  wire                 m_ready,
    output wire [WL-1:0]        m_keep,
    output wire [8*WL-1:0]      m_channel,
    output wire [TW*WL-1:0]     m_time,
    output wire [CW*WL-1:0]     m_count,

    output wire [FW-1:0]        fill,
    output reg  [FW-1:0]        fill_max,
    output wire                 empty,
    output wire [63:0]          dropped_words,
    output wire [63:0]          dropped_tags,
    output wire                 busy
);

localparam integer DW = WL * (1 + 8 + TW + CW);
localparam integer SW = CW + 2;    // bits of a word's tag sum
integer l;

// ---- storage: block RAM (read-old, registered read) + the read register + the output register --
// Every control signal is a short function of registers: the "full" flag is registered (whether a
// word is dropped depends on the fill only, never on a simultaneous read), the memory's read enable
// is one LUT behind a pointer compare, and the read data goes through the RAM's own register (no
// multiplexer in front of it, so synthesis keeps the RAM's output register and adds no collision
// logic: a read and a write never meet at one address, see below).
localparam integer AW  = (DEPTH > 1) ? $clog2(DEPTH) : 1;   // memory address bits
localparam [31:0] DEPTH_32 = DEPTH;
localparam [FW-1:0] DEPTH_F = DEPTH_32[FW-1:0];

reg [DW-1:0] mem [0:(1 << AW) - 1];
reg [AW:0]   wr_ptr, rd_ptr;      // one bit more than the address: a full memory is not an empty one
reg [DW-1:0] rd_data;             // the RAM's read register
reg          rd_valid;
reg [DW-1:0] out_data;
reg          out_valid;
reg [FW-1:0] count;               // words held: memory + read register + output register
reg          full;

wire s_ready  = !full;
wire push     = s_valid && !full;
wire pop      = out_valid && m_ready;
wire out_take = !out_valid || pop;                       // the output register takes rd_data now
wire mem_ne   = wr_ptr != rd_ptr;
// read when the read register is free or moves on now. Never the address being written: the
// memory holds at most DEPTH <= 2^AW words, so wr and rd differ in the address bits unless it is
// empty (no read) or holds 2^AW words (then full: no write).
wire rd_en    = mem_ne && (!rd_valid || out_take);

always @(posedge clk) begin
    if (push) mem[wr_ptr[AW-1:0]] <= {s_count, s_time, s_channel, s_keep};
end
always @(posedge clk) begin
    if (rd_en) rd_data <= mem[rd_ptr[AW-1:0]];
end

wire [FW-1:0] count_next = count + {{(FW-1){1'b0}}, push} - {{(FW-1){1'b0}}, pop};
wire          count_dm1  = count == DEPTH_F - 1'b1;         // one word short of full (registers only)
always @(posedge clk) begin
    if (push) wr_ptr <= wr_ptr + 1'b1;
    if (rd_en) rd_ptr <= rd_ptr + 1'b1;
    if (rd_en) rd_valid <= 1'b1;
    else if (out_take) rd_valid <= 1'b0;
    if (out_take) begin
        out_valid <= rd_valid;
        out_data  <= rd_data;
    end
    count <= count_next;
    // full at the next edge, without the add in front: while full nothing is pushed, so it stays
    // full unless a word leaves; else it becomes full only from DEPTH - 1 words, a push and no
    // pop (the late m_ready reaches the flag through one LUT; full == (count == DEPTH), asserted)
    full  <= full ? !pop : (count_dm1 && s_valid && !pop);
    if (rst) begin
        wr_ptr    <= {(AW+1){1'b0}};
        rd_ptr    <= {(AW+1){1'b0}};
        rd_valid  <= 1'b0;
        out_valid <= 1'b0;
        count     <= {FW{1'b0}};
        full      <= DEPTH == 0;
    end
end

assign m_valid = out_valid;
assign {m_count, m_time, m_channel, m_keep} = out_data;
assign fill = count;
assign empty = fill == {FW{1'b0}};

// A drop's tags (the sum of its kept lanes' counts, 0 acting as 1 as in the core) are summed in
// a fixed-latency pipeline behind the drop decision, so that no clock holds more than one add:
//   1. the dropped word's lanes (count or 1 per kept lane, 0 elsewhere), registered;
//   2. lane pairs added; 3. the pairs added; 4. the sum into the 64-bit counter (32-bit halves).
// The counters follow a drop 2 (words) and 4 (tags) clocks later; `busy` while any is on its way.
localparam integer NP = (WL + 1) / 2;      // lane pairs
wire drop = s_valid && !s_ready;

reg          d1_valid;
reg [CW*WL-1:0] d1_lane;
reg          d2_valid;
reg [(CW+1)*NP-1:0] d2_pair;
reg          d3_valid;
reg [SW-1:0] d3_sum;
reg [SW-1:0] pair_sum;
always @* begin
    pair_sum = {SW{1'b0}};
    for (l = 0; l < NP; l = l + 1) pair_sum = pair_sum + {1'b0, d2_pair[(CW+1)*l +: CW+1]};
end

always @(posedge clk) begin
    d1_valid <= drop;
    for (l = 0; l < WL; l = l + 1)
        d1_lane[CW*l +: CW] <= !(drop && s_keep[l]) ? {CW{1'b0}}
                             : s_count[CW*l +: CW] == {CW{1'b0}} ? {{(CW-1){1'b0}}, 1'b1} : s_count[CW*l +: CW];
    d2_valid <= d1_valid;
    for (l = 0; l < NP; l = l + 1)
        d2_pair[(CW+1)*l +: CW+1] <= {1'b0, d1_lane[2*CW*l +: CW]}
                             + ((2*l + 1 < WL) ? {1'b0, d1_lane[(2*CW*l + CW) % (CW*WL) +: CW]} : {(CW+1){1'b0}});
    d3_valid <= d2_valid;
    d3_sum   <= pair_sum;
    // (d1_lane: no clear by clr, which never comes with a word, so never with a drop: d1_lane is
    // then loaded with zeros, as a clear would; clr is a deep decode of the owner's bus write, and
    // with the lane select folded into the flip-flops' reset it was 6.0 ns estimated)
    if (rst) d1_lane <= {CW*WL{1'b0}};
    if (rst || clr) begin
        d1_valid <= 1'b0;
        d2_valid <= 1'b0;
        d2_pair  <= {(CW+1)*NP{1'b0}};
        d3_valid <= 1'b0;
        d3_sum   <= {SW{1'b0}};
    end
end

wire [SW-1:0] tags_inc;
`ifdef PG_LINK_PLANTED_BUG
// planted for `make formal` (link-bug): a dropped word of several tags is counted one short
assign tags_inc = d3_sum - {{(SW-1){1'b0}}, d3_sum > {{(SW-1){1'b0}}, 1'b1}};
`else
assign tags_inc = d3_sum;
`endif

reg drop_q;
always @(posedge clk) begin
    drop_q <= drop;
    if (fill > fill_max) fill_max <= fill;
    if (rst || clr) begin
        drop_q   <= 1'b0;
        fill_max <= {FW{1'b0}};
    end
end

wire words_busy, tags_busy;
pg_link_counter #(.IW(1)) u_words (
    .clk(clk), .clr(rst || clr), .inc(drop_q), .value(dropped_words), .busy(words_busy));
pg_link_counter #(.IW(SW)) u_tags (
    .clk(clk), .clr(rst || clr), .inc(tags_inc), .value(dropped_tags), .busy(tags_busy));
assign busy = drop_q || d1_valid || d2_valid || d3_valid || words_busy || tags_busy;

`ifdef FORMAL
// Nothing lost without being counted: since the last reset / clr, words offered = words stored +
// words dropped; every dropped word's tags reach LINK_DROPPED_TAGS exactly: the tag sum of each
// step of the drop pipeline equals the dropped word's tags (ghosts f_wt1..3 travel with it), and
// dropped_tags = the sum of the true tags of the drops that have passed the pipeline; the FIFO
// never holds more than DEPTH (it cannot overflow: a full FIFO refuses, and the refusal is the
// counted drop). Ghost sums on the low 4 bits (an off-by-one still shows; small adders keep the
// BMC quick: one equation over the whole pipeline, offered = stored + dropped + in flight, took
// the SAT solver minutes per step where these local ones take seconds).
reg [3:0] f_words_in = 4'd0, f_words_stored = 4'd0, f_dropped = 4'd0;
reg [3:0] f_wt1 = 4'd0, f_wt2 = 4'd0, f_wt3 = 4'd0;
reg       f_rst_seen = 1'b0;
reg [3:0] f_word_tags, f_v, f_s1, f_s2;
// (an assignment to f_v keeps the low 4 bits of any field)
always @* begin
    f_word_tags = 4'd0;
    for (l = 0; l < WL; l = l + 1) begin
        f_v = s_count[CW*l +: CW];
        if (s_keep[l]) f_word_tags = f_word_tags + (s_count[CW*l +: CW] == {CW{1'b0}} ? 4'd1 : f_v);
    end
    f_s1 = 4'd0;
    for (l = 0; l < WL; l = l + 1) begin
        f_v = d1_lane[CW*l +: CW];
        f_s1 = f_s1 + f_v;
    end
    f_s2 = 4'd0;
    for (l = 0; l < NP; l = l + 1) begin
        f_v = d2_pair[(CW+1)*l +: CW+1];
        f_s2 = f_s2 + f_v;
    end
end
reg [AW:0] f_mem_n;
always @* f_mem_n = wr_ptr - rd_ptr;
always @(posedge clk) begin
    if (s_valid) f_words_in <= f_words_in + 4'd1;
    if (s_valid && s_ready) f_words_stored <= f_words_stored + 4'd1;
    f_wt1     <= drop ? f_word_tags : 4'd0;
    f_wt2     <= f_wt1;
    f_wt3     <= f_wt2;
    f_dropped <= f_dropped + f_wt3;
    if (rst || clr) begin
        f_words_in     <= 4'd0;
        f_words_stored <= 4'd0;
        f_wt1          <= 4'd0;
        f_wt2          <= 4'd0;
        f_wt3          <= 4'd0;
        f_dropped      <= 4'd0;
    end
    if (rst) f_rst_seen <= 1'b1;
end
// the owner's rule for clr (see the interface): never with an input word
always @* if (clr) assume (!s_valid);
always @* begin
    if (f_rst_seen && !rst) begin
        assert (f_words_in == f_words_stored + dropped_words[3:0] + {3'd0, drop_q});
        assert (d1_valid == drop_q);
        assert (f_s1 == f_wt1);
        assert (f_s2 == f_wt2);
        assert (d3_sum[3:0] == f_wt3);
        assert (dropped_tags[3:0] == f_dropped);
        if (!d1_valid) assert (d1_lane == {CW*WL{1'b0}});
        assert (fill <= DEPTH);
        assert (fill == f_mem_n + rd_valid + out_valid);
        assert (!full == (fill != DEPTH_F));
    end
end
`endif

endmodule

`resetall
