package org.pairgate.host.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.DeviceFactory;
import org.pairgate.host.analysis.TrialRecordCsv;
import org.pairgate.host.analysis.Engines;
import org.pairgate.host.io.LiveSource;
import org.pairgate.host.io.TagSource;
import org.pairgate.host.io.TagSources;
import org.pairgate.host.physics.ExperimentModel;
import org.pairgate.host.physics.ExperimentSource;
import org.pairgate.host.pipeline.Acquisition;
import org.pairgate.host.pipeline.AcquisitionResult;
import org.pairgate.host.pipeline.PipelineConfig;
import org.pairgate.host.pipeline.PipelineReport;
import org.pairgate.host.pipeline.StopReason;
import org.pairgate.host.pipeline.WaitStrategyOption;
import org.pairgate.host.report.ReportWriter;
import org.pairgate.host.report.Summary;
import org.pairgate.host.web.LiveWeb;
import org.pairgate.host.web.ServeAddress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pairgate acquire --source FILE|sim ... --journal DIR --out DIR}: runs a source through
 * the acquisition pipeline (Disruptor rings, a core, live statistics, a Chronicle journal) and
 * writes report.json and report.md.
 *
 * <p>The gating options are those of {@code analyze} and mean the same; the statistics sections
 * of the report equal analyze's for the same tags. Ctrl-C ends the stream cleanly: the last frame
 * is closed, the journal completed and closed, the report written.
 *
 * <p>Exit codes and error lines as analyze: 0 done, 1 input or run failed, 2 command line wrong.
 */
@Command(name = "acquire", sortOptions = false,
    description = "Acquire from a source through the pipeline into a journal, with live statistics, and write report.json and report.md.")
