package org.pairgate.host.correlate;

import java.io.IOException;

import org.pairgate.device.HydraT2Sink;
import org.pairgate.device.HydraT2State;
import org.pairgate.device.TagBatch;
import org.pairgate.host.io.PtuT2Reader;

/**
 * The start–multi-stop histogram of {@code t_B − t_A} over all pairs of a tag on channel A and a
 * tag on channel B with {@code −R <= t_B − t_A < R}, as Swabian's Correlation measures it, computed
 * exactly in one pass over a time-ordered stream.
 *
 * <h2>Exact</h2>
 * Times, R and the bin width W are integer ticks; a difference falls in bin
 * {@code (t_B − t_A + R) / W} by integer division, so every bin is exactly W ticks wide (no
 * floating-point bin edges that truncate some bins one tick short). {@code 2R / W} must be an
 * integer. Each pair is counted when its later tag arrives, against the earlier tags of the other
 * channel still inside the window, which two {@link LongRing}s hold: they grow instead of
 * overwriting, so no pair is ever lost. Memory is bounded by the number of A-tags within R plus the
 * number of B-tags within R of the current time (the burstiest stretch of the file), whatever
 * the file's length.
 *
 * <h2>A = B</h2>
 * The autocorrelation counts ordered pairs (i, j) with i ≠ j: every pair of distinct tags
 * contributes at +τ and at −τ, and the zero-delay self pair (i, i) is never counted. Two distinct
 * tags at the same time count twice in the bin of 0.
 *
 * <p>Tags on A and B must come in non-decreasing time order (that is what makes one pass enough);
 * a violation raises an {@link IOException} naming the tag. Tags on other channels are only used
 * for the measurement span (first to last tag of the stream). Not thread-safe.
 *
 * <h2>Two kernels</h2>
 * The native kernel ({@link NativeCorrelator}: soft-kernel/src/pg_correlate.c, issue 15) when the
 * soft-kernel library is there and the switch {@code pairgate.soft.kernel} /
 * {@code PAIRGATE_SOFT_KERNEL} allows it (auto, the default; {@code java} never; {@code native}
 * requires it), else the Java kernels of this class, which stay the fallback and the reference:
 * CorrelatorTest holds the two equal bin for bin and both to an independent computation.
 * {@link #kernel()} says which one a Correlator runs; the choice is made once, at construction.
 */
public final class Correlator {
    /** Most bins a histogram may have (2^26: 512 MB of counts would be absurd already). */
    public static final int MAX_BINS = 1 << 26;

    private final int channelA;
    private final int channelB;
    private final long range;
    private final long bin;
    private final long[] counts;
    /** log2(W) when W is a power of two, else -1. */
    private final int binShift;
    /** 1.0 / W for the division-free bin of any other W (offsets below 2^50: see {@link #binOf}). */
    private final double binInverse;
    /**
     * ceil(2^63 / W) when every offset is below 2^32 (2R &le; 2^32) and 2 &le; W &lt; 2^31 is not a
     * power of two, else 0: then floor(x / W) is the high half of (2x)·this, exact (the error,
     * below 2^-31, stays under the 1 / W gap to the next integer). The fused pair loop's bin.
     */
    private final long binMagic;
    /** The Java kernel's windows (null on the native kernel, which keeps its own). */
    private final LongRing ringA;
    private final LongRing ringB;
    private long tagsA;
    private long tagsB;
    private long tags;
    private long firstTime;
    private long lastTime = Long.MIN_VALUE;
    private long lastPairTime = Long.MIN_VALUE;

    // --- the fused path (HydraHarp-family T2 records straight from the reader's chunk) ---
    private static final byte KIND_OTHER = 0;
    private static final byte KIND_A = 1;
    private static final byte KIND_B = 2;
    private static final byte KIND_OVERFLOW = 3;
    private static final byte KIND_SPECIAL = 4;
    /** Records per top-7-bit value in the fused call in progress (the reader's counts, added at its end). */
    private final long[] topRecords = new long[128];
    /** The order error the fused kernel met (it cannot throw a checked exception through the sink). */
    private IOException fusedFailure;
    /** The native kernel's state, or null: the Java kernels of this class. */
    private final NativeCorrelator nat;
    /** A channel in 0..255 that is neither A nor B (for a tag on a channel a byte cannot hold). */
    private final int otherChannel;

