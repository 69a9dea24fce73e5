package org.pairgate.host.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.pairgate.host.analysis.AnalysisConfig;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The gating options that {@code analyze} and {@code acquire} share (a picocli mixin), and their
 * resolution into an {@link AnalysisConfig} once the source's tick is known.
 *
 * <p>One definition so that the two commands cannot drift apart: acquire's report must equal
 * analyze's for the same tags and the same options.
 */
public final class GatingOptions {
    /** The defaults, as picocli's {@code defaultValue}s and {@link AnalyzeArgs}' (one definition). */
    static final String DEFAULT_SYNC = "0";
    static final String DEFAULT_MAX_DN = "8";
    static final String DEFAULT_BIN = "1ns";
    static final String DEFAULT_ENGINE = "soft";

    @Option(names = "--sync", paramLabel = "CH", defaultValue = DEFAULT_SYNC,
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

    @Option(names = "--max-dn", paramLabel = "K", defaultValue = DEFAULT_MAX_DN, description = "largest trial distance for g2(dN); default ${DEFAULT-VALUE}")
    private int maxDn;

    @Option(names = "--bin", paramLabel = "DURATION", defaultValue = DEFAULT_BIN,
        description = "arrival-histogram bin for g2 versus gate length; default ${DEFAULT-VALUE}")
    private String bin;

    @Option(names = "--engine", paramLabel = "soft|rtl", defaultValue = DEFAULT_ENGINE,
        description = "soft (Java model, any shape) rtl (the Verilated firmware) or link (the firmware behind a time tagger's FPGA link, fpga/README.md); default ${DEFAULT-VALUE}")
    private String engine;

    /** For picocli, which fills the fields. */
    public GatingOptions() {
    }

    /** The options as {@link AnalyzeArgs} parsed them (analyze's fast path, no picocli). */
    GatingOptions(final int sync, final int[] detectors, final List<WindowSpec> windows, final List<DelaySpec> delays,
                  final int maxDn, final String bin, final String engine) {
        this.sync = sync;
        this.detectors = detectors;
        this.windows = windows;
        this.delays = delays;
        this.maxDn = maxDn;
        this.bin = bin;
        this.engine = engine;
    }

    /** Every option's value, for the test that holds {@link AnalyzeArgs} to picocli. */
    String describe() {
        return "sync=" + sync + " detectors=" + java.util.Arrays.toString(detectors) + " windows=" + windows
            + " delays=" + delays + " max-dn=" + maxDn + " bin=" + bin + " engine=" + engine;
    }

    /** Checks what needs no source, and parses --bin. */
    BigDecimal validate() {
        if (!"soft".equals(engine) && !"rtl".equals(engine) && !"link".equals(engine)) {
            throw new UsageException("--engine must be soft, rtl or link, not '" + engine + "'");
        }
        if (maxDn < 0) {
            throw new UsageException("--max-dn must not be negative: " + maxDn);
        }
        return parse("--bin", bin);
    }

    /** Resolves the durations against the source's tick and builds the configuration. */
    AnalysisConfig config(final double resolutionPs, final BigDecimal binPs, final long frameTrials) {
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
        if (frameTrials < 0) {
            throw new UsageException("--frame-trials must not be negative: " + frameTrials);
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

    /** A duration option in picoseconds; a malformed one is a usage error naming the option. */
    static BigDecimal parse(final String what, final String text) {
        try {
            return Durations.parsePs(text);
        } catch (final IllegalArgumentException e) {
            throw new UsageException(what + ": " + e.getMessage());
        }
    }

    /** picocli converter for {@link WindowSpec}. */
    static final class WindowSpecConverter implements ITypeConverter<WindowSpec> {
        @Override
        public WindowSpec convert(final String value) {
            try {
                return WindowSpec.parse(value);
            } catch (final IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** picocli converter for {@link DelaySpec}. */
    static final class DelaySpecConverter implements ITypeConverter<DelaySpec> {
        @Override
        public DelaySpec convert(final String value) {
            try {
                return DelaySpec.parse(value);
            } catch (final IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
