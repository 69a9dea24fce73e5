/*
 * pg_skid -- a two-entry register slice (skid buffer, in the style of Forencich's axis_register
 * with REG_TYPE 2): s_ready, m_valid and m_data are registers, so that the consumer's m_ready
 * decides nothing on the producer's side in the same clock (the producer sees a registered ready).
 *
 * Used twice: the link front end's stage 4 (pg_link_top: between pg_link_fifo and pg_core) and
 * pg_core's registered input stage (pg_input: the core's s_tag_ready is this s_ready).
 *
 * Interface: s_* in (valid/ready, a word of D bits), m_* out (valid/ready, registered). Two
 * entries: the output register and a skid register that catches the word taken in the clock the
 * consumer stops (s_ready was decided a clock before), so throughput stays one word per clock.
 * Nothing is ever dropped: a word is taken only while s_ready. s_ready is high exactly while the
 * skid register is empty. Latency: 1 clock (a word taken at an edge is on m_* the clock after).
 * busy: a word is held (either entry).
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_skid #(
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
`ifdef FORMAL
    ,
    output wire         f_k_valid,    // the skid register and its word (owners' properties)
    output wire [D-1:0] f_k_data
`endif
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
        // the consumer holds the output word: the word taken at this edge waits in the skid register
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
assign f_k_valid = k_valid;
assign f_k_data  = k_data;
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
