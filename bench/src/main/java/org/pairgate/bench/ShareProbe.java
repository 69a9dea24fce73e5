package org.pairgate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;

import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.Engines;
import org.pairgate.host.correlate.Correlator;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.io.TagFile;
import org.pairgate.host.io.TagSources;

/**
 * {@code ./pairgate bench --share [FILE [ROUNDS]]}: the measurements behind the two-core split's
 * share ((c − s) / (2c − s), issue 15: what ParallelRun's split point reaches by itself, and ParallelCorrelation.secondShare): thread CPU per record
 * of one core's analysis at analyze's cadence (c), of the fork's scan of the records before the
 * second core's start (s), of one core's correlate (its c, for {@code ParallelCorrelation}), and
 * of a two-core run's first thread against the rest of the process (the second thread, plus the
 * JIT and GC threads), with the run's {@code Analysis.splitProfile()} (each core's thread CPU by
 * phase); the wall times of one core and two in the same rounds. Medians over ROUNDS (default 5) after two unmeasured rounds; FILE defaults to the
 * bench's 24M T2 file (made by {@code ./pairgate bench}).
 */
public final class ShareProbe {
    private ShareProbe() {
    }

    public static void main(final String[] args) throws Exception {
        final Path file = args.length > 0 ? Path.of(args[0])
            : Path.of(System.getProperty("pairgate.root", "."), "bench/target/bench-data/t2-24M.ptu");
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.println("share probe: " + file + ", " + rounds + " rounds; load average "
            + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        final ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        final double[] c = new double[rounds];
        final double[] s = new double[rounds];
        final double[] sj = new double[rounds];
        final double[] cc = new double[rounds];
        final double[] first = new double[rounds];
        final double[] rest = new double[rounds];
        final double[] wall1 = new double[rounds];
        final double[] wall2 = new double[rounds];
        long records = 0;
        for (int i = -2; i < rounds; i++) {
            // one core
            long t0 = tmx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            try (TagFile src = TagSources.open(file)) {
                new Analysis(BenchData.t2Config("soft", 10_000), Engines.INSTANCE).parallel(false, 1).run(src);
                records = src.recordsRead();
            }
            final double one = (tmx.getCurrentThreadCpuTime() - t0) / (double) records;
            final double oneWall = (System.nanoTime() - w0) / 1e6;
            // the fork's scan of [0, start)
            final long start = records / 2;
            t0 = tmx.getCurrentThreadCpuTime();
            try (PtuT2Reader r = PtuT2Reader.open(file); PtuT2Reader f = r.fork(start, 0)) {
                if (f.recordsRead() < 0) {
                    throw new IllegalStateException("fork");
                }
            }
            final double scan = (tmx.getCurrentThreadCpuTime() - t0) / (double) start;
            // the same scan in Java (the fallback, and the scan before it was in C): the soft kernel choice java
            final String kernelChoice = System.getProperty("pairgate.soft.kernel");
            System.setProperty("pairgate.soft.kernel", "java");
            t0 = tmx.getCurrentThreadCpuTime();
            try (PtuT2Reader r = PtuT2Reader.open(file); PtuT2Reader f = r.fork(start, 0)) {
                if (f.recordsRead() < 0) {
                    throw new IllegalStateException("fork");
                }
            } finally {
                if (kernelChoice == null) {
                    System.clearProperty("pairgate.soft.kernel");
                } else {
                    System.setProperty("pairgate.soft.kernel", kernelChoice);
                }
            }
            final double scanJava = (tmx.getCurrentThreadCpuTime() - t0) / (double) start;
            // two cores
            t0 = tmx.getCurrentThreadCpuTime();
            final long p0 = os.getProcessCpuTime();
            w0 = System.nanoTime();
            int cores;
            String profile;
            try (TagFile src = TagSources.open(file)) {
                final Analysis a = new Analysis(BenchData.t2Config("soft", 10_000), Engines.INSTANCE).parallel(true, 1);
                a.run(src);
                cores = a.coresUsed();
                profile = a.splitProfile();
            }
            final double twoWall = (System.nanoTime() - w0) / 1e6;
            final double main = (tmx.getCurrentThreadCpuTime() - t0) / 1e6;
            final double all = (os.getProcessCpuTime() - p0) / 1e6;
            // correlate on one core (as the bench's correlate row): its c, against the same s
            t0 = tmx.getCurrentThreadCpuTime();
            String kernel;
            try (PtuT2Reader r = PtuT2Reader.open(file)) {
                final Correlator k = new Correlator(1, 2, 500_000, 1_000);
                k.acceptAll(r);
                kernel = k.kernel();
            }
            final double corr = (tmx.getCurrentThreadCpuTime() - t0) / (double) records;
            if (i >= 0) {
                cc[i] = corr;
                c[i] = one;
                s[i] = scan;
                sj[i] = scanJava;
                first[i] = main;
                rest[i] = all - main;
                wall1[i] = oneWall;
                wall2[i] = twoWall;
            }
            System.out.printf("round %d: c %.2f ns/record, s %.2f ns/record (%s; the Java scan %.2f), correlate c %.2f (%s), two cores (%d): first %.0f ms, rest of process %.0f ms; wall one %.0f ms, two %.0f ms%n  %s%n",
                i, one, scan, PtuT2Reader.nativeScan() ? "C" : "Java", scanJava, corr, kernel, cores, main, all - main, oneWall, twoWall, profile);
        }
        final double mc = median(c), ms = median(s), mcc = median(cc);
        System.out.printf("correlate: median c %.2f ns -> share %.3f%n", mcc, (mcc - ms) / (2 * mcc - ms));
        System.out.printf("median s of the Java scan %.2f ns%n", median(sj));
        System.out.printf("median c %.2f ns, s %.2f ns -> (c - s) / (2c - s) = %.3f; two cores: first %.0f ms, rest %.0f ms; wall one %.0f, two %.0f ms (x%.2f)%n",
            mc, ms, (mc - ms) / (2 * mc - ms), median(first), median(rest), median(wall1), median(wall2), median(wall1) / median(wall2));
    }

    private static double median(final double[] v) {
        final double[] x = v.clone();
        Arrays.sort(x);
        return x.length % 2 == 1 ? x[x.length / 2] : (x[x.length / 2 - 1] + x[x.length / 2]) / 2;
    }
}
