/*
 * pg_count_bank -- the flat per-frame counters (TAGS_SYNC .. SYNC_DROPPED), an active set and a
 * frozen copy, fed by a fixed-latency pipeline so that no counter add follows a compare or a lane
 * sum in the same clock, and no carry chain is longer than half a counter.
 *
 *   K1 (the input register): per lane {counts, the counters it hits (role and category,
 *      decoded from the indices at the input), count}
 *   P  (registered): per counter, the pair sums of the K1 lanes that hit it (role or category):
 *      lanes 0 + 1 -> pa, lanes 2 + 3 -> pb (LANES = 4 only); one adder of PSW bits each
 *   S  (registered): per counter ps = pa + pb, the counter's increment (PSW + 1 bits)
 *   accumulate: one accumulator per counter in two halves with a registered carry: the low LO
 *      bits add the low bits of ps and register their carry c; the high bits add the high bits
 *      of ps and the c of the previous clock (a carry-in). The counter's value is
 *      {hi + c, lo}: an increment of the high half, made only into the frozen copy at a swap
 *      (and by the owner's formal properties).
 *
 * Parameters: NCNT counters, CNTB index bits, LANES (1, 2, 4), CW counter width (8..64; the
 * counts wrap at 2^CW). Under `define PG_PLANTED_BUG (make formal's planted bug) counter BUG_DST
 * also adds the increments of counter BUG_SRC.
 *
 * Interface (synchronous to clk; rst clears the pipeline's valid bits, not the counters: the
 * owner clears them with `clear`)
 *   in_en[l], in_role[CNTB*l +: CNTB], in_cat[CNTB*l +: CNTB], in_cnt[32*l +: 32]
 *                      lane l adds in_cnt (mod 2^CW) to counter in_role and to counter in_cat
 *                      (never the same); a lane with in_en low adds nothing
 *   clear              every counter <= 0 at this edge (the increments in P are dropped: the
 *                      owner clears only while busy is low)
 *   swap               frozen[g] <= counter g at this edge (with clear: a frame close)
 *   busy               counts in flight (in K1, P or S): they reach the counters later
 *   cnt[CW*g +: CW]    counter g ({hi + c, lo}: combinational), fcnt[CW*g +: CW] its frozen copy
 *   f_* (FORMAL)       the pipeline registers, for the owner's accounting properties
 *
 * Latency: an increment entered at edge t is in cnt after edge t + 3 (4 clocks after the clock
 * that offered it); busy is high in the three clocks after it was offered.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_count_bank #(
    parameter integer NCNT = 11,
    parameter integer CNTB = 4,
    parameter integer LANES = 4,
    parameter integer CW = 64,
    /* verilator lint_off UNUSEDPARAM */  // used by `define PG_PLANTED_BUG only
    parameter integer BUG_DST = 0,
    parameter integer BUG_SRC = 0
    /* verilator lint_on UNUSEDPARAM */
) (
    input  wire                  clk,
    input  wire                  rst,

    input  wire [LANES-1:0]      in_en,
    input  wire [CNTB*LANES-1:0] in_role,
    input  wire [CNTB*LANES-1:0] in_cat,
    input  wire [32*LANES-1:0]   in_cnt,

    input  wire                  clear,
    input  wire                  swap,
    output wire                  busy,

    output wire [CW*NCNT-1:0]    cnt,
    output wire [CW*NCNT-1:0]    fcnt
`ifdef FORMAL
    ,
    output wire [LANES-1:0]      f_k1_en,
    output wire [CNTB*LANES-1:0] f_k1_role,
    output wire [CNTB*LANES-1:0] f_k1_cat,
    output wire [32*LANES-1:0]   f_k1_cnt,
    output wire                  f_p_v,
    output wire [CW*NCNT-1:0]    f_pa,
    output wire [CW*NCNT-1:0]    f_pb,
    output wire                  f_s_v,
    output wire [CW*NCNT-1:0]    f_ps
`endif
);

localparam integer PSW = (CW < 33) ? CW : 33;     // pair sum width (two 32-bit counts)
localparam integer SSW = (CW < 34) ? CW : 34;     // increment width (four 32-bit counts)
localparam integer LO  = CW / 2;                  // low half of a counter
localparam integer HI  = CW - LO;                 // high half

