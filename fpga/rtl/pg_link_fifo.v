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
 * Storage: pg_record_fifo (whole words of WL lanes {keep, channel, time, count} per entry,
 * registered output, DEPTH words counting the output register; its ready is registered "not
 * full", so whether a word is dropped depends on the fill only).
 *
 * Interface
 *   s_valid, s_keep, s_channel[8*WL], s_time[64*WL], s_count[32*WL]: words in, no ready.
 *   m_valid, m_ready, m_keep, m_channel, m_time, m_count: words out to pg_core's s_tag_*
 *   (AXI-Stream rules, registered).
 *   fill: words held; fill_max: the highest fill since reset / clr; empty: no word held.
 *   clr: clears the counters (CTRL_RESET). The drop counters follow a drop one clock later.
 *
 * Latency: a word written into an empty FIFO is on m_* the clock after.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_link_fifo #(
    parameter integer WL = 4,
    parameter integer DEPTH = 512,
    parameter integer FW = $clog2(DEPTH + 1)
) (
    input  wire                 clk,
    input  wire                 rst,
    input  wire                 clr,

    input  wire                 s_valid,
    input  wire [WL-1:0]        s_keep,
    input  wire [8*WL-1:0]      s_channel,
    input  wire [64*WL-1:0]     s_time,
    input  wire [32*WL-1:0]     s_count,

    output wire                 m_valid,
    input  wire                 m_ready,
    output wire [WL-1:0]        m_keep,
    output wire [8*WL-1:0]      m_channel,
    output wire [64*WL-1:0]     m_time,
    output wire [32*WL-1:0]     m_count,

    output wire [FW-1:0]        fill,
    output reg  [FW-1:0]        fill_max,
    output wire                 empty,
    output reg  [63:0]          dropped_words,
    output reg  [63:0]          dropped_tags
);

localparam integer DW = WL * (1 + 8 + 64 + 32);
integer l;

wire s_ready;
wire [DW-1:0] m_data;
pg_record_fifo #(.DATA_WIDTH(DW), .DEPTH(DEPTH), .CNT_WIDTH(FW)) store (
    .clk(clk), .rst(rst),
    .s_valid(s_valid), .s_ready(s_ready), .s_data({s_count, s_time, s_channel, s_keep}),
    .m_valid(m_valid), .m_ready(m_ready), .m_data(m_data),
    .count(fill));
assign {m_count, m_time, m_channel, m_keep} = m_data;
assign empty = fill == {FW{1'b0}};

// tags of the offered word: the sum of its kept lanes' counts (0 acts as 1, as in the core)
reg [33:0] word_tags;
always @* begin
    word_tags = 34'd0;
    for (l = 0; l < WL; l = l + 1)
        if (s_keep[l]) word_tags = word_tags + (s_count[32*l +: 32] == 32'd0 ? 34'd1 : {2'b00, s_count[32*l +: 32]});
end

wire drop = s_valid && !s_ready;
// a drop is registered first, then added (the 64-bit adds off the lane sum): the counters are one
// clock behind the drop
reg        drop_q;
reg [33:0] drop_tags_q;
always @(posedge clk) begin
    drop_q      <= drop;
    drop_tags_q <= drop ? word_tags : 34'd0;
    if (drop_q) begin
`ifdef PG_LINK_PLANTED_BUG
        // planted for `make formal` (link-bug): a dropped word of several tags is counted one short
        dropped_tags  <= dropped_tags + {30'd0, drop_tags_q} - {63'd0, drop_tags_q > 34'd1};
`else
        dropped_tags  <= dropped_tags + {30'd0, drop_tags_q};
`endif
        dropped_words <= dropped_words + 64'd1;
    end
    if (fill > fill_max) fill_max <= fill;
    if (rst || clr) begin
        drop_q        <= 1'b0;
        drop_tags_q   <= 34'd0;
        dropped_words <= 64'd0;
        dropped_tags  <= 64'd0;
        fill_max      <= {FW{1'b0}};
    end
end

`ifdef FORMAL
// Nothing lost without being counted: since the last reset / clr, words offered = words stored +
// words dropped, and tags offered = tags stored + tags dropped (ghost counters, low 8 bits), and
// the FIFO never holds more than DEPTH (it cannot overflow: a full FIFO refuses, and the refusal
// is the counted drop).
reg [7:0] f_words_in = 8'd0, f_words_stored = 8'd0, f_tags_in = 8'd0, f_tags_stored = 8'd0;
reg       f_rst_seen = 1'b0;
always @(posedge clk) begin
    if (s_valid) begin
        f_words_in <= f_words_in + 8'd1;
        f_tags_in  <= f_tags_in + word_tags[7:0];
    end
    if (s_valid && s_ready) begin
        f_words_stored <= f_words_stored + 8'd1;
        f_tags_stored  <= f_tags_stored + word_tags[7:0];
    end
    if (rst || clr) begin
        f_words_in <= 8'd0;
        f_words_stored <= 8'd0;
        f_tags_in <= 8'd0;
        f_tags_stored <= 8'd0;
    end
    if (rst) f_rst_seen <= 1'b1;
end
always @* begin
    if (f_rst_seen && !rst) begin
        assert (f_words_in == f_words_stored + dropped_words[7:0] + {7'd0, drop_q});
        assert (f_tags_in == f_tags_stored + dropped_tags[7:0] + drop_tags_q[7:0]);
        if (!drop_q) assert (drop_tags_q == 34'd0);
        assert (fill <= DEPTH);
        assert (m_valid == (fill != {FW{1'b0}}));
    end
end
`endif

endmodule

`resetall
