package org.pairgate.host.correlate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.TagBatch;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.io.PtuT2Writer;
import org.pairgate.host.io.TagFile;
import org.pairgate.host.io.TagSources;

/**
 * The fused correlate path ({@link Correlator#acceptAll(PtuT2Reader)}: HydraHarp T2 records
 * decoded in place) against reading the same file into batches and {@link Correlator#accept(TagBatch)}
 * (which {@code CorrelatorTest} holds to brute force and to {@link AllPairs}): every bin, the tag
 * counts and the span, and the reader's own counts, on random files with syncs, bursts, equal
 * times, other channels and long gaps (overflow records of several periods), for pairs A != B in
 * both orders, A = B, the sync as A, power-of-two and other bin widths.
 */
class FusedCorrelateTest {
    @TempDir
    Path dir;

    @Test
    void sameHistogramAsBatchesOnRandomFiles() throws IOException {
        long pairs = 0;
        for (int seed = 0; seed < 12; seed++) {
            final Path file = write(dir.resolve("r" + seed + ".ptu"), new Random(seed));
            for (final int[] ab : new int[][] {{1, 2}, {2, 1}, {1, 1}, {0, 2}, {3, 3}}) {
                for (final long[] rw : new long[][] {{5_000, 1_000}, {4_096, 64}, {28_000, 7}}) {
                    pairs += compare(file, ab[0], ab[1], rw[0], rw[1]);
                }
            }
        }
        assertTrue(pairs > 100_000, "pairs compared: " + pairs);
    }

    @Test
    void sameHistogramOnTheBundledRealFile() throws IOException {
        final Path file = CorrelatorTest.v30();
        try (TagFile f = TagSources.open(file, false)) {
            if (!(f instanceof PtuT2Reader t2) || !t2.fusable()) {
                return; // not a HydraHarp-family file: the fused path does not apply
            }
        }
        assertTrue(compare(file, 1, 1, 2_000_000, 1_000) > 1000);
    }

    @Test
    void aPairTagOutOfOrderIsTheSameErrorAsInBatches() throws IOException {
        final Path file = dir.resolve("ooo.ptu");
        try (PtuT2Writer out = PtuT2Writer.create(file)) {
            for (int i = 0; i < 5000; i++) {
                out.write(1000L * i, 1 + (i & 1));
            }
        }
        // the record of tag 4000 (channel 1; no overflow record before it: all times below 2^25)
        // gets a timetag below the tag before it and below the channel-1 tag before that (A = B = 1)
        final long dataOffset;
        try (PtuT2Reader r = (PtuT2Reader) TagSources.open(file)) {
            dataOffset = r.header().dataOffset();
        }
        final java.nio.ByteBuffer rec = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
            java.nio.file.StandardOpenOption.WRITE)) {
            ch.read(rec, dataOffset + 4L * 4000);
            final int patched = (rec.getInt(0) & ~0x01FF_FFFF) | 3_997_500;
            rec.clear();
            rec.putInt(0, patched);
            ch.write(rec, dataOffset + 4L * 4000);
        }
        for (final int[] ab : new int[][] {{1, 2}, {1, 1}}) {   // the pair kernel and the A = B one
            String batchError = null;
            try (TagFile f = TagSources.open(file, false)) {
                final Correlator c = new Correlator(ab[0], ab[1], 5_000, 1_000);
                final TagBatch batch = new TagBatch(512);
                while (f.read(batch) > 0) {
                    c.accept(batch);
                }
            } catch (final IOException e) {
                batchError = e.getMessage();
            }
            String fusedError = null;
            try (TagFile f = TagSources.open(file, false)) {
                new Correlator(ab[0], ab[1], 5_000, 1_000).acceptAll((PtuT2Reader) f);
            } catch (final IOException e) {
                fusedError = e.getMessage();
            }
            assertTrue(batchError != null && batchError.contains("time order"), "batch: " + batchError);
            assertEquals(batchError, fusedError);
        }
    }

    private static long compare(final Path file, final int a, final int b, final long r, final long w) throws IOException {
        final Correlator batched = new Correlator(a, b, r, w);
        final long[] batchCounts = new long[4];
        try (TagFile f = TagSources.open(file, false)) {
            final TagBatch batch = new TagBatch(777);
            while (f.read(batch) > 0) {
                batched.accept(batch);
            }
            final PtuT2Reader t2 = (PtuT2Reader) f;
            batchCounts[0] = t2.recordsRead();
            batchCounts[1] = t2.overflows();
            batchCounts[2] = t2.tags(a);
            batchCounts[3] = t2.tags();
        }
        final Correlator fused = new Correlator(a, b, r, w);
        final long[] fusedCounts = new long[4];
        try (TagFile f = TagSources.open(file, false)) {
            final PtuT2Reader t2 = (PtuT2Reader) f;
            assertTrue(t2.fusable());
            fused.acceptAll(t2);
            fusedCounts[0] = t2.recordsRead();
            fusedCounts[1] = t2.overflows();
            fusedCounts[2] = t2.tags(a);
            fusedCounts[3] = t2.tags();
        }
        final Correlation x = batched.result(1.0);
        final Correlation y = fused.result(1.0);
        final String what = file.getFileName() + " A=" + a + " B=" + b + " R=" + r + " W=" + w;
        assertArrayEquals(x.counts(), y.counts(), what);
        assertEquals(x.tagsA(), y.tagsA(), what);
        assertEquals(x.tagsB(), y.tagsB(), what);
        assertEquals(x.spanTicks(), y.spanTicks(), what);
        assertArrayEquals(batchCounts, fusedCounts, what + ": reader counts");
        assertEquals(batched.ringCapacity(), fused.ringCapacity(), what);
        return x.pairs();
    }

    /** Syncs, clicks on 1..3 near them, bursts, equal times and gaps of up to several 2^25-tick periods. */
    static Path write(final Path path, final Random r) throws IOException {
        try (PtuT2Writer out = PtuT2Writer.create(path)) {
            long t = r.nextInt(1000);
            final int n = 20_000 + r.nextInt(20_000);
            for (int i = 0; i < n; i++) {
                final int kind = r.nextInt(100);
                if (kind < 2) {
                    t += (1L << 25) * (1 + r.nextInt(3)) + r.nextInt(1 << 25);   // a gap: overflow records
                } else if (kind < 4) {
                    for (int j = 0; j < 200; j++) {                               // a burst
                        out.write(t + j * 13L, 1 + (j % 3));
                    }
                    t += 3000;
                } else if (kind < 30) {
                    t += 1 + r.nextInt(10_000);
                    out.write(t, 0);
                } else {
                    t += r.nextInt(3) == 0 ? 0 : r.nextInt(4000);                // equal times too
                    out.write(t, 1 + r.nextInt(3));
                }
            }
        }
        return path;
    }
}
