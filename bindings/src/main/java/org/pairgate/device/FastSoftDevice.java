package org.pairgate.device;

import java.nio.ByteOrder;
import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;

import sun.misc.Unsafe;

/**
 * The soft engine's fast path: the same frames, word for word, as {@link SoftDevice} (the
 * bit-exact model of the firmware, which stays the reference and the spec), at a cost per trial
 * that follows the clicks rather than K. {@code FastVersusSoftTest} holds the two to the same
 * frames, registers and trial records on random streams of every kind the firmware test uses.
 *
 * <h2>What differs from {@link SoftDevice}: the trial close</h2>
 * The model counts every ΔN pair (h[ΔN], p) of a trial, K per trial whatever the patterns. Here an
 * empty trial close is an increment of the trial number and a compare with the trial at which the
 * frame is due: TRIALS, PATTERNS[0] and DN_PAIRS follow from trial numbers when the frame closes,
 * and nothing is stored for an empty trial. A nonzero close counts what needs its pattern:
 * <ul>
 *   <li>DN_COINC: one pair per <em>nonzero</em> pattern among the K previous trials, read newest
 *   first from a ring of (trial number, pattern) of the nonzero trials (any K; the walk stops at
 *   the first entry more than K trials back);</li>
 *   <li>PATTERNS[p], the per-bit count, FIRST_ARRIVAL and BOTH_ARRIVAL: the bins follow from the
 *   first-arrival offsets (rel from the window start) the tags kept, so no bin arithmetic is done
 *   on the tag path;</li>
 *   <li>DN_LATE[ΔN][b] and DN_EARLY[ΔN][a] are not counted per trial. Over the frame's trials
 *   [first, end) they are per-bit counts of patterns over shifted ranges: DN_LATE[ΔN][b] counts
 *   bit b over [max(first, ΔN), end) and DN_EARLY[ΔN][a] counts bit a over [max(first, ΔN) − ΔN,
 *   end − ΔN). Both follow, when the frame closes, from one per-bit count over [first, end), the
 *   K patterns before {@code end}, the K patterns before {@code first} (taken when the frame
 *   started) and the first K patterns after a reset (for ΔN > n): O(K·W·D) per frame instead of
 *   O(K) per trial.</li>
 * </ul>
 *
 * <h2>The fused kernels</h2>
 * {@link #pushHydraHarpT2} decodes and gates raw HydraHarp-family T2 records. In the common case
 * (syncs effective on arrival, a trial open, no trial records, K &le; 64) it runs the two-pass
 * kernel ({@link #pushHydraHarpT2Blocks}): blocks of records split without a branch on what a
 * record is into click offsets per trial slot, then the clicks gated and the slots closed over
 * those primitive arrays, DN_COINC from bit planes. Otherwise the one-pass kernel below, which
 * {@link #twoPass(boolean) twoPass(false)} also selects (same frames). With syncs effective on
 * arrival (SYNC_DELAY &le; 0) one table load classifies a record ({@link
 * #topFlags}); a detector tag is an offset and branch-free window tests with a select for the
 * first arrival; a sync is straight-line code: a nonzero close is queued (pattern, trial number,
 * sync time; the first-arrival offsets were written in place in its queue slot) and the queue is
 * counted in order when it fills, a frame is due or the call ends. TAGS counters and the
 * decoder's counts are one increment per record ({@link #topRecords}), added before a frame
 * closes. With the sync-delay queue in play each record goes through {@link #push}'s rules.
 *
 * <p>The per-tag rules, sync runs, the sync-delay queue, merges and records are {@link
 * SoftDevice}'s; the register file ({@link SoftRegisters}), frame ring ({@link SoftFrameRing})
 * and record queue ({@link SoftRecordQueue}) are shared with it.
 *
 * <p>Not thread-safe: one thread drives a device.
 */
public final class FastSoftDevice implements Device, HydraT2Sink {
    /** Largest W·D: PATTERNS has 2^(W·D) words per frame. */
    public static final int MAX_PATTERN_BITS = 20;

    /** Largest W·D for which the ΔN counters go through the pair histogram (2^(2·W·D) entries per ΔN). */
    private static final int PAIR_HIST_MAX_BITS = 6;
    /** Largest pair histogram (K·2^(2·W·D) longs); a larger one takes the per-bit path. */
    private static final long PAIR_HIST_MAX_ENTRIES = 1L << 16;

    private static final Unsafe U = org.agrona.UnsafeAccess.UNSAFE;
    private static final boolean NATIVE_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private static final int ROLE_SYNC = SoftRegisters.ROLE_SYNC;
    private static final int ROLE_OTHER = SoftRegisters.ROLE_OTHER;
    private static final int ROLE_OVERFLOW = -3;
    private static final int ROLE_SPECIAL = -4;

    private static final int FLAG_TAG = 1;
    private static final int FLAG_DETECTOR = 2;
    private static final int FLAG_SYNC = 4;
    private static final int FLAG_OTHER = 8;
    private static final int FLAG_OVERFLOW = 16;
    /** Nonzero trial closes the fused kernel queues before it counts them ({@link #deferredPattern}). */
    private static final int DEFER_CAPACITY = 256;
    /** Records per one-pass call before a trial opens ({@link #pushHydraHarpT2}): the two-pass kernel then starts within this many. */
    private static final int PRE_TRIAL_STRETCH = 256;
    /** Records per block of the two-pass kernel ({@link #pushHydraHarpT2Blocks}): its arrays stay in L1/L2. */
    static final int BLOCK_RECORDS = 2048;
    /** Largest K·(W·D)² for which the two-pass kernel counts DN_COINC from bit planes (per 64 trials). */
    private static final int PLANE_MAX_WORK = 2048;

    private final PgMap.FrameLayout layout;
    private final int windows;
    private final int detectors;
    private final int maxDn;
    private final int bins;
    private final int patternBits;
    private final int frameWords;
    private final long shapeWord;

    // frame offsets used on the hot path, copied out of the layout
    private final int offTrials;
    private final int offMerges;
    private final int offTagsSync;
    private final int offTagsOther;
    private final int offSyncDropped;
    private final int offSyncs;
    private final int offInWindow;
    private final int offOutside;
    private final int offBeforeFirstSync;
    private final int offOutOfOrder;
    private final int offOtherChannel;
    private final int offPatterns;
    private final int offDnPairs;
    private final int offDnEarly;
    private final int offDnLate;
    private final int offDnCoinc;
    private final int offFirstArrival;
    private final int offBothArrival;

    /** The register file (values as written and the tables derived from them), shared with the other soft core. */
    private final SoftRegisters regs;

    /**
     * Records per top-7-bit value decoded by the fused kernel and not yet added to the frame's TAGS
     * counters and the decoder's counts ({@link #foldRecordCounts}): one increment per record
     * instead of a channel map, a frame counter and a decoder counter.
     */
    private final long[] topRecords = new long[128];
    /**
     * The fused kernel's classification of a record by its top 7 bits (special bit and channel):
     * FLAG_* bits (tag, detector, sync, other channel, overflow), all zero for markers and
     * undefined specials; one load decides what a record is.
     */
    private final byte[] topFlags = new byte[128];
    /** The detector index of a detector record by its top 7 bits, else 0 (any valid index: its effect is masked). */
    private final byte[] topDetector = new byte[128];
    /** The decoder state of the fused call in progress (where {@link #topRecords} go), else null. */
    private HydraT2State activeState;
    /** Bits (w, 0) of a pattern, one per window. */
    private final int detector0Mask;

    // --- core state ---------------------------------------------------------------------------------
    private long lastTime;
    private boolean trialOpen;
    private long syncTime;
    private int pattern;
    /**
     * Offset from its window's start (rel, below 2^32) of the first arrival of each pattern bit,
     * valid where the bit is set; the bin follows from it only when a nonzero trial closes. Within
     * a trial a detector's offsets only grow (tags in time order, one sync), so the first hit of a
     * window is kept by a select on the tag path, with no bin arithmetic there.
     */
    private final long[] firstRel;

    // --- the fused kernel's queue of nonzero trial closes, counted in order after a stretch of records ---
    private final int[] deferredPattern = new int[DEFER_CAPACITY + 1];
    private final long[] deferredTrial = new long[DEFER_CAPACITY + 1];
    private final long[] deferredSync = new long[DEFER_CAPACITY + 1];
    /** First-arrival offsets per queued close (W·D each); slot q of the open trial is where its tags write. */
    private final long[] deferredRel;

    // --- the two-pass kernel's block arrays ({@link #pushHydraHarpT2Blocks}) ---
    /** True when the two-pass kernel may run (K at most 64 and K·(W·D)² small: DN_COINC from bit planes). */
    private final boolean blockKernel;
    /** Records per block (package-private constructor: tests use tiny blocks to cross many block boundaries). */
    private final int blockRecords;
    /** Offset of each in-order detector record of the block from its slot's sync, its detector's delay applied. */
    private final long[] blkClickOffset;
    /** Slot (syncs of the block before it) &lt;&lt; 4 | detector of each click. */
    private final int[] blkClickInfo;
    /** blkPattern[K + j]: pattern of slot j (slot 0: the trial open at the block's start); [0, K): the K trials before. */
    private final int[] blkPattern;
    /** blkFirstBin[j·W·D + bit]: first-arrival bin of a set bit of slot j (any valid bin where the bit is clear). */
    private final int[] blkFirstBin;
    /** Bit planes of the block's patterns (W·D planes of {@link #planeWords} words; position K + j is slot j). */
    private final long[] blkPlanes;
    private final int planeWords;
    /** Scratch of {@link #countPlanes}: one plane moved by ΔN over the late words. */
    private final long[] blkMoved;

    // --- the nonzero patterns among the last K trials: an empty trial writes nothing ---------------
    /** Trial number of each of the last nonzero patterns, a ring of a power of two at least K. */
    private final long[] recentTrial;
    /** Their patterns. */
    private final int[] recentPattern;
    private final int recentMask;
    /** Next slot of the ring. */
    private int recentHead;
    /** Entries held (at most the ring's size); entries older than K trials are skipped where read. */
    private int recentCount;

    // --- ΔN coincidence pairs (W·D small): DN_COINC is expanded from them when the frame closes ---
    /** True when DN_COINC goes through {@link #pairHist}, false for the per-bit path (large W·D). */
    private final boolean pairMode;
    /** pairHist[((dn - 1) << 2WD) | (h << WD) | p]: trials of the frame with pattern p and h[dn] = h (both nonzero). */
    private final long[] pairHist;
    /** Indices of the nonzero entries of {@link #pairHist}, in first-touch order. */
    private final int[] pairTouched;
    private int pairTouchedCount;

