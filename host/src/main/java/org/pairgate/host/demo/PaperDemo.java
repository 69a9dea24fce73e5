package org.pairgate.host.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.analysis.DeviceFactory;
import org.pairgate.host.physics.ExperimentModel;
import org.pairgate.host.physics.Mode;
import org.pairgate.host.stats.RunStatistics;

/**
 * Runs the paper's measurement campaign on the simulator: the two calibration runs, the main
 * run, the ΔT sweep, the fourfold run and the pump–probe scan, each through a core.
 *
 * <p>Every part has its own seed (base seed + its index), so the results do not depend on the
 * order or the thread a part ran on: with the soft engine the parts run on as many threads as
 * there are cores (at most two; the core of a part is private to it). The rtl engine is ~100×
 * slower than the soft one, so "auto" runs the campaign on the soft engine and a cross-check on
 * the rtl engine when its library is built: the main configuration with the same seed on both,
 * whose counters must agree exactly.
 */
public final class PaperDemo {
    private final DemoPlan plan;
    private final long seed;
    private final String engine;
    private final DeviceFactory devices;
    private final PrintWriter progress;

    /**
     * @param engine   engine of the campaign ("soft" or "rtl")
     * @param progress where progress lines go (flushed per line)
     */
    public PaperDemo(final DemoPlan plan, final long seed, final String engine, final DeviceFactory devices,
        final PrintWriter progress) {
        this.plan = plan;
        this.seed = seed;
        this.engine = engine;
        this.devices = devices;
        this.progress = progress;
    }

    /** The parts of the plan, in report order. */
    public List<Part> parts() {
        final ExperimentModel paper = ExperimentModel.paper();
        final List<Part> parts = new ArrayList<>();
        final long main = DemoPlan.MAIN_DELTA_T_PS;
        parts.add(part(parts, "pairs", "photon-pair run, ΔT = 30 ns (g2_pre, Cauchy–Schwarz of the preparation pulse)",
            paper.toBuilder().deltaTPs(main).trials(plan.pairsTrials()).build()));
        parts.add(part(parts, "red", "calibration: red pump only (g_r)",
            paper.toBuilder().mode(Mode.RED).deltaTPs(main).trials(plan.redTrials()).build()));
        parts.add(part(parts, "blue", "calibration: blue pump only (g_b)",
            paper.toBuilder().mode(Mode.BLUE).deltaTPs(main).trials(plan.blueTrials()).build()));
        parts.add(part(parts, "main", "main run, ΔT = 30 ns (g2_meas vs gate length, ΔN, conditioned statistics)",
            paper.toBuilder().deltaTPs(main).trials(plan.mainTrials()).build()));
        parts.add(part(parts, "red-meas", "calibration: red pump only, the measurement pulse's thermal reference (g_meas,r)",
            paper.toBuilder().mode(Mode.RED).deltaTPs(main).trials(plan.redMeasTrials()).build()));
        parts.add(part(parts, "fourfold", "fourfold run, ΔT = 150 ns (n22; also a ΔT sweep point)",
            paper.toBuilder().deltaTPs(DemoPlan.FOURFOLD_DELTA_T_PS).trials(plan.fourfoldTrials()).build()));
        for (final long dt : plan.sweepDeltaTPs()) {
            parts.add(part(parts, "sweep-" + dt / 1000 + "ns", "ΔT sweep",
                paper.toBuilder().deltaTPs(dt).trials(plan.sweepTrials()).build(), 1));
        }
        for (final long dt : plan.pumpProbeDelayPs()) {
            parts.add(part(parts, "pump-probe-" + dt / 1000 + "ns", "pump–probe scan",
                paper.toBuilder().mode(Mode.PUMP_PROBE).deltaTPs(dt).trials(plan.pumpProbeTrials()).build(), 1));
        }
        return parts;
    }

    private Part part(final List<Part> before, final String name, final String role, final ExperimentModel model) {
        return part(before, name, role, model, ExperimentRun.MAX_DN);
    }

