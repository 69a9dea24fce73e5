/* GENERATED from fpga/pairgate.map by MapGenerator: do not edit; run `make -C fpga gen`. */
#ifndef PAIRGATE_MAP_H
#define PAIRGATE_MAP_H

#include <stdint.h>

#define PG_ID_VALUE UINT64_C(0x5047415400000003)  /* register ID reads this: "PGAT", map version 3 */
#define PG_FRAME_MAGIC UINT64_C(0x5047465200000002)  /* frame word MAGIC: "PGFR", frame format version 2 */
#define PG_TRAILER_BASE UINT64_C(0x5047454E44000000)  /* frame word TRAILER = TRAILER_BASE | (SEQ & 0xFFFFFF) */
#define PG_MAX_DETECTORS 8  /* register slots for detectors (D <= MAX_DETECTORS) */
#define PG_MAX_WINDOWS 16  /* register slots for windows (W <= MAX_WINDOWS) */
#define PG_SYNC_QUEUE_DEPTH 16  /* entries of the sync-delay queue (pending sync words) */
#define PG_CTRL_CLOSE_FRAME 1  /* CTRL bit: close the current frame after every tag already pushed */
#define PG_CTRL_RESET 2  /* CTRL bit: clear counters, trial state, history, SEQ and TRIALS; keep configuration */
#define PG_STATUS_IDLE 1  /* STATUS bit: no tag and no frame word in flight inside the core */
#define PG_STATUS_FRAME_PENDING 2  /* STATUS bit: the frozen bank holds a closed frame (streaming, or waiting for the host) */
#define PG_STATUS_QUIET 4  /* STATUS bit: no tag, division, command or trial close in flight (the frozen bank may be held) */
#define PG_FLAG_HOST_CLOSE 1  /* frame FLAGS bit: closed by CTRL_CLOSE_FRAME */
#define PG_FLAG_TRIAL_CLOSE 2  /* frame FLAGS bit: closed because TRIALS reached FRAME_TRIALS */
#define PG_RECORD_FIFO_DEPTH 16  /* records the core's record FIFO holds (core parameter RQ; the library and the Java model use this) */
#define PG_LINK_ID_VALUE UINT64_C(0x50474C4B00000003)  /* register LINK_ID reads this: "PGLK", link front end version 3 (fpga/rtl/pg_link_top.v; 3: reg_wready, LINK_WRITES_REFUSED) */
#define PG_LINK_MAP_SLOTS 64  /* LINK_MAP entries: one per 6-bit signed link channel (index = channel mod 64) */
#define PG_LINK_UNMAPPED_CHANNEL 255  /* LINK_MAP value of a link channel that is not mapped: its tags are counted in LINK_UNMAPPED, never reach the core */
#define PG_LINK_COALESCE_ON 1  /* LINK_COALESCE bit: the front end merges sync runs (only while SYNC_DELAY <= 0) */

