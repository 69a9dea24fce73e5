/*
 * pg_win_pre -- window decision of every lane of the input register, precomputed.
 *
 * A tag of detector d at raw time t is inside window w iff
 *   rel = (t + DET_DELAY[d]) - (sync_time + WIN_START[w])   (mod 2^TW, zero-extended)
 *   rel < WIN_LENGTH[w][31:0]                               (docs/frame-format.md)
 * With lo = sync_time + WIN_START[w] - DET_DELAY[d] and hi = lo + WIN_LENGTH[w][31:0] (mod 2^TW)
 * that is t in [lo, hi) on the circle: lo <= t && t < hi, or, when hi < lo (the window wraps
 * around 2^TW), lo <= t || t < hi; WIN_LENGTH >= 2^TW (TW < 32 only) takes every time. This
 * module keeps lo, hi and the wrap flag registered per (window, detector), and registers for
 * every lane of a word its two compares against every (w, d) and its rel (low 32 bits, the
 * first-arrival divider's input) with the word, so that the owner's process stage only selects
 * by the lane's detector and combines three bits: no subtract or compare before the counters.
 * Index b = w * D + d (the pattern bit).
 *
 * Parameters: W windows, D detectors, LANES lanes per word, TW time width (8..64).
 *
 * Interface (synchronous to clk)
 *   sync_time, win_start[64w +: 64], win_length[64w +: 64], det_delay[64d +: 64]
 *                     the open trial's sync time and the configuration registers
 *   cfg_write         a configuration register is written this clock (they change only then)
 *   base_move         sync_time changes at this edge
 *   ok                the lane bits belong to the current sync_time and configuration: 3 clocks
 *                     after a cfg_write, 2 after a base_move (a saturating age counter). While
 *                     !ok the owner takes no word and processes none, and the lane bits are
 *                     recomputed every clock from p_time (the word already in the input register)
 *   load, s_time      a word is taken into the input register at this edge (only while ok):
 *                     its lanes' raw times, lane l at [64l +: 64] (low TW bits used)
 *   p_time            the input register's raw times, lane l at [TW*l +: TW]
 *   ge[l*WD + b], lt[l*WD + b]   t >= lo, t < hi of lane l, registered with the word
 *   rel[(l*WD + b)*32 +: 32]    (t - lo) mod 2^TW, zero-extended, low 32 bits
 *   wrap[b], full[w]            hi < lo; WIN_LENGTH[w][31:0] >= 2^TW
 *
 * Latency: lo / hi 1 clock after sync_time (and 2 after a configuration write: WIN_START -
 * DET_DELAY sums are registered too), wrap 1 clock after lo / hi, lane bits 1 clock after lo / hi.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_win_pre #(
    parameter integer W = 2,
    parameter integer D = 2,
    parameter integer LANES = 4,
    parameter integer TW = 64,
    parameter integer WD = W * D          // (do not override)
) (
    input  wire                      clk,
    input  wire                      rst,

    input  wire [TW-1:0]             sync_time,
    input  wire [64*W-1:0]           win_start,
    input  wire [64*W-1:0]           win_length,
    input  wire [64*D-1:0]           det_delay,
    input  wire                      cfg_write,
    input  wire                      base_move,
    output wire                      ok,

    input  wire                      load,
    input  wire [64*LANES-1:0]       s_time,
    input  wire [TW*LANES-1:0]       p_time,

    output reg  [WD*LANES-1:0]       ge,
    output reg  [WD*LANES-1:0]       lt,
    output reg  [32*WD*LANES-1:0]    rel,
    output reg  [WD-1:0]             wrap,
    output reg  [W-1:0]              full
);

function [TW-1:0] tw_of32(input [31:0] x);
    /* verilator lint_off UNUSEDSIGNAL */  // the high bits when TW < 64
    reg [63:0] t;
    /* verilator lint_on UNUSEDSIGNAL */
    begin
        t = {32'd0, x};
        tw_of32 = t[TW-1:0];
    end
endfunction

function [63:0] tzx(input [TW-1:0] v);
    begin
        tzx = 64'd0;
        tzx[TW-1:0] = v;
    end
endfunction

integer i, j, l, a;

// age of lo / hi / the lane bits: 0 after a configuration write, 1 after a sync_time move, 3 = ok
reg [1:0] age;
assign ok = (age == 2'd3);
always @(posedge clk) begin
    if (!ok) age <= age + 1'b1;
    if (cfg_write) age <= 2'd0;
    if (base_move) age <= 2'd1;
    if (rst) age <= 2'd0;
end

reg [TW-1:0] sd  [0:WD-1];        // WIN_START[w] - DET_DELAY[d]
reg [TW-1:0] sdn [0:WD-1];        // WIN_START[w] - DET_DELAY[d] + WIN_LENGTH[w][31:0]
reg [TW-1:0] lo  [0:WD-1];        // sync_time + sd
reg [TW-1:0] hi  [0:WD-1];        // sync_time + sdn
reg [W-1:0]  full_n;
/* verilator lint_off UNUSEDSIGNAL */  // the high bits of the zero-extended length
reg [63:0]   wlen64;
/* verilator lint_on UNUSEDSIGNAL */
always @* begin
    for (i = 0; i < W; i = i + 1) begin
        wlen64 = {32'd0, win_length[64*i +: 32]};
        full_n[i] = (wlen64 >> TW) != 64'd0;
    end
end

always @(posedge clk) begin
    full <= full_n;
    for (i = 0; i < W; i = i + 1) begin
        for (j = 0; j < D; j = j + 1) begin
            sd[i*D + j]   <= win_start[64*i +: TW] - det_delay[64*j +: TW];
            sdn[i*D + j]  <= win_start[64*i +: TW] - det_delay[64*j +: TW] + tw_of32(win_length[64*i +: 32]);
            lo[i*D + j]   <= sync_time + sd[i*D + j];
            hi[i*D + j]   <= sync_time + sdn[i*D + j];
            wrap[i*D + j] <= hi[i*D + j] < lo[i*D + j];
        end
    end
end

// the lanes: the word being taken (ok), or the word in the input register again (!ok)
reg [WD*LANES-1:0]    ge_n, lt_n;
reg [32*WD*LANES-1:0] rel_n;
reg [TW-1:0]          x, r;
/* verilator lint_off UNUSEDSIGNAL */  // the high bits of rel
reg [63:0]            r64;
/* verilator lint_on UNUSEDSIGNAL */
always @* begin
    for (l = 0; l < LANES; l = l + 1) begin
        x = ok ? s_time[64*l +: TW] : p_time[TW*l +: TW];
        for (a = 0; a < WD; a = a + 1) begin
            r = x - lo[a];
            r64 = tzx(r);
            ge_n[l*WD + a] = x >= lo[a];
            lt_n[l*WD + a] = x < hi[a];
            rel_n[(l*WD + a)*32 +: 32] = r64[31:0];
        end
    end
end
always @(posedge clk) begin
    if (load || !ok) begin
        ge  <= ge_n;
        lt  <= lt_n;
        rel <= rel_n;
    end
end

endmodule

`resetall
