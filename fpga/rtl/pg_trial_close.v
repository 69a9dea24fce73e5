/*
 * pg_trial_close -- the trial-close engine: runs behind the input, one closed trial after the
 * other, on the ACTIVE bank.
 *
 * The sync engine hands over a closing trial as a descriptor (push) and goes on at once; the
 * trial's increments are applied here by two engines that run side by side:
 *   A  PATTERNS[pattern] += amt (one op into a pg_hist_rmw pipeline), DN_PAIRS[j] += amt for every
 *      row j that exists, and the dN rows that add something (row j when trial n-1-j exists and
 *      it or the closing trial clicked), G rows per clock (pg_dn_bank groups): read the G rows of
 *      one address (combinational LUT RAM, registered here), write them back incremented the
 *      next clock. Two steps at one address wait a clock for each other (never in a stream of
 *      clicked trials: their steps run 0, 1, ..).
 *   B  for a trial with a non-zero pattern: waits until the dividers have delivered the bin of
 *      every set bit (per bit a FIFO of bins, in trial order, filled by the dividers' outputs,
 *      so a sync never waits for the divisions of the trial it closes), then makes the trial
 *      record and increments FIRST_ARRIVAL[bit][bin] for each set bit and BOTH_ARRIVAL[w][max
 *      bin] for each window with both detectors set, one bit (and window w = bit) per clock, into
 *      pg_hist_rmw pipelines (no stall on repeated words).
 * The order of the increments differs from a one-at-a-time close; the sums do not.
 *
 * Parameters: W, D, K, B (bins), CW (counter width), TW (time width), G (dN rows per step,
 * 1/2/4, <= K), CQ (descriptor queue entries per engine, power of two >= 2).
 *
 * Interface (synchronous to clk)
 *   clear                       drops everything (rst or the owner's clear sweep)
 *   push, push_ready            a closing trial: d_pat (pattern), d_amt (trials: 1, or r empty
 *                               trials in bulk), d_hist[j*WD +: WD] (pattern of trial n-1-j),
 *                               d_exist[j] (trial n-1-j exists), d_trial (its index), d_sync (its
 *                               sync time). push_ready: room in both queues (push only then;
 *                               a register, updated at the edge with that edge's push and pops)
 *   div_valid[b], div_bin       a divider's result for pattern bit b (one per set bit per trial,
 *                               in trial order)
 *   pat_* / fa_* / ba_*         the active bank's PATTERNS / FIRST_ARRIVAL / BOTH_ARRIVAL RAM
 *                               ports (read address, registered read data, write port)
 *   dn_st_*                     a step of the active dN bank (pg_dn_bank: read G rows at dn_st_addr,
 *                               write them back the next clock + dn_st_inc); dnp_add, dnp_amt,
 *                               dnp_exist its DN_PAIRS add
 *   rec_valid (1 clock), rec_*  a trial record (registered): index, sync time, pattern, bins
 *   busy                        a descriptor, step or write in flight (bins of the open trial
 *                               waiting in the FIFOs do not count)
 *   busy_r                      registered: busy or a push at the last edge. Low only while busy
 *                               is low (an idle engine stays idle without a push), so a decision
 *                               that must wait for an idle engine (the owner's bank swap) takes it
 *                               from a flip-flop, 1 clock later than busy would allow
 *
 * Latency: a descriptor's PATTERNS word is written 5 clocks after the push when the engine is
 * free (1 queue, 1 load, 3 pg_hist_rmw), its dN rows 3 + 1 per step; its arrival increments
 * 5 clocks after its last bin. Throughput: engine A takes max(1, dN steps) clocks per trial
 * (ceil(K / G) for a clicked trial: 4 at K = 8, G = 2), engine B max(1, set bits).
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_trial_close #(
    parameter integer W  = 2,
    parameter integer D  = 2,
    parameter integer K  = 8,
    parameter integer B  = 256,
    parameter integer CW = 64,
    parameter integer TW = 64,
    parameter integer G  = 2,
    parameter integer CQ = 2,
    // derived (do not override)
    parameter integer WD = W * D,
    parameter integer QB = $clog2(B),
    parameter integer PATB = (WD > 0) ? WD : 1,
    parameter integer FAB = ((WD > 1) ? $clog2(WD) : 0) + QB,
    parameter integer BAB = ((W > 1) ? $clog2(W) : 0) + QB,
    parameter integer NA = (K + G - 1) / G,
    parameter integer AB = (NA > 1) ? $clog2(NA) : 1,
    parameter integer NL = 2 * WD + WD * WD
) (
    input  wire                 clk,
    input  wire                 clear,

    input  wire                 push,
    output wire                 push_ready,
    input  wire [WD-1:0]        d_pat,
    input  wire [31:0]          d_amt,
    input  wire [K*WD-1:0]      d_hist,
    input  wire [K-1:0]         d_exist,
    input  wire [CW-1:0]        d_trial,
    input  wire [TW-1:0]        d_sync,

    input  wire [WD-1:0]        div_valid,
    input  wire [WD*QB-1:0]     div_bin,

    output wire [PATB-1:0]      pat_raddr,
    input  wire [CW-1:0]        pat_rdata,
    output wire                 pat_we,
    output wire [PATB-1:0]      pat_waddr,
    output wire [CW-1:0]        pat_wdata,

    output wire [FAB-1:0]       fa_raddr,
    input  wire [CW-1:0]        fa_rdata,
    output wire                 fa_we,
    output wire [FAB-1:0]       fa_waddr,
    output wire [CW-1:0]        fa_wdata,

    output wire [BAB-1:0]       ba_raddr,
    input  wire [CW-1:0]        ba_rdata,
    output wire                 ba_we,
    output wire [BAB-1:0]       ba_waddr,
    output wire [CW-1:0]        ba_wdata,

    output wire                 dn_st_v,
    output wire [AB-1:0]        dn_st_addr,
    output wire [G-1:0]         dn_st_we,
    output reg  [G*NL-1:0]      dn_st_inc,
    output reg                  dnp_add,
    output reg  [CW-1:0]        dnp_amt,
    output reg  [K-1:0]         dnp_exist,

    output reg                  rec_valid,
    output reg  [CW-1:0]        rec_trial,
    output reg  [TW-1:0]        rec_sync,
    output reg  [WD-1:0]        rec_pat,
    output reg  [WD*QB-1:0]     rec_bins,

    output wire                 busy,
    output reg                  busy_r
`ifdef FORMAL
    ,
    input  wire                 f_live,
    input  wire [(2**PATB)*CW-1:0] f_pat_mem,   // the active PATTERNS RAM's contents
    output wire [CW-1:0]        f_pat_pend,     // trials counted and not yet in PATTERNS
    // ... stage by stage (the owner's ghost chain): the amounts in queue A, in the PATTERNS op
    // register, entering it at this edge, in pat_rmw's stages 1, 2, 3
    output wire [CW-1:0]        f_pat_q,
    output wire [CW-1:0]        f_pat_po,
    output wire [CW-1:0]        f_pat_po_in,
    output wire [CW-1:0]        f_pat_t1,
    output wire [CW-1:0]        f_pat_t2,
    output wire [CW-1:0]        f_pat_t3,
    // per pattern bit b, [8*b +: 8]: the bins in its FIFO, and the trials that still need one
    // (queue B entries and the head register with bit b set)
    output reg  [8*WD-1:0]      f_bins_have,
    output reg  [8*WD-1:0]      f_bins_owed
`endif
);

localparam integer CQB = (CQ > 1) ? $clog2(CQ) : 1;
localparam [31:0]  CQ1_32 = CQ - 1;
localparam [CQB:0] CQ1 = CQ1_32[CQB:0];           // a queue one entry short of full
localparam integer BQ  = 2 * CQ;                  // bins per bit FIFO: >= queue B + its head register + the open trial
localparam integer BQB = $clog2(BQ);

`include "pg_cw.vh"

integer i, j, g, a, b;

// ---- step masks of a descriptor (computed at the push) ------------------------------------------
reg [K-1:0]  d_row;               // dN row j adds something
reg [NA-1:0] d_step;              // dN address a has a row that adds something
always @* begin
    for (j = 0; j < K; j = j + 1) begin
        d_row[j] = d_exist[j] && ((d_hist[j*WD +: WD] != {WD{1'b0}}) || (d_pat != {WD{1'b0}}));
    end
    d_step = {NA{1'b0}};
    for (j = 0; j < K; j = j + 1) begin
        if (d_row[j]) d_step[j / G] = 1'b1;
    end
end

// ---- queue A: every closing trial --------------------------------------------------------------
reg [WD-1:0]   qa_pat   [0:CQ-1];
reg [31:0]     qa_amt   [0:CQ-1];
reg [K*WD-1:0] qa_hist  [0:CQ-1];
reg [K-1:0]    qa_exist [0:CQ-1];
reg [K-1:0]    qa_row   [0:CQ-1];
reg [NA-1:0]   qa_step  [0:CQ-1];
reg [CQB:0]    qa_hp, qa_tp;      // head / tail with a wrap bit (no counter on the pop path)
wire [CQB-1:0] qa_h = qa_hp[CQB-1:0];
wire [CQB-1:0] qa_t = qa_tp[CQB-1:0];
/* verilator lint_off UNUSEDSIGNAL */  // entries: read by the formal properties only
wire [CQB:0]   qa_n = qa_tp - qa_hp;
/* verilator lint_on UNUSEDSIGNAL */
wire           qa_empty = (qa_hp == qa_tp);
wire           qa_full  = (qa_h == qa_t) && (qa_hp[CQB] != qa_tp[CQB]);

