package org.pairgate.host.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.PgMap;
import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.analysis.Engines;
import org.pairgate.host.analysis.TrialRecordCsv;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.io.PtuT2Writer;
import org.pairgate.host.report.ReportJson;

/**
 * acquire's fused path (raw records through the tag ring, decoded and gated on the device thread,
 * issue 15) against its batch path and against analyze: every frame word for word (the journal's
 * frames, through a tap), the report and the reader's counts, on a generated HydraHarp V2 file
 * (empty trials, bursts, long gaps of several overflow periods, a channel outside the
 * configuration) for frame cadences of one frame, 10 000 trials and 7 trials, K 0 and 8, sync
 * delays 0 and 25 ns, and small slots (a slot's records end anywhere in a trial); a trial limit
 * cuts where the batch path cuts, and a paced run ({@code --realtime}) takes the recorded time.
 */
class FusedAcquisitionTest {
    @TempDir
    Path dir;

    private Path generated() throws IOException {
        final Path file = dir.resolve("gen.ptu");
        final SplittableRandom r = new SplittableRandom(11);
        try (PtuT2Writer w = PtuT2Writer.create(file, 1.0, 100_000)) {
            long sync = 0;
            for (int n = 0; n < 40_000; n++) {
                w.write(sync, 0);
                final int k = r.nextInt(20) == 0 ? 12 : r.nextInt(4);
                long t = sync;
                for (int i = 0; i < k; i++) {
                    t += 20_000 + r.nextLong(150_000);
                    w.write(t, 1 + r.nextInt(3));
                }
                sync += r.nextInt(50) == 0 ? 10_000_000L * (1 + r.nextInt(30)) : 10_000_000L;
            }
            w.write(sync, 0);
        }
        return file;
    }

    private static AnalysisConfig config(final int k, final long syncDelay, final long frameTrials) {
        return new AnalysisConfig(0, new int[] {1, 2}, List.of("pre", "meas"), new long[] {60_000 + syncDelay, 200_000 + syncDelay},
            new long[] {100_000, 120_000}, Map.of(), k, 1_000, "soft", frameTrials);
    }

    /** {report.json, reader counts, frames, fused?}. */
    private Object[] acquire(final Path file, final AnalysisConfig cfg, final boolean fused, final PipelineConfig pc,
                             final String name) throws Exception {
        final List<long[]> frames = new ArrayList<>();
        try (PtuT2Reader reader = PtuT2Reader.open(file, 8192)) {
            final AcquisitionResult r = new Acquisition(cfg, pc, Engines.INSTANCE).fused(fused)
                .tap((long[] w, PgMap.FrameLayout l) -> frames.add(w.clone()))
                .run(reader, dir.resolve(name), "", Map.of(), null, false);
            return new Object[] {ReportJson.of(r.analysis()).toString(), reader.counts(), frames,
                r.pipeline().get("fused").asBoolean()};
        }
    }

