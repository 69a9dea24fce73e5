package org.pairgate.host.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.io.PtuT2Writer;

import picocli.CommandLine;

class CliTest {
    @TempDir
    Path dir;

    private static long ps(final String text) {
        return Durations.parsePs(text).longValueExact();
    }

    @Test
    void durationsTakeUnitsAndDecimalsExactly() {
        assertEquals(100_000, ps("100ns"));
        assertEquals(1_500, ps("1.5ns"));
        assertEquals(500, ps(".5ns"));
        assertEquals(-250, ps("-250ps"));
        assertEquals(2_000_000, ps("2us"));
        assertEquals(2_000_000, ps("2µs"));
        assertEquals(1_000_000, ps("0.001ms"));
        assertEquals(100, ps("0.1ns"));
        assertEquals(new BigDecimal("0.5"), Durations.parsePs("0.5ps"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parsePs("100"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parsePs("ns"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parsePs("1e3ps"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parsePs("10 parsecs"));
    }

    @Test
    void durationsMustBeWholeTicks() {
        assertEquals(250, Durations.toTicks(Durations.parsePs("1ns"), 4.0, "x"));
        assertEquals(3, Durations.toTicks(Durations.parsePs("1.5ps"), 0.5, "x"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Durations.toTicks(Durations.parsePs("1.002ns"), 4.0, "--window pre length"));
        assertEquals("--window pre length: 1002 ps is not a whole number of the source's 4 ps ticks", e.getMessage());
    }

    @Test
    void windowAndDelaySpecs() {
        final WindowSpec w = WindowSpec.parse("meas=280ns:120.5ns");
        assertEquals("meas", w.name());
        assertEquals(280_000, w.startPs().longValueExact());
        assertEquals(120_500, w.lengthPs().longValueExact());
        assertEquals(-5_000, WindowSpec.parse("early=-5ns:1ns").startPs().longValueExact());
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.parse("pre=100ns"));
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.parse("pre=100ns:0ns"));
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.parse("=1ns:1ns"));
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.parse("pre=1ns:2ns:3ns"));
        final DelaySpec d = DelaySpec.parse("2=-1.5ns");
        assertEquals(2, d.channel());
        assertEquals(-1_500, d.ps().longValueExact());
        assertThrows(IllegalArgumentException.class, () -> DelaySpec.parse("x=1ns"));
        assertThrows(IllegalArgumentException.class, () -> DelaySpec.parse("300=1ns"));
    }

    @Test
    void optionsBecomeAConfigurationInTicks() {
        final AnalyzeCommand cmd = new AnalyzeCommand();
        new CommandLine(cmd).parseArgs("f.ptu", "--sync", "3", "--detectors", "1,2", "--window", "pre=100ns:100ns",
            "--window", "meas=280ns:120ns", "--delay", "2=-1.5ns", "--delay", "3=248ps", "--out", "o");
        final AnalysisConfig c = cmd.config(4.0, Durations.parsePs("1ns"));
        assertEquals(3, c.syncChannel());
        assertArrayEquals(new int[] {1, 2}, c.detectorChannels());
        assertEquals(List.of("pre", "meas"), c.windowNames());
        assertArrayEquals(new long[] {25_000, 70_000}, c.windowStarts());
        assertArrayEquals(new long[] {25_000, 30_000}, c.windowLengths());
        assertEquals(-375, c.delayOf(2));
        assertEquals(0, c.delayOf(1));
        assertEquals(62, c.gateConfig().syncDelay());
        assertArrayEquals(new long[] {0, -375}, c.gateConfig().detDelays());
        assertEquals(250, c.binTicks());
        assertEquals(8, c.maxDn());
        assertEquals("soft", c.engine());
        assertEquals(120, c.binsNeeded());
        final AnalyzeCommand half = new AnalyzeCommand();
        new CommandLine(half).parseArgs("f.ptu", "--detectors", "1,2", "--window", "pre=100ns:100ns",
            "--delay", "0=250ps", "--out", "o");
        final UsageException e = assertThrows(UsageException.class, () -> half.config(4.0, Durations.parsePs("1ns")));
        assertEquals("--delay 0: 250 ps is not a whole number of the source's 4 ps ticks", e.getMessage());
    }

    @Test
    void badWindowSpecIsAUsageErrorOnOneLine() {
        final CliRun r = CliRun.of("analyze", "x.ptu", "--detectors", "1,2", "--window", "pre=100ns", "--out", dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.oneErrorLine(), r.err());
        assertTrue(r.err().contains("NAME=START:LENGTH"), r.err());
    }

    @Test
    void missingFileIsAnInputErrorOnOneLine() {
        final Path missing = dir.resolve("nope.ptu");
        final CliRun r = CliRun.of("analyze", missing.toString(), "--detectors", "1,2", "--window", "pre=100ns:100ns",
            "--out", dir.resolve("o").toString());
        assertEquals(1, r.exit());
        assertEquals("pairgate: " + missing + ": no such file", r.err().strip());
    }

    @Test
    void corruptFileIsAnInputErrorOnOneLine() throws IOException {
        final Path bad = Files.writeString(dir.resolve("bad.ptu"), "this is not a PTU file at all, not even close");
        final CliRun r = CliRun.of("analyze", bad.toString(), "--detectors", "1,2", "--window", "pre=100ns:100ns",
            "--out", dir.resolve("o").toString());
        assertEquals(1, r.exit());
        assertTrue(r.oneErrorLine(), r.err());
        assertTrue(r.err().contains("bad.ptu"), r.err());
    }

    @Test
    void debugAddsTheStackTrace() throws IOException {
        final Path bad = Files.writeString(dir.resolve("bad.ptu"), "this is not a PTU file at all, not even close");
        final CliRun r = CliRun.of("analyze", bad.toString(), "--detectors", "1,2", "--window", "pre=100ns:100ns",
            "--out", dir.resolve("o").toString(), "--debug");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("pairgate: "));
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void usageErrors() throws IOException {
        final Path file = tinyFile(1.0);
        final String f = file.toString();
        final String out = dir.resolve("o").toString();
        final String[][] cases = {
            {"analyze", f, "--detectors", "1,2", "--window", "pre=100ns:100ns"},                                 // no --out
            {"analyze", f, "--detectors", "1,2", "--out", out},                                                  // no window
            {"analyze", f, "--detectors", "1,2", "--window", "pre=100ns:100ns", "--engine", "fpga", "--out", out},
            {"analyze", f, "--detectors", "1,2", "--window", "pre=100.5ps:100ns", "--out", out},                 // not whole ticks
            {"analyze", f, "--detectors", "1", "--window", "pre=100ns:100ns", "--out", out},                     // one detector
            {"analyze", f, "--detectors", "1,2", "--window", "pre=1ns:1ns", "--window", "pre=3ns:1ns", "--out", out},
            {"analyze", f, "--detectors", "1,2", "--window", "pre=0ns:1ms", "--bin", "1ps", "--out", out},       // too many bins
            {"analyze", f, "--detectors", "1,2", "--window", "pre=0ns:1ns", "--delay", "7=1ns", "--out", out},   // delay on no role
            {"analyze", f, "--detectors", "1,2", "--window", "pre=0ns:1ns", "--max-dn", "x", "--out", out},
            {"analyze", f, "--detectors", "1,2", "--window", "pre=0ns:1ns", "--delay", "2=1ns", "--delay", "2=2ns", "--out", out},
            {"analyse", f},
            {},
        };
        for (final String[] args : cases) {
            final CliRun r = CliRun.of(args);
            assertEquals(2, r.exit(), String.join(" ", args) + " -> " + r.err());
            assertTrue(r.oneErrorLine(), String.join(" ", args) + " -> " + r.err());
        }
        final CliRun ticks = CliRun.of(cases[3]);
        assertTrue(ticks.err().contains("100.5 ps is not a whole number of the source's 1 ps ticks"), ticks.err());
    }

    @Test
    void analyzesATinyFileAndPrintsASummary() throws IOException {
        final Path file = tinyFile(1.0);
        final Path out = dir.resolve("report");
        final CliRun r = CliRun.of("analyze", file.toString(), "--sync", "0", "--detectors", "1,2",
            "--window", "pre=10ns:10ns", "--window", "meas=30ns:10ns", "--delay", "2=-1ns", "--max-dn", "2", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("3 trials"), r.out());
        assertTrue(Files.exists(out.resolve("report.json")));
        assertTrue(Files.exists(out.resolve("report.md")));
    }

    @Test
    void rtlEngineRefusesWhatItsFixedShapeCannotCount() throws IOException {
        if (!org.pairgate.device.RtlDevice.isAvailable()) {
            // as every rtl test: skipped only when the build was told to skip the RTL engine
            org.junit.jupiter.api.Assumptions.assumeTrue(!"skip".equals(System.getProperty("pairgate.rtl", "require")),
                "rtl engine unavailable and pairgate.rtl=skip");
            org.junit.jupiter.api.Assertions.fail("rtl engine unavailable: " + org.pairgate.device.RtlDevice.unavailableReason());
        }
        final String f = tinyFile(1.0).toString();
        final String out = dir.resolve("o").toString();
        final String[][] cases = {
            {"--window", "a=1ns:1ns", "--window", "b=3ns:1ns", "--window", "c=5ns:1ns"},
            {"--window", "a=1ns:1ns"},
            {"--window", "a=1ns:1ns", "--window", "b=3ns:1ns", "--max-dn", "9"},
            {"--window", "a=1ns:1us", "--window", "b=3us:1ns"},
        };
        final String[] expect = {"configure exactly that many", "configure exactly that many", "--max-dn 9 exceeds",
            "choose a coarser --bin"};
        for (int i = 0; i < cases.length; i++) {
            final List<String> args = new java.util.ArrayList<>(List.of("analyze", f, "--detectors", "1,2", "--engine", "rtl",
                "--out", out));
            args.addAll(List.of(cases[i]));
            final CliRun r = CliRun.of(args.toArray(new String[0]));
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.oneErrorLine(), r.err());
            assertTrue(r.err().contains(expect[i]), r.err());
        }
    }

