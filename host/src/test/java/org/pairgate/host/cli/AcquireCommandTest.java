package org.pairgate.host.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.LinkDevice;
import org.pairgate.device.RtlDevice;
import org.pairgate.device.TagBatch;
import org.pairgate.host.io.PtuT2Writer;
import org.pairgate.host.io.TagSource;
import org.pairgate.host.physics.ExperimentModel;
import org.pairgate.host.physics.ExperimentSource;
import org.pairgate.host.sim.ToyModel;
import org.pairgate.host.sim.ToyPairSource;

/**
 * {@code acquire} and {@code replay} through the CLI entry point, held against {@code analyze} of
 * the same file: identical trials, windows, patterns, fourfold and accounting sections, a
 * byte-identical report from replay, and the accounting invariant in every report.
 */
class AcquireCommandTest {
    static final String[] GATING = {"--sync", "0", "--detectors", "1,2", "--window", "pre=100ns:100ns",
        "--window", "meas=280ns:120ns", "--delay", "2=1.5ns", "--max-dn", "8", "--bin", "1ns"};
    /** Sections that must agree between analyze, acquire and replay. */
    static final String[] SECTIONS = {"trials", "windows", "patterns", "fourfold", "accounting", "cross_window", "source",
        "engine"};

    @TempDir
    static Path dir;

    private static Path ptu;
    private static JsonNode analyzed;

    @BeforeAll
    static void writeFileAndAnalyze() throws IOException {
        ptu = dir.resolve("toy.ptu");
        writePtu(new ToyPairSource(ToyModel.standard(300_000), 42), ptu);
        final CliRun r = CliRun.of(args("analyze", ptu.toString(), "--out", dir.resolve("analyze").toString()));
        assertEquals(0, r.exit(), r.err());
        analyzed = read(dir.resolve("analyze"));
    }

    static void writePtu(final TagSource source, final Path file) throws IOException {
        final TagBatch batch = new TagBatch(1 << 14);
        try (PtuT2Writer w = PtuT2Writer.create(file, source.resolutionPs())) {
            while (source.read(batch) > 0) {
                w.write(batch);
            }
        }
    }

    static String[] args(final String command, final String... rest) {
        final List<String> a = new ArrayList<>();
        a.add(command);
        final List<String> tail = List.of(rest);
        if ("analyze".equals(command)) {
            a.add(tail.get(0));
            a.addAll(List.of(GATING));
            a.addAll(tail.subList(1, tail.size()));
        } else {
            a.addAll(List.of(GATING));
            a.addAll(tail);
        }
        return a.toArray(new String[0]);
    }

    static JsonNode read(final Path out) throws IOException {
        return new ObjectMapper().readTree(out.resolve("report.json").toFile());
    }

    static void assertSameStatistics(final JsonNode expected, final JsonNode actual) {
        // the stationarity test's blocks are runs of frames: they depend on the frame cadence, not only on the tags
        final JsonNode want = org.pairgate.host.report.ReportJson.withoutFrameDependent(((ObjectNode) expected).deepCopy());
        final JsonNode got = org.pairgate.host.report.ReportJson.withoutFrameDependent(((ObjectNode) actual).deepCopy());
        for (final String key : SECTIONS) {
            assertEquals(want.get(key), got.get(key), "section " + key);
        }
        assertTrue(actual.path("accounting").path("balanced").asBoolean(), "accounting invariant");
    }

