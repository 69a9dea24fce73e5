/*
 * pg_hist_rmw -- increment pipeline in front of one pg_hist_ram port pair: word[addr] += inc,
 * one increment per clock, any address sequence (back-to-back hits of one word included), no
 * stall.
 *
 * The RAM's read, the add and the write are in different clocks, so no path runs from the block
 * RAM's output through a 64-bit add into its write port:
 *   clock 0  op_valid/op_addr/op_inc (registered by the owner) -> rd_addr
 *   clock 1  rd_data (the RAM's registered read, write-first)   -> q          (registered)
 *   clock 2  q, or a newer value still in this pipeline, + inc  -> wv         (registered)
 *   clock 3  wr_en, wr_addr, wr_data = wv: written at the end of clock 3
 * An op whose read was sampled before the write of an older op to the same word takes that op's
 * value instead (forwarding from wv, one op ahead, or from wv_prev, two ahead; three ahead the
 * RAM's own write-first forwarding does it). The hit flags are registered one clock before they
 * are used, so the add follows only a 3:1 select.
 *
 * Parameters: AW address bits, CW word and increment width.
 *
 * Interface (synchronous to clk; no reset of the data path, `clear` drops the ops in flight)
 *   op_valid, op_addr, op_inc   an increment, taken every clock (no ready)
 *   rd_addr  -> RAM read address, rd_data <- RAM read data (1 clock, pg_hist_ram)
 *   wr_en, wr_addr, wr_data -> RAM write port
 *   busy     an op is in flight (its write has not happened yet)
 *
 * Formal (`ifdef FORMAL): with the RAM's contents (f_mem) the pipeline's invariants are asserted
 * here: the read of stage 1 is the word now in memory, stage 2's hit flag and base (the word plus
 * the increment of the op ahead that has not been written), stage 3's value (the word plus its
 * own increment); f_pend is the sum of the increments not yet in memory.
 *
 * Latency: an op's write lands at the end of the 4th clock (clock 3 above); a read of the RAM
 * sampled after that edge sees it.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_hist_rmw #(
    parameter integer AW = 8,
    parameter integer CW = 64
) (
    input  wire          clk,
    input  wire          clear,

    input  wire          op_valid,
    input  wire [AW-1:0] op_addr,
    input  wire [CW-1:0] op_inc,

    output wire [AW-1:0] rd_addr,
    input  wire [CW-1:0] rd_data,

    output wire          wr_en,
    output wire [AW-1:0] wr_addr,
    output wire [CW-1:0] wr_data,

    output wire          busy
`ifdef FORMAL
    ,
    input  wire                       f_live,   // check the invariants (the owner's RAM is this port's)
    input  wire [(2**AW)*CW-1:0]      f_mem,    // the RAM's contents (pg_hist_ram f_mem)
    output wire [CW-1:0]              f_pend,   // increments in flight (sum)
    output wire [CW-1:0]              f_t1,     // the increment in stage 1, 2, 3 (0 when empty):
    output wire [CW-1:0]              f_t2,     // stage 1's moves to 2, 2's to 3, 3's into the
    output wire [CW-1:0]              f_t3      // memory at every edge (the owner's ghost chain)
`endif
);

reg          s1_v, s2_v, s3_v;
reg [AW-1:0] s1_a, s2_a, s3_a;
reg [CW-1:0] s1_i, s2_i;
reg [CW-1:0] q;                   // the RAM word of the op in stage 2
reg          h1, h2;              // stage-2 op hits the op one / two ahead
reg [CW-1:0] wv, wv_prev;         // stage-3 value (written this clock), the one written last clock

assign rd_addr = op_addr;
assign wr_en   = s3_v;
assign wr_addr = s3_a;
assign wr_data = wv;
assign busy    = s1_v || s2_v || s3_v;

always @(posedge clk) begin
    // stage 1 -> 2: the RAM word, and whether an op ahead writes it after the read was sampled
    q    <= rd_data;
    h1   <= s1_v && s2_v && (s1_a == s2_a);
    h2   <= s1_v && s3_v && (s1_a == s3_a);
    s2_a <= s1_a;
    s2_i <= s1_i;
    // stage 2 -> 3: add
    wv      <= (h1 ? wv : h2 ? wv_prev : q) + s2_i;
    wv_prev <= wv;
    s3_a    <= s2_a;
    // stage 0 -> 1
    s1_a <= op_addr;
    s1_i <= op_inc;
end

always @(posedge clk) begin
    s1_v <= op_valid;
    s2_v <= s1_v;
    s3_v <= s2_v;
    if (clear) begin
        s1_v <= 1'b0;
        s2_v <= 1'b0;
        s3_v <= 1'b0;
    end
end

`ifdef FORMAL
reg  [CW-1:0] f_s3_i;              // stage 3's increment
always @(posedge clk) f_s3_i <= s2_i;
wire [CW-1:0] f_base = h1 ? wv : h2 ? wv_prev : q;
wire [CW-1:0] f_m1 = f_mem[s1_a*CW +: CW];
wire [CW-1:0] f_m2 = f_mem[s2_a*CW +: CW];
wire [CW-1:0] f_m3 = f_mem[s3_a*CW +: CW];
assign f_t1 = s1_v ? s1_i : {CW{1'b0}};
assign f_t2 = s2_v ? s2_i : {CW{1'b0}};
assign f_t3 = s3_v ? f_s3_i : {CW{1'b0}};
assign f_pend = f_t1 + f_t2 + f_t3;
always @* begin
    if (f_live) begin
        if (s1_v) assert(rd_data == f_m1);
        if (s2_v) assert(h1 == (s3_v && s3_a == s2_a));
        if (s2_v) assert(f_base == f_m2 + ((s3_v && s3_a == s2_a) ? f_s3_i : {CW{1'b0}}));
        if (s3_v) assert(wv == f_m3 + f_s3_i);
    end
end
`endif

endmodule

`resetall