    private Part part(final List<Part> before, final String name, final String role, final ExperimentModel model,
        final int maxDn) {
        return new Part(name, role, model, seed + before.size(), maxDn);
    }

    /** Runs every part; returns the results by part name, in part order. */
    public Map<String, AnalysisResult> run() throws IOException {
        final List<Part> parts = parts();
        final int threads = "soft".equals(engine) ? Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())) : 1;
        final AtomicInteger done = new AtomicInteger();
        final long total = plan.totalTrials();
        final long[] trialsDone = {0};
        final long start = System.nanoTime();
        line(String.format(Locale.ROOT, "demo: %d parts, %.3g trials, %s engine, %d thread%s", parts.size(), (double) total,
            engine, threads, threads == 1 ? "" : "s"));
        final ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            final Thread t = new Thread(r, "pairgate-demo");
            t.setDaemon(true);
            return t;
        });
        try {
            final List<Future<AnalysisResult>> futures = new ArrayList<>();
            for (final Part p : parts) {
                futures.add(pool.submit(() -> {
                    final long t0 = System.nanoTime();
                    final AnalysisResult r;
                    try {
                        r = ExperimentRun.run(p.model(), p.seed(), engine, devices, p.maxDn());
                    } catch (final IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    synchronized (trialsDone) {
                        trialsDone[0] += p.model().trials();
                        line(String.format(Locale.ROOT, "  [%2d/%d] %-20s %.3g trials in %5.1f s   (%3.0f %% of all trials, %.0f s so far)",
                            done.incrementAndGet(), parts.size(), p.name(), (double) p.model().trials(),
                            (System.nanoTime() - t0) * 1e-9, 100.0 * trialsDone[0] / total, (System.nanoTime() - start) * 1e-9));
                    }
                    return r;
                }));
            }
            final Map<String, AnalysisResult> results = new LinkedHashMap<>();
            for (int i = 0; i < parts.size(); i++) {
                results.put(parts.get(i).name(), get(futures.get(i)));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static AnalysisResult get(final Future<AnalysisResult> f) throws IOException {
        try {
            return f.get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (final ExecutionException e) {
            final Throwable c = e.getCause();
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(c);
        }
    }

    /**
     * The main configuration with the same seed on both engines; null when they agree on every
     * counter the statistics are computed from, else a description of the first difference.
     */
    public static String crossCheck(final long trials, final long seed, final DeviceFactory devices) throws IOException {
        final ExperimentModel model = ExperimentModel.paper().toBuilder().deltaTPs(DemoPlan.MAIN_DELTA_T_PS).trials(trials).build();
        final RunStatistics soft = ExperimentRun.run(model, seed, "soft", devices).statistics();
        final RunStatistics rtl = ExperimentRun.run(model, seed, "rtl", devices).statistics();
        if (soft.trials() != rtl.trials()) {
            return "trials " + soft.trials() + " (soft) vs " + rtl.trials() + " (rtl)";
        }
        if (!Arrays.equals(soft.patterns(), rtl.patterns())) {
            return "pattern counts differ";
        }
        final var a = soft.accounting();
        final var b = rtl.accounting();
        if (a.tags() != b.tags() || a.syncs() != b.syncs() || a.syncDropped() != b.syncDropped() || a.inWindow() != b.inWindow()
            || a.outside() != b.outside() || a.beforeFirstSync() != b.beforeFirstSync() || a.outOfOrder() != b.outOfOrder()
            || a.otherChannel() != b.otherChannel() || !Arrays.equals(a.tagsDetector(), b.tagsDetector())) {
            return "tag accounting differs";
        }
        for (int w = 0; w < 2; w++) {
            if (!soft.windows().get(w).g2VsGate().equals(rtl.windows().get(w).g2VsGate())
                || !soft.windows().get(w).g2ByDn().equals(rtl.windows().get(w).g2ByDn())) {
                return "window " + w + ": g2 versus gate or ΔN differs";
            }
        }
        return null;
    }

    private void line(final String s) {
        synchronized (progress) {
            progress.println(s);
            progress.flush();
        }
    }
}
