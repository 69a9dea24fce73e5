package org.pairgate.host.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pairgate.device.TagBatch;
import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisException;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.analysis.DeviceFactory;
import org.pairgate.host.analysis.Engines;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.io.PtuT2Writer;
import org.pairgate.host.report.ReportWriter;
import org.pairgate.host.report.Summary;
import org.pairgate.host.sim.ToyModel;
import org.pairgate.host.sim.ToyPairSource;
import org.pairgate.host.sim.ToyWindow;
import org.pairgate.host.stats.G2;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pairgate demo}: the whole job on data whose answer is known. Simulates a pair source
 * ({@link ToyModel#standard}), writes it as a PTU T2 file, analyses that file exactly as
 * {@code pairgate analyze} would, writes the reports, and prints the measured g2(0) of each
 * window beside the model's exact value.
 */
@Command(name = "demo", sortOptions = false,
    description = "Simulate a pair source, write it as a PTU file, analyze it and compare with the exact expectation.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "200000", description = "trials to simulate; default ${DEFAULT-VALUE}")
    private long trials;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "2025", description = "random seed; default ${DEFAULT-VALUE}")
    private long seed;

    @Option(names = "--engine", paramLabel = "soft|rtl", defaultValue = "soft", description = "engine; default ${DEFAULT-VALUE}")
    private String engine;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "pairgate-demo",
        description = "directory for demo.ptu, report.json and report.md; default ${DEFAULT-VALUE}")
    private Path out;

    @Option(names = "--debug", description = "print stack traces of errors")
    private boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    private boolean help;

    private final DeviceFactory devices;

    public DemoCommand() {
        this(Engines.INSTANCE);
    }

    DemoCommand(final DeviceFactory devices) {
        this.devices = devices;
    }

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        try {
            if (trials < 1) {
                throw new UsageException("--trials must be positive: " + trials);
            }
            if (!"soft".equals(engine) && !"rtl".equals(engine)) {
                throw new UsageException("--engine must be soft or rtl, not '" + engine + "'");
            }
            return demo(spec.commandLine().getOut());
        } catch (final UsageException e) {
            return fail(err, e, PairgateCli.EXIT_USAGE, e.getMessage());
        } catch (final AnalysisException e) {
            return fail(err, e, e.isConfiguration() ? PairgateCli.EXIT_USAGE : PairgateCli.EXIT_INPUT, e.getMessage());
        } catch (final IOException e) {
            return fail(err, e, PairgateCli.EXIT_INPUT, e.getMessage());
        } catch (final RuntimeException e) {
            return fail(err, e, PairgateCli.EXIT_INPUT, "internal error: " + e);
        }
    }

    private int demo(final PrintWriter stdout) throws IOException {
        final ToyModel model = ToyModel.standard(trials);
        Files.createDirectories(out);
        final Path ptu = out.resolve("demo.ptu");
        final ToyPairSource source = new ToyPairSource(model, seed);
        final TagBatch batch = new TagBatch(Analysis.BATCH_TAGS);
        try (PtuT2Writer writer = PtuT2Writer.create(ptu, source.resolutionPs())) {
            while (source.read(batch) > 0) {
                writer.write(batch);
            }
        }
        final AnalysisResult result;
        try (PtuT2Reader reader = PtuT2Reader.open(ptu)) {
            result = new Analysis(config(model), devices).run(reader);
        }
        ReportWriter.write(result, out);
        stdout.println("demo: " + trials + " simulated trials (seed " + seed + ") written to " + ptu + ", analyzed as");
        stdout.println("  pairgate analyze " + ptu + " --sync 0 --detectors 1,2 --window pre=100ns:100ns"
            + " --window meas=280ns:120ns --delay 2=1.5ns --engine " + engine + " --out " + out);
        stdout.print(Summary.of(result));
        for (int w = 0; w < 2; w++) {
            final G2 g = result.statistics().windows().get(w).g2Zero();
            stdout.println(String.format(Locale.ROOT, "  %-4s  g2(0) measured %.4f ± %.4f, exact %.4f",
                result.config().windowNames().get(w), g.value(), g.sigma(), model.expectedG2(w)));
        }
        stdout.println("  report: " + out.resolve(ReportWriter.JSON) + ", " + out.resolve(ReportWriter.MARKDOWN));
        stdout.flush();
        return PairgateCli.EXIT_OK;
    }

    private AnalysisConfig config(final ToyModel model) {
        final List<ToyWindow> w = model.windows();
        final Map<Integer, Long> delays = new LinkedHashMap<>();
        for (int d = 0; d < ToyModel.DETECTORS; d++) {
            if (model.detectorLeadPs(d) != 0) {
                delays.put(ToyModel.channelOf(d), model.detectorLeadPs(d));
            }
        }
        return new AnalysisConfig(ToyModel.SYNC_CHANNEL, new int[] {ToyModel.channelOf(0), ToyModel.channelOf(1)},
            List.of("pre", "meas"), new long[] {w.get(0).startPs(), w.get(1).startPs()},
            new long[] {w.get(0).lengthPs(), w.get(1).lengthPs()}, delays, 8, 1000, engine, 0);
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
