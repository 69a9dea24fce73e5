package org.pairgate.host.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.RtlDevice;
import org.pairgate.device.TagBatch;
import org.pairgate.host.cli.PairgateCli;
import org.pairgate.host.io.PtuT2Writer;

/**
 * The whole pipeline against numbers derived on paper: a {@link ToyPairSource} run is written to
 * a PTU file, analysed through the CLI entry point, and every statistic in report.json is
 * compared with the {@link ToyModel}'s exact expectation.
 *
 * <h2>Error model of the comparison</h2>
 * Each quantity gives z = (measured − expected) / σ_expected, with σ from the expected
 * probabilities (not from the measured counts, so a wrong count cannot shrink its own error bar):
 * <ul>
 *   <li>a count of trials with probability p (singles, pattern counts, fourfold cells) is
 *   binomial: σ = √(N p (1 − p));</li>
 *   <li>g2 = N·C/(S_a S_b) of i.i.d. trials: linearising ln g2 in the multinomial cell counts gives
 *   Var(ln g2) = 1/(N p_ab) − 1/(N p_a) − 1/(N p_b) + (2 g − 1)/N (physics.md's formula with
 *   expected counts; σ = g √Var);</li>
 *   <li>g2(ΔN ≠ 0) over the M = N − |ΔN| pairs of trials: write a_n = p_a(1 + X_n), b_n =
 *   p_b(1 + Y_n); to first order δ ln g2 = (1/M) Σ_n X_{n−ΔN} Y_n, and every cross term
 *   E[X_{n−ΔN} Y_n X_{m−ΔN} Y_m] with n ≠ m leaves one trial alone and vanishes, so
 *   Var = E[X²] E[Y²] / M = (1 − p_a)(1 − p_b) / (M p_a p_b): the same formula with g = 1.
 *   Same-trial correlations do not enter, and the values for different ΔN are uncorrelated to
 *   first order (the only surviving covariance, between +ΔN and −ΔN, is (g2(0) − 1)² p_a p_b
 *   relative to the variance, below 0.2 % here).</li>
 * </ul>
 * Every |z| must stay below 4.5 (a false alarm about once in 10^5 per quantity). The 32 values of
 * g2(ΔN ≠ 0) are close to independent standard normals, so 32·RMS² follows χ² with 32 degrees of
 * freedom; RMS must lie in [0.50, 1.56], the χ²₃₂ quantiles at 10^-5 on each side (0.515 and
 * 1.562), which catches a σ that is too small or too large by a factor of about 1.5 as well
 * as any bias.
 */
class AnalyzeStatisticalTest {
    private static final long TRIALS = 1_000_000;
    private static final long SEED = 0x5EED_2025L;
    private static final double Z_MAX = 4.5;
    private static final double RMS_LOW = 0.50;
    private static final double RMS_HIGH = 1.56;

    @TempDir
    static Path dir;

    private static ToyModel model;
    private static ToyPairSource.Tally tally;
    private static Path ptu;
    private static JsonNode report;
    private static Path reportDir;
    /** A shorter run for the comparisons between engines and frame lengths (the Verilated core is slow). */
    private static Path smallPtu;

    @BeforeAll
    static void analyze() throws IOException {
        model = ToyModel.standard(TRIALS);
        ptu = dir.resolve("toy.ptu");
        tally = writePtu(new ToyPairSource(model, SEED), ptu);
        reportDir = dir.resolve("soft");
        run(ptu, reportDir, "soft");
        report = new ObjectMapper().readTree(reportDir.resolve("report.json").toFile());
        smallPtu = dir.resolve("small.ptu");
        writePtu(new ToyPairSource(ToyModel.standard(100_000), SEED + 1), smallPtu);
    }

    private static ToyPairSource.Tally writePtu(final ToyPairSource source, final Path file) throws IOException {
        final TagBatch batch = new TagBatch(1 << 14);
        try (PtuT2Writer w = PtuT2Writer.create(file, source.resolutionPs())) {
            while (source.read(batch) > 0) {
                w.write(batch);
            }
        }
        return source.tally();
    }