#define PG_REG_ID 0x00u  /* ro: ID_VALUE */
#define PG_REG_SHAPE 0x01u  /* ro: compile-time shape: W | D<<8 | K<<16 | B<<32 */
#define PG_REG_FRAME_WORDS 0x02u  /* ro: words in one frame of this shape */
#define PG_REG_CTRL 0x03u  /* wo: CTRL_CLOSE_FRAME, CTRL_RESET (self-clearing commands) */
#define PG_REG_STATUS 0x04u  /* ro: STATUS_IDLE, STATUS_FRAME_PENDING, STATUS_QUIET: the state of the clock in which the read's address named STATUS (a snapshot at every edge, read 1 clock later; after the core goes quiet, a read whose address is on the port from the next clock on shows QUIET) */
#define PG_REG_FRAMES 0x05u  /* ro: frames emitted since reset */
#define PG_REG_TRIALS 0x06u  /* ro: trials closed since reset */
#define PG_REG_MERGES 0x07u  /* ro: frame closes absorbed since reset (frozen bank still held by the host) */
#define PG_REG_SYNC_CHANNEL 0x08u  /* rw: input channel number of the sync (trigger); default 0 */
#define PG_REG_FRAME_TRIALS 0x09u  /* rw: close a frame every M closed trials; 0 = only on CTRL_CLOSE_FRAME */
#define PG_REG_BIN_TICKS 0x0Au  /* rw: arrival-histogram bin width in ticks (0 acts as 1) */
#define PG_REG_SYNC_DELAY 0x0Bu  /* rw: signed ticks added to every sync timestamp; > 0 queues syncs (SYNC_QUEUE_DEPTH) */
#define PG_REG_SYNC_PENDING 0x0Cu  /* ro: sync words waiting in the sync-delay queue */
#define PG_REG_RECORDS_ENABLE 0x0Du  /* rw: bit 0: 1 = a trial record for every closed trial with a non-zero pattern; default 0 (other bits kept, ignored) */
#define PG_REG_RECORDS_MADE 0x0Eu  /* ro: trial records created since reset (stored or dropped) */
#define PG_REG_RECORDS_DROPPED 0x0Fu  /* ro: trial records dropped since reset because the record FIFO was full */
#define PG_REG_DET_CHANNEL 0x10u  /* rw x8: input channel number of detector d (d < D); default 0xFF (none) */
#define PG_REG_DET_DELAY 0x18u  /* rw x8: signed ticks added to every timestamp of detector d */
#define PG_REG_WIN_START 0x20u  /* rw x16: signed start of window w relative to the delayed sync, ticks */
#define PG_REG_WIN_LENGTH 0x30u  /* rw x16: length of window w in ticks (low 32 bits used); 0 disables it */
#define PG_REG_LANES 0x40u  /* ro: tag lanes per input word of this build (1, 2 or 4): the device packs up to LANES time-ordered tags per clock */
#define PG_REG_LINK_ID 0x80u  /* ro: LINK_ID_VALUE */
#define PG_REG_LINK_WORD_WIDTH 0x81u  /* ro: tags per link word (WORD_WIDTH: 1 on the 10G link, 4 on the 40G link) */
#define PG_REG_LINK_FIFO_DEPTH 0x82u  /* ro: words the input FIFO holds */
#define PG_REG_LINK_COALESCE 0x83u  /* rw: LINK_COALESCE_ON (default 1): merge sync runs in the front end (inactive while SYNC_DELAY > 0) */
#define PG_REG_LINK_TAGS 0x84u  /* ro: tags received on the link since reset (kept lanes of valid words) */
#define PG_REG_LINK_UNMAPPED 0x85u  /* ro: tags received on link channels mapped to LINK_UNMAPPED_CHANNEL, since reset (never reach the core) */
#define PG_REG_LINK_DROPPED_TAGS 0x86u  /* ro: tags dropped at the input since reset: whole words that found the FIFO full (accounting dropped_at_input) */
#define PG_REG_LINK_DROPPED_WORDS 0x87u  /* ro: words dropped at the input since reset */
#define PG_REG_LINK_RUNS 0x88u  /* ro: sync-run words (count >= 2) the front end made since reset */
#define PG_REG_LINK_FIFO_MAX 0x89u  /* ro: highest FIFO fill (words) since reset */
#define PG_REG_LINK_TIME_BOUND 0x8Au  /* ro: the link's latest lowest_time_bound */
#define PG_REG_LINK_FLUSH 0x8Bu  /* wo: any write: a sync held for the next tag leaves now, as a run of what it has (exact: a run may be split anywhere) */
#define PG_REG_LINK_HOLD_TICKS 0x8Cu  /* rw: 0 (default): a sync held for the next tag waits for it; n > 0: it leaves once lowest_time_bound > its time + n (the next tag is more than n ticks away) */
#define PG_REG_LINK_WRITES_REFUSED 0x8Du  /* ro: core register writes the bus master withdrew while the front end stalled them (reg_wready low: another write held), never applied; since rst (CTRL_RESET keeps it) */
#define PG_REG_LINK_MAP 0xC0u  /* rw x64: core channel of link channel c (signed, slot c mod 64: +3 at 3, -3 at 61); default LINK_UNMAPPED_CHANNEL */

