// GENERATED from fpga/pairgate.map by MapGenerator: do not edit; run `make -C fpga gen`.
package org.pairgate.device;

/** Register map, constants and frame layout of the pairgate core (see docs/frame-format.md). */
public final class PgMap {
    private PgMap() { }

    /** register ID reads this: "PGAT", map version 3 */
    public static final long ID_VALUE = 0x5047415400000003L;
    /** frame word MAGIC: "PGFR", frame format version 2 */
    public static final long FRAME_MAGIC = 0x5047465200000002L;
    /** frame word TRAILER = TRAILER_BASE | (SEQ & 0xFFFFFF) */
    public static final long TRAILER_BASE = 0x5047454E44000000L;
    /** register slots for detectors (D <= MAX_DETECTORS) */
    public static final int MAX_DETECTORS = 8;
    /** register slots for windows (W <= MAX_WINDOWS) */
    public static final int MAX_WINDOWS = 16;
    /** entries of the sync-delay queue (pending sync words) */
    public static final int SYNC_QUEUE_DEPTH = 16;
    /** CTRL bit: close the current frame after every tag already pushed */
    public static final int CTRL_CLOSE_FRAME = 1;
    /** CTRL bit: clear counters, trial state, history, SEQ and TRIALS; keep configuration */
    public static final int CTRL_RESET = 2;
    /** STATUS bit: no tag and no frame word in flight inside the core */
    public static final int STATUS_IDLE = 1;
    /** STATUS bit: the frozen bank holds a closed frame (streaming, or waiting for the host) */
    public static final int STATUS_FRAME_PENDING = 2;
    /** STATUS bit: no tag, division, command or trial close in flight (the frozen bank may be held) */
    public static final int STATUS_QUIET = 4;
    /** frame FLAGS bit: closed by CTRL_CLOSE_FRAME */
    public static final int FLAG_HOST_CLOSE = 1;
    /** frame FLAGS bit: closed because TRIALS reached FRAME_TRIALS */
    public static final int FLAG_TRIAL_CLOSE = 2;
    /** records the core's record FIFO holds (core parameter RQ; the library and the Java model use this) */
    public static final int RECORD_FIFO_DEPTH = 16;
    /** register LINK_ID reads this: "PGLK", link front end version 3 (fpga/rtl/pg_link_top.v; 3: reg_wready, LINK_WRITES_REFUSED) */
    public static final long LINK_ID_VALUE = 0x50474C4B00000003L;
    /** LINK_MAP entries: one per 6-bit signed link channel (index = channel mod 64) */
    public static final int LINK_MAP_SLOTS = 64;
    /** LINK_MAP value of a link channel that is not mapped: its tags are counted in LINK_UNMAPPED, never reach the core */
    public static final int LINK_UNMAPPED_CHANNEL = 255;
    /** LINK_COALESCE bit: the front end merges sync runs (only while SYNC_DELAY <= 0) */
    public static final int LINK_COALESCE_ON = 1;

