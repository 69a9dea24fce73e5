/*
 * pg_sync_engine -- the sync engine of pg_core: applies the members of an effective sync word
 * (each closes the open trial and opens the next) and decides, exactly, when a frame is due.
 *
 * A sync word is taken by the owner's process stage (an in-order sync lane effective at once, or
 * a sync-delay queue pop): take, with its count, effective time and whether its members count as
 * TAGS_SYNC / SYNCS here (tk_percount). Its effective time is registered (ev_e) at every take. A
 * word of one member becomes pending (pend) and is applied in the next clock when it can be
 * (step_ok: the room registers are current and, if it closes a trial, the close engine has
 * room), while the owner's process stage goes on with the next segment: so no decision after
 * the segment select reaches the step, and an empty trial still costs one clock. While a pending
 * member cannot be applied, or is applied and closes the frame (due), the owner holds its
 * process stage (hold). Any other word is loaded (ev_*) and the owner enters its S_EFF state
 * (in_eff), where the engine applies one member per step while fewer than K + 1 were applied.
 * After K + 1 members the history and the open pattern are all zero and every dN row exists, so
 * the remaining members close empty trials that add only to PATTERNS[0], TRIALS and every DN_PAIRS
 * row: they go in bulk, r at a time, r = min(members left, room to the next frame-due point)
 * (registered: a bulk step waits until two S_EFF clocks without a step have passed, ev_eff_n = 2).
 *
 * Frame due after a close of amt trials: FRAME_TRIALS != 0 && seg_trials + amt >= FRAME_TRIALS
 * (">=" unsigned: lowering FRAME_TRIALS below the trials already counted closes the frame at the
 * next close). From registered values only: ev_room = the room to the next frame-due point (all
 * ones when FRAME_TRIALS = 0, 1 when seg_trials >= FRAME_TRIALS, else FRAME_TRIALS - seg_trials),
 * kept in step with seg_trials: a step of amt trials that is not due subtracts amt (not when
 * FRAME_TRIALS = 0), a due step leaves 1, room_reload (seg_trials restarts at 0: swap, merge,
 * sweep) loads ft_room (the room at 0). due1 = (ev_room <= 1) is registered with it (a single
 * step sets it from ev_room <= 2, the room after the step), so single steps may follow each other
 * every clock. A single member is due iff due1, a bulk step iff ev_left >= ev_room (ev_bdue).
 * After a configuration write (FRAME_TRIALS may have changed; the owner is idle), reset and the
 * sweep, ev_room is recomputed from seg_trials (ev_room_now) and due1 from it: room_age counts the
 * clocks since, and a step waits for room_age == 2; a bulk step sets room_age to 1 (due1 is
 * recomputed the next clock). (The same decision unless seg_trials + amt passes 2^64.)
 *
 * Parameters: K (largest dN; bulk after K + 1 members), CW (counter width of seg_trials), TW
 * (time width), KMB (member counter bits, set by the owner: clog2(K + 2)).
 *
 * Interface (synchronous to clk)
 *   rst, clear          reset; the owner's clear sweep (members dropped, room recomputed after)
 *   cfg_write           a configuration register is written (FRAME_TRIALS may change)
 *   frame_trials        FRAME_TRIALS
 *   seg_trials          trials closed in the active frame since its start or last merge (the
 *                       owner adds amt at every close step and restarts it with room_reload)
 *   room_reload         seg_trials restarts at 0 at this edge, or before the next step (the
 *                       owner's S_DUE clocks: no step reads the room until the swap or merge
 *                       that restarts it)
 *   take_pop, take_imm  a sync word is taken this clock: a queue pop, or an in-order sync lane
 *                       effective at once (never both)
 *   one_pop, one_imm    ... it has one member (the queue head's; the first remaining lane's):
 *                       it becomes pending (the owner stays in S_RUN), else the owner enters S_EFF
 *   tk_cnt, tk_e, tk_percount
 *                       the taken word's members (>= 1), effective time, and whether the engine
 *                       counts its members (TAGS_SYNC / SYNCS via count)
 *   in_eff              the owner is in S_EFF (the loaded word's members are applied)
 *   in_run              the owner is in S_RUN (takes come only there; ev_m restarts there)
 *   trial_open          a trial is open (a step closes it)
 *   tc_ready            the close engine takes a closing trial this clock
 *   pend                a single member taken in an earlier clock waits to be applied (register)
 *   pend_step           ... and is applied at this edge (from registers only)
 *   hold                the owner's process stage waits this clock: a pending member is not
 *                       applied, or is applied and the frame is due after it: pend && (wait_q ||
 *                       (trial_open && !tc_ready)), three registers and tc_ready (a register)
 *   step                a member (or a bulk of them) is applied at this edge (pending or S_EFF)
 *   eff_step            ... in S_EFF
 *   close               step && trial_open: the open trial closes (amt trials)
 *   due                 ... and the frame is due after it
 *   last                (S_EFF) no member is left after this step (defined at eff_step: a bulk
 *                       step's from the registered ev_bn_all)
 *   left_zero           (S_EFF) no member is left
 *   amt                 trials the step closes (1, or the bulk)
 *   bulk                ... is the bulk (amt = bulk ? ev_bn : 1): a wide counter may add 1 and
 *                       ev_bn from registers and select after the adds (no select in front)
 *   count               count amt members as TAGS_SYNC / SYNCS now (S_EFF steps of a word whose
 *                       members the engine counts)
 *   new_e               the effective time of the step's sync (the next sync_time)
 *   ev_*, due1, room_age  the registers, for the owner's formal properties
 *   wait_q              (room_age != 2) || (trial_open && due1), registered from their next values
 *                       (trial_open's: step || (trial_open && !clear), the owner's rule), so that
 *                       due1 and room_age are not in front of the owner's input-register take
 *                       (issue 13: due1 -> hold -> the process stage's ready -> the take -> 2370
 *                       load enables, 5.7 ns estimated); the owner asserts the equality
 *
 * Latency: a single member is applied the clock after its take (pend_step), while the next
 * segment is processed (an empty trial 1 clock); an S_EFF member 1 clock each, a bulk step after 2 clocks without a step. ev_room / due1
 * current 2 clocks after a configuration write, reset or the sweep's end (room_age), and at
 * every edge after that.
 */