    @Test
    void demoAnalyzesASimulatedRun() throws IOException {
        final Path out = dir.resolve("demo");
        final CliRun r = CliRun.of("demo", "--scale", "0.002", "--engine", "soft", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("| g2_pre(0) |"), r.out());
        assertTrue(Files.exists(out.resolve("report.md")));
        assertTrue(Files.exists(out.resolve("report.json")));
    }

    @Test
    void validateSharedNeedsADirectory() {
        final CliRun r = CliRun.of("validate-shared", dir.resolve("none").toString());
        assertEquals(1, r.exit());
        assertTrue(r.oneErrorLine(), r.err());
    }

    @Test
    void anOutputPathThatIsAFileIsAnInputErrorOnOneLine() throws IOException {
        final Path file = tinyFile(1.0);
        final Path blocker = Files.writeString(dir.resolve("blocker"), "x");
        final CliRun r = CliRun.of("analyze", file.toString(), "--detectors", "1,2", "--window", "pre=10ns:10ns",
            "--out", blocker.toString());
        assertEquals(1, r.exit());
        assertTrue(r.oneErrorLine(), r.err());
        assertTrue(r.err().contains("blocker"), r.err());
    }

    @Test
    void helpExitsZero() {
        final CliRun r = CliRun.of("analyze", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("--window"));
    }

    /** Sync every 100 ns (4 syncs: 3 complete trials), a pair in window pre of trial 1 (detector 2 recorded 1 ns late). */
    private Path tinyFile(final double resolutionPs) throws IOException {
        final Path file = dir.resolve("tiny.ptu");
        try (PtuT2Writer w = PtuT2Writer.create(file, resolutionPs)) {
            w.write(0, 0);
            w.write(100_000, 0);
            w.write(112_000, 1);
            w.write(113_000, 2);
            w.write(200_000, 0);
            w.write(300_000, 0);
        }
        return file;
    }
}
