package org.pairgate.host.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pairgate.host.analysis.AnalysisException;
import org.pairgate.host.journal.Replay;
import org.pairgate.host.pipeline.PipelineReport;
import org.pairgate.host.report.ReportWriter;
import org.pairgate.host.report.Summary;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pairgate replay DIR --out DIR}: recomputes a run's report from its journal. A complete
 * journal gives the acquisition's report.json byte for byte; a journal cut by a kill gives the
 * report of every frame up to its last complete one, marked {@code pipeline.complete = false}.
 */
@Command(name = "replay", sortOptions = false,
    description = "Recompute report.json and report.md from an acquisition journal.")
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOURNAL", description = "journal directory written by 'pairgate acquire'")
    private Path journal;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "directory for report.json and report.md")
    private Path out;

    @Option(names = "--debug", description = "print stack traces of errors")
    private boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    private boolean help;

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        try {
            return replay(spec.commandLine().getOut());
        } catch (final NoSuchFileException e) {
            return fail(err, e, e.getFile() + ": no such journal directory");
        } catch (final AccessDeniedException e) {
            return fail(err, e, e.getFile() + ": permission denied");
        } catch (final FileSystemException e) {
            return fail(err, e, e.getFile() + ": " + (e.getReason() != null ? e.getReason() : e));
        } catch (final AnalysisException | IOException e) {
            return fail(err, e, e.getMessage());
        } catch (final RuntimeException e) {
            return fail(err, e, "internal error: " + e);
        }
    }

    private int replay(final PrintWriter stdout) throws IOException {
        final Replay.Result r = Replay.of(journal);
        final JsonNode stored = r.complete() ? r.end().get("pipeline") : null;
        final ObjectNode pipeline = stored instanceof ObjectNode ? (ObjectNode) stored
            : PipelineReport.recovered(r.frames(), r.merges(), r.result().statistics().accounting().syncDropped());
        PipelineReport.write(r.result(), pipeline, out);
        stdout.print(Summary.of(r.result()));
        stdout.println("  journal: " + journal + ", " + r.frames() + " frames, "
            + (r.complete() ? "complete" : "ends without its end marker (run killed): replayed up to its last complete frame")
            + (r.metadata().label().isEmpty() ? "" : ", label " + r.metadata().label()));
        stdout.println("  report: " + out.resolve(ReportWriter.JSON) + ", " + out.resolve(ReportWriter.MARKDOWN));
        stdout.flush();
        return PairgateCli.EXIT_OK;
    }

    private int fail(final PrintWriter err, final Exception e, final String message) {
        err.println(PairgateCli.errorLine(message));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return PairgateCli.EXIT_INPUT;
    }
}
