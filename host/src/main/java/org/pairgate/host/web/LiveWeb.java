package org.pairgate.host.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.pairgate.dashboard.DashboardServer;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.pipeline.LiveSums;

/**
 * {@code acquire --serve}: the web view of the running acquisition. Binds before the run starts
 * (a taken port is a one-line error, not a lost night), says where on stderr, serves snapshots
 * computed from the {@link LiveSums} the statistics thread publishes, and switches to report.json
 * once it is written.
 */
public final class LiveWeb implements AutoCloseable {
    private final AcquisitionView view;
    private final DashboardServer server;
    private final LiveSums sums;

    private LiveWeb(final AcquisitionView view, final DashboardServer server, final LiveSums sums) {
        this.view = view;
        this.server = server;
        this.sums = sums;
    }

    /**
     * Starts serving at {@code address} and prints the address (and, for an
     * explicit address, who can reach it) on {@code err}.
     */
    public static LiveWeb start(final ServeAddress address, final PrintWriter err, final AnalysisConfig config,
                                final String source, final double resolutionPs) throws IOException {
        final LiveSums sums = new LiveSums();
        final AcquisitionView view = new AcquisitionView(sums, config, source, resolutionPs);
        final DashboardServer server = bind(address, view);
        final LiveWeb web = new LiveWeb(view, server, sums);
        final String notice = address.notice();
        if (notice != null) {
            err.println(notice);
        }
        err.println("live view: " + server.uri());
        err.flush();
        return web;
    }

    /** Binds, turning a taken or foreign address into a one-line error. */
    static DashboardServer bind(final ServeAddress address, final org.pairgate.dashboard.SnapshotSource source) throws IOException {
        try {
            return DashboardServer.start(address.address(), source);
        } catch (final BindException e) {
            throw new IOException("--serve " + address.address().getAddress().getHostAddress() + ":" + address.address().getPort()
                + ": cannot listen there (" + e.getMessage() + ")", e);
        }
    }

    /** What the acquisition publishes into (give it to {@code Acquisition.live}). */
    public LiveSums sums() {
        return sums;
    }

    /** The page's address. */
    public java.net.URI uri() {
        return server.uri();
    }

    /**
     * Switches the view to the written report (report.json's text, so the final snapshot equals
     * it), pushes it now, and keeps serving for {@code lingerNanos} (0: return at once).
     */
    public void finish(final Path reportJson, final long lingerNanos, final PrintWriter err) throws IOException {
        view.finish(Files.readString(reportJson, StandardCharsets.UTF_8));
        server.publishNow();
        final Throwable failure = server.firstFailure();
        if (failure != null) {
            // the run is fine; its view was not: say so once rather than hide it
            err.println("live view: " + server.sourceFailures() + " snapshot(s) failed, the first with " + failure);
            err.flush();
        }
        if (lingerNanos > 0) {
            err.println("live view: run finished; serving the final report at " + server.uri() + " for "
                + TimeUnit.NANOSECONDS.toSeconds(lingerNanos) + " s (Ctrl-C ends)");
            err.flush();
            try {
                TimeUnit.NANOSECONDS.sleep(lingerNanos);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
