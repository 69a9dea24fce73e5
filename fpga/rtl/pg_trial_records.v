/*
 * pg_trial_records -- the trial-record output of pg_core (docs/frame-format.md "Trial records"):
 * assembles one whole record per closed trial, counts RECORDS_MADE / RECORDS_DROPPED, and holds
 * the records in a pg_record_fifo until the host takes them.
 *
 * With RECORDS_ENABLE bit 0 set (`enable`), every record the close engine offers (rec_valid: a
 * trial closed with a non-zero pattern, in trial order; pg_trial_close) goes into the FIFO:
 * TRIAL, SYNC_TIME, PATTERN, FIRST_BIN[W*D] (the layout generated from pairgate.map, pg_map.vh;
 * a bin word of a bit not set is 0). A record that finds the FIFO full is dropped and counted: the
 * core never waits for the record stream.
 *
 * Parameters: W, D, K, B the core's shape (pg_map.vh's layout), CW counter width (TRIAL,
 * RECORDS_MADE / DROPPED), TW time width (SYNC_TIME, zero-extended), RQ records the FIFO holds
 * (0 = no FIFO: every record is dropped and counted).
 *
 * Interface (synchronous to clk)
 *   rst                        clears the counters and empties the FIFO
 *   clear                      the clear sweep (rst, CTRL_RESET): clears the counters only
 *                              (records already made stay, like frames already in the ring)
 *   enable                     RECORDS_ENABLE bit 0
 *   rec_valid, rec_trial, rec_sync, rec_pat, rec_bins[QB*b +: QB]
 *                              a record from the close engine (one clock, no handshake)
 *   m_rec_valid, m_rec_ready, m_rec_data
 *                              records out (valid/ready, registered: pg_record_fifo), word k of
 *                              a record in bits [64*k +: 64]
 *   made, dropped              RECORDS_MADE, RECORDS_DROPPED (registered)
 *
 * Latency: a record offered at edge t is in the FIFO after edge t (m_rec_valid the clock after,
 * when the FIFO was empty); made / dropped count it at edge t.
 *
 * Formal properties (`ifdef FORMAL): records made = taken by the FIFO + dropped since the last
 * sweep, the FIFO's count against its traffic, and the AXI-Stream rule on m_rec_*.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_trial_records #(
    parameter integer W = 2,
    parameter integer D = 2,
    parameter integer K = 8,     // (pg_map.vh's frame layout reads W, D, K, B)
    parameter integer B = 256,
    parameter integer CW = 64,
    parameter integer TW = 64,
    parameter integer RQ = 16
) (
    input  wire                          clk,
    input  wire                          rst,
    input  wire                          clear,
    input  wire                          enable,

    input  wire                          rec_valid,
    input  wire [CW-1:0]                 rec_trial,
    input  wire [TW-1:0]                 rec_sync,
    input  wire [W*D-1:0]                rec_pat,
    input  wire [W*D*$clog2(B)-1:0]      rec_bins,

    output wire                          m_rec_valid,
    input  wire                          m_rec_ready,
    output wire [PG_RECORD_WORDS_N*64-1:0] m_rec_data,

    output reg  [CW-1:0]                 made,
    output reg  [CW-1:0]                 dropped
);

`include "pg_map.vh"
`include "pg_zx.vh"

localparam integer WD  = W * D;
localparam integer QB  = $clog2(B);
localparam integer RWN = PG_RECORD_WORDS_N;
localparam integer RCB = (RQ > 0) ? $clog2(RQ + 1) : 1;

function [63:0] tzx(input [TW-1:0] v);
    begin
        tzx = 64'd0;
        tzx[TW-1:0] = v;
    end
endfunction

reg [RWN*64-1:0] rec_data;
wire           rec_s_ready;
/* verilator lint_off UNUSEDSIGNAL */  // read by the formal properties only
wire [RCB-1:0] rec_count;
/* verilator lint_on UNUSEDSIGNAL */
wire           rec_make = rec_valid && enable;
integer        rk;

always @* begin
    rec_data = {(RWN*64){1'b0}};
    rec_data[PG_REC_OFF_TRIAL*64 +: 64] = zx(rec_trial);
    rec_data[PG_REC_OFF_SYNC_TIME*64 +: 64] = tzx(rec_sync);
    for (rk = 0; rk < WD; rk = rk + 1) begin
        rec_data[PG_REC_OFF_PATTERN*64 + rk] = rec_pat[rk];
        if (rec_pat[rk]) rec_data[(PG_REC_OFF_FIRST_BIN + rk)*64 +: QB] = rec_bins[rk*QB +: QB];
    end
end

always @(posedge clk) begin
    if (rec_make) begin
        made <= made + 1'b1;
        if (!rec_s_ready) dropped <= dropped + 1'b1;
    end
    if (clear) begin
        made    <= {CW{1'b0}};
        dropped <= {CW{1'b0}};
    end
    if (rst) begin
        made    <= {CW{1'b0}};
        dropped <= {CW{1'b0}};
    end
end

pg_record_fifo #(
    .DATA_WIDTH(RWN*64),
    .DEPTH(RQ),
    .CNT_WIDTH(RCB)
) rec_fifo (
    .clk(clk),
    .rst(rst),
    .s_valid(rec_make),
    .s_ready(rec_s_ready),
    .s_data(rec_data),
    .m_valid(m_rec_valid),
    .m_ready(m_rec_ready),
    .m_data(m_rec_data),
    .count(rec_count)
);

`ifdef FORMAL
    // records made = records the FIFO took + records dropped (since the last sweep); the FIFO holds
    // what it took minus what left it (since rst), at most RQ, and offers a record iff it holds one
    reg       f_rec_rst_seen = 1'b0;
    reg [7:0] f_rec_taken;                 // records the FIFO took since the last sweep
    reg [7:0] f_rec_in, f_rec_out;         // records into / out of the FIFO since rst
    always @(posedge clk) begin
        if (rec_make && rec_s_ready) f_rec_taken <= f_rec_taken + 1'b1;
        if (rec_make && rec_s_ready) f_rec_in <= f_rec_in + 1'b1;
        if (m_rec_valid && m_rec_ready) f_rec_out <= f_rec_out + 1'b1;
        if (clear) f_rec_taken <= 8'd0;
        if (rst) begin
            f_rec_rst_seen <= 1'b1;
            f_rec_taken <= 8'd0;
            f_rec_in <= 8'd0;
            f_rec_out <= 8'd0;
        end
    end
    always @* begin
        if (f_rec_rst_seen && !rst) begin
            if (!clear) assert(made[7:0] == f_rec_taken + dropped[7:0]);
            assert({{(32-RCB){1'b0}}, rec_count} <= RQ);
            assert(f_rec_in - f_rec_out == {{(8-RCB){1'b0}}, rec_count});
            assert(m_rec_valid == (rec_count != {RCB{1'b0}}));
        end
    end
    // AXI-Stream rule on the record stream: a record offered and not taken stays, unchanged
    // (against shadow registers, not $past: see pg_core's rule on the frame stream)
    reg              f_rblk = 1'b0;
    reg [RWN*64-1:0] f_rblk_data;
    always @(posedge clk) begin
        f_rblk      <= f_rec_rst_seen && !rst && m_rec_valid && !m_rec_ready;
        f_rblk_data <= m_rec_data;
    end
    always @* begin
        if (f_rec_rst_seen && !rst && f_rblk) begin
            assert(m_rec_valid);
            assert(m_rec_data == f_rblk_data);
        end
    end
`endif

endmodule

`resetall
