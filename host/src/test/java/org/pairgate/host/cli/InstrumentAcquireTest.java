package org.pairgate.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.host.sim.ToyModel;
import org.pairgate.host.sim.ToyPairSource;

/**
 * {@code acquire --source multiharp|hydraharp} against the stand-ins of MHLib and HHLib
 * (instruments/native), which replay a PTU file through the vendor ABI: the statistics equal
 * analyze's of the file, in T2 and T3, for both libraries; every scripted fault gives its
 * documented counter, message and exit code, and nothing else changes.
 */
class InstrumentAcquireTest {
    /** The sections that must agree between analyze of the file and acquire from the instrument. */
    static final String[] SECTIONS = {"trials", "windows", "patterns", "fourfold", "accounting", "cross_window"};

    @TempDir
    static Path dir;

    static Path t2;
    static Path t3;
    static JsonNode t2Analyzed;
    static JsonNode t3Analyzed;
    private static int run;

    @BeforeAll
    static void files() throws IOException {
        t2 = dir.resolve("toy-t2.ptu");
        AcquireCommandTest.writePtu(new ToyPairSource(ToyModel.standard(200_000), 11), t2);
        t3 = dir.resolve("toy-t3.ptu");
        StandIns.writeT3(t3, 400_000, 1_000_000, 12);
        t2Analyzed = analyze(t2, "t2-analyze");
        t3Analyzed = analyze(t3, "t3-analyze");
    }

    @AfterEach
    void clear() {
        StandIns.script(null, null, null);
    }

    private static JsonNode analyze(final Path file, final String out) throws IOException {
        final CliRun r = CliRun.of(AcquireCommandTest.args("analyze", file.toString(), "--out", dir.resolve(out).toString()));
        assertEquals(0, r.exit(), r.err());
        return AcquireCommandTest.read(dir.resolve(out));
    }

    /** acquire from the stand-in of {@code kind} replaying {@code file}; extra args after. */
    private CliRun acquire(final String kind, final Path file, final String faults, final String... extra) {
        return acquireAt("max", kind, file, faults, extra);
    }

    private CliRun acquireAt(final String speed, final String kind, final Path file, final String faults, final String... extra) {
        StandIns.script(file, speed, faults);
        final String name = "run-" + (run++) + "-" + kind;
        final List<String> a = new ArrayList<>(List.of("--source", kind + ":0", "--lib", StandIns.library(kind).toString(),
            "--journal", dir.resolve(name + "-journal").toString(), "--out", dir.resolve(name).toString()));
        a.addAll(List.of(extra));
        lastOut = dir.resolve(name);
        lastJournal = dir.resolve(name + "-journal");
        return CliRun.of(AcquireCommandTest.args("acquire", a.toArray(new String[0])));
    }

    private Path lastOut;
    private Path lastJournal;

    private static void assertSame(final JsonNode expected, final JsonNode actual) {
        for (final String key : SECTIONS) {
            assertEquals(expected.get(key), actual.get(key), "section " + key);
        }
        assertTrue(actual.path("trials").asLong() > 1000, "a real run");
    }

    private static JsonNode instrument(final JsonNode report) {
        return report.path("pipeline").path("source").path("instrument");
    }

    @Test
    void multiharpT2EqualsAnalyzeAndReplays() throws IOException {
        final CliRun r = acquire("multiharp", t2, null);
        assertEquals(0, r.exit(), r.err() + r.out());
        final JsonNode rep = AcquireCommandTest.read(lastOut);
        assertSame(t2Analyzed, rep);
        final JsonNode inst = instrument(rep);
        assertEquals("multiharp", inst.path("kind").asText());
        assertEquals("0x00010207", inst.path("record_type").asText());
        assertEquals(1_048_576, inst.path("fifo_block_records").asInt());
        assertFalse(inst.path("data_lost").asBoolean());
        assertEquals("acquisition time over", inst.path("end").asText());
        assertTrue(r.out().contains("instrument: multiharp 0:"), r.out());
        // the journal replays to the same report, the instrument section included
        final Path replayed = dir.resolve("replay-" + run);
        final CliRun rp = CliRun.of("replay", lastJournal.toString(), "--out", replayed.toString());
        assertEquals(0, rp.exit(), rp.err());
        assertEquals(Files.readString(lastOut.resolve("report.json")), Files.readString(replayed.resolve("report.json")));
    }

    @Test
    void multiharpT3EqualsAnalyze() throws IOException {
        final CliRun r = acquire("multiharp", t3, null, "--mode", "T3");
        assertEquals(0, r.exit(), r.err() + r.out());
        final JsonNode rep = AcquireCommandTest.read(lastOut);
        assertSame(t3Analyzed, rep);
        assertEquals("T3", instrument(rep).path("mode").asText());
        assertEquals(1_000_000, instrument(rep).path("sync_rate_hz").asInt());
    }

