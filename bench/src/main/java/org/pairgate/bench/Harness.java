package org.pairgate.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.pairgate.device.LinkDevice;
import org.pairgate.device.RtlDevice;

/**
 * {@code ./pairgate bench [--quick] [--data DIR] [--out DIR]}: the end-to-end harness of issue 6.
 *
 * <p>Generates its input ({@link BenchData}, cached under {@code --data}), then runs every path in
 * its own child JVM ({@link Worker}: same class path and JVM flags as this one) so that each path's
 * peak RSS (VmHWM) is its own, and prints one table: records/s (or trials/s), the ratio to the
 * in-run baseline for the same file (read the bytes, touch each record once), peak RSS, and the
 * frame-path latency percentiles. The same table goes to {@code OUT/bench-results.md} and
 * {@code OUT/bench-results.json} with the machine, the date and the load average of every row.
 *
 * <p>{@code ./pairgate bench --jmh [REGEX] [JMH options]} runs the JMH suite instead, with short
 * defaults suited to a small machine (1 fork, 3 × 1 s warmup, 3 × 1 s measurement) unless given.
 */
public final class Harness {
    /** Records of the small and the large T2 file. */
    public static final long SMALL_RECORDS = 2_400_000L;
    public static final long LARGE_RECORDS = 24_000_000L;
    /** Sync periods of the T3 file: 0.5 s at 80 MHz. */
    public static final long T3_PERIODS = 40_000_000L;
    /** Tags pushed through the rtl engine (a slice: the v1 firmware does about 2 M tags/s). */
    public static final long RTL_TAGS = 1L << 20;

    private final boolean quick;
    private final Path data;
    private final Path out;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Double> baselines = new LinkedHashMap<>();

    /** One line of the table. */
    record Row(String path, String input, String unit, double rate, double rateMin, double rateMax, int iterations,
               Double ratio, long rssKb, String latency, String load, String note, Map<String, Object> raw) {
    }

    Harness(final boolean quick, final Path data, final Path out) {
        this.quick = quick;
        this.data = data;
        this.out = out;
    }

