package org.pairgate.host.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.pairgate.device.RtlDevice;
import org.pairgate.device.TagBatch;
import org.pairgate.host.demo.ExperimentRun;
import org.pairgate.host.io.SyncRuns;
import org.pairgate.host.io.T3Counters;
import org.pairgate.host.io.TagFile;
import org.pairgate.host.io.TagFileInfo;
import org.pairgate.host.io.TagSource;
import org.pairgate.host.io.TagSources;
import org.pairgate.host.physics.ExperimentModel;
import org.pairgate.host.physics.ExperimentSource;
import org.pairgate.host.report.ReportJson;
import org.pairgate.host.sim.ToyModel;
import org.pairgate.host.sim.ToyPairSource;

/**
 * Sync runs change the core's work, never a result: analyses of the bundled T3 files, of the
 * physics simulator and of the toy source with fixed seeds give the same report with runs on and
 * off, with the sync delay at 0, negative and positive (where the sources keep a tail of single
 * syncs), and with frames small enough that runs straddle frame boundaries.
 */
class SyncRunsTest {
    /**
     * The bundled T3 sample that reads to its end (v10.ht3 and v50.t3r are truncated excerpts whose
     * readers raise at the end by design); PtuT3SyncRunsTest adds a generated file with overtaken syncs.
     */
    private static final String[] T3_FILES = {"/legacy/v20.ht3"};

    private static Path resource(final String name) throws URISyntaxException {
        return Path.of(SyncRunsTest.class.getResource(name).toURI());
    }

    @FunctionalInterface
    interface Opener {
        TagSource open() throws IOException;
    }

    private static ObjectNode report(final AnalysisConfig cfg, final Opener source, final boolean runs) throws IOException {
        try (TagSource s = source.open()) {
            final AnalysisResult r = new Analysis(cfg, Engines.INSTANCE).syncRuns(runs).run(s);
            assertTrue(r.statistics().accounting().balanced());
            return ReportJson.of(r);
        }
    }

    /** Runs on and off agree on every statistic; with {@code framesToo}, on the frame count as well. */
    private static ObjectNode assertSame(final AnalysisConfig cfg, final Opener source, final boolean framesToo)
        throws IOException {
        final ObjectNode on = report(cfg, source, true);
        final ObjectNode off = report(cfg, source, false);
        if (!framesToo) {
            // a run word holds many trials, so a push can close more frames than the core's ring holds:
            // those closes merge (nothing is lost), and the frame count differs
            for (final ObjectNode r : new ObjectNode[] {on, off}) {
                r.remove("frames");
                r.remove("frame_merges");
            }
        }
        assertEquals(off.toString(), on.toString());
        return on;
    }

    /** Analysis of a T3 file: sync 0, its two busiest inputs, two windows splitting the period. */
    private static AnalysisConfig t3Config(final Path file, final long syncDelayPeriods, final long frameTrials)
        throws IOException {
        final long period;
        try (TagFile f = TagSources.open(file)) {
            period = ((T3Counters) f).periodTicks();
        }
        final List<Map.Entry<Integer, Long>> busiest = new ArrayList<>(TagFileInfo.inspect(file).events().entrySet());
        busiest.removeIf(e -> e.getKey() == 0);
        busiest.sort(Map.Entry.<Integer, Long>comparingByValue(Comparator.reverseOrder()));
        final int a = busiest.get(0).getKey();
        final int b = busiest.size() > 1 ? busiest.get(1).getKey() : a + 1;
        final Map<Integer, Long> delays = new HashMap<>();
        delays.put(0, syncDelayPeriods * period / 2);
        return new AnalysisConfig(0, new int[] {a, b}, List.of("pre", "meas"), new long[] {0, period / 2},
            new long[] {period / 2, period - period / 2}, delays, 4, Math.max(1, period / 64), "soft", frameTrials);
    }

    @Test
    void t3FilesGiveTheSameReportWithRunsOnAndOff() throws Exception {
        for (final String name : T3_FILES) {
            final Path file = resource(name);
            final ObjectNode r = assertSame(t3Config(file, 0, 0), () -> TagSources.open(file), true);
            assertTrue(r.get("trials").asLong() > 1000, name + ": " + r.get("trials"));
            assertSame(t3Config(file, 0, 1000), () -> TagSources.open(file), false);
            // SYNC_DELAY -period/2: exact for any spacing, and the coalescing step works too
            assertSame(t3Config(file, -1, 777), () -> TagSources.open(file), false);
            // SYNC_DELAY 1.5 periods: runs keep their last 2 syncs single; 20 periods: runs off
            assertSame(t3Config(file, 3, 0), () -> TagSources.open(file), false);
            assertSame(t3Config(file, 40, 0), () -> TagSources.open(file), false);
        }
    }

