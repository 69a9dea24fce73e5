package org.pairgate.host.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.pairgate.device.SoftKernel;
import org.pairgate.device.TagBatch;
import org.pairgate.host.correlate.Correlation;
import org.pairgate.host.correlate.CorrelationOutput;
import org.pairgate.host.correlate.Correlator;
import org.pairgate.host.correlate.ParallelCorrelation;
import org.pairgate.host.correlate.PulsedPeaks;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.io.PtuT3Reader;
import org.pairgate.host.io.TagFile;
import org.pairgate.host.io.TagSources;
import org.pairgate.host.stats.SidePoint;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pairgate correlate FILE --channels A,B --range R --bin W --out DIR [--normalize [cw|pulsed] [--period T]]}: the exact
 * start–multi-stop histogram of {@code t_B − t_A} ({@link Correlator}), written as
 * {@code DIR/correlation.json} and {@code DIR/correlation.png}.
 *
 * <p>Exit codes: 0 done, 1 unreadable or corrupt input, 2 wrong command line (including R or W not a
 * whole number of the file's ticks, or W not dividing 2R).
 */
@Command(name = "correlate", sortOptions = false,
    description = "Histogram t_B - t_A over all pairs with -R <= t_B - t_A < R (start-multi-stop), exactly.")
public final class CorrelateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "any supported time-tag file (see 'pairgate info')")
    private Path file;

    @Option(names = "--channels", paramLabel = "A,B", split = ",", required = true,
        description = "start and stop channel (PicoQuant numbering: sync 0, input i = i+1); A = B autocorrelates")
    private int[] channels;

    @Option(names = "--range", paramLabel = "R", required = true, description = "half-width of the histogram, e.g. 100ns")
    private String range;

    @Option(names = "--bin", paramLabel = "W", required = true, description = "bin width, e.g. 100ps; must divide 2R")
    private String bin;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "directory for correlation.json and correlation.png")
    private Path out;

    @Option(names = "--normalize", paramLabel = "cw|pulsed", arity = "0..1", fallbackValue = "cw",
        description = "add g2(tau) to the JSON and plot it: cw (the default when no value is given) divides by "
            + "N_A N_B W / T; pulsed divides by the mean side-peak area of the pulse period (--period, or a T3 file's sync period)")
    private String normalize;

    @Option(names = "--period", paramLabel = "T", description = "pulse period for --normalize pulsed, e.g. 12.5ns "
        + "(default: the sync period of a T3 file)")
    private String period;

    @Option(names = "--debug", description = "print stack traces of errors")
    private boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    private boolean help;

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        try {
            final boolean pulsed = "pulsed".equals(normalize);
            if (normalize != null && !pulsed && !"cw".equals(normalize)) {
                throw new UsageException("--normalize takes cw or pulsed, not " + normalize);
            }
            if (period != null && !pulsed) {
                throw new UsageException("--period is for --normalize pulsed");
            }
            final long[] periodTicks = {0};
            final Correlation c = correlate(file, channels, range, bin, period, pulsed ? periodTicks : null);
            final PrintWriter stdout = spec.commandLine().getOut();
            stdout.println("correlation of channels " + c.channelA() + "," + c.channelB() + ": " + c.pairs() + " pairs in "
                + c.counts().length + " bins (" + c.tagsA() + " and " + c.tagsB() + " tags)");
            if (pulsed) {
                final PulsedPeaks peaks;
                try {
                    peaks = PulsedPeaks.of(c, periodTicks[0]);
                } catch (final IllegalArgumentException e) {
                    throw new UsageException("--normalize pulsed: " + e.getMessage());
                }
                final String from = period != null ? "--period" : "T3 header";
                CorrelationOutput.write(c, peaks, from, out);
                final SidePoint centre = peaks.centre();
                stdout.println(String.format(Locale.ROOT, "  pulsed normalisation: period %s ps (%s), %d side peaks on each side, "
                    + "mean side-peak area %.1f; g2_side(0) = %s", CorrelationOutput.ps(peaks.periodTicks(), c.resolutionPs())
                        .toPlainString(), from, peaks.sidePeaks(), peaks.meanSideArea(),
                    centre.hasSigma() ? String.format(Locale.ROOT, "%.4f ± %.4f", centre.value(), centre.sigma())
                        : Double.isFinite(centre.value()) ? "0 (no pairs)" : "undefined (no side-peak pairs)"));
            } else {
                CorrelationOutput.write(c, normalize != null, out);
            }
            stdout.println("  wrote " + out.resolve(CorrelationOutput.JSON) + ", " + out.resolve(CorrelationOutput.PNG));
            stdout.flush();
            return PairgateCli.EXIT_OK;
        } catch (final Exception e) {
            return CommandFailure.report(err, e, debug);
        }
    }

    /**
     * Correlates {@code path}: resolves R and W against the file's tick and runs one pass.
     *
     * @throws UsageException on wrong channels, durations or bins
     */
    static Correlation correlate(final Path path, final int[] channels, final String range, final String bin)
        throws IOException {
        return correlate(path, channels, range, bin, null, null);
    }

    /**
     * As {@link #correlate(Path, int[], String, String)}; when {@code periodOut} is not null, also
     * resolves the pulse period ({@code periodText}, else the T3 file's sync period) into
     * {@code periodOut[0]} in the file's ticks.
     */
    static Correlation correlate(final Path path, final int[] channels, final String range, final String bin,
        final String periodText, final long[] periodOut) throws IOException {
        if (channels.length != 2) {
            throw new UsageException("--channels needs exactly two channels A,B");
        }
        for (final int ch : channels) {
            if (ch < 0 || ch > TagFile.MAX_CHANNEL) {
                throw new UsageException("channel " + ch + " outside 0.." + TagFile.MAX_CHANNEL);
            }
        }
        SoftKernel.loadInBackground();   // the native correlator's library, on the other core (issue 15)
        final BigDecimal rangePs = parse("--range", range);
        final BigDecimal binPs = parse("--bin", bin);
        final boolean syncs = channels[0] == 0 || channels[1] == 0;
        try (TagFile source = TagSources.open(path, syncs)) {
            final long r = ticks(rangePs, source.resolutionPs(), "--range");
            final long w = ticks(binPs, source.resolutionPs(), "--bin");
            if (periodOut != null) {
                if (periodText != null) {
                    periodOut[0] = ticks(parse("--period", periodText), source.resolutionPs(), "--period");
                } else if (source instanceof PtuT3Reader t3) {
                    periodOut[0] = t3.periodTicks();
                } else {
                    throw new UsageException("--normalize pulsed needs --period: " + path.getFileName()
                        + " is not a T3 file, so it states no sync period");
                }
            }
            final Correlator correlator;
            try {
                correlator = new Correlator(channels[0], channels[1], r, w);
            } catch (final IllegalArgumentException e) {
                throw new UsageException("--range " + range + " / --bin " + bin + ": " + e.getMessage());
            }
            if (source instanceof PtuT2Reader t2 && t2.fusable()) {
                if (Runtime.getRuntime().availableProcessors() >= 2) {
                    // large files on two cores, the same histogram (issue 15)
                    return new ParallelCorrelation(channels[0], channels[1], r, w).correlate(t2, ParallelCorrelation.MIN_RECORDS);
                }
                correlator.acceptAll(t2);   // decoded in place, no batches (issue 15)
            } else {
                final TagBatch batch = new TagBatch(1 << 14);
                while (source.read(batch) > 0) {
                    correlator.accept(batch);
                }
            }
            return correlator.result(source.resolutionPs());
        } catch (final IOException e) {
            // the correlator's order error names no file
            throw e.getMessage() != null && e.getMessage().startsWith(path.toString()) ? e
                : new IOException(path + ": " + e.getMessage(), e);
        }
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

}
