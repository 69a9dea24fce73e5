package org.pairgate.host.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Test helper: runs the CLI in-process and keeps exit code, stdout and stderr. */
record CliRun(int exit, String out, String err) {
    static CliRun of(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = PairgateCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The error output is exactly one line, starting with "pairgate: ", without a stack trace. */
    boolean oneErrorLine() {
        return err.startsWith("pairgate: ") && err.strip().lines().count() == 1 && !err.contains("\tat ")
            && !err.contains("Exception");
    }
}
