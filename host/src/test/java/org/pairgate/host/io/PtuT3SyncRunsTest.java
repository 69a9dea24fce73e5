package org.pairgate.host.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.analysis.Engines;
import org.pairgate.host.journal.Replay;
import org.pairgate.host.pipeline.Acquisition;
import org.pairgate.host.pipeline.AcquisitionResult;
import org.pairgate.host.pipeline.PipelineConfig;
import org.pairgate.host.pipeline.WaitStrategyOption;
import org.pairgate.host.report.ReportJson;
import org.pairgate.host.report.ReportMarkdown;
import org.pairgate.host.report.Summary;

/**
 * The T3 reader's sync runs on a generated HydraHarp T3 file whose photons often land beyond their
 * sync period (dtime range 524 ns, period 12.5 ns): the syncs they overtake are out of order for
 * the core, and the reader must keep them so (a run of their own) whatever the sync delay.
 */
class PtuT3SyncRunsTest {
    private static final long PERIOD = 12_500;

    @TempDir
    Path dir;

    private Path file() throws IOException {
        final SplittableRandom random = new SplittableRandom(17);
        final int[] records = new int[40_000];
        int n = 0;
        long k = 0;
        long base = 0;
        while (n < records.length - 8) {
            k += random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(400);
            while (k - base >= 1024) {
                records[n++] = PtuT3ReaderTest.hh3Overflow(1);
                base += 1024;
            }
            final int dtime = random.nextInt(10) == 0 ? random.nextInt(1 << 15) : random.nextInt(700);
            records[n++] = PtuT3ReaderTest.hh3(random.nextInt(2), dtime, (int) (k - base));
        }
        final int[] all = java.util.Arrays.copyOf(records, n);
        return PtuT3ReaderTest.t3Header(PtuRecordType.HYDRAHARP_V2_T3, 16e-12, 80_000_000, n).end().records(all)
            .write(dir.resolve("beyond.ptu"));
    }

    private static AnalysisConfig config(final long syncDelay, final long frameTrials) {
        return new AnalysisConfig(0, new int[] {1, 2}, List.of("pre", "meas"), new long[] {0, PERIOD / 2},
            new long[] {PERIOD / 2, PERIOD / 2}, syncDelay == 0 ? Map.of() : Map.of(0, syncDelay), 4, PERIOD / 64, "soft",
            frameTrials);
    }

    private static ObjectNode report(final Path file, final AnalysisConfig cfg, final boolean runs) throws IOException {
        try (TagFile f = TagSources.open(file)) {
            final AnalysisResult r = new Analysis(cfg, Engines.INSTANCE).syncRuns(runs).run(f);
            final ObjectNode json = ReportJson.of(r);
            json.remove("frames");   // a push of runs can close more frames than the ring holds: they merge
            json.remove("frame_merges");
            return json;
        }
    }

    @Test
    void runsAreExactWithOvertakenSyncsForEverySyncDelay() throws IOException {
        final Path file = file();
        for (final long delay : new long[] {0, -PERIOD / 2, PERIOD + PERIOD / 2, 7 * PERIOD, 20 * PERIOD}) {
            for (final long frameTrials : new long[] {0, 1_000}) {
                final ObjectNode on = report(file, config(delay, frameTrials), true);
                final ObjectNode off = report(file, config(delay, frameTrials), false);
                assertEquals(off.toString(), on.toString(), "delay " + delay + ", frames of " + frameTrials);
                assertTrue(on.get("accounting").get("out_of_order").asLong() > 1000,
                    "photons beyond the period overtake syncs: " + on.get("accounting"));
                assertTrue(on.get("trials").asLong() > 1_000_000, on.get("trials").toString());
                // a delay of 20 periods needs more than the core's 16-entry sync-delay queue: syncs are dropped, and said
                assertEquals(delay > 16 * PERIOD, on.get("accounting").get("sync_dropped").asLong() > 0,
                    "delay " + delay + ": " + on.get("accounting"));
                assertTrue(on.get("accounting").get("balanced").asBoolean());
            }
        }
    }

    @Test
    void droppedSyncsReachEveryOutput() throws IOException {
        final Path file = file();
        final AnalysisConfig cfg = config(20 * PERIOD, 5_000);
        final AcquisitionResult r;
        try (TagFile f = TagSources.open(file)) {
            r = new Acquisition(cfg, PipelineConfig.of(WaitStrategyOption.BLOCKING, false, 0, 0), Engines.INSTANCE)
                .run(f, dir.resolve("journal"), "", Map.of(), null, false);
        }
        final long dropped = r.analysis().statistics().accounting().syncDropped();
        assertTrue(dropped > 0);
        assertEquals(dropped, r.pipeline().get("records_dropped").asLong(), "the pipeline section repeats it");
        assertEquals(dropped, ReportJson.of(r.analysis()).get("accounting").get("sync_dropped").asLong());
        assertTrue(Summary.of(r.analysis()).contains("syncs dropped " + dropped), Summary.of(r.analysis()));
        assertTrue(ReportMarkdown.of(r.analysis()).contains("| syncs dropped (sync-delay queue full) | " + dropped + " |"));
        final Replay.Result replay = Replay.of(dir.resolve("journal"));
        assertEquals(dropped, replay.result().statistics().accounting().syncDropped());
    }

    @Test
    void theTailOfSingleSyncsFollowsTheSyncDelay() {
        assertEquals(0, SyncRuns.forSyncDelay(0).tail(PERIOD));
        assertEquals(0, SyncRuns.forSyncDelay(-PERIOD * 3).tail(PERIOD));
        assertEquals(1, SyncRuns.forSyncDelay(1).tail(PERIOD));
        assertEquals(1, SyncRuns.forSyncDelay(PERIOD).tail(PERIOD));
        assertEquals(2, SyncRuns.forSyncDelay(PERIOD + 1).tail(PERIOD));
        assertEquals(SyncRuns.MAX_TAIL, SyncRuns.forSyncDelay(SyncRuns.MAX_TAIL * PERIOD).tail(PERIOD));
        assertEquals(-1, SyncRuns.forSyncDelay(SyncRuns.MAX_TAIL * PERIOD + 1).tail(PERIOD), "too long: runs off");
        assertEquals(-1, SyncRuns.OFF.tail(PERIOD));
        assertTrue(SyncRuns.forSyncDelay(0).exactForAnySpacing());
        assertTrue(!SyncRuns.forSyncDelay(1).exactForAnySpacing());
    }
}
