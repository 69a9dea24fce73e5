/*
 * pg_count_src -- the input of pg_core's flat counters (pg_count_bank): the process stage's
 * segment lanes, or in S_EFF the sync engine's members.
 *
 * The sync engine counts in S_EFF, the segments in S_RUN: never both in one clock. In S_EFF lane 0
 * carries {role TAGS_SYNC, category SYNCS, count = the step's amount} and counts when the engine
 * counts (eff_count); lanes 1.. keep the segment's data, whose enables are low outside S_RUN (the
 * lane's data follow the registered state, only its enable the step: a lane that does not count
 * adds nothing, whatever it holds).
 *
 * Parameters: D detectors (the counter indices of pg_count_idx.vh), LANES (1, 2, 4), CNTB counter
 * index bits.
 *
 * Interface (combinational)
 *   eff                                 the core is in S_EFF
 *   seg_en, seg_role, seg_cat, seg_cnt  the segment's lanes (pg_process: lane_counts, role_idx,
 *                                       cat_idx; the input register's counts)
 *   eff_count, eff_amt                  the sync engine counts eff_amt members this clock
 *   out_en, out_role, out_cat, out_cnt  to pg_count_bank's in_*
 *
 * Latency: 0 clocks (a select in front of pg_count_bank's lane register K1).
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_count_src #(
    parameter integer D = 2,
    parameter integer LANES = 4,
    parameter integer CNTB = 4
) (
    input  wire                  eff,
    input  wire [LANES-1:0]      seg_en,
    input  wire [CNTB*LANES-1:0] seg_role,
    input  wire [CNTB*LANES-1:0] seg_cat,
    input  wire [32*LANES-1:0]   seg_cnt,
    input  wire                  eff_count,
    input  wire [31:0]           eff_amt,

    output reg  [LANES-1:0]      out_en,
    output reg  [CNTB*LANES-1:0] out_role,
    output reg  [CNTB*LANES-1:0] out_cat,
    output reg  [32*LANES-1:0]   out_cnt
);

// counter indices (the order of the frame words TAGS_SYNC .. SYNC_DROPPED)
/* verilator lint_off UNUSEDPARAM */
`include "pg_count_idx.vh"
/* verilator lint_on UNUSEDPARAM */

always @* begin
    out_en   = seg_en;
    out_role = seg_role;
    out_cat  = seg_cat;
    out_cnt  = seg_cnt;
    if (eff) begin
        out_en[0]           = eff_count;
        out_role[0 +: CNTB] = C_TAGS_SYNC[CNTB-1:0];
        out_cat[0 +: CNTB]  = C_SYNCS[CNTB-1:0];
        out_cnt[0 +: 32]    = eff_amt;
    end
end

endmodule

`resetall