/** Word offsets (off_*) and lengths (len_*) of every frame field for one core shape. */
typedef struct pg_layout {
    uint32_t off_magic, len_magic;  /* FRAME_MAGIC */
    uint32_t off_seq, len_seq;  /* frame sequence number since reset, from 0 */
    uint32_t off_first_trial, len_first_trial;  /* index (since reset) of the first trial counted in this frame */
    uint32_t off_trials, len_trials;  /* trials closed in this frame (N of the frame) */
    uint32_t off_flags, len_flags;  /* FLAG_HOST_CLOSE, FLAG_TRIAL_CLOSE */
    uint32_t off_shape, len_shape;  /* as register SHAPE */
    uint32_t off_words, len_words;  /* as register FRAME_WORDS */
    uint32_t off_merges, len_merges;  /* frame closes absorbed into this frame because the host held the other bank */
    uint32_t off_tags_sync, len_tags_sync;  /* tags received on the sync channel (any category) */
    uint32_t off_tags_det, len_tags_det;  /* tags received on detector d (any category) */
    uint32_t off_tags_other, len_tags_other;  /* tags received on any other channel */
    uint32_t off_syncs, len_syncs;  /* sync tags accepted in order and not dropped (each opens a trial when it becomes effective) */
    uint32_t off_in_window, len_in_window;  /* detector tags inside at least one window */
    uint32_t off_outside, len_outside;  /* detector tags after the first sync inside no window */
    uint32_t off_before_first_sync, len_before_first_sync;  /* detector tags before the first sync since reset */
    uint32_t off_out_of_order, len_out_of_order;  /* tags dropped: timestamp earlier than the previous accepted tag */
    uint32_t off_other_channel, len_other_channel;  /* in-order tags on channels that are neither sync nor detector */
    uint32_t off_sync_dropped, len_sync_dropped;  /* in-order sync tags dropped: the sync-delay queue was full */
    uint32_t off_patterns, len_patterns;  /* trials per click pattern p (bit w*D+d = detector d clicked in window w) */
    uint32_t off_dn_pairs, len_dn_pairs;  /* [dn-1]: closed trials n with trial n-dn present (since reset) */
    uint32_t off_dn_early, len_dn_early;  /* [(dn-1)*W*D + a]: sum over those pairs of bit a of trial n-dn */
    uint32_t off_dn_late, len_dn_late;  /* [(dn-1)*W*D + b]: sum over those pairs of bit b of trial n */
    uint32_t off_dn_coinc, len_dn_coinc;  /* [((dn-1)*W*D + a)*W*D + b]: sum of bit a of trial n-dn AND bit b of trial n */
    uint32_t off_first_arrival, len_first_arrival;  /* [(w*D + d)*B + bin]: trials whose first tag of d in w fell in bin */
    uint32_t off_both_arrival, len_both_arrival;  /* [w*B + bin]: trials with detectors 0 and 1 both in w, by the later first arrival */
    uint32_t off_trailer, len_trailer;  /* TRAILER_BASE | (SEQ & 0xFFFFFF) */
    uint32_t frame_words;
} pg_layout;