    /** ro: ID_VALUE */
    public static final int REG_ID = 0x00;
    /** ro: compile-time shape: W | D<<8 | K<<16 | B<<32 */
    public static final int REG_SHAPE = 0x01;
    /** ro: words in one frame of this shape */
    public static final int REG_FRAME_WORDS = 0x02;
    /** wo: CTRL_CLOSE_FRAME, CTRL_RESET (self-clearing commands) */
    public static final int REG_CTRL = 0x03;
    /** ro: STATUS_IDLE, STATUS_FRAME_PENDING, STATUS_QUIET: the state of the clock in which the read's address named STATUS (a snapshot at every edge, read 1 clock later; after the core goes quiet, a read whose address is on the port from the next clock on shows QUIET) */
    public static final int REG_STATUS = 0x04;
    /** ro: frames emitted since reset */
    public static final int REG_FRAMES = 0x05;
    /** ro: trials closed since reset */
    public static final int REG_TRIALS = 0x06;
    /** ro: frame closes absorbed since reset (frozen bank still held by the host) */
    public static final int REG_MERGES = 0x07;
    /** rw: input channel number of the sync (trigger); default 0 */
    public static final int REG_SYNC_CHANNEL = 0x08;
    /** rw: close a frame every M closed trials; 0 = only on CTRL_CLOSE_FRAME */
    public static final int REG_FRAME_TRIALS = 0x09;
    /** rw: arrival-histogram bin width in ticks (0 acts as 1) */
    public static final int REG_BIN_TICKS = 0x0A;
    /** rw: signed ticks added to every sync timestamp; > 0 queues syncs (SYNC_QUEUE_DEPTH) */
    public static final int REG_SYNC_DELAY = 0x0B;
    /** ro: sync words waiting in the sync-delay queue */
    public static final int REG_SYNC_PENDING = 0x0C;
    /** rw: bit 0: 1 = a trial record for every closed trial with a non-zero pattern; default 0 (other bits kept, ignored) */
    public static final int REG_RECORDS_ENABLE = 0x0D;
    /** ro: trial records created since reset (stored or dropped) */
    public static final int REG_RECORDS_MADE = 0x0E;
    /** ro: trial records dropped since reset because the record FIFO was full */
    public static final int REG_RECORDS_DROPPED = 0x0F;
    /** rw x8: input channel number of detector d (d < D); default 0xFF (none) */
    public static final int REG_DET_CHANNEL = 0x10;
    /** rw x8: signed ticks added to every timestamp of detector d */
    public static final int REG_DET_DELAY = 0x18;
    /** rw x16: signed start of window w relative to the delayed sync, ticks */
    public static final int REG_WIN_START = 0x20;
    /** rw x16: length of window w in ticks (low 32 bits used); 0 disables it */
    public static final int REG_WIN_LENGTH = 0x30;
    /** ro: tag lanes per input word of this build (1, 2 or 4): the device packs up to LANES time-ordered tags per clock */
    public static final int REG_LANES = 0x40;
    /** ro: LINK_ID_VALUE */
    public static final int REG_LINK_ID = 0x80;
    /** ro: tags per link word (WORD_WIDTH: 1 on the 10G link, 4 on the 40G link) */
    public static final int REG_LINK_WORD_WIDTH = 0x81;
    /** ro: words the input FIFO holds */
    public static final int REG_LINK_FIFO_DEPTH = 0x82;
    /** rw: LINK_COALESCE_ON (default 1): merge sync runs in the front end (inactive while SYNC_DELAY > 0) */
    public static final int REG_LINK_COALESCE = 0x83;
    /** ro: tags received on the link since reset (kept lanes of valid words) */
    public static final int REG_LINK_TAGS = 0x84;
    /** ro: tags received on link channels mapped to LINK_UNMAPPED_CHANNEL, since reset (never reach the core) */
    public static final int REG_LINK_UNMAPPED = 0x85;
    /** ro: tags dropped at the input since reset: whole words that found the FIFO full (accounting dropped_at_input) */
    public static final int REG_LINK_DROPPED_TAGS = 0x86;
    /** ro: words dropped at the input since reset */
    public static final int REG_LINK_DROPPED_WORDS = 0x87;
    /** ro: sync-run words (count >= 2) the front end made since reset */
    public static final int REG_LINK_RUNS = 0x88;
    /** ro: highest FIFO fill (words) since reset */
    public static final int REG_LINK_FIFO_MAX = 0x89;
    /** ro: the link's latest lowest_time_bound */
    public static final int REG_LINK_TIME_BOUND = 0x8A;
    /** wo: any write: a sync held for the next tag leaves now, as a run of what it has (exact: a run may be split anywhere) */
    public static final int REG_LINK_FLUSH = 0x8B;
    /** rw: 0 (default): a sync held for the next tag waits for it; n > 0: it leaves once lowest_time_bound > its time + n (the next tag is more than n ticks away) */
    public static final int REG_LINK_HOLD_TICKS = 0x8C;
    /** ro: core register writes the bus master withdrew while the front end stalled them (reg_wready low: another write held), never applied; since rst (CTRL_RESET keeps it) */
    public static final int REG_LINK_WRITES_REFUSED = 0x8D;
    /** rw x64: core channel of link channel c (signed, slot c mod 64: +3 at 3, -3 at 61); default LINK_UNMAPPED_CHANNEL */
    public static final int REG_LINK_MAP = 0xC0;