    public static void main(final String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--jmh")) {
            jmh(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("--share")) {
            ShareProbe.main(Arrays.copyOfRange(args, 1, args.length));   // the two-core split's c and s (issue 15)
            return;
        }
        if (args.length > 0 && args[0].equals("--pair")) {
            PairProbe.main(Arrays.copyOfRange(args, 1, args.length));   // two busy threads against one (issue 15)
            return;
        }
        boolean quick = false;
        final Path root = Path.of(System.getProperty("pairgate.root", "."));
        Path data = root.resolve("bench/target/bench-data");
        Path out = root.resolve("bench/target");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick":
                    quick = true;
                    break;
                case "--data":
                    data = Path.of(args[++i]);
                    break;
                case "--out":
                    out = Path.of(args[++i]);
                    break;
                case "-h":
                case "--help":
                    System.out.println("usage: pairgate bench [--quick] [--data DIR] [--out DIR]\n"
                        + "       pairgate bench --jmh [REGEX] [JMH options]   (defaults: -f 1 -wi 3 -w 1s -i 3 -r 1s)\n"
                        + "       pairgate bench --share [FILE [ROUNDS]]        (the two-core split's c and s: ShareProbe)\n"
                        + "       pairgate bench --pair [FILE [ROUNDS]]         (two busy threads against one: PairProbe)");
                    return;
                default:
                    System.err.println("pairgate: bench: unknown option " + args[i] + " (see pairgate bench --help)");
                    System.exit(2);
            }
        }
        new Harness(quick, data, out).run();
    }

    /** Runs JMH with the short defaults unless the options given set them. */
    static void jmh(final String[] args) throws Exception {
        final List<String> a = new ArrayList<>();
        final List<String> given = Arrays.asList(args);
        final String[][] defaults = {{"-f", "1"}, {"-wi", "3"}, {"-w", "1s"}, {"-i", "3"}, {"-r", "1s"}};
        for (final String[] d : defaults) {
            if (!given.contains(d[0])) {
                a.add(d[0]);
                a.add(d[1]);
            }
        }
        a.addAll(given);
        if (given.stream().noneMatch(s -> !s.startsWith("-") && !isOptionValue(given, s))) {
            a.add("org.pairgate.bench.jmh");
        }
        org.openjdk.jmh.Main.main(a.toArray(new String[0]));
    }

    private static boolean isOptionValue(final List<String> args, final String s) {
        final int i = args.indexOf(s);
        return i > 0 && args.get(i - 1).startsWith("-");
    }

    void run() throws Exception {
        final long started = System.nanoTime();
        Files.createDirectories(data);
        Files.createDirectories(out);
        System.out.println("pairgate bench" + (quick ? " --quick" : "") + ": " + machine() + "; load average " + loadAverage());

        final Path small = data.resolve("t2-2.4M.ptu");
        final Path large = data.resolve("t2-24M.ptu");
        final Path t3 = data.resolve("t3-80MHz.ptu");
        generate(small, "t2", SMALL_RECORDS, 1);
        generate(large, "t2", LARGE_RECORDS, 2);
        generate(t3, "t3", T3_PERIODS, 3);

        // iterations: warmup, measured
        final int w = quick ? 2 : 3;
        final int m = quick ? 5 : 10;
        baseline("2.4M T2", small, w + 1, m);
        baseline("24M T2", large, w, m);
        baseline("T3 80 MHz", t3, w + 1, m);
        path("decode", "PTU T2 decode only (reader into batches)", "24M T2", large, w, m, 0, "records/s", "");
        path("soft", "soft (decode + gate + histograms, analyze's path, 1 thread)", "2.4M T2", small, w + 1, m, 0,
            "records/s", "");
        path("soft", "soft (decode + gate + histograms, analyze's path, 1 thread)", "24M T2", large, w, m, 0,
            "records/s", "");
        path("soft-java", "soft, 1 thread, the two-pass kernel in Java (-Dpairgate.soft.kernel=java)", "24M T2", large, w, m, 0,
            "records/s", "the in-run before of the native kernel (soft-kernel/, issue 15); same frames");
        path("soft-10k", "soft, 1 thread, a frame every 10000 trials (analyze's default cadence)", "24M T2", large, w, m, 0,
            "records/s", "the one-core reference of the two-core row");
        path("soft-2cores", "soft, two cores (the file split at a sync, issue 15), a frame every 10000 trials", "24M T2", large,
            w, m, 0, "records/s", "second core counts the file's last part (its start chosen as it scans, where both cores end together: ParallelRun"
                + ".startHere) after a scan of the rest and a K-trial warm-up, frames cut where one core cuts them; same"
                + " report as one core; ./pairgate bench --share profiles each core");
        path("soft-2cores-jscan", "soft, two cores, the split's scan in Java (the C scan's in-run before)", "24M T2", large,
            w, m, 0, "records/s", "-Dpairgate.split.scan=java: the second core scans the first part at ~2 ns a record instead of ~0.3");
        path("soft-onepass", "soft, 1 thread, the one-pass fused kernel (before the two-pass one)", "24M T2", large, w, m, 0,
            "records/s", "FastSoftDevice.twoPass(false): the in-run before of the soft row; same frames");
        path("soft-model", "soft on the reference model (SoftDevice, batches: issue 15's before)", "24M T2", large, w, m, 0,
            "records/s", "the bit-exact model the fast path is held to; same statistics");
        path("correlate", "correlate ±500 ns, 1 ns bins (start-multi-stop, exact)", "24M T2", large, w, m, 0,
            "records/s", "channels 1, 2: records decoded in place into the Correlator (fused), one thread");
        path("correlate-2cores", "correlate ±500 ns, 1 ns bins, two cores (overlapping parts, issue 15)", "24M T2", large, w, m,
            0, "records/s", "C(0,M) + C(W,N) - C(W,M), the same histogram as one thread; the second part's share by"
                + " kernel and scan (ParallelCorrelation.secondShare: 0.44 with the scan in C)");
        path("correlate-2cores-jscan", "correlate ±500 ns, 1 ns bins, two cores, the split's scan in Java (its in-run before)",
            "24M T2", large, w, m, 0, "records/s", "-Dpairgate.split.scan=java: the scan at ~2 ns a record and the share 0.341");
        path("correlate-auto", "correlate ±500 ns, 1 ns bins, A = B (autocorrelation of channel 1, one thread)", "24M T2", large,
            w, m, 0, "records/s", "ordered pairs i != j, both signs");
        path("correlate-java", "correlate ±500 ns, 1 ns bins, the Java kernel (the native kernel's before)", "24M T2", large, w,
            m, 0, "records/s", "the correlate row with Correlator's Java kernels (the fallback), one thread");
        path("correlate-auto-java", "correlate ±500 ns, 1 ns bins, A = B, the Java kernel", "24M T2", large, w, m, 0,
            "records/s", "the correlate-auto row with the Java kernel (the two-pass kernel's A = B pass)");
        if (RtlDevice.isAvailable()) {
            path("rtl", "rtl (Verilated firmware through JNA, analyze's path)", "2.4M T2, first 1 Mi tags", small, 1,
                quick ? 2 : 3, RTL_TAGS, "tags/s", "slice of " + RTL_TAGS + " tags: a sync every ~2.5 tags, each sync a trial close of up to ~14 clocks");
            path("rtl-bursts", "rtl, click-heavy stream generated in memory (4 lanes: a word of clicks is one clock)",
                "bursts of 1023 clicks per trial", small, 1, quick ? 2 : 3, 4L * RTL_TAGS, "tags/s",
                "the Verilated firmware's best case from Java: words of clicks, one sync per 1024 tags");
        } else {
            rows.add(new Row("rtl", "2.4M T2", "tags/s", Double.NaN, Double.NaN, Double.NaN, 0, null, -1, "", loadAverage(),
                "not run: " + firstLine(RtlDevice.unavailableReason()), Map.of()));
        }
        path("t3", "T3 80 MHz (soft, sync runs)", "T3 80 MHz", t3, w, m, 0, "trials/s",
            "trials = sync periods, almost all empty; the empty periods between photons travel as one run word");
        if (LinkDevice.isAvailable()) {
            path("link", "link (Verilated link front end + core, paced at the file's time: every sync a tag on the link,"
                + " runs made in firmware)", "T3 80 MHz, first 4 Mi tags", t3, 1, quick ? 2 : 3, 4L * RTL_TAGS, "tags/s",
                "engine link; fpga/README.md \"Link front end\"");
        }
        path("t3-singles", "T3 80 MHz (soft, runs off: one sync tag per period)", "T3 80 MHz", t3, w, m, 0, "trials/s",
            "the same file with every sync a tag word: the cost sync runs remove");
        path("acquire", "acquire pipeline (Disruptor + soft + Chronicle journal), full speed", "24M T2", large, 1,
            quick ? 2 : 3, 0, "records/s", "frames every 10000 trials");
        path("acquire-1khz", "acquire pipeline paced at the recorded rate, 1 kHz frames", "2.4M T2 (8.6 s recorded)", small,
            1, quick ? 1 : 2, 0, "records/s", "frames every 100 trials + host close after 1 ms; after one unmeasured run");
        path("acquire-live", "acquire live from the MultiHarp stand-in (MHLib ABI, JNA) at the recorded rate, 1 kHz frames",
            "2.4M T2 (8.6 s recorded)", small, 1, quick ? 1 : 2, 0, "records/s",
            "instruments/ stand-in replaying the file; statistics on the device thread; after one unmeasured run");
        timeToFirstResult(small, quick ? 3 : 5);
        memoryRow();

        final long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        final String table = table();
        System.out.println();
        System.out.print(table);
        System.out.println();
        System.out.print(targets());
        System.out.println();
        System.out.println("harness wall time " + seconds + " s; load average at the end " + loadAverage());
        write(table, seconds);
    }

    private void generate(final Path file, final String kind, final long size, final long seed) throws IOException {
        final String stamp = kind + " v" + BenchData.VERSION + " size " + size + " seed " + seed;
        if (BenchData.cached(file, stamp)) {
            return;
        }
        final long t0 = System.nanoTime();
        final long records = kind.equals("t2") ? BenchData.writeT2(file, size, seed) : BenchData.writeT3(file, size, seed);
        BenchData.stamp(file, stamp);
        System.out.printf(Locale.ROOT, "generated %s: %,d records, %,d bytes in %.1f s%n", file.getFileName(), records,
            Files.size(file), (System.nanoTime() - t0) / 1e9);
    }

    private void baseline(final String input, final Path file, final int warmup, final int measure) throws Exception {
        final Map<String, String> r = child("baseline", file, warmup, measure, 0);
        final double[] rates = rates(r, "records");
        final double med = median(rates);
        baselines.put(input, med);
        rows.add(new Row("baseline", input, "records/s", med, min(rates), max(rates), rates.length, 1.0,
            Long.parseLong(r.get("vmhwm_kb")), "", r.get("_load"),
            "read the bytes (FileChannel, one 256 KiB direct buffer: the T2 reader's chunk) + touch each record once", new LinkedHashMap<>(r)));
        progress(rows.get(rows.size() - 1));
    }

    private void path(final String path, final String label, final String input, final Path file, final int warmup,
                      final int measure, final long limit, final String unit, final String note) throws Exception {
        Map<String, String> r;
        try {
            r = child(path, file, warmup, measure, limit);
        } catch (final IOException e) {
            rows.add(new Row(label, input, unit, Double.NaN, Double.NaN, Double.NaN, 0, null, -1, "", loadAverage(),
                "failed: " + firstLine(e.getMessage()), Map.of()));
            progress(rows.get(rows.size() - 1));
            return;
        }
        final String count = unit.equals("trials/s") ? "trials" : unit.equals("tags/s") ? "tags" : "records";
        final double[] rates = rates(r, count);
        final double med = median(rates);
        final double[] recRates = rates(r, "records");
        final String baseKey = input.startsWith("2.4M") ? "2.4M T2" : input.startsWith("24M") ? "24M T2" : "T3 80 MHz";
        final Double base = baselines.get(baseKey);
        // a paced run's rate is the file's recorded rate by design: no ratio
        final Double ratio = base == null || path.equals("acquire-1khz") || path.equals("acquire-live") ? null
            : median(recRates) / base;
        String latency = "";
        if (r.containsKey("it0.lat_p50_us")) {
            final int last = Integer.parseInt(r.get("iterations")) - 1;
            latency = String.format(Locale.ROOT, "%s / %s / %s (max %s; %s frames)", us(r.get("it" + last + ".lat_p50_us")),
                us(r.get("it" + last + ".lat_p99_us")), us(r.get("it" + last + ".lat_p99_9_us")),
                us(r.get("it" + last + ".lat_max_us")), r.get("it" + last + ".lat_frames"));
        }
        String fullNote = note;
        final String kernel = r.get("it0.kernel");
        if (kernel != null) {   // which kernel ran (native: libpairgate_soft, built with -march=native here; soft and correlate rows)
            fullNote += (fullNote.isEmpty() ? "" : "; ") + "kernel " + kernel;
        }
        if (!unit.equals("records/s")) {
            fullNote += (fullNote.isEmpty() ? "" : "; ") + String.format(Locale.ROOT, "%s records/s (the ratio is of records/s)",
                si(median(recRates)));
        }
        rows.add(new Row(label, input, unit, med, min(rates), max(rates), rates.length, ratio,
            Long.parseLong(r.get("vmhwm_kb")), latency, r.get("_load"), fullNote, new LinkedHashMap<>(r)));
        progress(rows.get(rows.size() - 1));
    }

    /** The first line of a message, at most 200 characters (table cells stay one line). */
    static String firstLine(final String text) {
        if (text == null) {
            return "";
        }
        final String line = text.lines().findFirst().orElse("").replace('|', '/');
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static String us(final String micros) {
        if (micros == null || micros.equals("null")) {
            return "-";
        }
        final double v = Double.parseDouble(micros);
        return v >= 1000 ? String.format(Locale.ROOT, "%.2f ms", v / 1000) : String.format(Locale.ROOT, "%.0f µs", v);
    }

    /**
     * What a user runs: the {@code pairgate} launcher of this tree (its class-data-sharing archive,
     * made by its first run after a build, included), else the CLI's class on this JVM's class path.
     */
    private List<String> launcherOrJava() {
        final String root = System.getProperty("pairgate.root");
        final Path launcher = root == null ? null : Path.of(root, "pairgate");
        if (launcher != null && Files.isExecutable(launcher)) {
            return new ArrayList<>(List.of(launcher.toString()));
        }
        return javaCommand("org.pairgate.host.cli.PairgateCli");
    }

    private void timeToFirstResult(final Path small, final int runs) throws Exception {
        final double[] walls = new double[runs];
        final String load = loadAverage();
        for (int i = -1; i < runs; i++) { // run -1 is not measured: it may make the launcher's CDS archive
            final Path dir = Files.createTempDirectory(out, "ttfr");
            final List<String> cmd = launcherOrJava();
            cmd.add("analyze");
            cmd.add(small.toString());
            cmd.addAll(BenchData.t2CliArgs());
            cmd.add("--out");
            cmd.add(dir.toString());
            final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            final long t0 = System.nanoTime();
            final Process p = pb.start();
            final String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            final int rc = p.waitFor();
            if (i >= 0) {
                walls[i] = (System.nanoTime() - t0) / 1e9;
            }
            Worker.deleteTree(dir);
            if (rc != 0) {
                throw new IOException("analyze exited with " + rc + ": " + text);
            }
        }
        final Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("walls_s", walls);
        rows.add(new Row("time to first result (JVM start + analyze, wall)", "2.4M T2", "s", median(walls), min(walls),
            max(walls), runs, null, -1, "", load, "child `pairgate analyze` process (through the launcher and its CDS archive), start to exit, after one unmeasured run, soft engine; JDK "
            + System.getProperty("java.version") + " (the launcher's java, as this harness's)", raw));
        progress(rows.get(rows.size() - 1));
    }

    private void memoryRow() {
        long smallKb = -1;
        long largeKb = -1;
        for (final Row r : rows) {
            if (r.path().startsWith("soft (")) { // the engine's rows, not the reference model's
                if (r.input().equals("2.4M T2")) {
                    smallKb = r.rssKb();
                } else if (r.input().equals("24M T2")) {
                    largeKb = r.rssKb();
                }
            }
        }
        final double ratio = smallKb > 0 && largeKb > 0 ? (double) largeKb / smallKb : Double.NaN;
        rows.add(new Row("memory: soft peak RSS, 24M ÷ 2.4M file", "both T2", "ratio", ratio, ratio, ratio, 1, null, -1, "",
            "", String.format(Locale.ROOT, "%.0f MB vs %.0f MB (same iterations in each child)", largeKb / 1024.0,
            smallKb / 1024.0), Map.of()));
    }

    private void progress(final Row r) {
        System.out.printf(Locale.ROOT, "  %-62s %-26s %s %s%s  (load %s)%n", r.path(), r.input(), fmtRate(r), r.unit(),
            r.ratio() == null ? "" : String.format(Locale.ROOT, ", ratio %.3f", r.ratio()), r.load());
    }

    /** Starts a Worker child JVM and returns its key=value lines (plus _load: the load average at its start). */
    private Map<String, String> child(final String path, final Path file, final int warmup, final int measure, final long limit)
        throws IOException, InterruptedException {
        final List<String> cmd = javaCommand(Worker.class.getName());
        final Path scratch = Files.createTempDirectory(out, "work");
        cmd.addAll(List.of(path, file.toString(), Integer.toString(warmup), Integer.toString(measure), Long.toString(limit),
            scratch.toString()));
        final String load = loadAverage();
        final Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final Map<String, String> kv = new LinkedHashMap<>();
        final StringBuilder text = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                text.append(line).append('\n');
                final int eq = line.indexOf('=');
                if (eq > 0) {
                    kv.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        final int rc = p.waitFor();
        Worker.deleteTree(scratch);
        if (rc != 0 || !kv.containsKey("vmhwm_kb")) {
            throw new IOException("worker " + path + " exited with " + rc + (text.length() > 0 ? ": " + text : ""));
        }
        kv.put("_load", load);
        return kv;
    }

    /** java, this JVM's flags, this class path, then the main class. */
    static List<String> javaCommand(final String mainClass) {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        return cmd;
    }

    private static double[] rates(final Map<String, String> r, final String count) {
        final int n = Integer.parseInt(r.get("iterations"));
        final double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Long.parseLong(r.get("it" + i + "." + count)) * 1e9 / Long.parseLong(r.get("it" + i + ".nanos"));
        }
        return v;
    }

    static double median(final double[] v) {
        final double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(final double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(final double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    static String si(final double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v >= 1e9) {
            return String.format(Locale.ROOT, "%.2f G", v / 1e9);
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.1f M", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1f k", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.3f ", v);
    }

    private static String fmtRate(final Row r) {
        if (r.unit().equals("s")) {
            return String.format(Locale.ROOT, "%.2f (%.2f–%.2f)", r.rate(), r.rateMin(), r.rateMax());
        }
        if (r.unit().equals("ratio")) {
            return String.format(Locale.ROOT, "%.2f", r.rate());
        }
        return si(r.rate()) + (r.iterations() > 1 ? " (" + si(r.rateMin()).trim() + "–" + si(r.rateMax()).trim() + ")" : "");
    }

    /** The Markdown table (also what is printed). */
    String table() {
        final StringBuilder sb = new StringBuilder();
        sb.append("| path | input | rate (median, min–max of runs) | unit | ratio to baseline | peak RSS | frame latency p50 / p99 / p99.9 | load avg (1/5/15 min) | notes |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (final Row r : rows) {
            sb.append("| ").append(r.path()).append(" | ").append(r.input()).append(" | ").append(fmtRate(r)).append(" | ")
                .append(r.unit()).append(" | ")
                .append(r.ratio() == null ? "" : String.format(Locale.ROOT, "%.3f", r.ratio())).append(" | ")
                .append(r.rssKb() > 0 ? String.format(Locale.ROOT, "%.0f MB", r.rssKb() / 1024.0) : "").append(" | ")
                .append(r.latency()).append(" | ").append(r.load()).append(" | ").append(r.note()).append(" |\n");
        }
        return sb.toString();
    }

    /** The targets against this run's rows: one line each, "met" or "not met" with the number. */
    String targets() {
        final StringBuilder sb = new StringBuilder();
        sb.append("| target (issue 6) | measured | met |\n|---|---|---|\n");
        final Row soft = find("soft", "24M T2");
        if (soft != null) {
            target(sb, "soft engine ≥ 300 M records/s, ratio to baseline > 0.5",
                si(soft.rate()) + " records/s, ratio " + String.format(Locale.ROOT, "%.3f", soft.ratio()),
                soft.rate() >= 300e6 && soft.ratio() > 0.5);
        }
        final Row model = find("soft on the reference model", "24M T2");
        if (soft != null && model != null) {
            target(sb, "issue 15: soft, one thread ≥ 300 M records/s (24M T2)", si(soft.rate()) + " records/s, "
                + String.format(Locale.ROOT, "%.1f", soft.rate() / model.rate()) + "× the model in this run", soft.rate() >= 300e6);
        }
        final Row two = find("soft, two cores", "24M T2");
        final Row oneAtCadence = find("soft, 1 thread, a frame every", "24M T2");
        if (two != null) {
            target(sb, "issue 15: soft, both cores ≥ 500 M records/s (24M T2)", si(two.rate()) + " records/s"
                + (oneAtCadence != null ? String.format(Locale.ROOT, ", %.2f× one core at the same cadence in this run",
                    two.rate() / oneAtCadence.rate()) : ""),
                two.rate() >= 500e6);
        }
        final Row correlate = find("correlate", "24M T2");
        final Row correlateJava = find("correlate ±500 ns, 1 ns bins, the Java kernel", "24M T2");
        if (correlate != null) {
            target(sb, "issue 15: correlate ±500 ns / 1 ns bins ≥ 300 M records/s", si(correlate.rate()) + " records/s"
                + (correlateJava != null ? String.format(Locale.ROOT, ", %.2f× the Java kernel in this run",
                    correlate.rate() / correlateJava.rate()) : ""),
                correlate.rate() >= 300e6);
        }
        final Row rtl = find("rtl", "2.4M");
        if (rtl != null && !Double.isNaN(rtl.rate())) {
            target(sb, "rtl through JNA ≥ 50 M tags/s (T2 file, sync-dominated)", si(rtl.rate()) + " tags/s", rtl.rate() >= 50e6);
        }
        final Row bursts = find("rtl", "bursts");
        if (bursts != null && !Double.isNaN(bursts.rate())) {
            target(sb, "rtl through JNA ≥ 50 M tags/s (click bursts, 4 lanes)", si(bursts.rate()) + " tags/s",
                bursts.rate() >= 50e6);
        }
        final Row t3 = find("T3", "T3");
        if (t3 != null) {
            target(sb, "T3 at 80 MHz sync ≥ 100 M trials/s", si(t3.rate()) + " trials/s", t3.rate() >= 100e6);
        }
        final Row mem = find("memory", "");
        if (mem != null) {
            target(sb, "peak RSS of the 24M file within 20 % of the 2.4M one",
                String.format(Locale.ROOT, "ratio %.2f", mem.rate()), Math.abs(mem.rate() - 1) <= 0.2);
        }
        final Row ttfr = find("time to first", "");
        if (ttfr != null) {
            target(sb, "JVM start + analyze of the 2.4M file < 1 s wall",
                String.format(Locale.ROOT, "%.2f s (median)", ttfr.rate()), ttfr.rate() < 1.0);
            target(sb, "issue 15: time to first result ≤ 0.25 s", String.format(Locale.ROOT, "%.2f s (median)", ttfr.rate()),
                ttfr.rate() <= 0.25);
        }
        final Row paced = find("acquire pipeline paced", "");
        if (paced != null) {
            final String p999 = paced.raw().getOrDefault("it" + (Integer.parseInt(String.valueOf(
                paced.raw().getOrDefault("iterations", "1"))) - 1) + ".lat_p99_9_us", "NaN").toString();
            final double v = Double.parseDouble(p999);
            target(sb, "frame path p99.9 < 1 ms at 1 kHz frames", us(p999), v < 1000);
        }
        final Row live = find("acquire live", "");
        if (live != null && live.raw().containsKey("iterations")) {
            final String p999 = String.valueOf(live.raw().get("it" + (Integer.parseInt(String.valueOf(live.raw().get("iterations")))
                - 1) + ".lat_p99_9_us"));
            target(sb, "live (instrument stand-in) frame path p99.9 < 1 ms at 1 kHz frames", us(p999), Double.parseDouble(p999) < 1000);
        }
        return sb.toString();
    }

    private static void target(final StringBuilder sb, final String what, final String measured, final boolean met) {
        sb.append("| ").append(what).append(" | ").append(measured).append(" | ").append(met ? "met" : "**not met**")
            .append(" |\n");
    }

    private Row find(final String pathPrefix, final String inputPrefix) {
        for (final Row r : rows) {
            if (r.path().startsWith(pathPrefix) && r.input().startsWith(inputPrefix)) {
                return r;
            }
        }
        return null;
    }

    private void write(final String table, final long seconds) throws IOException {
        final String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        final StringBuilder md = new StringBuilder();
        md.append("# pairgate bench").append(quick ? " --quick" : "").append("\n\n");
        md.append("- date: ").append(date).append("\n");
        md.append("- machine: ").append(machine()).append("\n");
        md.append("- JVM flags: ").append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
            .append("\n");
        md.append("- harness wall time: ").append(seconds).append(" s; load average at the end: ").append(loadAverage())
            .append("\n");
        md.append("- rates: median of the measured runs of each child JVM (after warmup runs in the same JVM); ratio: the")
            .append(" row's records/s ÷ the baseline's records/s for the same file; peak RSS: VmHWM of the child\n\n");
        md.append(table);
        md.append("\n").append(targets());
        Files.writeString(out.resolve("bench-results.md"), md.toString());
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", date);
        json.put("quick", quick);
        json.put("machine", machine());
        json.put("cpus", Runtime.getRuntime().availableProcessors());
        json.put("cpu_model", cpuModel());
        json.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        json.put("harness_seconds", seconds);
        json.put("rows", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("bench-results.json").toFile(), json);
        System.out.println("wrote " + out.resolve("bench-results.md") + " and " + out.resolve("bench-results.json"));
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpuModel() + "), " + memTotal() + ", "
            + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", "
            + System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    static String cpuModel() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (final IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String memTotal() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return String.format(Locale.ROOT, "%.0f GB RAM", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1048576.0);
                }
            }
        } catch (final IOException e) {
            // not Linux
        }
        return "? RAM";
    }

    static String loadAverage() {
        try {
            final String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (final IOException | RuntimeException e) {
            return "?";
        }
    }
}
