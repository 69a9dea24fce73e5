/*
 * pg_synth_top -- pin-limited harness around pg_core for place-and-route timing runs.
 *
 * Not part of the product: the core's 64-bit buses need ~280 pins, more than any small package
 * has. This wrapper keeps every core port live with few pins, and registers every pin on both
 * sides, so the timing report measures core-internal register-to-register paths only:
 *   - din[7:0] shifts into a 64-bit register (shift), which drives s_tag_time (lane l: rotated by
 *     8*l bits), reg_wdata and (its high word, XOR l) s_tag_count;
 *     channel (lane l: + l) and lane keep mask / register write address / register read address
 *     load from din (ch_ld / addr_ld / raddr_ld);
 *   - m_frame_data, m_rec_data and reg_rdata are XOR-folded to 8 bits (no bit can be optimised
 *     away); m_rec_ready comes from a pin (rready_pin).
 *
 * Parameters: W, D, K, B, SQ, CW, TW, LANES, RQ as pg_core (RQ defaults to 1 here: the HX8K is almost full).
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_synth_top #(
    parameter integer W = 1,
    parameter integer D = 1,
    parameter integer K = 1,
    parameter integer B = 2,
    parameter integer SQ = 16,
    parameter integer CW = 64,
    parameter integer TW = 64,
    parameter integer LANES = 1,
    parameter integer RQ = 1
) (
    input  wire       clk,
    input  wire       rst_pin,
    input  wire [7:0] din,
    input  wire       shift,
    input  wire       ch_ld,
    input  wire       addr_ld,
    input  wire       raddr_ld,
    input  wire       tvalid_pin,
    input  wire       rwe_pin,
    input  wire       mready_pin,
    input  wire       rready_pin,
    output reg  [7:0] frame_fold,
    output reg  [7:0] rdata_fold,
    output reg  [7:0] rec_fold,
    output reg  [5:0] flags
);

`include "pg_map.vh"

reg        rst, tvalid, rwe, mready, rready;
reg [63:0] sh;
reg [7:0]  ch, addr, raddr;
reg [LANES-1:0] keep;

always @(posedge clk) begin
    rst    <= rst_pin;
    tvalid <= tvalid_pin;
    rwe    <= rwe_pin;
    mready <= mready_pin;
    rready <= rready_pin;
    if (shift)   sh   <= {sh[55:0], din};
    if (ch_ld)   ch   <= din;
    if (ch_ld)   keep <= din[7 -: LANES];
    if (addr_ld) addr <= din;
    if (raddr_ld) raddr <= din;
end

wire        s_tag_ready;
wire [63:0] reg_rdata;
wire        m_frame_valid, m_frame_last;
wire [63:0] m_frame_data;
wire        st_idle, st_pending, st_quiet, st_cmd;
wire        m_rec_valid;
wire [PG_RECORD_WORDS_N*64-1:0] m_rec_data;

reg [8*LANES-1:0]  l_ch;
reg [64*LANES-1:0] l_time;
reg [32*LANES-1:0] l_cnt;
integer l;
always @* begin
    for (l = 0; l < LANES; l = l + 1) begin
        l_ch[8*l +: 8] = ch + l[7:0];
        l_time[64*l +: 64] = (sh << (8*l)) | (sh >> (64 - 8*l));
        l_cnt[32*l +: 32] = sh[63:32] ^ l;
    end
end

pg_core #(.W(W), .D(D), .K(K), .B(B), .SQ(SQ), .CW(CW), .TW(TW), .LANES(LANES), .RQ(RQ)) core (
    .clk(clk), .rst(rst),
    .s_tag_valid(tvalid), .s_tag_ready(s_tag_ready), .s_tag_keep(keep),
    .s_tag_channel(l_ch), .s_tag_time(l_time), .s_tag_count(l_cnt),
    .reg_we(rwe), .reg_addr(addr), .reg_wdata(sh), .reg_raddr(raddr), .reg_rdata(reg_rdata),
    .m_frame_valid(m_frame_valid), .m_frame_ready(mready), .m_frame_data(m_frame_data),
    .m_frame_last(m_frame_last),
    .m_rec_valid(m_rec_valid), .m_rec_ready(rready), .m_rec_data(m_rec_data),
    .status_idle(st_idle), .status_frame_pending(st_pending), .status_quiet(st_quiet),
    .status_cmd_pending(st_cmd)
);

function [7:0] fold(input [63:0] x);
    fold = x[7:0] ^ x[15:8] ^ x[23:16] ^ x[31:24] ^ x[39:32] ^ x[47:40] ^ x[55:48] ^ x[63:56];
endfunction

integer k;
reg [7:0] rec_fold_w;
always @* begin
    rec_fold_w = 8'd0;
    for (k = 0; k < PG_RECORD_WORDS_N; k = k + 1) rec_fold_w = rec_fold_w ^ fold(m_rec_data[64*k +: 64]);
end

always @(posedge clk) begin
    frame_fold <= fold(m_frame_data);
    rdata_fold <= fold(reg_rdata);
    rec_fold   <= rec_fold_w;
    flags      <= {m_rec_valid, st_cmd, st_pending, st_idle ^ st_quiet, m_frame_valid & m_frame_last, s_tag_ready};
end

endmodule

`resetall
