/*
 * pg_frame_stream -- the frame streamer: reads the frozen bank word by word in the order of
 * docs/frame-format.md (header, flat counters, PATTERNS, DN_PAIRS, DN_EARLY, DN_LATE, DN_COINC,
 * FIRST_ARRIVAL, BOTH_ARRIVAL, trailer), clears every word it reads (read-and-clear: a frozen
 * bank that has streamed is all zero), and hands the words out on a valid/ready stream.
 *
 * Pipeline (one word per clock while m_frame_ready, no bubble):
 *   A  word index fi (field, ri inside the field, dN row / lane fr_row / fr_lane), and the dN
 *      row / lane of word fi + 1 (nx_row / nx_lane, a register: the dN read index one word
 *      ahead). The owner's histogram RAMs (pg_hist_ram, registered read) hold word fi in their
 *      read register: the edge that loads word fi reads word fi + 1 (one word of prefetch), every
 *      other edge word fi again (pat_raddr / fa_raddr / ba_raddr), so a stalled word stays. The
 *      same edge clears word fi (load && sel_*: the owner writes zero).
 *   B  (registered, at the edge that loads word fi - 1) the dN read of word fi: the owner shows
 *      the frozen bank's DN_EARLY / DN_LATE / DN_COINC row nx_row (dne_row, dnl_row, dnc_row:
 *      LUT RAM read, group and bank select), and B keeps, of every lane pair (2j, 2j + 1), the
 *      lane nx_lane[0] (b_dne, b_dnl, b_dnc): no path runs from the index through the LUT RAM and
 *      the lane select in one clock. The clear of word fi - 1 at that edge is another word.
 *   C  (registered, "load") the word's sources, each in its own register: header / flat
 *      counter / trailer (one register, muxed from registers), DN_PAIRS (from registers), the
 *      three dN fields' words (lane pair fr_lane / 2 of B), and the three histogram RAM words as
 *      read (pat_q, fa_q, ba_q): no RAM output reaches a field mux before a register; c_src says
 *      which of them the word is.
 *   D  (registered) m_frame_data = one 8:1 select of the C registers; m_frame_valid / _last.
 * C and D form a two-register valid/ready pipeline (C moves when D is empty or taken); A loads
 * into C when C is empty or moves; B loads with A.
 *
 * Parameters: W, D, K, B the core's shape (they size the frame, see pg_map.vh), CW counter width
 * (words are zero-extended to 64 bits).
 *
 * Interface (synchronous to clk; rst clears the pipeline's valid bits)
 *   start              a frame was frozen at this edge: restart at word 0 (only while !busy)
 *   busy               the frozen bank holds a frame (owner's fs_busy: set at start, cleared at done)
 *   h_seq, h_first, h_trials, h_merges, h_flags   the frozen frame's header (stable while busy)
 *   fcnt[CW*g +: CW]   the frozen flat counters (stable while busy)
 *   pat_q, fa_q, ba_q  the frozen histogram RAMs' read data (word ri of the field, see A)
 *   dnp_word           the frozen DN_PAIRS word of row fr_row (comb. from the owner's registers)
 *   nx_row             row of the dN read: the dN row of word fi + 1 (a register)
 *   dne_row, dnl_row, dnc_row   the frozen bank's DN_EARLY / DN_LATE / DN_COINC row nx_row, lane a
 *                      at [a*CW +: CW] (comb.: the owner's LUT RAM read and group / bank select;
 *                      registered in B, stable while busy but for the streamer's own clears)
 *   fi, ri, fr_row, fr_lane, sel   stage A: word index, index inside the field, dN row and lane
 *                      (defined in the dN fields only: not restarted by start), the field (sel, one-hot, bit 0..7: flat counters, PATTERNS, DN_PAIRS,
 *                      DN_EARLY, DN_LATE, DN_COINC, FIRST_ARRIVAL, BOTH_ARRIVAL; 0 in header
 *                      and trailer)
 *   load               stage A's word moves into C at this edge (the owner clears it)
 *   pat_raddr, fa_raddr, ba_raddr   histogram read addresses for the next edge (see A)
 *   m_frame_*          the frame stream (registered outputs; AXI-Stream hold rule)
 *   done               the trailer is taken at this edge (the owner frees the frozen bank)
 *   f_c_v, f_c_last, f_word (FORMAL)  stage C valid / last, the header / counter / trailer word
 *                      that loads into C at this edge
 *
 * Latency: the first word is valid 2 clocks after start (one more than version 3; the dN read of
 * stage B overlaps the previous word and adds none); then one word per clock while
 * m_frame_ready. A frame takes FRAME_WORDS + 2 clocks from start to done when never stalled.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_frame_stream #(
    parameter integer W = 2,
    parameter integer D = 2,
    parameter integer K = 8,
    parameter integer B = 256,
    parameter integer CW = 64,
    // derived (do not override)
    parameter integer WD    = W * D,
    parameter integer NCNT  = D + 9,
    parameter integer NLANE = WD * WD,
    parameter integer FWB   = 10,                 // frame word index bits (set by the owner)
    parameter integer RIB   = 10,                 // field index bits (set by the owner; >= PATB, FAB, BAB, CNTB)
    parameter integer KB    = 3,
    parameter integer LB    = 4,
    parameter integer PATB  = 4,
    parameter integer FAB   = 10,
    parameter integer BAB   = 9,
    parameter integer CNTB  = 4
) (
    input  wire               clk,
    input  wire               rst,

    input  wire               start,
    input  wire               busy,
    input  wire [CW-1:0]      h_seq,
    input  wire [CW-1:0]      h_first,
    input  wire [CW-1:0]      h_trials,
    input  wire [CW-1:0]      h_merges,
    input  wire [1:0]         h_flags,
    input  wire [CW*NCNT-1:0] fcnt,
    input  wire [CW-1:0]      pat_q,
    input  wire [CW-1:0]      fa_q,
    input  wire [CW-1:0]      ba_q,
    input  wire [CW-1:0]      dnp_word,
    output reg  [KB-1:0]      nx_row,
    input  wire [WD*CW-1:0]   dne_row,
    input  wire [WD*CW-1:0]   dnl_row,
    input  wire [NLANE*CW-1:0] dnc_row,

    output reg  [FWB-1:0]     fi,
    output reg  [RIB-1:0]     ri,
    output reg  [KB-1:0]      fr_row,
    output reg  [LB-1:0]      fr_lane,
    output wire [7:0]         sel,
    output wire               load,
    output wire [PATB-1:0]    pat_raddr,
    output wire [FAB-1:0]     fa_raddr,
    output wire [BAB-1:0]     ba_raddr,

    output reg                m_frame_valid,
    input  wire               m_frame_ready,
    output reg  [63:0]        m_frame_data,
    output reg                m_frame_last,
    output wire               done
`ifdef FORMAL
    ,
    output wire               f_c_v,
    output wire               f_c_last,
    output wire [63:0]        f_word
`endif
);

`include "pg_map.vh"

function [63:0] zx(input [CW-1:0] v);
    begin
        zx = 64'd0;
        zx[CW-1:0] = v;
    end
endfunction

localparam integer FW = PG_FRAME_WORDS_N;
localparam [31:0] W32 = W;
localparam [31:0] D32 = D;
localparam [31:0] K32 = K;
localparam [31:0] B32 = B;
localparam [31:0] FW32 = FW;
localparam [31:0] WD32 = WD;
localparam [31:0] NLANE32 = NLANE;
localparam [15:0] K16 = K32[15:0];
localparam [7:0]  D8  = D32[7:0];
localparam [7:0]  W8  = W32[7:0];
wire [63:0] SHAPE_VAL = {B32, K16, D8, W8};
wire [63:0] FW_VAL = {32'd0, FW32};

localparam [31:0] O_FLAT_32 = PG_OFF_TAGS_SYNC;
localparam [31:0] O_PAT_32  = PG_OFF_PATTERNS;
localparam [31:0] O_DNP_32  = PG_OFF_DN_PAIRS;
localparam [31:0] O_DNE_32  = PG_OFF_DN_EARLY;
localparam [31:0] O_DNL_32  = PG_OFF_DN_LATE;
localparam [31:0] O_DNC_32  = PG_OFF_DN_COINC;
localparam [31:0] O_FA_32   = PG_OFF_FIRST_ARRIVAL;
localparam [31:0] O_BA_32   = PG_OFF_BOTH_ARRIVAL;
localparam [31:0] O_TRL_32  = PG_OFF_TRAILER;
localparam [FWB-1:0] O_FLAT = O_FLAT_32[FWB-1:0];
localparam [FWB-1:0] O_PAT  = O_PAT_32[FWB-1:0];
localparam [FWB-1:0] O_DNP  = O_DNP_32[FWB-1:0];
localparam [FWB-1:0] O_DNE  = O_DNE_32[FWB-1:0];
localparam [FWB-1:0] O_DNL  = O_DNL_32[FWB-1:0];
localparam [FWB-1:0] O_DNC  = O_DNC_32[FWB-1:0];
localparam [FWB-1:0] O_FA   = O_FA_32[FWB-1:0];
localparam [FWB-1:0] O_BA   = O_BA_32[FWB-1:0];
localparam [FWB-1:0] O_TRL  = O_TRL_32[FWB-1:0];
localparam [FWB-1:0] FW_N   = FW32[FWB-1:0];

// C's source of the word
localparam [2:0] SRC_OTH = 3'd0, SRC_PAT = 3'd1, SRC_FA = 3'd2, SRC_BA = 3'd3,
                 SRC_DNP = 3'd4, SRC_DNE = 3'd5, SRC_DNL = 3'd6, SRC_DNC = 3'd7;

// ---- stage A: the word index ------------------------------------------------------------------
// Everything the RAM addresses, the clears and the load depend on is a register: the field of fi
// (sel, one-hot), and flags of fi (header, end, last, "fi + 1 starts a field"), each computed
// for fi + 1 when fi advances, from the registers fi_p1 = fi + 1 and fi_p2 = fi + 2; ri_p1 = ri + 1. No compare on fi lies between a register and a RAM
// address.
function [7:0] field_of(input [FWB-1:0] x);
    begin
        field_of = {(x >= O_BA)  && (x < O_TRL), (x >= O_FA)  && (x < O_BA),
                    (x >= O_DNC) && (x < O_FA),  (x >= O_DNL) && (x < O_DNC),
                    (x >= O_DNE) && (x < O_DNL), (x >= O_DNP) && (x < O_DNE),
                    (x >= O_PAT) && (x < O_DNP), (x >= O_FLAT) && (x < O_PAT)};
    end
endfunction
function starts_field(input [FWB-1:0] x);
    begin
        starts_field = x == O_FLAT || x == O_PAT || x == O_DNP || x == O_DNE || x == O_DNL
                    || x == O_DNC || x == O_FA || x == O_BA || x == O_TRL;
    end
endfunction

reg [7:0]     fsel;               // field_of(fi)
reg           f_hdr;              // fi < O_FLAT
reg           f_end;              // fi == FW_N (every word loaded)
reg           f_last;             // fi == FW_N - 1 (the trailer)
reg           f_ns;               // starts_field(fi + 1)
reg [RIB-1:0] ri_p1;              // ri + 1
reg [FWB-1:0] fi_p1, fi_p2, fi_p3; // fi + 1, fi + 2, fi + 3 (the flags of the next words come from
                                  // compares against constants of a register, no adder in front)
reg [7:0]     nsel;               // field_of(fi + 1)
reg           f_ns2;              // starts_field(fi + 2)
reg [LB-1:0]  nx_lane;            // dN lane of word fi + 1 (nx_row, its row, is an output)

wire sel_flat = fsel[0];
wire sel_pat  = fsel[1];
wire sel_dnp  = fsel[2];
wire sel_dne  = fsel[3];
wire sel_dnl  = fsel[4];
wire sel_dnc  = fsel[5];
wire sel_fa   = fsel[6];
wire sel_ba   = fsel[7];
// sel, bit by bit: FLAT PAT DNP DNE DNL DNC FA BA (bit 0 FLAT)
assign sel = fsel;

// the dN position {row, lane} of the word after one in field s (one-hot as sel) at {r, l}: 0 when
// that word starts a field (ns), else the next lane, or the next row after the last lane of a row
// (DN_PAIRS 1 lane, DN_EARLY / DN_LATE W*D, DN_COINC (W*D)^2; outside the dN fields the lane
// counts on, unused)
/* verilator lint_off UNUSEDSIGNAL */  // s: only the dN fields' bits
function [KB+LB-1:0] pos_next(input ns, input [7:0] s, input [KB-1:0] r, input [LB-1:0] l);
    reg [31:0] l32;
    begin
        l32 = {{(32-LB){1'b0}}, l};
        if (ns) pos_next = {(KB+LB){1'b0}};
        else if (s[2] || ((s[3] || s[4]) && l32 == WD32 - 1) || (s[5] && l32 == NLANE32 - 1))
            pos_next = {r + 1'b1, {LB{1'b0}}};
        else
            pos_next = {r, l + 1'b1};
    end
endfunction
/* verilator lint_on UNUSEDSIGNAL */

reg  c_v;                          // stage C holds a word
reg  c_last;                       // ... the trailer
wire c_move = c_v && (!m_frame_valid || m_frame_ready);
assign load = busy && !f_end && (!c_v || c_move);
assign done = busy && m_frame_valid && m_frame_ready && m_frame_last;

/* verilator lint_off UNUSEDSIGNAL */  // only the low bits of the widest histogram address are used
wire [RIB-1:0] ri_next = f_ns ? {RIB{1'b0}} : ri_p1;
/* verilator lint_on UNUSEDSIGNAL */
assign pat_raddr = load ? ri_next[PATB-1:0] : ri[PATB-1:0];
assign fa_raddr  = load ? ri_next[FAB-1:0]  : ri[FAB-1:0];
assign ba_raddr  = load ? ri_next[BAB-1:0]  : ri[BAB-1:0];

localparam [FWB-1:0] ONE = 1;
always @(posedge clk) begin
    if (start) begin
        fi      <= {FWB{1'b0}};
        fi_p1   <= ONE;
        fi_p2   <= ONE + ONE;
        fi_p3   <= ONE + ONE + ONE;
        ri      <= {RIB{1'b0}};
        ri_p1   <= {{(RIB-1){1'b0}}, 1'b1};
        // fr_row / fr_lane / nx_row / nx_lane: no restart (the start logic stays off their
        // inputs): only the dN fields use them, and the load whose next word starts DN_PAIRS
        // zeroes nx (f_ns2), a word before the first dN read
        fsel    <= field_of({FWB{1'b0}});
        nsel    <= field_of(ONE);
        f_hdr   <= O_FLAT != {FWB{1'b0}};
        f_end   <= FW_N == {FWB{1'b0}};
        f_last  <= FW_N == ONE;
        f_ns    <= starts_field(ONE);
        f_ns2   <= starts_field(ONE + ONE);
    end
    if (load) begin
        fi     <= fi_p1;
        fi_p1  <= fi_p2;
        fi_p2  <= fi_p3;
        fi_p3  <= fi_p3 + 1'b1;
        fsel   <= nsel;
        nsel   <= field_of(fi_p2);
        f_hdr  <= fi_p1 < O_FLAT;
        f_end  <= fi_p1 == FW_N;
        f_last <= fi_p1 == FW_N - 1'b1;
        f_ns   <= f_ns2;
        f_ns2  <= starts_field(fi_p3);
        if (f_ns) begin
            ri      <= {RIB{1'b0}};
            ri_p1   <= {{(RIB-1){1'b0}}, 1'b1};
        end else begin
            ri    <= ri_p1;
            ri_p1 <= ri_p1 + 1'b1;
        end
        // the dN position moves one word: word fi + 1's is in nx (computed a word ahead)
        fr_row  <= nx_row;
        fr_lane <= nx_lane;
        {nx_row, nx_lane} <= pos_next(f_ns2, nsel, nx_row, nx_lane);
    end
end

// the header / flat counter / trailer word of stage A (all from registers)
reg [63:0] oth_word;
always @* begin
    if (f_hdr) begin
        case (fi[2:0])
            3'd0: oth_word = PG_FRAME_MAGIC;
            3'd1: oth_word = zx(h_seq);
            3'd2: oth_word = zx(h_first);
            3'd3: oth_word = zx(h_trials);
            3'd4: oth_word = {62'd0, h_flags};
            3'd5: oth_word = SHAPE_VAL;
            3'd6: oth_word = FW_VAL;
            default: oth_word = zx(h_merges);
        endcase
    end else if (sel_flat) begin
        oth_word = zx(fcnt[CW*ri[CNTB-1:0] +: CW]);
    end else begin
        oth_word = PG_TRAILER_BASE | (zx(h_seq) & 64'hFF_FFFF);
    end
end

// ---- stage B: the dN read of word fi, registered at the edge that loaded word fi - 1 ------------
// Of every lane pair (2j, 2j + 1) of row nx_row, the lane nx_lane[0]: PI pairs (a power of two;
// pairs past a field's last lane hold zero). C selects pair fr_lane / 2 (the row and lane low bit
// of B are fr_row and fr_lane[0] then: nx moved into fr at that edge).
localparam integer PIB = (LB > 1) ? LB - 1 : 1;  // lane pair index bits
localparam integer PI  = 1 << PIB;
/* verilator lint_off UNUSEDSIGNAL */  // the pair index bits, the low bit
wire [31:0] fr_lane32 = {{(32-LB){1'b0}}, fr_lane};
wire [31:0] nx_lane32 = {{(32-LB){1'b0}}, nx_lane};
wire           nx_odd  = nx_lane32[0];     // unused when no field has two lanes (W*D = 1)
/* verilator lint_on UNUSEDSIGNAL */
wire [PIB-1:0] fr_pair = fr_lane32[1 +: PIB];
wire [PI*CW-1:0] b_dne, b_dnl, b_dnc;
genvar gp;
generate
    for (gp = 0; gp < PI; gp = gp + 1) begin : g_b
        // lane 2*gp + nx_odd of a field of N lanes (zero past the last)
        if (2 * gp + 1 < WD) begin : g_el2
            reg [CW-1:0] e, l;
            always @(posedge clk) if (load) begin
                e <= nx_odd ? dne_row[(2*gp+1)*CW +: CW] : dne_row[2*gp*CW +: CW];
                l <= nx_odd ? dnl_row[(2*gp+1)*CW +: CW] : dnl_row[2*gp*CW +: CW];
            end
            assign b_dne[gp*CW +: CW] = e;
            assign b_dnl[gp*CW +: CW] = l;
        end else if (2 * gp < WD) begin : g_el1
            reg [CW-1:0] e, l;
            always @(posedge clk) if (load) begin
                e <= dne_row[2*gp*CW +: CW];
                l <= dnl_row[2*gp*CW +: CW];
            end
            assign b_dne[gp*CW +: CW] = e;
            assign b_dnl[gp*CW +: CW] = l;
        end else begin : g_el0
            assign b_dne[gp*CW +: CW] = {CW{1'b0}};
            assign b_dnl[gp*CW +: CW] = {CW{1'b0}};
        end
        if (2 * gp + 1 < NLANE) begin : g_c2
            reg [CW-1:0] c;
            always @(posedge clk) if (load) c <= nx_odd ? dnc_row[(2*gp+1)*CW +: CW] : dnc_row[2*gp*CW +: CW];
            assign b_dnc[gp*CW +: CW] = c;
        end else if (2 * gp < NLANE) begin : g_c1
            reg [CW-1:0] c;
            always @(posedge clk) if (load) c <= dnc_row[2*gp*CW +: CW];
            assign b_dnc[gp*CW +: CW] = c;
        end else begin : g_c0
            assign b_dnc[gp*CW +: CW] = {CW{1'b0}};
        end
    end
endgenerate

// ---- stage C ---------------------------------------------------------------------------------------
reg [2:0]    c_src;
reg [63:0]   c_oth;
reg [CW-1:0] c_pat, c_fa, c_ba, c_dnp, c_dne, c_dnl, c_dnc;
always @(posedge clk) begin
    if (load) begin
        c_v    <= 1'b1;
        c_last <= f_last;
        c_src  <= sel_pat ? SRC_PAT : sel_fa ? SRC_FA : sel_ba ? SRC_BA
                : sel_dnp ? SRC_DNP : sel_dne ? SRC_DNE : sel_dnl ? SRC_DNL : sel_dnc ? SRC_DNC : SRC_OTH;
        c_oth  <= oth_word;
        c_pat  <= pat_q;
        c_fa   <= fa_q;
        c_ba   <= ba_q;
        c_dnp  <= dnp_word;
        c_dne  <= b_dne[fr_pair*CW +: CW];
        c_dnl  <= b_dnl[fr_pair*CW +: CW];
        c_dnc  <= b_dnc[fr_pair*CW +: CW];
    end else if (c_move) begin
        c_v    <= 1'b0;
        c_last <= 1'b0;
    end
    if (rst) begin
        c_v    <= 1'b0;
        c_last <= 1'b0;
    end
end

// ---- stage D: the output register --------------------------------------------------------------
reg [63:0] d_word;
always @* begin
    case (c_src)
        SRC_PAT: d_word = zx(c_pat);
        SRC_FA:  d_word = zx(c_fa);
        SRC_BA:  d_word = zx(c_ba);
        SRC_DNP: d_word = zx(c_dnp);
        SRC_DNE: d_word = zx(c_dne);
        SRC_DNL: d_word = zx(c_dnl);
        SRC_DNC: d_word = zx(c_dnc);
        default: d_word = c_oth;
    endcase
end

always @(posedge clk) begin
    if (c_move) begin
        m_frame_valid <= 1'b1;
        m_frame_data  <= d_word;
        m_frame_last  <= c_last;
    end else if (m_frame_valid && m_frame_ready) begin
        m_frame_valid <= 1'b0;
        m_frame_last  <= 1'b0;
    end
    if (rst) begin
        m_frame_valid <= 1'b0;
        m_frame_last  <= 1'b0;
    end
end

`ifdef FORMAL
// the registered flags of stage A are those of fi while a frame streams (after the first reset,
// as the owner's properties)
reg f_rst_seen = 1'b0;
always @(posedge clk) if (rst) f_rst_seen <= 1'b1;
always @* begin
    if (f_rst_seen && !rst && busy) begin
        assert(fsel == field_of(fi));
        assert(f_hdr == (fi < O_FLAT));
        assert(f_end == (fi == FW_N));
        assert(f_last == (fi == FW_N - 1'b1));
        assert(f_ns == starts_field(fi + 1'b1));
        assert(fi_p1 == fi + 1'b1 && fi_p2 == fi + {{(FWB-2){1'b0}}, 2'd2});
        assert(fi_p3 == fi + {{(FWB-2){1'b0}}, 2'd3});
        assert(nsel == field_of(fi + 1'b1));
        assert(f_ns2 == starts_field(fi + {{(FWB-2){1'b0}}, 2'd2}));
        assert(ri_p1 == ri + 1'b1);
        // the dN read index is one word ahead: from the word before DN_PAIRS to the last dN word,
        // nx is where fr moves at the next load (the position recurrence of fr before stage B,
        // from (0, 0) at DN_PAIRS: row / lane of every dN word as before)
        if (fi >= O_DNP - 1'b1 && fi < O_FA) assert({nx_row, nx_lane} == pos_next(f_ns, fsel, fr_row, fr_lane));
    end
end
assign f_c_v    = c_v;
assign f_c_last = c_last;
assign f_word   = oth_word;
`endif

endmodule

`resetall