    /**
     * @param channelA start channel
     * @param channelB stop channel (may equal A: autocorrelation)
     * @param rangeTicks R, positive
     * @param binTicks   W, positive, dividing 2R
     * @throws IllegalArgumentException when R, W are not positive, W does not divide 2R, or there
     *                                  would be more than {@link #MAX_BINS} bins
     */
    public Correlator(final int channelA, final int channelB, final long rangeTicks, final long binTicks) {
        this(channelA, channelB, rangeTicks, binTicks, null);
    }

    /**
     * As {@link #Correlator(int, int, long, long)} with the kernel chosen by the caller: {@code
     * nativeKernel} true for the native one (which must be available, {@link #nativeAvailable()}),
     * false for the Java one (the fallback; the in-run before of the bench).
     *
     * @throws IllegalStateException when the native kernel is asked for and cannot load
     */
    public Correlator(final int channelA, final int channelB, final long rangeTicks, final long binTicks,
                      final boolean nativeKernel) {
        this(channelA, channelB, rangeTicks, binTicks, Boolean.valueOf(nativeKernel));
    }

    private Correlator(final int channelA, final int channelB, final long rangeTicks, final long binTicks,
                       final Boolean nativeKernel) {
        final long bins = checkArguments(rangeTicks, binTicks);
        this.channelA = channelA;
        this.channelB = channelB;
        this.range = rangeTicks;
        this.bin = binTicks;
        final boolean byteChannels = channelA >= 0 && channelA <= 255 && channelB >= 0 && channelB <= 255;
        if (Boolean.TRUE.equals(nativeKernel) && !byteChannels) {
            throw new IllegalArgumentException("the native kernel takes channels 0..255 (a tag batch's bytes), not "
                + channelA + " and " + channelB);
        }
        final boolean useNative = nativeKernel == null ? byteChannels && NativeCorrelator.use() : nativeKernel;
        this.counts = useNative ? null : new long[(int)bins];   // the native kernel keeps its own
        this.binShift = Long.bitCount(binTicks) == 1 ? Long.numberOfTrailingZeros(binTicks) : -1;
        this.binInverse = 1.0 / binTicks;
        this.binMagic = binShift < 0 && 2 * rangeTicks <= (1L << 32) && binTicks < (1L << 31)
            ? Long.divideUnsigned(Long.MIN_VALUE, binTicks) + 1 : 0;
        this.ringA = useNative ? null : new LongRing(1024);
        this.ringB = useNative || channelA == channelB ? ringA : new LongRing(1024);
        int other = 0;
        while (other == channelA || other == channelB) {
            other++;
        }
        this.otherChannel = other;
        this.nat = useNative ? new NativeCorrelator(channelA, channelB, rangeTicks, binTicks) : null;
        for (int top = 0; top < 128; top++) {
            byte kind = KIND_SPECIAL;
            if (top == 127) {
                kind = KIND_OVERFLOW;
            } else if (top <= 64) {
                final int ch = HydraT2State.channelOfTop(top);
                kind = ch == channelA ? KIND_A : ch == channelB ? KIND_B : KIND_OTHER;
            }
            topNotTag[top] = kind <= KIND_B ? 0 : Long.MAX_VALUE;
            topNotPair[top] = kind == KIND_A || kind == KIND_B ? 0 : Long.MAX_VALUE;
            topOverflow[top] = kind == KIND_OVERFLOW ? -1L : 0;
            topSide[top] = kind == KIND_B ? 1 : 0;
        }
    }

    /**
     * Counts the pairs of every remaining record of a HydraHarp-family T2 file ({@link
     * PtuT2Reader#fusable()}), decoding the reader's chunks in place (the fused path: no tag batch
     * in between). The same histogram, counts and span as reading the file into batches and
     * {@link #accept(TagBatch) accepting} them ({@code FusedCorrelateTest}); the reader's own counts
     * (records, tags per channel, overflows, markers) stay true.
     */
    public void acceptAll(final PtuT2Reader reader) throws IOException {
        acceptRecords(reader, Long.MAX_VALUE);
    }

