package org.pairgate.host.correlate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.TagBatch;
import org.pairgate.host.io.PtuHeader;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.io.PtuT2Writer;
import org.pairgate.host.io.RawTagWriter;
import org.pairgate.host.io.TagFile;
import org.pairgate.host.io.TagSources;

/**
 * The streaming correlation against an independent all-pairs count, bin for bin; and its two
 * kernels, the native one (soft-kernel/src/pg_correlate.c) and the Java one, against each other and
 * against that count (the tests named nativeAndJava...). The other tests run whichever kernel the
 * switch chooses (the native one when the library is built).
 */
class CorrelatorTest {
    @TempDir
    Path dir;

    static Path v30() {
        try {
            return Path.of(CorrelatorTest.class.getResource("/ptu/v30_t2.ptu").toURI());
        } catch (final URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Streams {@code path} through a Correlator and also loads channels a and b into arrays. */
    private static long[][] streamAndLoad(final Path path, final Correlator correlator, final int a, final int b)
        throws IOException {
        final LongArrayList la = new LongArrayList();
        final LongArrayList lb = new LongArrayList();
        try (TagFile file = TagSources.open(path, false)) {
            final TagBatch batch = new TagBatch(1000);
            int n;
            while ((n = file.read(batch)) > 0) {
                correlator.accept(batch);
                for (int i = 0; i < n; i++) {
                    if (batch.channel(i) == a) {
                        la.addLong(batch.time(i));
                    }
                    if (batch.channel(i) == b) {
                        lb.addLong(batch.time(i));
                    }
                }
            }
        }
        return new long[][] {la.toLongArray(), lb.toLongArray()};
    }

    /** O(n·m) over every pair: the most literal reading of the definition. */
    private static long[] bruteForce(final long[] a, final long[] b, final boolean same, final long r, final long w) {
        final long[] counts = new long[(int)(2 * r / w)];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                if (same && i == j) {
                    continue;
                }
                final long d = b[j] - a[i];
                if (d >= -r && d < r) {
                    counts[(int)Math.floorDiv(d + r, w)]++;
                }
            }
        }
        return counts;
    }

    @Test
    void autocorrelationOfTheBundledRealFileMatchesAllPairs() throws IOException {
        // 305,565 real clicks on channel 1; pairs i != j only, both orders
        final long r = 2_000_000;
        final long w = 1_000;
        final Correlator correlator = new Correlator(1, 1, r, w);
        final long[][] loaded = streamAndLoad(v30(), correlator, 1, 1);
        final long[] reference = AllPairs.histogram(loaded[0], loaded[1], true, r, w);
        final Correlation c = correlator.result(1.0);
        assertArrayEquals(reference, c.counts());
        assertTrue(c.pairs() > 1000, "pairs: " + c.pairs());
        assertEquals(305_565, c.tagsA());
        // every pair of distinct clicks closer than R counts at +tau and at -tau
        assertEquals(0, c.pairs() % 2);
    }

    /**
     * The fused two-pass kernel's A = B case (pass 2 against one ring) held to the independent
     * all-pairs count directly, on the real file and on random files with bursts, equal times and
     * gaps, for power-of-two and other bin widths and a range of a few ticks (pairs exactly R apart).
     */
    @Test
    void fusedAutocorrelationMatchesAllPairs() throws IOException {
        final java.util.List<Path> files = new java.util.ArrayList<>();
        files.add(v30());
        for (int seed = 0; seed < 3; seed++) {
            files.add(FusedCorrelateTest.write(dir.resolve("auto" + seed + ".ptu"), new Random(100 + seed)));
        }
        long pairs = 0;
        for (final Path file : files) {
            for (final long[] rw : new long[][] {{2_000_000, 1_000}, {5_000, 1_000}, {4_096, 64}, {28_000, 7}, {3, 1}}) {
                final Correlator fused = new Correlator(1, 1, rw[0], rw[1]);
                try (org.pairgate.host.io.TagFile f = TagSources.open(file, false)) {
                    if (!(f instanceof org.pairgate.host.io.PtuT2Reader t2) || !t2.fusable()) {
                        continue;
                    }
                    fused.acceptAll(t2);
                }
                final long[][] loaded = streamAndLoad(file, new Correlator(1, 1, rw[0], rw[1]), 1, 1);
                final Correlation c = fused.result(1.0);
                final String what = file.getFileName() + " R=" + rw[0] + " W=" + rw[1];
                assertArrayEquals(AllPairs.histogram(loaded[0], loaded[0], true, rw[0], rw[1]), c.counts(), what);
                assertEquals(loaded[0].length, c.tagsA(), what);
                assertEquals(loaded[0].length, c.tagsB(), what);
                pairs += c.pairs();
            }
        }
        assertTrue(pairs > 100_000, "pairs compared: " + pairs);
    }

