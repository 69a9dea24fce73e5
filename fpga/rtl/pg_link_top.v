/*
 * pg_link_top -- the pairgate core behind a time tagger's FPGA link: Swabian's Time Tagger X
 * FPGA-link tag interface (axis_tag_interface of the public reference design) in, frames and
 * trial records out.
 *
 *   link word ──> pg_link_map ──> pg_link_coalesce ──> pg_link_fifo ──> pg_skid ──────> pg_core ──> m_frame_*
 *   (WL lanes,    channel table,   sync runs merged,    drops whole       register slice   (LANES = WL)  m_rec_*
 *    no ready)    unmapped counted in-order mirror      words when full,  (the core's ready
 *                                                       counted           stops here)
 *
 * Link interface (flattened; the reference's unpacked arrays go lane by lane):
 *   s_axis_tvalid, s_axis_tkeep[WL], s_axis_tagtime[64*WL] (lane l at [64l +: 64], the time in
 *   the link's unit, 1/3 ps on a Time Tagger X: the core's tick), s_axis_channel[CHW*WL] (signed:
 *   +n rising edge of input n, -n falling edge), s_axis_lowest_time_bound[64];
 *   s_axis_tready is constant 1: the link has no backpressure, a valid word is taken every clock.
 *
 * Registers: the core's (pairgate.map) and the LINK_* block (0x80..0xFF) on one bus, same ports
 * as pg_core: the write reg_we/reg_addr/reg_wdata at the edge (and reg_wready below); the read
 * with an address of its own, reg_raddr -> reg_rdata, 1 clock (after an edge reg_rdata is the
 * register reg_raddr named in the clock before it, as it was in that clock; a write at that edge
 * is not seen). The top keeps:
 *   - LINK_MAP (in pg_link_map), LINK_COALESCE, the LINK_* counters;
 *   - shadows of the core's SYNC_CHANNEL and SYNC_DELAY (updated as the write goes in): the
 *     coalescer needs the sync channel, and merges runs only while SYNC_DELAY <= 0 and SYNC_DELAY
 *     has not been positive since the last CTRL_RESET (syncs queued under a positive delay stay
 *     pending after it is lowered, and a run word would take one queue entry where its members
 *     take one each; a reset discards them);
 *   - LINK_FLUSH: a write lets a held trailing sync leave at once (the library writes it at the
 *     end of every push, so that every effect of the pushed tags is complete when it returns);
 *   - every write to a core register (configuration and CTRL commands alike) takes effect in
 *     stream order (pg_link_wrhold): it goes into the core only while the front end is empty, so
 *     that every link word received before it has reached the core first and none after it has (a
 *     configuration write also waits until the core is quiet, no tag in flight inside it: pg_core's
 *     rule for configuration). Every core write is first taken into the hold's slot (HELD:
 *     status_write_held and status_cmd_pending; STATUS reads neither IDLE nor QUIET), with the
 *     coalescer flushed meanwhile, and goes into the core from there at the first clock after its
 *     edge that allows it: 1 clock at the least (0 before fw21r), so that the core's write port
 *     and its configuration-write decode are flip-flops and one LUT (issue 13). A word that
 *     arrives at the write's own edge reaches the core before it.
 *     Words that arrive while a write is held reach the core before it: a host that wants the
 *     write at an exact point of its stream (the library does) puts no word on the link until the
 *     hold clears; on a board the write lands at the first quiet clock of the stream.
 *     reg_wready (the bus's write handshake): a write on the bus (reg_we) is taken at an edge with
 *     reg_wready high. It is low only for a core write while another is held: the master keeps the
 *     write on the bus (reg_we, reg_addr, reg_wdata unchanged) until reg_wready, as an AXI-Lite
 *     master keeps AWVALID until AWREADY and a Wishbone master STB until ACK (a bus adapter
 *     withholds its ack); it is high again at the edge the held write goes in (one write per
 *     clock while the core takes them). A stalled core write that the master withdraws (a bus time-out; the
 *     library when the hold cannot clear without the host) never reaches the core and is counted
 *     in LINK_WRITES_REFUSED (cleared only by rst: a configuration write lost before a CTRL_RESET
 *     still matters after it). Link writes (0x80..0xFF) are taken at once, whatever is held.
 *     The core's read port has its own address (reg_raddr): a held write going in changes
 *     nothing on the read side (until fw21r the core had one address for both, and reg_rdata
 *     showed the held write's register in the clock it went in).
 *     The shadows below follow a write when it goes into the core, not when it arrives. (Until
 *     2026-12-07 only CTRL commands were held and configuration writes went into the core at
 *     once, ahead of words still in the FIFO, which the core then counted with the new
 *     configuration: LinkVersusSoftTest's held-ring scenarios, HOLD seed 5011.) CTRL_RESET also
 *     clears the front end's counters and its in-order mirror. A link word that arrives in the
 *     clock a write goes belongs to the time after it (it reaches the core after the write): the
 *     reset clears the counters, not that word's count.
 *   STATUS reads the core's, with IDLE and QUIET also requiring a front end at rest (empty, or
 *   holding only a trailing sync that waits for the next tag: nothing to do without input) and
 *   no held command. The register is the state of the clock in which reg_raddr named it
 *   (snapshots taken at every edge, as the core's STATUS in pg_regs: every bit a flip-flop on the
 *   read path, behind a registered select); status_idle / status_quiet
 *   (the ports) are the same bits of the current clock, combinational (for a simulation host's
 *   settle loop; nothing in the read multiplexer).
 *
 * lowest_time_bound (registered from every valid word: LINK_TIME_BOUND) decides how long the
 * coalescer may hold a trailing sync. A held sync S is the sync that closes the trial before it
 * (and, at FRAME_TRIALS, the frame): held, it closes nothing until the next tag decides whether
 * the run goes on, which on a slow trigger with few clicks can be long (a run of up to 2^(RB-1)
 * syncs). With LINK_HOLD_TICKS = n > 0, S leaves as soon as the bound shows that the next tag is
 * more than n ticks after it (bound > t_S + n): the trial before it, and its frame, close without
 * waiting for the next tag. Exact whatever n (a run may be split anywhere); n trades merging
 * (syncs closer than n stay merged: choose n above the sync period to merge, e.g. 3*10^6 = 1 us
 * at 1/3 ps keeps an 80 MHz sync merged and lets a 500 Hz trigger's syncs go at once) for the
 * latency of a close. 0 (default): a held sync waits for the next tag or a flush, as before. The
 * compare runs 3 clocks behind (held time registered, + n, compared with the bound): a stale
 * result only cuts a run where it need not (exact). Not used for: closing a trial or a frame by
 * itself (the contract counts a trial once its next sync is effective; the bound brings no sync),
 * nor the core's delayed syncs (SYNC_DELAY > 0, made effective by the next tag at or after
 * t + SYNC_DELAY): that needs a core input (pg_core.v, not this module's).
 *
 * Latency link word -> core input: 2 clocks (map) + 8 (coalescer) + 3 (FIFO) + 1 (slice) = 14, plus the wait
 * of a trailing sync for the next tag. Throughput: one link word per clock. Every stage is a
 * fixed-latency pipeline with at most one 64-bit compare, one 32-bit add or a few LUT levels per
 * clock (fpga/README "Link front end": each module alone <= 5 ns estimated on xc7); the 64-bit
 * counters add in 32-bit halves (pg_link_counter). Sync runs are cut at 2^(RB-1) syncs (exact),
 * so a run count fits RB bits and the FIFO stores RB bits per lane.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_link_top #(
    parameter integer WL = 4,           // WORD_WIDTH of the link: 1 (10G) or 4 (40G); the core's LANES
    parameter integer CHW = 6,          // CHANNEL_WIDTH of the link
    parameter integer FIFO_DEPTH = 512, // words the input FIFO holds (counting its output register)
    parameter integer RB = 16,          // run count bits: the front end cuts sync runs at 2^(RB-1) syncs
    parameter integer W = 2,
    parameter integer D = 2,
    parameter integer K = 8,
    parameter integer B = 256,
    parameter integer SQ = 16,
    parameter integer CW = 64,
    parameter integer TW = 64,
    parameter integer RQ = 16
) (
    input  wire        clk,
    input  wire        rst,

    input  wire                 s_axis_tvalid,
    output wire                 s_axis_tready,
    input  wire [WL-1:0]        s_axis_tkeep,
    input  wire [64*WL-1:0]     s_axis_tagtime,
    input  wire [CHW*WL-1:0]    s_axis_channel,
    input  wire [63:0]          s_axis_lowest_time_bound,

    input  wire        reg_we,
    input  wire [7:0]  reg_addr,
    input  wire [63:0] reg_wdata,
    output wire        reg_wready,
    input  wire [7:0]  reg_raddr,
    output wire [63:0] reg_rdata,

    output wire        m_frame_valid,
    input  wire        m_frame_ready,
    output wire [63:0] m_frame_data,
    output wire        m_frame_last,

    output wire        m_rec_valid,
    input  wire        m_rec_ready,
    output wire [64*PG_RECORD_WORDS_N-1:0] m_rec_data,

    output wire        status_idle,
    output wire        status_quiet,
    output wire        status_frame_pending,
    output wire        status_cmd_pending,
    output wire        status_write_held
);

`include "pg_map.vh"

localparam integer FW = $clog2(FIFO_DEPTH + 1);
// bit positions of the single-bit constants of pairgate.map
localparam integer B_CLOSE = $clog2(PG_CTRL_CLOSE_FRAME);
localparam integer B_RESET = $clog2(PG_CTRL_RESET);
localparam integer B_COAL  = $clog2(PG_LINK_COALESCE_ON);
localparam integer B_IDLE  = $clog2(PG_STATUS_IDLE);
localparam integer B_QUIET = $clog2(PG_STATUS_QUIET);
localparam [31:0] WL_32       = WL;
localparam [31:0] DEPTH_32    = FIFO_DEPTH;

assign s_axis_tready = 1'b1;

// ---- register bus: which block ------------------------------------------------------------
wire        link_addr = reg_addr[7];
wire        is_ctrl   = reg_addr == PG_REG_CTRL[7:0];
wire        map_addr  = reg_addr[7:6] == 2'b11;   // LINK_MAP: 0xC0..0xFF
wire        rlink     = reg_raddr[7];             // the same of the read address
wire        rmap      = reg_raddr[7:6] == 2'b11;

reg [63:0]  sync_channel_q;
reg         delay_pos_q;   // SYNC_DELAY > 0 (judged at the write)
reg         delayed_seen;  // SYNC_DELAY was > 0 at some time since the last reset: syncs may be pending
reg         coalesce_q;
reg [63:0]  bound_q;
reg [63:0]  hold_ticks_q;  // LINK_HOLD_TICKS
reg [63:0]  ht_q, hlim_q;  // the held sync's time, + LINK_HOLD_TICKS
reg         hold_on_q, hold_go_q;
reg         waits1, waits2, waits3, bnd1, bnd2;  // the hold compare has seen this H and this bound
wire        cmd_hold;      // a core write waits in the write hold (pg_link_wrhold)
reg         flush_req;   // LINK_FLUSH written: until the coalescer holds nothing
reg         fe_empty_q;    // the front end was empty at the last clock
wire        fe_empty;
wire        co_busy, co_held, co_waits;
wire [63:0] co_held_time;
wire        map_busy, fifo_busy;
wire        mp_pending;    // a link word entered the map at the last edge
// empty now: empty at the last clock, and no word came in at the last edge (a word is the only
// thing that makes an empty front end busy): one LUT, not the OR of every stage's flags
wire        fe_now_empty = fe_empty_q && !mp_pending;
wire        core_quiet;
// a configuration write also waits for the core to be quiet (pg_core takes configuration while no
// tag is in flight inside it: the last words the FIFO handed over may still be in its pipeline); a
// CTRL command goes as soon as the front end is empty (the core orders commands behind its tags).
// The core's quiet is taken one clock late (registered: its own logic is deep) and trusted only if
// nothing went into the core at the last edge (the core leaves quiet only on a word or a command),
// so that the held write's go (the core's reg_we) is one LUT of registers: it feeds the core's
// configuration-write decode and through it s_tag_ready and the register slice (pg_skid).
reg         quiet_q;       // core_quiet at the last edge, and nothing went into the core there
// a write to a core register: CTRL only with a command bit (CTRL without one does nothing)
wire        core_wr  = !link_addr && (!is_ctrl || reg_wdata[B_CLOSE] || reg_wdata[B_RESET]);
// the write that reaches the core at this edge (from the hold's slot: registers): the shadows
// follow it (pg_link_wrhold: stream order, the bus stalled while one is held, refusals counted)
wire        wr_go;
wire [7:0]  wr_addr;
wire [63:0] wr_data;
wire        wh_ready, wh_busy;
wire [63:0] link_refused;
wire        fe_clr  = wr_go && wr_addr == PG_REG_CTRL[7:0] && wr_data[B_RESET];

pg_link_wrhold #(.AW(8), .DW(64)) u_wrhold (
    .clk(clk), .rst(rst),
    .s_we(reg_we), .s_addr(reg_addr), .s_wdata(reg_wdata), .s_core(core_wr), .s_ctrl(is_ctrl),
    .s_ready(wh_ready),
    .fe_empty(fe_now_empty), .cfg_ok(quiet_q),
    .go(wr_go), .m_addr(wr_addr), .m_wdata(wr_data), .held(cmd_hold),
    .refused(link_refused), .busy(wh_busy));

// the bus: a core write waits on the bus while another is held; every other write is taken at once
assign reg_wready = !core_wr || wh_ready;

always @(posedge clk) begin
    if (wr_go && wr_addr == PG_REG_SYNC_CHANNEL[7:0]) sync_channel_q <= wr_data;
    if (wr_go && wr_addr == PG_REG_SYNC_DELAY[7:0])   delay_pos_q <= $signed(wr_data) > 64'sd0;
    if (delay_pos_q) delayed_seen <= 1'b1;
    if (fe_clr) delayed_seen <= delay_pos_q;
    fe_empty_q <= fe_empty;
    if (reg_we && reg_addr == PG_REG_LINK_COALESCE[7:0]) coalesce_q <= reg_wdata[B_COAL];
    if (s_axis_tvalid) bound_q <= s_axis_lowest_time_bound;
    quiet_q   <= core_quiet && !(core_valid && core_ready) && !wr_go;
    if (reg_we && reg_addr == PG_REG_LINK_HOLD_TICKS[7:0]) hold_ticks_q <= reg_wdata;
    ht_q      <= co_held_time;
    hold_on_q <= hold_ticks_q != 64'd0;
    hlim_q    <= ht_q + hold_ticks_q;
    hold_go_q <= hold_on_q && $signed(bound_q) > $signed(hlim_q);
    waits1    <= co_waits;
    waits2    <= waits1 && co_waits;
    waits3    <= waits2 && co_waits;
    bnd1      <= s_axis_tvalid;
    bnd2      <= bnd1;
    if (!co_busy) flush_req <= 1'b0;
    if (reg_we && reg_addr == PG_REG_LINK_FLUSH[7:0]) flush_req <= 1'b1;
    if (rst) begin
        sync_channel_q <= 64'd0;
        delay_pos_q    <= 1'b0;
        fe_empty_q     <= 1'b0;
        delayed_seen   <= 1'b0;
        coalesce_q     <= 1'b1;
        bound_q        <= 64'd0;
        hold_ticks_q   <= 64'd0;
        hold_on_q      <= 1'b0;
        hold_go_q      <= 1'b0;
        waits1         <= 1'b0;
        waits2         <= 1'b0;
        waits3         <= 1'b0;
        bnd1           <= 1'b0;
        bnd2           <= 1'b0;
        flush_req      <= 1'b0;
        quiet_q        <= 1'b0;
    end
end

// ---- stage 1: channel map -----------------------------------------------------------------
wire              mp_valid;
wire [WL-1:0]     mp_keep;
wire [8*WL-1:0]   mp_channel;
wire [64*WL-1:0]  mp_time;
wire [63:0]       link_tags, link_unmapped;
wire [7:0]        map_rdata;

pg_link_map #(.WL(WL), .CHW(CHW)) u_map (
    .clk(clk), .rst(rst), .clr(fe_clr),
    .s_valid(s_axis_tvalid), .s_keep(s_axis_tkeep), .s_channel(s_axis_channel), .s_time(s_axis_tagtime),
    .map_we(reg_we && map_addr), .map_addr(reg_addr[CHW-1:0]), .map_wdata(reg_wdata[7:0]),
    .map_raddr(reg_raddr[CHW-1:0]), .map_rdata(map_rdata),
    .m_valid(mp_valid), .m_keep(mp_keep), .m_channel(mp_channel), .m_time(mp_time),
    .tags(link_tags), .unmapped(link_unmapped), .busy(map_busy), .pending(mp_pending));

// ---- stage 2: sync runs -------------------------------------------------------------------
wire              co_valid;
wire [WL-1:0]     co_keep;
wire [8*WL-1:0]   co_channel;
wire [64*WL-1:0]  co_time;
wire [32*WL-1:0]  co_count;
wire [63:0]       link_runs;

pg_link_coalesce #(.WL(WL), .RB(RB)) u_coalesce (
    .clk(clk), .rst(rst), .clr(fe_clr),
    .enable(coalesce_q && !delay_pos_q && !delayed_seen), .sync_channel(sync_channel_q), .flush(cmd_hold || flush_req || (hold_go_q && co_waits)),
    .s_valid(mp_valid), .s_keep(mp_keep), .s_channel(mp_channel), .s_time(mp_time),
    .m_valid(co_valid), .m_keep(co_keep), .m_channel(co_channel), .m_time(co_time), .m_count(co_count),
    .busy(co_busy), .held(co_held), .waits(co_waits), .held_time(co_held_time), .runs(link_runs));

// ---- stage 3: FIFO, whole-word drops ------------------------------------------------------
wire              fq_valid, fq_ready;   // FIFO -> register slice
wire [WL-1:0]     fq_keep;
wire [8*WL-1:0]   fq_channel;
wire [64*WL-1:0]  fq_time;
wire [RB*WL-1:0]  fq_count;
wire              core_valid, core_ready;
wire [WL-1:0]     core_keep;
wire [8*WL-1:0]   core_channel;
wire [64*WL-1:0]  core_time;
wire [RB*WL-1:0]  fifo_count;   // run counts are below 2^RB: the FIFO stores RB bits per lane
reg  [RB*WL-1:0]  co_count_rb;
reg  [32*WL-1:0]  core_count;
integer l;
always @* begin
    for (l = 0; l < WL; l = l + 1) begin
        co_count_rb[RB*l +: RB]  = co_count[32*l +: RB];
        core_count[32*l +: 32]   = {{(32-RB){1'b0}}, fifo_count[RB*l +: RB]};
    end
end
wire [FW-1:0]     fifo_fill, fifo_max;
wire              fifo_empty;
wire [63:0]       dropped_words, dropped_tags;

pg_link_fifo #(.WL(WL), .DEPTH(FIFO_DEPTH), .CW(RB), .FW(FW)) u_fifo (
    .clk(clk), .rst(rst), .clr(fe_clr),
    .s_valid(co_valid), .s_keep(co_keep), .s_channel(co_channel), .s_time(co_time), .s_count(co_count_rb),
    .m_valid(fq_valid), .m_ready(fq_ready), .m_keep(fq_keep), .m_channel(fq_channel),
    .m_time(fq_time), .m_count(fq_count),
    .fill(fifo_fill), .fill_max(fifo_max), .empty(fifo_empty),
    .dropped_words(dropped_words), .dropped_tags(dropped_tags), .busy(fifo_busy));

// ---- stage 4: register slice: the core's s_tag_ready never reaches the FIFO's fill ----------
wire sk_busy;
pg_skid #(.D(WL * (1 + 8 + 64 + RB))) u_skid (
    .clk(clk), .rst(rst),
    .s_valid(fq_valid), .s_ready(fq_ready), .s_data({fq_count, fq_time, fq_channel, fq_keep}),
    .m_valid(core_valid), .m_ready(core_ready), .m_data({fifo_count, core_time, core_channel, core_keep}),
    .busy(sk_busy));

assign fe_empty = !mp_valid && !map_busy && !co_busy && fifo_empty && !fifo_busy && !sk_busy;
// nothing to do without a new tag: empty, or only a trailing sync waiting for the next tag
// (with LINK_HOLD_TICKS on, a held sync is at rest only once the hold compare has judged it
// against the latest bound: 3 clocks after it began to wait and after the last word came in)
wire   hold_judged = !hold_on_q || (waits3 && !bnd1 && !bnd2);
wire   fe_rest  = !mp_valid && !map_busy && (!co_busy || (co_held && hold_judged)) && fifo_empty && !fifo_busy && !sk_busy
                  && !wh_busy;

// ---- the core -----------------------------------------------------------------------------
wire        core_we    = wr_go;
wire [7:0]  core_addr  = wr_addr;
wire [63:0] core_wdata = wr_data;
wire [63:0] core_rdata;
wire        core_idle;

pg_core #(.W(W), .D(D), .K(K), .B(B), .SQ(SQ), .CW(CW), .TW(TW), .LANES(WL), .RQ(RQ)) u_core (
    .clk(clk), .rst(rst),
    .s_tag_valid(core_valid), .s_tag_ready(core_ready), .s_tag_keep(core_keep),
    .s_tag_channel(core_channel), .s_tag_time(core_time), .s_tag_count(core_count),
    .reg_we(core_we), .reg_addr(core_addr), .reg_wdata(core_wdata),
    .reg_raddr(reg_raddr), .reg_rdata(core_rdata),
    .m_frame_valid(m_frame_valid), .m_frame_ready(m_frame_ready), .m_frame_data(m_frame_data),
    .m_frame_last(m_frame_last),
    .m_rec_valid(m_rec_valid), .m_rec_ready(m_rec_ready), .m_rec_data(m_rec_data),
    .status_idle(core_idle), .status_quiet(core_quiet), .status_frame_pending(status_frame_pending),
    .status_cmd_pending(core_cmd_pending));

wire core_cmd_pending;
assign status_idle        = core_idle && fe_rest && !cmd_hold;
assign status_quiet       = core_quiet && fe_rest && !cmd_hold;
assign status_cmd_pending = core_cmd_pending || cmd_hold;
assign status_write_held  = cmd_hold;

// STATUS IDLE / QUIET as the register reads them: the bits above at the last edge (a snapshot of
// every clock, as pg_regs takes the core's STATUS), so that the read port sees flip-flops only
// (the bits are deep: the core's trial close busy, the front end's stages)
reg         st_idle_q, st_quiet_q;
always @(posedge clk) begin
    st_idle_q  <= status_idle;
    st_quiet_q <= status_quiet;
    if (rst) begin
        st_idle_q  <= 1'b0;
        st_quiet_q <= 1'b0;
    end
end

// ---- register read (registered, 1 clock: pg_core's is too) -------------------------------------
// The LINK_* block goes through its multiplexer into rd_link_q; the core's block is the core's
// registered reg_rdata, its STATUS with IDLE / QUIET replaced by the snapshots above. So reg_rdata
// is flip-flops behind one select of registered selects (rd_link, rd_st): no logic of the core or
// of the write side reaches it.
reg  [63:0] rd_link_mux;
always @* begin
    rd_link_mux = 64'd0;
    if (rmap) rd_link_mux = {56'd0, map_rdata};
    else begin
        case (reg_raddr)
            PG_REG_LINK_ID[7:0]:            rd_link_mux = PG_LINK_ID_VALUE;
            PG_REG_LINK_WORD_WIDTH[7:0]:    rd_link_mux = {32'd0, WL_32};
            PG_REG_LINK_FIFO_DEPTH[7:0]:    rd_link_mux = {32'd0, DEPTH_32};
            PG_REG_LINK_COALESCE[7:0]:      rd_link_mux = {63'd0, coalesce_q};
            PG_REG_LINK_TAGS[7:0]:          rd_link_mux = link_tags;
            PG_REG_LINK_UNMAPPED[7:0]:      rd_link_mux = link_unmapped;
            PG_REG_LINK_DROPPED_TAGS[7:0]:  rd_link_mux = dropped_tags;
            PG_REG_LINK_DROPPED_WORDS[7:0]: rd_link_mux = dropped_words;
            PG_REG_LINK_RUNS[7:0]:          rd_link_mux = link_runs;
            PG_REG_LINK_FIFO_MAX[7:0]:      rd_link_mux = {{(64-FW){1'b0}}, fifo_max};
            PG_REG_LINK_TIME_BOUND[7:0]:    rd_link_mux = bound_q;
            PG_REG_LINK_HOLD_TICKS[7:0]:    rd_link_mux = hold_ticks_q;
            PG_REG_LINK_WRITES_REFUSED[7:0]: rd_link_mux = link_refused;
            default: ;
        endcase
    end
end

reg  [63:0] rd_link_q;   // the LINK_* register reg_raddr named at the last edge
reg         rd_link;     // reg_raddr named a LINK_* register: rd_link_q is the read
reg         rd_st;       // reg_raddr named STATUS: IDLE / QUIET from the snapshots
always @(posedge clk) begin
    rd_link_q <= rd_link_mux;
    rd_link   <= rlink;
    rd_st     <= reg_raddr == PG_REG_STATUS[7:0];
    if (rst) begin
        rd_link_q <= 64'd0;
        rd_link   <= 1'b0;
        rd_st     <= 1'b0;
    end
end

reg  [63:0] rd_core;
always @* begin
    rd_core = core_rdata;
    if (rd_st) begin
        rd_core[B_IDLE]  = st_idle_q;
        rd_core[B_QUIET] = st_quiet_q;
    end
end
assign reg_rdata = rd_link ? rd_link_q : rd_core;

/* verilator lint_off UNUSEDSIGNAL */
wire unused_fill = &{1'b0, fifo_fill, co_count};
/* verilator lint_on UNUSEDSIGNAL */

endmodule

`resetall
