package org.pairgate.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.host.analysis.Engines;

import picocli.CommandLine;

/**
 * analyze's hand-written parser ({@link AnalyzeArgs}, the start-up fast path) against picocli on
 * the analyze options: every line it takes it reads as picocli does (every option's value, the
 * defaults included); every line with an error of the command line, and the help, it leaves to
 * picocli, so the error is picocli's; and a whole run, errors found after parsing included, is
 * the same output, exit code and report either way.
 */
class AnalyzeArgsTest {
    @TempDir
    Path dir;

    /** Lines both parsers take: each option, both spellings, defaults, repeats, any order. */
    private static final String[][] TAKEN = {
        {"f.ptu", "--detectors", "1,2", "--window", "pre=100ns:100ns", "--out", "o"},
        {"f.ptu", "--sync", "0", "--detectors", "1,2", "--window", "pre=100ns:100ns", "--window", "meas=280ns:120ns",
            "--bin", "1ns", "--max-dn", "8", "--out", "o"},
        {"--out", "o", "--window", "a=-1.5ns:2.5ns", "--detectors", "3,1,2", "data/f.ptu", "--sync", "4", "--max-dn", "0"},
        {"f.ptu", "--sync=2", "--detectors=1,2", "--window=pre=1us:1ms", "--out=o/p", "--bin=250ps", "--engine=rtl"},
        {"f.ptu", "--detectors", "1,2", "--window", "pre=0ns:1ns", "--delay", "2=-1.5ns", "--delay", "0=3ps", "--out", "o"},
        {"f.ptu", "--detectors", "1,2", "--window", "pre=0ns:1ns", "--frame-trials", "0", "--records", "r.csv", "--debug",
            "--out", "o"},
        {"f.ptu", "--detectors", "1,2", "--window", "w=.5ns:1.ns", "--frame-trials", "123456789012", "--engine", "link",
            "--out", "o"},
        {"f.ptu", "--detectors", "1,2", "--window", "pre=100ns:100ns", "--engine", "fpga", "--bin", "0.3ps", "--out", "o"},
        {"f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "--window", "pre=3ns:1ns", "--out", "o"},
        {"f.ptu", "--detectors", "1", "--window", "pre=100ns:100ns", "--delay", "7=1ns", "--delay", "7=2ns", "--out", "o"},
    };

    /**
     * Lines this parser declines: picocli's errors, its help, and forms it leaves to picocli
     * (a repeated --detectors, which picocli appends; --debug=true; a value that starts with '-').
     */
    private static final String[][] DECLINED = {
        {"f.ptu", "--detectors", "1,2", "--window", "pre=100ns:100ns"},                              // no --out
        {"f.ptu", "--detectors", "1,2", "--out", "o"},                                               // no window
        {"--detectors", "1,2", "--window", "pre=100ns:100ns", "--out", "o"},                         // no FILE
        {"f.ptu", "--window", "pre=100ns:100ns", "--out", "o"},                                      // no detectors
        {"f.ptu", "g.ptu", "--detectors", "1,2", "--window", "pre=100ns:100ns", "--out", "o"},       // two files
        {"f.ptu", "--detectors", "1,2", "--window", "pre=100ns", "--out", "o"},                      // bad window
        {"f.ptu", "--detectors", "1,2", "--window", "pre=100ns:0ns", "--out", "o"},                  // empty window
        {"f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "--delay", "x", "--out", "o"},   // bad delay
        {"f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "--delay", "300=1ns", "--out", "o"},
        {"f.ptu", "--detectors", "1,x", "--window", "pre=1ns:1ns", "--out", "o"},
        {"f.ptu", "--detectors", "1,,2", "--window", "pre=1ns:1ns", "--out", "o"},
        {"f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "--max-dn", "x", "--out", "o"},
        {"f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "--max-dn", "-1", "--out", "o"},
        {"f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "--max-dn", "99999999999", "--out", "o"},
        {"f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "--sync", "010", "--out", "o"},
        {"f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "--sync", "0", "--sync", "1", "--out", "o"},
        {"f.ptu", "--detectors", "1,2", "--detectors", "3", "--window", "pre=1ns:1ns", "--out", "o"},
        {"f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "--out", "o", "--out", "p"},
        {"f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "--debug", "--debug", "--out", "o"},
        {"f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "--out"},                         // no value
        {"f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "--out", "--debug"},
        {"f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "--frame-trials", "-5", "--out", "o"},
        {"f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "--verbose", "--out", "o"},      // unknown option
        {"f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "-x", "--out", "o"},
        {"f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "--debug=true", "--out", "o"},
        {"f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "--out", "o", "--help"},
        {"-h"},
        {"@args.txt"},
        {"--", "f.ptu", "--detectors", "1,2", "--window", "pre=1ns:1ns", "--out", "o"},
        {},
    };

    private static String[] analyze(final String[] rest) {
        final List<String> args = new ArrayList<>(List.of("analyze"));
        args.addAll(Arrays.asList(rest));
        return args.toArray(new String[0]);
    }

    /** What picocli makes of the line: every option's value, or its error. */
    private static String picocli(final String[] rest) {
        final AnalyzeCommand cmd = new AnalyzeCommand(Engines.INSTANCE);
        try {
            new CommandLine(cmd).parseArgs(rest);
        } catch (final CommandLine.ParameterException e) {
            return "error: " + e.getMessage();
        }
        return cmd.describe();
    }

    @Test
    void takesWhatPicocliTakesAndReadsItAlike() {
        for (final String[] rest : TAKEN) {
            final AnalyzeCommand fast = AnalyzeArgs.parse(analyze(rest), Engines.INSTANCE);
            assertNotNull(fast, String.join(" ", rest));
            final String expected = picocli(rest);
            assertTrue(!expected.startsWith("error: "), expected);
            assertEquals(expected, fast.describe(), String.join(" ", rest));
        }
    }

    @Test
    void leavesEveryCommandLineErrorAndTheHelpToPicocli() {
        for (final String[] rest : DECLINED) {
            assertNull(AnalyzeArgs.parse(analyze(rest), Engines.INSTANCE), String.join(" ", rest));
        }
        assertNull(AnalyzeArgs.parse(new String[] {"info", "f.ptu"}, Engines.INSTANCE));
        // and picocli does refuse the lines above that are errors (not the help), each in one line
        int errors = 0;
        final List<String> wrong = new ArrayList<>();
        for (final String[] rest : DECLINED) {
            if (!picocli(rest).startsWith("error: ")) {
                continue;   // the help, and forms picocli takes that this parser leaves to it (--debug=true, ...)
            }
            final CliRun r = CliRun.of(analyze(rest));
            if (r.exit() != 2 || !r.oneErrorLine()) {
                wrong.add(String.join(" ", rest) + " -> " + r.exit() + " " + r.err());
            }
            errors++;
        }
        assertEquals(List.of(), wrong);
        assertTrue(errors > 15, "picocli errors: " + errors);
    }

    /** Whole runs on the bundled real file through both parsers: output, exit code, reports. */
    @Test
    void aRunIsTheSameThroughEitherParser() throws IOException, URISyntaxException {
        final String file = Path.of(AnalyzeArgsTest.class.getResource("/ptu/v30_t2.ptu").toURI()).toString();
        final String[][] lines = {
            {file, "--detectors", "1,2", "--window", "pre=0ns:100ns", "--window", "meas=200ns:100ns", "--delay", "2=-1ns",
                "--max-dn", "3", "--records", "RECORDS", "--out", "OUT"},
            {file, "--sync=0", "--detectors=1,2", "--window=pre=0ns:100ns", "--frame-trials=50", "--out=OUT"},
            // errors found after parsing: the same line either way
            {file, "--detectors", "1,2", "--window", "pre=100ns:100ns", "--engine", "fpga", "--out", "OUT"},
            {file, "--detectors", "1,2", "--window", "pre=100.5ps:100ns", "--out", "OUT"},
            {file, "--detectors", "1,2", "--window", "pre=0ns:1ms", "--bin", "1ps", "--out", "OUT"},
            {file, "--detectors", "1", "--window", "pre=100ns:100ns", "--out", "OUT"},
            {dir.resolve("missing.ptu").toString(), "--detectors", "1,2", "--window", "pre=1ns:1ns", "--out", "OUT"},
        };
        int ok = 0;
        int n = 0;
        for (final String[] line : lines) {
            n++;
            final String[] result = new String[2];
            for (int way = 0; way < 2; way++) {
                final Path out = Files.createDirectories(dir.resolve("run" + way + "-" + n));   // --records' folder
                final String[] args = analyze(line);
                for (int i = 0; i < args.length; i++) {
                    args[i] = args[i].replace("RECORDS", out.resolve("records.csv").toString()).replace("OUT", out.toString());
                }
                assertNotNull(AnalyzeArgs.parse(args, Engines.INSTANCE), "the fast path takes the line");
                final ByteArrayOutputStream o = new ByteArrayOutputStream();
                final ByteArrayOutputStream e = new ByteArrayOutputStream();
                final int code = PairgateCli.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                    new PrintStream(e, true, StandardCharsets.UTF_8), Engines.INSTANCE, way == 0);
                String text = code + "\n" + o.toString(StandardCharsets.UTF_8) + "\n" + e.toString(StandardCharsets.UTF_8);
                text = text.replace(out.toString(), "OUT");
                for (final String name : new String[] {"report.json", "report.md", "records.csv"}) {
                    final Path p = out.resolve(name);
                    text += "\n" + name + ": " + (Files.exists(p) ? Files.readString(p).replace(out.toString(), "OUT") : "-");
                }
                result[way] = text;
            }
            assertEquals(result[1], result[0], String.join(" ", line));
            assertTrue(result[0].startsWith(line == lines[0] || line == lines[1] ? "0\n" : "2\n")
                || line == lines[lines.length - 1] && result[0].startsWith("1\n"), result[0]);
            ok += result[0].startsWith("0\n") ? 1 : 0;
            if (!result[0].startsWith("0\n")) {
                assertTrue(result[0].contains("pairgate: "), result[0]);
            }
        }
        assertEquals(2, ok, "runs that succeed");
    }
}