    @Test
    void allPairsReferenceAgreesWithBruteForceOnAPrefix() throws IOException {
        final Correlator correlator = new Correlator(1, 1, 5_000_000, 10_000);
        final long[][] loaded = streamAndLoad(v30(), correlator, 1, 1);
        final long[] prefix = Arrays.copyOf(loaded[0], 3000);
        assertArrayEquals(bruteForce(prefix, prefix, true, 5_000_000, 10_000),
            AllPairs.histogram(prefix, prefix, true, 5_000_000, 10_000));
    }

    @Test
    void generatedTwoChannelFileWithBurstsMatchesBruteForce() throws IOException {
        // correlated pairs (B = A + 3000 ± jitter), background on both, and dense bursts that a
        // fixed-size ring would overflow; also equal times across channels
        final Random random = new Random(7);
        final Path file = dir.resolve("two.pgraw");
        final LongArrayList times = new LongArrayList();
        final org.agrona.collections.IntArrayList channels = new org.agrona.collections.IntArrayList();
        long t = 0;
        for (int k = 0; k < 4000; k++) {
            t += 1 + random.nextInt(20_000);
            final int kind = random.nextInt(10);
            if (kind == 0 && random.nextInt(4) == 0) {
                for (int j = 0; j < 300; j++) {          // burst: 300 tags within 3000 ticks
                    times.addLong(t + j * 10L);
                    channels.addInt(1 + (j & 1));
                }
                t += 3000;
            } else if (kind < 6 && kind > 0) {
                times.addLong(t);
                channels.addInt(1);
                times.addLong(t + 3000 + random.nextInt(200) - 100);
                channels.addInt(2);
            } else {
                times.addLong(t);
                channels.addInt(kind < 8 ? 1 : 2);
                if (kind == 8) {
                    times.addLong(t);
                    channels.addInt(1);
                }
                times.addLong(t);
                channels.addInt(3);                       // another channel: ignored
            }
        }
        final long[] order = times.toLongArray();
        final Integer[] idx = new Integer[order.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (x, y) -> Long.compare(order[x], order[y]));
        try (RawTagWriter w = RawTagWriter.create(file, 1.0)) {
            for (final int i : idx) {
                w.write(order[i], channels.getInt(i));
            }
        }
        final long r = 10_000;
        final long w = 100;
        for (final int[] ab : new int[][] {{1, 2}, {2, 1}, {1, 1}, {2, 2}}) {
            final Correlator correlator = new Correlator(ab[0], ab[1], r, w);
            final long[][] loaded = streamAndLoad(file, correlator, ab[0], ab[1]);
            final long[] expected = bruteForce(loaded[0], loaded[1], ab[0] == ab[1], r, w);
            assertArrayEquals(expected, correlator.result(1.0).counts(), Arrays.toString(ab));
            assertArrayEquals(expected, AllPairs.histogram(loaded[0], loaded[1], ab[0] == ab[1], r, w));
            assertTrue(correlator.ringCapacity() >= 128, "the bursts made the window grow: " + correlator.ringCapacity());
        }
    }

