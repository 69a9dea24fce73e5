package org.pairgate.host.correlate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.io.PtuT2Writer;

/**
 * correlate on two cores ({@link ParallelCorrelation}) gives one {@link Correlator}'s result: every
 * bin, the tags on A and B, the span and the reader's counts, on random files with bursts, equal
 * times, other channels and long gaps (overflow records of several periods), for A != B in both
 * orders, A = B, the sync as A, power-of-two and other bin widths, and ranges from a few ticks to
 * a burst's length; the split is really taken. A range longer than the second part leaves no split
 * point (one core), and a tag out of order in either part is one core's error.
 */
class ParallelCorrelationTest {
    @TempDir
    Path dir;

    @Test
    void twoCoresGiveOneCoresHistogramOnRandomFiles() throws IOException {
        long pairs = 0;
        for (int seed = 0; seed < 6; seed++) {
            final Path file = FusedCorrelateTest.write(dir.resolve("r" + seed + ".ptu"), new Random(seed));
            for (final int[] ab : new int[][] {{1, 2}, {2, 1}, {1, 1}, {0, 2}, {3, 3}}) {
                for (final long[] rw : new long[][] {{5_000, 1_000}, {4_096, 64}, {28_000, 7}, {3, 1}}) {
                    pairs += compare(file, ab[0], ab[1], rw[0], rw[1], 2);
                }
            }
        }
        assertTrue(pairs > 100_000, "pairs compared: " + pairs);
    }

    /**
     * The second core's start follows the kernel's share (issue 15): the Java kernel's and the
     * native kernel's W differ, and each gives one core's histogram. With the native library
     * absent only the Java kernel's case runs.
     */
    @Test
    void eachKernelsShareGivesOneCoresHistogram() throws IOException {
        final Path file = FusedCorrelateTest.write(dir.resolve("k.ptu"), new Random(8));
        final String old = System.getProperty("pairgate.soft.kernel");
        final java.util.Map<String, Long> starts = new java.util.TreeMap<>();
        try {
            for (final String kernel : Correlator.nativeAvailable() ? new String[] {"java", "native"} : new String[] {"java"}) {
                System.setProperty("pairgate.soft.kernel", kernel);
                for (final int[] ab : new int[][] {{1, 2}, {1, 1}}) {
                    compare(file, ab[0], ab[1], 5_000, 1_000, 2);
                }
                final ParallelCorrelation p = new ParallelCorrelation(1, 2, 5_000, 1_000);
                try (PtuT2Reader t2 = PtuT2Reader.open(file, 8192)) {
                    p.correlate(t2, 0);
                    final long total = t2.fileRecords();
                    assertEquals(total - (long) (total * ParallelCorrelation.secondShare(kernel.equals("native"),
                        PtuT2Reader.nativeScan())), p.secondStart(), kernel);
                }
                starts.put(kernel, p.secondStart());
            }
        } finally {
            if (old == null) {
                System.clearProperty("pairgate.soft.kernel");
            } else {
                System.setProperty("pairgate.soft.kernel", old);
            }
        }
        if (starts.size() == 2) {
            // the native kernel forks with the scan in C: its own share (0.44 against the Java kernel's 0.46)
            assertTrue(!starts.get("native").equals(starts.get("java")), "each kernel's share: " + starts);
        }
    }

    @Test
    void aRangeLongerThanTheSecondPartRunsOnOneCore() throws IOException {
        final Path file = FusedCorrelateTest.write(dir.resolve("long.ptu"), new Random(7));
        compare(file, 1, 2, 1L << 40, 1L << 30, 1);
    }

    /** A tag on A out of order in the first part, then in the second: the same error as one core's. */
    @Test
    void aTagOutOfOrderIsOneCoresError() throws IOException {
        for (final int at : new int[] {1000, 4000}) {
            final Path file = dir.resolve("ooo" + at + ".ptu");
            try (PtuT2Writer out = PtuT2Writer.create(file)) {
                for (int i = 0; i < 5000; i++) {
                    out.write(1000L * i, 1 + (i & 1));
                }
            }
            final long dataOffset;
            try (PtuT2Reader r = PtuT2Reader.open(file)) {
                dataOffset = r.header().dataOffset();
            }
            final ByteBuffer rec = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ch.read(rec, dataOffset + 4L * at);
                rec.putInt(0, (rec.getInt(0) & ~0x01FF_FFFF) | (1000 * at - 1500));
                rec.clear();
                ch.write(rec, dataOffset + 4L * at);
            }
            String one = null;
            try (PtuT2Reader r = PtuT2Reader.open(file, 4096)) {
                new Correlator(1, 2, 5_000, 1_000).acceptAll(r);
            } catch (final IOException e) {
                one = e.getMessage();
            }
            String two = null;
            try (PtuT2Reader r = PtuT2Reader.open(file, 4096)) {
                new ParallelCorrelation(1, 2, 5_000, 1_000).correlate(r, 0);
            } catch (final IOException e) {
                two = e.getMessage();
            }
            assertTrue(one != null && one.contains("time order"), "one core: " + one);
            assertEquals(one, two, "tag " + at);
        }
    }

    private static long compare(final Path file, final int a, final int b, final long r, final long w, final int cores)
        throws IOException {
        final Correlator c = new Correlator(a, b, r, w);
        final long[] oneCounts;
        try (PtuT2Reader t2 = PtuT2Reader.open(file, 8192)) {
            c.acceptAll(t2);
            oneCounts = t2.counts();
        }
        final Correlation x = c.result(1.0);
        final ParallelCorrelation p = new ParallelCorrelation(a, b, r, w);
        final Correlation y;
        final long[] twoCounts;
        try (PtuT2Reader t2 = PtuT2Reader.open(file, 8192)) {
            y = p.correlate(t2, 0);
            twoCounts = t2.counts();
        }
        final String what = file.getFileName() + " A=" + a + " B=" + b + " R=" + r + " W=" + w;
        assertEquals(cores, p.coresUsed(), what + ": cores");
        assertArrayEquals(x.counts(), y.counts(), what);
        assertEquals(x.tagsA(), y.tagsA(), what);
        assertEquals(x.tagsB(), y.tagsB(), what);
        assertEquals(x.spanTicks(), y.spanTicks(), what);
        assertArrayEquals(oneCounts, twoCounts, what + ": reader counts");
        return x.pairs();
    }
}