    @Test
    void hydraharpT2AndT3EqualAnalyze() throws IOException {
        CliRun r = acquire("hydraharp", t2, null);
        assertEquals(0, r.exit(), r.err() + r.out());
        assertSame(t2Analyzed, AcquireCommandTest.read(lastOut));
        assertEquals(131_072, instrument(AcquireCommandTest.read(lastOut)).path("fifo_block_records").asInt());
        assertEquals("0x01010204", instrument(AcquireCommandTest.read(lastOut)).path("record_type").asText());
        r = acquire("hydraharp", t3, null, "--mode", "T3");
        assertEquals(0, r.exit(), r.err() + r.out());
        assertSame(t3Analyzed, AcquireCommandTest.read(lastOut));
    }

    @Test
    void timeharpPAndNEqualAnalyze() throws IOException {
        // the T2 file's record type is HydraHarp's: the stand-in plays a TimeHarp 260 P (CFD triggers)
        CliRun r = acquire("timeharp", t2, null);
        assertEquals(0, r.exit(), r.err() + r.out());
        assertSame(t2Analyzed, AcquireCommandTest.read(lastOut));
        assertEquals("0x00010206", instrument(AcquireCommandTest.read(lastOut)).path("record_type").asText());
        // a TimeHarp 260 N file: edge triggers, its own record type
        final Path nano = dir.resolve("th260n-t3.ptu");
        StandIns.writeT3(nano, 200_000, 1_000_000, 13, 0x00010305);
        final JsonNode expected = analyze(nano, "th260n-analyze");
        r = acquire("timeharp", nano, null, "--mode", "T3");
        assertEquals(0, r.exit(), r.err() + r.out());
        assertSame(expected, AcquireCommandTest.read(lastOut));
        final JsonNode inst = instrument(AcquireCommandTest.read(lastOut));
        assertEquals("0x00010305", inst.path("record_type").asText());
        assertTrue(inst.path("model").asText().contains("260 N"), inst.toString());
        assertEquals(131_072, inst.path("fifo_block_records").asInt());
    }

    @Test
    void aTrialLimitStopsTheInstrument() throws IOException {
        final CliRun r = acquire("multiharp", t2, null, "--trials", "5000");
        assertEquals(0, r.exit(), r.err() + r.out());
        final JsonNode rep = AcquireCommandTest.read(lastOut);
        assertEquals(5000, rep.path("trials").asLong());
        assertEquals("trials", rep.path("pipeline").path("stop").asText());
        assertEquals("stopped", instrument(rep).path("end").asText());
    }

    @Test
    void theDurationIsTheInstrumentsAcquisitionTime() throws IOException {
        // 60 ms of a 200 ms recording at its recorded rate: the measurement ends on time, by the
        // library's acquisition time (CTC status) or the pipeline's clock, whichever comes first
        final CliRun r = acquireAt("1", "hydraharp", t2, null, "--duration", "60ms");
        assertEquals(0, r.exit(), r.err() + r.out());
        final JsonNode rep = AcquireCommandTest.read(lastOut);
        final long trials = rep.path("trials").asLong();
        assertTrue(trials > 0 && trials < t2Analyzed.path("trials").asLong(), "ended early: " + trials);
        assertTrue(List.of("duration", "end_of_source").contains(rep.path("pipeline").path("stop").asText()), rep.toString());
        assertTrue(List.of("acquisition time over", "stopped").contains(instrument(rep).path("end").asText()),
            instrument(rep).toString());
        assertTrue(rep.path("accounting").path("balanced").asBoolean());
    }

    @Test
    void fifoOverrunEndsTheRunSaysSoAndExits3() throws IOException {
        final CliRun r = acquire("multiharp", t2, "fifofull=100000");
        assertEquals(AcquireCommand.EXIT_DATA_LOST, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("INSTRUMENT LOST DATA: FIFO overrun after 100000 records"), r.out());
        final JsonNode rep = AcquireCommandTest.read(lastOut);
        final JsonNode inst = instrument(rep);
        assertEquals(100_000, inst.path("records").asLong());
        assertEquals(100_000, inst.path("fifo_full_at_record").asLong());
        assertEquals("fifo_full", inst.path("flags_seen").get(0).asText());
        assertTrue(inst.path("data_lost").asBoolean());
        assertEquals("FIFO overrun", inst.path("end").asText());
        final long trials = rep.path("trials").asLong();
        assertTrue(trials > 0 && trials < t2Analyzed.path("trials").asLong(), "the run ended at the overrun: " + trials);
        assertTrue(rep.path("accounting").path("balanced").asBoolean());
        // accepted with --allow-loss
        final CliRun ok = acquire("multiharp", t2, "fifofull=100000", "--allow-loss");
        assertEquals(0, ok.exit(), ok.err() + ok.out());
        assertTrue(ok.out().contains("INSTRUMENT LOST DATA: FIFO overrun"), ok.out());
    }