// ---- queue B: closing trials with a non-zero pattern -------------------------------------------
reg [WD-1:0]   qb_pat   [0:CQ-1];
reg [CW-1:0]   qb_trial [0:CQ-1];
reg [TW-1:0]   qb_sync  [0:CQ-1];
reg [CQB:0]    qb_hp, qb_tp;
wire [CQB-1:0] qb_h = qb_hp[CQB-1:0];
wire [CQB-1:0] qb_t = qb_tp[CQB-1:0];
/* verilator lint_off UNUSEDSIGNAL */  // entries: read by the formal properties only
wire [CQB:0]   qb_n = qb_tp - qb_hp;
/* verilator lint_on UNUSEDSIGNAL */
wire           qb_empty = (qb_hp == qb_tp);
wire           qb_full  = (qb_h == qb_t) && (qb_hp[CQB] != qb_tp[CQB]);

wire   push_b = push && (d_pat != {WD{1'b0}});
// push_ready is a register (room in both queues after this edge), so that the queue pointers'
// compare is not in front of the owner's step decision (the sync engine's step_ok, its hold of
// the process stage and the queue pop behind it): a queue full after the edge is one that is full
// and not popped, or holds CQ - 1 entries, is pushed and not popped (== !qa_full && !qb_full,
// asserted below); the late push reaches the register through one LUT
reg    push_ready_r;
wire   qa_nm1 = (qa_n == CQ1);
wire   qb_nm1 = (qb_n == CQ1);
assign push_ready = push_ready_r;

// ---- engine A --------------------------------------------------------------------------------
reg [WD-1:0]   w_pat;
reg [K*WD-1:0] w_hist;
reg [K-1:0]    w_row;
reg [NA-1:0]   w_need;            // dN addresses still to step
reg            s_v;               // step: read the rows of address s_a (this clock)
reg [AB-1:0]   s_a;
reg [G*WD-1:0] s_h;               // history pattern of each row of the step
reg [G-1:0]    s_we;              // rows of the step that add something
reg [WD-1:0]   s_p;
reg            c_v;               // the bank writes the rows of last clock's step
reg            po_v;              // PATTERNS op (registered)
reg [PATB-1:0] po_a;
reg [CW-1:0]   po_i;

reg [AB-1:0]   a_idx;
reg [NA-1:0]   a_hot;
reg            a_le1;             // w_need has at most one address left
always @* begin
    a_idx = {AB{1'b0}};
    a_hot = {NA{1'b0}};
    for (i = NA - 1; i >= 0; i = i - 1) begin
        if (w_need[i]) begin
            a_idx = i[AB-1:0];
            a_hot = {NA{1'b0}};
            a_hot[i] = 1'b1;
        end
    end
    a_le1 = ((w_need & ~a_hot) == {NA{1'b0}});
end
// a_coll: the first address of w_need is the one the read stage steps now (s_v && s_a == a_idx),
// which waits a clock. It can only be so in the clock after a load (without one, w_need lost the
// address issued at the last edge, and a later address is another); registered at the load from
// the new trial's first address, so that no compare of s_a is in front of a_load and tc_ready
reg           a_coll;
wire          a_issue = (w_need != {NA{1'b0}}) && !a_coll;
wire [NA-1:0] a_after = a_issue ? (w_need & ~a_hot) : w_need;
wire          a_load  = !qa_empty && a_le1 && !a_coll;   // (== a_after is empty)
reg [AB-1:0]  qa_first;           // the first address of the head's steps
always @* begin
    qa_first = {AB{1'b0}};
    for (i = NA - 1; i >= 0; i = i - 1) begin
        if (qa_step[qa_h][i]) qa_first = i[AB-1:0];
    end
end

reg [G*WD-1:0] a_h;
reg [G-1:0]    a_we;
/* verilator lint_off UNUSEDSIGNAL */
reg [31:0]     a_row;
/* verilator lint_on UNUSEDSIGNAL */
always @* begin
    a_h  = {(G*WD){1'b0}};
    a_we = {G{1'b0}};
    for (g = 0; g < G; g = g + 1) begin
        a_row = {{(32-AB){1'b0}}, a_idx} * G + g;
        for (j = 0; j < K; j = j + 1) begin
            if (a_row == j) begin
                a_h[g*WD +: WD] = w_hist[j*WD +: WD];
                a_we[g] = w_row[j];
            end
        end
    end
end

always @(posedge clk) begin
    // step issue -> read stage
    s_v  <= a_issue;
    s_a  <= a_idx;
    a_coll <= a_load && a_issue && (qa_step[qa_h] != {NA{1'b0}}) && (qa_first == a_idx);
    s_h  <= a_h;
    s_we <= a_we;
    s_p  <= w_pat;
    c_v  <= s_v;
    w_need <= a_after;
    po_v    <= 1'b0;
    dnp_add <= 1'b0;
    if (a_load) begin
        w_pat     <= qa_pat[qa_h];
        w_hist    <= qa_hist[qa_h];
        w_row     <= qa_row[qa_h];
        w_need    <= qa_step[qa_h];
        po_v      <= 1'b1;
        po_a      <= qa_pat[qa_h][PATB-1:0];
        po_i      <= cw_of32(qa_amt[qa_h]);
        dnp_add   <= 1'b1;
        dnp_amt   <= cw_of32(qa_amt[qa_h]);
        dnp_exist <= qa_exist[qa_h];
    end
    if (clear) begin
        s_v     <= 1'b0;
        a_coll  <= 1'b0;
        c_v     <= 1'b0;
        w_need  <= {NA{1'b0}};
        po_v    <= 1'b0;
        dnp_add <= 1'b0;
    end
end

assign dn_st_v    = s_v;
assign dn_st_addr = s_a;
assign dn_st_we   = s_we;
always @* begin
    for (g = 0; g < G; g = g + 1) begin
        for (a = 0; a < WD; a = a + 1) begin
            // DN_EARLY lane a: + the history bit; DN_LATE lane a: + the closing pattern's bit
            dn_st_inc[g*NL + a]      = s_h[g*WD + a];
            dn_st_inc[g*NL + WD + a] = s_p[a];
            // DN_COINC lane a*WD + b: + (history bit a AND closing bit b)
            for (b = 0; b < WD; b = b + 1) dn_st_inc[g*NL + 2*WD + a*WD + b] = s_h[g*WD + a] & s_p[b];
        end
    end
end

wire pat_busy;
`ifdef FORMAL
wire [CW-1:0] f_pat_rmw_pend;
`endif
pg_hist_rmw #(.AW(PATB), .CW(CW)) pat_rmw (
    .clk(clk), .clear(clear),
    .op_valid(po_v), .op_addr(po_a), .op_inc(po_i),
    .rd_addr(pat_raddr), .rd_data(pat_rdata),
    .wr_en(pat_we), .wr_addr(pat_waddr), .wr_data(pat_wdata),
    .busy(pat_busy)
`ifdef FORMAL
    , .f_live(f_live), .f_mem(f_pat_mem), .f_pend(f_pat_rmw_pend)
    , .f_t1(f_pat_t1), .f_t2(f_pat_t2), .f_t3(f_pat_t3)
`endif
);

// ---- first-arrival bins: one FIFO per pattern bit, filled by the dividers ------------------------
reg [QB-1:0]  bf_m [0:WD*BQ-1];   // bit i entry e at [i*BQ + e]
reg [BQB:0]   bf_h [0:WD-1];      // head / tail with a wrap bit
reg [BQB:0]   bf_t [0:WD-1];
reg [WD-1:0]  bf_ne;              // FIFO i is not empty
reg [WD*QB-1:0] bf_head;          // the bin at the head of each FIFO
always @* begin
    for (i = 0; i < WD; i = i + 1) begin
        bf_ne[i] = (bf_h[i] != bf_t[i]);
        bf_head[i*QB +: QB] = bf_m[i*BQ + {{(32-BQB){1'b0}}, bf_h[i][BQB-1:0]}];
    end
end

// ---- engine B --------------------------------------------------------------------------------
reg [WD-1:0]    f_pat;
reg [WD-1:0]    f_need;           // bits still to step (FIRST_ARRIVAL bit s and BOTH_ARRIVAL window s)
reg [WD*QB-1:0] f_bins;
reg [W*QB-1:0]  f_bmax;           // per window: max(bin(w, 0), bin(w, 1))
reg             fo_v, bo_v;       // FIRST_ARRIVAL / BOTH_ARRIVAL ops (registered)
reg [FAB-1:0]   fo_a;
reg [BAB-1:0]   bo_a;

// the head of queue B in registers (so that the load decision starts at flip-flops, not at the
// queue's LUT RAM): refilled from the queue when empty or taken
reg           hd_v;
reg  [WD-1:0] qb_head_pat;
reg  [CW-1:0] hd_trial;
reg  [TW-1:0] hd_sync;
reg  [WD-1:0] b_need_head;        // steps the head trial needs
reg  [W*QB-1:0] b_max_head;
reg  [QB-1:0] bin0, bin1;
always @* begin
    b_max_head = {(W*QB){1'b0}};
    for (i = 0; i < WD; i = i + 1) begin
        b_need_head[i] = qb_head_pat[i];
    end
    if (D >= 2) begin
        for (i = 0; i < W; i = i + 1) begin
            if (qb_head_pat[i*D] && qb_head_pat[i*D + 1]) b_need_head[i] = 1'b1;
            bin0 = bf_head[(i*D)*QB +: QB];
            bin1 = bf_head[(i*D + 1)*QB +: QB];
            b_max_head[i*QB +: QB] = (bin0 > bin1) ? bin0 : bin1;
        end
    end
end

reg [31:0]    s_idx;
reg [WD-1:0]  s_hot;
always @* begin
    s_idx = 32'd0;
    s_hot = {WD{1'b0}};
    for (i = WD - 1; i >= 0; i = i - 1) begin
        if (f_need[i]) begin
            s_idx = i;
            s_hot = {WD{1'b0}};
            s_hot[i] = 1'b1;
        end
    end
end
wire          b_issue = (f_need != {WD{1'b0}});
wire [WD-1:0] b_after = f_need & ~s_hot;
wire          b_bins  = ((qb_head_pat & ~bf_ne) == {WD{1'b0}});
wire          b_load  = hd_v && b_bins && (b_after == {WD{1'b0}});
wire          hd_take = !qb_empty && (!hd_v || b_load);
wire [WD-1:0] bf_pop  = b_load ? qb_head_pat : {WD{1'b0}};

/* verilator lint_off UNUSEDSIGNAL */
reg [31:0] fa_a32, ba_a32;
/* verilator lint_on UNUSEDSIGNAL */
reg        fa_v_n, ba_v_n;
always @* begin
    fa_v_n = 1'b0;
    ba_v_n = 1'b0;
    fa_a32 = 32'd0;
    ba_a32 = 32'd0;
    for (i = 0; i < WD; i = i + 1) begin
        if (s_idx == i) begin
            fa_a32 = (i << QB) | {{(32-QB){1'b0}}, f_bins[i*QB +: QB]};
            fa_v_n = b_issue && f_pat[i];
        end
    end
    if (D >= 2) begin
        for (i = 0; i < W; i = i + 1) begin
            if (s_idx == i) begin
                ba_a32 = (i << QB) | {{(32-QB){1'b0}}, f_bmax[i*QB +: QB]};
                ba_v_n = b_issue && f_pat[i*D] && f_pat[i*D + 1];
            end
        end
    end
end

always @(posedge clk) begin
    fo_v <= fa_v_n;
    bo_v <= ba_v_n;
    fo_a <= fa_a32[FAB-1:0];
    bo_a <= ba_a32[BAB-1:0];
    f_need <= b_after;
    rec_valid <= 1'b0;
    if (b_load) begin
        f_pat     <= qb_head_pat;
        f_need    <= b_need_head;
        f_bins    <= bf_head;
        f_bmax    <= b_max_head;
        rec_valid <= 1'b1;
        rec_trial <= hd_trial;
        rec_sync  <= hd_sync;
        rec_pat   <= qb_head_pat;
        rec_bins  <= bf_head;
    end
    if (hd_take) begin
        hd_v        <= 1'b1;
        qb_head_pat <= qb_pat[qb_h];
        hd_trial    <= qb_trial[qb_h];
        hd_sync     <= qb_sync[qb_h];
    end else if (b_load) begin
        hd_v <= 1'b0;
    end
    if (clear) begin
        hd_v      <= 1'b0;
        fo_v      <= 1'b0;
        bo_v      <= 1'b0;
        f_need    <= {WD{1'b0}};
        rec_valid <= 1'b0;
    end
end

wire fa_busy, ba_busy;
wire [CW-1:0] one_cw = {{(CW-1){1'b0}}, 1'b1};
pg_hist_rmw #(.AW(FAB), .CW(CW)) fa_rmw (
    .clk(clk), .clear(clear),
    .op_valid(fo_v), .op_addr(fo_a), .op_inc(one_cw),
    .rd_addr(fa_raddr), .rd_data(fa_rdata),
    .wr_en(fa_we), .wr_addr(fa_waddr), .wr_data(fa_wdata),
    .busy(fa_busy)
`ifdef FORMAL
    , .f_live(1'b0), .f_mem({((2**FAB)*CW){1'b0}}), .f_pend()
`endif
);
pg_hist_rmw #(.AW(BAB), .CW(CW)) ba_rmw (
    .clk(clk), .clear(clear),
    .op_valid(bo_v), .op_addr(bo_a), .op_inc(one_cw),
    .rd_addr(ba_raddr), .rd_data(ba_rdata),
    .wr_en(ba_we), .wr_addr(ba_waddr), .wr_data(ba_wdata),
    .busy(ba_busy)
`ifdef FORMAL
    , .f_live(1'b0), .f_mem({((2**BAB)*CW){1'b0}}), .f_pend()
`endif
);

// ---- queues and bin FIFOs: pointers -----------------------------------------------------------
always @(posedge clk) begin
    if (push) begin
        qa_pat[qa_t]   <= d_pat;
        qa_amt[qa_t]   <= d_amt;
        qa_hist[qa_t]  <= d_hist;
        qa_exist[qa_t] <= d_exist;
        qa_row[qa_t]   <= d_row;
        qa_step[qa_t]  <= d_step;
    end
    if (push_b) begin
        qb_pat[qb_t]   <= d_pat;
        qb_trial[qb_t] <= d_trial;
        qb_sync[qb_t]  <= d_sync;
    end
    for (i = 0; i < WD; i = i + 1) begin
        if (div_valid[i]) bf_m[i*BQ + {{(32-BQB){1'b0}}, bf_t[i][BQB-1:0]}] <= div_bin[i*QB +: QB];
    end
end

// push_ready_r's next value for no push, a push of a zero pattern (queue A only) and of another
// (both queues), each from registers (* keep *), so that the late push (the owner's step
// decision) reaches the register through ONE LUT, not through the queue-full terms behind it
wire d_pat_nz = (d_pat != {WD{1'b0}});
(* keep *) wire pr_none = !(qa_full && !a_load) && !(qb_full && !hd_take);
(* keep *) wire pr_a    = !(qa_full ? !a_load : (qa_nm1 && !a_load)) && !(qb_full && !hd_take);
(* keep *) wire pr_ab   = !(qa_full ? !a_load : (qa_nm1 && !a_load)) && !(qb_full ? !hd_take : (qb_nm1 && !hd_take));
always @(posedge clk) begin
    // (== !(qa_full ? !a_load : (qa_nm1 && push && !a_load)) && !(qb_full ? !hd_take : (qb_nm1 && push_b && !hd_take)))
    push_ready_r <= !push ? pr_none : d_pat_nz ? pr_ab : pr_a;
    if (clear) push_ready_r <= 1'b1;
end

always @(posedge clk) begin
    if (push) qa_tp <= qa_tp + 1'b1;
    if (a_load) qa_hp <= qa_hp + 1'b1;
    if (push_b) qb_tp <= qb_tp + 1'b1;
    if (hd_take) qb_hp <= qb_hp + 1'b1;
    for (i = 0; i < WD; i = i + 1) begin
        if (div_valid[i]) bf_t[i] <= bf_t[i] + 1'b1;
        if (bf_pop[i]) bf_h[i] <= bf_h[i] + 1'b1;
    end
    if (clear) begin
        qa_hp <= {(CQB+1){1'b0}};
        qa_tp <= {(CQB+1){1'b0}};
        qb_hp <= {(CQB+1){1'b0}};
        qb_tp <= {(CQB+1){1'b0}};
        for (i = 0; i < WD; i = i + 1) begin
            bf_h[i] <= {(BQB+1){1'b0}};
            bf_t[i] <= {(BQB+1){1'b0}};
        end
    end
end

assign busy = !qa_empty || (w_need != {NA{1'b0}}) || s_v || c_v || po_v || pat_busy
           || !qb_empty || hd_v || (f_need != {WD{1'b0}}) || fo_v || bo_v || fa_busy || ba_busy;
always @(posedge clk) busy_r <= busy || push;

`ifdef FORMAL
// queue A holds the trials counted by the sync engine and not yet loaded; their amounts, the
// PATTERNS op register and the increments in pat_rmw are what PATTERNS still lacks
reg [CW-1:0] f_qa_sum;
reg [31:0]   f_k;
always @* begin
    f_qa_sum = {CW{1'b0}};
    for (i = 0; i < CQ; i = i + 1) begin
        f_k = (i - {{(32-CQB){1'b0}}, qa_h}) & (CQ - 1);
        if ({{(31-CQB){1'b0}}, qa_n} > f_k) f_qa_sum = f_qa_sum + cw_of32(qa_amt[i]);
    end
end
assign f_pat_pend = f_qa_sum + (po_v ? po_i : {CW{1'b0}}) + f_pat_rmw_pend;
assign f_pat_q     = f_qa_sum;
assign f_pat_po    = po_v ? po_i : {CW{1'b0}};
assign f_pat_po_in = (a_load && !clear) ? cw_of32(qa_amt[qa_h]) : {CW{1'b0}};
// first-arrival bins: what each bit's FIFO holds and what the trials waiting for bins need
reg [7:0]  f_bo;
reg [31:0] f_kb;
always @* begin
    for (b = 0; b < WD; b = b + 1) begin
        f_bins_have[8*b +: 8] = {{(7-BQB){1'b0}}, bf_t[b] - bf_h[b]};
        f_bo = (hd_v && qb_head_pat[b]) ? 8'd1 : 8'd0;
        for (i = 0; i < CQ; i = i + 1) begin
            f_kb = (i - {{(32-CQB){1'b0}}, qb_h}) & (CQ - 1);
            if ({{(31-CQB){1'b0}}, qb_n} > f_kb && qb_pat[i][b]) f_bo = f_bo + 8'd1;
        end
        f_bins_owed[8*b +: 8] = f_bo;
    end
end
always @* begin
    if (f_live) begin
        // no bin FIFO overflows (its entries <= BQ)
        for (b = 0; b < WD; b = b + 1) assert(f_bins_have[8*b +: 8] <= BQ);
        assert({{(31-CQB){1'b0}}, qa_n} <= CQ);
        assert({{(31-CQB){1'b0}}, qb_n} <= CQ);
        if (po_v) assert(po_a == w_pat[PATB-1:0]);
        if (!busy_r) assert(!busy);
        assert(push_ready_r == (!qa_full && !qb_full));
        assert(a_coll == (s_v && s_a == a_idx && w_need != {NA{1'b0}}));
    end
end
`endif

endmodule

`resetall
