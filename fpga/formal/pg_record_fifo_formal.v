/*
 * pg_record_fifo_formal -- formal environment of rtl/pg_record_fifo.v (make formal: fifo).
 *
 * The FIFO against a queue model of DEPTH entries, everything else free (s_valid, s_data,
 * m_ready; rst high in the first clock, free afterwards). Checked by BMC from reset
 * (FIFO_BMC_DEPTH clocks): before every edge
 *   - count = records held by the model, at most DEPTH;
 *   - s_ready = (count < DEPTH): a full FIFO refuses even while it is read;
 *   - m_valid = (count > 0) and m_data = the model's oldest record;
 *   - a record offered and not taken stays, unchanged (AXI-Stream).
 * DEPTH 4 (output register + 3 memory entries: the pointers wrap at a non-power of two), 4-bit
 * records with distinct values in the model so a lost, duplicated or reordered record shows.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_record_fifo_formal #(
    parameter integer DEPTH = 4,
    parameter integer DW = 4
) (
    input  wire          clk,
    input  wire          rst,
    input  wire          s_valid,
    input  wire [DW-1:0] s_data,
    input  wire          m_ready
);

localparam integer CW = $clog2(DEPTH + 1);

wire          s_ready, m_valid;
wire [DW-1:0] m_data;
wire [CW-1:0] count;

pg_record_fifo #(.DATA_WIDTH(DW), .DEPTH(DEPTH)) dut (
    .clk(clk), .rst(rst), .s_valid(s_valid), .s_ready(s_ready), .s_data(s_data),
    .m_valid(m_valid), .m_ready(m_ready), .m_data(m_data), .count(count));

// every register of this wrapper starts at zero (so a solver's all-zero initial state is the
// intended one): f_started is low in the first clock only
reg f_started = 1'b0;
always @(posedge clk) f_started <= 1'b1;
wire f_init = !f_started;

// the model: q[0] oldest, n entries
reg [DW-1:0] q [0:DEPTH];
reg [CW:0]   n;
integer i;
always @(posedge clk) begin
    if (m_valid && m_ready) begin
        for (i = 0; i < DEPTH; i = i + 1) q[i] <= q[i + 1];
        if (s_valid && s_ready) q[n - 1] <= s_data;
        n <= n + (s_valid && s_ready ? 1'b1 : 1'b0) - 1'b1;
    end else if (s_valid && s_ready) begin
        q[n] <= s_data;
        n <= n + 1'b1;
    end
    if (rst) n <= 0;
end

always @* begin
    if (f_init) assume(rst);
    if (!f_init && !rst) begin
        assert(n <= DEPTH);
        assert({{(32-CW){1'b0}}, count} == {{(31-CW){1'b0}}, n});
        assert(s_ready == (n < DEPTH));
        assert(m_valid == (n != 0));
        if (n != 0) assert(m_data == q[0]);
    end
end

always @(posedge clk) begin
    if (f_started && !rst && !$past(rst) && $past(f_started) && $past(m_valid) && !$past(m_ready)) begin
        assert(m_valid);
        assert(m_data == $past(m_data));
    end
end

endmodule

`resetall
