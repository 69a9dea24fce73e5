package org.pairgate.host.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

import org.pairgate.device.DeviceException;
import org.pairgate.host.analysis.AnalysisException;

/**
 * How every command turns a failure into one line on stderr and an exit code, so that the CLI's
 * error contract ({@code pairgate: } + message; 2 for a wrong command line, 1 for a bad input or
 * a failed run; a stack trace only with {@code --debug}) is stated once.
 */
final class CommandFailure {
    private CommandFailure() {
    }

    /** Prints the failure's line (and with {@code debug} its stack trace) and returns its exit code. */
    static int report(final PrintWriter err, final Exception e, final boolean debug) {
        err.println(PairgateCli.errorLine(message(e)));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return exitCode(e);
    }

    static int exitCode(final Exception e) {
        if (e instanceof UsageException) {
            return PairgateCli.EXIT_USAGE;
        }
        if (e instanceof AnalysisException) {
            return ((AnalysisException) e).isConfiguration() ? PairgateCli.EXIT_USAGE : PairgateCli.EXIT_INPUT;
        }
        return PairgateCli.EXIT_INPUT;
    }

    static String message(final Exception e) {
        if (e instanceof NoSuchFileException) {
            return ((NoSuchFileException) e).getFile() + ": no such file";
        }
        if (e instanceof AccessDeniedException) {
            return ((AccessDeniedException) e).getFile() + ": permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return ((FileAlreadyExistsException) e).getFile() + ": exists and is not a directory";
        }
        if (e instanceof FileSystemException) {
            final FileSystemException f = (FileSystemException) e;
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f);
        }
        if (e instanceof UsageException || e instanceof AnalysisException || e instanceof IOException) {
            return e.getMessage();
        }
        if (e instanceof DeviceException) {
            // the device's own refusal or failure (its message ends with the ABI code, e.g.
            // "(PG_ESTATE)", and carries the library's reason): a failed run, not a bug of the host
            return "device: " + e.getMessage();
        }
        return "internal error: " + e;
    }
}
