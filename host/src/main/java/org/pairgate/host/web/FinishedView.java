package org.pairgate.host.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pairgate.dashboard.DashboardServer;
import org.pairgate.host.journal.Replay;
import org.pairgate.host.pipeline.PipelineReport;
import org.pairgate.host.report.ReportWriter;

/**
 * {@code pairgate view DIR}: the web view of a finished run, from a report directory
 * (report.json, written by analyze, acquire or replay) or from a journal replayed as
 * {@code pairgate replay} would. The snapshot never changes, so it is computed once.
 */
public final class FinishedView {
    private FinishedView() {
    }

    /** report.json's text: read from {@code dir}, or the report of the journal in {@code dir}. */
    public static String reportJson(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such directory");
        }
        final Path report = dir.resolve(ReportWriter.JSON);
        if (Files.isRegularFile(report)) {
            return Files.readString(report, StandardCharsets.UTF_8);
        }
        final Replay.Result r;
        try {
            r = Replay.of(dir);
        } catch (final IOException | RuntimeException e) {
            throw new IOException(dir + ": neither a report directory (no " + ReportWriter.JSON + ") nor a readable journal ("
                + e.getMessage() + ")", e);
        }
        final JsonNode stored = r.complete() ? r.end().get("pipeline") : null;
        final ObjectNode pipeline = stored instanceof ObjectNode ? (ObjectNode) stored
            : PipelineReport.recovered(r.frames(), r.merges(), r.result().statistics().accounting().syncDropped());
        return PipelineReport.json(r.result(), pipeline);
    }

    /** The finished snapshot of report.json's text. */
    public static byte[] snapshot(final String reportJson) throws IOException {
        final ObjectNode report = Snapshots.parse(reportJson);
        return Snapshots.bytes(Snapshots.finished(report, Snapshots.channels(report), null));
    }

    /** Serves the finished snapshot of {@code reportJson} at {@code address}. */
    public static DashboardServer serve(final ServeAddress address, final String reportJson) throws IOException {
        final byte[] snapshot = snapshot(reportJson);
        return LiveWeb.bind(address, () -> snapshot);
    }
}