    private static String run(final Path file, final Path out, final String engine, final String... extra) {
        final ByteArrayOutputStream so = new ByteArrayOutputStream();
        final ByteArrayOutputStream se = new ByteArrayOutputStream();
        final List<String> args = new ArrayList<>(List.of("analyze", file.toString(), "--sync", "0", "--detectors", "1,2",
            "--window", "pre=100ns:100ns", "--window", "meas=280ns:120ns", "--delay", "2=1.5ns", "--max-dn", "8",
            "--bin", "1ns", "--engine", engine, "--out", out.toString()));
        args.addAll(List.of(extra));
        final int code = PairgateCli.run(args.toArray(new String[0]),
            new PrintStream(so, true, StandardCharsets.UTF_8), new PrintStream(se, true, StandardCharsets.UTF_8));
        assertEquals(0, code, se.toString(StandardCharsets.UTF_8));
        return so.toString(StandardCharsets.UTF_8);
    }

    // --- error model -----------------------------------------------------------------------------

    private static double binomialZ(final long count, final long n, final double p) {
        return (count - n * p) / Math.sqrt(n * p * (1 - p));
    }

    /** σ of g2 from expected probabilities (delta method, see the class comment). */
    private static double g2Sigma(final long n, final double pa, final double pb, final double pab) {
        final double g = pab / (pa * pb);
        return g * Math.sqrt(1 / (n * pab) - 1 / (n * pa) - 1 / (n * pb) + (2 * g - 1) / n);
    }

    private final List<String> lines = new ArrayList<>();

    private double check(final String what, final double z) {
        lines.add(String.format(Locale.ROOT, "%-28s z = %+.2f", what, z));
        assertTrue(Math.abs(z) < Z_MAX, what + ": z = " + z + "\n" + String.join("\n", lines));
        return z;
    }

    private static double rms(final List<Double> z) {
        double s = 0;
        for (final double v : z) {
            s += v * v;
        }
        return Math.sqrt(s / z.size());
    }

    private static JsonNode window(final int w) {
        return report.get("windows").get(w == 0 ? "pre" : "meas");
    }

    // --- tests -----------------------------------------------------------------------------------

    @Test
    void trialsAndAccountingAreExact() {
        assertEquals(TRIALS, report.get("trials").asLong());
        final JsonNode a = report.get("accounting");
        assertEquals(tally.tags(), a.get("tags").asLong());
        assertEquals(tally.syncs(), a.get("syncs").asLong());
        assertEquals(TRIALS + 1, tally.syncs());
        assertEquals(tally.inWindow(), a.get("in_window").asLong());
        assertEquals(tally.outside(), a.get("outside").asLong());
        assertEquals(tally.beforeFirstSync(), a.get("before_first_sync").asLong());
        assertEquals(tally.otherChannel(), a.get("other_channel").asLong());
        assertEquals(0, a.get("out_of_order").asLong());
        assertTrue(a.get("balanced").asBoolean());
        long patterns = 0;
        for (final JsonNode p : report.get("patterns")) {
            patterns += p.asLong();
        }
        assertEquals(TRIALS, patterns);
        assertEquals(16, report.get("patterns").size());
    }

    @Test
    void singlesAndG2AtZeroMatchTheModel() {
        for (int w = 0; w < 2; w++) {
            final JsonNode win = window(w);
            for (int d = 0; d < 2; d++) {
                final long s = win.get("singles").get(Integer.toString(d + 1)).asLong();
                check("singles w" + w + " d" + d, binomialZ(s, TRIALS, model.expectedClickProbability(w, d)));
            }
            final JsonNode g0 = win.get("g2").get(8);
            assertEquals(0, g0.get("dn").asInt());
            final double pa = model.expectedClickProbability(w, 0);
            final double pb = model.expectedClickProbability(w, 1);
            final double pab = model.expectedBothProbability(w);
            check("g2(0) w" + w, (g0.get("value").asDouble() - model.expectedG2(w)) / g2Sigma(TRIALS, pa, pb, pab));
            // the reported sigma is the delta-method one: close to the expected within its own sampling error
            assertEquals(g2Sigma(TRIALS, pa, pb, pab), g0.get("sigma").asDouble(), 0.05 * g0.get("sigma").asDouble());
        }
        System.out.println(String.join("\n", lines));
    }