public final class AcquireCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--source", paramLabel = "FILE.ptu|sim|multiharp[:I]|hydraharp[:I]|timeharp[:I]", required = true,
        description = "a time-tag file (any format `info` reads), 'sim' for the physics simulator, paper preset (needs --trials or --duration), "
            + "or a PicoQuant instrument through its vendor library (docs/instruments.md)")
    private String source;

    @Option(names = "--mode", paramLabel = "T2|T3", defaultValue = "T2", description = "instrument sources: TTTR mode; default ${DEFAULT-VALUE}")
    private String mode;

    @Option(names = "--lib", paramLabel = "PATH",
        description = "instrument sources: the vendor library file (default: the vendor's install locations, then the system library path)")
    private Path lib;

    @Option(names = "--instrument", paramLabel = "FILE", description = "instrument sources: settings file (docs/instruments.md; default: the documented defaults)")
    private Path instrument;

    @Option(names = "--allow-loss", description = "exit 0 even when the instrument reported lost data (FIFO overrun, counts dropped, sync lost)")
    private boolean allowLoss;

    @Option(names = "--realtime", description = "deliver the file at its recorded rate, as an instrument would")
    private boolean realtime;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "2025", description = "seed of the sim source; default ${DEFAULT-VALUE}")
    private long seed;

    @Mixin
    private GatingOptions gating;

    @Option(names = "--frame-trials", paramLabel = "M", defaultValue = "10000",
        description = "close a frame every M trials (0: only on the frame interval and at the end); default ${DEFAULT-VALUE}")
    private long frameTrials;

    @Option(names = "--frame-interval", paramLabel = "DURATION", defaultValue = "100ms",
        description = "ask the core for a frame when none came for this long (0 never); default ${DEFAULT-VALUE}")
    private String frameInterval;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "0", description = "stop after N complete trials")
    private long trials;

    @Option(names = "--duration", paramLabel = "T", description = "stop after this wall-clock time, e.g. 30s, 500ms")
    private String duration;

    @Option(names = "--wait", paramLabel = "STRATEGY", defaultValue = "blocking",
        description = "how pipeline threads wait: blocking, yielding, sleeping or busy-spin; default ${DEFAULT-VALUE}")
    private String waitStrategy;

    @Option(names = "--label", paramLabel = "TEXT", defaultValue = "", description = "calibration label stored in the journal")
    private String label;

    @Option(names = "--journal", paramLabel = "DIR", required = true, description = "new directory for the run's Chronicle journal")
    private Path journal;

    @Option(names = "--records", paramLabel = "FILE",
        description = "also write the core's trial records as CSV (one line per trial with a click; not journaled)")
    private Path records;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "directory for report.json and report.md")
    private Path out;

    @Option(names = "--progress", negatable = true,
        description = "live view on stderr (default: only when stderr is a terminal)")
    private Boolean progress;

    @Option(names = "--serve", paramLabel = "[ADDR:]PORT",
        description = "serve a read-only web view of the run; a port alone listens on 127.0.0.1 only (default: no view, no socket)")
    private String serve;

    @Option(names = "--linger", paramLabel = "DURATION", defaultValue = "0",
        description = "with --serve: keep serving the finished run's view this long, e.g. 600s; default ${DEFAULT-VALUE}")
    private String linger;

    @Option(names = "--debug", description = "print stack traces of errors")
    private boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    private boolean help;

    private final DeviceFactory devices;
    private LiveWeb web;

    public AcquireCommand() {
        this(Engines.INSTANCE);
    }

    AcquireCommand(final DeviceFactory devices) {
        this.devices = devices;
    }

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        try {
            return acquire(spec.commandLine().getOut(), err);
        } catch (final Exception e) {
            return CommandFailure.report(err, e, debug);
        } finally {
            if (web != null) {
                web.close();
            }
        }
    }

    private int acquire(final PrintWriter stdout, final PrintWriter err) throws IOException {
        final BigDecimal binPs = gating.validate();
        if (trials < 0) {
            throw new UsageException("--trials must not be negative: " + trials);
        }
        final WaitStrategyOption wait;
        try {
            wait = WaitStrategyOption.parse(waitStrategy);
        } catch (final IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        final long durationNanos = duration == null ? 0 : nanos("--duration", duration);
        if (duration != null && durationNanos <= 0) {
            throw new UsageException("--duration must be positive: " + duration);
        }
        final long intervalNanos = "0".equals(frameInterval.trim()) ? 0 : nanos("--frame-interval", frameInterval);
        final boolean sim = "sim".equals(source);
        if (sim && trials == 0 && durationNanos == 0) {
            throw new UsageException("--source sim needs --trials or --duration (the simulator never ends by itself)");
        }
        final boolean live = !sim && LiveSources.isInstrument(source);
        if (live && realtime) {
            throw new UsageException("--realtime has no meaning for an instrument: it measures in real time");
        }
        if (!sim && !live && !Files.exists(Path.of(source))) {
            throw new NoSuchFileException(source);
        }
        // live and paced runs: statistics on the device thread (no wake-up between frame close and statistics; docs/pipeline.md)
        final PipelineConfig pipeline = PipelineConfig.of(wait, realtime, trials, durationNanos).withFrameInterval(intervalNanos)
            .withStatisticsOnDevice(realtime || live);
        final ServeAddress serveAt = serveAddress();
        final long lingerNanos = "0".equals(linger.trim()) ? 0 : nanos("--linger", linger);
        if (lingerNanos < 0) {
            throw new UsageException("--linger must not be negative: " + linger);
        }
        if (lingerNanos != 0 && serveAt == null) {
            throw new UsageException("--linger keeps the web view up: it needs --serve");
        }
        final boolean terminal = System.console() != null;
        final boolean view = progress != null ? progress : terminal;

        final AcquisitionResult result;
        long recordLines = -1;
        String loss = null;
        String instrumentLine = null;
        try (TagSource src = live ? LiveSources.open(source, mode, lib, instrument, durationNanos) : openSource(sim)) {
            final AnalysisConfig config = config(src.resolutionPs(), binPs);
            final Acquisition acquisition = new Acquisition(config, pipeline, devices);
            if (serveAt != null) {
                web = LiveWeb.start(serveAt, err, config, src.describe(), src.resolutionPs());
                acquisition.live(web.sums());
            }
            if (records == null) {
                result = runWithShutdownHook(acquisition, src, view ? err : null, terminal);
            } else {
                try (TrialRecordCsv csv = new TrialRecordCsv(records, config.windowNames())) {
                    result = runWithShutdownHook(acquisition.records(csv), src, view ? err : null, terminal);
                    recordLines = csv.written();
                }
            }
            if (src instanceof LiveSource) {
                loss = ((LiveSource) src).lossSummary();
                instrumentLine = "  instrument: " + ((LiveSource) src).liveStatus();
            }
        }
        PipelineReport.write(result.analysis(), result.pipeline(), out);
        stdout.print(Summary.of(result.analysis()));
        final var lat = result.pipeline().path("latency_us");
        stdout.println(String.format(Locale.ROOT,
            "  pipeline: wait %s, stop %s, frame latency p50 %s us, p99 %s us, p99.9 %s us, backpressure waits %d",
            wait.label(), result.stop().label(), lat.path("p50").asText(), lat.path("p99").asText(),
            lat.path("p99_9").asText(), result.pipeline().path("backpressure_waits").asLong()));
        stdout.println("  journal: " + journal);
        if (instrumentLine != null) {
            stdout.println(instrumentLine);
        }
        if (recordLines >= 0) {
            stdout.println("  trial records: " + recordLines + " trials with a click -> " + records);
        }
        stdout.println("  report: " + out.resolve(ReportWriter.JSON) + ", " + out.resolve(ReportWriter.MARKDOWN));
        if (loss != null) {
            stdout.println("  INSTRUMENT LOST DATA: " + loss + (allowLoss ? " (--allow-loss: exit 0)" : " (exit " + EXIT_DATA_LOST + "; --allow-loss accepts it)"));
        }
        stdout.flush();
        if (web != null) {
            web.finish(out.resolve(ReportWriter.JSON), lingerNanos, err);
        }
        return loss != null && !allowLoss ? EXIT_DATA_LOST : PairgateCli.EXIT_OK;
    }

    /** Exit code of a run that completed but whose instrument lost data (without --allow-loss). */
    static final int EXIT_DATA_LOST = 3;

    /**
     * Runs the acquisition with a shutdown hook that turns Ctrl-C (SIGINT, SIGTERM) into a clean
     * stop: the hook asks the pipeline to stop and waits until the report is written.
     */
    private AcquisitionResult runWithShutdownHook(final Acquisition acquisition, final TagSource src, final PrintWriter view,
                                                  final boolean terminal) throws IOException {
        final CountDownLatch finished = new CountDownLatch(1);
        final Thread hook = new Thread(() -> {
            acquisition.stop();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pairgate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            final AcquisitionResult r = acquisition.run(src, journal, label, versions(), view, terminal);
            if (r.stop() == StopReason.INTERRUPTED) {
                PipelineReport.write(r.analysis(), r.pipeline(), out);
            }
            return r;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (final IllegalStateException e) {
                // shutting down: the hook is running and returns now that the report is written
            }
        }
    }

    private TagSource openSource(final boolean sim) throws IOException {
        if (sim) {
            // the physics simulator with the paper preset (sync 0, detectors 1 and 2), as `simulate` writes it;
            // N trials are N + 1 syncs, and the source stage cuts the stream right after the (N+1)-th
            final long n = trials > 0 ? trials : Long.MAX_VALUE / 4;
            return new ExperimentSource(ExperimentModel.paper().withTrials(n), seed);
        }
        return TagSources.open(Path.of(source));
    }

    private static Map<String, String> versions() {
        final Map<String, String> v = new LinkedHashMap<>();
        final Command cmd = PairgateCli.class.getAnnotation(Command.class);
        v.put("pairgate", cmd != null && cmd.version().length > 0 ? cmd.version()[0] : "unknown");
        final String cq = net.openhft.chronicle.queue.ChronicleQueue.class.getPackage().getImplementationVersion();
        v.put("chronicle-queue", cq != null ? cq : "unknown");
        final String disruptor = com.lmax.disruptor.RingBuffer.class.getPackage().getImplementationVersion();
        v.put("disruptor", disruptor != null ? disruptor : "unknown");
        v.put("java", System.getProperty("java.version"));
        return v;
    }

    /** Resolves the durations against the source's tick and builds the configuration (as analyze does). */
    AnalysisConfig config(final double resolutionPs, final BigDecimal binPs) {
        return gating.config(resolutionPs, binPs, frameTrials);
    }

    private ServeAddress serveAddress() {
        try {
            return serve == null ? null : ServeAddress.parse(serve);
        } catch (final IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static long nanos(final String what, final String text) {
        try {
            return GatingOptions.parse(what, text).movePointLeft(3).longValue();
        } catch (final ArithmeticException e) {
            throw new UsageException(what + ": out of range: " + text);
        }
    }

}
