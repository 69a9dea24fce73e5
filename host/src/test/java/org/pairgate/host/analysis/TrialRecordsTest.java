package org.pairgate.host.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.PgMap;
import org.pairgate.device.RtlDevice;
import org.pairgate.host.sim.ToyModel;
import org.pairgate.host.sim.ToyPairSource;

/**
 * Trial records through analyze: one CSV line per trial with a click, exactly the trials the
 * frames count with a non-zero pattern (pattern by pattern), identical from the soft and the rtl
 * core, and a record that breaks the format is an error.
 */
class TrialRecordsTest {
    private static final ToyModel MODEL = ToyModel.standard(40_000);

    private static AnalysisConfig config(final String engine, final long frameTrials) {
        return new AnalysisConfig(0, new int[] {1, 2}, List.of("pre", "meas"), new long[] {100_000, 280_000},
            new long[] {100_000, 120_000}, Map.of(2, 1_500L), 8, 1_000, engine, frameTrials);
    }

    private static AnalysisResult run(final AnalysisConfig cfg, final Path csv, final long[] read) throws IOException {
        try (ToyPairSource source = new ToyPairSource(MODEL, 9);
             TrialRecordCsv sink = new TrialRecordCsv(csv, cfg.windowNames())) {
            final Analysis a = new Analysis(cfg, Engines.INSTANCE).records(sink);
            final AnalysisResult r = a.run(source);
            read[0] = a.recordsRead();
            assertEquals(read[0], sink.written());
            return r;
        }
    }

    @Test
    void oneLinePerTrialWithAClickMatchingThePatternHistogram(@TempDir final Path dir) throws IOException {
        final Path csv = dir.resolve("records.csv");
        final long[] read = new long[1];
        final AnalysisResult r = run(config("soft", 700), csv, read);
        final List<String> lines = Files.readAllLines(csv);
        assertEquals("trial,sync_time,pattern,bin_pre_d0,bin_pre_d1,bin_meas_d0,bin_meas_d1", lines.get(0));
        final long[] patterns = r.statistics().patterns();
        final long[] perPattern = new long[patterns.length];
        long lastTrial = -1;
        long lastSync = Long.MIN_VALUE;
        for (final String line : lines.subList(1, lines.size())) {
            final String[] f = line.split(",", -1);
            assertEquals(7, f.length, line);
            final long trial = Long.parseLong(f[0]);
            final long sync = Long.parseLong(f[1]);
            final int pattern = Integer.parseInt(f[2]);
            assertTrue(trial > lastTrial && trial < r.statistics().trials(), line);
            assertTrue(sync > lastSync, line);
            for (int b = 0; b < 4; b++) {
                assertEquals((pattern >> b & 1) == 0, f[3 + b].isEmpty(), line);
            }
            perPattern[pattern]++;
            lastTrial = trial;
            lastSync = sync;
        }
        assertEquals(0, perPattern[0]);
        for (int p = 1; p < patterns.length; p++) {
            assertEquals(patterns[p], perPattern[p], "pattern " + p);
        }
        assertEquals(r.statistics().trials() - patterns[0], lines.size() - 1);
        assertEquals(lines.size() - 1, read[0]);
        assertTrue(read[0] > 1_000, "the toy model clicks in a few % of 40000 trials: " + read[0]);
    }

    @Test
    void theRtlCoreWritesTheSameRecords(@TempDir final Path dir) throws IOException {
        Assumptions.assumeTrue(RtlDevice.isAvailable(), "the Verilated firmware library is not built");
        final long[] read = new long[1];
        run(config("soft", 0), dir.resolve("soft.csv"), read);
        final long soft = read[0];
        run(config("rtl", 0), dir.resolve("rtl.csv"), read);
        assertEquals(soft, read[0]);
        assertArrayEquals(Files.readAllBytes(dir.resolve("soft.csv")), Files.readAllBytes(dir.resolve("rtl.csv")));
    }

    @Test
    void aRecordThatBreaksTheFormatIsAnError(@TempDir final Path dir) throws IOException {
        final PgMap.FrameLayout shape = new PgMap.FrameLayout(2, 2, 8, 256);
        final int rw = PgMap.RecordLayout.of(shape).recordWords;
        try (TrialRecordCsv csv = new TrialRecordCsv(dir.resolve("bad.csv"), List.of("pre", "meas"))) {
            csv.begin(shape);
            csv.write(new long[] {5, 100, 0b0001, 7, 0, 0, 0}, rw, shape);
            // the same trial again, a trial going back
            assertThrows(AnalysisException.class, () -> csv.write(new long[] {5, 200, 0b0001, 7, 0, 0, 0}, rw, shape));
            assertThrows(AnalysisException.class, () -> csv.write(new long[] {4, 200, 0b0001, 7, 0, 0, 0}, rw, shape));
            // no click, a bit beyond W*D, a bin past B, a bin on a clear bit
            assertThrows(AnalysisException.class, () -> csv.write(new long[] {6, 200, 0, 0, 0, 0, 0}, rw, shape));
            assertThrows(AnalysisException.class, () -> csv.write(new long[] {7, 200, 0b10001, 7, 0, 0, 0}, rw, shape));
            assertThrows(AnalysisException.class, () -> csv.write(new long[] {8, 200, 0b0001, 256, 0, 0, 0}, rw, shape));
            assertThrows(AnalysisException.class, () -> csv.write(new long[] {9, 200, 0b0001, 7, 3, 0, 0}, rw, shape));
            csv.write(new long[] {10, 300, 0b1010, 0, 4, 0, 255}, rw, shape);
            assertEquals(2, csv.written());
        }
        assertEquals(List.of("trial,sync_time,pattern,bin_pre_d0,bin_pre_d1,bin_meas_d0,bin_meas_d1", "5,100,1,7,,,",
            "10,300,10,,4,,255"), Files.readAllLines(dir.resolve("bad.csv")));
    }
}
