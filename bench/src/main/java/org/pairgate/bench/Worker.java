package org.pairgate.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.agrona.BufferUtil;
import org.agrona.UnsafeAccess;
import org.pairgate.device.Device;
import org.pairgate.device.Devices;
import org.pairgate.device.FastSoftDevice;
import org.pairgate.device.SoftKernel;
import org.pairgate.device.PgMap;
import org.pairgate.device.SoftDevice;
import org.pairgate.device.TagBatch;
import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.analysis.DeviceFactory;
import org.pairgate.host.analysis.Engines;
import org.pairgate.host.correlate.Correlation;
import org.pairgate.host.correlate.Correlator;
import org.pairgate.host.correlate.ParallelCorrelation;
import org.pairgate.host.io.PtuHeader;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.io.SyncRuns;
import org.pairgate.host.io.T3Counters;
import org.pairgate.host.io.TagFile;
import org.pairgate.host.io.TagSource;
import org.pairgate.host.io.TagSources;
import org.pairgate.host.pipeline.Acquisition;
import org.pairgate.host.pipeline.AcquisitionResult;
import org.pairgate.host.pipeline.PipelineConfig;
import org.pairgate.host.pipeline.WaitStrategyOption;

/**
 * One end-to-end path of the harness, run in its own JVM ({@link Harness} starts it with the same
 * class path and JVM flags) so that its peak RSS is its own. It runs the path {@code warmup} times
 * unmeasured, then {@code measure} times, and prints {@code key=value} lines: the per-iteration
 * rates, records, and at the very end {@code vmhwm_kb} (VmHWM of /proc/self/status).
 *
 * <p>Usage: {@code Worker PATH FILE WARMUP MEASURE [LIMIT]} with PATH one of {@code baseline},
 * {@code decode}, {@code soft}, {@code soft-java}, {@code soft-10k}, {@code soft-2cores}, {@code soft-2cores-jscan}, {@code soft-model}, {@code soft-onepass}, {@code correlate}, {@code correlate-2cores}, {@code correlate-2cores-jscan}, {@code correlate-auto}, {@code correlate-java}, {@code correlate-auto-java}, {@code rtl}, {@code t3}, {@code t3-singles}, {@code acquire}, {@code acquire-1khz};
 * LIMIT caps the records (tags for rtl) pushed, 0 = whole file.
 */
public final class Worker {
    private Worker() {
    }

    /** What one iteration did. */
    public record Iteration(long nanos, long records, long tags, long trials, Map<String, Object> extra) {
    }

