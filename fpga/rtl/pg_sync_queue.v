/*
 * pg_sync_queue -- the sync-delay queue of pg_core: sync words whose effective time (time +
 * SYNC_DELAY) lies ahead of the input, oldest first (docs/frame-format.md "Sync delay"), with the
 * head's effective time and "count is 1" flag in registers.
 *
 * Each entry holds a sync word's effective time e, its count c (never 0: the input takes 0 as 1)
 * and whether c is 1. The head's e and one flag are registered (head_e, head_one: equal to the
 * head entry's whenever the queue is not empty; set from the next entry at a pop, from the pushed
 * word at a push into the empty queue), so that no queue read is in front of the input's head
 * compare, the head's window bounds (pg_win_pre reads head_n, the value head_e takes at the
 * edge) or the sync engine. A push and a pop never come in the same clock (the process stage
 * takes one or the other per segment); the owner never pushes into a full queue (it drops and
 * counts the sync) nor pops an empty one.
 *
 * Parameters: SQ entries (power of two), SQB index bits (clog2(SQ), >= 1), TW time width.
 *
 * Interface (synchronous to clk)
 *   rst, clear                 empty the queue (rst; the clear sweep)
 *   empty                      the queue is empty: the owner's registered flag (pg_core keeps
 *                              it beside the process stage, from count)
 *   push, push_e, push_c, push_one
 *                              append a sync word (effective time, count, count == 1)
 *   pop                        remove the head
 *   head_e, head_one, head_c   the head's effective time, count == 1 (registered) and count
 *                              (a memory read at head)
 *   head_n                     the value head_e takes at this edge (combinational)
 *   count                      entries (0..SQ), registered
 *   f_c, f_head (FORMAL)       every entry's count and the head index, for the owner's properties
 *
 * Latency: a push or pop shows in count, head_e and head_one the clock after its edge.
 *
 * Formal properties (`ifdef FORMAL): count <= SQ, tail = head + count, and the registered head
 * equals the head entry whenever `empty` is low (pg_core proves empty == (count == 0)).
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_sync_queue #(
    parameter integer SQ = 16,
    parameter integer SQB = 4,
    parameter integer TW = 64
) (
    input  wire            clk,
    input  wire            rst,
    input  wire            clear,
    input  wire            empty,

    input  wire            push,
    input  wire [TW-1:0]   push_e,
    input  wire [31:0]     push_c,
    input  wire            push_one,
    input  wire            pop,

    output reg  [TW-1:0]   head_e,
    output reg             head_one,
    output wire [31:0]     head_c,
    output wire [TW-1:0]   head_n,
    output reg  [SQB:0]    count
`ifdef FORMAL
    ,
    output wire [32*SQ-1:0] f_c,
    output wire [SQB-1:0]   f_head
`endif
);

reg [TW-1:0]   q_e   [0:SQ-1];
reg [31:0]     q_c   [0:SQ-1];
reg            q_one [0:SQ-1];                        // queued sync word has count 1 (beside q_c)
reg [SQB-1:0]  q_head, q_tail;

always @(posedge clk) begin
    if (push) begin
        q_e[q_tail]   <= push_e;
        q_c[q_tail]   <= push_c;
        q_one[q_tail] <= push_one;
    end
end
// (a push and a pop never come in one clock; a push into a queue that is not empty leaves the head)
wire [SQB-1:0] q_head_inc = q_head + 1'b1;
assign head_n = pop ? q_e[q_head_inc] : (push && empty) ? push_e : head_e;
assign head_c = q_c[q_head];
always @(posedge clk) begin
    head_e <= head_n;
    if (pop) head_one <= q_one[q_head_inc];
    else if (push && empty) head_one <= push_one;
end

always @(posedge clk) begin
    if (push) begin
        q_tail <= q_tail + 1'b1;
        count  <= count + 1'b1;
    end
    if (pop) begin
        // the oldest pending sync word becomes effective before the tag in the input register
        q_head <= q_head + 1'b1;
        count  <= count - 1'b1;
    end
    if (clear || rst) begin
        q_head <= {SQB{1'b0}};
        q_tail <= {SQB{1'b0}};
        count  <= {(SQB+1){1'b0}};
    end
end

`ifdef FORMAL
genvar gi;
generate
    for (gi = 0; gi < SQ; gi = gi + 1) begin : g_f_c
        assign f_c[32*gi +: 32] = q_c[gi];
    end
endgenerate
assign f_head = q_head;

reg f_rst_seen = 1'b0;
always @(posedge clk) if (rst) f_rst_seen <= 1'b1;
always @* begin
    if (f_rst_seen && !rst) begin
        assert({{(31-SQB){1'b0}}, count} <= SQ);
        assert(q_tail == q_head + count[SQB-1:0]);
        // the registered queue head is the head's
        if (!empty) assert(head_e == q_e[q_head] && head_one == q_one[q_head]);
    end
end
`endif

endmodule

`resetall
