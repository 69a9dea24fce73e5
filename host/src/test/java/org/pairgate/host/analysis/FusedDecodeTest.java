package org.pairgate.host.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.PgMap;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.io.PtuT2Writer;
import org.pairgate.host.io.TagFile;
import org.pairgate.host.io.TagSources;
import org.pairgate.host.report.ReportJson;

/**
 * Fused decoding (the reader's raw records straight into the soft engine's fast path) changes the
 * work, never a result: the report, the trial records and the reader's own counts (records,
 * overflows, markers, tags per channel) are those of decoding into batches, on a generated
 * HydraHarp V2 file (random clicks, overflows of several periods, FRAME_TRIALS 0 and small) and on
 * the bundled real file, whose chunks are made small so that many chunk edges are crossed.
 */
class FusedDecodeTest {
    @TempDir
    Path dir;

    private static AnalysisConfig config(final long frameTrials, final long syncDelay) {
        return new AnalysisConfig(0, new int[] {1, 2}, List.of("pre", "meas"), new long[] {100_000 + syncDelay, 280_000 + syncDelay},
            new long[] {100_000, 120_000}, Map.of(), 8, 1_000, "soft", frameTrials);
    }

    private Path generated() throws IOException {
        final Path file = dir.resolve("gen.ptu");
        final SplittableRandom r = new SplittableRandom(15);
        try (PtuT2Writer w = PtuT2Writer.create(file, 1.0, 100_000)) {
            long sync = 0;
            for (int n = 0; n < 40_000; n++) {
                w.write(sync, 0);
                final int k = r.nextInt(4);
                long t = sync;
                for (int i = 0; i < k; i++) {
                    t += 50_000 + r.nextLong(150_000);
                    w.write(t, 1 + r.nextInt(2));
                }
                // mostly 10 µs, sometimes a long gap (overflow records of several periods)
                sync += r.nextInt(50) == 0 ? 10_000_000L * (1 + r.nextInt(20)) : 10_000_000L;
            }
            w.write(sync, 0);
        }
        return file;
    }

    /** {report without frame counts, reader counts, records}. */
    private static String[] run(final Path file, final AnalysisConfig cfg, final boolean fused, final int chunkBytes)
        throws IOException {
        final List<String> records = new ArrayList<>();
        try (PtuT2Reader reader = PtuT2Reader.open(file, chunkBytes)) {
            final Analysis a = new Analysis(cfg, Engines.INSTANCE).fused(fused).records(new TrialRecordSink() {
                @Override
                public void write(final long[] recs, final int words, final PgMap.FrameLayout shape) {
                    final int per = PgMap.RecordLayout.of(shape).recordWords;
                    for (int i = 0; i < words; i += per) {
                        records.add(Arrays.toString(Arrays.copyOfRange(recs, i, i + per)));
                    }
                }
            });
            final AnalysisResult r = a.run(reader);
            assertTrue(r.statistics().accounting().balanced());
            final ObjectNode report = ReportJson.of(r);
            report.remove("frames");        // batches carry sync runs: closes of one word can merge
            report.remove("frame_merges");
            final StringBuilder counts = new StringBuilder("records " + reader.recordsRead() + ", overflows "
                + reader.overflows() + ", periods " + reader.overflowPeriods() + ", markers " + reader.markers() + ", tags");
            for (int ch = 0; ch < PtuT2Reader.MAX_CHANNELS; ch++) {
                counts.append(' ').append(reader.tags(ch));
            }
            return new String[] {report.toString(), counts.toString(), String.join("\n", records)};
        }
    }

    private static void assertSameEitherWay(final Path file, final AnalysisConfig cfg, final int chunkBytes) throws IOException {
        final String[] batch = run(file, cfg, false, chunkBytes);
        final String[] fused = run(file, cfg, true, chunkBytes);
        assertEquals(batch[0], fused[0], "report");
        assertEquals(batch[1], fused[1], "reader counts");
        assertSameRecords(batch[2], fused[2], cfg.toString());
        assertTrue(batch[2].length() > 100, "records compared");
    }

    @Test
    void generatedFileGivesTheSameResultFusedOrNot() throws IOException {
        final Path file = generated();
        for (final long frameTrials : new long[] {0, 7, 1000}) {
            for (final long syncDelay : new long[] {0, -20_000, 30_000}) {
                assertSameEitherWay(file, config(frameTrials, syncDelay), 4096 + 12);
            }
        }
    }

    @Test
    void bundledRealFileGivesTheSameResultFusedOrNot() throws IOException, URISyntaxException {
        final Path file = Path.of(FusedDecodeTest.class.getResource("/ptu/v30_t2.ptu").toURI());
        try (TagFile f = TagSources.open(file)) {
            assertTrue(f instanceof PtuT2Reader && ((PtuT2Reader) f).fusable(), "the bundled file takes the fused path");
        }
        final AnalysisConfig cfg = new AnalysisConfig(0, new int[] {1, 2}, List.of("pre", "meas"), new long[] {0, 20_000},
            new long[] {20_000, 20_000}, Map.of(), 4, 100, "soft", 50);
        final String[] batch = run(file, cfg, false, 1000);
        final String[] fused = run(file, cfg, true, 1000);
        assertEquals(batch[0], fused[0], "report");
        assertEquals(batch[1], fused[1], "reader counts");
        assertSameRecords(batch[2], fused[2], "bundled file");
    }

    private static void assertSameRecords(final String batch, final String fused, final String what) {
        final String[] a = batch.split("\n");
        final String[] b = fused.split("\n");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            assertEquals(a[i], b[i], "trial record " + i + " (batch, fused), " + what);
        }
        assertEquals(a.length, b.length, "trial records (batch, fused), " + what);
    }
}
