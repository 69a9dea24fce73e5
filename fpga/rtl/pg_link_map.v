/*
 * pg_link_map -- link front end, stage 1: takes a time tagger's FPGA-link tag word and maps each
 * lane's signed link channel to a core channel through a register table.
 *
 * Interface
 *   s_valid, s_keep[WL], s_channel[CHW*WL] (signed link channel of lane l at [CHW*l +: CHW]: +n a
 *   rising edge on input n, -n a falling edge), s_time[64*WL]: the link word; no ready (the
 *   link has no backpressure: a word is taken every clock it is valid).
 *   map_we, map_addr, map_wdata: table write (slot = channel mod 2^CHW); map_raddr -> map_rdata
 *   combinational read (the register file's read port).
 *   m_valid, m_keep, m_channel[8*WL], m_time[64*WL]: the mapped word, REGISTERED (1 clock);
 *   m_valid only when at least one lane is kept. A lane whose slot holds UNMAPPED (0xFF) is not
 *   kept: its tag is counted in `unmapped` and goes no further.
 *   clr: clears the counters (CTRL_RESET); rst also resets the table to UNMAPPED.
 *
 * Counters (since reset / clr, one clock behind the word): `tags` = kept lanes of valid link
 * words; `unmapped` = those of them whose slot is UNMAPPED. Every tag of the link is in exactly one of: unmapped, or m_* (the
 * formal property below).
 *
 * Latency 1 clock; throughput one word per clock.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_link_map #(
    parameter integer WL = 4,    // lanes per link word (WORD_WIDTH: 1 or 4)
    parameter integer CHW = 6    // bits of the signed link channel (the reference's CHANNEL_WIDTH)
) (
    input  wire                 clk,
    input  wire                 rst,
    input  wire                 clr,

    input  wire                 s_valid,
    input  wire [WL-1:0]        s_keep,
    input  wire [CHW*WL-1:0]    s_channel,
    input  wire [64*WL-1:0]     s_time,

    input  wire                 map_we,
    input  wire [CHW-1:0]       map_addr,
    input  wire [7:0]           map_wdata,
    input  wire [CHW-1:0]       map_raddr,
    output wire [7:0]           map_rdata,

    output reg                  m_valid,
    output reg  [WL-1:0]        m_keep,
    output reg  [8*WL-1:0]      m_channel,
    output reg  [64*WL-1:0]     m_time,

    output reg  [63:0]          tags,
    output reg  [63:0]          unmapped
);

localparam integer SLOTS = 1 << CHW;
localparam [7:0] UNMAPPED = 8'hFF;
localparam integer LW = $clog2(WL + 1);

reg [7:0] table_q [0:SLOTS-1];
integer i, l;

always @(posedge clk) begin
    if (rst) begin
        for (i = 0; i < SLOTS; i = i + 1) table_q[i] <= UNMAPPED;
    end else if (map_we) begin
        table_q[map_addr] <= map_wdata;
    end
end
assign map_rdata = table_q[map_raddr];

// per lane: the mapped channel, whether it is kept, and this word's counts
reg [8*WL-1:0] mapped;
reg [WL-1:0]   kept;
reg [WL-1:0]   dropped;
reg [LW-1:0]   n_tags, n_unmapped;
always @* begin
    n_tags = {LW{1'b0}};
    n_unmapped = {LW{1'b0}};
    for (l = 0; l < WL; l = l + 1) begin
        mapped[8*l +: 8] = table_q[s_channel[CHW*l +: CHW]];
        kept[l]    = s_valid && s_keep[l] && mapped[8*l +: 8] != UNMAPPED;
        dropped[l] = s_valid && s_keep[l] && mapped[8*l +: 8] == UNMAPPED;
        n_tags     = n_tags + {{(LW-1){1'b0}}, s_valid && s_keep[l]};
        n_unmapped = n_unmapped + {{(LW-1){1'b0}}, dropped[l]};
    end
end

// the word's counts are registered, then added (the 64-bit adds off the table read): the
// counters are one clock behind the word
reg [LW-1:0] n_tags_q, n_unmapped_q;
always @(posedge clk) begin
    m_valid      <= |kept;
    m_keep       <= kept;
    m_channel    <= mapped;
    m_time       <= s_time;
    n_tags_q     <= n_tags;
    n_unmapped_q <= n_unmapped;
    tags         <= tags + {{(64-LW){1'b0}}, n_tags_q};
    unmapped     <= unmapped + {{(64-LW){1'b0}}, n_unmapped_q};
    if (rst || clr) begin
        tags         <= 64'd0;
        unmapped     <= 64'd0;
        n_tags_q     <= {LW{1'b0}};
        n_unmapped_q <= {LW{1'b0}};
    end
    if (rst) m_valid <= 1'b0;
end

`ifdef FORMAL
// every link tag of a clock is either kept (goes on in m_*) or counted as unmapped
reg [LW-1:0] f_kept_n;
always @* begin
    f_kept_n = {LW{1'b0}};
    for (l = 0; l < WL; l = l + 1) f_kept_n = f_kept_n + {{(LW-1){1'b0}}, kept[l]};
end
always @* assert (n_tags == f_kept_n + n_unmapped);
`endif

endmodule

`resetall