    // --- what DN_EARLY and DN_LATE follow from when the frame closes ---
    /** Trials of the frame with bit b set in the pattern, per pattern bit. */
    private final long[] bitCount;
    /** snapshot[dn - 1]: the pattern of trial first - dn when the frame started (0 before trial 0). */
    private final int[] frameStartHistory;
    /** Scratch of the frame close: endHistory[dn - 1] is the pattern of trial end - dn. */
    private final int[] endHistory;
    /** initialPatterns[n]: the pattern of trial n since the reset, n &lt; K (0 until it closes). */
    private final int[] initialPatterns;
    /** Scratch of the frame close: running per-bit counts. */
    private final long[] runEnd;
    private final long[] runStart;
    private final long[] runLate;
    private long trialsClosed;
    /** Trial number at the active frame's start or its last merge: the frame is due when trialsClosed - mergeBase reaches FRAME_TRIALS. */
    private long mergeBase;
    /**
     * Nonzero trials closed into the active frame. TRIALS (trialsClosed - FIRST_TRIAL) and
     * PATTERNS[0] (TRIALS minus these) are set when the frame closes, so an empty trial close is an
     * increment of {@link #trialsClosed} and a compare.
     */
    private long nonZeroInFrame;
    /** Register MERGES: frame closes absorbed since reset. */
    private long merges;
    private long frameFirstTrial;
    /** The current frame's counters, laid out as the frame (header and trailer words stay 0 here). */
    private final long[] counters;

    // --- the sync-delay queue (a FIFO of pending sync words) ----------------------------------------
    /** Effective time (raw time + SYNC_DELAY) of each pending word. */
    private final long[] queueTime = new long[PgMap.SYNC_QUEUE_DEPTH];
    /** Syncs in each pending word (1..2^32-1). */
    private final long[] queueCount = new long[PgMap.SYNC_QUEUE_DEPTH];
    private int queueHead;
    private int queueSize;

    // --- frame ring, frozen bank and trial records (shared with the other soft core) ---------------
    private final SoftFrameRing frames;
    private final SoftRecordQueue records;
    private final int ringFrames;
    private final int recordCapacity;

    /**
     * A soft core of shape W, D, K, B with a frame ring of {@code ringFrames} slots.
     *
     * @param windows    W, 1..{@link PgMap#MAX_WINDOWS}
     * @param detectors  D, 1..{@link PgMap#MAX_DETECTORS}, with W·D at most {@link #MAX_PATTERN_BITS}
     * @param maxDn      K, 0..65535
     * @param bins       B, at least 1 (need not be a power of two)
     * @param ringFrames frame ring slots, at least 1
     */
    public FastSoftDevice(final int windows, final int detectors, final int maxDn, final int bins, final int ringFrames) {
        this(windows, detectors, maxDn, bins, ringFrames, Devices.DEFAULT_RECORD_CAPACITY);
    }

    /**
     * As {@link #FastSoftDevice(int, int, int, int, int)}, with a trial-record ring of
     * {@code recordCapacity} records (at least 1; the core's FIFO of
     * {@link PgMap#RECORD_FIFO_DEPTH} comes on top).
     */
    public FastSoftDevice(final int windows, final int detectors, final int maxDn, final int bins, final int ringFrames,
                      final int recordCapacity) {
        this(windows, detectors, maxDn, bins, ringFrames, recordCapacity, BLOCK_RECORDS);
    }

    /** As {@link #FastSoftDevice(int, int, int, int, int, int)}, with the two-pass kernel's blocks of {@code blockRecords} (tests). */
    FastSoftDevice(final int windows, final int detectors, final int maxDn, final int bins, final int ringFrames,
                   final int recordCapacity, final int blockRecords) {
        if (blockRecords < 1) {
            throw new IllegalArgumentException("blocks need at least one record: " + blockRecords);
        }
        if (windows < 1 || windows > PgMap.MAX_WINDOWS) {
            throw new IllegalArgumentException("W must be 1.." + PgMap.MAX_WINDOWS + ": " + windows);
        }
        if (detectors < 1 || detectors > PgMap.MAX_DETECTORS) {
            throw new IllegalArgumentException("D must be 1.." + PgMap.MAX_DETECTORS + ": " + detectors);
        }
        if (windows * detectors > MAX_PATTERN_BITS) {
            throw new IllegalArgumentException("W*D must be at most " + MAX_PATTERN_BITS + " (2^(W*D) pattern counters): "
                + windows + "*" + detectors);
        }
        if (maxDn < 0 || maxDn > 0xFFFF) {
            throw new IllegalArgumentException("K must be 0..65535: " + maxDn);
        }
        if (bins < 1 || bins > (1 << 24)) {
            throw new IllegalArgumentException("B must be 1..2^24: " + bins);
        }
        if (ringFrames < 1) {
            throw new IllegalArgumentException("ring needs at least one frame slot: " + ringFrames);
        }
        final PgMap.FrameLayout l = new PgMap.FrameLayout(windows, detectors, maxDn, bins);
        if ((long) l.frameWords * ringFrames > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("ring of " + ringFrames + " frames of " + l.frameWords + " words is too large");
        }
        final PgMap.RecordLayout rl = PgMap.RecordLayout.of(l);
        if (recordCapacity < 1 || (long) (recordCapacity + PgMap.RECORD_FIFO_DEPTH) * rl.recordWords > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("record ring needs 1.. records that fit a long[]: " + recordCapacity);
        }
        this.regs = new SoftRegisters(l);
        this.records = new SoftRecordQueue(l, recordCapacity);
        this.recordCapacity = recordCapacity;
        this.layout = l;
        this.windows = windows;
        this.detectors = detectors;
        this.maxDn = maxDn;
        this.bins = bins;
        this.patternBits = windows * detectors;
        this.frameWords = l.frameWords;
        this.shapeWord = l.shapeWord();
        this.offTrials = l.offTrials;
        this.offMerges = l.offMerges;
        this.offTagsSync = l.offTagsSync;
        this.offTagsOther = l.offTagsOther;
        this.offSyncDropped = l.offSyncDropped;
        this.offSyncs = l.offSyncs;
        this.offInWindow = l.offInWindow;
        this.offOutside = l.offOutside;
        this.offBeforeFirstSync = l.offBeforeFirstSync;
        this.offOutOfOrder = l.offOutOfOrder;
        this.offOtherChannel = l.offOtherChannel;
        this.offPatterns = l.offPatterns;
        this.offDnPairs = l.offDnPairs;
        this.offDnEarly = l.offDnEarly;
        this.offDnLate = l.offDnLate;
        this.offDnCoinc = l.offDnCoinc;
        this.offFirstArrival = l.offFirstArrival;
        this.offBothArrival = l.offBothArrival;

        int mask0 = 0;
        for (int w = 0; w < windows; w++) {
            mask0 |= 1 << (w * detectors);
        }
        this.detector0Mask = mask0;

        this.firstRel = new long[patternBits];
        this.deferredRel = new long[(DEFER_CAPACITY + 1) * patternBits];
        this.blockKernel = maxDn <= 64 && (long) maxDn * patternBits * patternBits <= PLANE_MAX_WORK;
        this.blockRecords = blockRecords;
        final int blk = blockKernel ? blockRecords : 0;
        this.blkClickOffset = new long[blk];
        this.blkClickInfo = new int[blk];
        this.blkPattern = new int[blockKernel ? maxDn + blk + 1 : 0];
        this.blkFirstBin = new int[(blk + 1) * patternBits];
        this.planeWords = blockKernel ? (maxDn + blk + 63) >>> 6 : 0;
        this.blkPlanes = new long[planeWords * patternBits];
        this.blkMoved = new long[planeWords];
        final int ringSize = Integer.highestOneBit(Math.max(maxDn, 1) * 2 - 1);
        this.recentTrial = new long[ringSize];
        this.recentPattern = new int[ringSize];
        this.recentMask = ringSize - 1;
        this.pairMode = maxDn > 0 && patternBits <= PAIR_HIST_MAX_BITS && ((long) maxDn << (2 * patternBits)) <= PAIR_HIST_MAX_ENTRIES;
        final int pairEntries = pairMode ? maxDn << (2 * patternBits) : 0;
        this.pairHist = new long[pairEntries];
        this.pairTouched = new int[pairEntries];
        this.bitCount = new long[patternBits];
        this.frameStartHistory = new int[maxDn];
        this.endHistory = new int[maxDn];
        this.initialPatterns = new int[maxDn];
        this.runEnd = new long[patternBits];
        this.runStart = new long[patternBits];
        this.runLate = new long[patternBits];
        this.counters = new long[frameWords];
        this.ringFrames = ringFrames;
        this.frames = new SoftFrameRing(l, ringFrames);

        this.nativeKernel = blockKernel && SoftKernel.useNative();
        rebuildTopTables();
        resetCore();
    }

    @Override
    public String engine() {
        return "soft";
    }

    @Override
    public PgMap.FrameLayout layout() {
        return layout;
    }

    // ============================================================================ tag stream (hot path)

