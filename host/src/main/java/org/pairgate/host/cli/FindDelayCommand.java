package org.pairgate.host.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.pairgate.host.correlate.Correlation;
import org.pairgate.host.correlate.DelayFit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pairgate find-delay FILE --channels A,B [--range R] [--bin W]}: the offset of channel B
 * against A from the peak of their correlation ({@link DelayFit}).
 *
 * <p>Prints first {@code --delay B=<value>ps} (the delay to add to B so that the peak moves to 0,
 * rounded to whole ticks of the file: paste it into {@code analyze}), then the peak position with
 * its 1σ uncertainty. Exit codes as {@code correlate}; no peak is exit 1.
 */
@Command(name = "find-delay", sortOptions = false,
    description = "Find the delay of channel B against A from the peak of their correlation, in a form --delay accepts.")
public final class FindDelayCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "any supported time-tag file")
    private Path file;

    @Option(names = "--channels", paramLabel = "A,B", split = ",", required = true, description = "reference and delayed channel")
    private int[] channels;

    @Option(names = "--range", paramLabel = "R", defaultValue = "100ns",
        description = "search -R..R; default ${DEFAULT-VALUE}")
    private String range;

    @Option(names = "--bin", paramLabel = "W", defaultValue = "100ps", description = "bin width; default ${DEFAULT-VALUE}")
    private String bin;

    @Option(names = "--debug", description = "print stack traces of errors")
    private boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    private boolean help;

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        try {
            final Correlation c = CorrelateCommand.correlate(file, channels, range, bin);
            DelayFit fit;
            try {
                fit = DelayFit.of(c);
                if (c.binTicks() > 1) {
                    // second pass on 1-tick bins just wide enough for the peak region: exact centroid
                    final long reach = (long)Math.ceil(Math.max(Math.abs(fit.fromPs()), Math.abs(fit.toPs())) / c.resolutionPs()) + 1;
                    if (2 * reach <= org.pairgate.host.correlate.Correlator.MAX_BINS) {
                        final Correlation fine = CorrelateCommand.correlate(file, channels,
                            ticksText(reach, c.resolutionPs()), ticksText(1, c.resolutionPs()));
                        fit = DelayFit.refine(fine, c, fit);
                    }
                }
            } catch (final IllegalArgumentException e) {
                throw new IOException(file + ": channels " + c.channelA() + "," + c.channelB() + ": " + e.getMessage(), e);
            }
            final PrintWriter out = spec.commandLine().getOut();
            out.println(delayOption(c.channelB(), fit.delayB(), c.resolutionPs()));
            out.println(String.format(Locale.ROOT,
                "± %.1f ps (1 sigma): peak of t_B - t_A at %+.1f ps from %d excess pairs in [%.0f, %.0f) ps",
                fit.sigmaPs(), fit.peakPs(), Math.round(fit.excess()), fit.fromPs(), fit.toPs()));
            out.flush();
            return PairgateCli.EXIT_OK;
        } catch (final Exception e) {
            return CommandFailure.report(err, e, debug);
        }
    }

    /** {@code ticks} of {@code resolutionPs} as an exact duration text, e.g. "1234ps". */
    private static String ticksText(final long ticks, final double resolutionPs) {
        return new java.math.BigDecimal(Double.toString(resolutionPs)).multiply(java.math.BigDecimal.valueOf(ticks))
            .stripTrailingZeros().toPlainString() + "ps";
    }

    /** {@code --delay B=<value>ps} with the value rounded to whole ticks of {@code resolutionPs}. */
    static String delayOption(final int channel, final double delayPs, final double resolutionPs) {
        final long ticks = Math.round(delayPs / resolutionPs);
        final double ps = ticks * resolutionPs;
        final String value = ps == Math.rint(ps) ? Long.toString((long)ps) : new java.math.BigDecimal(
            Double.toString(resolutionPs)).multiply(java.math.BigDecimal.valueOf(ticks)).stripTrailingZeros().toPlainString();
        return "--delay " + channel + "=" + value + "ps";
    }

}
