package org.pairgate.host.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.TagBatch;
import org.pairgate.host.cli.PairgateCli;
import org.pairgate.host.io.PtuT2Writer;
import org.pairgate.host.sim.DutyCycleSource;
import org.pairgate.host.stats.SidePoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code correlate --normalize pulsed}: peak areas and their side-peak normalisation.
 *
 * <p>On the duty-cycle source (window 5 ns inside a 12.5 ns period, at most one tag per detector
 * and trial) a pair in peak k is exactly a coincidence of trials k apart, so the peak areas must
 * equal analyze's C(ΔN) for every ΔN, and the pulsed g2 of the centre peak must be analyze's
 * g2_side(0) up to the pair-count factors (N − |ΔN|)/N (relative 10⁻⁵ here).
 */
class PulsedCorrelateTest {
    @TempDir
    Path dir;

    /** Exit code, stdout and stderr of an in-process CLI run. */
    private record CliRun(int exit, String out, String err) {
        static CliRun of(final String... args) {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int code = PairgateCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    /** The source's tags as a PTU T2 file (1 ps). */
    private static Path write(final DutyCycleSource src, final Path file) throws IOException {
        final TagBatch batch = new TagBatch(1 << 14);
        try (PtuT2Writer w = PtuT2Writer.create(file, 1.0)) {
            while (src.read(batch) > 0) {
                w.write(batch);
            }
        }
        return file;
    }

    @Test
    void peakAreasAreTheTrialCoincidencesAndNormaliseLikeAnalyze() throws IOException {
        final DutyCycleSource src = new DutyCycleSource(400_000, 12_500, 1_000, 5_000, 100_000, 25_000, 0.005, 0.03, 0.03, 5);
        final Path file = write(src, dir.resolve("pulsed.ptu"));
        final CliRun corr = CliRun.of("correlate", file.toString(), "--channels", "1,2", "--range", "56.25ns", "--bin", "250ps",
            "--normalize", "pulsed", "--period", "12.5ns", "--out", dir.resolve("c").toString());
        assertEquals(0, corr.exit(), corr.err());
        assertTrue(corr.out().contains("pulsed normalisation: period 12500 ps (--period), 4 side peaks"), corr.out());
        final CliRun an = CliRun.of("analyze", file.toString(), "--sync", "0", "--detectors", "1,2", "--window", "w=1ns:5ns",
            "--max-dn", "4", "--out", dir.resolve("a").toString());
        assertEquals(0, an.exit(), an.err());
        assertTrue(an.out().contains("WARNING w: singles not stationary"), an.out());
        assertTrue(an.out().lines().filter(l -> l.contains("WARNING")).count() == 1, an.out());
        final ObjectMapper m = new ObjectMapper();
        final JsonNode c = m.readTree(dir.resolve("c").resolve("correlation.json").toFile());
        final JsonNode a = m.readTree(dir.resolve("a").resolve("report.json").toFile()).get("windows").get("w");
        assertEquals("pulsed", c.get("normalization").asText());
        assertEquals(4, c.get("side_peaks").asInt());
        for (int i = 0; i < 9; i++) {
            final JsonNode peak = c.get("peaks").get(i);
            assertEquals(i - 4, peak.get("k").asInt());
            assertEquals(a.get("g2").get(i).get("coincidences").asLong(), peak.get("area").asLong(), "peak " + (i - 4));
            final double g2Side = a.get("g2_side").get(i).get("value").asDouble();
            assertEquals(g2Side, peak.get("g2").asDouble(), 1e-4 * g2Side, "peak " + (i - 4));
            assertEquals(a.get("g2_side").get(i).get("sigma").asDouble(), peak.get("sigma").asDouble(), 1e-3 * g2Side);
        }
        // the plain g2 of analyze is biased by the duty cycle (1/f = 4); the pulsed normalisation is not
        final double truth = src.trueG2();
        final JsonNode centre = c.get("peaks").get(4);
        assertEquals(truth, centre.get("g2").asDouble(), 4 * centre.get("sigma").asDouble());
        // per-bin g2 sums to the peak's g2
        double sum = 0;
        for (int i = 0; i < c.get("g2").size(); i++) {
            final double tau = -56_250 + 250 * i + 125;
            if (Math.abs(tau) < 6_250) {
                sum += c.get("g2").get(i).asDouble();
            }
        }
        assertEquals(centre.get("g2").asDouble(), sum, 1e-9 * sum);
    }

    @Test
    void aStationarySimulatedFileGivesNoWarning() throws IOException {
        final DutyCycleSource src = new DutyCycleSource(400_000, 12_500, 1_000, 5_000, 1, 1, 0.005, 0.03, 0.03, 6);
        final Path file = write(src, dir.resolve("constant.ptu"));
        final CliRun an = CliRun.of("analyze", file.toString(), "--sync", "0", "--detectors", "1,2", "--window", "w=1ns:5ns",
            "--max-dn", "4", "--out", dir.resolve("const").toString());
        assertEquals(0, an.exit(), an.err());
        assertTrue(an.out().contains("; side-normalised g2_side(0) = "), an.out());
        assertTrue(!an.out().contains("WARNING"), an.out());
        final JsonNode st = new ObjectMapper().readTree(dir.resolve("const").resolve("report.json").toFile())
            .get("windows").get("w").get("stationarity");
        assertTrue(st.get("stationary").asBoolean(), st.toString());
        assertEquals(40, st.get("blocks").asInt(), "400 000 trials in frames of 10 000: " + st);
    }

    @Test
    void periodIsNeededWithoutAT3HeaderAndTheRangeMustHoldASidePeak() throws IOException {
        final DutyCycleSource src = new DutyCycleSource(1_000, 12_500, 1_000, 5_000, 1, 1, 0.005, 0.03, 0.03, 5);
        final Path file = write(src, dir.resolve("t2.ptu"));
        final CliRun noPeriod = CliRun.of("correlate", file.toString(), "--channels", "1,2", "--range", "50ns", "--bin", "1ns",
            "--normalize", "pulsed", "--out", dir.resolve("x").toString());
        assertEquals(2, noPeriod.exit());
        assertTrue(noPeriod.err().contains("needs --period"), noPeriod.err());
        final CliRun narrow = CliRun.of("correlate", file.toString(), "--channels", "1,2", "--range", "10ns", "--bin", "1ns",
            "--normalize", "pulsed", "--period", "12.5ns", "--out", dir.resolve("y").toString());
        assertEquals(2, narrow.exit());
        assertTrue(narrow.err().contains("no whole side peak"), narrow.err());
        final CliRun bad = CliRun.of("correlate", file.toString(), "--channels", "1,2", "--range", "50ns", "--bin", "1ns",
            "--normalize", "sideways", "--out", dir.resolve("z").toString());
        assertEquals(2, bad.exit());
    }

    @Test
    void peaksOfAHandMadeHistogram() {
        // period 10 ticks, range 25, bin 5: bins centred at -22.5 .. 22.5; peaks k = -2..2 are whole (k = ±2: [15, 25))
        final long[] counts = {3, 4, 5, 6, 100, 200, 7, 8, 9, 10};
        final Correlation c = new Correlation(1, 2, 25, 5, 1.0, counts, 0, 0, 1);
        final PulsedPeaks p = PulsedPeaks.of(c, 10);
        assertEquals(2, p.sidePeaks());
        final List<SidePoint> peaks = p.peaks();
        assertEquals(List.of(7L, 11L, 300L, 15L, 19L), peaks.stream().map(SidePoint::coincidences).toList());
        assertEquals(13.0, p.meanSideArea(), 1e-12);
        assertEquals(300 / 13.0, p.centre().value(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> PulsedPeaks.of(c, 20));
    }
}