`resetall
`timescale 1ns / 1ps
`default_nettype none

module pg_sync_engine #(
    parameter integer K   = 8,
    parameter integer CW  = 64,
    parameter integer TW  = 64,
    parameter integer KMB = 4
) (
    input  wire            clk,
    input  wire            rst,
    input  wire            clear,
    input  wire            cfg_write,
    input  wire [63:0]     frame_trials,
    input  wire [CW-1:0]   seg_trials,
    input  wire            room_reload,

    input  wire            take_pop,
    input  wire            take_imm,
    input  wire            one_pop,
    input  wire            one_imm,
    input  wire [31:0]     tk_cnt,
    input  wire [TW-1:0]   tk_e,
    input  wire            tk_percount,
    input  wire            in_eff,
    input  wire            in_run,
    input  wire            trial_open,
    input  wire            tc_ready,

    output reg             pend,
    output wire            pend_step,
    output wire            hold,
    output wire            step,
    output wire            eff_step,
    output wire            close,
    output wire            due,
    output wire            last,
    output wire            left_zero,
    output wire [31:0]     amt,
    output wire            bulk,
    output wire            count,
    output wire [TW-1:0]   new_e,

    output reg  [31:0]     ev_left,       // members still to apply (S_EFF)
    output reg  [KMB-1:0]  ev_m,          // members applied, saturating at K + 1
    output reg             ev_percount,   // the engine counts the members of the loaded word
    output reg  [63:0]     ev_room,
    output wire [63:0]     ev_room_now,
    output reg             due1,
    output reg  [1:0]      room_age,
    output reg             wait_q,
    output reg  [31:0]     ev_bn,         // min(ev_left, ev_room) of the previous clock
    output reg             ev_bn_k,       // ev_bn >= K (registered beside it: no wide compare behind)
    output reg             ev_bdue,       // ev_left >= ev_room of the previous clock
    output reg  [1:0]      ev_eff_n,      // S_EFF clocks in a row without a step (saturating at 2)
    output wire            ev_ready
`ifdef FORMAL
    ,
    output wire            f_ft_ok        // ft_* agree with frame_trials (the owner's properties)