static inline void pg_layout_init(pg_layout *l, uint32_t W, uint32_t D, uint32_t K, uint32_t B)
{
    (void)W; (void)D; (void)K; (void)B;
    l->len_magic = 1;
    l->off_magic = 0;
    l->len_seq = 1;
    l->off_seq = l->off_magic + l->len_magic;
    l->len_first_trial = 1;
    l->off_first_trial = l->off_seq + l->len_seq;
    l->len_trials = 1;
    l->off_trials = l->off_first_trial + l->len_first_trial;
    l->len_flags = 1;
    l->off_flags = l->off_trials + l->len_trials;
    l->len_shape = 1;
    l->off_shape = l->off_flags + l->len_flags;
    l->len_words = 1;
    l->off_words = l->off_shape + l->len_shape;
    l->len_merges = 1;
    l->off_merges = l->off_words + l->len_words;
    l->len_tags_sync = 1;
    l->off_tags_sync = l->off_merges + l->len_merges;
    l->len_tags_det = D;
    l->off_tags_det = l->off_tags_sync + l->len_tags_sync;
    l->len_tags_other = 1;
    l->off_tags_other = l->off_tags_det + l->len_tags_det;
    l->len_syncs = 1;
    l->off_syncs = l->off_tags_other + l->len_tags_other;
    l->len_in_window = 1;
    l->off_in_window = l->off_syncs + l->len_syncs;
    l->len_outside = 1;
    l->off_outside = l->off_in_window + l->len_in_window;
    l->len_before_first_sync = 1;
    l->off_before_first_sync = l->off_outside + l->len_outside;
    l->len_out_of_order = 1;
    l->off_out_of_order = l->off_before_first_sync + l->len_before_first_sync;
    l->len_other_channel = 1;
    l->off_other_channel = l->off_out_of_order + l->len_out_of_order;
    l->len_sync_dropped = 1;
    l->off_sync_dropped = l->off_other_channel + l->len_other_channel;
    l->len_patterns = (1 << (W*D));
    l->off_patterns = l->off_sync_dropped + l->len_sync_dropped;
    l->len_dn_pairs = K;
    l->off_dn_pairs = l->off_patterns + l->len_patterns;
    l->len_dn_early = K*W*D;
    l->off_dn_early = l->off_dn_pairs + l->len_dn_pairs;
    l->len_dn_late = K*W*D;
    l->off_dn_late = l->off_dn_early + l->len_dn_early;
    l->len_dn_coinc = K*W*D*W*D;
    l->off_dn_coinc = l->off_dn_late + l->len_dn_late;
    l->len_first_arrival = W*D*B;
    l->off_first_arrival = l->off_dn_coinc + l->len_dn_coinc;
    l->len_both_arrival = W*B;
    l->off_both_arrival = l->off_first_arrival + l->len_first_arrival;
    l->len_trailer = 1;
    l->off_trailer = l->off_both_arrival + l->len_both_arrival;
    l->frame_words = l->off_trailer + l->len_trailer;
}

/** Word offsets (off_*) and lengths (len_*) of every trial-record field for one core shape. */
typedef struct pg_record_layout {
    uint32_t off_trial, len_trial;  /* index of the trial since reset (0 = first trial closed) */
    uint32_t off_sync_time, len_sync_time;  /* effective (delayed) sync time of the trial, ticks: the windows' reference */
    uint32_t off_pattern, len_pattern;  /* the trial's pattern (bit w*D+d = detector d clicked in window w) */
    uint32_t off_first_bin, len_first_bin;  /* [w*D + d]: first-arrival bin of pattern bit w*D+d; 0 when the bit is clear */
    uint32_t record_words;
} pg_record_layout;

static inline void pg_record_layout_init(pg_record_layout *l, uint32_t W, uint32_t D, uint32_t K, uint32_t B)
{
    (void)W; (void)D; (void)K; (void)B;
    l->len_trial = 1;
    l->off_trial = 0;
    l->len_sync_time = 1;
    l->off_sync_time = l->off_trial + l->len_trial;
    l->len_pattern = 1;
    l->off_pattern = l->off_sync_time + l->len_sync_time;
    l->len_first_bin = W*D;
    l->off_first_bin = l->off_pattern + l->len_pattern;
    l->record_words = l->off_first_bin + l->len_first_bin;
}

#endif /* PAIRGATE_MAP_H */