function [PSW-1:0] psw_of32(input [31:0] x);
    /* verilator lint_off UNUSEDSIGNAL */  // the high bits when CW < 33
    reg [63:0] t;
    /* verilator lint_on UNUSEDSIGNAL */
    begin
        t = {32'd0, x};
        psw_of32 = t[PSW-1:0];
    end
endfunction

function [SSW-1:0] ssw_ofp(input [PSW-1:0] x);
    /* verilator lint_off UNUSEDSIGNAL */  // the high bits when CW < 64
    reg [63:0] t;
    /* verilator lint_on UNUSEDSIGNAL */
    begin
        t = 64'd0;
        t[PSW-1:0] = x;
        ssw_ofp = t[SSW-1:0];
    end
endfunction

function [CW-1:0] cw_ofp(input [PSW-1:0] x);
    /* verilator lint_off UNUSEDSIGNAL */  // the high bits when CW < 64
    reg [63:0] t;
    /* verilator lint_on UNUSEDSIGNAL */
    begin
        t = 64'd0;
        t[PSW-1:0] = x;
        cw_ofp = t[CW-1:0];
    end
endfunction

function [CW-1:0] cw_ofs(input [SSW-1:0] x);
    /* verilator lint_off UNUSEDSIGNAL */  // the high bits when CW < 64
    reg [63:0] t;
    /* verilator lint_on UNUSEDSIGNAL */
    begin
        t = 64'd0;
        t[SSW-1:0] = x;
        cw_ofs = t[CW-1:0];
    end
endfunction

integer l, m;
genvar gi;

// K1: the lanes' counts, and which counters each lane hits (decoded from the role and category
// indices at the input: P's adders then start from a register, not from an index compare)
reg [LANES-1:0]      k1_en;
reg [32*LANES-1:0]   k1_cnt;
reg [NCNT*LANES-1:0] k1_hitv;     // [NCNT*l + m]: lane l adds to counter m if it is enabled (the
                                  // enable is late in the process stage: not in the decode)
always @(posedge clk) begin
    k1_en   <= in_en;
    k1_cnt  <= in_cnt;
    for (l = 0; l < LANES; l = l + 1) begin
        for (m = 0; m < NCNT; m = m + 1) begin
            k1_hitv[NCNT*l + m] <= in_role[CNTB*l +: CNTB] == m[CNTB-1:0] || in_cat[CNTB*l +: CNTB] == m[CNTB-1:0];
        end
    end
    if (rst) k1_en <= {LANES{1'b0}};
end
`ifdef FORMAL
// the indices as they entered K1 (the owner's properties check them)
reg [CNTB*LANES-1:0] k1_role, k1_cat;
always @(posedge clk) begin
    k1_role <= in_role;
    k1_cat  <= in_cat;
end
// k1_hitv is the decode of those indices (both registered from the same inputs every clock), so
// the owner's properties on k1_role / k1_cat hold for the lanes' hits as well (from the first
// reset on, like the owner's: the same f_rst_seen, which yosys merges with the owner's)
reg f_rst_seen = 1'b0;
always @(posedge clk) if (rst) f_rst_seen <= 1'b1;
integer f_l, f_m;
always @* begin
    if (f_rst_seen && !rst) begin
        for (f_l = 0; f_l < LANES; f_l = f_l + 1) begin
            for (f_m = 0; f_m < NCNT; f_m = f_m + 1) begin
                assert(k1_hitv[NCNT*f_l + f_m] == (k1_role[CNTB*f_l +: CNTB] == f_m[CNTB-1:0] || k1_cat[CNTB*f_l +: CNTB] == f_m[CNTB-1:0]));
            end
        end
    end
end
`endif

// P
reg [PSW-1:0]   pa_next [0:NCNT-1];
reg [PSW-1:0]   pb_next [0:NCNT-1];
// each pair sum is ONE two-operand add of gated lanes (a lane that does not hit adds 0), so the
// gate folds into the adder's first LUT and no select follows the carry chain
reg [PSW-1:0]   k1_op [0:LANES-1];
always @* begin
    for (m = 0; m < NCNT; m = m + 1) begin
        for (l = 0; l < LANES; l = l + 1) begin
            k1_op[l] = (k1_en[l] && k1_hitv[NCNT*l + m]) ? psw_of32(k1_cnt[32*l +: 32]) : {PSW{1'b0}};
        end
        pa_next[m] = (LANES > 1) ? k1_op[0] + k1_op[LANES > 1 ? 1 : 0] : k1_op[0];
        pb_next[m] = (LANES > 2) ? k1_op[LANES > 2 ? 2 : 0] + k1_op[LANES > 3 ? 3 : 0] : {PSW{1'b0}};
    end
end

reg             p_v;              // the pair sums hold counts (some lane of K1 counted)
reg [PSW-1:0]   pa [0:NCNT-1];
reg [PSW-1:0]   pb [0:NCNT-1];
always @(posedge clk) begin
    p_v <= |k1_en;
    for (m = 0; m < NCNT; m = m + 1) begin
        pa[m] <= pa_next[m];
        pb[m] <= pb_next[m];
    end
    if (rst) p_v <= 1'b0;
end

// S
reg             s_v;              // the increments hold counts
reg [SSW-1:0]   ps [0:NCNT-1];
always @(posedge clk) begin
    s_v <= p_v;
    for (m = 0; m < NCNT; m = m + 1) begin
        ps[m] <= ssw_ofp(pa[m]) + ssw_ofp(pb[m]);
`ifdef PG_PLANTED_BUG
        if (m == BUG_DST) ps[m] <= ssw_ofp(pa[m]) + ssw_ofp(pb[m]) + ssw_ofp(pa[BUG_SRC]) + ssw_ofp(pb[BUG_SRC]);
`endif
    end
    if (rst) s_v <= 1'b0;
end
assign busy = (|k1_en) || p_v || s_v;

// the counters: two halves, a registered carry between them
generate
    for (gi = 0; gi < NCNT; gi = gi + 1) begin : g_cnt
        /* verilator lint_off UNUSEDSIGNAL */  // the bits of ps above CW when CW < 34
        wire [CW-1:0] inc = cw_ofs(ps[gi]);
        /* verilator lint_on UNUSEDSIGNAL */
        reg  [LO-1:0] lo;
        reg  [HI-1:0] hi;
        reg           c;              // carry out of lo, not yet in hi
        reg  [CW-1:0] frozen;
        wire [LO:0]   lo_sum = {1'b0, lo} + {1'b0, inc[LO-1:0]};
        // hi + inc_hi + c as one carry chain: c enters as the carry of an extra low bit 1 + c
        /* verilator lint_off UNUSEDSIGNAL */  // hi_sum[0]
        wire [HI:0]   hi_sum = {hi, 1'b1} + {inc[CW-1:LO], c};
        /* verilator lint_on UNUSEDSIGNAL */
        wire [CW-1:0] value = {hi + {{(HI-1){1'b0}}, c}, lo};
        always @(posedge clk) begin
            if (clear) begin
                lo <= {LO{1'b0}};
                hi <= {HI{1'b0}};
                c  <= 1'b0;
            end else begin
                lo <= lo_sum[LO-1:0];
                c  <= lo_sum[LO];
                hi <= hi_sum[HI:1];
            end
            if (swap) frozen <= value;
        end
        assign cnt[CW*gi +: CW] = value;
        assign fcnt[CW*gi +: CW] = frozen;
`ifdef FORMAL
        assign f_pa[CW*gi +: CW] = cw_ofp(pa[gi]);
        assign f_pb[CW*gi +: CW] = cw_ofp(pb[gi]);
        assign f_ps[CW*gi +: CW] = inc;
`endif
    end
endgenerate

`ifdef FORMAL
assign f_k1_en   = k1_en;
assign f_k1_role = k1_role;
assign f_k1_cat  = k1_cat;
assign f_k1_cnt  = k1_cnt;
assign f_p_v     = p_v;
assign f_s_v     = s_v;
`endif

endmodule

`resetall
