package org.pairgate.host.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import org.pairgate.host.analysis.DeviceFactory;
import org.pairgate.host.analysis.Engines;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pairgate} command: {@code pairgate analyze FILE.ptu --sync 0 --detectors 1,2
 * --window pre=100ns:100ns --window meas=280ns:120ns --out DIR}.
 *
 * <p>Errors never show a stack trace (unless {@code --debug}): one line on stderr starting with
 * {@code pairgate: }, exit code 2 for a wrong command line and 1 for a failed input or run.
 */
@Command(name = "pairgate", mixinStandardHelpOptions = true, version = "pairgate 0.1.0",
    description = "FPGA-offloaded gating and coincidence statistics for time-tagger experiments.",
    subcommands = {AnalyzeCommand.class, DemoCommand.class, ValidateSharedCommand.class,
        InfoCommand.class, CorrelateCommand.class, FindDelayCommand.class,
        AcquireCommand.class, ReplayCommand.class, SimulateCommand.class, ViewCommand.class})
public final class PairgateCli implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_INPUT = 1;
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: analyze, demo or validate-shared");
    }

    public static void main(final String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line and returns the exit code (for tests: nothing calls System.exit). */
    public static int run(final String[] args, final PrintStream out, final PrintStream err) {
        return run(args, out, err, Engines.INSTANCE);
    }

    /** As {@link #run(String[], PrintStream, PrintStream)} with the engines of {@code devices}. */
    public static int run(final String[] args, final PrintStream out, final PrintStream err, final DeviceFactory devices) {
        final CommandLine cmd = new CommandLine(new PairgateCli(), new Factory(devices));
        cmd.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cmd.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cmd.setParameterExceptionHandler((ex, a) -> {
            final CommandLine c = ex.getCommandLine();
            c.getErr().println(errorLine(ex.getMessage() + " (see '" + c.getCommandSpec().qualifiedName() + " --help')"));
            c.getErr().flush();
            return EXIT_USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println(errorLine("internal error: " + ex));
            c.getErr().flush();
            return EXIT_INPUT;
        });
        return cmd.execute(args);
    }

    /** "pairgate: " + the message on one line. */
    static String errorLine(final String message) {
        final String text = message == null || message.isBlank() ? "failed" : message;
        return "pairgate: " + text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** Builds the subcommands with the engines to use. */
    private static final class Factory implements CommandLine.IFactory {
        private final DeviceFactory devices;

        Factory(final DeviceFactory devices) {
            this.devices = devices;
        }

        @Override
        public <K> K create(final Class<K> cls) throws Exception {
            if (cls == AnalyzeCommand.class) {
                return cls.cast(new AnalyzeCommand(devices));
            }
            if (cls == DemoCommand.class) {
                return cls.cast(new DemoCommand(devices));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