    /**
     * The Verilated firmware takes run words too: the T3 file with runs through the rtl engine gives
     * soft's report without runs (skipped when the library is not built). 10 M sync periods as 88 k
     * words take the rtl engine well under a second, where single syncs would take it seconds.
     */
    @Test
    void theRtlEngineTakesSyncRunsToo() throws Exception {
        Assumptions.assumeTrue(RtlDevice.isAvailable(), "the Verilated firmware library is not built");
        final Path file = resource("/legacy/v20.ht3");
        final AnalysisConfig soft = t3Config(file, 0, 0);
        final AnalysisConfig rtl = new AnalysisConfig(soft.syncChannel(), soft.detectorChannels(), soft.windowNames(),
            soft.windowStarts(), soft.windowLengths(), soft.delays(), soft.maxDn(), soft.binTicks(), "rtl", 0);
        final ObjectNode want = report(soft, () -> TagSources.open(file), false);
        final ObjectNode got = report(rtl, () -> TagSources.open(file), true);
        for (final ObjectNode r : new ObjectNode[] {want, got}) {
            r.remove("engine");
            ((ObjectNode) r.get("config")).remove("engine");
        }
        assertEquals(want.toString(), got.toString());
    }

    @Test
    void aT3ReaderWithRunsWritesFewWordsForTheSameTags() throws Exception {
        final Path file = resource("/legacy/v20.ht3");
        long words = 0;
        long tags = 0;
        final long periods;
        final long photons;
        try (TagFile f = TagSources.open(file)) {
            f.syncRuns(SyncRuns.forSyncDelay(0));
            final TagBatch batch = new TagBatch(4096);
            long syncs = 0;
            long last = Long.MIN_VALUE;
            int n;
            while ((n = f.read(batch)) > 0) {
                words += n;
                tags += batch.tags();
                for (int i = 0; i < n; i++) {
                    if (batch.channel(i) == 0) {
                        syncs += batch.count(i);
                    } else {
                        assertEquals(1, batch.count(i), "a photon is a single tag");
                    }
                    last = Math.max(last, batch.time(i));
                }
            }
            periods = ((T3Counters) f).syncPeriods();
            assertEquals(periods, syncs, "every sync period is in exactly one word");
            photons = tags - syncs;
        }
        assertTrue(photons > 0);
        // per photon: its word, at most a run of out-of-order syncs and a run of in-order ones; then the last run
        assertTrue(words <= 3 * photons + 2, words + " words for " + photons + " photons");
        assertTrue(words < tags, words + " words for " + tags + " tags");
        System.out.printf("v20.ht3 with sync runs: %d words for %d tags (%d sync periods)%n", words, tags, periods);
    }

    @Test
    void thePhysicsSimulatorGivesTheSameReportWithRunsOnAndOff() throws IOException {
        final ExperimentModel model = ExperimentModel.paper().withTrials(3_000_000);
        final AnalysisConfig cfg = ExperimentRun.config(model, "soft");
        final ObjectNode r = assertSame(cfg, () -> new ExperimentSource(model, 5), true);
        assertEquals(3_000_000, r.get("trials").asLong());
        assertSame(withFrames(cfg, 1_000, 0), () -> new ExperimentSource(model, 6), false);
        // a sync delay of one period and a bit: the source keeps the last 2 syncs of every run single
        assertSame(withFrames(cfg, 0, model.periodPs() + 1), () -> new ExperimentSource(model, 7), false);
    }

    @Test
    void theToySourceGivesTheSameReportWithRunsOnAndOff() throws IOException {
        final ToyModel model = ToyModel.standard(200_000);
        final AnalysisConfig cfg = new AnalysisConfig(0, new int[] {1, 2}, List.of("pre", "meas"),
            new long[] {100_000, 280_000}, new long[] {100_000, 120_000}, Map.of(2, 1_500L), 8, 1_000, "soft", 0);
        final ObjectNode r = assertSame(cfg, () -> new ToyPairSource(model, 9), true);
        assertEquals(200_000, r.get("trials").asLong());
        assertSame(withFrames(cfg, 50, 0), () -> new ToyPairSource(model, 9), false);
    }

    private static AnalysisConfig withFrames(final AnalysisConfig c, final long frameTrials, final long syncDelay) {
        final Map<Integer, Long> delays = new HashMap<>(c.delays());
        if (syncDelay != 0) {
            delays.put(c.syncChannel(), syncDelay);
        }
        return new AnalysisConfig(c.syncChannel(), c.detectorChannels(), c.windowNames(), c.windowStarts(),
            c.windowLengths(), delays, c.maxDn(), c.binTicks(), c.engine(), frameTrials);
    }
}