    @Test
    void fusedFramesAreTheBatchPathsAndAnalyzes() throws Exception {
        final Path file = generated();
        int run = 0;
        for (final long f : new long[] {0, 10_000, 7}) {
            for (final int k : new int[] {0, 8}) {
                for (final long delay : new long[] {0, 25_000}) {
                    for (final int slot : new int[] {Analysis.BATCH_TAGS, 333}) {
                        final AnalysisConfig cfg = config(k, delay, f);
                        final PipelineConfig pc = PipelineConfig.of(WaitStrategyOption.BLOCKING, false, 0, 0).withFrameInterval(0)
                            .withBatchTags(slot);
                        final String what = "F " + f + ", K " + k + ", delay " + delay + ", slot " + slot;
                        final Object[] fused = acquire(file, cfg, true, pc, "j" + run++);
                        final Object[] batches = acquire(file, cfg, false, pc, "j" + run++);
                        assertTrue((Boolean) fused[3], "fused path taken, " + what);
                        assertFalse((Boolean) batches[3], "batch path when asked, " + what);
                        assertEquals(batches[0], fused[0], "report, " + what);
                        assertArrayEquals((long[]) batches[1], (long[]) fused[1], "reader counts, " + what);
                        @SuppressWarnings("unchecked") final List<long[]> a = (List<long[]>) batches[2];
                        @SuppressWarnings("unchecked") final List<long[]> b = (List<long[]>) fused[2];
                        assertEquals(a.size(), b.size(), "frames, " + what);
                        for (int i = 0; i < a.size(); i++) {
                            assertArrayEquals(a.get(i), b.get(i), "frame " + i + ", " + what);
                        }
                        try (PtuT2Reader reader = PtuT2Reader.open(file, 8192)) {
                            final AnalysisResult analyzed = new Analysis(cfg, Engines.INSTANCE).parallel(false, 0).run(reader);
                            assertEquals(ReportJson.of(analyzed).toString(), fused[0], "analyze's report, " + what);
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code --realtime}: the fused path paces by its slots' last tags (2 s of recorded time, 2000
     * trials 1 ms apart: far longer than reading them takes); the frames are the batch path's.
     */
    @Test
    void pacedRunsTakeTheRecordedTimeAndGiveTheBatchPathsFrames() throws Exception {
        final Path file = dir.resolve("sparse.ptu");
        final SplittableRandom r = new SplittableRandom(12);
        try (PtuT2Writer w = PtuT2Writer.create(file, 1.0, 1_000)) {
            for (long n = 0; n <= 2_000; n++) {
                final long sync = n * 1_000_000_000L;
                w.write(sync, 0);
                if (r.nextInt(3) == 0) {
                    w.write(sync + 60_000 + r.nextLong(300_000), 1 + r.nextInt(2));
                }
            }
        }
        final PipelineConfig pc = PipelineConfig.of(WaitStrategyOption.BLOCKING, true, 0, 0).withFrameInterval(0);
        final AnalysisConfig cfg = config(8, 0, 100);
        final long t0 = System.nanoTime();
        final Object[] fused = acquire(file, cfg, true, pc, "paced-f");
        final double seconds = (System.nanoTime() - t0) / 1e9;
        final Object[] batches = acquire(file, cfg, false, pc, "paced-b");
        assertTrue((Boolean) fused[3], "fused path taken");
        assertTrue(seconds > 1.8, "paced at the recorded rate (2 s recorded): " + seconds + " s");
        assertEquals(batches[0], fused[0], "report");
        @SuppressWarnings("unchecked") final List<long[]> a = (List<long[]>) batches[2];
        @SuppressWarnings("unchecked") final List<long[]> b = (List<long[]>) fused[2];
        assertEquals(a.size(), b.size(), "frames");
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "frame " + i);
        }
    }

    /** Trial records on the fused path: the device thread writes what analyze writes for the same file. */
    @Test
    void fusedTrialRecordsAreAnalyzes() throws Exception {
        final Path file = generated();
        final AnalysisConfig cfg = config(8, 25_000, 997);
        final Path live = dir.resolve("live.csv");
        final Path offline = dir.resolve("offline.csv");
        final AcquisitionResult result;
        try (TrialRecordCsv csv = new TrialRecordCsv(live, List.of("pre", "meas"));
             PtuT2Reader reader = PtuT2Reader.open(file, 8192)) {
            final Acquisition acq = new Acquisition(cfg, PipelineConfig.of(WaitStrategyOption.BLOCKING, false, 0, 0)
                .withFrameInterval(0), Engines.INSTANCE).records(csv);
            result = acq.run(reader, dir.resolve("records"), "", Map.of(), null, false);
            assertEquals(acq.recordsRead(), csv.written());
            assertTrue(acq.recordsRead() > 10_000, "records: " + acq.recordsRead());
        }
        assertTrue(result.pipeline().get("fused").asBoolean());
        try (TrialRecordCsv csv = new TrialRecordCsv(offline, List.of("pre", "meas"));
             PtuT2Reader reader = PtuT2Reader.open(file, 8192)) {
            new Analysis(cfg, Engines.INSTANCE).records(csv).run(reader);
        }
        assertArrayEquals(Files.readAllBytes(offline), Files.readAllBytes(live));
    }

    /** {@code --trials N}: the fused path cuts its slot after the (N+1)-th sync record, where the batch path cuts its batch. */
    @Test
    void aTrialLimitCutsWhereTheBatchPathCuts() throws Exception {
        final Path file = generated();
        int run = 0;
        for (final long limit : new long[] {1, 1000, 12_345}) {
            for (final int slot : new int[] {Analysis.BATCH_TAGS, 333}) {
                final PipelineConfig pc = PipelineConfig.of(WaitStrategyOption.BLOCKING, false, limit, 0).withFrameInterval(0)
                    .withBatchTags(slot);
                final AnalysisConfig cfg = config(8, 25_000, 97);
                final String what = "limit " + limit + ", slot " + slot;
                final Object[] fused = acquire(file, cfg, true, pc, "l" + run++);
                final Object[] batches = acquire(file, cfg, false, pc, "l" + run++);
                assertTrue((Boolean) fused[3], "fused path taken, " + what);
                assertEquals(batches[0], fused[0], "report, " + what);
                assertTrue(((String) fused[0]).contains("\"trials\":" + limit + ","), "trials, " + what + ": " + fused[0]);
                @SuppressWarnings("unchecked") final List<long[]> a = (List<long[]>) batches[2];
                @SuppressWarnings("unchecked") final List<long[]> b = (List<long[]>) fused[2];
                assertEquals(a.size(), b.size(), "frames, " + what);
                for (int i = 0; i < a.size(); i++) {
                    assertArrayEquals(a.get(i), b.get(i), "frame " + i + ", " + what);
                }
            }
        }
    }
}
