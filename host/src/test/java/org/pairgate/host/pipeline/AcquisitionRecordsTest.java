package org.pairgate.host.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.Engines;
import org.pairgate.host.analysis.TrialRecordCsv;
import org.pairgate.host.sim.ToyModel;
import org.pairgate.host.sim.ToyPairSource;

/**
 * Trial records through the live pipeline: the device thread writes the same records as analyze
 * for the same tags (records do not depend on frame boundaries or batch sizes), one line per
 * trial with a click, pattern by pattern equal to the frames' PATTERNS.
 */
class AcquisitionRecordsTest {
    private static final ToyModel MODEL = ToyModel.standard(30_000);

    private static AnalysisConfig config(final long frameTrials) {
        return new AnalysisConfig(0, new int[] {1, 2}, List.of("pre", "meas"), new long[] {100_000, 280_000},
            new long[] {100_000, 120_000}, Map.of(2, 1_500L), 8, 1_000, "soft", frameTrials);
    }

    @Test
    void theDeviceThreadWritesTheRecordsAnalyzeWrites(@TempDir final Path dir) throws IOException {
        final Path live = dir.resolve("live.csv");
        final Path offline = dir.resolve("offline.csv");
        final PipelineConfig pc = PipelineConfig.of(WaitStrategyOption.BLOCKING, false, 0, 0).withFrameInterval(0);
        final AcquisitionResult result;
        final long read;
        try (TrialRecordCsv csv = new TrialRecordCsv(live, List.of("pre", "meas"))) {
            final Acquisition acq = new Acquisition(config(997), pc, Engines.INSTANCE).records(csv);
            result = acq.run(new ToyPairSource(MODEL, 5), dir.resolve("journal"), "", Map.of(), null, false);
            read = acq.recordsRead();
            assertEquals(read, csv.written());
        }
        try (TrialRecordCsv csv = new TrialRecordCsv(offline, List.of("pre", "meas"))) {
            new Analysis(config(0), Engines.INSTANCE).records(csv).run(new ToyPairSource(MODEL, 5));
        }
        assertArrayEquals(Files.readAllBytes(offline), Files.readAllBytes(live));

        final long[] patterns = result.analysis().statistics().patterns();
        final long[] perPattern = new long[patterns.length];
        final List<String> lines = Files.readAllLines(live);
        for (final String line : lines.subList(1, lines.size())) {
            perPattern[Integer.parseInt(line.split(",", -1)[2])]++;
        }
        for (int p = 1; p < patterns.length; p++) {
            assertEquals(patterns[p], perPattern[p], "pattern " + p);
        }
        assertEquals(lines.size() - 1, read);
        assertTrue(read > 500, "records: " + read);
    }
}