    /** The division-free bin equals integer division at every bin edge and at random offsets, for many W and R. */
    @Test
    void divisionFreeBinIsExact() {
        final java.util.SplittableRandom r = new java.util.SplittableRandom(15);
        final long[] widths = {1, 2, 3, 7, 10, 1000, 1024, 999_983, 3_000_000_019L, (1L << 40) + 1};
        for (final long w : widths) {
            for (final long bins : new long[] {2, 6, 1000, 1L << 20}) {
                if (bins * w / 2 > (Long.MAX_VALUE >> 2) || bins > Correlator.MAX_BINS) {
                    continue;
                }
                final long range = bins * w / 2;
                if (range <= 0 || (2 * range) % w != 0) {
                    continue;
                }
                final Correlator c = new Correlator(1, 2, range, w);
                for (long k = 0; k < Math.min(bins, 2000); k++) {
                    final long edge = k * w;
                    assertEquals(k, c.binOf(edge), "edge of bin " + k + ", W " + w);
                    if (edge > 0) {
                        assertEquals(k - 1, c.binOf(edge - 1), "below the edge of bin " + k + ", W " + w);
                    }
                }
                for (int i = 0; i < 20_000; i++) {
                    final long x = r.nextLong(2 * range);
                    assertEquals(x / w, c.binOf(x), "x " + x + ", W " + w);
                }
            }
        }
    }

    @Test
    void binEdgesAreExactInOrder() throws IOException {
        final Correlator c = new Correlator(1, 2, 10, 5);
        c.accept(0, 2);       // tB - tA = -10 for A at 10: bin 0
        c.accept(10, 1);
        c.accept(14, 2);      // +4: bin 2
        c.accept(15, 2);      // +5: bin 3
        c.accept(19, 2);      // +9: bin 3
        c.accept(20, 2);      // +10: outside
        assertArrayEquals(new long[] {1, 0, 1, 2}, c.result(1).counts());
    }

    @Test
    void outOfOrderPairChannelsAreAnError() {
        final Correlator c = new Correlator(1, 2, 10, 5);
        final IOException ex = assertThrows(IOException.class, () -> {
            c.accept(100, 1);
            c.accept(99, 3);      // other channels may be out of order
            c.accept(90, 2);
        });
        assertTrue(ex.getMessage().contains("time order"), ex.getMessage());
    }

