/*
 * pg_record_fifo_tb -- self-checking unit test of rtl/pg_record_fifo.v (make -C fpga tb, part of
 * make test), run at several DEPTHs (-GDEPTH=...).
 *
 * A queue model of capacity DEPTH: before every edge s_ready must be (held < DEPTH) (a full FIFO
 * refuses even while it is read), m_valid (held > 0), m_data the oldest record held, count the
 * records held. Phases: random traffic (valid and ready each half the time), a burst with the
 * reader stopped (fills, then every further record is refused), the reader draining, and
 * back-to-back records with the reader always ready (throughput: no refusal for DEPTH >= 2).
 * Prints "pg_record_fifo tb (DEPTH=n): 0 errors" and exits 0, or exits non-zero ($fatal).
 */
`timescale 1ns/1ps
module pg_record_fifo_tb;
parameter integer DEPTH = 4;
localparam integer DW = 192;
localparam integer CNTW = (DEPTH > 0) ? $clog2(DEPTH + 1) : 1;

reg clk = 0;
reg s_valid = 0, m_ready = 0;
reg [DW-1:0] s_data = 0;
wire s_ready, m_valid;
wire [DW-1:0] m_data;
wire [CNTW-1:0] count;

pg_record_fifo #(.DATA_WIDTH(DW), .DEPTH(DEPTH)) dut (
    .clk(clk), .rst(rst), .s_valid(s_valid), .s_ready(s_ready), .s_data(s_data),
    .m_valid(m_valid), .m_ready(m_ready), .m_data(m_data), .count(count));

reg rst = 1;
reg [DW-1:0] model [0:63];
integer head = 0, held = 0, errs = 0, cyc, refused = 0, taken = 0, out = 0, seq = 0;

task check_and_clock;
    begin
        #1;
        if (s_ready !== (held < DEPTH)) begin errs = errs + 1; if (errs < 8) $display("cyc %0d: s_ready %b, held %0d", cyc, s_ready, held); end
        if (m_valid !== (held > 0)) begin errs = errs + 1; if (errs < 8) $display("cyc %0d: m_valid %b, held %0d", cyc, m_valid, held); end
        if (held > 0 && m_data !== model[head % 64]) begin errs = errs + 1; if (errs < 8) $display("cyc %0d: m_data %h, expected %h", cyc, m_data, model[head % 64]); end
        if ({32'd0, count} !== held) begin errs = errs + 1; if (errs < 8) $display("cyc %0d: count %0d, held %0d", cyc, count, held); end
        // the edge: a pop and a push may happen together
        if (m_valid && m_ready) begin head = head + 1; held = held - 1; out = out + 1; end
        if (s_valid) begin
            if (s_ready) begin model[(head + held) % 64] = s_data; held = held + 1; taken = taken + 1; end
            else refused = refused + 1;
        end
        clk = 1; #1 clk = 0;
    end
endtask

task offer(input v, input r);
    begin
        s_valid = v; m_ready = r;
        seq = seq + 1;
        s_data = {$random, $random, $random, $random, $random, seq[31:0]};
        check_and_clock;
    end
endtask

initial begin
    // reset with traffic offered: nothing is taken
    rst = 1; s_valid = 1; m_ready = 1;
    for (cyc = 0; cyc < 3; cyc = cyc + 1) begin #1 clk = 1; #1 clk = 0; end
    rst = 0; s_valid = 0;
    for (cyc = 0; cyc < 4000; cyc = cyc + 1) offer($random, $random);
    // reader stopped: the FIFO fills to DEPTH, then refuses
    for (cyc = 0; cyc < DEPTH + 5; cyc = cyc + 1) offer(1, 0);
    if (held != DEPTH) begin errs = errs + 1; $display("burst: held %0d, expected %0d", held, DEPTH); end
    // drain
    for (cyc = 0; cyc < DEPTH + 2; cyc = cyc + 1) offer(0, 1);
    if (held != 0) begin errs = errs + 1; $display("drain: held %0d", held); end
    // back to back with the reader ready: DEPTH >= 2 takes one record per clock
    refused = 0;
    for (cyc = 0; cyc < 100; cyc = cyc + 1) offer(1, 1);
    if (DEPTH >= 2 && refused != 0) begin errs = errs + 1; $display("back-to-back: %0d refused", refused); end
    if (DEPTH == 0 && taken != 0) begin errs = errs + 1; $display("DEPTH 0 took %0d", taken); end
    // reset empties it
    offer(1, 0);
    rst = 1; #1 clk = 1; #1 clk = 0; rst = 0; head = head + held; held = 0;
    offer(0, 0);
    $display("pg_record_fifo tb (DEPTH=%0d): %0d errors (%0d taken, %0d out)", DEPTH, errs, taken, out);
    if (errs != 0) $fatal(1, "pg_record_fifo tb: FAIL");
    $finish;
end
endmodule
