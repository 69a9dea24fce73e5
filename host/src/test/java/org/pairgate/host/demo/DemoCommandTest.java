package org.pairgate.host.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.host.cli.PairgateCli;
import org.pairgate.host.plot.Figures;

/** {@code pairgate demo}: its outputs, their determinism, and the full run's budget and numbers (skip that one with -Dpairgate.demo.full=false). */
class DemoCommandTest {
    @TempDir
    Path dir;

    private static String[] run(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = PairgateCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void aSmallDemoWritesEveryOutputDeterministically() throws IOException {
        final Path a = dir.resolve("a");
        final Path b = dir.resolve("b");
        final String[] ra = run("demo", "--scale", "0.003", "--engine", "soft", "--out", a.toString());
        assertEquals("0", ra[0], ra[2]);
        assertTrue(ra[1].contains("| g2_pre(0) |") && ra[1].contains("| demo σ / paper σ |"), ra[1]);
        final String[] rb = run("demo", "--scale", "0.003", "--engine", "soft", "--out", b.toString());
        assertEquals("0", rb[0], rb[2]);
        assertEquals(Files.readString(a.resolve("report.json")), Files.readString(b.resolve("report.json")));
        assertEquals(Files.readString(a.resolve("report.md")), Files.readString(b.resolve("report.md")));

        final JsonNode json = new ObjectMapper().readTree(a.resolve("report.json").toFile());
        final JsonNode cmp = json.get("paper_comparison");
        for (final String key : List.of("g2_pre_0", "g2_meas_0_48ns", "t_d1_ns", "t_d2_ns", "n22", "cs_sigma_pre")) {
            final JsonNode row = cmp.get(key);
            assertTrue(row != null, key);
            for (final String field : List.of("value", "sigma", "paper", "paper_sigma", "sigma_ratio", "tolerance", "within_tolerance")) {
                assertTrue(row.has(field), key + "." + field);
            }
        }
        assertEquals(4.8, cmp.get("g2_pre_0").get("paper").asDouble());
        assertTrue(cmp.get("n22").get("sigma").isNull());
        long trials = 0;
        for (final JsonNode p : json.get("parts")) {
            assertTrue(p.get("trials").asLong() >= 10_000);
            trials += p.get("trials").asLong();
        }
        assertEquals(json.get("total_trials").asLong(), trials);
        for (final String f : List.of(Figures.FIG_2C, Figures.FIG_3A, Figures.FIG_3B, Figures.FIG_3C, Figures.FIG_3D,
            Figures.FIG_4A, Figures.FIG_4C)) {
            assertTrue(Files.size(a.resolve(f + ".png")) > 1000, f);
            assertTrue(Files.readString(a.resolve(f + ".svg")).contains("<svg"), f);
            assertTrue(Files.readString(a.resolve("report.md")).contains("](" + f + ".png)"), f);
        }
        assertTrue(Files.exists(a.resolve("main").resolve("report.json")));
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals("2", run("demo", "--scale", "0", "--out", dir.toString())[0]);
        assertEquals("2", run("demo", "--engine", "gpu", "--out", dir.toString())[0]);
    }

    /**
     * The full demo with the preset's fixed seeds: within its time budget (a loose guard of 5
     * minutes; the measured time is in docs/simulator.md) and the paper's statistics (issue 19):
     * every σ of a g2 within 30 % of the paper's, the significances within ±1σ of the paper's,
     * t_d2 with a fit σ below 30 ns and within 1σ of 132 ns, and every other row of
     * paper_comparison within its tolerance. The tolerances are recomputed here from the raw
     * numbers, not taken from the report's own flags alone. {@code -Dpairgate.demo.full=false}
     * skips it.
     */
    @Test
    void theFullDemoMeetsItsBudgetAndThePapersStatistics() throws IOException {
        Assumptions.assumeFalse("false".equals(System.getProperty("pairgate.demo.full")), "-Dpairgate.demo.full=false skips the full demo");
        final long start = System.nanoTime();
        final String[] r = run("demo", "--out", dir.toString());
        final double seconds = (System.nanoTime() - start) * 1e-9;
        assertEquals("0", r[0], r[2]);
        assertTrue(seconds < 300, "the demo took " + seconds + " s");
        final JsonNode cmp = new ObjectMapper().readTree(dir.resolve("report.json").toFile()).get("paper_comparison");
        for (final String key : List.of("g2_pre_0", "g2_meas_0_39ns", "g2_meas_0_48ns", "g2_pre_b_0", "g2_pre_r_0", "g2_meas_r_0")) {
            final JsonNode row = cmp.get(key);
            final double ratio = row.get("sigma").asDouble() / row.get("paper_sigma").asDouble();
            assertEquals(1, ratio, 0.3, key + ": demo σ / paper σ");
            assertEquals(ratio, row.get("sigma_ratio").asDouble(), 1e-12, key);
            final double combined = Math.hypot(row.get("sigma").asDouble(), row.get("paper_sigma").asDouble());
            assertEquals(row.get("paper").asDouble(), row.get("value").asDouble(), 2 * combined, key + ": value");
        }
        for (final String key : List.of("cs_sigma_pre", "cs_sigma_meas_39ns", "thermal_sigma_meas_48ns")) {
            assertEquals(cmp.get(key).get("paper").asDouble(), cmp.get(key).get("value").asDouble(), 1.0, key);
        }
        assertEquals(4.9, cmp.get("cs_sigma_pre").get("paper").asDouble());
        final JsonNode td2 = cmp.get("t_d2_ns");
        assertTrue(td2.get("sigma").asDouble() < 30, "σ(t_d2) " + td2);
        assertEquals(132, td2.get("value").asDouble(), td2.get("sigma").asDouble(), "t_d2");
        assertEquals(15, cmp.get("t_d1_ns").get("value").asDouble(), 7.5);
        assertEquals(0, cmp.get("n22").get("value").asLong());
        cmp.fields().forEachRemaining(e -> assertTrue(e.getValue().get("within_tolerance").asBoolean(), e.getKey() + " " + e.getValue()));
    }
}
