package org.pairgate.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * analyze on a real HydraHarp T2 file (libpicoquant's v30_t2.ptu). The file holds one input,
 * channel 1 (305,565 events over about 5 s) and no sync records, so the analysis takes channel
 * 1 as the trial trigger: every event opens a trial, N = events − 1, and no detector ever
 * clicks. That still checks the real-file path end to end: every tag accounted for, trial
 * count exact, C = 0 reported as value 0 with a null sigma.
 */
class AnalyzeRealFileTest {
    private static final long EVENTS_ON_CHANNEL_1 = 305_565;

    @TempDir
    Path dir;

    @Test
    void hydraHarpFileWithItsOnlyChannelAsTheTrigger() throws Exception {
        final Path out = dir.resolve("v30");
        final CliRun r = CliRun.of("analyze", resource("/ptu/v30_t2.ptu").toString(), "--sync", "1", "--detectors", "2,3",
            "--window", "pre=0ns:1us", "--window", "meas=1us:1us", "--bin", "10ns", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        final JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(EVENTS_ON_CHANNEL_1 - 1, report.get("trials").asLong());
        final JsonNode a = report.get("accounting");
        assertEquals(EVENTS_ON_CHANNEL_1, a.get("tags").asLong());
        assertEquals(EVENTS_ON_CHANNEL_1, a.get("syncs").asLong());
        assertTrue(a.get("balanced").asBoolean());
        assertEquals(EVENTS_ON_CHANNEL_1 - 1, report.get("patterns").get(0).asLong());
        final JsonNode g0 = report.get("windows").get("pre").get("g2").get(8);
        assertEquals(0.0, g0.get("value").asDouble());
        assertTrue(g0.get("sigma").isNull());
        assertEquals(0, g0.get("coincidences").asLong());
        assertEquals(100, report.get("windows").get("meas").get("g2_vs_gate").size());
        assertTrue(report.get("source").asText().endsWith("v30_t2.ptu"));
    }

    private static Path resource(final String name) throws URISyntaxException {
        return Path.of(AnalyzeRealFileTest.class.getResource(name).toURI());
    }
}