    /**
     * As {@link #acceptAll}, for the next {@code records} records of the file only (fewer at its
     * end): the two-core split's parts ({@link ParallelCorrelation}). Returns the records accepted.
     */
    public long acceptRecords(final PtuT2Reader reader, final long records) throws IOException {
        final HydraT2Sink sink = nat != null ? this::pushNativeT2 : this::pushPairsT2;
        long left = records;
        int n;
        while (left > 0 && (n = reader.readFused(sink, (int) Math.min(1 << 16, left))) >= 0) {
            left -= n;
            if (fusedFailure != null) {
                throw fusedFailure;
            }
        }
        return records - left;
    }

    /**
     * Checks R and W as the constructor does, without making a Correlator (whose native kernel
     * would allocate its state): {@link ParallelCorrelation}'s check. Returns the bins, 2R / W.
     *
     * @throws IllegalArgumentException as {@link #Correlator(int, int, long, long)}
     */
    static long checkArguments(final long rangeTicks, final long binTicks) {
        if (rangeTicks <= 0 || binTicks <= 0) {
            throw new IllegalArgumentException("range and bin must be positive (got range " + rangeTicks
                + " and bin " + binTicks + " ticks)");
        }
        if (rangeTicks > (Long.MAX_VALUE >> 2)) {
            throw new IllegalArgumentException("range of " + rangeTicks + " ticks is too large");
        }
        if ((2 * rangeTicks) % binTicks != 0) {
            throw new IllegalArgumentException("the bin (" + binTicks + " ticks) must divide 2 x range ("
                + 2 * rangeTicks + " ticks) exactly");
        }
        final long bins = 2 * rangeTicks / binTicks;
        if (bins > MAX_BINS) {
            throw new IllegalArgumentException("2 x range / bin = " + bins + " bins, more than " + MAX_BINS);
        }
        return bins;
    }

    /** Tags seen on any channel (the span's tags). */
    long tags() {
        return tags;
    }

    /** Time of the first tag seen (meaningful when {@link #tags()} is not 0). */
    long firstTime() {
        return firstTime;
    }

    /** Latest time of any tag seen ({@code Long.MIN_VALUE} before the first). */
    long lastTime() {
        return lastTime;
    }

    /** Whether the native kernel can run here (the library built and bound), whatever the switch says. */
    public static boolean nativeAvailable() {
        return NativeCorrelator.available();
    }

    /** Why the native kernel cannot run here, or null. */
    public static String nativeUnavailableReason() {
        return NativeCorrelator.unavailableReason();
    }

    /**
     * Tests: the native kernel's scalar decode loop even where its AVX-512 block path is built
     * (no effect on the Java kernel). Returns whether the library has the block path at all.
     */
    boolean nativeScalarDecode(final boolean on) {
        if (nat == null) {
            return false;
        }
        nat.scalarDecode(on);
        return NativeCorrelator.vectorBuilt();
    }

    /** The kernel this Correlator runs: "native" (soft-kernel's pg_correlate.c) or "java". */
    public String kernel() {
        return nat != null ? "native" : "java";
    }

    /**
     * The fused path on the native kernel: the chunk's records decoded and paired in C, the reader's
     * decoder state (time base, overflow periods, per-top counts) and this Correlator's span and
     * counts brought up to date from it, and an order error turned into the IOException of {@link
     * #accept(long, int)}.
     */
    private int pushNativeT2(final long address, final int records, final HydraT2State state) {
        final long base0 = state.timeBase;
        final int done = nat.t2(address, records, state.v1, base0, topRecords);
        final long base = nat.timeBase();
        state.timeBase = base;
        state.overflowPeriods += state.v1 ? (base - base0) / HydraT2State.V1_WRAP : (base - base0) >>> 25;
        state.addRecordCounts(topRecords);
        final IOException e = syncFromNative();
        if (e != null && fusedFailure == null) {
            fusedFailure = e;   // raised by acceptRecords after this chunk, as the Java path's
        }
        return done;
    }

