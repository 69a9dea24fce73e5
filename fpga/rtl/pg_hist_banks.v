/*
 * pg_hist_banks -- the two banks of histogram RAMs of pg_core: PATTERNS, FIRST_ARRIVAL ({bit,
 * bin}) and BOTH_ARRIVAL ({window, bin}), one pg_hist_ram each per bank, and the port select of
 * each bank.
 *
 * Bank b takes the active ports when b is the active bank (`bank`), or in the clear sweep (both
 * banks are cleared together: zeros written at `clr`, every address below the RAM's depth);
 * otherwise the streamer's (read-and-clear: a load writes zero at word s_widx, the read address
 * runs one word ahead, see pg_frame_stream). The active ports belong to the trial close
 * (pg_trial_close's pg_hist_rmw pipelines) outside the sweep. BOTH_ARRIVAL needs two detectors:
 * with D = 1 it takes no RAM and reads zero.
 *
 * Parameters: W windows, D detectors, B bins (power of two, >= 2), CW word width, CLB clear-sweep
 * index bits, RIB streamer field-index bits (>= every address width here), PATB / FAB / BAB the
 * PATTERNS / FIRST_ARRIVAL / BOTH_ARRIVAL address widths (the owner's; the defaults are derived
 * from W, D, B as pg_core does).
 *
 * Interface (synchronous to clk; no reset: the owner clears the RAMs with the sweep)
 *   bank                            the active bank (0 / 1); the frozen one is ~bank
 *   clear, clr                      the clear sweep and its index
 *   {pat,fa,ba}_raddr, _we, _waddr, _wdata -> {pat,fa,ba}_q
 *                                   the active bank's ports (trial close)
 *   s_{pat,fa,ba}_raddr, s_{pat,fa,ba}_we, s_widx -> s_{pat,fa,ba}_q
 *                                   the frozen bank's ports (streamer; the write clears word s_widx)
 *   f_pat_mem (FORMAL)              PATTERNS contents, bank 0 in the low NPAT*CW bits, bank 1 above
 *
 * Latency: reads 1 clock (registered, write-first); writes at the edge. The bank select is
 * combinational in front of the RAM ports. The write-first forwarding is here, not in each
 * pg_hist_ram (FWD 0): only the active ports ever write the word read at the same edge (the
 * streamer reads one word ahead of the word it clears: asserted in pg_core), so one registered compare
 * of the active ports' addresses per RAM kind forwards for both banks, and no path runs from the
 * streamer's load (its read address) into a forwarding compare.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_hist_banks #(
    parameter integer W = 2,
    parameter integer D = 2,
    parameter integer B = 256,
    parameter integer CW = 64,
    parameter integer CLB = 11,   // (the defaults: pg_core's at W2 D2 K8 B256)
    parameter integer RIB = 10,
    parameter integer PATB = (W * D > 1) ? W * D : 1,
    parameter integer FAB  = ((W * D > 1) ? $clog2(W * D) : 0) + $clog2(B),
    parameter integer BAB  = ((W > 1) ? $clog2(W) : 0) + $clog2(B)
) (
    input  wire             clk,
    input  wire             bank,
    input  wire             clear,
    input  wire [CLB-1:0]   clr,

    input  wire [PATB-1:0]  pat_raddr,
    input  wire             pat_we,
    input  wire [PATB-1:0]  pat_waddr,
    input  wire [CW-1:0]    pat_wdata,
    output wire [CW-1:0]    pat_q,
    input  wire [FAB-1:0]   fa_raddr,
    input  wire             fa_we,
    input  wire [FAB-1:0]   fa_waddr,
    input  wire [CW-1:0]    fa_wdata,
    output wire [CW-1:0]    fa_q,
    input  wire [BAB-1:0]   ba_raddr,
    input  wire             ba_we,
    input  wire [BAB-1:0]   ba_waddr,
    input  wire [CW-1:0]    ba_wdata,
    output wire [CW-1:0]    ba_q,

    /* verilator lint_off UNUSEDSIGNAL */  // the bits above the widest address
    input  wire [RIB-1:0]   s_widx,
    /* verilator lint_on UNUSEDSIGNAL */
    input  wire [PATB-1:0]  s_pat_raddr,
    input  wire             s_pat_we,
    output wire [CW-1:0]    s_pat_q,
    input  wire [FAB-1:0]   s_fa_raddr,
    input  wire             s_fa_we,
    output wire [CW-1:0]    s_fa_q,
    input  wire [BAB-1:0]   s_ba_raddr,
    input  wire             s_ba_we,
    output wire [CW-1:0]    s_ba_q
`ifdef FORMAL
    ,
    output wire [2*(1<<(W*D))*CW-1:0] f_pat_mem
`endif
);

localparam integer NPAT = 1 << (W * D);

genvar gi;

