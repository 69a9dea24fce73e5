package org.pairgate.host.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

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
 *
 * <p>Start-up (issue 15): picocli builds a command's model by reflecting over its annotated
 * fields, which costs milliseconds per command in a fresh JVM (and picocli's own classes, compiled
 * for Java 5, cannot be mapped from a class-data-sharing archive). So the subcommands are not
 * listed in the annotation: when the first argument names one, only that one is registered;
 * otherwise (no argument, {@code --help}, a misspelt name) all of them are, in {@link #SUBCOMMANDS}'
 * order, and picocli's help and errors are what they always were.
 *
 * <p>{@code analyze}, the command whose start a user feels most, is read by {@link AnalyzeArgs}
 * (by hand, no picocli) whenever that parser takes the line; a line it declines (help, any error
 * of the command line, anything unusual) goes to picocli as before.
 */
@Command(name = "pairgate", mixinStandardHelpOptions = true, version = "pairgate 0.1.0",
    description = "FPGA-offloaded gating and coincidence statistics for time-tagger experiments.")
public final class PairgateCli implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_INPUT = 1;
    public static final int EXIT_USAGE = 2;

    /** picocli's switch for Groovy closures in annotations, which pairgate has none of. */
    private static final String NO_GROOVY_CLOSURES = "picocli.disable.closures";

    /**
     * The subcommands by name, in the order the help lists them. Each name is the one its class's
     * {@code @Command} declares ({@code PairgateCliTest} checks that).
     */
    static final List<Map.Entry<String, Class<?>>> SUBCOMMANDS = List.of(
        Map.entry("analyze", AnalyzeCommand.class),
        Map.entry("demo", DemoCommand.class),
        Map.entry("validate-shared", ValidateSharedCommand.class),
        Map.entry("info", InfoCommand.class),
        Map.entry("correlate", CorrelateCommand.class),
        Map.entry("find-delay", FindDelayCommand.class),
        Map.entry("acquire", AcquireCommand.class),
        Map.entry("replay", ReplayCommand.class),
        Map.entry("simulate", SimulateCommand.class),
        Map.entry("view", ViewCommand.class));

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
        return run(args, out, err, devices, true);
    }

    /** As {@link #run(String[], PrintStream, PrintStream, DeviceFactory)}; {@code fast}: analyze's own parser may read the line. */
    static int run(final String[] args, final PrintStream out, final PrintStream err, final DeviceFactory devices,
                   final boolean fast) {
        final AnalyzeCommand analyze = fast ? AnalyzeArgs.parse(args, devices) : null;
        if (analyze != null) {
            return analyze.run(new PrintWriter(out, true, StandardCharsets.UTF_8), new PrintWriter(err, true, StandardCharsets.UTF_8));
        }
        // picocli's default factory otherwise looks for groovy.lang.Closure once per JVM: a miss that
        // opens every jar of the class path (some 40, tens of milliseconds at start-up, issue 15)
        if (System.getProperty(NO_GROOVY_CLOSURES) == null) {
            System.setProperty(NO_GROOVY_CLOSURES, "true");
        }
        final CommandLine cmd = commandLine(args, new Factory(devices));
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

    /** The command with the subcommand {@code args[0]} names, or with all of them when it names none. */
    private static CommandLine commandLine(final String[] args, final CommandLine.IFactory factory) {
        final CommandLine cmd = new CommandLine(new PairgateCli(), factory);
        final String first = args.length > 0 ? args[0] : null;
        boolean named = false;
        for (final Map.Entry<String, Class<?>> e : SUBCOMMANDS) {
            named |= e.getKey().equals(first);
        }
        for (final Map.Entry<String, Class<?>> e : SUBCOMMANDS) {
            if (!named || e.getKey().equals(first)) {
                cmd.addSubcommand(e.getKey(), new CommandLine(e.getValue(), factory));
            }
        }
        return cmd;
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