    /**
     * This Correlator's span, tag counts and order state from the native kernel's after a call;
     * returns the order error that call met, or null.
     */
    private IOException syncFromNative() {
        final long lastPair = nat.get(NativeCorrelator.LAST_PAIR);
        tags = nat.get(NativeCorrelator.TAGS);
        firstTime = nat.get(NativeCorrelator.FIRST_TIME);
        lastTime = nat.get(NativeCorrelator.LAST_TIME);
        tagsA = nat.get(NativeCorrelator.TAGS_A);
        tagsB = nat.get(NativeCorrelator.TAGS_B);
        final long failChannel = nat.get(NativeCorrelator.FAIL_CHANNEL);
        lastPairTime = lastPair;
        return failChannel < 0 ? null : orderError(tags - 1, (int) failChannel, nat.get(NativeCorrelator.FAIL_TIME), lastPair);
    }

    private IOException orderError(final long tag, final int channel, final long time, final long after) {
        return new IOException("tag " + tag + " on channel " + channel + " at " + time
            + " ticks comes after one at " + after + ": correlate needs channels "
            + channelA + " and " + channelB + " in time order");
    }

    /** Pair tags (on A or B) per block of the two-pass kernel. */
    private static final int PAIR_BLOCK = 4096;
    /** The block's pair tags: time, and 0 for A, 1 for B. */
    private final long[] blockTime = new long[PAIR_BLOCK];
    private final int[] blockSide = new int[PAIR_BLOCK];
    /** Per top 7 bits: 0 for a tag, Long.MAX_VALUE for another record. */
    private final long[] topNotTag = new long[128];
    /** Per top 7 bits: 0 for a tag on A or B, Long.MAX_VALUE for another record. */
    private final long[] topNotPair = new long[128];
    /** Per top 7 bits: -1 for an overflow record, else 0. */
    private final long[] topOverflow = new long[128];
    /** Per top 7 bits: 1 for a tag on B, else 0 (A, or not a pair tag). */
    private final int[] topSide = new int[128];

    /**
     * The fused kernel, in two passes over blocks of records:
     * <ol>
     *   <li>every record decoded and classified by table loads (tag, pair tag, overflow, side),
     *   with no branch on what it is: the time base, the span (first and last tag, tags) and the
     *   pair tags' times and sides appended to {@link #blockTime} / {@link #blockSide}, the
     *   index advanced by the pair bit. A pair tag before the last one ends the pass there (the
     *   error of {@link #accept(long, int)} is raised for it after the tags before it).</li>
     *   <li>{@link #pairs}: the pair tags in order against the other side's ring; for A = B
     *   {@link #autoPairs}, against the one ring.</li>
     * </ol>
     * (A = B went through a one-pass kernel that called {@link #accept(long, int)} per pair tag
     * until issue 15's third round: the same counts, at a fraction of the rate.)
     */
    private int pushPairsT2(final long address, final int records, final HydraT2State state) {
        final long[] perTop = topRecords;
        final long[] notTag = topNotTag;
        final long[] notPair = topNotPair;
        final long[] overflow = topOverflow;
        final int[] sides = topSide;
        final long[] times = blockTime;
        final int[] side = blockSide;
        final long wrap = state.v1 ? HydraT2State.V1_WRAP : 0;
        final long v2 = state.v1 ? 0 : -1L;
        final long base0 = state.timeBase;
        long base = base0;
        long last = Math.max(lastTime, 0);
        long lastPair = Math.max(lastPairTime, 0);
        long n = tags;
        final long end = address + ((long) records << 2);
        long a = address;
        int failedTop = -1;
        long failedTime = 0;
        while (a < end && failedTop < 0) {
            int np = 0;
            final long stop = Math.min(end, a + ((long) PAIR_BLOCK << 2));
            while (a < stop) {
                final int rec = NATIVE_LE ? UNSAFE.getInt(a) : Integer.reverseBytes(UNSAFE.getInt(a));
                a += 4;
                final int top = rec >>> 25;
                final long timetag = rec & 0x01FF_FFFF;
                perTop[top]++;
                final long t = base + timetag;
                final long notPairMask = notPair[top];
                if ((t | notPairMask) < lastPair) {
                    // a pair tag out of order: the tags before it are counted, then accept() raises the error
                    failedTop = top;
                    failedTime = t;
                    break;
                }
                final long notTagMask = notTag[top];
                if ((n | notTagMask) == 0) {
                    firstTime = t;
                }
                n += (int) ~notTagMask & 1;
                last = Math.max(last, t & ~notTagMask);
                lastPair = Math.max(lastPair, t & ~notPairMask);
                base += (wrap | (((timetag + ((timetag - 1) >>> 63)) << 25) & v2)) & overflow[top];
                times[np] = t;
                side[np] = sides[top];
                np += (int) ~notPairMask & 1;
            }
            if (channelA == channelB) {
                autoPairs(np);
            } else {
                pairs(np);
            }
        }
        tags = n;
        lastTime = n == 0 ? lastTime : last;
        if (lastPair > 0 || lastPairTime >= 0 || tagsA + tagsB > 0) {
            lastPairTime = lastPair;   // (else no pair tag yet: Long.MIN_VALUE stays)
        }
        if (failedTop >= 0) {
            try {
                accept(failedTime, HydraT2State.channelOfTop(failedTop));
            } catch (final IOException e) {
                fusedFailure = e;
            }
        }
        state.timeBase = base;
        state.overflowPeriods += state.v1 ? (base - base0) / HydraT2State.V1_WRAP : (base - base0) >>> 25;
        state.addRecordCounts(perTop);
        return (int) ((a - address) >>> 2);
    }

