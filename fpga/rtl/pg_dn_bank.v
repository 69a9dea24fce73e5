/*
 * pg_dn_bank -- one bank of the cross-trial counters: K dN rows of DN_EARLY (W*D lanes), DN_LATE
 * (W*D) and DN_COINC ((W*D)^2), and the K DN_PAIRS counters.
 *
 * Rows are interleaved over G groups (row r in group r % G at address r / G), and every lane of
 * every group is its own NA-deep memory (NA = ceil(K / G); LUT RAM: one write port, a registered
 * read port for the close, a combinational one for the streamer), so the trial close reads and
 * writes G whole rows per step and the frame streamer reads one row and clears one word. The
 * close's read-modify-write is inside: a step reads its G rows into a register, the next clock
 * writes them back with each counter's increment (0 or 1) added. Everything wide happens only at
 * a step (the Verilator model does no row work on other clocks) and no row data leaves the bank.
 *
 * Parameters: K rows (largest dN), WD = W*D pattern bits, CW counter width, G rows per close step
 * (1, 2 or 4; at most K).
 *
 * Interface (synchronous to clk)
 *   close port (the owner drives it only while the bank is active):
 *     st_v, st_addr, st_we[g], st_inc   a step: read the G rows at st_addr at this edge, and at the
 *                      next edge write row st_addr*G + g (when st_we[g]) back, lane x of group g
 *                      incremented by st_inc[g*NL + x]; lanes DN_EARLY 0..WD-1, DN_LATE
 *                      WD..2WD-1, DN_COINC 2WD + (a*WD + b). Two steps at one address must be
 *                      >= 2 clocks apart (the second would read before the first's write).
 *     sw_we, sw_addr   the clear sweep: zero the G rows at sw_addr
 *   streamer port (the owner drives it only while the bank is frozen):
 *     s_rrow           row the streamer reads (pg_frame_stream: the row of the next word, which
 *                      it registers); s_dne / s_dnl / s_dnc: every lane of that row, COMBINATIONAL
 *                      (LUT RAM read and group select)
 *     s_row            row of the word being streamed; s_dnp: DN_PAIRS[s_row] (comb. from registers)
 *     s_lane, s_dne_we, s_dnl_we, s_dnc_we, s_dnp_we   clear word (s_row, s_lane) at the edge (a
 *                      read of s_rrow at that edge sees the old value)
 *   DN_PAIRS: p_add adds p_amt to every row j with p_exist[j]; p_clear zeroes all (sweep)
 *
 * Latency: a step's rows are written at the edge after the step's; streamer reads 0 clocks (the
 * streamer registers them).
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_dn_bank #(
    parameter integer K  = 8,
    parameter integer WD = 4,
    parameter integer CW = 64,
    parameter integer G  = 2,
    // derived (do not override)
    parameter integer NA = (K + G - 1) / G,
    parameter integer AB = (NA > 1) ? $clog2(NA) : 1,
    parameter integer KB = (K > 1) ? $clog2(K) : 1,
    parameter integer NLANE = WD * WD,
    parameter integer LB = (NLANE > 1) ? $clog2(NLANE) : 1,
    parameter integer NL = 2 * WD + NLANE
) (
    input  wire                 clk,

    input  wire                 st_v,
    input  wire [AB-1:0]        st_addr,
    input  wire [G-1:0]         st_we,
    input  wire [G*NL-1:0]      st_inc,
    input  wire                 sw_we,
    input  wire [AB-1:0]        sw_addr,

    input  wire [KB-1:0]        s_rrow,
    input  wire [KB-1:0]        s_row,
    input  wire [LB-1:0]        s_lane,
    output wire [WD*CW-1:0]     s_dne,
    output wire [WD*CW-1:0]     s_dnl,
    output wire [NLANE*CW-1:0]  s_dnc,
    output wire [CW-1:0]        s_dnp,
    input  wire                 s_dne_we,
    input  wire                 s_dnl_we,
    input  wire                 s_dnc_we,
    input  wire                 s_dnp_we,

    input  wire                 p_add,
    input  wire [CW-1:0]        p_amt,
    input  wire [K-1:0]         p_exist,
    input  wire                 p_clear
);

localparam integer GB = (G > 1) ? $clog2(G) : 0;

genvar gg, gl, gk;

// the streamer's rows as {address, group}: the read row s_rrow, the cleared word's row s_row
/* verilator lint_off UNUSEDSIGNAL */  // the high bits when G does not divide 2^KB
wire [31:0] s_row32  = {{(32-KB){1'b0}}, s_row};
wire [31:0] s_rrow32 = {{(32-KB){1'b0}}, s_rrow};
/* verilator lint_on UNUSEDSIGNAL */
wire [AB-1:0] s_addr  = s_row32[GB +: AB];
wire [31:0]   s_grp   = (G > 1) ? (s_row32 & (G - 1)) : 32'd0;
wire [AB-1:0] s_raddr = s_rrow32[GB +: AB];
/* verilator lint_off UNUSEDSIGNAL */  // the group bits of the read row are its low GB bits
wire [31:0]   s_rgrp  = (G > 1) ? (s_rrow32 & (G - 1)) : 32'd0;
/* verilator lint_on UNUSEDSIGNAL */
wire [31:0]   s_lane32 = {{(32-LB){1'b0}}, s_lane};

// the step's write stage
reg          w_v;
reg [G-1:0]  w_we;
reg [AB-1:0] w_addr;
reg [G*NL-1:0] w_inc;
always @(posedge clk) begin
    w_v <= st_v;
    if (st_v) begin
        w_we   <= st_we;
        w_addr <= st_addr;
        w_inc  <= st_inc;
    end
end

// lane x: G memories (one per group), the read register of each, the streamer's word
generate
    for (gl = 0; gl < NL; gl = gl + 1) begin : g_lane
        // the streamer clears its word in the lane's field
        wire s_fld = (gl < WD) ? (s_dne_we && s_lane32 == gl)
                   : (gl < 2 * WD) ? (s_dnl_we && s_lane32 == gl - WD)
                   : (s_dnc_we && s_lane32 == gl - 2 * WD);
        wire [CW-1:0] s_word [0:G-1];
        for (gg = 0; gg < G; gg = gg + 1) begin : g_grp
            reg [CW-1:0] m [0:NA-1];
            reg [CW-1:0] rq;
            always @(posedge clk) begin
                if (st_v) rq <= m[st_addr];
                if (w_v && w_we[gg]) m[w_addr] <= rq + {{(CW-1){1'b0}}, w_inc[gg*NL + gl]};
                else if (sw_we) m[sw_addr] <= {CW{1'b0}};
                else if (s_fld && s_grp == gg) m[s_addr] <= {CW{1'b0}};
            end
            assign s_word[gg] = m[s_raddr];
        end
        wire [CW-1:0] s_sel;
        if (G == 1) begin : g_s1
            assign s_sel = s_word[0];
        end else if (G == 2) begin : g_s2
            assign s_sel = s_rgrp[0] ? s_word[1] : s_word[0];
        end else begin : g_sn
            assign s_sel = s_word[s_rgrp[GB-1:0]];
        end
        if (gl < WD) begin : g_e
            assign s_dne[gl*CW +: CW] = s_sel;
        end else if (gl < 2 * WD) begin : g_l
            assign s_dnl[(gl-WD)*CW +: CW] = s_sel;
        end else begin : g_c
            assign s_dnc[(gl-2*WD)*CW +: CW] = s_sel;
        end
    end
endgenerate

// DN_PAIRS: K counters
wire [CW-1:0] dnp [0:K-1];
generate
    for (gk = 0; gk < K; gk = gk + 1) begin : g_dnp
        reg [CW-1:0] v;
        always @(posedge clk) begin
            if (p_clear) v <= {CW{1'b0}};
            else if (p_add && p_exist[gk]) v <= v + p_amt;
            else if (s_dnp_we && s_row32 == gk) v <= {CW{1'b0}};
        end
        assign dnp[gk] = v;
    end
endgenerate
assign s_dnp = dnp[s_row];

endmodule

`resetall
