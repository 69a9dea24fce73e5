package org.pairgate.host.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.pairgate.device.SoftKernel;
import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.analysis.DeviceFactory;
import org.pairgate.host.analysis.Engines;
import org.pairgate.host.analysis.TrialRecordCsv;
import org.pairgate.host.io.TagSource;
import org.pairgate.host.io.TagSources;
import org.pairgate.host.report.ReportWriter;
import org.pairgate.host.report.Summary;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pairgate analyze FILE.ptu ...}: gates a T2 file into trials and windows on a core,
 * computes the statistics and writes report.json and report.md.
 *
 * <p>Exit codes: 0 done, 1 the input or the run failed (missing or corrupt file, engine refused
 * or failed), 2 the command line is wrong (including durations the file's tick cannot represent).
 * Every failure is one line on stderr that starts with {@code pairgate: }; {@code --debug} adds
 * the stack trace.
 */
@Command(name = "analyze", sortOptions = false,
    description = "Gate a time-tag file (PTU T2/T3, legacy PicoQuant, quTAG, raw) into trials and windows, count on a pairgate core, and write report.json and report.md.")
public final class AnalyzeCommand implements Callable<Integer> {
    static final String DEFAULT_FRAME_TRIALS = "10000";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "time-tag file: PTU T2/T3, legacy PicoQuant, quTAG or pairgate raw (see `info`)")
    private Path file;

    @Mixin
    private GatingOptions gating;

    @Option(names = "--frame-trials", paramLabel = "M", defaultValue = DEFAULT_FRAME_TRIALS,
        description = "close a frame every M trials (0: one frame at the end); the frames are the blocks of the "
            + "stationarity test of the singles; default ${DEFAULT-VALUE}")
    private long frameTrials;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "directory for report.json and report.md")
    private Path out;

    @Option(names = "--records", paramLabel = "FILE",
        description = "also write the core's trial records as CSV: one line per trial with a click (trial, sync time, pattern, first-arrival bins)")
    private Path records;

    @Option(names = "--debug", description = "print stack traces of errors")
    private boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    private boolean help;

    private final DeviceFactory devices;

    public AnalyzeCommand() {
        this(Engines.INSTANCE);
    }

    AnalyzeCommand(final DeviceFactory devices) {
        this.devices = devices;
    }

    /** The command as {@link AnalyzeArgs} parsed it (the fast path: no picocli). */
    AnalyzeCommand(final DeviceFactory devices, final Path file, final GatingOptions gating, final long frameTrials,
                   final Path out, final Path records, final boolean debug) {
        this.devices = devices;
        this.file = file;
        this.gating = gating;
        this.frameTrials = frameTrials;
        this.out = out;
        this.records = records;
        this.debug = debug;
    }

    @Override
    public Integer call() {
        return run(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Runs the parsed command: the exit code, every failure one line on {@code err}. */
    int run(final PrintWriter stdout, final PrintWriter err) {
        try {
            return analyze(stdout);
        } catch (final Exception e) {
            return CommandFailure.report(err, e, debug);
        }
    }

    /** Every option's value, for the test that holds {@link AnalyzeArgs} to picocli. */
    String describe() {
        return "file=" + file + " " + gating.describe() + " frame-trials=" + frameTrials + " out=" + out + " records=" + records
            + " debug=" + debug;
    }

    private int analyze(final PrintWriter stdout) throws IOException {
        SoftKernel.loadInBackground();   // JNA and the soft kernel, on the other core (issue 15)
        final BigDecimal binPs = gating.validate();
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        final AnalysisResult result;
        long recordLines = -1;
        try (TagSource source = TagSources.open(file)) {
            final AnalysisConfig config = config(source.resolutionPs(), binPs);
            ReportWriter.warmUp();   // on the other core while this one analyses (issue 15)
            final Analysis analysis = new Analysis(config, devices);
            if (records == null) {
                result = analysis.run(source);
            } else {
                try (TrialRecordCsv csv = new TrialRecordCsv(records, config.windowNames())) {
                    result = analysis.records(csv).run(source);
                    recordLines = csv.written();
                }
            }
        }
        ReportWriter.write(result, out);
        stdout.print(Summary.of(result));
        if (recordLines >= 0) {
            stdout.println("  trial records: " + recordLines + " trials with a click -> " + records);
        }
        stdout.println("  report: " + out.resolve(ReportWriter.JSON) + ", " + out.resolve(ReportWriter.MARKDOWN));
        stdout.flush();
        return PairgateCli.EXIT_OK;
    }

    /** Resolves the durations against the source's tick and builds the configuration. */
    AnalysisConfig config(final double resolutionPs, final BigDecimal binPs) {
        return gating.config(resolutionPs, binPs, frameTrials);
    }

}
