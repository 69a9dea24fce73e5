package org.pairgate.host.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.pairgate.dashboard.DashboardServer;
import org.pairgate.host.web.FinishedView;
import org.pairgate.host.web.ServeAddress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pairgate view DIR [--serve [ADDR:]PORT]}: the live view's page for a finished run (a
 * report directory, or a journal replayed), served until Ctrl-C. Read-only, like acquire's.
 */
@Command(name = "view", sortOptions = false,
    description = "Serve the web view of a finished run: a report directory (report.json) or an acquisition journal (replayed).")
public final class ViewCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "a report directory (report.json) or a journal directory")
    private Path dir;

    @Option(names = "--serve", paramLabel = "[ADDR:]PORT", defaultValue = "0",
        description = "where to listen; a port alone listens on 127.0.0.1 only; default ${DEFAULT-VALUE} (a free port)")
    private String serve;

    @Option(names = "--for", paramLabel = "DURATION", description = "stop serving after this long, e.g. 3600s (default: until Ctrl-C)")
    private String duration;

    @Option(names = "--debug", description = "print stack traces of errors")
    private boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    private boolean help;

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        try {
            return view(spec.commandLine().getOut(), err);
        } catch (final Exception e) {
            return CommandFailure.report(err, e, debug);
        }
    }

    private int view(final PrintWriter out, final PrintWriter err) throws Exception {
        final ServeAddress address;
        try {
            address = ServeAddress.parse(serve);
        } catch (final IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        final long forNanos = duration == null ? 0 : GatingOptions.parse("--for", duration).movePointLeft(3).longValue();
        if (duration != null && forNanos <= 0) {
            throw new UsageException("--for must be positive: " + duration);
        }
        final String report = FinishedView.reportJson(dir);
        try (DashboardServer server = FinishedView.serve(address, report)) {
            final String notice = address.notice();
            if (notice != null) {
                err.println(notice);
                err.flush();
            }
            out.println("view: " + server.uri() + " (" + dir + ")" + (forNanos > 0 ? "" : "; Ctrl-C ends"));
            out.flush();
            final CountDownLatch never = new CountDownLatch(1);
            try {
                if (forNanos > 0) {
                    never.await(forNanos, TimeUnit.NANOSECONDS);
                } else {
                    never.await();
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt(); // stopped by its caller: the server closes
            }
        }
        return PairgateCli.EXIT_OK;
    }
}
