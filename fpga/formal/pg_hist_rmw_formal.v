/*
 * pg_hist_rmw_formal -- pg_hist_rmw alone in front of its pg_hist_ram (make -C fpga/formal rmw).
 *
 * The core's proof sees pg_hist_rmw with two words (PATTERNS at W*D = 1); here it runs at 2^AW
 * words (AW = 2: four) with every op free (any address sequence, back-to-back hits of one word,
 * hits two and three ops apart, any increment) and `clear` free, so the forwarding from wv and
 * wv_prev is exercised on distinct and equal addresses. Properties:
 *   - pg_hist_rmw's own (`ifdef FORMAL in the module, enabled once a clear has happened): stage
 *     1 reads the word now in memory, stage 2's hit flag and base, stage 3's value;
 *   - no increment lost or applied twice: Σ memory + the increments in flight = Σ memory at the
 *     last clear + every increment taken since, as a chain of ghost sums (f_r1: what has left
 *     stage 1 since the clear, f_r2 stage 2, f_r3 stage 3 = written), one add per link (see the
 *     PATTERNS chain in pg_core.v for why).
 * Proven by 1-induction (yosys sat) for every reachable state; counts modulo 2^CW.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_hist_rmw_formal #(
    parameter integer AW = 2,
    parameter integer CW = 4
) (
    input  wire          clk,
    input  wire          clear,
    input  wire          op_valid,
    input  wire [AW-1:0] op_addr,
    input  wire [CW-1:0] op_inc
);

localparam integer N = 2 ** AW;

wire [AW-1:0]     rd_addr, wr_addr;
wire [CW-1:0]     rd_data, wr_data;
wire              wr_en, busy;
wire [N*CW-1:0]   f_mem;
wire [CW-1:0]     f_pend, f_t1, f_t2, f_t3;

reg f_live = 1'b0;                 // a clear has happened (the owner's sweep or reset)
always @(posedge clk) if (clear) f_live <= 1'b1;

pg_hist_rmw #(.AW(AW), .CW(CW)) dut (
    .clk(clk), .clear(clear),
    .op_valid(op_valid), .op_addr(op_addr), .op_inc(op_inc),
    .rd_addr(rd_addr), .rd_data(rd_data),
    .wr_en(wr_en), .wr_addr(wr_addr), .wr_data(wr_data),
    .busy(busy),
    .f_live(f_live && !clear), .f_mem(f_mem), .f_pend(f_pend), .f_t1(f_t1), .f_t2(f_t2), .f_t3(f_t3)
);

pg_hist_ram #(.ADDR_WIDTH(AW), .DATA_WIDTH(CW)) ram (
    .clk(clk),
    .wr_en(wr_en), .wr_addr(wr_addr), .wr_data(wr_data),
    .rd_addr(rd_addr), .rd_data(rd_data),
    .f_mem(f_mem)
);

reg [CW-1:0] f_sum, f_sum_next;    // Σ memory, now and after this edge's write
integer i;
always @* begin
    f_sum = {CW{1'b0}};
    f_sum_next = {CW{1'b0}};
    for (i = 0; i < N; i = i + 1) begin
        f_sum = f_sum + f_mem[i*CW +: CW];
        f_sum_next = f_sum_next + ((wr_en && wr_addr == i) ? wr_data : f_mem[i*CW +: CW]);
    end
end

// ghost sums: f_tot = Σ memory after the last clear's edge + the increments taken
// since; f_r1 / f_r2 / f_r3 = the same minus what is still in stage 1 / 1..2 / 1..3
reg [CW-1:0] f_tot, f_r1, f_r2, f_r3;
always @(posedge clk) begin
    if (clear) begin
        // a clear drops the ops in flight, the op taken at its edge too; stage 3 still writes
        f_tot <= f_sum_next;
        f_r1  <= f_sum_next;
        f_r2  <= f_sum_next;
        f_r3  <= f_sum_next;
    end else begin
        f_tot <= f_tot + (op_valid ? op_inc : {CW{1'b0}});
        f_r1  <= f_r1 + f_t1;
        f_r2  <= f_r2 + f_t2;
        f_r3  <= f_r3 + f_t3;
    end
end

always @* begin
    if (f_live && !clear) begin
        assert(f_tot == f_t1 + f_r1);
        assert(f_r1 == f_t2 + f_r2);
        assert(f_r2 == f_t3 + f_r3);
        assert(f_r3 == f_sum);
        // ... i.e. Σ memory + the increments in flight = what the owner put in
        assert(f_sum + f_pend == f_tot);
        // nothing in flight: the memory holds every increment
        if (!busy) assert(f_sum == f_tot);
    end
end

endmodule

`resetall
