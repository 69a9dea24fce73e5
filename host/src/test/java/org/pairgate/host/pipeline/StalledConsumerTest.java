package org.pairgate.host.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.PgMap;
import org.pairgate.device.TagBatch;
import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.analysis.Engines;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.io.PtuT2Writer;
import org.pairgate.host.journal.Replay;
import org.pairgate.host.report.ReportJson;
import org.pairgate.host.sim.ToyModel;
import org.pairgate.host.sim.ToyPairSource;

/**
 * Lossless backpressure: a frame consumer that stalls for a second at full rate makes the device
 * thread and then the source wait, and the run still counts exactly what analyze counts, frame
 * for frame.
 */
class StalledConsumerTest {
    private static final long TRIALS = 400_000;

    @TempDir
    static Path dir;

    private static Path ptu;

    @BeforeAll
    static void writeFile() throws IOException {
        ptu = dir.resolve("toy.ptu");
        final ToyPairSource source = new ToyPairSource(ToyModel.standard(TRIALS), 11);
        final TagBatch batch = new TagBatch(1 << 14);
        try (PtuT2Writer w = PtuT2Writer.create(ptu, source.resolutionPs())) {
            while (source.read(batch) > 0) {
                w.write(batch);
            }
        }
    }

    static AnalysisConfig config(final long frameTrials) {
        return new AnalysisConfig(0, new int[] {1, 2}, List.of("pre", "meas"), new long[] {100_000, 280_000},
            new long[] {100_000, 120_000}, Map.of(2, 1_500L), 8, 1_000, "soft", frameTrials);
    }

    /** Also with the statistics on the device thread (live and paced runs): the stall still loses nothing. */
    @org.junit.jupiter.params.ParameterizedTest(name = "statistics on the device thread: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aConsumerStalledForASecondLosesNothing(final boolean statisticsOnDevice) throws Exception {
        final AnalysisConfig cfg = config(200);
        final AnalysisResult expected;
        try (PtuT2Reader in = PtuT2Reader.open(ptu)) {
            expected = new Analysis(cfg, Engines.INSTANCE).run(in);
        }
        // frame interval 0: frames cut exactly where analyze cuts them, so the reports must match entirely
        final PipelineConfig pc = PipelineConfig.of(WaitStrategyOption.SLEEPING, false, 0, 0).withFrameInterval(0)
            .withFrameRing(16).withStatisticsOnDevice(statisticsOnDevice);
        final Path journal = dir.resolve("journal-" + statisticsOnDevice);
        final long[] seen = {0, 0};
        final boolean[] contiguous = {true};
        final Acquisition acq = new Acquisition(cfg, pc, Engines.INSTANCE).tap((long[] words, PgMap.FrameLayout l) -> {
            if (words[l.offSeq] != seen[0]) {
                contiguous[0] = false;
            }
            if (seen[0] == 5) {
                Thread.sleep(1_000);
            }
            seen[0]++;
            seen[1] += words[l.offTrials];
        });
        final AcquisitionResult result;
        final long start = System.nanoTime();
        try (PtuT2Reader in = PtuT2Reader.open(ptu)) {
            result = acq.run(in, journal, "", Map.of(), null, false);
        }
        assertTrue(System.nanoTime() - start >= 1_000_000_000L, "the stall happened");
        assertEquals(ReportJson.of(expected).toString(), ReportJson.of(result.analysis()).toString(),
            "the stalled run counts exactly what analyze counts");
        assertEquals(TRIALS, result.analysis().statistics().trials());
        assertTrue(contiguous[0], "the stalled tap saw every frame in order");
        assertEquals(result.analysis().statistics().frames(), seen[0]);
        assertEquals(TRIALS, seen[1]);
        assertTrue(result.pipeline().get("frame_ring_waits").asLong() > 0, "the device thread waited for the stalled consumer");
        assertTrue(result.pipeline().get("tag_ring_waits").asLong() > 0, "and the source waited for the device thread");
        assertTrue(result.analysis().statistics().accounting().balanced());
        // and the journal, written beside the stalled consumer, holds every frame too
        assertEquals(statisticsOnDevice ? "device" : "own", result.pipeline().get("statistics_thread").asText());
        final Replay.Result replay = Replay.of(journal);
        assertTrue(replay.complete());
        assertEquals(ReportJson.of(expected).toString(), ReportJson.of(replay.result()).toString());
    }

    @Test
    void theLiveViewShowsProgressRatesAndG2() throws Exception {
        final StringWriter text = new StringWriter();
        final PipelineConfig pc = PipelineConfig.of(WaitStrategyOption.BLOCKING, false, 0, 0);
        final AcquisitionResult result;
        try (PtuT2Reader in = PtuT2Reader.open(ptu)) {
            result = new Acquisition(config(10_000), pc, Engines.INSTANCE).run(in, dir.resolve("journal-view"), "", Map.of(),
                new PrintWriter(text), false);
        }
        final String last = text.toString().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.contains("100.0%"), last);
        assertTrue(last.contains(String.format("%,d trials", TRIALS)), last);
        assertTrue(last.contains("pre g2(0)") && last.contains("meas g2(0)") && last.contains("balanced"), last);
        assertEquals(TRIALS, result.analysis().statistics().trials());
    }
}