    @Override
    public int push(final TagBatch batch, final int offset, final int count) {
        if (offset < 0 || count < 0 || offset > batch.size() - count) {
            throw new DeviceException(DeviceException.EINVAL,
                "push of tags [" + offset + ", " + offset + "+" + count + ") outside the batch of " + batch.size());
        }
        if (regs.commandClose || regs.commandReset) {
            // a CTRL command waits behind the frozen frame: the input stalls until the host releases frames
            return 0;
        }
        final UnsafeBuffer times = batch.timesBuffer();
        final UnsafeBuffer channels = batch.channelsBuffer();
        final UnsafeBuffer counts = batch.countsBuffer();
        final int end = offset + count;
        // as pg_push: a word of count 0 is a bad argument, refused before any word is accepted
        for (int i = offset; i < end; i++) {
            if (counts.getInt(i << 2, ByteOrder.LITTLE_ENDIAN) == 0) {
                throw new DeviceException(DeviceException.EINVAL, "tag word " + i + " has count 0 (a word stands for 1..2^32-1 tags)");
            }
        }
        final long[] c = counters;
        final int[] roles = regs.roleOf;
        final int[] tagCounters = regs.tagCounterOf;
        final long[] detDelay = regs.detDelay;
        final long syncDelay = regs.syncDelay;

        long last = lastTime;
        long sync = syncTime;
        int pat = pattern;
        boolean open = trialOpen;

        for (int i = offset; i < end; i++) {
            final long t = times.getLong(i << 3, ByteOrder.LITTLE_ENDIAN);
            final int ch = channels.getByte(i) & 0xFF;
            final long n = counts.getInt(i << 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
            if (t < last) {
                c[tagCounters[ch]] += n;
                c[offOutOfOrder] += n;
                continue;
            }
            last = t;
            if (queueSize != 0 && queueTime[queueHead] <= t) {
                // pending syncs due before this tag become effective: they may close trials and frames
                pattern = pat;
                trialOpen = open;
                syncTime = sync;
                popEffectiveSyncs(t);
                pat = pattern;
                open = trialOpen;
                sync = syncTime;
            }
            final int role = roles[ch];
            if (role >= 0) {
                c[tagCounters[ch]] += n;
                if (!open) {
                    c[offBeforeFirstSync] += n;
                    continue;
                }
                pat = gate(t + detDelay[role] - sync, role, pat, n);
            } else if (role == ROLE_SYNC) {
                if (syncDelay <= 0 && queueSize == 0 && n == 1) {
                    // the common single sync, effective at once (version 1 behaviour), kept inline
                    c[offTagsSync]++;
                    c[offSyncs]++;
                    if (open) {
                        syncTime = sync; // the closing trial's, for its record
                        closeTrial(pat); // may close a frame; the trial state (pattern, sync, open) is not touched
                    }
                    open = true;
                    sync = t + syncDelay;
                    pat = 0;
                } else {
                    pattern = pat;
                    trialOpen = open;
                    syncTime = sync;
                    syncArrives(t, n);
                    pat = pattern;
                    open = trialOpen;
                    sync = syncTime;
                }
            } else {
                c[offTagsOther] += n;
                c[offOtherChannel] += n;
            }
        }
        lastTime = last;
        syncTime = sync;
        pattern = pat;
        trialOpen = open;
        return count;
    }

    /**
     * The window rules of docs/frame-format.md for a detector tag of {@code role} at offset
     * {@code off} from the open trial's sync (its delay applied), counted {@code n} times: the
     * windows it falls in set their bits of the pattern (returned); a bit set for the first time
     * keeps the tag's offset from its window start (the first arrival, binned at the close).
     * Branch-free over the windows: a window test is the sign of {@code (rel - len) & ~rel} (rel
     * <u len for len below 2^32), the first-arrival store a select.
     */
    private int gate(final long off, final int role, final int pat, final long n) {
        final long[] starts = regs.winStart;
        final long[] lengths = regs.winLength32;
        final long[] first = firstRel;
        final int w0 = windows;
        final int d0 = detectors;
        int p = pat;
        int hit = 0;
        for (int w = 0, bit = role; w < w0; w++, bit += d0) {
            final long rel = off - starts[w];
            final int m = (int) (((rel - lengths[w]) & ~rel) >>> 63) << bit;
            hit |= m;
            final long firstHit = -(long) ((m & ~p) >>> bit);
            first[bit] = (rel & firstHit) | (first[bit] & ~firstHit);
            p |= m;
        }
        counters[hit != 0 ? offInWindow : offOutside] += n;
        return p;
    }

    /**
     * Decodes and gates {@code records} 32-bit HydraHarp-family T2 records at {@code address} (raw
     * memory, little-endian, as read from the file) in one pass: no tag batch, no per-tag copy.
     * Each record that is a tag goes through exactly the rules of {@link #push} for a word of count
     * 1 (so the frames are those of decoding into a batch and pushing it, {@code
     * FusedT2VersusSoftTest}); overflows move {@code state}'s time base, markers and undefined
     * specials are counted there, as are tags per channel.
     *
     * @return the records consumed: all of them, or 0 when a CTRL command waits behind the frozen
     *         frame (then nothing was decoded; release frames and call again)
     */
    @Override
    public int pushHydraHarpT2(final long address, final int records, final HydraT2State state) {
        if (records < 0) {
            throw new DeviceException(DeviceException.EINVAL, "negative record count " + records);
        }
        if (regs.commandClose || regs.commandReset) {
            return 0;
        }
        final long base0 = state.timeBase;
        activeState = state;
        try {
            long at = address;
            int left = records;
            while (left > 0) {
                if (regs.syncDelay <= 0 && queueSize == 0 && twoPass && blockKernel && !regs.recordsEnabled
                    && state.timeBase >= 0 && binsExactByProduct()) {
                    if (trialOpen && lastTime >= 0) {
                        // the common case: the two-pass kernel over blocks of records
                        makeBlockTables();
                        pushHydraHarpT2Blocks(at, left, state);
                        break;
                    }
                    // before the first sync: the one-pass kernel a short stretch at a time, so that
                    // the two-pass one takes over from the stretch in which a trial opens rather than
                    // from the next call (the first call of a run is a whole batch, 65536 records)
                    final int k = Math.min(left, PRE_TRIAL_STRETCH);
                    pushHydraHarpT2Direct(at, k, state);
                    at += (long) k << 2;
                    left -= k;
                } else if (regs.syncDelay <= 0 && queueSize == 0) {
                    // syncs are effective when they arrive, so nothing is ever queued in this call
                    pushHydraHarpT2Direct(at, left, state);
                    break;
                } else {
                    pushHydraHarpT2Queued(at, left, state);
                    break;
                }
            }
        } finally {
            foldRecordCounts();
            activeState = null;
        }
        state.overflowPeriods += state.v1 ? (state.timeBase - base0) / HydraT2State.V1_WRAP : (state.timeBase - base0) >>> 25;
        return records;
    }

    /**
     * The fused kernel with syncs effective on arrival (SYNC_DELAY &le; 0, queue empty), branch-light:
     * every record goes through the same straight-line code with its effects masked by its class
     * ({@link #topFlags}, one load): the overflow's time base step, the tag's LAST_TIME, a detector
     * tag's W window tests and first-arrival selects, a sync's trial close and new trial. An empty
     * trial close is a trial number; a nonzero one is queued ({@link #deferredPattern}, its
     * first-arrival offsets already in its queue slot, where its tags wrote them) and counted in
     * order by {@link #countDeferred} when the queue is full, a frame is due or the call ends. The
     * only branches on the record path are the loop, a tag out of order and the rare flush, all
     * predictable. Per-frame counts (IN_WINDOW, OUTSIDE, SYNCS, ...) are kept in locals and added
     * before anything reads them.
     */
    private void pushHydraHarpT2Direct(final long address, final int records, final HydraT2State state) {
        final long[] perTop = topRecords;
        final byte[] flags = topFlags;
        final byte[] detOf = topDetector;
        final long[] detDelay = regs.detDelay;
        final long[] starts = regs.winStart;
        final long[] lengths = regs.winLength32;
        final long[] rels = deferredRel;
        final int[] qPattern = deferredPattern;
        final long[] qTrial = deferredTrial;
        final long[] qSync = deferredSync;
        final int w0 = windows;
        final int d0 = detectors;
        final int wd = patternBits;
        final long syncDelay = regs.syncDelay;
        final boolean v1 = state.v1;
        final long start0 = starts[0];
        final long length0 = lengths[0];
        final long start1 = w0 > 1 ? starts[1] : 0;
        final long length1 = w0 > 1 ? lengths[1] : 0;

        long base = state.timeBase;
        long last = lastTime;
        long sync = syncTime;
        int pat = pattern;
        int open = trialOpen ? 1 : 0;
        long n = trialsClosed;
        long dueAt = frameDueAt();
        int q = 0;
        System.arraycopy(firstRel, 0, rels, 0, wd);
        long inWindow = 0;
        long outside = 0;
        long beforeFirst = 0;
        long syncs = 0;
        long other = 0;
        long outOfOrder = 0;

        final long end = address + ((long) records << 2);
        for (long a = address; a < end; a += 4) {
            final int rec = NATIVE_LE ? U.getInt(a) : Integer.reverseBytes(U.getInt(a));
            final int top = rec >>> 25;                       // special bit + channel: 0..127
            final long timetag = rec & 0x01FF_FFFF;
            final long t = base + timetag;
            perTop[top]++;
            final int f = flags[top];
            if ((f & FLAG_DETECTOR) != 0) {
                if (t < last) {
                    outOfOrder++;                             // TAGS: in perTop
                    continue;
                }
                last = t;
                // W window tests, branch-free; before the first sync they are masked to nothing
                final int live = -open;
                final int d = detOf[top];
                final long off = t + detDelay[d] - sync;
                final int relAt = q * wd;
                int hit = 0;
                if (w0 == 2) {
                    // the common two windows (pre and meas), unrolled
                    final int bit1 = d + d0;
                    final long rel0 = off - start0;
                    final long rel1 = off - start1;
                    final int m0 = ((int) (((rel0 - length0) & ~rel0) >>> 63) << d) & live;
                    final int m1 = ((int) (((rel1 - length1) & ~rel1) >>> 63) << bit1) & live;
                    final long first0 = -(long) ((m0 & ~pat) >>> d);
                    final long first1 = -(long) ((m1 & ~pat) >>> bit1);
                    rels[relAt + d] = (rel0 & first0) | (rels[relAt + d] & ~first0);
                    rels[relAt + bit1] = (rel1 & first1) | (rels[relAt + bit1] & ~first1);
                    hit = m0 | m1;
                    pat |= hit;
                } else {
                    for (int w = 0, bit = d; w < w0; w++, bit += d0) {
                        final long rel = off - starts[w];
                        final int m = ((int) (((rel - lengths[w]) & ~rel) >>> 63) << bit) & live;
                        hit |= m;
                        final long firstHit = -(long) ((m & ~pat) >>> bit);
                        rels[relAt + bit] = (rel & firstHit) | (rels[relAt + bit] & ~firstHit);
                        pat |= m;
                    }
                }
                final int anyHit = (hit | -hit) >>> 31;
                inWindow += anyHit;
                outside += open - anyHit;
                beforeFirst += open ^ 1;
            } else if ((f & FLAG_SYNC) != 0) {
                if (t < last) {
                    outOfOrder++;
                    continue;
                }
                last = t;
                syncs++;
                // the open trial closes: queued when nonzero (its offsets stay in slot q), else just counted
                qPattern[q] = pat;
                qTrial[q] = n;
                qSync[q] = sync;
                q += (pat | -pat) >>> 31;                     // a nonzero pattern implies an open trial
                n += open;
                sync = t + syncDelay;
                pat = 0;
                open = 1;
                if ((n >= dueAt) | (q == DEFER_CAPACITY)) {
                    // count the queued closes (a frame may close among or after them), then start the queue over
                    flushLocals(inWindow, outside, beforeFirst, syncs, other, outOfOrder);
                    inWindow = outside = beforeFirst = syncs = other = outOfOrder = 0;
                    countDeferred(q, n);
                    System.arraycopy(rels, q * wd, rels, 0, wd);   // the open trial's offsets to slot 0
                    q = 0;
                    dueAt = frameDueAt();
                }
            } else if ((f & FLAG_OVERFLOW) != 0) {
                base += v1 ? HydraT2State.V1_WRAP : (timetag + ((timetag - 1) >>> 63)) << 25; // V2: 0 means 1
            } else if (f != 0) {
                if (t < last) {
                    outOfOrder++;
                } else {
                    last = t;
                    other++;
                }
            }
            // markers and undefined specials: counted in perTop only
        }
        flushLocals(inWindow, outside, beforeFirst, syncs, other, outOfOrder);
        countDeferred(q, n);
        System.arraycopy(rels, q * wd, firstRel, 0, wd);
        lastTime = last;
        syncTime = sync;
        pattern = pat;
        trialOpen = open != 0;
        state.timeBase = base;
    }

    /**
     * The two-pass kernel (SYNC_DELAY &le; 0, queue empty, a trial open, no trial records): the
     * records go in blocks of {@link #blockRecords}, each counted in three branch-free passes over
     * primitive arrays, so that what a record is (sync, click, overflow: unpredictable in a real
     * stream) never decides a branch.
     * <ol>
     *   <li>{@link #splitBlock}: each record decoded and classified by one table load; a sync
     *   moves the slot's sync time (a select), a detector click appends its offset from that sync
     *   and (slot, detector) to {@link #blkClickOffset} / {@link #blkClickInfo}, an overflow moves
     *   the time base: every write done and only the array index advanced by the class bit. A
     *   block ends at the sync with which the frame is due, so every count of a block belongs to
     *   one frame.</li>
     *   <li>{@link #gateClicks}: the clicks of the trials that close in the block: the pattern
     *   bits and, on a first hit, the bin of the first arrival, counted in FIRST_ARRIVAL by adding
     *   the hit (1 or 0) and kept by a select.</li>
     *   <li>{@link #closeSlots}: the trial closes: PATTERNS and BOTH_ARRIVAL by adding 1 or 0 to
     *   the bin the slot holds, and DN_COINC and the per-bit counts for the block at once from bit
     *   planes of the patterns ({@link #countPlanes}).</li>
     * </ol>
     * The clicks after the block's last sync (the trial still open) go through {@link #gate}, as
     * in {@link #push}, so that the open trial is where the other paths expect it.
     */
    private void pushHydraHarpT2Blocks(final long address, final int records, final HydraT2State state) {
        final long end = address + ((long) records << 2);
        long at = address;
        final NativeT2Kernel nk = nativeKernel ? nativeState() : null;
        while (at < end) {
            // the native kernel once the first K trials after a reset (initialPatterns) are behind
            at = nk != null && trialsClosed >= maxDn ? runNative(nk, at, end, state) : block(at, end, state);
        }
    }

    /** Whether the two-pass kernel runs in C ({@link SoftKernel}); set from pairgate.soft.kernel, or by {@link #nativeKernel(boolean)}. */
    private boolean nativeKernel;
    /** The native kernel's state, made on first use (null before, or when the Java kernel runs). */
    private NativeT2Kernel nativeT2;
    /** Blocks the native kernel has counted since construction (tests show that it ran). */
    long nativeBlocksCounted;

    /**
     * Runs the two-pass kernel in C (true) or in Java (false; the default follows {@link
     * SoftKernel#useNative()}): same frames. True without the library is a {@link DeviceException}.
     * Returns this.
     */
    public FastSoftDevice nativeKernel(final boolean on) {
        if (on && !SoftKernel.isAvailable()) {
            throw new DeviceException(DeviceException.EINVAL, "native soft kernel: " + SoftKernel.unavailableReason());
        }
        this.nativeKernel = on && blockKernel;
        return this;
    }

    /**
     * Which kernel the fused T2 calls run: "native" (the two-pass kernel in C, libpairgate_soft),
     * "java" (the two-pass kernel in Java) or "java one-pass"; shapes the two-pass kernel does not
     * take (K above 64 or K·(W·D)² large) always run the one-pass kernel.
     */
    public String kernel() {
        if (!twoPass || !blockKernel) {
            return "java one-pass";
        }
        if (!nativeKernel) {
            return "java";
        }
        final NativeT2Kernel nk = nativeT2;
        return nk == null ? "native" : nk.header(NativeT2Kernel.H_SIMD) != 0 && !nativeScalar ? "native (AVX-512 pass 1)" : "native (scalar)";
    }

    /** True: the native kernel's scalar pass 1 even where its SIMD one could run (tests cover both on an AVX-512 machine). */
    private boolean nativeScalar;

    /** Keeps the native kernel's pass 1 scalar (true) or lets it take the SIMD one where built (false, the default). Returns this. */
    FastSoftDevice nativeScalar(final boolean on) {
        this.nativeScalar = on;
        return this;
    }

    private NativeT2Kernel nativeState() {
        NativeT2Kernel nk = nativeT2;
        if (nk == null) {
            nk = new NativeT2Kernel(layout, blockRecords, recentTrial.length);
            nativeT2 = nk;
        }
        writeNativeTables(nk);
        return nk;
    }

    /** The tables and registers of {@link #makeBlockTables} and the window/bin registers, into the native state (each call). */
    private void writeNativeTables(final NativeT2Kernel nk) {
        for (int top = 0; top < 128; top++) {
            nk.put(NativeT2Kernel.A_NOT_TAG, top, topNotTag[top]);
            nk.put(NativeT2Kernel.A_DELAY, top, topDelay[top]);
            nk.put(NativeT2Kernel.A_OVERFLOW, top, topOverflow[top]);
            nk.put(NativeT2Kernel.A_SYNC, top, topSync[top]);
            nk.put(NativeT2Kernel.A_CLICK, top, topClick[top]);
            nk.put(NativeT2Kernel.A_DET, top, topDet[top]);
            nk.put(NativeT2Kernel.A_OTHER, top, (topFlags[top] & FLAG_OTHER) != 0 ? 1 : 0);
        }
        for (int w = 0; w < windows; w++) {
            nk.put(NativeT2Kernel.A_WIN_START, w, regs.winStart[w]);
            nk.put(NativeT2Kernel.A_WIN_LENGTH, w, regs.winLength32[w]);
        }
        for (int d = 0; d < detectors; d++) {
            nk.put(NativeT2Kernel.A_OTHER_OF, d, otherOf[d]);
            nk.put(NativeT2Kernel.A_BOTH_OF, d, bothOf[d]);
        }
        nk.header(NativeT2Kernel.H_SYNC_DELAY, regs.syncDelay);
        nk.header(NativeT2Kernel.H_BIN_SHIFT, regs.binShift);
        nk.header(NativeT2Kernel.H_BIN_MAGIC, binMagic);
        nk.header(NativeT2Kernel.H_BIN_DIVISOR, regs.binDivisor);
        nk.header(NativeT2Kernel.H_SCALAR, nativeScalar ? 1 : 0);
    }

    /**
     * The native kernel from {@code at} until {@code end} or the block whose closes make the frame
     * due: the open trial, LAST_TIME, the time base and the ring of recent patterns go in, the
     * kernel's counts (frame counters, records per top value, per-bit counts, nonzero closes) come
     * back as deltas added here; then the frame check {@link #block} makes. Returns where it ended.
     */
    private long runNative(final NativeT2Kernel nk, final long at, final long end, final HydraT2State state) {
        final int wd = patternBits;
        final long n0 = trialsClosed;
        nk.header(NativeT2Kernel.H_TIME_BASE, state.timeBase);
        nk.header(NativeT2Kernel.H_V1, state.v1 ? 1 : 0);
        nk.header(NativeT2Kernel.H_LAST_TIME, lastTime);
        nk.header(NativeT2Kernel.H_SYNC_TIME, syncTime);
        nk.header(NativeT2Kernel.H_PATTERN, pattern);
        nk.header(NativeT2Kernel.H_TRIALS, n0);
        nk.header(NativeT2Kernel.H_DUE_AT, frameDueAt());
        nk.header(NativeT2Kernel.H_RING_HEAD, recentHead);
        nk.header(NativeT2Kernel.H_RING_COUNT, recentCount);
        for (int i = 0; i < recentTrial.length; i++) {
            nk.put(NativeT2Kernel.A_RING_TRIAL, i, recentTrial[i]);
            nk.put(NativeT2Kernel.A_RING_PATTERN, i, recentPattern[i]);
        }
        for (int b = 0; b < wd; b++) {
            nk.put(NativeT2Kernel.A_FIRST_REL, b, firstRel[b]);
        }
        final long taken = nk.run(at, (end - at) >>> 2);
        state.timeBase = nk.header(NativeT2Kernel.H_TIME_BASE);
        lastTime = nk.header(NativeT2Kernel.H_LAST_TIME);
        syncTime = nk.header(NativeT2Kernel.H_SYNC_TIME);
        pattern = (int) nk.header(NativeT2Kernel.H_PATTERN);
        trialsClosed = nk.header(NativeT2Kernel.H_TRIALS);
        recentHead = (int) nk.header(NativeT2Kernel.H_RING_HEAD);
        recentCount = (int) nk.header(NativeT2Kernel.H_RING_COUNT);
        for (int i = 0; i < recentTrial.length; i++) {
            recentTrial[i] = nk.get(NativeT2Kernel.A_RING_TRIAL, i);
            recentPattern[i] = (int) nk.get(NativeT2Kernel.A_RING_PATTERN, i);
        }
        for (int b = 0; b < wd; b++) {
            firstRel[b] = nk.get(NativeT2Kernel.A_FIRST_REL, b);
        }
        nk.foldInto(NativeT2Kernel.A_COUNTERS, counters, frameWords);
        nk.foldInto(NativeT2Kernel.A_PER_TOP, topRecords, 128);
        nk.foldInto(NativeT2Kernel.A_BIT_COUNT, bitCount, wd);
        nonZeroInFrame += nk.take(NativeT2Kernel.H_NONZERO);
        final long blocks = nk.take(NativeT2Kernel.H_BLOCKS);
        blocksCounted += blocks;
        nativeBlocksCounted += blocks;
        if (trialsClosed != n0) {
            checkFrameDue();
        }
        return at + (taken << 2);
    }

    /**
     * Whether the two-pass kernel's bin is exact: a power-of-two BIN_TICKS (a shift) or one below
     * 2^31, for which the high half of (2·rel)·ceil(2^63 / BIN_TICKS) is floor(rel / BIN_TICKS) for
     * every rel below 2^32 (the error, under 2^-31, stays below the 1 / BIN_TICKS gap to the
     * next integer). Sets {@link #binMagic}.
     */
    private boolean binsExactByProduct() {
        if (regs.binShift >= 0) {
            return true;
        }
        final long d = regs.binDivisor;
        if (d < 3 || d >= 1L << 31) {
            return false;
        }
        binMagic = Long.divideUnsigned(Long.MIN_VALUE, d) + 1;   // d is not a power of two: never exact
        return true;
    }

    /** One block from {@code at} (at most {@link #blockRecords} records, ending early at a frame-due sync); returns where it ended. */
    private long block(final long at, final long end, final HydraT2State state) {
        final long n0 = trialsClosed;
        final long dueIn = frameDueAt() - n0;
        final int syncLimit = dueIn <= 1 ? 1 : (int) Math.min(dueIn, blockRecords + 1L);
        final long stop = Math.min(end, at + ((long) blockRecords << 2));
        final long[] perTop = topRecords;
        final int[] others = otherTops;
        final int otherCount = otherTopCount;
        long other = 0;
        for (int i = 0; i < otherCount; i++) {
            other -= perTop[others[i]];
        }
        final long next = splitBlock(at, stop, syncLimit, state);
        for (int i = 0; i < otherCount; i++) {
            other += perTop[others[i]];
        }
        blocksCounted++;
        final int ns = blkSyncs;
        final int clicks = blkClicks;
        final int[] info = blkClickInfo;
        // the clicks of the trial left open (slot ns) are the last ones
        int closedClicks = clicks;
        while (closedClicks > 0 && info[closedClicks - 1] >>> 4 == ns) {
            closedClicks--;
        }
        final long[] c = counters;
        c[offSyncs] += ns;
        c[offOtherChannel] += other - blkOtherOutOfOrder;
        c[offOutOfOrder] += blkOutOfOrder;

        final int k = maxDn;
        final int[] pats = blkPattern;
        if (ns > 0) {
            // slot 0: the trial open at the block's start, with the bits (and their first arrivals) its earlier clicks set
            final int carried = pattern;
            pats[k] = carried;
            for (int m = carried; m != 0; m &= m - 1) {
                final int bit = Integer.numberOfTrailingZeros(m);
                final int bin = binOf(firstRel[bit]);
                blkFirstBin[bit] = bin;
                c[offFirstArrival + bit * bins + bin]++;
            }
            if (detectors >= 2) {
                for (int m = carried & (carried >>> 1) & detector0Mask; m != 0; m &= m - 1) {
                    final int bit = Integer.numberOfTrailingZeros(m);
                    c[offBothArrival + (bit / detectors) * bins + Math.max(blkFirstBin[bit], blkFirstBin[bit + 1])]++;
                }
            }
            Arrays.fill(pats, k + 1, k + ns, 0);
            final int pw = planeWords;
            final int words = (k + ns + 63) >>> 6;
            for (int bit = 0; bit < patternBits; bit++) {
                Arrays.fill(blkPlanes, bit * pw, bit * pw + words, 0L);
            }
            for (int m = carried; m != 0; m &= m - 1) {
                blkPlanes[Integer.numberOfTrailingZeros(m) * pw + (k >>> 6)] |= 1L << k;
            }
            gateClicks(closedClicks);
            closeSlots(ns, n0);
        }
        // the clicks after the last sync: the trial left open, its first arrivals kept as offsets (firstRel)
        int pat = ns > 0 ? 0 : pattern;
        final long[] offsets = blkClickOffset;
        for (int i = closedClicks; i < clicks; i++) {
            pat = gate(offsets[i], info[i] & 15, pat, 1);
        }
        pattern = pat;
        syncTime = blkLastSync;
        if (ns > 0) {
            trialsClosed = n0 + ns;
            checkFrameDue();
        }
        return next;
    }

    /** Blocks the two-pass kernel has counted since construction (tests show that it ran). */
    long blocksCounted;
    /** Whether the two-pass kernel may run ({@link #twoPass(boolean)}). */
    private boolean twoPass = true;

    /**
     * Allows the two-pass kernel (the default) or keeps every fused call on the one-pass kernel,
     * which gives the same frames: for the benchmarks' in-run before and after. Returns this.
     */
    public FastSoftDevice twoPass(final boolean on) {
        this.twoPass = on;
        return this;
    }

    /** ceil(2^63 / BIN_TICKS) for a BIN_TICKS that is not a power of two (set before each two-pass call). */
    private long binMagic;

    // pass 1's results (locals of block(), kept in fields to return more than one value)
    private int blkSyncs;
    private int blkClicks;
    private long blkOutOfOrder;
    private long blkOtherOutOfOrder;
    private long blkLastSync;

    private static final long LONGS = Unsafe.ARRAY_LONG_BASE_OFFSET;
    private static final long INTS = Unsafe.ARRAY_INT_BASE_OFFSET;

    // --- pass 1's tables by the top 7 bits of a record, made at the start of each two-pass call ---
    /** 0 for a tag, Long.MAX_VALUE for any other record (which then never compares as out of order). */
    private final long[] topNotTag = new long[128];
    /** The detector's delay for a detector record, else 0. */
    private final long[] topDelay = new long[128];
    /** -1 for an overflow record, else 0. */
    private final long[] topOverflow = new long[128];
    /** 1 for a sync record, else 0. */
    private final int[] topSync = new int[128];
    /** 1 for a detector record, else 0. */
    private final int[] topClick = new int[128];
    /** The detector index for a detector record, else 0. */
    private final int[] topDet = new int[128];
    /** The top values of tags on other channels (their in-order count is OTHER_CHANNEL). */
    private final int[] otherTops = new int[128];
    private int otherTopCount;
    /** otherOf[d]: for detectors 0 and 1 (D &ge; 2) the other one, else d itself; bothOf[d] 1 for those two, else 0. */
    private final int[] otherOf = new int[PgMap.MAX_DETECTORS];
    private final int[] bothOf = new int[PgMap.MAX_DETECTORS];

    /** Pass 1's tables from the roles and delays now in the registers. */
    private void makeBlockTables() {
        int others = 0;
        for (int top = 0; top < 128; top++) {
            final int f = topFlags[top];
            final int d = topDetector[top];
            topNotTag[top] = (f & FLAG_TAG) != 0 ? 0 : Long.MAX_VALUE;
            topDelay[top] = (f & FLAG_DETECTOR) != 0 ? regs.detDelay[d] : 0;
            topOverflow[top] = (f & FLAG_OVERFLOW) != 0 ? -1L : 0;
            topSync[top] = (f & FLAG_SYNC) != 0 ? 1 : 0;
            topClick[top] = (f & FLAG_DETECTOR) != 0 ? 1 : 0;
            topDet[top] = (f & FLAG_DETECTOR) != 0 ? d : 0;
            if ((f & FLAG_OTHER) != 0) {
                otherTops[others++] = top;
            }
        }
        otherTopCount = others;
        for (int d = 0; d < detectors; d++) {
            final boolean pair = detectors >= 2 && d < 2;
            otherOf[d] = pair ? 1 - d : d;
            bothOf[d] = pair ? 1 : 0;
        }
    }

    /**
     * Pass 1 over the records [at, stop): decode, classify, split into syncs and clicks; stops
     * after the {@code syncLimit}-th sync. A click is stored as its offset from its slot's sync
     * (its detector's delay applied) and (slot, detector). Counts records per top-7-bit value
     * ({@link #topRecords}), moves the time base and LAST_TIME; returns the address after the last
     * record taken. What a record is comes from tables by its top 7 bits (one load each, no
     * branch). Times and LAST_TIME are non-negative here ({@link #pushHydraHarpT2}), so a record
     * that is not a tag compares as in order with all but the sign bit set. Array accesses are
     * plain: 12 % faster than raw Unsafe ones here (pass 1 alone, 2026-12-07), whose unknown
     * aliasing keeps C2 from scheduling the loop's loads ahead of its stores; the bounds checks
     * are predictable.
     */
    private long splitBlock(final long at, final long stop, final int syncLimit, final HydraT2State state) {
        final long[] perTop = topRecords;
        final long[] notTag = topNotTag;
        final long[] delays = topDelay;
        final long[] overflow = topOverflow;
        final int[] isSync = topSync;
        final int[] isClick = topClick;
        final int[] detOf = topDet;
        final long syncDelay = regs.syncDelay;
        final long[] offsets = blkClickOffset;
        final int[] info = blkClickInfo;
        final long wrap = state.v1 ? HydraT2State.V1_WRAP : 0;
        final long v2 = state.v1 ? 0 : -1L;
        long base = state.timeBase;
        long last = lastTime;
        long sync = syncTime;
        int ns = 0;
        int nc = 0;
        long outOfOrder = 0;
        long otherOutOfOrder = 0;
        final int n = (int) ((stop - at) >>> 2);
        int i = 0;
        for (; i < n; i++) {
            final int raw = U.getInt(at + ((long) i << 2));
            final int rec = NATIVE_LE ? raw : Integer.reverseBytes(raw);
            final int top = rec >>> 25;
            final long timetag = rec & 0x01FF_FFFF;
            final long t = base + timetag;
            perTop[top]++;
            final long notTagMask = notTag[top];
            if ((t | notTagMask) < last) {
                outOfOrder++;
                otherOutOfOrder += (topFlags[top] >>> 3) & 1;
                continue;
            }
            last = (t & ~notTagMask) | (last & notTagMask);  // a tag: its time (in order here); else LAST_TIME
            base += (wrap | (((timetag + ((timetag - 1) >>> 63)) << 25) & v2)) & overflow[top];
            final int sy = isSync[top];
            sync += (t + syncDelay - sync) & -(long) sy;     // a sync: its effective time
            ns += sy;
            offsets[nc] = t + delays[top] - sync;
            info[nc] = ns << 4 | detOf[top];
            nc += isClick[top];
            if (ns == syncLimit) {
                i++;
                break;
            }
        }
        state.timeBase = base;
        lastTime = last;
        blkSyncs = ns;
        blkClicks = nc;
        blkOutOfOrder = outOfOrder;
        blkOtherOutOfOrder = otherOutOfOrder;
        blkLastSync = sync;
        return at + ((long) i << 2);
    }

    /**
     * Pass 2: the clicks [0, {@code clicks}) of slots that close in the block: pattern bits, and
     * on a first hit the first-arrival bin, kept for the slot (a select) and counted in
     * FIRST_ARRIVAL (adding 1 or 0, to bin 0 for a miss), and in BOTH_ARRIVAL when the other of
     * detectors 0 and 1 already hit the window (the later first arrival: the larger of the two
     * bins, as offsets and bins are monotone alike); IN_WINDOW and OUTSIDE. The bin is a shift for
     * a power-of-two BIN_TICKS, else the high half of a 64×64-bit product with ceil(2^63 /
     * BIN_TICKS), exact for offsets below 2^32 and BIN_TICKS below 2^31 ({@link
     * #binsExactByProduct}). Two windows that do not overlap (the usual pre and meas) take one
     * bin per click: the window it fell in.
     */
    private void gateClicks(final int clicks) {
        final long[] offsets = blkClickOffset;
        final int[] info = blkClickInfo;
        final int[] pats = blkPattern;
        final int[] fb = blkFirstBin;
        final long[] c = counters;
        final long[] starts = regs.winStart;
        final long[] lengths = regs.winLength32;
        final int shift = regs.binShift;
        final long magic = binMagic;
        final long lastBin = bins - 1;
        final int nb = bins;
        final int arrival = offFirstArrival;
        final int both = offBothArrival;
        final int[] otherDet = otherOf;
        final int[] bothDet = bothOf;
        final int k = maxDn;
        final int w0 = windows;
        final int d0 = detectors;
        final int wd = patternBits;
        final long[] planes = blkPlanes;
        final int pw = planeWords;
        long inWindow = 0;
        if (w0 == 2 && ((starts[1] - starts[0]) ^ Long.MIN_VALUE) >= (lengths[0] ^ Long.MIN_VALUE)
            && ((starts[0] - starts[1]) ^ Long.MIN_VALUE) >= (lengths[1] ^ Long.MIN_VALUE)) {
            // two windows that do not overlap: a click is in at most one, whose bin alone is taken
            final long start0 = starts[0];
            final long start1 = starts[1];
            final long length0 = lengths[0];
            final long length1 = lengths[1];
            for (int i = 0; i < clicks; i++) {
                final int ci = U.getInt(info, INTS + ((long) i << 2));
                final int j = ci >>> 4;
                final int d = ci & 15;
                final long off = U.getLong(offsets, LONGS + ((long) i << 3));
                final long patAt = INTS + ((long) (k + j) << 2);
                final int p = U.getInt(pats, patAt);
                final long rel0 = off - start0;
                final long rel1 = off - start1;
                final int in0 = (int) (((rel0 - length0) & ~rel0) >>> 63);
                final int in1 = (int) (((rel1 - length1) & ~rel1) >>> 63);
                final int hit = in0 | in1;
                final int w = in1;                            // the window hit (0 when none: masked below)
                final long rel = in1 != 0 ? rel1 : rel0;
                final int bit = d + (d0 & -w);
                final int first = (hit & ~(p >>> bit)) & 1;
                final int b = (int) Math.min(shift >= 0 ? rel >>> shift : Math.multiplyHigh(rel << 1, magic), lastBin) & -first;
                final long fa = LONGS + ((long) (arrival + bit * nb + b) << 3);
                U.putLong(c, fa, U.getLong(c, fa) + first);
                final int at = j * wd;
                final long fbAt = INTS + ((long) (at + bit) << 2);
                U.putInt(fb, fbAt, b | (U.getInt(fb, fbAt) & (first - 1)));
                final int otherBit = (w0 == 2 ? d0 & -w : 0) + U.getInt(otherDet, INTS + ((long) d << 2));
                final int bothHit = first & (p >>> otherBit) & U.getInt(bothDet, INTS + ((long) d << 2));
                final int later = Math.max(b, U.getInt(fb, INTS + ((long) (at + otherBit) << 2)));
                final long ba = LONGS + ((long) (both + w * nb + later) << 3);
                U.putLong(c, ba, U.getLong(c, ba) + bothHit);
                U.putInt(pats, patAt, p | (hit << bit));
                final int pos = k + j;
                final long planeAt = LONGS + ((long) (bit * pw + (pos >>> 6)) << 3);
                U.putLong(planes, planeAt, U.getLong(planes, planeAt) | (long) hit << pos);
                inWindow += hit;
            }
        } else {
            for (int i = 0; i < clicks; i++) {
                final int ci = info[i];
                final int j = ci >>> 4;
                final int d = ci & 15;
                final long off = offsets[i];
                int p = pats[k + j];
                final int at = j * wd;
                int hit = 0;
                for (int w = 0, bit = d; w < w0; w++, bit += d0) {
                    final long rel = off - starts[w];
                    final int in = (int) (((rel - lengths[w]) & ~rel) >>> 63);
                    final int first = in & ~(p >>> bit) & 1;
                    final int b = (int) Math.min(shift >= 0 ? rel >>> shift : Math.multiplyHigh(rel << 1, magic), lastBin) & -first;
                    c[arrival + bit * nb + b] += first;
                    fb[at + bit] = b | (fb[at + bit] & (first - 1));
                    final int otherBit = w * d0 + otherDet[d];
                    c[both + w * nb + Math.max(b, fb[at + otherBit])] += first & (p >>> otherBit) & bothDet[d];
                    p |= in << bit;
                    planes[bit * pw + ((k + j) >>> 6)] |= (long) in << (k + j);
                    hit |= in;
                }
                pats[k + j] = p;
                inWindow += hit;
            }
        }
        c[offInWindow] += inWindow;
        c[offOutside] += clicks - inWindow;
    }

    /**
     * Pass 3: closes slots [0, ns) (trials n0 .. n0 + ns - 1): PATTERNS[p]; then the ΔN counts, the first K patterns after a reset
     * and the ring of recent nonzero patterns.
     */
    private void closeSlots(final int ns, final long n0) {
        final long[] c = counters;
        final int[] pats = blkPattern;
        final int k = maxDn;
        final int patterns = offPatterns;
        long nonZero = 0;
        for (int j = 0; j < ns; j++) {
            final int p = U.getInt(pats, INTS + ((long) (k + j) << 2));
            final long at = LONGS + ((long) (patterns + p) << 3);
            U.putLong(c, at, U.getLong(c, at) + 1);
            nonZero += (p | -p) >>> 31;
        }
        nonZeroInFrame += nonZero;
        // PATTERNS[0] is set from trial numbers when the frame closes (finishFrameCounters)
        if (k == 0) {
            return;
        }
        if (n0 < k) {
            for (int j = 0; j < ns && n0 + j < k; j++) {
                initialPatterns[(int) (n0 + j)] = pats[k + j];
            }
        }
        countPlanes(ns, n0);
        // the nonzero patterns among the block's last K trials join the ring (older ones are never read again)
        for (int j = Math.max(0, ns - k); j < ns; j++) {
            final int p = pats[k + j];
            if (p != 0) {
                final int head = recentHead;
                recentTrial[head] = n0 + j;
                recentPattern[head] = p;
                recentHead = (head + 1) & recentMask;
                if (recentCount <= recentMask) {
                    recentCount++;
                }
            }
        }
    }

    /**
     * DN_COINC and the per-bit counts of the block's ns closes from bit planes: position K - dn
     * holds trial n0 - dn (set here from the ring), position K + j slot j (set by pass 2 as its
     * clicks hit, slot 0's earlier bits by {@link #block}). DN_COINC[dn][a][b] gains
     * popcount((plane a shifted by dn) &amp; plane b) over the positions [K, K + ns): W·D planes,
     * K·(W·D)² popcounts per 64 trials, whatever the patterns.
     */
    private void countPlanes(final int ns, final long n0) {
        final int k = maxDn;
        final int wd = patternBits;
        final int[] hist = endHistory;
        recentPatterns(hist, n0);
        final int positions = k + ns;
        final int words = (positions + 63) >>> 6;
        final int pw = planeWords;
        final long[] planes = blkPlanes;
        // the slots' bits were set by pass 2 (slot 0's earlier ones in block()); the K trials before go to positions K - dn
        for (int dn = 1; dn <= k; dn++) {
            final int pos = k - dn;
            for (int m = hist[dn - 1]; m != 0; m &= m - 1) {
                planes[Integer.numberOfTrailingZeros(m) * pw + (pos >>> 6)] |= 1L << pos;
            }
        }
        // the late positions [K, K + ns): words firstWord..words-1, the first one masked below K
        final int firstWord = k >>> 6;
        final long firstMask = -1L << (k & 63);
        final long[] bc = bitCount;
        for (int bit = 0; bit < wd; bit++) {
            final int pb = bit * pw;
            long s = Long.bitCount(planes[pb + firstWord] & firstMask);
            for (int w = firstWord + 1; w < words; w++) {
                s += Long.bitCount(planes[pb + w]);
            }
            bc[bit] += s;
        }
        final long[] c = counters;
        final long[] moved = blkMoved;
        final int late = words - firstWord;
        for (int dn = 1; dn <= k; dn++) {
            final int sh = dn & 63;
            final int wordShift = dn >>> 6;
            for (int a = 0; a < wd; a++) {
                // plane a moved up by dn positions (bit pos is bit pos - dn of plane a), over the late words
                final int pa = a * pw;
                for (int w = firstWord; w < words; w++) {
                    final int src = w - wordShift;
                    final long hi = src >= 0 ? planes[pa + src] : 0;
                    final long lo = src >= 1 ? planes[pa + src - 1] : 0;
                    moved[w - firstWord] = sh == 0 ? hi : (hi << sh) | (lo >>> (64 - sh));
                }
                moved[0] &= firstMask;
                final int row = offDnCoinc + ((dn - 1) * wd + a) * wd;
                for (int b = 0; b < wd; b++) {
                    final int pb = b * pw + firstWord;
                    long s = 0;
                    for (int w = 0; w < late; w++) {
                        s += Long.bitCount(moved[w] & planes[pb + w]);
                    }
                    c[row + b] += s;
                }
            }
        }
    }

    /** Adds the fused kernel's per-frame counts, kept in locals, to the active frame. */
    private void flushLocals(final long inWindow, final long outside, final long beforeFirst, final long syncs, final long other,
                             final long outOfOrder) {
        final long[] c = counters;
        c[offInWindow] += inWindow;
        c[offOutside] += outside;
        c[offBeforeFirstSync] += beforeFirst;
        c[offSyncs] += syncs;
        c[offOtherChannel] += other;
        c[offOutOfOrder] += outOfOrder;
    }

    /**
     * Counts the {@code queued} nonzero trial closes of the fused kernel in order (each at its
     * trial number, with its sync and first-arrival offsets), then sets {@link #trialsClosed} to
     * {@code closed} and checks the frame: exactly the sequence of closes the records made.
     */
    private void countDeferred(final int queued, final long closed) {
        final int wd = patternBits;
        for (int i = 0; i < queued; i++) {
            trialsClosed = deferredTrial[i];
            closeNonEmpty(deferredPattern[i], deferredSync[i], deferredRel, i * wd);
        }
        if (trialsClosed != closed) {
            trialsClosed = closed;
            checkFrameDue();
        }
    }

    /**
     * The fused kernel with the sync-delay queue in play (SYNC_DELAY &gt; 0 or syncs pending):
     * each tag record goes through {@link #push}'s rules for a word of count 1, one at a time, its
     * TAGS counted where the model counts it (a tag that makes queued syncs effective counts in
     * the frame after the closes they cause).
     */
    private void pushHydraHarpT2Queued(final long address, final int records, final HydraT2State state) {
        final long[] perTop = topRecords;
        final long[] tags = state.tags;
        final boolean v1 = state.v1;
        long base = state.timeBase;
        final long end = address + ((long) records << 2);
        for (long a = address; a < end; a += 4) {
            final int rec = NATIVE_LE ? U.getInt(a) : Integer.reverseBytes(U.getInt(a));
            final int top = rec >>> 25;
            final long timetag = rec & 0x01FF_FFFF;
            if (top <= 64) {
                final int ch = HydraT2State.channelOfTop(top);
                tags[ch]++;
                pushOne(base + timetag, ch);
            } else {
                perTop[top]++;                                // overflows, markers, undefined: decoder counts
                if (top == 127) {
                    base += v1 ? HydraT2State.V1_WRAP : (timetag + ((timetag - 1) >>> 63)) << 25;
                }
            }
        }
        state.timeBase = base;
    }

    /** One tag on channel ch at time t, count 1: {@link #push}'s rules on the fields. */
    private void pushOne(final long t, final int ch) {
        final long[] c = counters;
        if (t < lastTime) {
            c[regs.tagCounterOf[ch]]++;
            c[offOutOfOrder]++;
            return;
        }
        lastTime = t;
        if (queueSize != 0 && queueTime[queueHead] <= t) {
            popEffectiveSyncs(t);
        }
        final int role = regs.roleOf[ch];
        if (role >= 0) {
            c[regs.tagCounterOf[ch]]++;
            if (trialOpen) {
                pattern = gate(t + regs.detDelay[role] - syncTime, role, pattern, 1);
            } else {
                c[offBeforeFirstSync]++;
            }
        } else if (role == ROLE_SYNC) {
            syncArrives(t, 1);
        } else {
            c[offTagsOther]++;
            c[offOtherChannel]++;
        }
    }

    /**
     * A sync word of {@code n} syncs arrives in order at raw time r (docs/frame-format.md rule 3):
     * effective at once (SYNC_DELAY &le; 0 and nothing queued), queued, or dropped when the queue is
     * full. Counts TAGS_SYNC.
     */
    private void syncArrives(final long r, final long n) {
        final long[] c = counters;
        final long syncDelay = regs.syncDelay;
        if (syncDelay <= 0 && queueSize == 0) {
            syncRunEffective(r + syncDelay, n, true);
        } else if (queueSize < PgMap.SYNC_QUEUE_DEPTH) {
            // a queued word is counted whole in the frame active when it arrives
            c[offTagsSync] += n;
            c[offSyncs] += n;
            int slot = queueHead + queueSize;
            if (slot >= PgMap.SYNC_QUEUE_DEPTH) {
                slot -= PgMap.SYNC_QUEUE_DEPTH;
            }
            queueTime[slot] = r + syncDelay;
            queueCount[slot] = n;
            queueSize++;
        } else {
            c[offTagsSync] += n;
            c[offSyncDropped] += n;
        }
    }

    /**
     * Adds the records counted per top-7-bit value since the last fold to the frame's TAGS
     * counters (tag records) and to the decoder state's counts (all records): at the end of a fused
     * call and before a frame closes inside one.
     */
    private void foldRecordCounts() {
        final HydraT2State s = activeState;
        if (s == null) {
            return;
        }
        final long[] perTop = topRecords;
        final long[] c = counters;
        final int[] tagCounters = regs.tagCounterOf;
        for (int top = 0; top <= 64; top++) {
            c[tagCounters[HydraT2State.channelOfTop(top)]] += perTop[top];
        }
        s.addRecordCounts(perTop);
    }

    /** The trial number at which the active frame is due (FRAME_TRIALS trials after its start or merge), or never. */
    private long frameDueAt() {
        final long frameTrials = regs.frameTrials;
        // FRAME_TRIALS >= 2^63 (unsigned) is never reached; already reached (lowered) makes the next close due
        return frameTrials <= 0 ? Long.MAX_VALUE : mergeBase + frameTrials;
    }

    /**
     * Everything that decides how later tags are counted, as one array, for the two-core split
     * (issue 15): two cores whose states are equal count every later tag alike. LAST_TIME, the
     * open trial (flag, sync time, pattern and the first-arrival bins of its set bits), the
     * sync-delay queue (size and entries), the last K patterns (oldest first), whether K trials
     * have closed since the reset (below that, pairs with trials before the reset are skipped),
     * and whether the frozen bank or a command waits. Frame counters and trial numbers are not
     * part of it.
     */
    public long[] trialState() {
        final int k = maxDn;
        final int[] recent = new int[k];
        recentPatterns(recent, trialsClosed);
        int nonZero = 0;
        for (final int p : recent) {
            nonZero += p != 0 ? 1 : 0;
        }
        final long[] st = new long[10 + patternBits + 2 * PgMap.SYNC_QUEUE_DEPTH + k];
        int i = 0;
        st[i++] = lastTime;
        st[i++] = trialOpen ? 1 : 0;
        st[i++] = syncTime;
        st[i++] = pattern;
        st[i++] = trialsClosed >= k ? 1 : 0;
        st[i++] = frames.frozenHeld() ? 1 : 0;
        st[i++] = regs.commandClose || regs.commandReset ? 1 : 0;
        st[i++] = queueSize;
        st[i++] = nonZero;
        st[i++] = regs.recordsEnabled ? 1 : 0;
        for (int bit = 0; bit < patternBits; bit++) {
            st[i++] = (pattern >>> bit & 1) != 0 ? binOf(firstRel[bit]) : -1;
        }
        for (int q = 0; q < queueSize; q++) {
            final int slot = (queueHead + q) % PgMap.SYNC_QUEUE_DEPTH;
            st[i++] = queueTime[slot];
            st[i++] = queueCount[slot];
        }
        i = 10 + patternBits + 2 * PgMap.SYNC_QUEUE_DEPTH;
        for (int dn = k; dn >= 1; dn--) {
            st[i++] = recent[dn - 1];
        }
        return st;
    }

    // ============================================================================ syncs and the sync-delay queue

    /**
     * Before an in-order tag with raw time r: the pending sync words at the head of the queue whose
     * effective time is at most r (signed) become effective, in queue order. The queue is a FIFO,
     * as in the firmware: a word behind one that is not yet due waits too (effective times are
     * monotone unless SYNC_DELAY changes while syncs are pending).
     */
    private void popEffectiveSyncs(final long r) {
        while (queueSize != 0 && queueTime[queueHead] <= r) {
            final int head = queueHead;
            queueHead = head + 1 == PgMap.SYNC_QUEUE_DEPTH ? 0 : head + 1;
            queueSize--;
            syncRunEffective(queueTime[head], queueCount[head], false);
        }
    }

    /**
     * {@code n} syncs become effective at time e: the first closes the open trial (if any), each
     * further one closes an empty trial, and the last leaves a new trial open at e.
     *
     * <p>{@code countMembers}: the word was not counted on arrival (effective at once), so each
     * member counts TAGS_SYNC and SYNCS in the frame active when it becomes effective, before its
     * trial close; a run that crosses a frame boundary thus splits its counts as single syncs would.
     *
     * <p>Cost O(frame boundaries crossed), not O(n): an empty close is a trial number and a frame
     * check, so the closes up to the next frame-due point are added in one step.
     */
    private void syncRunEffective(final long e, final long n, final boolean countMembers) {
        final long[] c = counters;
        if (countMembers) {
            c[offTagsSync]++;
            c[offSyncs]++;
        }
        if (trialOpen) {
            closeTrial(pattern);
        }
        trialOpen = true;
        syncTime = e;
        pattern = 0;
        long rest = n - 1;
        while (rest != 0) {
            long m = rest;
            final long frameTrials = regs.frameTrials;
            if (frameTrials != 0) {
                // closes until the frame is due (at least 1: FRAME_TRIALS may have been lowered below the count)
                final long since = trialsClosed - mergeBase;
                final long due = Long.compareUnsigned(since, frameTrials) >= 0 ? 1 : frameTrials - since;
                if (Long.compareUnsigned(due, m) < 0) {
                    m = due;
                }
            }
            if (countMembers) {
                c[offTagsSync] += m;
                c[offSyncs] += m;
            }
            trialsClosed += m;
            rest -= m;
            checkFrameDue();
        }
    }

    /**
     * Closes the open trial with pattern p: the counters of docs/frame-format.md "Trial close".
     * An empty trial is only counted (TRIALS, PATTERNS[0], DN_PAIRS follow from trial numbers when
     * the frame closes, {@link #finishFrameCounters()}); ΔN work is done for nonzero patterns only.
     */
    private void closeTrial(final int p) {
        if (p != 0) {
            closeNonEmpty(p, syncTime, firstRel, 0);
        } else {
            trialsClosed++;
            checkFrameDue();
        }
    }

    /**
     * Closes trial n (= {@link #trialsClosed}) with nonzero pattern p, opened by the sync at
     * {@code sync}, whose first-arrival offsets are {@code first[firstAt + bit]}: its record,
     * PATTERNS[p], the coincidence pairs with the nonzero patterns of the K trials before it, the
     * per-bit counts and the arrival histograms (bins from the first-arrival offsets). DN_EARLY and
     * DN_LATE are not counted here (see the class comment).
     */
    private void closeNonEmpty(final int p, final long sync, final long[] first, final int firstAt) {
        final long[] c = counters;
        final long n = trialsClosed;
        if (regs.recordsEnabled) {
            makeRecord(p, sync, first, firstAt);
        }
        c[offPatterns + p]++;
        nonZeroInFrame++;
        final int k = maxDn;
        if (k > 0) {
            if (n < k) {
                initialPatterns[(int) n] = p;
            }
            countCoincidences(p, n);
        }
        final long[] bc = bitCount;
        final int nb = bins;
        final int d0 = detectors;
        for (int m = p; m != 0; m &= m - 1) {
            final int bit = Integer.numberOfTrailingZeros(m);
            bc[bit]++;
            c[offFirstArrival + bit * nb + binOf(first[firstAt + bit])]++;
        }
        if (d0 >= 2) {
            for (int m = p & (p >>> 1) & detector0Mask; m != 0; m &= m - 1) {
                final int bit = Integer.numberOfTrailingZeros(m);
                // both detectors' first arrivals: the later one (offsets and bins are monotone alike)
                c[offBothArrival + (bit / d0) * nb + binOf(Math.max(first[firstAt + bit], first[firstAt + bit + 1]))]++;
            }
        }
        trialsClosed = n + 1;
        checkFrameDue();
    }

    /** floor(rel / BIN_TICKS), capped at the last bin, for a first-arrival offset rel below 2^32. */
    private int binOf(final long rel) {
        long b;
        if (regs.binShift >= 0) {
            b = rel >>> regs.binShift;
        } else {
            // exact floor(rel / BIN_TICKS) for rel < 2^32: the double quotient is
            // floor or floor - 1 (relative error 2^-52 against a gap of 1/BIN_TICKS)
            b = (long) (rel * regs.binInverse);
            if ((b + 1) * regs.binDivisor <= rel) {
                b++;
            }
        }
        final int lastBin = bins - 1;
        return b < lastBin ? (int) b : lastBin;
    }

    /**
     * The record of the closing trial (index {@link #trialsClosed}, {@link #syncTime}, pattern p,
     * the bins of its set bits) at the tail of the ring + FIFO queue, or dropped when that is full.
     */
    private void makeRecord(final int p, final long sync, final long[] first, final int firstAt) {
        final int base = records.append();
        if (base < 0) {
            return;
        }
        final long[] q = records.queue;
        final PgMap.RecordLayout rl = records.layout;
        q[base + rl.offTrial] = trialsClosed;
        q[base + rl.offSyncTime] = sync;
        q[base + rl.offPattern] = p & 0xFFFF_FFFFL;
        for (int bit = 0; bit < rl.lenFirstBin; bit++) {
            q[base + rl.offFirstBin + bit] = (p >>> bit & 1) != 0 ? binOf(first[firstAt + bit]) : 0;
        }
    }

    /**
     * After a trial close: the frame is due when FRAME_TRIALS is set and the trials since the
     * frame's start or its last merge reach it (">=" unsigned, as the firmware: lowering
     * FRAME_TRIALS below them makes the frame due at once). With the frozen bank held by the host
     * the close is merged: the frame keeps accumulating and counts the absorbed close.
     */
    private void checkFrameDue() {
        final long frameTrials = regs.frameTrials;
        if (frameTrials != 0 && Long.compareUnsigned(trialsClosed - mergeBase, frameTrials) >= 0) {
            if (frames.frozenHeld()) {
                counters[offMerges]++;
                merges++;
                mergeBase = trialsClosed;
            } else {
                closeFrame(PgMap.FLAG_TRIAL_CLOSE);
            }
        }
    }

    /**
     * The coincidence pairs of a nonzero p (trial n) with the nonzero patterns of the K trials
     * before it, newest first from the ring of nonzero patterns; then p joins the ring. Cost: the
     * nonzero patterns within K, whatever K.
     */
    private void countCoincidences(final int p, final long n) {
        final long[] trials = recentTrial;
        final int[] pats = recentPattern;
        final int mask = recentMask;
        final long k = maxDn;
        final int wd = patternBits;
        int idx = recentHead;
        final int held = recentCount;
        if (pairMode) {
            final long[] ph = pairHist;
            final int[] touched = pairTouched;
            final int dnShift = 2 * wd;
            int nt = pairTouchedCount;
            for (int i = 0; i < held; i++) {
                idx = (idx - 1) & mask;
                final long dn = n - trials[idx];
                if (dn > k) {
                    break;
                }
                final int e = ((int) (dn - 1) << dnShift) | (pats[idx] << wd) | p;
                if (ph[e]++ == 0) {
                    touched[nt++] = e;
                }
            }
            pairTouchedCount = nt;
        } else {
            final long[] c = counters;
            for (int i = 0; i < held; i++) {
                idx = (idx - 1) & mask;
                final long dn = n - trials[idx];
                if (dn > k) {
                    break;
                }
                countCoincidencePerBit(c, (int) (dn - 1) * wd, pats[idx], p);
            }
        }
        final int head = recentHead;
        trials[head] = n;
        pats[head] = p;
        recentHead = (head + 1) & mask;
        if (held <= mask) {
            recentCount = held + 1;
        }
    }

    private void countCoincidencePerBit(final long[] c, final int row, final int early, final int p) {
        final int wd = patternBits;
        for (int a = early; a != 0; a &= a - 1) {
            final int coinc = offDnCoinc + (row + Integer.numberOfTrailingZeros(a)) * wd;
            for (int b = p; b != 0; b &= b - 1) {
                c[coinc + Integer.numberOfTrailingZeros(b)]++;
            }
        }
    }

    /** dst[dn - 1] = the pattern of trial {@code at} - dn for dn = 1..K (0 for an empty trial or one before the reset). */
    private void recentPatterns(final int[] dst, final long at) {
        Arrays.fill(dst, 0);
        final long[] trials = recentTrial;
        final int mask = recentMask;
        final long k = maxDn;
        int idx = recentHead;
        for (int i = 0; i < recentCount; i++) {
            idx = (idx - 1) & mask;
            final long dn = at - trials[idx];
            if (dn > k) {
                break;
            }
            dst[(int) dn - 1] = recentPattern[idx];
        }
    }

    /**
     * Completes the counters of the frame that closes now: TRIALS and PATTERNS[0] from trial
     * numbers, the TAGS counters of fused records, DN_PAIRS from its trial range; DN_EARLY and
     * DN_LATE from the per-bit count, the history at the end, the snapshot at the start and the
     * first K patterns (class comment); DN_COINC from the pair histogram (then emptied).
     */
    private void finishFrameCounters() {
        final long[] c = counters;
        final int k = maxDn;
        final long first = frameFirstTrial;
        final long end = trialsClosed;
        c[offTrials] = end - first;
        c[offPatterns] = end - first - nonZeroInFrame;
        nonZeroInFrame = 0;
        foldRecordCounts();
        // DN_PAIRS[dn-1]: trials n of [first, end) with n >= dn
        for (int dn = 1; dn <= k; dn++) {
            final long from = Math.max(first, dn);
            c[offDnPairs + dn - 1] = end > from ? end - from : 0;
        }
        if (k == 0) {
            return;
        }
        final int wd = patternBits;
        final long[] bc = bitCount;
        final long[] re = runEnd;
        final long[] rs = runStart;
        final long[] rl = runLate;
        Arrays.fill(re, 0L);
        Arrays.fill(rs, 0L);
        Arrays.fill(rl, 0L);
        final int[] hist = endHistory;
        recentPatterns(hist, end);
        final int[] snap = frameStartHistory;
        final int[] initial = initialPatterns;
        for (int dn = 1; dn <= k; dn++) {
            // re: bits of trials [end - dn, end); rs: of [first - dn, first); rl: of [first, dn) (first < dn)
            for (int a = hist[dn - 1]; a != 0; a &= a - 1) {
                re[Integer.numberOfTrailingZeros(a)]++;
            }
            for (int a = snap[dn - 1]; a != 0; a &= a - 1) {
                rs[Integer.numberOfTrailingZeros(a)]++;
            }
            if (first < dn) {
                for (int a = initial[dn - 1]; a != 0; a &= a - 1) {
                    rl[Integer.numberOfTrailingZeros(a)]++;
                }
            }
            if (end > Math.max(first, dn)) {
                final int early = offDnEarly + (dn - 1) * wd;
                final int late = offDnLate + (dn - 1) * wd;
                for (int bit = 0; bit < wd; bit++) {
                    // bits over [max(first, dn) - dn, end - dn) and over [max(first, dn), end)
                    c[early + bit] = bc[bit] - re[bit] + rs[bit];
                    c[late + bit] = bc[bit] - rl[bit];
                }
            }
        }
        Arrays.fill(bc, 0L);
        if (pairMode) {
            final long[] ph = pairHist;
            final int[] touched = pairTouched;
            final int dnShift = 2 * wd;
            final int pmask = (1 << wd) - 1;
            final int nt = pairTouchedCount;
            for (int i = 0; i < nt; i++) {
                final int idx = touched[i];
                final long cnt = ph[idx];
                ph[idx] = 0;
                final int row = (idx >>> dnShift) * wd;
                final int early = (idx >>> wd) & pmask;
                final int p = idx & pmask;
                for (int a = early; a != 0; a &= a - 1) {
                    final int coinc = offDnCoinc + (row + Integer.numberOfTrailingZeros(a)) * wd;
                    for (int b = p; b != 0; b &= b - 1) {
                        c[coinc + Integer.numberOfTrailingZeros(b)] += cnt;
                    }
                }
            }
            pairTouchedCount = 0;
        }
    }

    // ============================================================================ frames and ring

    /**
     * Closes the active frame (the frozen bank is free): into the ring when it has a slot, else
     * into the frozen bank, where it waits for the host while tags keep flowing into the active
     * bank. The active bank restarts at zero either way.
     */
    private void closeFrame(final int flags) {
        // the counter array is complete from here on
        finishFrameCounters();
        frames.close(counters, flags, frameFirstTrial);
        Arrays.fill(counters, 0L);
        frameFirstTrial = trialsClosed;
        mergeBase = trialsClosed;
        if (maxDn > 0) {
            recentPatterns(frameStartHistory, trialsClosed);
        }
    }

    @Override
    public int framesPending() {
        return frames.pending();
    }

    @Override
    public int readFrame(final long[] dst) {
        return frames.read(dst);
    }

    @Override
    public void releaseFrame() {
        frames.release();
        runCommands();
    }

    // ============================================================================ trial records

    @Override
    public PgMap.RecordLayout recordLayout() {
        return records.layout;
    }

    @Override
    public int recordsPending() {
        return records.pending();
    }

    @Override
    public int readRecords(final long[] dst) {
        return records.read(dst);
    }

    // ============================================================================ registers

    @Override
    public long readRegister(final int address) {
        switch (address) {
            case PgMap.REG_ID:
                return PgMap.ID_VALUE;
            case PgMap.REG_SHAPE:
                return shapeWord;
            case PgMap.REG_FRAME_WORDS:
                return frameWords;
            case PgMap.REG_CTRL:
                return 0;
            case PgMap.REG_STATUS:
                // QUIET: nothing in flight but (maybe) the held frame; a waiting command is in flight
                return (frames.frozenHeld() ? PgMap.STATUS_FRAME_PENDING : PgMap.STATUS_IDLE)
                    | (regs.commandWaiting() ? 0 : PgMap.STATUS_QUIET);
            case PgMap.REG_FRAMES:
                return frames.framesEmitted();
            case PgMap.REG_TRIALS:
                return trialsClosed;
            case PgMap.REG_MERGES:
                return merges;
            case PgMap.REG_SYNC_PENDING:
                return queueSize;
            case PgMap.REG_LANES:
                // the model takes one tag at a time; lanes change the clocks a word costs, never a count
                return 1;
            case PgMap.REG_RECORDS_MADE:
                return records.made();
            case PgMap.REG_RECORDS_DROPPED:
                return records.dropped();
            default:
                return regs.read(address);
        }
    }

    /**
     * A register write ({@link SoftRegisters}). A CTRL command runs after every tag already
     * accepted (all of them, here); behind a waiting frame it is held. CLOSE_FRAME runs before
     * RESET when both bits are set.
     */
    @Override
    public void writeRegister(final int address, final long value) {
        if (address == PgMap.REG_CTRL) {
            if (regs.command(value)) {
                runCommands();
            }
            return;
        }
        if (regs.write(address, value)) {
            rebuildTopTables();
        }
    }

    private void runCommands() {
        while (!frames.frozenHeld() && regs.commandWaiting()) {
            if (regs.commandClose) {
                regs.commandClose = false;
                closeFrame(PgMap.FLAG_HOST_CLOSE);
            } else {
                regs.commandReset = false;
                resetCore();
            }
        }
    }

    /**
     * CTRL_RESET: counters, trial state, history, the sync-delay queue, SEQ, FRAMES, TRIALS,
     * MERGES, RECORDS_MADE and RECORDS_DROPPED; the configuration stays, and so do records already
     * made (ring and FIFO). Never runs while the frozen bank is held (the command waits).
     */
    private void resetCore() {
        lastTime = Long.MIN_VALUE;
        trialOpen = false;
        syncTime = 0;
        pattern = 0;
        Arrays.fill(firstRel, 0L);
        recentHead = 0;
        recentCount = 0;
        nonZeroInFrame = 0;
        Arrays.fill(frameStartHistory, 0);
        Arrays.fill(initialPatterns, 0);
        Arrays.fill(bitCount, 0L);
        for (int i = 0; i < pairTouchedCount; i++) {
            pairHist[pairTouched[i]] = 0;
        }
        pairTouchedCount = 0;
        trialsClosed = 0;
        mergeBase = 0;
        frames.resetCounts();
        merges = 0;
        frameFirstTrial = 0;
        queueHead = 0;
        queueSize = 0;
        records.resetCounts();
        Arrays.fill(counters, 0L);
    }

    /** The fused kernel's tables by the top 7 bits of a record, from the channel roles. */
    private void rebuildTopTables() {
        for (int top = 0; top < 128; top++) {
            final int role;
            if (top <= 64) {
                role = regs.roleOf[HydraT2State.channelOfTop(top)];
            } else {
                role = top == 127 ? ROLE_OVERFLOW : ROLE_SPECIAL;
            }
            topDetector[top] = (byte) Math.max(role, 0);
            topFlags[top] = (byte) (role >= 0 ? FLAG_TAG | FLAG_DETECTOR : role == ROLE_SYNC ? FLAG_TAG | FLAG_SYNC
                : role == ROLE_OTHER ? FLAG_TAG | FLAG_OTHER : role == ROLE_OVERFLOW ? FLAG_OVERFLOW : 0);
        }
    }

    @Override
    public void close() {
        final NativeT2Kernel nk = nativeT2;
        if (nk != null) {
            nativeT2 = null;
            nk.close();
        }
    }

    @Override
    public String toString() {
        return "FastSoftDevice[W=" + windows + ", D=" + detectors + ", K=" + maxDn + ", B=" + bins + ", ring=" + ringFrames
            + ", records=" + recordCapacity + "]";
    }
}