    @Test
    void g2AcrossTrialsIsOneWithAnHonestSpread() {
        final List<Double> z = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            final JsonNode g2 = window(w).get("g2");
            assertEquals(17, g2.size());
            final double pa = model.expectedClickProbability(w, 0);
            final double pb = model.expectedClickProbability(w, 1);
            for (int i = 0; i < 17; i++) {
                final int dn = i - 8;
                assertEquals(dn, g2.get(i).get("dn").asInt());
                if (dn == 0) {
                    continue;
                }
                final long pairs = TRIALS - Math.abs(dn);
                final double sigma = g2Sigma(pairs, pa, pb, pa * pb);
                z.add(check("g2(" + dn + ") w" + w, (g2.get(i).get("value").asDouble() - 1.0) / sigma));
            }
        }
        final double rms = rms(z);
        System.out.println(String.join("\n", lines));
        System.out.printf(Locale.ROOT, "g2(dN != 0): %d z-scores, RMS %.3f, mean %+.3f%n", z.size(), rms,
            z.stream().mapToDouble(Double::doubleValue).sum() / z.size());
        assertTrue(rms > RMS_LOW && rms < RMS_HIGH, "RMS of the g2(dN) z-scores " + rms + " outside [" + RMS_LOW + ", " + RMS_HIGH + "]");
    }

    @Test
    void g2VersusGateMatchesTheArrivalModel() {
        final long[] gatesNs = {5, 10, 20, 40, 70};
        for (int w = 0; w < 2; w++) {
            final JsonNode series = window(w).get("g2_vs_gate");
            final long length = model.windows().get(w).lengthPs();
            assertEquals(length / 1000, series.size());
            assertEquals(length, series.get(series.size() - 1).get("gate_ps").asLong());
            // the full gate is g2(0)
            assertEquals(window(w).get("g2").get(8), withoutKey(series.get(series.size() - 1), "gate_ps"));
            final List<Long> gates = new ArrayList<>();
            for (final long g : gatesNs) {
                gates.add(g * 1000);
            }
            gates.add(length);
            for (final long gate : gates) {
                final JsonNode p = series.get((int) (gate / 1000) - 1);
                assertEquals(gate, p.get("gate_ps").asLong());
                final double pa = model.expectedClickProbability(w, 0, gate);
                final double pb = model.expectedClickProbability(w, 1, gate);
                final double pab = model.expectedBothProbability(w, gate);
                check("g2(0, " + gate / 1000 + " ns) w" + w,
                    (p.get("value").asDouble() - model.expectedG2AtGate(w, gate)) / g2Sigma(TRIALS, pa, pb, pab));
            }
        }
        System.out.println(String.join("\n", lines));
    }

    @Test
    void patternsFourfoldAndCrossWindowMatchTheModel() {
        final JsonNode patterns = report.get("patterns");
        final List<Double> z = new ArrayList<>();
        for (int p = 0; p < 16; p++) {
            z.add(check("pattern " + p, binomialZ(patterns.get(p).asLong(), TRIALS, model.expectedPatternProbability(p))));
        }
        final JsonNode f = report.get("fourfold");
        final double pair0 = model.expectedBothProbability(0);
        final double pair1 = model.expectedBothProbability(1);
        final double zero0 = model.expectedZeroProbability(0);
        final double zero1 = model.expectedZeroProbability(1);
        check("n22", binomialZ(f.get("n22").asLong(), TRIALS, pair0 * pair1));
        check("n20", binomialZ(f.get("n20").asLong(), TRIALS, pair0 * zero1));
        check("n02", binomialZ(f.get("n02").asLong(), TRIALS, zero0 * pair1));
        check("n00", binomialZ(f.get("n00").asLong(), TRIALS, zero0 * zero1));
        assertEquals(patterns.get(15).asLong(), f.get("n22").asLong());
        assertEquals(patterns.get(3).asLong(), f.get("n20").asLong());
        assertEquals(patterns.get(12).asLong(), f.get("n02").asLong());
        assertEquals(patterns.get(0).asLong(), f.get("n00").asLong());
        final double expected = f.get("expected_n22").asDouble();
        assertEquals(f.get("n22").asDouble() / expected, f.get("ratio").asDouble(), 1e-12);
        final JsonNode x = report.get("cross_window");
        final double pa = 1 - model.expectedZeroProbability(0);
        final double pb = 1 - model.expectedZeroProbability(1);
        check("cross-window g2", (x.get("value").asDouble() - model.expectedCrossWindowG2()) / g2Sigma(TRIALS, pa, pb, pa * pb));
        System.out.println(String.join("\n", lines));
        System.out.printf(Locale.ROOT, "patterns: RMS of 16 z-scores %.3f%n", rms(z));
    }

    @Test
    void markdownReportIsWrittenAndReportsAreDeterministic() throws IOException {
        final String md = Files.readString(reportDir.resolve("report.md"));
        assertTrue(md.startsWith("# pairgate report"));
        assertTrue(md.contains("## g2(ΔN)"));
        assertTrue(md.contains("## Fourfold table"));
        assertTrue(md.contains("| trials N | " + TRIALS + " |"));
        final Path again = dir.resolve("soft-again");
        run(ptu, again, "soft");
        assertArrayEquals(Files.readAllBytes(reportDir.resolve("report.json")), Files.readAllBytes(again.resolve("report.json")));
        assertArrayEquals(Files.readAllBytes(reportDir.resolve("report.md")), Files.readAllBytes(again.resolve("report.md")));
    }

    @Test
    void rtlEngineGivesTheSameReport() throws IOException {
        if (!RtlDevice.isAvailable()) {
            final String mode = System.getProperty("pairgate.rtl", "require");
            if ("skip".equals(mode)) {
                Assumptions.abort("rtl engine unavailable and pairgate.rtl=skip: " + RtlDevice.unavailableReason());
            }
            fail("rtl engine unavailable (pairgate.rtl=" + mode + "): " + RtlDevice.unavailableReason());
        }
        run(smallPtu, dir.resolve("small-soft"), "soft");
        run(smallPtu, dir.resolve("small-rtl"), "rtl");
        final ObjectMapper json = new ObjectMapper();
        final ObjectNode soft = (ObjectNode) json.readTree(dir.resolve("small-soft").resolve("report.json").toFile());
        final ObjectNode rtl = (ObjectNode) json.readTree(dir.resolve("small-rtl").resolve("report.json").toFile());
        assertEquals("soft", soft.get("engine").get("name").asText());
        assertEquals("rtl", rtl.get("engine").get("name").asText());
        soft.remove("engine");
        rtl.remove("engine");
        assertEquals(soft, rtl);
    }

    @Test
    void framesOfAnyLengthAddUpToTheSameReport() throws IOException {
        // 1000 trials per frame: about 50 frame closes per batch against a ring of 8; analyze cuts its
        // pushes at one frame's syncs (Analysis.pushEnd, so that the frames are equal blocks for the
        // stationarity test), so the core never has to merge closes: 101 frames, and the same report
        // apart from what depends on the frames (the merging core is FrameMergeTest's)
        run(smallPtu, dir.resolve("one-frame"), "soft", "--frame-trials", "0");
        run(smallPtu, dir.resolve("many-frames"), "soft", "--frame-trials", "1000");
        final ObjectMapper json = new ObjectMapper();
        final ObjectNode one = (ObjectNode) json.readTree(dir.resolve("one-frame").resolve("report.json").toFile());
        final ObjectNode many = (ObjectNode) json.readTree(dir.resolve("many-frames").resolve("report.json").toFile());
        assertEquals(1, one.get("frames").asLong());
        assertEquals(0, one.get("frame_merges").asLong());
        assertEquals(101, many.get("frames").asLong() + many.get("frame_merges").asLong(),
            "100 trial closes and the final host close, each a frame or a merge");
        assertEquals(0, many.get("frame_merges").asLong(), "pushes of one frame's syncs never fill the ring");
        assertTrue(one.get("windows").get("pre").get("stationarity").get("stationary").isNull(), "one frame: not tested");
        assertTrue(many.get("windows").get("pre").get("stationarity").get("stationary").isBoolean(), "100 blocks: tested");
        for (final ObjectNode r : List.of(one, many)) {
            org.pairgate.host.report.ReportJson.withoutFrameDependent(r);
        }
        assertEquals(one, many);
    }

    private static JsonNode withoutKey(final JsonNode node, final String key) {
        final ObjectNode copy = ((ObjectNode) node).deepCopy();
        copy.remove(key);
        final ObjectNode out = copy.objectNode();
        out.put("dn", 0);
        for (final Iterator<String> it = copy.fieldNames(); it.hasNext(); ) {
            final String k = it.next();
            out.set(k, copy.get(k));
        }
        return out;
    }
}
