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
 *   m_valid, m_keep, m_channel[8*WL], m_time[64*WL]: the mapped word, REGISTERED (2 clocks);
 *   m_valid only when at least one lane is kept. A lane whose slot holds UNMAPPED (0xFF) is not
 *   kept: its tag is counted in `unmapped` and goes no further.
 *   clr: clears the counters (CTRL_RESET); rst also resets the table to UNMAPPED.
 *   busy: a tag is in the stage or a counter has not settled (the front end is not at rest);
 *   pending: a word with a kept lane came in at the last edge (step 1 holds it).
 *
 * Counters (since reset / clr; pg_link_counter, 32-bit halves): `tags` = kept lanes of valid
 * link words (2 clocks behind the word); `unmapped` = those of them whose slot is UNMAPPED (3
 * clocks behind). Every tag of the link is in exactly one of: unmapped, or m_* (the formal
 * property below).
 *
 * Pipeline (each step registered, so that no clock holds more than the table read or one
 * compare): 1. the table read per lane (64:1 multiplexer of 8 bits) and the word's tag count;
 * 2. kept / unmapped per lane (the compare with 0xFF); 3. the unmapped count. No backpressure:
 * a fixed-latency pipeline.
 *
 * Latency 2 clocks; throughput one word per clock.
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

    output wire [63:0]          tags,
    output wire [63:0]          unmapped,
    output wire                 busy,
    output wire                 pending
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

// ---- step 1: table read, the word's tag count ------------------------------------------------
reg              r_valid;
reg [WL-1:0]     r_keep;       // valid && keep per lane
reg [8*WL-1:0]   r_mapped;
reg [64*WL-1:0]  r_time;
reg [LW-1:0]     n_tags;
always @* begin
    n_tags = {LW{1'b0}};
    for (l = 0; l < WL; l = l + 1) n_tags = n_tags + {{(LW-1){1'b0}}, s_valid && s_keep[l]};
end

reg [LW-1:0] n_tags_q;
always @(posedge clk) begin
    r_valid  <= s_valid && |s_keep;
    r_keep   <= s_valid ? s_keep : {WL{1'b0}};
    r_time   <= s_time;
    n_tags_q <= n_tags;
    for (l = 0; l < WL; l = l + 1) r_mapped[8*l +: 8] <= table_q[s_channel[CHW*l +: CHW]];
    // (a reset on the data too: no SRL16 shift registers, whose clock-to-out alone is 1.5 ns)
    if (rst) begin
        r_valid  <= 1'b0;
        r_keep   <= {WL{1'b0}};
        r_time   <= {64*WL{1'b0}};
        r_mapped <= {8*WL{1'b0}};
    end
    // a clr (CTRL_RESET) clears the counters, not the count of the word arriving with it: that
    // word reaches the core after the reset, so it belongs to the counts after it
    if (rst) n_tags_q <= {LW{1'b0}};
end

// ---- step 2: kept or unmapped -------------------------------------------------------------
reg [WL-1:0] kept;
reg [WL-1:0] unm;
always @* begin
    for (l = 0; l < WL; l = l + 1) begin
        kept[l] = r_keep[l] && r_mapped[8*l +: 8] != UNMAPPED;
        unm[l]  = r_keep[l] && r_mapped[8*l +: 8] == UNMAPPED;
    end
end

reg [WL-1:0] unm_q;
always @(posedge clk) begin
    m_valid   <= r_valid && |kept;
    m_keep    <= kept;
    m_channel <= r_mapped;
    m_time    <= r_time;
    unm_q     <= unm;
    if (rst) begin
        m_valid   <= 1'b0;
        m_keep    <= {WL{1'b0}};
        m_channel <= {8*WL{1'b0}};
        m_time    <= {64*WL{1'b0}};
    end
    if (rst || clr) unm_q <= {WL{1'b0}};
end

// ---- step 3: the unmapped count -----------------------------------------------------------
reg [LW-1:0] n_unm;
always @* begin
    n_unm = {LW{1'b0}};
    for (l = 0; l < WL; l = l + 1) n_unm = n_unm + {{(LW-1){1'b0}}, unm_q[l]};
end
reg [LW-1:0] n_unm_q;
always @(posedge clk) begin
    n_unm_q <= n_unm;
    if (rst || clr) n_unm_q <= {LW{1'b0}};
end

wire tags_busy, unm_busy;
pg_link_counter #(.IW(LW)) u_tags (
    .clk(clk), .clr(rst || clr), .inc(n_tags_q), .value(tags), .busy(tags_busy));
pg_link_counter #(.IW(LW)) u_unmapped (
    .clk(clk), .clr(rst || clr), .inc(n_unm_q), .value(unmapped), .busy(unm_busy));

assign pending = r_valid;
assign busy = r_valid || |unm_q || n_tags_q != {LW{1'b0}} || n_unm_q != {LW{1'b0}} || tags_busy || unm_busy;

`ifdef FORMAL
// No tag lost or made up: since the last reset / clr, link tags in (kept lanes of valid words) =
// tags out (kept lanes of m_* words, those on m_* now included) + unmapped + tags inside (step 1's lanes, step 2's unmapped
// lanes, step 3's count), and `tags` = tags in minus its count in flight (low 8 bits). A clr
// comes only when the stage is empty (pg_link_top: the front end is empty), as assumed here.
reg [7:0] f_in = 8'd0, f_out = 8'd0;
reg       f_rst_seen = 1'b0;
reg [7:0] f_in_n, f_out_n, f_r_n, f_u_n;
always @* begin
    f_in_n = 8'd0;
    f_out_n = 8'd0;
    f_r_n = 8'd0;
    f_u_n = 8'd0;
    for (l = 0; l < WL; l = l + 1) begin
        if (s_valid && s_keep[l]) f_in_n = f_in_n + 8'd1;
        if (m_valid && m_keep[l]) f_out_n = f_out_n + 8'd1;
        if (r_keep[l]) f_r_n = f_r_n + 8'd1;
        if (unm_q[l]) f_u_n = f_u_n + 8'd1;
    end
end
always @(posedge clk) begin
    f_in  <= f_in + f_in_n;
    f_out <= f_out + f_out_n;
    if (rst || clr) begin
        f_in  <= rst ? 8'd0 : f_in_n;
        f_out <= 8'd0;
    end
    if (rst) f_rst_seen <= 1'b1;
end
always @* if (f_rst_seen && !rst) assume (!clr || (!r_valid && unm_q == {WL{1'b0}} && n_unm_q == {LW{1'b0}} && !m_valid));
always @* begin
    if (f_rst_seen && !rst) begin
        assert (f_in == f_out + f_out_n + unmapped[7:0] + f_r_n + f_u_n + {{(8-LW){1'b0}}, n_unm_q});
        assert (tags[7:0] + {{(8-LW){1'b0}}, n_tags_q} == f_in);
        assert (r_valid == (r_keep != {WL{1'b0}}));
    end
end
`endif

endmodule

`resetall