`endif
);

localparam [31:0] KP1_32 = K + 1;

`include "pg_zx.vh"

// x >= K for a 32-bit x, as an OR of the bits above KMB (K < 2^KMB) and a KMB-bit compare: a
// compare against a constant is otherwise a full-width carry chain (iCE40: a carry per bit)
function ge_k(input [31:0] x);
    begin
        ge_k = (x[31:KMB] != {(32-KMB){1'b0}}) || ({{(32-KMB){1'b0}}, x[KMB-1:0]} >= KP1_32 - 32'd1);
    end
endfunction

reg [TW-1:0] ev_e;                // effective time of the last word taken (pending or loaded)
reg          ev_bn_all;           // ev_left <= ev_room of the previous clock (then ev_bn = ev_left)

// registered flags beside ev_m / ev_left (no compare of them in front of a step): ev_mk = (ev_m
// >= K + 1), ev_nz = (ev_left != 0)
reg         ev_mk, ev_nz;
wire        ev_bulk = in_eff && ev_mk;
// the recomputed room: its subtract and compare share one carry chain (rn_diff, rn_ge)
wire [63:0] rn_diff = frame_trials - zx(seg_trials);
wire        rn_ge   = (zx(seg_trials) >= frame_trials);
wire        ft_now_zero = (frame_trials == 64'd0);
assign      ev_room_now = ft_now_zero ? 64'hFFFF_FFFF_FFFF_FFFF : rn_ge ? 64'd1 : rn_diff;
reg  [63:0] ft_room;              // the room at seg_trials = 0 (registered from FRAME_TRIALS)
reg         ft_le1, ft_zero;      // ft_room <= 1; FRAME_TRIALS = 0
wire [63:0] ev_room_1  = ev_room - 64'd1;
// the room after a bulk step that is not due (ev_left < ev_room, so the bulk is ev_left):
// registered every clock from ev_room - ev_left, current at a bulk step (ev_ready: ev_room and
// ev_left have not moved for two clocks), so no select and no subtract are in front of ev_room
reg  [63:0] ev_room_dl;
wire        ev_zd1 = (ev_room[63:1] == 63'd0);                          // ev_room <= 1
wire        ev_zd2 = (ev_room[63:2] == 62'd0) && (ev_room[1:0] != 2'd3); // ev_room <= 2
wire        step_ok = (room_age == 2'd2) && (!trial_open || tc_ready);
assign      eff_step = in_eff && ev_nz && (!ev_bulk || ev_ready) && step_ok;

// ev_left - amt for both amounts, each one subtract from registers, selected after the carry
// chains (amt = ev_bulk ? ev_bn : 1: a select in front of a 32-bit subtract otherwise; keep:
// yosys' opt_share would merge the two back into that form). (fw21c, 2026-12-08: the make timing
// netlist still shows ev_amt -> a 32-bit subtract -> ev_left D, 5.20 ns: not shortened yet)
(* keep *) wire [31:0] ev_left_1  = ev_left - 32'd1;
(* keep *) wire [31:0] ev_left_bn = ev_left - ev_bn;

wire   take      = take_pop || take_imm;
wire   tk_one    = take_pop ? one_pop : one_imm;       // the taken word has one member
assign pend_step = pend && step_ok;
// (!step_ok || (trial_open && due1)) with the room_age and due1 terms from one register
assign hold      = pend && (wait_q || (trial_open && !tc_ready));
assign step      = eff_step || pend_step;
assign close     = step && trial_open;
assign due       = ev_bulk ? ev_bdue : due1;
assign last      = ev_bulk ? ev_bn_all : (ev_left == 32'd1);   // (bulk: ev_bn == ev_left)
assign left_zero = !ev_nz;
assign amt       = ev_bulk ? ev_bn : 32'd1;
assign bulk      = ev_bulk;
assign count     = eff_step && ev_percount;
assign new_e     = ev_e;
assign ev_ready  = (ev_eff_n == 2'd2);

always @(posedge clk) begin
    // the taken word's time; a word of several members is loaded, its members applied in S_EFF
    // (a single member is pending: applied from ev_e the next clock, or when the step is ok)
    if (take) ev_e <= tk_e;
    if (pend_step) pend <= 1'b0;
    if (take && tk_one) pend <= 1'b1;
    if (take && !tk_one) begin
        ev_left     <= tk_cnt;                 // (>= 1: a count of 0 is taken as 1)
        ev_nz       <= 1'b1;
        ev_percount <= tk_percount;
    end else if (eff_step) begin
        ev_left <= ev_bulk ? ev_left_bn : ev_left_1;   // ev_left - amt
        ev_nz   <= !last;                      // ev_left - amt != 0
    end
    // the member counter restarts in every S_RUN clock (in_run: the owner's state register), not
    // at the take: a word is taken only in S_RUN and enters S_EFF with ev_m = 0, and S_DUE keeps
    // it for the members after the due one; so the late take (the segment select's) is not in
    // front of ev_m / ev_mk, only the step (S_EFF, where no take comes)
    if (in_run) begin
        ev_m  <= {KMB{1'b0}};
        ev_mk <= 1'b0;
    end else if (eff_step && !ev_bulk) begin
        ev_m  <= ev_m + 1'b1;
        ev_mk <= ({{(32-KMB){1'b0}}, ev_m} == KP1_32 - 32'd1);
    end
    if (clear) begin
        ev_left <= 32'd0;
        ev_nz   <= 1'b0;
        pend    <= 1'b0;
    end
    if (rst) begin
        ev_left <= 32'd0;
        ev_nz   <= 1'b0;
        ev_m    <= {KMB{1'b0}};
        ev_mk   <= 1'b0;
        pend    <= 1'b0;
    end
end

// ev_room's next value (rst: the recomputed room; a close: 1 when due, else, unless FRAME_TRIALS =
// 0, the bulk step's registered difference or ev_room - 1 for a single step; a reload: ft_room;
// room_age != 2: the recomputed room; else held), written so that the carry chains (ev_room - 1;
// frame_trials - seg_trials with its compare) reach the register through ONE LUT: rn_sel / n_sub
// / n_dec select and n_oth is every other source, each (* keep *) so that synthesis cannot fold
// the selects in behind the chains (ABC sees a chain's output as early as a register's and mapped
// this logic differently run to run: 5.7-6.7 ns estimated in issue 13 before this cut)
wire rn_sel = rst || (!close && !room_reload && room_age != 2'd2);  // load the recomputed room
(* keep *) wire        n_sub = rn_sel && !ft_now_zero;              // ... from the subtract
(* keep *) wire        n_dec = !rn_sel && close && !due && !ft_zero && !ev_bulk;  // ev_room - 1
(* keep *) wire [63:0] n_oth = rn_sel ? 64'hFFFF_FFFF_FFFF_FFFF     // (FRAME_TRIALS = 0)
                             : close ? (due ? 64'd1 : (ev_bulk && !ft_zero) ? ev_room_dl : ev_room)
                             : room_reload ? ft_room : ev_room;
wire [63:0] ev_room_nx = n_sub ? (rn_ge ? 64'd1 : rn_diff) : n_dec ? ev_room_1 : n_oth;

// room_age's and due1's next values (wait_q is registered from them)
reg  [1:0] room_age_nx;
reg        due1_nx;
always @* begin
    room_age_nx = (room_age != 2'd2) ? room_age + 1'b1 : room_age;
    due1_nx     = due1;
    // (close is tested first; it never comes with room_reload or room_age != 2)
    if (!rst) begin                                          // (reset: room_age recomputes due1)
        if (close) begin
            if (due) begin
                due1_nx = 1'b1;
            end else begin
                due1_nx = ev_zd2;                            // single step: the room after it <= 1
                if (ev_bulk) room_age_nx = 2'd1;             // bulk step: recompute due1
            end
        end else if (room_reload) begin
            due1_nx = ft_le1;
        end else begin
            due1_nx = ev_zd1;
        end
    end
    // (FRAME_TRIALS is written while the owner is idle; the sweep changes seg_trials outside a step)
    if (cfg_write || rst || clear) room_age_nx = 2'd0;
end
// trial_open's next value: the owner opens a trial at every step and closes none but in its clear
// sweep (clear: the owner's S_CLEAR, pg_sequencer)
wire open_nx = step || (trial_open && !clear);

// ev_left <= ev_room, one node (* keep *): the select of ev_bn (and ev_bn_all) behind its carry chain
// and their operands beside it (fw21h, issue 13: with due1's next value also read by wait_q, ABC
// mapped ev_bn_k's select with the compare's operands, 3 LUTs behind the chain, 6.29 ns estimated;
// ev_bn_k since takes no compare at all: fw21c's min(a, b) >= K iff both are)
(* keep *) wire bn_le = ({32'd0, ev_left} <= ev_room);
always @(posedge clk) begin
    ft_room  <= (frame_trials == 64'd0) ? 64'hFFFF_FFFF_FFFF_FFFF : frame_trials;
    ft_le1   <= (frame_trials == 64'd1);
    ft_zero  <= (frame_trials == 64'd0);
    ev_bn    <= bn_le ? ev_left : ev_room[31:0];
    // min(ev_left, ev_room) >= K, i.e. both are: two ORs of bits, no compare of the two in front
    ev_bn_k  <= ge_k(ev_left) && (ev_room[63:32] != 32'd0 || ge_k(ev_room[31:0]));
    ev_bdue  <= {32'd0, ev_left} >= ev_room;
    // (a bulk step's "no member left after it", ev_bn == ev_left, without a 32-bit compare behind
    // the register: ev_bn is ev_left exactly when ev_left <= ev_room, else ev_room < ev_left)
    ev_bn_all <= bn_le;
    ev_room_dl <= ev_room - {32'd0, ev_left};
    if (!in_eff || step) ev_eff_n <= 2'd0;
    else if (ev_eff_n != 2'd2) ev_eff_n <= ev_eff_n + 1'b1;
    ev_room  <= ev_room_nx;                                  // (above: the same priorities)
    room_age <= room_age_nx;
    due1     <= due1_nx;
    wait_q   <= (room_age_nx != 2'd2) || (open_nx && due1_nx);
end

`ifdef FORMAL
// Invariants of the registered FRAME_TRIALS decode (with the owner's properties on ev_room / due1,
// pg_core.v; the induction needs them: a state with ft_le1 and ft_zero both set reloads a wrong
// due1). ft_* are registered from frame_trials every clock, so they agree with each other one
// clock after anything; and with the current frame_trials once room_age != 0: FRAME_TRIALS only
// changes at a configuration write or reset, which set room_age to 0, and room_age leaves 0 one
// clock later, when ft_* have sampled the new value.
// (The owner asserts f_ft_ok where room_age may be 0 and the room is reloaded: a host swap.)
// The registered flags ev_mk / ev_nz are the compares they stand for.
reg f_rst_seen = 1'b0;
always @(posedge clk) if (rst) f_rst_seen <= 1'b1;
assign f_ft_ok = (ft_zero == (frame_trials == 64'd0))
              && (ft_room == ((frame_trials == 64'd0) ? 64'hFFFF_FFFF_FFFF_FFFF : frame_trials));
always @* begin
    if (f_rst_seen && !rst) begin
        assert(ft_room != 64'd0);                    // (FRAME_TRIALS = 0 reads as all ones)
        assert(ft_le1 == (ft_room == 64'd1));
        if (ft_zero) assert(ft_room == 64'hFFFF_FFFF_FFFF_FFFF);
        if (room_age != 2'd0) assert(f_ft_ok);
        assert(ev_mk == ({{(32-KMB){1'b0}}, ev_m} >= KP1_32));
        assert(ev_nz == (ev_left != 32'd0));
        assert(ev_bn_k == (ev_bn >= KP1_32 - 32'd1));
        // (ev_room and ev_left did not move at the last edge: no step, and the owner's property
        // ev_room == ev_room_now in S_EFF after a clock without a step)
        if (in_eff && ev_eff_n == 2'd2) assert(ev_room_dl == ev_room - {32'd0, ev_left});
        if (in_eff && ev_eff_n == 2'd2) assert(ev_bn_all == ({32'd0, ev_left} <= ev_room));
        // ... so a bulk step's last is the compare it stands for (with the owner's ev_bn property)
        if (in_eff && ev_eff_n == 2'd2) assert(ev_bn_all == (ev_bn == ev_left));
    end
end
`endif

endmodule

`resetall
