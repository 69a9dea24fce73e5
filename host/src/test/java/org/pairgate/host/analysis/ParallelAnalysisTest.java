package org.pairgate.host.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.SoftKernel;
import org.pairgate.host.io.PtuHeader;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.io.PtuT2Writer;
import org.pairgate.host.report.ReportJson;
import org.pairgate.host.report.ReportWriter;

/**
 * Two cores give one core's result: the report (frames, merges and the stationarity blocks
 * included), and the reader's counts, of a fused analysis split at the file's middle equal those
 * of one core, on a generated HydraHarp V2 file (clicks, long gaps with overflow records of
 * several periods) for several K, delays, windows and frame cadences (one frame per run,
 * analyze's 10 000 trials, and cadences that put the split anywhere in a frame, on a frame
 * boundary or within K trials of one), and on the bundled real file; and the split is really
 * taken ({@link Analysis#coresUsed}). And the balance after the first cut (a core that ends its
 * part takes the tail of the other's, {@link ParallelRun}): many parts, parts of one trial, empty
 * parts, part boundaries on frame boundaries, at every phase of a frame and inside runs of syncs
 * without a click, taken by either core at points a plan gives ({@link ParallelRun#plan}) or as
 * the cores' rates choose; each gives one core's result, frames and counts included.
 */
class ParallelAnalysisTest {
    @TempDir
    Path dir;

    private Path generated(final long seed) throws IOException {
        return generated(seed, 0, -1);
    }

    /**
     * 30 000 trials: the sync on {@code syncChannel}, clicks on channels 1..3 (those other than the
     * sync), and with {@code decoy} 0 or more a record on channel {@code decoy} in about every third
     * trial (e.g. the sync input's special records when the trigger is on a regular input).
     */
    private Path generated(final long seed, final int syncChannel, final int decoy) throws IOException {
        final Path file = dir.resolve("gen" + seed + "-" + syncChannel + "-" + decoy + ".ptu");
        final SplittableRandom r = new SplittableRandom(seed);
        try (PtuT2Writer w = PtuT2Writer.create(file, 1.0, 100_000)) {
            long sync = 0;
            for (int n = 0; n < 30_000; n++) {
                w.write(sync, syncChannel);
                final int k = r.nextInt(4);
                long t = sync;
                for (int i = 0; i < k; i++) {
                    t += 40_000 + r.nextLong(150_000);
                    final int c = 1 + r.nextInt(3);
                    w.write(t, c == syncChannel ? 1 : c);
                }
                if (decoy >= 0 && r.nextInt(3) == 0) {
                    w.write(t + 1_000, decoy);
                }
                sync += r.nextInt(40) == 0 ? 10_000_000L * (1 + r.nextInt(30)) : 10_000_000L;
            }
            w.write(sync, syncChannel);
        }
        return file;
    }

    /**
     * As {@link #generated(long)}, with a run of 40 syncs without a click every 500 trials (the
     * trials a part boundary falls among when it falls in such a run).
     */
    private Path generatedWithEmptyRuns(final long seed) throws IOException {
        final Path file = dir.resolve("runs" + seed + ".ptu");
        final SplittableRandom r = new SplittableRandom(seed);
        try (PtuT2Writer w = PtuT2Writer.create(file, 1.0, 100_000)) {
            long sync = 0;
            for (int n = 0; n < 30_000; n++) {
                w.write(sync, 0);
                final int k = n % 500 < 40 ? 0 : r.nextInt(4);
                long t = sync;
                for (int i = 0; i < k; i++) {
                    t += 40_000 + r.nextLong(150_000);
                    w.write(t, 1 + r.nextInt(3));
                }
                sync += r.nextInt(40) == 0 ? 10_000_000L * (1 + r.nextInt(30)) : 10_000_000L;
            }
            w.write(sync, 0);
        }
        return file;
    }