    public static void main(final String[] args) throws Exception {
        final String path = args[0];
        final Path file = Path.of(args[1]);
        final int warmup = Integer.parseInt(args[2]);
        final int measure = Integer.parseInt(args[3]);
        final long limit = args.length > 4 ? Long.parseLong(args[4]) : 0;
        final Path scratch = args.length > 5 ? Path.of(args[5]) : Files.createTempDirectory("pairgate-bench");
        final List<Iteration> its = run(path, file, warmup, measure, limit, scratch);
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < its.size(); i++) {
            final Iteration it = its.get(i);
            out.append("it").append(i).append(".nanos=").append(it.nanos()).append('\n');
            out.append("it").append(i).append(".records=").append(it.records()).append('\n');
            out.append("it").append(i).append(".tags=").append(it.tags()).append('\n');
            out.append("it").append(i).append(".trials=").append(it.trials()).append('\n');
            for (final Map.Entry<String, Object> e : it.extra().entrySet()) {
                out.append("it").append(i).append('.').append(e.getKey()).append('=').append(e.getValue()).append('\n');
            }
        }
        out.append("iterations=").append(its.size()).append('\n');
        out.append("vmhwm_kb=").append(vmHwmKb()).append('\n');
        System.out.print(out);
        System.out.flush();
    }

    /** Runs a path in this JVM: {@code warmup} unrecorded iterations, then the measured ones. */
    public static List<Iteration> run(final String path, final Path file, final int warmup, final int measure, final long limit,
                                      final Path scratch) throws Exception {
        final List<Iteration> out = new ArrayList<>();
        for (int i = 0; i < warmup + measure; i++) {
            final Iteration it = once(path, file, limit, scratch.resolve("run-" + i));
            if (i >= warmup) {
                out.add(it);
            }
        }
        return out;
    }

    private static Iteration once(final String path, final Path file, final long limit, final Path scratch) throws Exception {
        switch (path) {
            case "baseline":
                return baseline(file);
            case "decode":
                return decode(file);
            case "soft":
                return withKernel(analyze(file, BenchData.t2Config("soft", 0), 0));
            case "soft-java":
                // the two-pass kernel in Java: the devices this child JVM makes read the property (SoftKernel)
                System.setProperty("pairgate.soft.kernel", "java");
                return withKernel(analyze(file, BenchData.t2Config("soft", 0), 0));
            case "soft-2cores":
                // analyze's default cadence (a frame every 10 000 trials), which the split keeps (issue 15)
                return withKernel(analyze(file, BenchData.t2Config("soft", 10_000), 0, true, true));
            case "soft-2cores-jscan":
                // the same with the split's scan in Java (its before: T2PrefixScan.Kernel)
                System.setProperty("pairgate.split.scan", "java");
                return withKernel(analyze(file, BenchData.t2Config("soft", 10_000), 0, true, true));
            case "soft-10k":
                return withKernel(analyze(file, BenchData.t2Config("soft", 10_000), 0));
            case "soft-model":
                return analyzeOnTheModel(file);
            case "soft-onepass":
                return analyzeOnePass(file);
            case "correlate":
                return correlate(file, false);
            case "correlate-2cores":
                return correlate(file, true);
            case "correlate-2cores-jscan":
                // the scan in Java, and so the share of a Java scan (ParallelCorrelation.secondShare): the in-run before
                System.setProperty("pairgate.split.scan", "java");
                return correlate(file, true);
            case "correlate-auto":
                return correlate(file, 1, false);
            case "correlate-java":
                return correlate(file, 2, false, Boolean.FALSE);
            case "correlate-auto-java":
                return correlate(file, 1, false, Boolean.FALSE);
            case "rtl":
                return analyze(file, BenchData.t2Config("rtl", 0), limit);
            case "rtl-bursts":
                return rtlBursts(limit);
            case "t3":
                return analyze(file, BenchData.t3Config("soft"), 0);
            case "link":
                return analyze(file, BenchData.t3Config("link"), limit);
            case "t3-singles":
                return analyze(file, BenchData.t3Config("soft"), 0, false);
            case "acquire":
                return acquire(file, false, scratch);
            case "acquire-1khz":
                return acquire(file, true, scratch);
            case "acquire-live":
                return LiveBench.acquire(file, scratch);
            default:
                throw new IllegalArgumentException("unknown path " + path);
        }
    }

    /**
     * The baseline: the file's record bytes read as the reader reads them (FileChannel into one
     * direct buffer of the T2 reader's chunk size, 256 KiB) and every 4-byte record touched once
     * (XOR), nothing else.
     */
    static Iteration baseline(final Path file) throws IOException {
        final long dataOffset = PtuHeader.read(file).dataOffset();
        final ByteBuffer chunk = BufferUtil.allocateDirectAligned(PtuT2Reader.DEFAULT_CHUNK_BYTES, 64);
        final long address = BufferUtil.address(chunk);
        final long t0 = System.nanoTime();
        long records = 0;
        int x = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = dataOffset;
            while (true) {
                chunk.clear();
                int n;
                while (chunk.hasRemaining() && (n = ch.read(chunk, pos)) > 0) {
                    pos += n;
                }
                final int bytes = chunk.position() & ~3;
                if (bytes == 0) {
                    break;
                }
                for (int i = 0; i < bytes; i += 4) {
                    x ^= UnsafeAccess.UNSAFE.getInt(address + i);
                }
                records += bytes >> 2;
                if (chunk.position() < chunk.capacity()) {
                    break;
                }
            }
        }
        final long nanos = System.nanoTime() - t0;
        final Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("xor", x);
        return new Iteration(nanos, records, 0, 0, extra);
    }

    /**
     * The Verilated firmware from Java on a click-heavy stream: trials 1 µs apart, each a sync and
     * then 1023 detector tags 400 ps apart (a bright pulse: the windows catch some, most fall
     * outside), generated into one reused batch and pushed through the device as analyze pushes
     * (JNA, whole batches, frames drained after each push). This is where lanes count: a word of
     * clicks is one clock; the file row above is dominated by syncs and their trial closes.
     */
    static Iteration rtlBursts(final long tags) {
        final AnalysisConfig cfg = BenchData.t2Config("rtl", 0);
        try (Device d = Devices.open(Devices.RTL, Devices.DEFAULT_RING_FRAMES)) {
            d.configure(cfg.gateConfig());
            d.reset();
            final long[] frame = new long[d.layout().frameWords];
            final TagBatch b = new TagBatch(Analysis.BATCH_TAGS);
            final int det0 = cfg.detectorChannels()[0];
            final int det1 = cfg.detectorChannels()[1];
            long trialStart = 0;
            long pushed = 0;
            long frames = 0;
            final long t0 = System.nanoTime();
            while (pushed < tags) {
                b.clear();
                for (int i = 0; i < Analysis.BATCH_TAGS; i++) {
                    final int k = i & 1023;
                    if (k == 0) {
                        trialStart += 1_000_000;
                        b.add(trialStart, cfg.syncChannel());
                    } else {
                        b.add(trialStart + 400L * k, (k & 1) == 0 ? det0 : det1);
                    }
                }
                for (int off = 0; off < b.size(); ) {
                    off += d.push(b, off, b.size() - off);
                    while (d.framesPending() > 0) {
                        d.readFrame(frame);
                        d.releaseFrame();
                        frames++;
                    }
                }
                pushed += b.size();
            }
            final long nanos = System.nanoTime() - t0;
            final Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("lanes", d.readRegister(PgMap.REG_LANES));
            extra.put("frames", frames);
            return new Iteration(nanos, pushed, pushed, pushed / 1024, extra);
        }
    }

    /** PTU decoding only: the file through its reader into one reused batch. */
    static Iteration decode(final Path file) throws IOException {
        final TagBatch batch = new TagBatch(Analysis.BATCH_TAGS);
        final long t0 = System.nanoTime();
        long tags = 0;
        long records;
        long check = 0;
        try (TagFile src = TagSources.open(file)) {
            int n;
            while ((n = src.read(batch)) > 0) {
                tags += n;
                check += batch.time(n - 1);
            }
            records = src.recordsRead();
        }
        final long nanos = System.nanoTime() - t0;
        return new Iteration(nanos, records, tags, 0, Map.of("check", check));
    }

    /** Analyze's path (decode, gate, histograms, frame summing, statistics) on one thread. */
    static Iteration analyze(final Path file, final AnalysisConfig config, final long limit) throws IOException {
        return analyze(file, config, limit, true);
    }

    /** As {@link #analyze(Path, AnalysisConfig, long)}, with sync runs on (analyze's default) or off (one tag per sync). */
    static Iteration analyze(final Path file, final AnalysisConfig config, final long limit, final boolean syncRuns)
        throws IOException {
        return analyze(file, config, limit, syncRuns, false);
    }

    /** As {@link #analyze(Path, AnalysisConfig, long, boolean)}; {@code twoCores}: the split over two cores (issue 15) allowed. */
    static Iteration analyze(final Path file, final AnalysisConfig config, final long limit, final boolean syncRuns,
                             final boolean twoCores) throws IOException {
        final long t0 = System.nanoTime();
        final AnalysisResult r;
        final long records;
        long trials = 0;
        int cores;
        try (TagFile src = TagSources.open(file)) {
            final TagSource s = limit > 0 ? new Limited(src, limit) : src;
            final Analysis a = new Analysis(config, Engines.INSTANCE).syncRuns(syncRuns)
                .parallel(twoCores, Analysis.PARALLEL_MIN_RECORDS);
            r = a.run(s);
            cores = a.coresUsed();
            records = src.recordsRead();
            if (src instanceof T3Counters) {
                trials = ((T3Counters) src).syncPeriods();
            }
        }
        final long nanos = System.nanoTime() - t0;
        if (!r.statistics().accounting().balanced()) {
            throw new IllegalStateException("accounting does not balance: " + r.statistics().accounting());
        }
        final Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("engine", r.engine());
        extra.put("stat_trials", r.statistics().trials());
        extra.put("cores", cores);
        return new Iteration(nanos, records, r.statistics().accounting().tags(), trials > 0 ? trials : r.statistics().trials(), extra);
    }

    /** The iteration with the soft T2 kernel that ran it in its extra values (the bench's soft rows name it). */
    private static Iteration withKernel(final Iteration it) {
        it.extra().put("kernel", softKernel());
        return it;
    }

    /** The soft kernel new devices run (SoftKernel: native where libpairgate_soft loads, unless told java), with its build. */
    static String softKernel() {
        return SoftKernel.useNative() ? "native (" + SoftKernel.buildInfo() + ")" : "java two-pass";
    }

    /**
     * Analyze's path on the reference model {@link SoftDevice} instead of the fast path (batches,
     * sync runs, no fused decoding): the "before" of issue 15, measured in the same run.
     */
    static Iteration analyzeOnTheModel(final Path file) throws IOException {
        final DeviceFactory model = new DeviceFactory() {
            @Override
            public Device open(final String engine, final PgMap.FrameLayout l) {
                return new SoftDevice(l.windows, l.detectors, l.maxDn, l.bins, Engines.RING_FRAMES);
            }
        };
        final long t0 = System.nanoTime();
        final AnalysisResult r;
        final long records;
        try (TagFile src = TagSources.open(file)) {
            r = new Analysis(BenchData.t2Config("soft", 0), model).run(src);
            records = src.recordsRead();
        }
        final long nanos = System.nanoTime() - t0;
        final Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("engine", "soft (model)");
        return new Iteration(nanos, records, r.statistics().accounting().tags(), r.statistics().trials(), extra);
    }

    /** Analyze's path on the fast path with its two-pass kernel turned off ({@link FastSoftDevice#twoPass}): the soft row's in-run before. */
    static Iteration analyzeOnePass(final Path file) throws IOException {
        final DeviceFactory onePass = new DeviceFactory() {
            @Override
            public Device open(final String engine, final PgMap.FrameLayout l) {
                return new FastSoftDevice(l.windows, l.detectors, l.maxDn, l.bins, Engines.RING_FRAMES).twoPass(false);
            }
        };
        final long t0 = System.nanoTime();
        final AnalysisResult r;
        final long records;
        try (TagFile src = TagSources.open(file)) {
            r = new Analysis(BenchData.t2Config("soft", 0), onePass).parallel(false, Analysis.PARALLEL_MIN_RECORDS).run(src);
            records = src.recordsRead();
        }
        final long nanos = System.nanoTime() - t0;
        final Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("engine", "soft (one-pass kernel)");
        extra.put("kernel", "java one-pass");
        return new Iteration(nanos, records, r.statistics().accounting().tags(), r.statistics().trials(), extra);
    }

    /** {@code pairgate correlate FILE --channels 1,2 --range 500ns --bin 1ns}'s loop: read, correlate (1 ps ticks; fused for HydraHarp T2). */
    static Iteration correlate(final Path file, final boolean twoCores) throws IOException {
        return correlate(file, 2, twoCores);
    }

    /** As {@link #correlate(Path, boolean)} with channel B = {@code b} (1: the autocorrelation of channel 1). */
    static Iteration correlate(final Path file, final int b, final boolean twoCores) throws IOException {
        return correlate(file, b, twoCores, null);
    }

    /**
     * As {@link #correlate(Path, int, boolean)} with the kernel: null as the CLI chooses it (the
     * native one when soft-kernel's library is built, pairgate.soft.kernel), FALSE the Java one
     * (the in-run before of the native kernel). The iteration says which kernel ran.
     */
    static Iteration correlate(final Path file, final int b, final boolean twoCores, final Boolean nativeKernel)
        throws IOException {
        final long t0 = System.nanoTime();
        final Correlator c = nativeKernel == null ? new Correlator(1, b, 500_000, 1_000)
            : new Correlator(1, b, 500_000, 1_000, nativeKernel);
        final long records;
        Correlation split = null;
        int cores = 1;
        try (TagFile src = TagSources.open(file)) {
            if (twoCores && src instanceof PtuT2Reader t2 && t2.fusable()) {
                final ParallelCorrelation p = new ParallelCorrelation(1, b, 500_000, 1_000);   // as CorrelateCommand
                split = p.correlate(t2, ParallelCorrelation.MIN_RECORDS);
                cores = p.coresUsed();
            } else if (src instanceof PtuT2Reader t2 && t2.fusable()) {
                c.acceptAll(t2);   // as CorrelateCommand on one core: records decoded in place (issue 15)
            } else {
                final TagBatch batch = new TagBatch(1 << 14);
                while (src.read(batch) > 0) {
                    c.accept(batch);
                }
            }
            records = src.recordsRead();
        }
        final long nanos = System.nanoTime() - t0;
        final Correlation r = split != null ? split : c.result(1.0);
        long pairs = 0;
        for (final long n : r.counts()) {
            pairs += n;
        }
        final Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("pairs", pairs);
        extra.put("cores", cores);
        extra.put("kernel", c.kernel());
        return new Iteration(nanos, records, r.tagsA() + r.tagsB(), 0, extra);
    }

    /**
     * The acquisition pipeline (Disruptor rings, soft core, statistics, Chronicle journal) on a file.
     * {@code paced}: the file at its recorded rate in batches of 256 tags, a frame every 100 trials
     * (1 kHz at the 100 kHz trigger of the bench data) and a host close after 1 ms without one.
     */
    static Iteration acquire(final Path file, final boolean paced, final Path journal) throws IOException {
        final AnalysisConfig config = BenchData.t2Config("soft", paced ? 100 : 10_000);
        PipelineConfig pipeline = PipelineConfig.of(WaitStrategyOption.DEFAULT, paced, 0, 0);
        if (paced) {
            pipeline = pipeline.withBatchTags(256).withFrameInterval(1_000_000L);
        }
        final long t0 = System.nanoTime();
        final AcquisitionResult r;
        final long records;
        try (TagFile src = TagSources.open(file)) {
            r = new Acquisition(config, pipeline, Engines.INSTANCE).run(src, journal, "bench", Map.of(), null, false);
            records = src.recordsRead();
        }
        final long nanos = System.nanoTime() - t0;
        final JsonNode p = r.pipeline();
        final JsonNode lat = p.get("latency_us");
        final Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("pipeline_elapsed_s", p.get("elapsed_s").asDouble());
        extra.put("frames", p.get("frames").asLong());
        extra.put("frames_journaled", p.get("frames_journaled").asLong());
        extra.put("lat_frames", lat.get("frames").asLong());
        extra.put("lat_p50_us", lat.get("p50").asDouble());
        extra.put("lat_p99_us", lat.get("p99").asDouble());
        extra.put("lat_p99_9_us", lat.get("p99_9").asDouble());
        extra.put("lat_max_us", lat.get("max").asDouble());
        deleteTree(journal);
        return new Iteration(nanos, records, p.get("tags_pushed").asLong(), r.analysis().statistics().trials(), extra);
    }

    static void deleteTree(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (final Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** VmHWM (peak resident set) of this process in kB, or -1 where /proc is not there. */
    public static long vmHwmKb() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (final IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The first {@code limit} tags of a source (whole batches: the cut falls on a batch boundary). */
    static final class Limited implements TagSource {
        private final TagSource in;
        private final long limit;
        private long delivered;

        Limited(final TagSource in, final long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read(final TagBatch batch) throws IOException {
            if (delivered >= limit) {
                batch.clear();
                return 0;
            }
            final int n = in.read(batch);
            delivered += n;
            return n;
        }

        @Override
        public void syncRuns(final SyncRuns runs) {
            in.syncRuns(runs);
        }

        @Override
        public double resolutionPs() {
            return in.resolutionPs();
        }

        @Override
        public String describe() {
            return in.describe() + " (first " + limit + " tags)";
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    static double[] sorted(final double[] v) {
        final double[] c = v.clone();
        Arrays.sort(c);
        return c;
    }
}