    /** Word offsets and lengths of every frame field for one core shape (W, D, K, B). */
    public static final class FrameLayout {
        public final int windows, detectors, maxDn, bins;
        /** FRAME_MAGIC */
        public final int offMagic, lenMagic;
        /** frame sequence number since reset, from 0 */
        public final int offSeq, lenSeq;
        /** index (since reset) of the first trial counted in this frame */
        public final int offFirstTrial, lenFirstTrial;
        /** trials closed in this frame (N of the frame) */
        public final int offTrials, lenTrials;
        /** FLAG_HOST_CLOSE, FLAG_TRIAL_CLOSE */
        public final int offFlags, lenFlags;
        /** as register SHAPE */
        public final int offShape, lenShape;
        /** as register FRAME_WORDS */
        public final int offWords, lenWords;
        /** frame closes absorbed into this frame because the host held the other bank */
        public final int offMerges, lenMerges;
        /** tags received on the sync channel (any category) */
        public final int offTagsSync, lenTagsSync;
        /** tags received on detector d (any category) */
        public final int offTagsDet, lenTagsDet;
        /** tags received on any other channel */
        public final int offTagsOther, lenTagsOther;
        /** sync tags accepted in order and not dropped (each opens a trial when it becomes effective) */
        public final int offSyncs, lenSyncs;
        /** detector tags inside at least one window */
        public final int offInWindow, lenInWindow;
        /** detector tags after the first sync inside no window */
        public final int offOutside, lenOutside;
        /** detector tags before the first sync since reset */
        public final int offBeforeFirstSync, lenBeforeFirstSync;
        /** tags dropped: timestamp earlier than the previous accepted tag */
        public final int offOutOfOrder, lenOutOfOrder;
        /** in-order tags on channels that are neither sync nor detector */
        public final int offOtherChannel, lenOtherChannel;
        /** in-order sync tags dropped: the sync-delay queue was full */
        public final int offSyncDropped, lenSyncDropped;
        /** trials per click pattern p (bit w*D+d = detector d clicked in window w) */
        public final int offPatterns, lenPatterns;
        /** [dn-1]: closed trials n with trial n-dn present (since reset) */
        public final int offDnPairs, lenDnPairs;
        /** [(dn-1)*W*D + a]: sum over those pairs of bit a of trial n-dn */
        public final int offDnEarly, lenDnEarly;
        /** [(dn-1)*W*D + b]: sum over those pairs of bit b of trial n */
        public final int offDnLate, lenDnLate;
        /** [((dn-1)*W*D + a)*W*D + b]: sum of bit a of trial n-dn AND bit b of trial n */
        public final int offDnCoinc, lenDnCoinc;
        /** [(w*D + d)*B + bin]: trials whose first tag of d in w fell in bin */
        public final int offFirstArrival, lenFirstArrival;
        /** [w*B + bin]: trials with detectors 0 and 1 both in w, by the later first arrival */
        public final int offBothArrival, lenBothArrival;
        /** TRAILER_BASE | (SEQ & 0xFFFFFF) */
        public final int offTrailer, lenTrailer;
        /** Words in one frame. */
        public final int frameWords;