    @Test
    void badRangesAndBinsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Correlator(1, 2, 10, 3));
        assertThrows(IllegalArgumentException.class, () -> new Correlator(1, 2, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Correlator(1, 2, 10, -1));
        assertThrows(IllegalArgumentException.class, () -> new Correlator(1, 2, 1L << 40, 1));
    }

    @Test
    void poissonStreamsNormaliseToOne() throws IOException {
        final Random random = new Random(3);
        final Correlator c = new Correlator(1, 2, 100_000, 10_000);
        long t = 0;
        for (int i = 0; i < 400_000; i++) {
            t += 1 + (long)(-Math.log(1 - random.nextDouble()) * 1000);
            c.accept(t, 1 + random.nextInt(2));
        }
        final double[] g2 = c.result(1.0).g2();
        for (final double v : g2) {
            assertEquals(1.0, v, 0.05);
        }
    }

    @Test
    void delayFitFindsAKnownOffset() throws IOException {
        final Random random = new Random(11);
        final Correlator c = new Correlator(1, 2, 50_000, 100);
        long t = 0;
        final long delay = 12_345;
        final java.util.PriorityQueue<long[]> pending = new java.util.PriorityQueue<>((x, y) -> Long.compare(x[0], y[0]));
        for (int i = 0; i < 20_000; i++) {
            t += 1 + random.nextInt(200_000);
            while (!pending.isEmpty() && pending.peek()[0] <= t) {
                final long[] p = pending.poll();
                c.accept(p[0], (int)p[1]);
            }
            c.accept(t, 1);
            pending.add(new long[] {t + delay + Math.round(random.nextGaussian() * 50), 2});
            if (random.nextInt(3) == 0) {
                pending.add(new long[] {t + random.nextInt(150_000), 2});
            }
        }
        while (!pending.isEmpty()) {
            final long[] p = pending.poll();
            c.accept(p[0], (int)p[1]);
        }
        final DelayFit fit = DelayFit.of(c.result(1.0));
        assertEquals(delay, fit.peakPs(), 4 * fit.sigmaPs() + 1);
        assertTrue(fit.sigmaPs() < 5, "sigma " + fit.sigmaPs());
        assertEquals(-fit.peakPs(), fit.delayB());
    }

    @Test
    void noPeakIsAnError() {
        final long[] flat = new long[100];
        Arrays.fill(flat, 3);
        final Correlation c = new Correlation(1, 2, 50, 1, 1.0, flat, 10, 10, 1000);
        assertThrows(IllegalArgumentException.class, () -> DelayFit.of(c));
    }

    // ---------------------------------------------------------------------------------------------
    // The native kernel against the Java kernel and the independent count

    private static void assumeNative() {
        assumeTrue(Correlator.nativeAvailable(), "the native kernel: " + Correlator.nativeUnavailableReason());
    }

    /** An event of a generated stream: time, channel; the order of generation breaks ties. */
    private record Event(long time, int channel) { }

    /**
     * A HydraHarp T2 file of raw records (V2, or V1 with its fixed overflow period) for the events
     * in time order: overflow records of several periods at once and of count 0 (one period) for
     * V2, markers and undefined specials between the tags, and tags on {@code jitterChannel} up to
     * 200 ticks earlier than their turn (other channels may go back in time). The header is
     * PtuT2Writer's with the record type and the record count patched.
     */
    private Path rawT2(final String name, final java.util.List<Event> events, final boolean v1, final int jitterChannel,
                       final Random random) throws IOException {
        final Path empty = dir.resolve(name + ".empty.ptu");
        try (PtuT2Writer w = PtuT2Writer.create(empty)) {
            // no records: its header only
        }
        final long dataOffset;
        try (PtuT2Reader r = (PtuT2Reader) TagSources.open(empty)) {
            dataOffset = r.header().dataOffset();
        }
        final byte[] header = java.util.Arrays.copyOf(java.nio.file.Files.readAllBytes(empty), (int) dataOffset);
        final LongArrayList recs = new LongArrayList();
        final long wrap = v1 ? 33_552_000L : 1L << 25;
        long base = 0;
        for (final Event e : events) {
            while (e.time() - base >= wrap) {
                if (v1) {
                    recs.addLong(0x8000_0000L | (63L << 25) | random.nextInt(1 << 25));   // V1: the timetag is not a count
                    base += wrap;
                } else {
                    final long periods = Math.min((e.time() - base) >>> 25, (1 << 25) - 1);
                    final long k = random.nextBoolean() ? periods : 1;
                    recs.addLong(0x8000_0000L | (63L << 25) | (k == 1 && random.nextBoolean() ? 0 : k));
                    base += k << 25;
                }
            }
            if (random.nextInt(50) == 0) {
                final int code = random.nextBoolean() ? 1 + random.nextInt(15) : 16 + random.nextInt(47);
                recs.addLong(0x8000_0000L | ((long) code << 25) | random.nextInt(1 << 25));
            }
            long timetag = e.time() - base;
            if (e.channel() == jitterChannel) {
                timetag = Math.max(0, timetag - random.nextInt(200));
            }
            assertTrue(timetag >= 0 && timetag < (1 << 25), "a representable timetag: " + timetag);
            final long top = e.channel() == 0 ? 64 : e.channel() - 1;
            recs.addLong((top << 25) | timetag);
        }
        final java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(header.length + 4 * recs.size())
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(header);
        for (int i = 0; i < recs.size(); i++) {
            b.putInt((int) recs.getLong(i));
        }
        patchTag(b, PtuHeader.TAG_RECORD_TYPE, v1 ? 0x0001_0204L : 0x0101_0204L);
        patchTag(b, PtuHeader.TAG_NUMBER_OF_RECORDS, recs.size());
        final Path file = dir.resolve(name + ".ptu");
        java.nio.file.Files.write(file, b.array());
        return file;
    }

    /** Sets the int8 value of the header tag {@code ident} (48-byte tags after the 16-byte preamble). */
    private static void patchTag(final java.nio.ByteBuffer b, final String ident, final long value) {
        final byte[] want = java.util.Arrays.copyOf(ident.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 32);
        for (int at = 16; at + 48 <= b.capacity(); ) {
            final byte[] got = new byte[32];
            b.get(at, got);
            final int type = b.getInt(at + 36);
            if (Arrays.equals(want, got)) {
                b.putLong(at + 40, value);
                return;
            }
            at += 48;
            if (type == 0xFFFF_0001 || type == 0x4001_FFFF || type == 0xFFFF_FFFF) {
                at += (int) b.getLong(at - 8);
            }
        }
        throw new IllegalStateException("no header tag " + ident);
    }

    /**
     * Syncs, clicks on channels 1..4 with equal times, correlated pairs exactly at the edges of
     * the range (t_B - t_A = -R - 1, -R, -R + 1, R - 1, R, R + 1), bursts of up to 3000 tags in a
     * few thousand ticks (more than a ring of 1024 holds) and gaps of several overflow periods;
     * in time order.
     */
    private static java.util.List<Event> events(final Random random, final int n, final long range, final boolean bursts) {
        final java.util.List<Event> out = new java.util.ArrayList<>();
        long t = random.nextInt(1000);
        while (out.size() < n) {
            final int kind = random.nextInt(200);
            if (kind < 2) {
                t += (1L << 25) * (1 + random.nextInt(4)) + random.nextInt(1 << 25);
            } else if (kind < 4 && bursts) {
                final int burst = random.nextBoolean() ? 3000 : 300;
                for (int j = 0; j < burst; j++) {
                    out.add(new Event(t + j, j % 7 == 0 ? 2 : 1));
                }
                t += burst;
            } else if (kind < 30) {
                t += 1 + random.nextInt(10_000);
                out.add(new Event(t, 0));
            } else if (kind < 40) {
                final long[] edges = {-range - 1, -range, -range + 1, range - 1, range, range + 1};
                final long d = edges[random.nextInt(edges.length)];
                t += range + 2 + random.nextInt(1000);
                out.add(new Event(t, 1));
                out.add(new Event(t + d, 2));
                t += range + 2;
            } else {
                t += random.nextInt(3) == 0 ? 0 : random.nextInt(4000);
                out.add(new Event(t, 1 + random.nextInt(4)));
            }
        }
        out.sort((x, y) -> Long.compare(x.time(), y.time()));   // stable: equal times keep their order
        return out;
    }

    /** A T2 file into a Correlator: fused (batchSize 0: records decoded in the kernel) or through tag batches. */
    private static void feed(final Correlator c, final TagFile f, final int batchSize) throws IOException {
        if (batchSize == 0) {
            c.acceptAll((PtuT2Reader) f);
        } else {
            final TagBatch batch = new TagBatch(batchSize);
            while (f.read(batch) > 0) {
                c.accept(batch);
            }
        }
    }

    /** One kernel's run of a file: fused, or through tag batches of {@code batchSize}. */
    private static Object[] run(final Path file, final int a, final int b, final long r, final long w, final boolean nativeKernel,
                                final int batchSize) throws IOException {
        return run(file, a, b, r, w, nativeKernel, batchSize, false, 0);
    }

    /**
     * As {@link #run(Path, int, int, long, long, boolean, int)}; {@code scalar}: the native kernel's
     * scalar decode loop; {@code chunkBytes} > 0: the reader's chunk (fused: the kernel's calls and
     * its last, partial block, at other records).
     */
    private static Object[] run(final Path file, final int a, final int b, final long r, final long w, final boolean nativeKernel,
                                final int batchSize, final boolean scalar, final int chunkBytes) throws IOException {
        final Correlator c = new Correlator(a, b, r, w, nativeKernel);
        assertEquals(nativeKernel ? "native" : "java", c.kernel());
        c.nativeScalarDecode(scalar);
        try (TagFile f = chunkBytes > 0 ? PtuT2Reader.open(file, chunkBytes) : TagSources.open(file, false)) {
            feed(c, f, batchSize);
            final Correlation x = c.result(1.0);
            return new Object[] {x.counts(), x.tagsA(), x.tagsB(), x.spanTicks(), c.ringCapacity(),
                Arrays.toString(((PtuT2Reader) f).counts())};
        }
    }

    /**
     * The native kernel equals the Java kernel, bin for bin with the same tags, span, ring
     * capacity and reader counts, fused (records decoded in C) and through tag batches, on random
     * V2 and V1 files with overflows of many periods and of count 0, markers, equal times,
     * other channels going back in time, pairs at the edges of the range and bursts; for A != B
     * (both orders, the sync as A), A = B, and bins by shift (W a power of two), by the
     * division-free multiply and by division (2R above 2^32, W above 2^31). Both equal the
     * independent all-pairs count of the tags the reader yields.
     */
    @Test
    void nativeAndJavaKernelsAgreeOnRandomT2Files() throws IOException {
        assumeNative();
        final int[][] channels = {{1, 2}, {2, 1}, {1, 1}, {2, 2}, {0, 2}};
        final long[][] small = {{5_000, 1_000}, {4_096, 64}, {3, 1}, {28_000, 7}, {1_500, 3}};
        final long[][] huge = {{6_000_000_038L, 3_000_000_019L}, {3L << 31, 3L << 12}};
        long pairs = 0;
        int files = 0;
        for (int seed = 0; seed < 2; seed++) {
            for (final boolean v1 : new boolean[] {false, true}) {
                for (final boolean big : new boolean[] {true, false}) {
                    final Random random = new Random(1500 + seed * 4 + (v1 ? 2 : 0) + (big ? 1 : 0));
                    final long[][] rws = big ? small : huge;
                    final java.util.List<Event> events = events(random, big ? 20_000 : 1_500, rws[random.nextInt(rws.length)][0], big);
                    final Path file = rawT2("k" + seed + (v1 ? "v1" : "v2") + (big ? "big" : "small"), events, v1, 4, random);
                    files++;
                    for (final int[] ab : channels) {
                        for (final long[] rw : rws) {
                            final String what = file.getFileName() + " A=" + ab[0] + " B=" + ab[1] + " R=" + rw[0] + " W=" + rw[1];
                            final Object[] javaFused = run(file, ab[0], ab[1], rw[0], rw[1], false, 0);
                            final Object[] nativeFused = run(file, ab[0], ab[1], rw[0], rw[1], true, 0);
                            // the library's other decode of records: the scalar loop (beside the AVX-512 blocks)
                            final Object[] nativeScalar = run(file, ab[0], ab[1], rw[0], rw[1], true, 0, true, 0);
                            // small odd chunks: many calls, each ending in a partial block (the vector path's tails)
                            final Object[] nativeChunks = run(file, ab[0], ab[1], rw[0], rw[1], true, 0, false, 4 * (37 + random.nextInt(900)));
                            final Object[] nativeBatches = run(file, ab[0], ab[1], rw[0], rw[1], true, 1 + random.nextInt(3000));
                            final Object[] javaBatches = run(file, ab[0], ab[1], rw[0], rw[1], false, 1000);
                            assertArrayEquals((long[]) javaFused[0], (long[]) nativeFused[0], what + ": fused");
                            assertArrayEquals((long[]) javaFused[0], (long[]) nativeScalar[0], what + ": fused scalar");
                            assertArrayEquals((long[]) javaFused[0], (long[]) nativeChunks[0], what + ": fused in small chunks");
                            assertArrayEquals((long[]) javaFused[0], (long[]) nativeBatches[0], what + ": batches");
                            for (int k = 1; k < javaFused.length; k++) {
                                assertEquals(javaFused[k], nativeFused[k], what + ": fused, item " + k);
                                assertEquals(javaFused[k], nativeScalar[k], what + ": fused scalar, item " + k);
                                if (k != 5) {   // the reader's counts: the same, read in other chunks
                                    assertEquals(javaFused[k], nativeChunks[k], what + ": fused in small chunks, item " + k);
                                }
                                assertEquals(javaBatches[k], nativeBatches[k], what + ": batches, item " + k);
                            }
                            final long[][] loaded = streamAndLoad(file, new Correlator(ab[0], ab[1], rw[0], rw[1], false), ab[0], ab[1]);
                            assertArrayEquals(AllPairs.histogram(loaded[0], loaded[1], ab[0] == ab[1], rw[0], rw[1]),
                                (long[]) nativeFused[0], what + ": the independent count");
                            pairs += Arrays.stream((long[]) nativeFused[0]).sum();
                        }
                    }
                }
            }
        }
        assertEquals(8, files);
        assertTrue(pairs > 1_000_000, "pairs compared: " + pairs);
        // the bursts made the window outgrow a ring of 1024 (the capacity followed by both kernels)
        final Path file = rawT2("burst", events(new Random(9), 20_000, 5_000, true), false, 4, new Random(9));
        assertTrue((int) run(file, 1, 1, 5_000, 1_000, true, 0)[4] >= 4096);
    }

    /**
     * Tag by tag ({@link Correlator#accept(long, int)}): the two kernels equal after every few
     * tags (the histogram is complete at each call), with negative times, equal times, pairs at
     * the edges, bursts past the ring's 1024, tags on other channels going back in time, and pair
     * tags out of order, which both refuse with the same message and then go on from the same
     * state. Both equal the independent count of the tags they took.
     */
    @Test
    void nativeAndJavaKernelsAgreeTagByTag() throws IOException {
        assumeNative();
        final long[][] rws = {{10, 5}, {3, 1}, {1_000, 8}, {999, 2}, {3_000_000_019L, 3_000_000_019L}};
        int errors = 0;
        for (int seed = 0; seed < 6; seed++) {
            final Random random = new Random(77 + seed);
            final long[] rw = rws[seed % rws.length];
            final int a = 1 + random.nextInt(2);
            final int b = seed % 3 == 0 ? a : 3 - a;
            final Correlator nat = new Correlator(a, b, rw[0], rw[1], true);
            final Correlator jv = new Correlator(a, b, rw[0], rw[1], false);
            final LongArrayList ta = new LongArrayList();
            final LongArrayList tb = new LongArrayList();
            long t = -random.nextInt(1_000_000);
            for (int i = 0; i < 20_000; i++) {
                final int kind = random.nextInt(1000);
                final long time;
                final int channel;
                if (kind < 20) {
                    time = t - 1 - random.nextInt(5);                // a pair tag out of order
                    channel = random.nextBoolean() ? a : b;
                } else if (kind < 100) {
                    time = t - random.nextInt(100);                  // another channel back in time
                    channel = 3 + random.nextInt(300);               // (beyond a byte too)
                } else if (kind < 102) {
                    for (int j = 0; j < 1500; j++) {                 // a burst on one side
                        nat.accept(t, a);
                        jv.accept(t, a);
                        ta.addLong(t);
                        if (a == b) {
                            tb.addLong(t);
                        }
                    }
                    continue;
                } else {
                    t += random.nextInt(4) == 0 ? 0 : random.nextInt(4) == 0 ? rw[0] : random.nextInt((int) Math.min(3 * rw[0], 5000));
                    time = t;
                    channel = random.nextBoolean() ? a : b;
                }
                String nativeError = null;
                String javaError = null;
                try {
                    nat.accept(time, channel);
                } catch (final IOException e) {
                    nativeError = e.getMessage();
                }
                try {
                    jv.accept(time, channel);
                } catch (final IOException e) {
                    javaError = e.getMessage();
                }
                assertEquals(javaError, nativeError, "seed " + seed + " tag " + i);
                if (javaError != null) {
                    errors++;
                } else {
                    if (channel == a) {
                        ta.addLong(time);
                    }
                    if (channel == b && a != b) {
                        tb.addLong(time);
                    }
                }
                if (random.nextInt(500) == 0) {
                    assertArrayEquals(jv.counts(), nat.counts(), "seed " + seed + " after tag " + i);
                }
            }
            final Correlation x = jv.result(1.0);
            final Correlation y = nat.result(1.0);
            final String what = "seed " + seed + " A=" + a + " B=" + b + " R=" + rw[0] + " W=" + rw[1];
            assertArrayEquals(x.counts(), y.counts(), what);
            assertEquals(x.tagsA(), y.tagsA(), what);
            assertEquals(x.tagsB(), y.tagsB(), what);
            assertEquals(x.spanTicks(), y.spanTicks(), what);
            assertEquals(jv.ringCapacity(), nat.ringCapacity(), what);
            assertTrue(nat.ringCapacity() >= 2048, what + ": the bursts outgrew 1024: " + nat.ringCapacity());
            final long[] starts = ta.toLongArray();
            assertArrayEquals(AllPairs.histogram(starts, a == b ? starts : tb.toLongArray(), a == b, rw[0], rw[1]), y.counts(),
                what + ": the independent count");
        }
        assertTrue(errors > 100, "order errors met: " + errors);
    }

    /**
     * A record file with a pair tag out of order: the native kernel stops where the Java one does,
     * with the same message, fused and through batches, for A != B and A = B, and has counted the
     * same pairs before it.
     */
    @Test
    void nativeAndJavaKernelsRefuseTheSameOutOfOrderRecord() throws IOException {
        assumeNative();
        final java.util.List<Event> events = new java.util.ArrayList<>(events(new Random(31), 6_000, 5_000, true));
        int i = 4_000;
        while (events.get(i).channel() != 1 || events.get(i).time() % (1L << 25) == 0) {
            i++;
        }
        // a tag on 1 a tick before the one on 1 just before it (unsorted now, on purpose; same period)
        events.add(i + 1, new Event(events.get(i).time() - 1, 1));
        final Path file = rawT2("order", events, false, 4, new Random(31));
        for (final int[] ab : new int[][] {{1, 2}, {1, 1}}) {
            final String[] messages = new String[5];
            final long[][] counts = new long[5][];
            int k = 0;
            for (final int kernel : new int[] {0, 1, 2}) {   // Java, native, native with the scalar decode loop
                for (final int batchSize : kernel == 2 ? new int[] {0} : new int[] {0, 333}) {
                    final Correlator c = new Correlator(ab[0], ab[1], 5_000, 1_000, kernel > 0);
                    c.nativeScalarDecode(kernel == 2);
                    try (TagFile f = TagSources.open(file, false)) {
                        feed(c, f, batchSize);
                    } catch (final IOException ex) {
                        messages[k] = ex.getMessage();
                    }
                    counts[k++] = c.result(1.0).counts();
                }
            }
            assertTrue(messages[0] != null && messages[0].contains("time order"), messages[0]);
            assertEquals(messages[0], messages[2], "fused");
            assertEquals(messages[1], messages[3], "batches");
            assertArrayEquals(counts[0], counts[2], "fused");
            assertArrayEquals(counts[1], counts[3], "batches");
            assertEquals(messages[0], messages[4], "fused, scalar decode");
            assertArrayEquals(counts[0], counts[4], "fused, scalar decode");
        }
    }

    /**
     * The native kernel takes channels 0..255 (a tag batch's bytes): with a channel beyond, the
     * automatic choice is the Java kernel, which counts as usual (the all-pairs count), and asking
     * for the native one is refused.
     */
    @Test
    void channelsBeyondAByteTakeTheJavaKernel() throws IOException {
        assumeNative();
        assumeTrue("native".equals(new Correlator(1, 2, 10, 5).kernel()), "the switch chooses the native kernel");
        final Random random = new Random(255);
        for (final int[] ab : new int[][] {{1, 300}, {300, 2}, {256, 256}}) {
            final Correlator c = new Correlator(ab[0], ab[1], 5_000, 1_000);
            assertEquals("java", c.kernel(), Arrays.toString(ab));
            final LongArrayList ta = new LongArrayList();
            final LongArrayList tb = new LongArrayList();
            long t = 0;
            for (int i = 0; i < 20_000; i++) {
                t += random.nextInt(3_000);
                final int ch = random.nextInt(3) == 0 ? 7 : random.nextBoolean() ? ab[0] : ab[1];
                c.accept(t, ch);
                if (ch == ab[0]) {
                    ta.addLong(t);
                }
                if (ch == ab[1] && ab[0] != ab[1]) {
                    tb.addLong(t);
                }
            }
            final long[] a = ta.toLongArray();
            final long[] expected = AllPairs.histogram(a, ab[0] == ab[1] ? a : tb.toLongArray(), ab[0] == ab[1], 5_000, 1_000);
            assertArrayEquals(expected, c.result(1.0).counts(), Arrays.toString(ab));
            assertTrue(Arrays.stream(expected).sum() > 1_000, "pairs counted");
            assertThrows(IllegalArgumentException.class, () -> new Correlator(ab[0], ab[1], 5_000, 1_000, true));
        }
    }
}
