package org.pairgate.host.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.pairgate.device.TagBatch;
import org.pairgate.host.io.PtuT2Writer;
import org.pairgate.host.physics.ExperimentModel;
import org.pairgate.host.physics.ExperimentSource;
import org.pairgate.host.physics.Mode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pairgate simulate --preset paper [--trials N] [--delta-t 30ns] [--mode full|red|blue|pump-probe]
 * [--seed S] --out FILE.ptu}: the Monte Carlo of the phonon-pair experiment (docs/simulator.md)
 * written as a PicoQuant PTU T2 file (1 ps resolution, sync on channel 0, detectors on 1 and 2),
 * and the {@code analyze} command line whose windows match the simulated pulses.
 */
@Command(name = "simulate", sortOptions = false,
    description = "Simulate the phonon-pair experiment and write the time tags as a PTU T2 file.")
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "paper", description = "model preset (paper); default ${DEFAULT-VALUE}")
    private String preset;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "1000000", description = "trials to simulate; default ${DEFAULT-VALUE}")
    private long trials;

    @Option(names = "--delta-t", paramLabel = "DURATION", defaultValue = "30ns",
        description = "delay between the pulses (half-maximum to half-maximum); default ${DEFAULT-VALUE}")
    private String deltaT;

    @Option(names = "--mode", paramLabel = "full|red|blue|pump-probe", defaultValue = "full",
        description = "preparation light: both pumps, red only, blue only (calibration runs) or pump-probe; default ${DEFAULT-VALUE}")
    private String mode;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "2025", description = "random seed; default ${DEFAULT-VALUE}")
    private long seed;

    @Option(names = "--out", paramLabel = "FILE.ptu", required = true, description = "PTU file to write")
    private Path out;

    @Option(names = "--debug", description = "print stack traces of errors")
    private boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    private boolean help;

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        try {
            final ExperimentModel model = model();
            return simulate(model, spec.commandLine().getOut());
        } catch (final UsageException | IllegalArgumentException e) {
            return fail(err, e, PairgateCli.EXIT_USAGE, e.getMessage());
        } catch (final IOException e) {
            return fail(err, e, PairgateCli.EXIT_INPUT, "cannot write " + out + ": " + e.getMessage());
        } catch (final RuntimeException e) {
            return fail(err, e, PairgateCli.EXIT_INPUT, "internal error: " + e);
        }
    }

    private ExperimentModel model() {
        if (!"paper".equalsIgnoreCase(preset.strip())) {
            throw new UsageException("--preset must be 'paper', not '" + preset + "'");
        }
        if (trials < 1) {
            throw new UsageException("--trials must be positive: " + trials);
        }
        final BigDecimal ps = Durations.parsePs(deltaT);
        if (ps.signum() < 0) {
            throw new UsageException("--delta-t must not be negative: " + deltaT);
        }
        return ExperimentModel.paper().toBuilder().mode(Mode.parse(mode)).trials(trials)
            .deltaTPs(ps.setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact()).build();
    }

    private int simulate(final ExperimentModel model, final PrintWriter stdout) throws IOException {
        final long start = System.nanoTime();
        final ExperimentSource source = new ExperimentSource(model, seed);
        final TagBatch batch = new TagBatch(1 << 16);
        final long tags;
        try (PtuT2Writer writer = PtuT2Writer.create(out, source.resolutionPs(), model.syncRateHz())) {
            while (source.read(batch) > 0) {
                writer.write(batch);
            }
            tags = writer.tags();
        }
        final double seconds = (System.nanoTime() - start) * 1e-9;
        stdout.println(String.format(Locale.ROOT, "simulate: %s%n  %d tags (%d trials with a detector tag) written to %s in %.1f s",
            source.describe(), tags, source.eventTrials(), out, seconds));
        stdout.println("  analyze with: pairgate analyze " + out + " --sync 0 --detectors 1,2"
            + " --window pre=" + ns(model.preWindowStartPs()) + ":" + ns(model.preWindowLengthPs())
            + " --window meas=" + ns(model.measWindowStartPs()) + ":" + ns(model.measWindowPs()) + " --out DIR");
        stdout.flush();
        return PairgateCli.EXIT_OK;
    }

    /** Picoseconds as a duration the CLI parses, e.g. 64ns or 64.5ns. */
    static String ns(final long ps) {
        return BigDecimal.valueOf(ps).movePointLeft(3).stripTrailingZeros().toPlainString() + "ns";
    }

    private int fail(final PrintWriter err, final Exception e, final int code, final String message) {
        err.println(PairgateCli.errorLine(message));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