    @Test
    void acquireReplayAndAnalyzeAgree() throws IOException {
        for (final String wait : List.of("sleeping", "blocking", "yielding")) {
            final Path journal = dir.resolve("journal-" + wait);
            final Path out = dir.resolve("acquire-" + wait);
            final CliRun a = CliRun.of(args("acquire", "--source", ptu.toString(), "--frame-trials", "1000", "--wait", wait,
                "--label", "cal-2026-11", "--journal", journal.toString(), "--out", out.toString()));
            assertEquals(0, a.exit(), a.err());
            final JsonNode acquired = read(out);
            assertSameStatistics(analyzed, acquired);
            final JsonNode p = acquired.get("pipeline");
            assertTrue(p.get("complete").asBoolean());
            assertEquals(wait, p.get("wait_strategy").asText());
            assertEquals("end_of_source", p.get("stop").asText());
            assertEquals(acquired.get("frames").asLong(), p.get("frames").asLong());
            assertEquals(p.get("frames").asLong(), p.get("frames_journaled").asLong());
            assertEquals(acquired.path("accounting").path("tags").asLong(), p.get("tags_pushed").asLong());
            // frames every 1000 trials: each such close is a frame, or a merge when it fell due while the core's
            // 8-frame ring was full inside one 65536-tag push (frame format 2; no count is lost)
            final long closes = p.get("frames").asLong() + p.get("frame_merges").asLong();
            assertTrue(closes >= acquired.get("trials").asLong() / 1000 && acquired.get("frames").asLong() >= 30,
                "frames every 1000 trials: " + p);
            for (final String q : List.of("p50", "p99", "p99_9")) {
                assertTrue(p.get("latency_us").get(q).isNumber(), q);
            }
            assertEquals(0, p.get("records_dropped").asLong());
            assertEquals(0, acquired.path("accounting").path("sync_dropped").asLong());
            assertTrue(p.get("words_pushed").asLong() <= p.get("tags_pushed").asLong(), "a sync-run word is one or more tags");
            assertTrue(p.has("backpressure_waits"));

            final Path replayed = dir.resolve("replay-" + wait);
            final CliRun r = CliRun.of("replay", journal.toString(), "--out", replayed.toString());
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("complete"), r.out());
            assertArrayEquals(Files.readAllBytes(out.resolve("report.json")), Files.readAllBytes(replayed.resolve("report.json")),
                "replay reproduces report.json byte for byte");
        }
    }

    @Test
    void simSourceStopsAtExactlyTheTrialLimit() throws IOException {
        final Path out = dir.resolve("sim-out");
        final CliRun a = CliRun.of(args("acquire", "--source", "sim", "--trials", "25000", "--seed", "7",
            "--journal", dir.resolve("sim-journal").toString(), "--out", out.toString(), "--progress"));
        assertEquals(0, a.exit(), a.err());
        final JsonNode rep = read(out);
        assertEquals(25_000, rep.get("trials").asLong());
        assertEquals("trials", rep.get("pipeline").get("stop").asText());
        assertTrue(rep.path("accounting").path("balanced").asBoolean());
        assertTrue(a.err().contains("trials/s") && a.err().contains("g2(0)"), "live view: " + a.err());

        // the same trials of the physics simulator (paper preset, same seed) through a file and analyze
        final Path file = dir.resolve("sim.ptu");
        writePtu(new ExperimentSource(ExperimentModel.paper().withTrials(25_000), 7), file);
        final CliRun an = CliRun.of(args("analyze", file.toString(), "--out", dir.resolve("sim-analyze").toString()));
        assertEquals(0, an.exit(), an.err());
        final JsonNode expected = read(dir.resolve("sim-analyze"));
        for (final String key : List.of("trials", "windows", "patterns", "fourfold")) {
            assertEquals(expected.get(key), rep.get(key), key);
        }
    }

    /** Sockets this JVM holds (Linux: /proc/self/fd links to "socket:[...]"); -1 elsewhere. */
    static long sockets() throws IOException {
        final Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        long n = 0;
        try (var list = Files.list(fds)) {
            for (final Path fd : (Iterable<Path>) list::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        n++;
                    }
                } catch (final IOException e) {
                    // closed meanwhile
                }
            }
        }
        return n;
    }

    @Test
    void noTelemetryAndNoSocket() throws Exception {
        final long before = sockets();
        Assumptions.assumeTrue(before >= 0, "needs /proc/self/fd");
        assertEquals("true", System.getProperty("chronicle.analytics.disable"), "the test runner passes the flag");
        final CliRun a = CliRun.of(args("acquire", "--source", ptu.toString(), "--journal", dir.resolve("nosock").toString(),
            "--out", dir.resolve("nosock-out").toString()));
        assertEquals(0, a.exit(), a.err());
        Thread.sleep(500); // analytics, were they on, are sent asynchronously
        assertEquals(before, sockets(), "acquire opened a socket");
        assertEquals("", a.err(), "nothing on stderr (no SLF4J or Chronicle chatter)");
    }

    @Test
    void realtimePacesTheFileAtItsRecordedRate() throws IOException {
        // 300000 trials of 1 µs: 0.3 s as recorded
        final Path out = dir.resolve("realtime-out");
        final CliRun a = CliRun.of(args("acquire", "--source", ptu.toString(), "--realtime", "--journal",
            dir.resolve("realtime-journal").toString(), "--out", out.toString()));
        assertEquals(0, a.exit(), a.err());
        final JsonNode rep = read(out);
        assertSameStatistics(analyzed, rep);
        final double elapsed = rep.get("pipeline").get("elapsed_s").asDouble();
        assertTrue(elapsed >= 0.29, "paced: " + elapsed + " s");
        assertTrue(rep.get("pipeline").get("realtime").asBoolean());
    }

    @Test
    void durationStopsTheSimulatorOnTheWallClock() throws IOException {
        final Path out = dir.resolve("duration-out");
        final CliRun a = CliRun.of(args("acquire", "--source", "sim", "--duration", "300ms", "--wait", "sleeping",
            "--journal", dir.resolve("duration-journal").toString(), "--out", out.toString()));
        assertEquals(0, a.exit(), a.err());
        final JsonNode rep = read(out);
        assertEquals("duration", rep.get("pipeline").get("stop").asText());
        assertTrue(rep.get("pipeline").get("elapsed_s").asDouble() >= 0.3);
        assertTrue(rep.get("trials").asLong() > 0);
        assertTrue(rep.path("accounting").path("balanced").asBoolean());
        final CliRun r = CliRun.of("replay", dir.resolve("duration-journal").toString(), "--out",
            dir.resolve("duration-replay").toString());
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(Files.readAllBytes(out.resolve("report.json")),
            Files.readAllBytes(dir.resolve("duration-replay").resolve("report.json")));
    }

    @Test
    void rtlEngineAgreesWithAnalyze() throws IOException {
        Assumptions.assumeTrue(RtlDevice.isAvailable(), "the Verilated firmware library is not built");
        final Path file = dir.resolve("small.ptu");
        writePtu(new ToyPairSource(ToyModel.standard(20_000), 3), file);
        final CliRun an = CliRun.of(args("analyze", file.toString(), "--engine", "rtl", "--out", dir.resolve("rtl-an").toString()));
        assertEquals(0, an.exit(), an.err());
        final CliRun a = CliRun.of(args("acquire", "--source", file.toString(), "--engine", "rtl", "--frame-trials", "500",
            "--journal", dir.resolve("rtl-journal").toString(), "--out", dir.resolve("rtl-acq").toString()));
        assertEquals(0, a.exit(), a.err());
        assertSameStatistics(read(dir.resolve("rtl-an")), read(dir.resolve("rtl-acq")));
    }

    /** Engine link (fpga/README.md "Link front end"): acquire and analyze through the link front end give soft's statistics. */
    @Test
    void linkEngineAgreesWithSoft() throws IOException {
        Assumptions.assumeTrue(LinkDevice.isAvailable(), "the Verilated link library is not built");
        final Path file = dir.resolve("small-link.ptu");
        writePtu(new ToyPairSource(ToyModel.standard(20_000), 5), file);
        final CliRun soft = CliRun.of(args("analyze", file.toString(), "--engine", "soft", "--out", dir.resolve("soft-an").toString()));
        assertEquals(0, soft.exit(), soft.err());
        final CliRun an = CliRun.of(args("analyze", file.toString(), "--engine", "link", "--out", dir.resolve("link-an").toString()));
        assertEquals(0, an.exit(), an.err());
        final CliRun a = CliRun.of(args("acquire", "--source", file.toString(), "--engine", "link", "--frame-trials", "500",
            "--journal", dir.resolve("link-journal").toString(), "--out", dir.resolve("link-acq").toString()));
        assertEquals(0, a.exit(), a.err());
        assertSameStatistics(read(dir.resolve("link-an")), read(dir.resolve("link-acq")));
        for (final String key : SECTIONS) {
            if (!key.equals("engine")) {
                assertEquals(read(dir.resolve("soft-an")).get(key), read(dir.resolve("link-an")).get(key), "section " + key);
            }
        }
        assertEquals(0, read(dir.resolve("link-acq")).get("accounting").get("dropped_at_input").asLong());
        final CliRun r = CliRun.of("replay", dir.resolve("link-journal").toString(), "--out", dir.resolve("link-replay").toString());
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("link-acq").resolve("report.json")),
            Files.readAllBytes(dir.resolve("link-replay").resolve("report.json")));
    }

    @Test
    void wrongCommandLinesAreOneLineErrors() throws IOException {
        CliRun r = CliRun.of(args("acquire", "--source", ptu.toString(), "--wait", "spin-forever",
            "--journal", dir.resolve("e1").toString(), "--out", dir.resolve("e1o").toString()));
        assertEquals(PairgateCli.EXIT_USAGE, r.exit());
        assertTrue(r.oneErrorLine(), r.err());
        assertTrue(r.err().contains("--wait"), r.err());

        r = CliRun.of(args("acquire", "--source", "sim", "--journal", dir.resolve("e2").toString(),
            "--out", dir.resolve("e2o").toString()));
        assertEquals(PairgateCli.EXIT_USAGE, r.exit());
        assertTrue(r.oneErrorLine(), r.err());

        r = CliRun.of(args("acquire", "--source", dir.resolve("missing.ptu").toString(), "--journal",
            dir.resolve("e3").toString(), "--out", dir.resolve("e3o").toString()));
        assertEquals(PairgateCli.EXIT_INPUT, r.exit());
        assertTrue(r.oneErrorLine(), r.err());

        final Path used = dir.resolve("used-journal");
        assertEquals(0, CliRun.of(args("acquire", "--source", "sim", "--trials", "100", "--journal", used.toString(),
            "--out", dir.resolve("e4o").toString())).exit());
        r = CliRun.of(args("acquire", "--source", "sim", "--trials", "100", "--journal", used.toString(),
            "--out", dir.resolve("e5o").toString()));
        assertEquals(PairgateCli.EXIT_INPUT, r.exit());
        assertTrue(r.oneErrorLine() && r.err().contains("already holds a journal"), r.err());

        r = CliRun.of("replay", dir.resolve("no-such-journal").toString(), "--out", dir.resolve("e6o").toString());
        assertEquals(PairgateCli.EXIT_INPUT, r.exit());
        assertTrue(r.oneErrorLine(), r.err());
        assertFalse(Files.exists(dir.resolve("e6o")));
    }
}