    /** The indices of the file's records on {@code syncChannel} (HydraHarp family, as the reader yields channels). */
    private static long[] syncRecords(final Path file, final int syncChannel) throws IOException {
        final long offset = PtuHeader.read(file).dataOffset();
        final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(file))
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        final int top = syncChannel == 0 ? 64 : syncChannel - 1;
        final long n = (b.capacity() - offset) / 4;
        final long[] found = new long[(int) n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (b.getInt((int) (offset + 4L * i)) >>> 25 == top) {
                found[k++] = i;
            }
        }
        return java.util.Arrays.copyOf(found, k);
    }

    /**
     * A steal plan (tests of {@link ParallelRun}'s balance) cutting at the sync records {@code
     * cut.next(victimAt, victimEnd, k)} gives as an index into {@code syncs} (-1: no more): the
     * warm-up then starts K + 1 syncs before the cut, so that the cut is its (K + 2)-th sync.
     */
    private static ParallelRun.StealPlan cutAt(final long[] syncs, final int k, final CutRule cut) {
        return (at, end, n) -> {
            final int j = cut.syncIndex(at, end, n);
            if (j < 0 || j - k - 1 < 0 || syncs[j] >= end || syncs[j - k - 1] < at) {
                return -1;
            }
            return syncs[j - k - 1];
        };
    }

    interface CutRule {
        int syncIndex(long victimAt, long victimEnd, int stealsSoFar);
    }

    /** The index of the first sync at or after record {@code t}. */
    private static int syncAtOrAfter(final long[] syncs, final long t) {
        final int i = java.util.Arrays.binarySearch(syncs, t);
        return i >= 0 ? i : -i - 1;
    }

    /** One core's result against two cores' under {@code plan}, the steals by the first core or the second. */
    private static void assertSameStealing(final Path file, final AnalysisConfig cfg, final ParallelRun.StealPlan plan,
                                           final boolean firstSteals, final int minParts, final String what)
        throws IOException {
        final Object[] one = run(file, cfg, false);
        ParallelRun.plan = plan;
        ParallelRun.planFirstSteals = firstSteals;
        try (PtuT2Reader reader = PtuT2Reader.open(file, 8192)) {
            final Analysis a = new Analysis(cfg, Engines.INSTANCE).parallel(true, 0);
            final AnalysisResult r = a.run(reader);
            assertEquals(2, a.coresUsed(), "the split was taken, " + what + "; " + a.splitProfile());
            assertTrue(a.partsJoined() >= minParts, what + ": " + a.partsJoined() + " parts; " + a.splitProfile());
            assertEquals(one[0], ReportJson.of(r).toString(), "report, " + what);
            assertEquals(one[3], ReportWriter.json(r), "report.json, " + what);
            assertArrayEquals((long[]) one[1], reader.counts(), "reader counts, " + what);
        } finally {
            ParallelRun.plan = null;
            ParallelRun.planFirstSteals = true;
        }
    }

    /**
     * Balance after the first cut (ParallelRun's steals): the first core takes the tail of the
     * second's part again and again (halves of what is left: many parts), or the second core takes
     * tails of the first's; parts of one trial each (cuts at consecutive syncs); empty parts (a cut
     * where the last one was); for K 0, 8 and 30, with and without a sync delay, without a cadence
     * and with cadences that put a frame boundary on every part boundary (1) or anywhere (2, 7, 97,
     * 10 000). Each gives one core's result, frames and reader counts included.
     */
    @Test
    void partsTakenAfterTheCutGiveOneCoresResult() throws IOException {
        final Path file = generated(7);
        final long[] syncs = syncRecords(file, 0);
        for (final int k : new int[] {0, 8, 30}) {
            final CutRule halves = (at, end, n) -> n < 6 ? syncAtOrAfter(syncs, at + (end - at) / 2) : -1;
            final int[] last = {-1};
            final CutRule oneTrialEach = (at, end, n) -> {
                last[0] = n == 0 ? syncAtOrAfter(syncs, at + (end - at) / 2) : last[0] - 1;
                return n < 5 ? last[0] : -1;
            };
            final CutRule emptyToo = (at, end, n) -> {
                if (n == 0 || n == 2) {
                    last[0] = syncAtOrAfter(syncs, at + (end - at) / 3);
                }
                return n < 4 ? last[0] : -1;   // steals 1 and 3 cut where the one before did: empty parts
            };
            for (final long f : new long[] {0, 1, 2, 7, 97, 10_000}) {
                for (final long delay : new long[] {0, 25_000}) {
                    final AnalysisConfig cfg = config(k, delay, k == 30 ? 7_000 : 1_000, f);
                    final String what = "K " + k + ", frames every " + f + ", delay " + delay;
                    assertSameStealing(file, cfg, cutAt(syncs, k, halves), true, 7, "halves taken by the first core, " + what);
                    assertSameStealing(file, cfg, cutAt(syncs, k, halves), false, 7, "halves taken by the second core, " + what);
                    assertSameStealing(file, cfg, cutAt(syncs, k, oneTrialEach), true, 7, "parts of one trial, " + what);
                    assertSameStealing(file, cfg, cutAt(syncs, k, emptyToo), k % 2 == 0, 6, "empty parts, " + what);
                }
            }
        }
    }

    /**
     * The steals as the cores' rates choose them, with tails of 64 records or more worth taking (a
     * real file's rule takes 1/128 of it at least): whatever the two threads' timing makes of
     * them, each run gives one core's result. Runs 40 times over cadences and K.
     */
    @Test
    void stealsByTheRatesGiveOneCoresResult() throws IOException {
        final Path file = generated(9);
        ParallelRun.minStealForTests = 64;
        try {
            for (int round = 0; round < 5; round++) {
                for (final long f : new long[] {0, 1, 97, 10_000}) {
                    for (final int k : new int[] {0, 8}) {
                        assertSame(file, config(k, 25_000, 1_000, f), "rates, round " + round + ", frames every " + f + ", K " + k);
                    }
                }
            }
        } finally {
            ParallelRun.minStealForTests = 0;
        }
    }

    /**
     * A part boundary at every phase of a frame (cadences 9 990 to 10 010 with cuts near trial
     * 20 000) and inside runs of syncs without a click, with a sync delay that queues syncs across it.
     */
    @Test
    void partBoundariesInAFrameAndInRunsOfEmptySyncs() throws IOException {
        final Path file = generatedWithEmptyRuns(8);
        final long[] syncs = syncRecords(file, 0);
        for (final int k : new int[] {1, 8}) {
            // cuts in the middle of the first run of empty syncs (trials 500 r to 500 r + 39) past the middle of the
            // victim's part, at its second sync, and just before it
            final int[] run = {0};
            final CutRule inRuns = (at, end, n) -> {
                if (n == 0) {
                    run[0] = (syncAtOrAfter(syncs, at + (end - at) / 2) / 500 + 1) * 500;
                }
                return n == 0 ? run[0] + 20 : n == 1 ? run[0] + 1 : n == 2 ? run[0] - 1 : -1;
            };
            for (long f = 9_990; f <= 10_010; f += 4) {
                for (final long delay : new long[] {0, 25_000}) {
                    assertSameStealing(file, config(k, delay, 1_000, f), cutAt(syncs, k, inRuns), true, 4,
                        "K " + k + ", frames every " + f + ", delay " + delay);
                }
            }
        }
    }

    private static AnalysisConfig config(final int k, final long syncDelay, final long bin, final long frameTrials) {
        return config(0, new int[] {1, 2}, k, syncDelay, bin, frameTrials);
    }

    private static AnalysisConfig config(final int sync, final int[] detectors, final int k, final long syncDelay,
                                         final long bin, final long frameTrials) {
        return new AnalysisConfig(sync, detectors, List.of("pre", "meas"), new long[] {60_000 + syncDelay, 200_000 + syncDelay},
            new long[] {100_000, 120_000}, Map.of(), k, bin, "soft", frameTrials);
    }

    /** {report, reader counts, cores used}. */
    private static Object[] run(final Path file, final AnalysisConfig cfg, final boolean parallel) throws IOException {
        try (PtuT2Reader reader = PtuT2Reader.open(file, 8192)) {
            final Analysis a = new Analysis(cfg, Engines.INSTANCE).parallel(parallel, 0);
            final AnalysisResult r = a.run(reader);
            assertTrue(r.statistics().accounting().balanced());
            return new Object[] {ReportJson.of(r).toString(), reader.counts(), a.coresUsed(), ReportWriter.json(r)};
        }
    }

    private static void assertSame(final Path file, final AnalysisConfig cfg, final String what) throws IOException {
        final Object[] one = run(file, cfg, false);
        final Object[] two = run(file, cfg, true);
        assertEquals(1, one[2], "one core when asked, " + what);
        assertEquals(2, two[2], "the split was taken, " + what);
        assertEquals(one[0], two[0], "report, " + what);
        assertEquals(one[3], two[3], "report.json, " + what);
        assertArrayEquals((long[]) one[1], (long[]) two[1], "reader counts, " + what);
    }

    @Test
    void twoCoresGiveOneCoresResult() throws IOException {
        for (final long seed : new long[] {1, 2}) {
            final Path file = generated(seed);
            for (final int k : new int[] {0, 1, 8, 30}) {
                for (final long delay : new long[] {0, -15_000, 25_000}) {
                    assertSame(file, config(k, delay, k == 30 ? 7_000 : 1_000, 0), "seed " + seed + ", K " + k + ", delay " + delay);
                }
            }
        }
    }

    /** analyze's default cadence and cadences whose frame boundaries fall at every distance from the split. */
    @Test
    void twoCoresGiveOneCoresFrames() throws IOException {
        final Path file = generated(3);
        final long[] cadences = {10_000, 1, 2, 3, 7, 97, 1000, 4093, 14_999, 15_001};
        for (final long f : cadences) {
            for (final int k : new int[] {0, 8, 30}) {
                for (final long delay : new long[] {0, 25_000}) {
                    assertSame(file, config(k, delay, k == 30 ? 7_000 : 1_000, f), "frames every " + f + ", K " + k + ", delay " + delay);
                }
            }
        }
    }

    /** Every split point of a short file against a cadence: the frame around the split is joined exactly wherever it falls. */
    @Test
    void everyPhaseOfTheSplitInAFrame() throws IOException {
        final Path file = generated(4);
        for (long f = 9_990; f <= 10_010; f++) {
            assertSame(file, config(8, 0, 1_000, f), "frames every " + f);
        }
    }

    /**
     * The trigger on a regular input (channel 3, input 2), alone or with the sync input's special
     * records (channel 0) in the stream as decoys: the split looks for and counts the trigger's
     * records, not channel 0's, and takes the second core (the first version of the split found no
     * split point in a file without channel-0 records and ran on one core).
     */
    @Test
    void syncOnARegularInput() throws IOException {
        for (final int decoy : new int[] {-1, 0}) {
            final Path file = generated(5, 3, decoy);
            for (final long f : new long[] {0, 10_000, 97}) {
                for (final int k : new int[] {0, 8}) {
                    assertSame(file, config(3, new int[] {1, 2}, k, 0, 1_000, f),
                        "sync on channel 3, decoys " + decoy + ", frames every " + f + ", K " + k);
                }
            }
        }
    }

    /**
     * The split point is chosen by the second core as it scans, from the first core's progress
     * (issue 15), so it moves with the kernel's speed: with the Java kernel and with the native
     * one, at several cadences, the split is taken, lies in the file's second half (where the
     * rule 2M ≥ N + X puts it) and gives one core's result, frames included. With the native
     * library absent only the Java kernel's case runs.
     */
    @Test
    void eachKernelSplitsWhereTheCoresEndTogether() throws IOException {
        final Path file = generated(6);
        final String old = System.getProperty("pairgate.soft.kernel");
        try {
            for (final String kernel : SoftKernel.isAvailable() ? new String[] {"java", "native"} : new String[] {"java"}) {
                System.setProperty("pairgate.soft.kernel", kernel);
                for (final long f : new long[] {0, 10_000, 97}) {
                    final AnalysisConfig cfg = config(8, 25_000, 1_000, f);
                    assertSame(file, cfg, kernel + " kernel, frames every " + f);
                    try (PtuT2Reader reader = PtuT2Reader.open(file, 8192)) {
                        final Analysis a = new Analysis(cfg, Engines.INSTANCE).parallel(true, 0);
                        a.run(reader);
                        final long total = reader.fileRecords();
                        assertTrue(a.splitRecord() >= total / 2 && a.splitRecord() < total,
                            kernel + ": split " + a.splitRecord() + " of " + total + "; " + a.splitProfile());
                    }
                }
            }
        } finally {
            if (old == null) {
                System.clearProperty("pairgate.soft.kernel");
            } else {
                System.setProperty("pairgate.soft.kernel", old);
            }
        }
    }

    @Test
    void bundledRealFileGivesOneCoresResult() throws IOException, URISyntaxException {
        final Path file = Path.of(ParallelAnalysisTest.class.getResource("/ptu/v30_t2.ptu").toURI());
        final AnalysisConfig cfg = new AnalysisConfig(0, new int[] {1, 2}, List.of("pre", "meas"), new long[] {0, 20_000},
            new long[] {20_000, 20_000}, Map.of(), 4, 100, "soft", 0);
        for (final long f : new long[] {0, 10_000, 333}) {
            final AnalysisConfig c = new AnalysisConfig(cfg.syncChannel(), cfg.detectorChannels(), cfg.windowNames(),
                cfg.windowStarts(), cfg.windowLengths(), Map.of(), 4, 100, "soft", f);
            final Object[] one = run(file, c, false);
            final Object[] two = run(file, c, true);
            assertEquals(one[0], two[0], "report, frames every " + f);
            assertArrayEquals((long[]) one[1], (long[]) two[1], "reader counts, frames every " + f);
        }
    }
}
