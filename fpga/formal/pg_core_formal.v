/*
 * pg_core_formal -- formal environment of pg_core (make formal).
 *
 * Instantiates pg_core and constrains only what the contract (docs/frame-format.md) asks of
 * the outside world; the properties themselves are in pg_core.v under `ifdef FORMAL`:
 *   - rst is high in the first clock (the core starts reset);
 *   - configuration registers are written only while the core is idle (status_idle); CTRL may
 *     be written at any time (commands queue);
 *   - FRAME_TRIALS is written below 2^CW (the model's CW-bit trial counters must not wrap below
 *     a frame-due point, as the real core's 64-bit ones cannot);
 *   - tag counts are below 8 (the properties compare counts modulo 256; counts up to 7 reach the
 *     bulk close of a sync run at K = 1 and K = 2);
 * Everything else is free: tag words (any lanes kept, any channel, any time, in or out of order,
 * valid toggling),
 * register writes of any value (SYNC_DELAY of either sign, so the sync-delay queue fills,
 * pops and drops; RECORDS_ENABLE on and off), m_frame_ready (so frames stream, block and merge),
 * m_rec_ready (so the record FIFO fills and drops).
 *
 * Parameters: W, D, K, B as pg_core (small shapes: the proofs bit-blast every 64-bit counter),
 * SQ the sync-delay queue depth (2 here: full and empty are both reachable in a few steps),
 * CW the counter width (8 here: the properties compare counts modulo 2^8, so 8-bit counters keep
 * every property exact), TW the time width (8 here: times wrap at 2^8, so the solver meets
 * every wrap-around case within a few steps; the control logic does not depend on the width),
 * RQ the record FIFO depth (2 here: the output register and one memory entry, so full, empty and
 * the memory path are all reachable).
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_core_formal #(
    parameter integer W = 1,
    parameter integer D = 1,
    parameter integer K = 1,
    parameter integer B = 2,
    parameter integer SQ = 2,
    parameter integer CW = 8,
    parameter integer TW = 8,
    parameter integer LANES = 2,
    parameter integer RQ = 2
) (
    input  wire        clk,
    input  wire        rst,
    input  wire                s_tag_valid,
    input  wire [LANES-1:0]    s_tag_keep,
    input  wire [8*LANES-1:0]  s_tag_channel,
    input  wire [64*LANES-1:0] s_tag_time,
    input  wire [32*LANES-1:0] s_tag_count,
    input  wire        reg_we,
    input  wire [7:0]  reg_addr,
    input  wire [63:0] reg_wdata,
    input  wire [7:0]  reg_raddr,
    input  wire        m_frame_ready,
    input  wire        m_rec_ready
);

`include "pg_map.vh"

wire        s_tag_ready;
wire [63:0] reg_rdata;
wire        m_frame_valid, m_frame_last;
wire [63:0] m_frame_data;
wire        status_idle, status_frame_pending, status_quiet, status_cmd_pending;
wire        m_rec_valid;
wire [PG_RECORD_WORDS_N*64-1:0] m_rec_data;

pg_core #(.W(W), .D(D), .K(K), .B(B), .SQ(SQ), .CW(CW), .TW(TW), .LANES(LANES), .RQ(RQ)) dut (
    .clk(clk), .rst(rst),
    .s_tag_valid(s_tag_valid), .s_tag_ready(s_tag_ready), .s_tag_keep(s_tag_keep),
    .s_tag_channel(s_tag_channel), .s_tag_time(s_tag_time), .s_tag_count(s_tag_count),
    .reg_we(reg_we), .reg_addr(reg_addr), .reg_wdata(reg_wdata),
    .reg_raddr(reg_raddr), .reg_rdata(reg_rdata),
    .m_frame_valid(m_frame_valid), .m_frame_ready(m_frame_ready),
    .m_frame_data(m_frame_data), .m_frame_last(m_frame_last),
    .m_rec_valid(m_rec_valid), .m_rec_ready(m_rec_ready), .m_rec_data(m_rec_data),
    .status_idle(status_idle), .status_frame_pending(status_frame_pending), .status_quiet(status_quiet),
    .status_cmd_pending(status_cmd_pending)
);

reg f_init = 1'b1;
always @(posedge clk) f_init <= 1'b0;

integer l;
always @* begin
    if (f_init) assume(rst);
    for (l = 0; l < LANES; l = l + 1) assume(s_tag_count[32*l +: 32] < 32'd8);
    if (reg_we && {24'd0, reg_addr} != PG_REG_CTRL) assume(status_idle);
    // FRAME_TRIALS < 2^CW: the CW-bit trial counters of this small model never pass a frame-due
    // point by wrapping (the real core's 64-bit counters never wrap; pg_sync_engine's room to the
    // next frame-due point assumes they do not)
    if (reg_we && {24'd0, reg_addr} == PG_REG_FRAME_TRIALS) assume((reg_wdata >> CW) == 64'd0);
end

endmodule

`resetall