    /**
     * Pass 2: the block's {@code np} pair tags in time order. A tag on A pairs with the B tags
     * before it within R (t_B − t_A &ge; −R) and then drops the A tags no later B can pair with (t −
     * t_A &ge; R); a tag on B pairs with the A tags within t_B − t_A &lt; R and drops the B tags
     * beyond R. Both rings' arrays, heads and sizes live in locals for the block (one loop over
     * both sides with the ring state in small arrays indexed by the side, no branch on it, was
     * 15 % slower: every tag then waited on the last one's stores).
     */
    private void pairs(final int np) {
        final long[] times = blockTime;
        final int[] side = blockSide;
        final long[] c = counts;
        final long r = range;
        final long magic = binMagic;
        final LongRing ra = ringA;
        final LongRing rb = ringB;
        long[] va = ra.values;
        int ma = ra.mask;
        int ha = ra.head;
        int sa = ra.size;
        long[] vb = rb.values;
        int mb = rb.mask;
        int hb = rb.head;
        int sb = rb.size;
        long nB = 0;
        for (int i = 0; i < np; i++) {
            final long t = times[i];
            if (side[i] == 0) {
                // A: the B tags before it within R (t_B - t_A >= -R), then A's own ring keeps what a later B can pair with
                while (sb > 0 && t - vb[hb] > r) {
                    hb = (hb + 1) & mb;
                    sb--;
                }
                for (int k = 0; k < sb; k++) {
                    final long x = vb[(hb + k) & mb] - t + r;
                    c[(int) (magic != 0 ? Math.multiplyHigh(x << 1, magic) : binOf(x))]++;
                }
                while (sa > 0 && t - va[ha] >= r) {
                    ha = (ha + 1) & ma;
                    sa--;
                }
                if (sa == va.length) {
                    ra.head = ha;
                    ra.size = sa;
                    ra.add(t);
                    va = ra.values;
                    ma = ra.mask;
                    ha = ra.head;
                    sa = ra.size;
                } else {
                    va[(ha + sa) & ma] = t;
                    sa++;
                }
            } else {
                // B: the A tags before it within R (t_B - t_A < R), then B's own ring keeps what a later A can pair with
                while (sa > 0 && t - va[ha] >= r) {
                    ha = (ha + 1) & ma;
                    sa--;
                }
                for (int k = 0; k < sa; k++) {
                    final long x = t - va[(ha + k) & ma] + r;
                    c[(int) (magic != 0 ? Math.multiplyHigh(x << 1, magic) : binOf(x))]++;
                }
                while (sb > 0 && t - vb[hb] > r) {
                    hb = (hb + 1) & mb;
                    sb--;
                }
                if (sb == vb.length) {
                    rb.head = hb;
                    rb.size = sb;
                    rb.add(t);
                    vb = rb.values;
                    mb = rb.mask;
                    hb = rb.head;
                    sb = rb.size;
                } else {
                    vb[(hb + sb) & mb] = t;
                    sb++;
                }
                nB++;
            }
        }
        tagsA += np - nB;
        tagsB += nB;
        ra.head = ha;
        ra.size = sa;
        rb.head = hb;
        rb.size = sb;
    }