        @SuppressWarnings("checkstyle:ParameterName")
        public FrameLayout(final int W, final int D, final int K, final int B) {
            this.windows = W;
            this.detectors = D;
            this.maxDn = K;
            this.bins = B;
            lenMagic = 1;
            offMagic = 0;
            lenSeq = 1;
            offSeq = offMagic + lenMagic;
            lenFirstTrial = 1;
            offFirstTrial = offSeq + lenSeq;
            lenTrials = 1;
            offTrials = offFirstTrial + lenFirstTrial;
            lenFlags = 1;
            offFlags = offTrials + lenTrials;
            lenShape = 1;
            offShape = offFlags + lenFlags;
            lenWords = 1;
            offWords = offShape + lenShape;
            lenMerges = 1;
            offMerges = offWords + lenWords;
            lenTagsSync = 1;
            offTagsSync = offMerges + lenMerges;
            lenTagsDet = D;
            offTagsDet = offTagsSync + lenTagsSync;
            lenTagsOther = 1;
            offTagsOther = offTagsDet + lenTagsDet;
            lenSyncs = 1;
            offSyncs = offTagsOther + lenTagsOther;
            lenInWindow = 1;
            offInWindow = offSyncs + lenSyncs;
            lenOutside = 1;
            offOutside = offInWindow + lenInWindow;
            lenBeforeFirstSync = 1;
            offBeforeFirstSync = offOutside + lenOutside;
            lenOutOfOrder = 1;
            offOutOfOrder = offBeforeFirstSync + lenBeforeFirstSync;
            lenOtherChannel = 1;
            offOtherChannel = offOutOfOrder + lenOutOfOrder;
            lenSyncDropped = 1;
            offSyncDropped = offOtherChannel + lenOtherChannel;
            lenPatterns = (1 << (W*D));
            offPatterns = offSyncDropped + lenSyncDropped;
            lenDnPairs = K;
            offDnPairs = offPatterns + lenPatterns;
            lenDnEarly = K*W*D;
            offDnEarly = offDnPairs + lenDnPairs;
            lenDnLate = K*W*D;
            offDnLate = offDnEarly + lenDnEarly;
            lenDnCoinc = K*W*D*W*D;
            offDnCoinc = offDnLate + lenDnLate;
            lenFirstArrival = W*D*B;
            offFirstArrival = offDnCoinc + lenDnCoinc;
            lenBothArrival = W*B;
            offBothArrival = offFirstArrival + lenFirstArrival;
            lenTrailer = 1;
            offTrailer = offBothArrival + lenBothArrival;
            frameWords = offTrailer + lenTrailer;
        }

        /** The SHAPE word of this layout: W | D<<8 | K<<16 | B<<32. */
        public long shapeWord() {
            return windows | (long) detectors << 8 | (long) maxDn << 16 | (long) bins << 32;
        }

        /** The layout described by a SHAPE word. */
        public static FrameLayout ofShape(final long shape) {
            return new FrameLayout((int) (shape & 0xFF), (int) (shape >>> 8 & 0xFF), (int) (shape >>> 16 & 0xFFFF), (int) (shape >>> 32));
        }
    }

    /** Word offsets and lengths of every trial-record field for one core shape (W, D, K, B). */
    public static final class RecordLayout {
        /** index of the trial since reset (0 = first trial closed) */
        public final int offTrial, lenTrial;
        /** effective (delayed) sync time of the trial, ticks: the windows' reference */
        public final int offSyncTime, lenSyncTime;
        /** the trial's pattern (bit w*D+d = detector d clicked in window w) */
        public final int offPattern, lenPattern;
        /** [w*D + d]: first-arrival bin of pattern bit w*D+d; 0 when the bit is clear */
        public final int offFirstBin, lenFirstBin;
        /** Words in one record. */
        public final int recordWords;

        @SuppressWarnings({"checkstyle:ParameterName", "unused"})
        public RecordLayout(final int W, final int D, final int K, final int B) {
            lenTrial = 1;
            offTrial = 0;
            lenSyncTime = 1;
            offSyncTime = offTrial + lenTrial;
            lenPattern = 1;
            offPattern = offSyncTime + lenSyncTime;
            lenFirstBin = W*D;
            offFirstBin = offPattern + lenPattern;
            recordWords = offFirstBin + lenFirstBin;
        }

        /** The record layout of a frame layout's shape. */
        public static RecordLayout of(final FrameLayout l) {
            return new RecordLayout(l.windows, l.detectors, l.maxDn, l.bins);
        }
    }
}
