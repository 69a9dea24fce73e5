/*
 * pg_link_skid -- link front end, stage 4: a register slice between the FIFO and the core that
 * cuts the core's combinational s_tag_ready off the FIFO.
 *
 * pg_core's s_tag_ready is a function of its input stage (several LUT levels inside the core); fed
 * straight into pg_link_fifo it decided the FIFO's pop, its fill and its "full" flag in the same
 * clock, the one path that crossed from the core into the front end (fpga/README "Link front
 * end": 9.25 ns estimated, 5.8 ns of it inside the core). Here s_ready is a register: the FIFO
 * never sees the core's ready, and the core's ready only selects between the two entries below.
 *
 * Interface: s_* from pg_link_fifo (valid/ready, a word of D bits), m_* to pg_core (valid/ready,
 * registered). Two entries (the output register and a skid register that catches the word the
 * FIFO sends in the clock the core stops), so throughput stays one word per clock. Nothing is ever
 * dropped here: a word is taken only while s_ready. Latency: 1 clock. busy: a word is held.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_link_skid #(
    parameter integer D = 8
) (
    input  wire         clk,
    input  wire         rst,

    input  wire         s_valid,
    output reg          s_ready,
    input  wire [D-1:0] s_data,

    output reg          m_valid,
    input  wire         m_ready,
    output reg  [D-1:0] m_data,

    output wire         busy
);

reg         k_valid;   // the skid register holds a word (then s_ready is low)
reg [D-1:0] k_data;

wire take = s_valid && s_ready;
wire give = m_valid && m_ready;

always @(posedge clk) begin
    if (!m_valid || give) begin
        // the output register is free at this edge: the skid word first, else the input
        m_valid <= k_valid || take;
        m_data  <= k_valid ? k_data : s_data;
        k_valid <= 1'b0;
        s_ready <= 1'b1;
    end else if (take) begin
        // the core holds the output word: the FIFO's word of this clock waits in the skid register
        k_valid <= 1'b1;
        k_data  <= s_data;
        s_ready <= 1'b0;
    end
    if (rst) begin
        m_valid <= 1'b0;
        k_valid <= 1'b0;
        s_ready <= 1'b1;
    end
end

assign busy = m_valid || k_valid;

`ifdef FORMAL
// Nothing lost, duplicated or reordered is the link tests' job (they compare frames); here: the
// skid register is full exactly while s_ready is low, and only behind a held output word.
reg f_rst_seen = 1'b0;
always @(posedge clk) if (rst) f_rst_seen <= 1'b1;
always @* if (f_rst_seen && !rst) begin
    assert (k_valid == !s_ready);
    if (k_valid) assert (m_valid);
end
`endif

endmodule

`resetall