    /**
     * Pass 2 for A = B: each tag pairs with the earlier tags within R (0 &le; d = t − t' &le; R),
     * at −d (bin (R − d) / W) and, when d &lt; R, at +d (bin (R + d) / W): the ordered pairs (i, j),
     * i &ne; j, of {@link #accept(long, int)}. The ring is in time order, so only its oldest tags
     * can be exactly R before t; they are counted (at −R only) ahead of the loop, which then has no
     * branch. The ring's array, head and size live in locals for the block.
     */
    private void autoPairs(final int np) {
        final long[] times = blockTime;
        final long[] c = counts;
        final long r = range;
        final long magic = binMagic;
        final LongRing ring = ringA;
        long[] v = ring.values;
        int m = ring.mask;
        int h = ring.head;
        int s = ring.size;
        for (int i = 0; i < np; i++) {
            final long t = times[i];
            while (s > 0 && t - v[h] > r) {
                h = (h + 1) & m;
                s--;
            }
            int k = 0;
            while (k < s && t - v[(h + k) & m] == r) {
                c[0]++;                         // d = R: -R only (+R is outside [-R, R))
                k++;
            }
            if (magic != 0) {
                for (; k < s; k++) {
                    final long d = t - v[(h + k) & m];
                    c[(int) Math.multiplyHigh((r - d) << 1, magic)]++;
                    c[(int) Math.multiplyHigh((r + d) << 1, magic)]++;
                }
            } else {
                for (; k < s; k++) {
                    final long d = t - v[(h + k) & m];
                    c[(int) binOf(r - d)]++;
                    c[(int) binOf(r + d)]++;
                }
            }
            if (s == v.length) {
                ring.head = h;
                ring.size = s;
                ring.add(t);
                v = ring.values;
                m = ring.mask;
                h = ring.head;
                s = ring.size;
            } else {
                v[(h + s) & m] = t;
                s++;
            }
        }
        tagsA += np;
        tagsB += np;
        ring.head = h;
        ring.size = s;
    }

    /**
     * Counts the pairs the tags of {@code batch} close. A word of count c is c tags at its time
     * (its meaning for the core too); the readers {@code correlate} and {@code find-delay} open
     * never write runs, so this only matters for a caller that feeds sync runs here, and then the
     * run's syncs all sit at the run's last sync time rather than where they were recorded.
     */
    public void accept(final TagBatch batch) throws IOException {
        final int size = batch.size();
        if (nat != null) {
            // the batch's arrays in place (little-endian, as the Java path reads them)
            nat.tags(batch.timesAddress(), batch.channelsAddress(), batch.countsAddress(), size);
            final IOException e = syncFromNative();
            if (e != null) {
                throw e;
            }
            return;
        }
        // raw reads of the batch's three arrays (i < size <= capacity): no bounds check per tag
        final long times = batch.timesAddress();
        final long channels = batch.channelsAddress();
        final long words = batch.countsAddress();
        final sun.misc.Unsafe u = org.agrona.UnsafeAccess.UNSAFE;
        for (int i = 0; i < size; i++) {
            final long time = NATIVE_LE ? u.getLong(times + ((long) i << 3)) : Long.reverseBytes(u.getLong(times + ((long) i << 3)));
            final int channel = u.getByte(channels + i) & 0xFF;
            final int raw = u.getInt(words + ((long) i << 2));
            final long count = (NATIVE_LE ? raw : Integer.reverseBytes(raw)) & 0xFFFF_FFFFL;
            if (count <= 1) {
                accept(time, channel);
            } else {
                for (long k = count; k > 0; k--) {
                    accept(time, channel);
                }
            }
        }
    }

