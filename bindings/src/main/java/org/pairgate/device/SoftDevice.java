package org.pairgate.device;

import java.nio.ByteOrder;
import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The pure-Java model of the pairgate core (engine {@code soft}): for the same tags, configuration
 * and CTRL sequence it produces the same frame words as the firmware, for any shape (W, D, K, B).
 *
 * <p>Behaviour follows {@code docs/frame-format.md} rule by rule; the register file and the frame
 * ring follow {@code hw-sim/include/pairgate.h}. The differential test {@code RtlVersusSoftTest}
 * holds the two engines to the same words.
 *
 * <h2>Layout of the work</h2>
 * <ul>
 *   <li>Per tag (the hot path, allocation-free): a 256-entry table maps the channel to its role and
 *   to its {@code TAGS_*} counter, one signed compare drops out-of-order tags, and a detector tag
 *   costs one delayed offset and W unsigned compares (a window test {@code rel <u LEN} is a single
 *   compare because LEN is below 2^32).</li>
 *   <li>Per trial close: an empty trial after K empty trials costs two increments (PATTERNS[0],
 *   TRIALS). Otherwise, for W·D ≤ 6, one increment per ΔN into a pair histogram indexed by
 *   (ΔN, h[ΔN], p), expanded into DN_EARLY, DN_LATE and DN_COINC when the frame closes; for larger
 *   W·D, work proportional to the set bits of the two patterns (lowest-set-bit iteration). The
 *   arrival histograms cost one increment per set bit. DN_PAIRS is never counted per trial: it
 *   follows from FIRST_TRIAL and TRIALS when the frame closes.</li>
 *   <li>Per frame: the counters live in a {@code long[]} laid out exactly as the frame and are
 *   completed when the frame closes, so closing a frame is one array copy (into the ring, or into
 *   the frozen bank when the ring is full) plus the header and trailer words, then a fill.</li>
 * </ul>
 *
 * <h2>Tag words, sync runs and the sync-delay queue (frame format 2)</h2>
 * A tag word stands for {@code count} identical tags. Detector and other words add the count to
 * their counters. A sync word with SYNC_DELAY &le; 0 and no sync pending is a run of effective
 * syncs; after at most K single empty closes (until the history is all zero) the rest of the run
 * is added in bulk up to each frame-due point, so a run of 4·10<sup>9</sup> syncs costs
 * O(K + frames crossed). Otherwise the word waits in a 16-entry FIFO until the first in-order tag
 * whose raw time reaches its effective time (or is counted in SYNC_DROPPED when the FIFO is full).
 *
 * <h2>Ring, the two banks and backpressure</h2>
 * A closed frame goes into a ring of {@code ringFrames} slots. When the ring is full it is held
 * in the frozen bank ({@link PgMap#STATUS_FRAME_PENDING}) and tags keep flowing into the active
 * bank; a trial-close that falls due meanwhile is merged (frame word and register MERGES), a
 * CTRL command waits (then {@link #push} accepts nothing) and a second one is refused with
 * {@link DeviceException#ESTATE}, as by the firmware. {@link #releaseFrame()} moves the frozen
 * frame into the ring and then runs the waiting command.
 *
 * <h2>Trial records</h2>
 * With RECORDS_ENABLE set, a trial that closes with a non-zero pattern makes a record (trial
 * index, sync time, pattern, first-arrival bins; {@link PgMap.RecordLayout}). The firmware keeps
 * records in a FIFO of {@link PgMap#RECORD_FIFO_DEPTH} and the library moves them into a host ring
 * of {@code recordCapacity} whenever it has room, within the trial close (a close takes longer
 * than the move), so ring and FIFO act as one queue of {@code recordCapacity + RECORD_FIFO_DEPTH}
 * records: a record made while it is full is dropped (RECORDS_DROPPED). This class keeps that one
 * queue; {@link #recordsPending()} shows the part in the ring. Bulk closes of a sync run are empty
 * and make none.
 *
 * <h2>Where docs/frame-format.md is silent, the firmware decides</h2>
 * Each point below is what {@code fpga/rtl/pg_core.v} and {@code libpairgate_rtl.so} do, and
 * {@code RtlVersusSoftTest} checks it:
 * <ul>
 *   <li>the sync that closes the frame's last trial counts (TAGS_SYNC, SYNCS) in that frame;</li>
 *   <li>a frame is due when its trials since its start or last merge reach FRAME_TRIALS or more
 *   (unsigned), so lowering FRAME_TRIALS below them closes it at the next trial close;</li>
 *   <li>pending syncs that become effective before an in-order tag do so before that tag's own
 *   counters (TAGS_*, category) are counted: a tag whose arrival closes a frame through a pending
 *   sync counts in the next frame, like the trial it belongs to;</li>
 *   <li>the sync-delay queue is a FIFO: only its head is compared with the tag's time, so after
 *   SYNC_DELAY was lowered while syncs wait, a later word with an earlier effective time waits
 *   behind the head (and then becomes effective with its own, earlier, sync time);</li>
 *   <li>a push with a word of count 0 is refused whole ({@link DeviceException#EINVAL}), before
 *   any word is accepted;</li>
 *   <li>registers keep all 64 written bits but RECORDS_ENABLE, which keeps bit 0 (SYNC_CHANNEL 0x1FF matches no channel; channel 255
 *   does match the default DET_CHANNEL 0xFF); BIN_TICKS of 2^32 or more puts every tag in bin 0;</li>
 *   <li>a write to a read-only register is {@link DeviceException#EINVAL}; reading CTRL gives 0;</li>
 *   <li>CTRL with both bits closes the frame first, then resets; RESET leaves frames already in
 *   the ring there; FRAMES counts frames written into the ring (not one that waits).</li>
 * </ul>
 *
 * <p>Not thread-safe: one thread drives a device.
 */
public final class SoftDevice implements Device {
    /** Largest W·D: PATTERNS has 2^(W·D) words per frame. */
    public static final int MAX_PATTERN_BITS = 20;

    /** Largest W·D for which the ΔN counters go through the pair histogram (2^(2·W·D) entries per ΔN). */
    private static final int PAIR_HIST_MAX_BITS = 6;
    /** Largest pair histogram (K·2^(2·W·D) longs); a larger one takes the per-bit path. */
    private static final long PAIR_HIST_MAX_ENTRIES = 1L << 16;

    private static final int ROLE_SYNC = SoftRegisters.ROLE_SYNC;
    private static final int ROLE_OTHER = SoftRegisters.ROLE_OTHER;

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

    /** Bits (w, 0) of a pattern, one per window. */
    private final int detector0Mask;

    // --- core state ---------------------------------------------------------------------------------
    private long lastTime;
    private boolean trialOpen;
    private long syncTime;
    private int pattern;
    /** First-arrival bin of each pattern bit (valid where the bit is set). */
    private final int[] arrivalBin;
    /**
     * Patterns of the last K closed trials, stored twice (slots s and s + K) so that the K entries
     * before the head are contiguous: history[historyHead + K - dn] is trial n - dn (dn = 1..K).
     */
    private final int[] history;
    private int historyHead;
    /** Slots 0..K-1 of {@link #history} that hold a nonzero pattern: 0 lets an empty trial skip the ΔN work. */
    private int historyNonZero;

    // --- ΔN pair histogram (W·D small): DN_EARLY/LATE/COINC are expanded from it when the frame closes ---
    /** True when the ΔN counters go through {@link #pairHist}, false for the per-bit path (large W·D). */
    private final boolean pairMode;
    /** pairHist[((dn - 1) << 2WD) | (h << WD) | p]: trials of the frame with pattern p and h[dn] = h (not both 0). */
    private final long[] pairHist;
    /** Indices of the nonzero entries of {@link #pairHist}, in first-touch order. */
    private final int[] pairTouched;
    private int pairTouchedCount;
    private long trialsClosed;
    /** Trials closed in the active frame since its start or its last merge: the frame is due when they reach FRAME_TRIALS. */
    private long trialsSinceMerge;
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
    public SoftDevice(final int windows, final int detectors, final int maxDn, final int bins, final int ringFrames) {
        this(windows, detectors, maxDn, bins, ringFrames, Devices.DEFAULT_RECORD_CAPACITY);
    }

    /**
     * As {@link #SoftDevice(int, int, int, int, int)}, with a trial-record ring of
     * {@code recordCapacity} records (at least 1; the core's FIFO of
     * {@link PgMap#RECORD_FIFO_DEPTH} comes on top).
     */
    public SoftDevice(final int windows, final int detectors, final int maxDn, final int bins, final int ringFrames,
                      final int recordCapacity) {
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

        this.arrivalBin = new int[patternBits];
        this.history = new int[Math.max(2 * maxDn, 1)];
        this.pairMode = maxDn > 0 && patternBits <= PAIR_HIST_MAX_BITS && ((long) maxDn << (2 * patternBits)) <= PAIR_HIST_MAX_ENTRIES;
        final int pairEntries = pairMode ? maxDn << (2 * patternBits) : 0;
        this.pairHist = new long[pairEntries];
        this.pairTouched = new int[pairEntries];
        this.counters = new long[frameWords];
        this.ringFrames = ringFrames;
        this.frames = new SoftFrameRing(l, ringFrames);

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
        final long[] starts = regs.winStart;
        final long[] lengths = regs.winLengthBiased;
        final int[] binOfBit = arrivalBin;
        final long[] pendingTime = queueTime;
        final long[] pendingCount = queueCount;
        final int w0 = windows;
        final int d0 = detectors;
        final int lastBin = bins - 1;
        final int shift = regs.binShift;
        final long divisor = regs.binDivisor;
        final double inverse = regs.binInverse;
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
            if (queueSize != 0 && pendingTime[queueHead] <= t) {
                final int head = queueHead;
                final int next = head + 1 == PgMap.SYNC_QUEUE_DEPTH ? 0 : head + 1;
                if (pendingCount[head] == 1 && (queueSize == 1 || pendingTime[next] > t)) {
                    // the common case, kept inline: exactly one single sync becomes effective
                    queueHead = next;
                    queueSize--;
                    if (open) {
                        pattern = pat;
                        syncTime = sync; // the closing trial's, for its record
                        closeTrial(); // may close a frame; the trial state (pattern, sync, open) is not touched
                    }
                    open = true;
                    sync = pendingTime[head];
                    pat = 0;
                } else {
                    // pending syncs due before this tag become effective: they may close trials and frames
                    pattern = pat;
                    trialOpen = open;
                    syncTime = sync;
                    popEffectiveSyncs(t);
                    pat = pattern;
                    open = trialOpen;
                    sync = syncTime;
                }
            }
            final int role = roles[ch];
            if (role >= 0) {
                c[tagCounters[ch]] += n;
                if (!open) {
                    c[offBeforeFirstSync] += n;
                    continue;
                }
                final long off = t + detDelay[role] - sync;
                int hit = 0;
                for (int w = 0, bit = role; w < w0; w++, bit += d0) {
                    final long rel = off - starts[w];
                    // rel <u WIN_LENGTH[w] (low 32 bits), so an in-window rel is below 2^32
                    final int m = (rel ^ Long.MIN_VALUE) < lengths[w] ? 1 << bit : 0;
                    hit |= m;
                    if ((m & ~pat) != 0) { // first arrival of (w, d)
                        pat |= m;
                        long b;
                        if (shift >= 0) {
                            b = rel >>> shift;
                        } else {
                            // exact floor(rel / BIN_TICKS) for rel < 2^32: the double quotient is
                            // floor or floor - 1 (relative error 2^-52 against a gap of 1/BIN_TICKS)
                            b = (long) (rel * inverse);
                            if ((b + 1) * divisor <= rel) {
                                b++;
                            }
                        }
                        binOfBit[bit] = b < lastBin ? (int) b : lastBin;
                    }
                }
                c[hit != 0 ? offInWindow : offOutside] += n;
            } else if (role == ROLE_SYNC) {
                // docs/frame-format.md rule 3: effective at once, queued, or dropped
                if (syncDelay <= 0 && queueSize == 0) {
                    if (n == 1) {
                        // the common single sync (version 1 behaviour), kept inline
                        c[offTagsSync]++;
                        c[offSyncs]++;
                        if (open) {
                            pattern = pat;
                            syncTime = sync; // the closing trial's, for its record
                            closeTrial(); // may close a frame; the trial state (pattern, sync, open) is not touched
                        }
                        open = true;
                        sync = t + syncDelay;
                        pat = 0;
                    } else {
                        pattern = pat;
                        trialOpen = open;
                        syncTime = sync;
                        syncRunEffective(t + syncDelay, n, true);
                        pat = pattern;
                        open = trialOpen;
                        sync = syncTime;
                    }
                } else if (queueSize < PgMap.SYNC_QUEUE_DEPTH) {
                    // a queued word is counted whole in the frame active when it arrives
                    c[offTagsSync] += n;
                    c[offSyncs] += n;
                    int slot = queueHead + queueSize;
                    if (slot >= PgMap.SYNC_QUEUE_DEPTH) {
                        slot -= PgMap.SYNC_QUEUE_DEPTH;
                    }
                    pendingTime[slot] = t + syncDelay;
                    pendingCount[slot] = n;
                    queueSize++;
                } else {
                    c[offTagsSync] += n;
                    c[offSyncDropped] += n;
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
     * <p>Cost O(K + frame boundaries crossed), not O(n): after at most K empty closes the history
     * is all zero, and from there an empty close changes only PATTERNS[0] and TRIALS (DN_PAIRS
     * follows from the trial range when the frame closes), so the closes up to the next frame-due
     * point are added in one step.
     */
    private void syncRunEffective(final long e, final long n, final boolean countMembers) {
        final long[] c = counters;
        if (countMembers) {
            c[offTagsSync]++;
            c[offSyncs]++;
        }
        if (trialOpen) {
            closeTrial();
        }
        trialOpen = true;
        syncTime = e;
        pattern = 0;
        long rest = n - 1;
        while (rest != 0) {
            if (historyNonZero != 0) {
                // one empty close at a time while an earlier nonzero pattern is within K trials
                if (countMembers) {
                    c[offTagsSync]++;
                    c[offSyncs]++;
                }
                closeTrial();
                rest--;
                continue;
            }
            long m = rest;
            final long frameTrials = regs.frameTrials;
            if (frameTrials != 0) {
                // closes until the frame is due (at least 1: FRAME_TRIALS may have been lowered below the count)
                final long due = Long.compareUnsigned(trialsSinceMerge, frameTrials) >= 0 ? 1 : frameTrials - trialsSinceMerge;
                if (Long.compareUnsigned(due, m) < 0) {
                    m = due;
                }
            }
            if (countMembers) {
                c[offTagsSync] += m;
                c[offSyncs] += m;
            }
            c[offPatterns] += m;
            c[offTrials] += m;
            trialsClosed += m;
            trialsSinceMerge += m;
            rest -= m;
            checkFrameDue();
        }
    }

    /**
     * Closes the open trial (pattern in {@link #pattern}): the counters of docs/frame-format.md
     * "Trial close". DN_PAIRS is not counted here: it follows from FIRST_TRIAL and TRIALS when the
     * frame closes ({@link #finishFrameCounters()}); with the pair histogram, so do DN_EARLY, DN_LATE
     * and DN_COINC.
     */
    private void closeTrial() {
        final long[] c = counters;
        final int p = pattern;
        if (p != 0 && regs.recordsEnabled) {
            makeRecord(p);
        }
        c[offPatterns + p]++;
        c[offTrials]++;
        // an empty trial after K empty trials changes no other counter, and storing another 0 in an
        // all-zero history changes nothing (the head may stay): the T3 fast path
        if ((p | historyNonZero) != 0) {
            countTrial(p);
        }
        trialsClosed++;
        trialsSinceMerge++;
        checkFrameDue();
    }

    /**
     * The record of the closing trial (index {@link #trialsClosed}, {@link #syncTime}, pattern p,
     * the bins of its set bits) at the tail of the ring + FIFO queue, or dropped when that is full.
     */
    private void makeRecord(final int p) {
        final int base = records.append();
        if (base < 0) {
            return;
        }
        final long[] q = records.queue;
        final PgMap.RecordLayout rl = records.layout;
        q[base + rl.offTrial] = trialsClosed;
        q[base + rl.offSyncTime] = syncTime;
        q[base + rl.offPattern] = p & 0xFFFF_FFFFL;
        for (int bit = 0; bit < rl.lenFirstBin; bit++) {
            q[base + rl.offFirstBin + bit] = (p >>> bit & 1) != 0 ? arrivalBin[bit] : 0;
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
        if (frameTrials != 0 && Long.compareUnsigned(trialsSinceMerge, frameTrials) >= 0) {
            if (frames.frozenHeld()) {
                counters[offMerges]++;
                merges++;
                trialsSinceMerge = 0;
            } else {
                closeFrame(PgMap.FLAG_TRIAL_CLOSE);
            }
        }
    }

    /** The ΔN pairs, history and arrival histograms of trial n (= {@link #trialsClosed}) with pattern p. */
    private void countTrial(final int p) {
        final long[] c = counters;
        final long n = trialsClosed;
        final int k = maxDn;
        if (pairMode) {
            countPairsInHistogram(p, n < k ? (int) n : k);
            pushHistory(p);
        } else if (k > 0) {
            if (p != 0) {
                countPairsPerBit(p, n < k ? (int) n : k);
            } else {
                countEarlyPerBit();
            }
            pushHistory(p);
        }
        if (p != 0) {
            final int[] binOfBit = arrivalBin;
            final int nb = bins;
            for (int m = p; m != 0; m &= m - 1) {
                final int bit = Integer.numberOfTrailingZeros(m);
                c[offFirstArrival + bit * nb + binOfBit[bit]]++;
            }
            if (detectors >= 2) {
                for (int m = p & (p >>> 1) & detector0Mask; m != 0; m &= m - 1) {
                    final int bit = Integer.numberOfTrailingZeros(m);
                    c[offBothArrival + (bit / detectors) * nb + Math.max(binOfBit[bit], binOfBit[bit + 1])]++;
                }
            }
        }
    }

    /** Stores pattern p as trial n in the history (K > 0) and keeps {@link #historyNonZero}. */
    private void pushHistory(final int p) {
        final int[] hist = history;
        final int k = maxDn;
        final int head = historyHead;
        final int old = hist[head];
        hist[head] = p;
        hist[head + k] = p;
        historyNonZero += (p != 0 ? 1 : 0) - (old != 0 ? 1 : 0);
        historyHead = head + 1 == k ? 0 : head + 1;
    }

    /**
     * The ΔN work of an empty trial on the per-bit path: only DN_EARLY changes, for the dn whose
     * h[dn] is nonzero (a nonzero slot was written by a closed trial, so n >= dn there).
     */
    private void countEarlyPerBit() {
        final long[] c = counters;
        final int[] hist = history;
        final int k = maxDn;
        final int wd = patternBits;
        final int top = historyHead + k;
        for (int dn = 1; dn <= k; dn++) {
            final int row = offDnEarly + (dn - 1) * wd;
            for (int a = hist[top - dn]; a != 0; a &= a - 1) {
                c[row + Integer.numberOfTrailingZeros(a)]++;
            }
        }
    }

    /**
     * The ΔN pairs of pattern p with the previous {@code pairs} trials, into the pair histogram
     * (no branch on the patterns: a pair of two empty patterns lands in entry (0, 0), which expands
     * to nothing).
     */
    private void countPairsInHistogram(final int p, final int pairs) {
        final int[] hist = history;
        final long[] ph = pairHist;
        final int[] touched = pairTouched;
        final int wd = patternBits;
        final int dnShift = 2 * wd;
        final int top = historyHead + maxDn;
        int nt = pairTouchedCount;
        for (int dn = 1; dn <= pairs; dn++) {
            final int idx = ((dn - 1) << dnShift) | (hist[top - dn] << wd) | p;
            if (ph[idx]++ == 0) {
                touched[nt++] = idx;
            }
        }
        pairTouchedCount = nt;
    }

    /** The ΔN pairs of a nonzero pattern p with the previous {@code pairs} trials, bit by bit (large W·D). */
    private void countPairsPerBit(final int p, final int pairs) {
        final long[] c = counters;
        final int[] hist = history;
        final int wd = patternBits;
        final int top = historyHead + maxDn;
        for (int dn = 1; dn <= pairs; dn++) {
            final int early = hist[top - dn];
            final int row = (dn - 1) * wd;
            for (int a = early; a != 0; a &= a - 1) {
                final int ia = Integer.numberOfTrailingZeros(a);
                c[offDnEarly + row + ia]++;
                final int coinc = offDnCoinc + (row + ia) * wd;
                for (int b = p; b != 0; b &= b - 1) {
                    c[coinc + Integer.numberOfTrailingZeros(b)]++;
                }
            }
            for (int b = p; b != 0; b &= b - 1) {
                c[offDnLate + row + Integer.numberOfTrailingZeros(b)]++;
            }
        }
    }

    /**
     * Completes the counters of the frame that closes now: DN_PAIRS from its trial range, and the
     * pair histogram expanded into DN_EARLY, DN_LATE and DN_COINC (then emptied for the next frame).
     */
    private void finishFrameCounters() {
        final long[] c = counters;
        final int k = maxDn;
        final long first = frameFirstTrial;
        final long end = first + c[offTrials];
        // DN_PAIRS[dn-1]: trials n of [first, end) with n >= dn
        for (int dn = 1; dn <= k; dn++) {
            final long from = Math.max(first, dn);
            c[offDnPairs + dn - 1] = end > from ? end - from : 0;
        }
        if (pairMode) {
            final long[] ph = pairHist;
            final int[] touched = pairTouched;
            final int wd = patternBits;
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
                    final int ia = Integer.numberOfTrailingZeros(a);
                    c[offDnEarly + row + ia] += cnt;
                    final int coinc = offDnCoinc + (row + ia) * wd;
                    for (int b = p; b != 0; b &= b - 1) {
                        c[coinc + Integer.numberOfTrailingZeros(b)] += cnt;
                    }
                }
                for (int b = p; b != 0; b &= b - 1) {
                    c[offDnLate + row + Integer.numberOfTrailingZeros(b)] += cnt;
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
        trialsSinceMerge = 0;
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
        regs.write(address, value);
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
        Arrays.fill(arrivalBin, 0);
        Arrays.fill(history, 0);
        historyHead = 0;
        historyNonZero = 0;
        for (int i = 0; i < pairTouchedCount; i++) {
            pairHist[pairTouched[i]] = 0;
        }
        pairTouchedCount = 0;
        trialsClosed = 0;
        trialsSinceMerge = 0;
        frames.resetCounts();
        merges = 0;
        frameFirstTrial = 0;
        queueHead = 0;
        queueSize = 0;
        records.resetCounts();
        Arrays.fill(counters, 0L);
    }

    @Override
    public void close() {
        // nothing native to free
    }

    @Override
    public String toString() {
        return "SoftDevice[W=" + windows + ", D=" + detectors + ", K=" + maxDn + ", B=" + bins + ", ring=" + ringFrames
            + ", records=" + recordCapacity + "]";
    }
}
