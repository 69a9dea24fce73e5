/*
 * pg_link_wrhold -- link front end: the write hold. Puts every core register write into the core
 * in stream order, and never loses one without counting it.
 *
 * A write to a core register (configuration or a CTRL command; the caller decodes which) may go
 * into the core only while the front end holds no link word (fe_empty: every word received before
 * the write has reached the core, none after it has), and a configuration write also only while
 * the core is quiet (cfg_ok: no tag in flight inside it, pg_core's rule for configuration; a CTRL
 * command is ordered behind the core's tags by the core itself). Every core write is first taken
 * into a one-write slot (held) and goes into the core from there, at the first clock after the
 * edge that took it that allows it (go, m_addr / m_wdata = the slot). So the core's write port is
 * flip-flops (the slot) and go one LUT of registers (held, h_ctrl, and the caller's fe_empty /
 * cfg_ok, both registered there): nothing of the bus and no address select reaches the core's
 * write decode, its input ready (s_tag_ready low in a configuration-write clock) or the link's
 * register slice behind it (issue 13, fw21r; until then a write that was allowed at once went in
 * at its own edge, and m_addr selected between the bus and the slot on h_ctrl).
 *
 * Register bus (write side): s_we, s_addr, s_wdata at an edge, s_core / s_ctrl decoded by the
 * caller from the same clock's bus. A core write is taken at an edge with s_ready high: the slot
 * is free, or its write goes into the core at that edge (s_ready = !held || go: one write per
 * clock while the core takes them). While s_ready is low the bus master keeps the write on the bus
 * (as an AXI-Lite master keeps AWVALID until AWREADY, or a Wishbone master STB until ACK) and it is
 * taken at the first edge at which the held one goes in. Writes that are not core writes (s_core
 * low) are not this module's: the caller takes them at once, whatever s_ready says.
 *
 * Refused writes: a core write that was on the bus at an edge without being taken (stalled) and is
 * not on the bus at the next edge (s_we low, or another address or value) was withdrawn by the
 * master before the front end took it (e.g. a bus master that gives up after a time-out, or the
 * library when the hold cannot clear without the host): it never reaches the core, and is counted
 * in `refused` (register LINK_WRITES_REFUSED). So every core write presented is either applied
 * exactly once or counted: none is lost silently. (Until 2026-12-07 a second core write arriving
 * while one was held was ignored without a trace.)
 *
 * Latency: a write taken at edge E goes into the core at the first edge after E with fe_empty
 * (and cfg_ok unless a CTRL): 1 clock at the least (before fw21r: 0, at its own edge). A refusal
 * reaches `refused` 2 edges after the edge at which it is seen (pulse register, low half of the
 * counter; the high half 1 more, while busy).
 * busy: a refusal is on its way into `refused`.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_link_wrhold #(
    parameter integer AW = 8,
    parameter integer DW = 64
) (
    input  wire          clk,
    input  wire          rst,

    input  wire          s_we,
    input  wire [AW-1:0] s_addr,
    input  wire [DW-1:0] s_wdata,
    input  wire          s_core,    // the write on the bus is a core write (the caller's decode)
    input  wire          s_ctrl,    // ... and a CTRL command (needs only fe_empty)
    output wire          s_ready,   // a core write on the bus is taken at this edge

    input  wire          fe_empty,  // the front end holds no link word now
    input  wire          cfg_ok,    // the core is quiet: configuration may go in

    output wire          go,        // a core write goes into the core at this edge
    output wire [AW-1:0] m_addr,
    output wire [DW-1:0] m_wdata,
    output reg           held,      // a write waits in the slot

    output wire [63:0]   refused,   // core writes withdrawn before they were taken, since reset
    output wire          busy
);

reg [AW-1:0] h_addr;
reg [DW-1:0] h_data;
reg          h_ctrl;

// the stalled write of the last edge (to see whether the master still presents it)
reg          st_q;
reg [AW-1:0] st_addr;
reg [DW-1:0] st_data;
reg          ref_q;    // a refusal seen at the last edge, into the counter

wire wr     = s_we && s_core;
wire hgo    = held && fe_empty && (h_ctrl || cfg_ok);
`ifdef PG_LINK_WRHOLD_PLANTED_BUG
// planted for `make formal` (link-bug): the hold of before 2026-12-07, a bus that never stalls: a
// core write that arrives while one is held overwrites it, counted nowhere
assign s_ready = 1'b1;
`else
assign s_ready = !held || hgo;
`endif
wire take   = wr && s_ready;
wire stall  = wr && !s_ready;
wire same   = wr && s_addr == st_addr && s_wdata == st_data;

assign go      = hgo;
assign m_addr  = h_addr;
assign m_wdata = h_data;

always @(posedge clk) begin
    if (hgo) held <= 1'b0;
    if (take) begin
        held   <= 1'b1;
        h_addr <= s_addr;
        h_data <= s_wdata;
        h_ctrl <= s_ctrl;
    end
    st_q <= stall;
    if (stall) begin
        st_addr <= s_addr;
        st_data <= s_wdata;
    end
    ref_q <= st_q && !same;
    if (rst) begin
        held    <= 1'b0;
        h_addr  <= {AW{1'b0}};
        h_data  <= {DW{1'b0}};
        h_ctrl  <= 1'b0;
        st_q    <= 1'b0;
        st_addr <= {AW{1'b0}};
        st_data <= {DW{1'b0}};
        ref_q   <= 1'b0;
    end
end

wire ref_busy;
pg_link_counter #(.IW(1)) u_refused (.clk(clk), .clr(rst), .inc(ref_q), .value(refused), .busy(ref_busy));

assign busy = ref_q || ref_busy;

`ifdef FORMAL
// Every input free (the bus master may stall, repeat, change or withdraw a write at any edge; the
// front end and the core may be busy or not at any clock), properties from the first reset on.
// Ghosts count modulo 16 (the bounded check runs fewer clocks than that):
//   f_started  core-write transactions: a core write on the bus that is not the stalled one of the
//              last edge presented again
//   f_taken    core writes taken (into the core at once, or into the slot)
//   f_applied  core writes that went into the core
// and the sequence number of the held write (its place in the order the writes were taken).
reg       f_rst_seen = 1'b0;
reg [3:0] f_started, f_taken, f_applied, f_hseq;
always @(posedge clk) begin
    if (rst) f_rst_seen <= 1'b1;
    if (wr && !(st_q && same)) f_started <= f_started + 4'd1;
    if (take) f_taken <= f_taken + 4'd1;
    if (go) f_applied <= f_applied + 4'd1;
    if (take) f_hseq <= f_taken;
    if (rst) begin
        f_started <= 4'd0;
        f_taken   <= 4'd0;
        f_applied <= 4'd0;
        f_hseq    <= 4'd0;
    end
end

always @* if (f_rst_seen && !rst) begin
    // applied exactly once: every write taken is in the core or in the slot, never both, never twice
    assert (f_taken == f_applied + {3'd0, held});
    // in the order taken: the held write is the next to go in, and no write goes in past it (a
    // write is taken while one is held only at the edge the held one goes in: the slot is the
    // only place a write waits)
    if (held) assert (f_hseq == f_applied);
    if (held && !go) assert (!take);
    // every write goes in from the slot (the core's write port is registers)
    if (go) assert (held);
    // never while the front end holds words, nor (configuration) while the core is busy
    if (go) assert (fe_empty);
    if (go) assert (h_ctrl || cfg_ok);
    // the bus side: a core write is taken exactly when it is on the bus and the slot is free
    assert (take == (wr && s_ready));
    // nothing dropped without being counted: every transaction is taken, refused (counted, or its
    // count on its way in ref_q) or still stalled on the bus (st_q)
    assert (f_started == f_taken + refused[3:0] + {3'd0, ref_q} + {3'd0, st_q});
end

// the held write does not change while it waits, and goes into the core as it was taken
reg          f_past = 1'b0;
reg          f_held_q;
reg [AW-1:0] f_addr_q;
reg [DW-1:0] f_data_q;
reg          f_go_q;
always @(posedge clk) begin
    f_past   <= 1'b1;
    f_held_q <= held;
    f_addr_q <= h_addr;
    f_data_q <= h_data;
    f_go_q   <= hgo;
end
always @* if (f_rst_seen && !rst && f_past && f_held_q && !f_go_q && held) begin
    assert (h_addr == f_addr_q);
    assert (h_data == f_data_q);
end
`endif

endmodule

`resetall