    private static final boolean NATIVE_LE = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
    private static final sun.misc.Unsafe UNSAFE = org.agrona.UnsafeAccess.UNSAFE;

    /**
     * floor(x / W) for 0 <= x < 2R, exactly: a shift for a power-of-two W; otherwise, for x below
     * 2^50, the double quotient (relative error under 2^-51, so off by at most one, corrected by
     * the two compares); else a division. The pair loops spend most of their time here, and a
     * 64-bit division costs tens of cycles.
     */
    long binOf(final long x) {
        if (binShift >= 0) {
            return x >>> binShift;
        }
        if (x < (1L << 50)) {
            long b = (long) (x * binInverse);
            if (b * bin > x) {
                b--;
            } else if ((b + 1) * bin <= x) {
                b++;
            }
            return b;
        }
        return x / bin;
    }

    /** Counts the pairs one tag closes. */
    public void accept(final long time, final int channel) throws IOException {
        if (nat != null) {
            // a channel no batch byte can hold is neither A nor B (both are 0..255 here)
            nat.tag(time, channel >= 0 && channel <= 255 ? channel : otherChannel);
            final IOException e = syncFromNative();
            if (e != null) {
                throw e;
            }
            return;
        }
        if (tags++ == 0) {
            firstTime = time;
        }
        if (time > lastTime) {
            lastTime = time;
        }
        final boolean isA = channel == channelA;
        final boolean isB = channel == channelB;
        if (!isA && !isB) {
            return;
        }
        if (time < lastPairTime) {
            throw orderError(tags - 1, channel, time, lastPairTime);
        }
        lastPairTime = time;
        final long r = range;
        final long[] c = counts;
        if (isA && isB) {
            final LongRing ring = ringA;
            while (ring.size() > 0 && time - ring.first() > r) {
                ring.removeFirst();
            }
            final int n = ring.size();
            for (int k = 0; k < n; k++) {
                final long d = time - ring.get(k);     // 0 <= d <= R
                if (d < r) {
                    c[(int)binOf(d + r)]++;
                }
                c[(int)binOf(r - d)]++;
            }
            ring.add(time);
            tagsA++;
            tagsB++;
            return;
        }
        if (isA) {
            final LongRing ring = ringB;
            while (ring.size() > 0 && time - ring.first() > r) {
                ring.removeFirst();
            }
            final int n = ring.size();
            for (int k = 0; k < n; k++) {
                c[(int)binOf(ring.get(k) - time + r)]++;   // -R <= tB - tA <= 0
            }
            final LongRing own = ringA;
            while (own.size() > 0 && time - own.first() >= r) {
                own.removeFirst();                          // no later B can pair with it
            }
            own.add(time);
            tagsA++;
        } else {
            final LongRing ring = ringA;
            while (ring.size() > 0 && time - ring.first() >= r) {
                ring.removeFirst();
            }
            final int n = ring.size();
            for (int k = 0; k < n; k++) {
                c[(int)binOf(time - ring.get(k) + r)]++;   // 0 <= tB - tA < R
            }
            final LongRing own = ringB;
            while (own.size() > 0 && time - own.first() > r) {
                own.removeFirst();                          // no later A can pair with it
            }
            own.add(time);
            tagsB++;
        }
    }

    /** The histogram so far. */
    public Correlation result(final double resolutionPs) {
        return new Correlation(channelA, channelB, range, bin, resolutionPs, nat != null ? nat.counts() : counts.clone(),
            tagsA, tagsB, tags == 0 ? 0 : lastTime - firstTime);
    }

    /** The counts now (the Java kernel's live array; the native kernel's, copied out). */
    long[] counts() {
        return nat != null ? nat.counts() : counts;
    }

    /**
     * Largest ring capacity reached: the memory the window needed (the native kernel follows the
     * capacity the Java rings would have reached, so the figure does not depend on the kernel).
     */
    public int ringCapacity() {
        return nat != null ? (int) nat.get(NativeCorrelator.RING_CAPACITY) : Math.max(ringA.capacity(), ringB.capacity());
    }
}
