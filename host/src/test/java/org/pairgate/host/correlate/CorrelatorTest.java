package org.pairgate.host.correlate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.TagBatch;
import org.pairgate.host.io.RawTagWriter;
import org.pairgate.host.io.TagFile;
import org.pairgate.host.io.TagSources;

/** The streaming correlation against an independent all-pairs count, bin for bin. */
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
}
