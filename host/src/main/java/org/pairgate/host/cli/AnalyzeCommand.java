package org.pairgate.host.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisException;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.analysis.DeviceFactory;
import org.pairgate.host.analysis.Engines;
import org.pairgate.host.io.TagSource;
import org.pairgate.host.io.TagSources;
import org.pairgate.host.report.ReportWriter;
import org.pairgate.host.report.Summary;

import picocli.CommandLine.Command;
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
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE.ptu", description = "PicoQuant PTU file with T2 records")
    private Path file;

    @Option(names = "--sync", paramLabel = "CH", defaultValue = "0",
        description = "channel of the trial trigger (PicoQuant numbering: sync = 0, input i = i+1); default ${DEFAULT-VALUE}")
    private int sync;

    @Option(names = "--detectors", paramLabel = "CH,CH[,...]", split = ",", required = true,
        description = "detector channels; the first two are the HBT pair")
    private int[] detectors;

    @Option(names = "--window", paramLabel = "NAME=START:LENGTH", required = true, converter = WindowSpecConverter.class,
        description = "a window after the sync, e.g. pre=100ns:100ns (units ps, ns, us, ms; decimals allowed); repeat, in order")
    private List<WindowSpec> windows = new ArrayList<>();

    @Option(names = "--delay", paramLabel = "CH=VALUE", converter = DelaySpecConverter.class,
        description = "signed delay added to every time of a channel, e.g. 2=-1.5ns; repeatable")
    private List<DelaySpec> delays = new ArrayList<>();

    @Option(names = "--max-dn", paramLabel = "K", defaultValue = "8", description = "largest trial distance for g2(dN); default ${DEFAULT-VALUE}")
    private int maxDn;

    @Option(names = "--bin", paramLabel = "DURATION", defaultValue = "1ns",
        description = "arrival-histogram bin for g2 versus gate length; default ${DEFAULT-VALUE}")
    private String bin;

    @Option(names = "--engine", paramLabel = "soft|rtl", defaultValue = "soft",
        description = "soft (Java model, any shape) or rtl (the Verilated firmware); default ${DEFAULT-VALUE}")
    private String engine;

    @Option(names = "--frame-trials", paramLabel = "M", defaultValue = "0",
        description = "close a frame every M trials (0: one frame at the end); default ${DEFAULT-VALUE}")
    private long frameTrials;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "directory for report.json and report.md")
    private Path out;

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

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        try {
            return analyze(spec.commandLine().getOut());
        } catch (final UsageException e) {
            return fail(err, e, PairgateCli.EXIT_USAGE, e.getMessage());
        } catch (final NoSuchFileException e) {
            return fail(err, e, PairgateCli.EXIT_INPUT, e.getFile() + ": no such file");
        } catch (final AccessDeniedException e) {
            return fail(err, e, PairgateCli.EXIT_INPUT, e.getFile() + ": permission denied");
        } catch (final FileAlreadyExistsException e) {
            return fail(err, e, PairgateCli.EXIT_INPUT, e.getFile() + ": exists and is not a directory");
        } catch (final FileSystemException e) {
            return fail(err, e, PairgateCli.EXIT_INPUT, e.getFile() + ": " + (e.getReason() != null ? e.getReason() : e));
        } catch (final AnalysisException e) {
            return fail(err, e, e.isConfiguration() ? PairgateCli.EXIT_USAGE : PairgateCli.EXIT_INPUT, e.getMessage());
        } catch (final IOException e) {
            return fail(err, e, PairgateCli.EXIT_INPUT, e.getMessage());
        } catch (final RuntimeException e) {
            return fail(err, e, PairgateCli.EXIT_INPUT, "internal error: " + e);
        }
    }

    private int analyze(final PrintWriter stdout) throws IOException {
        if (!"soft".equals(engine) && !"rtl".equals(engine)) {
            throw new UsageException("--engine must be soft or rtl, not '" + engine + "'");
        }
        if (maxDn < 0) {
            throw new UsageException("--max-dn must not be negative: " + maxDn);
        }
        final BigDecimal binPs = parse("--bin", bin);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        final AnalysisResult result;
        try (TagSource source = TagSources.open(file)) {
            final AnalysisConfig config = config(source.resolutionPs(), binPs);
            result = new Analysis(config, devices).run(source);
        }
        ReportWriter.write(result, out);
        stdout.print(Summary.of(result));
        stdout.println("  report: " + out.resolve(ReportWriter.JSON) + ", " + out.resolve(ReportWriter.MARKDOWN));
        stdout.flush();
        return PairgateCli.EXIT_OK;
    }

    /** Resolves the durations against the source's tick and builds the configuration. */
    AnalysisConfig config(final double resolutionPs, final BigDecimal binPs) {
        final List<String> names = new ArrayList<>();
        final long[] starts = new long[windows.size()];
        final long[] lengths = new long[windows.size()];
        for (int w = 0; w < windows.size(); w++) {
            final WindowSpec ws = windows.get(w);
            names.add(ws.name());
            starts[w] = ticks(ws.startPs(), resolutionPs, "--window " + ws.name() + " start");
            lengths[w] = ticks(ws.lengthPs(), resolutionPs, "--window " + ws.name() + " length");
        }
        final Map<Integer, Long> delayTicks = new LinkedHashMap<>();
        for (final DelaySpec d : delays) {
            if (delayTicks.put(d.channel(), ticks(d.ps(), resolutionPs, "--delay " + d.channel())) != null) {
                throw new UsageException("--delay given twice for channel " + d.channel());
            }
        }
        final long binTicks = ticks(binPs, resolutionPs, "--bin");
        if (binTicks < 1) {
            throw new UsageException("--bin must be positive: " + bin);
        }
        final AnalysisConfig config;
        try {
            config = new AnalysisConfig(sync, detectors, names, starts, lengths, delayTicks, maxDn, binTicks, engine, frameTrials);
        } catch (final IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (config.binsNeeded() > AnalysisConfig.MAX_BINS) {
            throw new UsageException("covering the longest window with --bin " + bin + " needs " + config.binsNeeded()
                + " arrival bins, more than " + AnalysisConfig.MAX_BINS + "; choose a coarser --bin");
        }
        return config;
    }

    private static long ticks(final BigDecimal ps, final double resolutionPs, final String what) {
        try {
            return Durations.toTicks(ps, resolutionPs, what);
        } catch (final IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static BigDecimal parse(final String what, final String text) {
        try {
            return Durations.parsePs(text);
        } catch (final IllegalArgumentException e) {
            throw new UsageException(what + ": " + e.getMessage());
        }
    }

    private int fail(final PrintWriter err, final Exception e, final int code, final String message) {
        err.println(PairgateCli.errorLine(message));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    /** picocli converter for {@link WindowSpec}. */
    static final class WindowSpecConverter implements picocli.CommandLine.ITypeConverter<WindowSpec> {
        @Override
        public WindowSpec convert(final String value) {
            try {
                return WindowSpec.parse(value);
            } catch (final IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** picocli converter for {@link DelaySpec}. */
    static final class DelaySpecConverter implements picocli.CommandLine.ITypeConverter<DelaySpec> {
        @Override
        public DelaySpec convert(final String value) {
            try {
                return DelaySpec.parse(value);
            } catch (final IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
