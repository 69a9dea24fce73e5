package org.pairgate.host.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.pairgate.device.TagBatch;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.analysis.Engines;
import org.pairgate.host.demo.ExperimentRun;
import org.pairgate.host.stats.G2;
import org.pairgate.host.stats.GatePoint;
import org.pairgate.host.stats.RunStatistics;

/**
 * The simulator's samples against its own exact expectations ({@link Expectations}), through the
 * soft core and the statistics exactly as {@code analyze} runs them: z-scores with fixed seeds.
 */
class ExperimentSourceTest {
    private static final double Z_MAX = 4.5;

    /** A model with the paper's physics but rates high enough that 300 000 trials resolve every cell. */
    private static ExperimentModel busy(final Mode mode) {
        return ExperimentModel.paper().toBuilder().mode(mode).trials(300_000).efficiency(0.3).deadTimePs(0)
            .splitterImbalance(0.1).jitterSigmaPs(300).darkRateHz(3e5).heatPrompt(0.2).heatDelayed(0.3).build();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void countsAgreeWithTheExactExpectations(final Mode mode) throws IOException {
        final ExperimentModel model = busy(mode);
        final Expectations exact = new Expectations(model);
        final AnalysisResult result = ExperimentRun.run(model, 42 + mode.ordinal(), "soft", Engines.INSTANCE);
        final RunStatistics s = result.statistics();
        final long n = s.trials();
        assertEquals(model.trials(), n);
        final List<String> failures = new ArrayList<>();
        int compared = 0;
        for (int w = 0; w < 2; w++) {
            final long len = exact.windowLength(w);
            for (int d = 0; d < 2; d++) {
                compared += check(failures, "singles w" + w + " d" + d, s.windows().get(w).singles()[d], n, exact.click(w, d, len));
            }
            final G2 g = s.windows().get(w).g2Zero();
            compared += check(failures, "coincidences w" + w, g.coincidences(), n, exact.both(w, len));
            if (g.hasSigma()) {
                failures.addAll(z("g2 w" + w, g.value(), exact.g2(w), g.sigma()));
                compared++;
            }
            final G2 g1 = s.windows().get(w).g2(1);
            if (g1.hasSigma()) {
                failures.addAll(z("g2(ΔN=1) w" + w, g1.value(), 1.0, g1.sigma()));
                compared++;
            }
        }
        for (final GatePoint p : s.windows().get(1).g2VsGate()) {
            if (p.gateTicks() % 12_000 == 0) {
                compared += check(failures, "C(gate " + p.gateTicks() + ")", p.g2().coincidences(), n, exact.both(1, p.gateTicks()));
                compared += check(failures, "S_a(gate " + p.gateTicks() + ")", p.g2().singlesA(), n, exact.click(1, 0, p.gateTicks()));
            }
        }
        final long[] patterns = s.patterns();
        for (int pattern = 0; pattern < 16; pattern++) {
            final double p = exact.patternProbability(pattern);
            if (n * p >= 10) {
                compared += check(failures, "pattern " + pattern, patterns[pattern], n, p);
            }
        }
        assertTrue(compared >= 25, "compared only " + compared);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static int check(final List<String> failures, final String what, final long observed, final long n, final double p) {
        failures.addAll(z(what, observed, n * p, Math.sqrt(n * p * (1 - p))));
        return 1;
    }

    private static List<String> z(final String what, final double observed, final double expected, final double sigma) {
        final double z = (observed - expected) / sigma;
        return Math.abs(z) < Z_MAX ? List.of()
            : List.of(String.format(Locale.ROOT, "%s: observed %.6g, expected %.6g, z = %.2f", what, observed, expected, z));
    }

    @Test
    void thePureStateHasGTwoPrOverPb() {
        final ExperimentModel pure = ExperimentModel.paper().toBuilder().nTh(0).preHeatPhonons(0).heatDelayed(0)
            .heatPrompt(0).darkRateHz(0).efficiency(1e-4).build();
        final Expectations e = new Expectations(pure);
        // the pair state's photon number: g2 = p_b p_r / p_b² = p_r / p_b in either pulse (small η: clicks ≈ photons)
        assertEquals(pure.pR() / pure.pB(), e.g2(0), 0.02 * pure.pR() / pure.pB());
        final Expectations blue = new Expectations(pure.withMode(Mode.BLUE).withDeltaT(300_000));
        assertEquals(2.0, blue.g2(0), 0.01);
        // pairs in the two pulses exclude each other: n22 only through the windows' overlap with the other pulse's tails
        final Expectations bright = new Expectations(pure.toBuilder().efficiency(0.5).deltaTPs(150_000).build());
        final double independent = bright.both(0, 1_000_000) * bright.both(1, 1_000_000);
        assertTrue(bright.pairInBoth() < 0.05 * independent, bright.pairInBoth() + " vs " + independent);
    }

    @Test
    void silentTrialsCostOnlyTheirSyncAndTheStreamIsOrdered() throws IOException {
        final ExperimentModel model = ExperimentModel.paper().withTrials(5_000_000);
        final ExperimentSource source = new ExperimentSource(model, 7);
        final TagBatch batch = new TagBatch(1 << 16);
        long syncs = 0;
        long detectorTags = 0;
        long last = Long.MIN_VALUE;
        final long start = System.nanoTime();
        int k;
        while ((k = source.read(batch)) > 0) {
            for (int i = 0; i < k; i++) {
                assertTrue(batch.time(i) >= last, "time order");
                last = batch.time(i);
                if (batch.channel(i) == 0) {
                    syncs++;
                } else {
                    detectorTags++;
                }
            }
        }
        final double seconds = (System.nanoTime() - start) * 1e-9;
        assertEquals(model.trials() + 1, syncs);
        assertTrue(source.eventTrials() < model.trials() / 50, "event trials " + source.eventTrials());
        assertTrue(detectorTags > 0);
        assertTrue(seconds < 10, "5e6 trials took " + seconds + " s");
    }

    @Test
    void deadTimeSeparatesTagsOfOneDetector() throws IOException {
        final long dead = 40_000;
        final ExperimentModel model = busy(Mode.FULL).toBuilder().deadTimePs(dead).efficiency(0.9).heatPrompt(2).build();
        final ExperimentSource source = new ExperimentSource(model, 3);
        final TagBatch batch = new TagBatch(4096);
        final long[] lastTag = {Long.MIN_VALUE / 2, Long.MIN_VALUE / 2};
        long tags = 0;
        int k;
        while ((k = source.read(batch)) > 0) {
            for (int i = 0; i < k; i++) {
                final int ch = batch.channel(i);
                if (ch > 0) {
                    assertTrue(batch.time(i) - lastTag[ch - 1] >= dead - 1, "tags closer than the dead time");
                    lastTag[ch - 1] = batch.time(i);
                    tags++;
                }
            }
        }
        assertTrue(tags > 10_000);
    }

    @Test
    void theSameSeedGivesTheSameTags() throws IOException {
        final ExperimentModel model = busy(Mode.FULL).withTrials(50_000);
        assertEquals(hash(new ExperimentSource(model, 11)), hash(new ExperimentSource(model, 11)));
        assertTrue(hash(new ExperimentSource(model, 11)) != hash(new ExperimentSource(model, 12)));
    }

    private static long hash(final ExperimentSource source) {
        final TagBatch batch = new TagBatch(1000);
        long h = 17;
        int k;
        while ((k = source.read(batch)) > 0) {
            for (int i = 0; i < k; i++) {
                h = 31 * h + batch.time(i) * 7 + batch.channel(i);
            }
        }
        return h;
    }
}