    @Test
    void countsDroppedIsReportedAndNothingElseChanges() throws IOException {
        final CliRun r = acquire("multiharp", t2, "dropped=50000");
        assertEquals(AcquireCommand.EXIT_DATA_LOST, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("INSTRUMENT LOST DATA: counts dropped"), r.out());
        final JsonNode rep = AcquireCommandTest.read(lastOut);
        assertSame(t2Analyzed, rep);    // the stand-in raises the flag without altering records
        final JsonNode inst = instrument(rep);
        assertTrue(inst.path("counts_dropped_at_record").asLong() >= 50_000, inst.toString());
        assertEquals("counts_dropped", inst.path("flags_seen").get(0).asText());
    }

    @Test
    void slowReadsChangeNothingButTheReadTime() throws IOException {
        final CliRun r = acquire("hydraharp", t2, "slow=30");
        assertEquals(0, r.exit(), r.err() + r.out());
        final JsonNode rep = AcquireCommandTest.read(lastOut);
        assertSame(t2Analyzed, rep);
        assertTrue(instrument(rep).path("max_read_ms").asDouble() >= 30, instrument(rep).toString());
    }

    @Test
    void warningsAreReportedWithTheirText() throws IOException {
        final CliRun r = acquire("multiharp", t2, "warnings=0x10");
        assertEquals(0, r.exit(), r.err() + r.out());
        final JsonNode inst = instrument(AcquireCommandTest.read(lastOut));
        assertEquals(0x10, inst.path("warnings").asInt());
        assertTrue(inst.path("warnings_text").asText().contains("rate is zero"), inst.toString());
        assertTrue(r.out().contains("warnings 0x10"), r.out());
    }

    @Test
    void vendorErrorsAreOneLine() {
        CliRun r = acquire("multiharp", t2, "error=60000:-37");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.oneErrorLine(), r.err());
        assertEquals("pairgate: multiharp 0: USB bulk read failed (code -37)", r.err().strip());
        r = acquire("hydraharp", t2, "open");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.oneErrorLine(), r.err());
        assertTrue(r.err().startsWith("pairgate: hydraharp 0: device open failed") && r.err().strip().endsWith("(code -1)"), r.err());
        // the wrong mode for the replayed file: the library's invalid-mode error
        r = acquire("multiharp", t2, null, "--mode", "T3");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().strip().endsWith("(code -18)"), r.err());
    }

    @Test
    void aMissingLibrarySaysWhereItLooked() {
        StandIns.script(t2, "max", null);
        CliRun r = CliRun.of(AcquireCommandTest.args("acquire", "--source", "hydraharp", "--lib", "/nonexistent/libhh400.so",
            "--journal", dir.resolve("nolib-j").toString(), "--out", dir.resolve("nolib").toString()));
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.oneErrorLine(), r.err());
        assertTrue(r.err().contains("/nonexistent/libhh400.so: no such file"), r.err());
        // (a machine with PicoQuant's MHLib installed finds it: nothing to check there)
        org.junit.jupiter.api.Assumptions.assumeTrue(org.pairgate.instruments.VendorLibraries.installLocations("multiharp").stream()
            .noneMatch(Files::exists), "MHLib is installed on this machine");
        r = CliRun.of(AcquireCommandTest.args("acquire", "--source", "multiharp:0",
            "--journal", dir.resolve("nolib2-j").toString(), "--out", dir.resolve("nolib2").toString()));
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.oneErrorLine(), r.err());
        assertTrue(r.err().contains("vendor library not found; looked in /usr/local/lib64/mh150/mhlib.so"), r.err());
        assertTrue(r.err().contains("libmh150.so on the system library path"), r.err());
    }

    @Test
    void wrongCommandLines() {
        CliRun r = acquire("multiharp", t2, null, "--realtime");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--realtime has no meaning for an instrument"), r.err());
        r = acquire("multiharp", t2, null, "--mode", "T4");
        assertEquals(2, r.exit(), r.err());
        r = CliRun.of(AcquireCommandTest.args("acquire", "--source", "idq:localhost", "--journal", dir.resolve("idq-j").toString(),
            "--out", dir.resolve("idq").toString()));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("not publicly specified"), r.err());
    }

    @Test
    void settingsFileIsReadAndCheckedAndUnknownKeysRejected() throws IOException {
        final Path good = dir.resolve("mh.properties");
        Files.writeString(good, "sync.divider = 1\nsync.level = -60\nsync.edge = falling\ninput.offset = 0\ninput.1.enable = true\n");
        CliRun r = acquire("multiharp", t2, null, "--instrument", good.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(good.toString(), instrument(AcquireCommandTest.read(lastOut)).path("settings").asText());
        final Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "sync.divder = 2\n");
        r = acquire("multiharp", t2, null, "--instrument", bad.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.oneErrorLine(), r.err());
        assertTrue(r.err().contains("unknown setting 'sync.divder'"), r.err());
        final Path range = dir.resolve("range.properties");
        Files.writeString(range, "sync.divider = 17\n");
        r = acquire("multiharp", t2, null, "--instrument", range.toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals("pairgate: multiharp 0: invalid argument (code -17)", r.err().strip());
    }
}
