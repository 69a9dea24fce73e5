package org.pairgate.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.Engines;
import org.pairgate.host.correlate.Correlator;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.io.TagFile;
import org.pairgate.host.io.TagSources;
import org.pairgate.host.report.ReportJson;

/**
 * {@code ./pairgate bench --pair [FILE [ROUNDS]]}: do two busy threads of this machine slow each
 * other (issue 15: soft on two cores gave 1.16× one core in a quiet run where the two threads'
 * CPU split said ~1.8×)? Each round, in one JVM and in turn: one core's soft analysis at
 * analyze's cadence alone; two of them at once on two threads (each its own reader and device);
 * the two-core split ({@code Analysis.splitProfile()}), with the cores' balance after the first cut and
 * without it (the first cut alone, {@code -Dpairgate.split.steal=false}: its in-run before, in
 * alternating order), each checked against one core's report; and the same for correlate (one
 * thread, two independent at once). The wall of two independent runs at once against one alone
 * is the machine's own limit for any split: 1.0 means two free cores, 2.0 one core's worth.
 * Medians over ROUNDS (default 5) after two unmeasured rounds.
 */
public final class PairProbe {
    private PairProbe() {
    }

    private interface Job {
        void run() throws Exception;
    }

    public static void main(final String[] args) throws Exception {
        final Path file = args.length > 0 ? Path.of(args[0])
            : Path.of(System.getProperty("pairgate.root", "."), "bench/target/bench-data/t2-24M.ptu");
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.println("pair probe: " + file + ", " + rounds + " rounds; load average "
            + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        final Job soft = () -> {
            try (TagFile src = TagSources.open(file)) {
                new Analysis(BenchData.t2Config("soft", 10_000), Engines.INSTANCE).parallel(false, 1).run(src);
            }
        };
        final String[] profile = {"", ""};
        final String[] report = {"", ""};
        final Job soft1 = () -> {
            try (TagFile src = TagSources.open(file)) {
                report[0] = ReportJson.of(new Analysis(BenchData.t2Config("soft", 10_000), Engines.INSTANCE).parallel(false, 1)
                    .run(src)).toString();
            }
        };
        // the split with the cores' balance after the first cut (issue 15, par21), and without it (its in-run before)
        final Job split = () -> split(file, true, profile, report);
        final Job firstCut = () -> split(file, false, profile, report);
        final Job corr = () -> {
            try (PtuT2Reader r = PtuT2Reader.open(file)) {
                new Correlator(1, 2, 500_000, 1_000).acceptAll(r);
            }
        };
        final double[][] w = new double[7][rounds];
        final double[][] apart = new double[2][rounds];   // how far apart the cores ended: balanced, first cut only
        wall(soft1);
        for (int i = -2; i < rounds; i++) {
            final double a = wall(soft);
            final double b = both(soft);
            // the order of the two splits alternates, so that neither always runs in the same minute's slot
            final double c;
            final double g;
            if ((i & 1) == 0) {
                c = wall(split);
                g = wall(firstCut);
            } else {
                g = wall(firstCut);
                c = wall(split);
            }
            final double d = wall(corr);
            final double e = both(corr);
            final double f = wallCorr2(file);
            if (i >= 0) {
                w[0][i] = a;
                w[1][i] = b;
                w[2][i] = c;
                w[3][i] = d;
                w[4][i] = e;
                w[5][i] = f;
                w[6][i] = g;
                apart[0][i] = apart(profile[0]);
                apart[1][i] = apart(profile[1]);
            }
            System.out.printf(Locale.ROOT, "round %d (load %.2f): soft one %.1f ms, two independent at once %.1f (x%.2f), split %.1f (x%.2f), "
                    + "first cut only %.1f (x%.2f); correlate one %.1f, two at once %.1f (x%.2f), split %.1f (x%.2f)%n  balanced: %s%n"
                    + "  first cut only: %s%n", i,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), a, b, b / a, c, a / c, g, a / g, d, e, e / d,
                f, d / f, profile[0], profile[1]);
        }
        System.out.printf(Locale.ROOT, "medians: soft one %.1f ms, two at once %.1f (x%.2f of one: 1.0 = two free cores), split %.1f (speed-up x%.2f), "
                + "first cut only %.1f (x%.2f); correlate one %.1f, two at once %.1f (x%.2f), split %.1f (speed-up x%.2f)%n",
            median(w[0]), median(w[1]), median(w[1]) / median(w[0]), median(w[2]), median(w[0]) / median(w[2]),
            median(w[6]), median(w[0]) / median(w[6]),
            median(w[3]), median(w[4]), median(w[4]) / median(w[3]), median(w[5]), median(w[3]) / median(w[5]));
        System.out.printf(Locale.ROOT, "soft split, the cores ended apart (median, max): balanced %.1f, %.1f ms; first cut only %.1f, %.1f ms%n",
            median(apart[0]), Arrays.stream(apart[0]).max().orElse(0), median(apart[1]), Arrays.stream(apart[1]).max().orElse(0));
    }

    /** "cores ended X ms apart" of a split's profile; NaN when it has none (one core). */
    private static double apart(final String profile) {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("cores ended ([0-9.]+) ms apart").matcher(profile);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** A two-core soft analysis with ({@code balance}) or without the balance after the first cut; its report must be one core's. */
    private static void split(final Path file, final boolean balance, final String[] profile, final String[] report)
        throws Exception {
        final String old = System.getProperty("pairgate.split.steal");
        System.setProperty("pairgate.split.steal", Boolean.toString(balance));
        try (TagFile src = TagSources.open(file)) {
            final Analysis a = new Analysis(BenchData.t2Config("soft", 10_000), Engines.INSTANCE).parallel(true, 1);
            final String r = ReportJson.of(a.run(src)).toString();
            profile[balance ? 0 : 1] = a.splitProfile();
            if (!r.equals(report[0])) {
                throw new IllegalStateException("the split's report differs from one core's (balance " + balance + ")");
            }
        } finally {
            if (old == null) {
                System.clearProperty("pairgate.split.steal");
            } else {
                System.setProperty("pairgate.split.steal", old);
            }
        }
    }

    private static double wallCorr2(final Path file) throws Exception {
        return wall(() -> {
            try (PtuT2Reader r = PtuT2Reader.open(file)) {
                new org.pairgate.host.correlate.ParallelCorrelation(1, 2, 500_000, 1_000).correlate(r, 1);
            }
        });
    }

    private static double wall(final Job job) throws Exception {
        final long t0 = System.nanoTime();
        job.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Wall of two runs of {@code job} at once, one on a new thread and one on this. */
    private static double both(final Job job) throws Exception {
        final Throwable[] failed = new Throwable[1];
        final Thread t = new Thread(() -> {
            try {
                job.run();
            } catch (final Throwable x) {
                failed[0] = x;
            }
        });
        final long t0 = System.nanoTime();
        t.start();
        job.run();
        t.join();
        final double ms = (System.nanoTime() - t0) / 1e6;
        if (failed[0] != null) {
            throw new IllegalStateException(failed[0]);
        }
        return ms;
    }

    private static double median(final double[] v) {
        final double[] x = v.clone();
        Arrays.sort(x);
        return x.length % 2 == 1 ? x[x.length / 2] : (x[x.length / 2 - 1] + x[x.length / 2]) / 2;
    }

}
