/*
 * pg_hist_ram_tb -- self-checking unit test of rtl/pg_hist_ram.v (make -C fpga tb, part of make test).
 *
 * Random writes and reads (a third of them to the address written at the same edge) against a
 * write-first model: rd_data after an edge = the word at that edge's rd_addr, including a write
 * to it at the same edge. Then 100 back-to-back read-modify-write increments of one address
 * through the forwarding path must give 100. Prints "pg_hist_ram tb: 0 errors" and exits 0, or
 * exits non-zero ($fatal) on a mismatch.
 */
`timescale 1ns/1ps
module pg_hist_ram_tb;
reg clk = 0;
reg we = 0; reg [3:0] wa = 0, ra = 0; reg [63:0] wd = 0;
wire [63:0] rd;
pg_hist_ram #(.ADDR_WIDTH(4), .DATA_WIDTH(64)) dut (.clk(clk), .wr_en(we), .wr_addr(wa), .wr_data(wd), .rd_addr(ra), .rd_data(rd));
reg [63:0] model [0:15];
reg [63:0] expect_q;
integer i, errs = 0, cyc;
initial begin
  for (i = 0; i < 16; i = i + 1) model[i] = 0;
  // clear
  for (i = 0; i < 16; i = i + 1) begin we = 1; wa = i; wd = 0; ra = 0; #1 clk = 1; #1 clk = 0; end
  we = 0;
  // random back-to-back RMW and plain ops; expected: rd = model after the write at the read edge
  for (cyc = 0; cyc < 5000; cyc = cyc + 1) begin
    we = $random; wa = $random; ra = (cyc % 3 == 0) ? wa : $random; wd = {$random, $random};
    #1;
    if (we) model[wa] = wd;
    expect_q = model[ra];
    clk = 1; #1 clk = 0;
    if (rd !== expect_q) begin errs = errs + 1; if (errs < 5) $display("mismatch cyc %0d ra %0d rd %h exp %h", cyc, ra, rd, expect_q); end
  end
  // back-to-back increments of one address through the forwarding path
  for (i = 0; i < 16; i = i + 1) model[i] = 0;
  for (i = 0; i < 16; i = i + 1) begin we = 1; wa = i; wd = 0; ra = i; #1 clk = 1; #1 clk = 0; end
  ra = 5; we = 0; #1 clk = 1; #1 clk = 0;
  for (cyc = 0; cyc < 100; cyc = cyc + 1) begin we = 1; wa = 5; wd = rd + 1; ra = 5; #1 clk = 1; #1 clk = 0; end
  if (rd !== 64'd100) begin errs = errs + 1; $display("b2b increments: %0d", rd); end
  $display("pg_hist_ram tb: %0d errors", errs);
  if (errs != 0) $fatal(1, "pg_hist_ram tb: FAIL");
  $finish;
end
endmodule
