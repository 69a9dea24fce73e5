package org.pairgate.host.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.pairgate.device.LinkDevice;
import org.pairgate.host.io.T3Counters;
import org.pairgate.host.io.TagFile;
import org.pairgate.host.io.TagSource;
import org.pairgate.host.io.PeriodicTrials;
import org.pairgate.host.io.TagSources;
import org.pairgate.host.report.ReportJson;

/**
 * Engine {@code link} through the analyze path (fpga/README.md "Link front end"): the Verilated
 * link front end + core fed a file in the link's form, at the file's real time (a tag on the link
 * at its own 3 ns clock), single syncs merged into runs by the firmware.
 * <ul>
 *   <li>within the envelope, the report is soft's, word for word (trials, windows, patterns,
 *       fourfold, accounting), with {@code dropped_at_input} 0: the bundled T3 file (an ~80 MHz
 *       sync, 10 M periods, the firmware makes the runs the host's reader would);</li>
 *   <li>beyond it (a clicked trial every 100 ps, far above what the core closes at 333 MHz), whole
 *       words are dropped and counted, and the accounting still balances.</li>
 * </ul>
 */
class LinkEngineTest {
    private static Path resource(final String name) throws URISyntaxException {
        return Path.of(LinkEngineTest.class.getResource(name).toURI());
    }

    private static void requireLink() {
        if (!LinkDevice.isAvailable()) {
            Assumptions.assumeTrue(!"skip".equals(System.getProperty("pairgate.rtl", "require")), "link engine skipped");
            org.junit.jupiter.api.Assertions.fail("the link engine is unavailable: " + LinkDevice.unavailableReason());
        }
    }

    private static AnalysisConfig t3Config(final long period, final String engine) {
        return new AnalysisConfig(0, new int[] {1, 2}, List.of("pre", "meas"), new long[] {0, period / 2},
            new long[] {period / 2, period - period / 2}, Map.of(), 4, Math.max(1, period / 64), engine, 0);
    }

    private static ObjectNode report(final AnalysisConfig cfg, final TagSource source, final boolean runs) throws IOException {
        try (TagSource s = source) {
            final AnalysisResult r = new Analysis(cfg, Engines.INSTANCE).syncRuns(runs).run(s);
            assertTrue(r.statistics().accounting().balanced(), r.statistics().accounting().toString());
            final ObjectNode json = ReportJson.of(r);
            json.remove("engine");
            ((ObjectNode) json.get("config")).remove("engine");
            json.remove("frames");
            json.remove("frame_merges");
            return json;
        }
    }

    @Test
    void aT3FileGivesSoftsReport() throws Exception {
        requireLink();
        final Path file = resource("/legacy/v20.ht3");
        final long period;
        try (TagFile f = TagSources.open(file)) {
            period = ((T3Counters) f).periodTicks();
        }
        final ObjectNode soft = report(t3Config(period, "soft"), TagSources.open(file), true);
        final ObjectNode link = report(t3Config(period, "link"), TagSources.open(file), true);
        assertEquals(0, link.get("accounting").get("dropped_at_input").asLong());
        assertTrue(link.get("trials").asLong() > 1000, link.get("trials").toString());
        assertEquals(soft.toString(), link.toString());
    }

    @Test
    void beyondTheEnvelopeDropsAreCountedAndBalanced() throws Exception {
        requireLink();
        final long period = 100;  // 100 ps: 30 clicked trials per 3 ns link clock
        final AnalysisConfig cfg = new AnalysisConfig(0, new int[] {1, 2}, List.of("a", "b"), new long[] {0, period / 2},
            new long[] {period / 2, period / 2}, Map.of(), 4, 1, "link", 0);
        final ObjectNode link = report(cfg, PeriodicTrials.source(200_000, period), true);
        final long dropped = link.get("accounting").get("dropped_at_input").asLong();
        assertTrue(dropped > 0, link.get("accounting").toString());
        assertTrue(link.get("accounting").get("balanced").asBoolean());
        assertEquals(600_000, link.get("accounting").get("tags").asLong());
        // the soft engine counts every trial; the link only those whose words reached the core
        final ObjectNode soft = report(new AnalysisConfig(0, new int[] {1, 2}, List.of("a", "b"), new long[] {0, period / 2},
            new long[] {period / 2, period / 2}, Map.of(), 4, 1, "soft", 0), PeriodicTrials.source(200_000, period), true);
        assertTrue(link.get("trials").asLong() < soft.get("trials").asLong());
    }
}