// ---- histogram memory ports: active bank (trial close, clear sweep) ---------------------------
// The trial close owns the active bank's ports except in the clear sweep, which writes zeros at clr.
/* verilator lint_off UNUSEDSIGNAL */  // only the low bits of the sweep index address a RAM
wire [31:0]     clr32 = {{(32-CLB){1'b0}}, clr};
/* verilator lint_on UNUSEDSIGNAL */

wire [PATB-1:0] pat_addr  = clear ? clr[PATB-1:0] : pat_raddr;
wire [FAB-1:0]  fa_addr   = clear ? clr[FAB-1:0]  : fa_raddr;
wire [BAB-1:0]  ba_addr   = clear ? clr[BAB-1:0]  : ba_raddr;
wire [PATB-1:0] pat_wa    = clear ? clr[PATB-1:0] : pat_waddr;
wire [FAB-1:0]  fa_wa     = clear ? clr[FAB-1:0]  : fa_waddr;
wire [BAB-1:0]  ba_wa     = clear ? clr[BAB-1:0]  : ba_waddr;
wire            pat_w     = clear ? (clr32 < NPAT) : pat_we;
wire            fa_w      = clear ? (clr32 < (1 << FAB)) : fa_we;
wire            ba_w      = clear ? (clr32 < (1 << BAB)) : ba_we;
wire [CW-1:0]   pat_wd    = clear ? {CW{1'b0}} : pat_wdata;
wire [CW-1:0]   fa_wd     = clear ? {CW{1'b0}} : fa_wdata;
wire [CW-1:0]   ba_wd     = clear ? {CW{1'b0}} : ba_wdata;

// ---- write-first forwarding of the active ports (the RAMs have none: FWD 0) -------------------
// act_q[b]: bank b took the active ports at the last edge; *_hit: that edge wrote the word it
// read there; *_fd: the word written (pg_hist_ram's fwd / fwd_data, once per RAM kind)
reg [1:0]     act_q;
reg           pat_hit, fa_hit, ba_hit;
reg [CW-1:0]  pat_fd, fa_fd, ba_fd;
always @(posedge clk) begin
    act_q   <= {bank || clear, !bank || clear};
    pat_hit <= pat_w && (pat_wa == pat_addr);
    fa_hit  <= fa_w && (fa_wa == fa_addr);
    ba_hit  <= ba_w && (ba_wa == ba_addr);
    pat_fd  <= pat_wd;
    fa_fd   <= fa_wd;
    ba_fd   <= ba_wd;
end

// ---- the two banks ----------------------------------------------------------------------------
// Bank b takes the active ports when b is the active bank, or in the clear sweep (both banks
// are cleared together); otherwise the streamer's.
`ifdef FORMAL
wire [NPAT*CW-1:0] f_pat_flat [0:1];   // PATTERNS contents of each bank (formal properties)
assign f_pat_mem = {f_pat_flat[1], f_pat_flat[0]};
`endif
wire [CW-1:0] pat_q_b [0:1];         // each bank's read word (forwarded)
wire [CW-1:0] fa_q_b  [0:1];
wire [CW-1:0] ba_q_b  [0:1];
wire [CW-1:0] pat_m_b [0:1];         // ... as the RAM read it
wire [CW-1:0] fa_m_b  [0:1];

generate
    for (gi = 0; gi < 2; gi = gi + 1) begin : g_bank
        wire act = (bank == gi[0]) || clear;
        pg_hist_ram #(.ADDR_WIDTH(PATB), .DATA_WIDTH(CW), .FWD(0)) pat_ram (
            .clk(clk),
            .wr_en(act ? pat_w : s_pat_we), .wr_addr(act ? pat_wa : s_widx[PATB-1:0]),
            .wr_data(act ? pat_wd : {CW{1'b0}}),
            .rd_addr(act ? pat_addr : s_pat_raddr), .rd_data(pat_m_b[gi])
`ifdef FORMAL
            , .f_mem(f_pat_flat[gi])
`endif
        );
        assign pat_q_b[gi] = (act_q[gi] && pat_hit) ? pat_fd : pat_m_b[gi];
        pg_hist_ram #(.ADDR_WIDTH(FAB), .DATA_WIDTH(CW), .FWD(0)) fa_ram (
            .clk(clk),
            .wr_en(act ? fa_w : s_fa_we), .wr_addr(act ? fa_wa : s_widx[FAB-1:0]),
            .wr_data(act ? fa_wd : {CW{1'b0}}),
            .rd_addr(act ? fa_addr : s_fa_raddr), .rd_data(fa_m_b[gi])
`ifdef FORMAL
            , .f_mem()
`endif
        );
        // BOTH_ARRIVAL needs two detectors; with one, the field reads zero and takes no RAM (and
        // its port signals are unused)
        assign fa_q_b[gi] = (act_q[gi] && fa_hit) ? fa_fd : fa_m_b[gi];
        if (D >= 2) begin : g_ba
            wire [CW-1:0] ba_m;
            assign ba_q_b[gi] = (act_q[gi] && ba_hit) ? ba_fd : ba_m;
            pg_hist_ram #(.ADDR_WIDTH(BAB), .DATA_WIDTH(CW), .FWD(0)) ba_ram (
                .clk(clk),
                .wr_en(act ? ba_w : s_ba_we), .wr_addr(act ? ba_wa : s_widx[BAB-1:0]),
                .wr_data(act ? ba_wd : {CW{1'b0}}),
                .rd_addr(act ? ba_addr : s_ba_raddr), .rd_data(ba_m)
`ifdef FORMAL
                , .f_mem()
`endif
            );
        end else begin : g_no_ba
            /* verilator lint_off UNUSEDSIGNAL */
            wire unused_ba = &{1'b0, ba_w, ba_wd, ba_wa, ba_addr, s_ba_raddr, s_ba_we, ba_hit, ba_fd};
            /* verilator lint_on UNUSEDSIGNAL */
            assign ba_q_b[gi] = {CW{1'b0}};
        end
    end
endgenerate

assign pat_q   = pat_q_b[bank];
assign fa_q    = fa_q_b[bank];
assign ba_q    = ba_q_b[bank];
assign s_pat_q = pat_q_b[~bank];
assign s_fa_q  = fa_q_b[~bank];
assign s_ba_q  = ba_q_b[~bank];

endmodule

`resetall
