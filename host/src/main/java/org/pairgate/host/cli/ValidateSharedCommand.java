package org.pairgate.host.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.pairgate.host.io.ValidateSharedData;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pairgate validate-shared DIR}: decodes the real instrument files of a shared data
 * directory and checks them against their published counts ({@link ValidateSharedData}).
 */
@Command(name = "validate-shared",
    description = "Decode the real instrument files of a shared data directory and check their published counts.")
public final class ValidateSharedCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the shared data directory (with libpicoquant/ and eta/)")
    private Path dir;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            spec.commandLine().getErr().println(PairgateCli.errorLine(dir + ": no such directory"));
            spec.commandLine().getErr().flush();
            return PairgateCli.EXIT_INPUT;
        }
        spec.commandLine().getOut().flush();
        final PrintStream out = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true, StandardCharsets.UTF_8);
        final int failed = ValidateSharedData.run(dir, out);
        out.flush();
        return failed == 0 ? PairgateCli.EXIT_OK : PairgateCli.EXIT_INPUT;
    }

    /** Bytes to the command's writer, so tests capture the output like any other command's. */
    private static final class WriterOutputStream extends java.io.OutputStream {
        private final java.io.PrintWriter writer;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        WriterOutputStream(final java.io.PrintWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(final int b) {
            line.write(b);
            if (b == '\n') {
                flush();
            }
        }

        @Override
        public void flush() {
            writer.print(line.toString(StandardCharsets.UTF_8));
            writer.flush();
            line.reset();
        }
    }
}
