package org.pairgate.host.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.PgMap;
import org.pairgate.host.journal.JournalReader;
import org.pairgate.host.sim.ToyModel;
import org.pairgate.host.sim.ToyPairSource;

/**
 * An acquisition in a child JVM, killed with SIGKILL (nothing runs: no hook, no close) or
 * stopped with SIGTERM (the Ctrl-C path: shutdown hook), then replayed.
 */
class AcquireKillTest {
    /** 3 s at the recorded rate (1 µs trials): long enough to be killed mid-run. */
    private static final long TRIALS = 3_000_000;

    @TempDir
    static Path dir;

    private static Path ptu;
    private static String classPath;

    @BeforeAll
    static void writeFile() throws IOException {
        ptu = dir.resolve("long.ptu");
        AcquireCommandTest.writePtu(new ToyPairSource(ToyModel.standard(TRIALS), 5), ptu);
        classPath = snapshotClassPath();
    }

    /**
     * This JVM's class path for the child, with the build's own output (class directories and
     * jars under a {@code target} directory) copied first: the child loads classes lazily, and
     * in a work tree shared with other builds {@code target/classes} may be rebuilt under it.
     * Surefire's manifest-only booter jar is expanded into its Class-Path entries.
     */
    private static String snapshotClassPath() throws IOException {
        final List<String> entries = new ArrayList<>();
        for (final String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.endsWith(".jar") && e.contains("surefire")) {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(e)) {
                    final String cp = jar.getManifest() == null ? null
                        : jar.getManifest().getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (final String url : cp.trim().split("\\s+")) {
                            entries.add(Path.of(java.net.URI.create(url)).toString());
                        }
                        continue;
                    }
                }
            }
            entries.add(e);
        }
        final List<String> out = new ArrayList<>();
        int i = 0;
        for (final String e : entries) {
            final Path p = Path.of(e);
            if (e.contains(File.separator + "target" + File.separator) || e.endsWith(File.separator + "target")
                || Files.isDirectory(p)) {
                final Path copy = dir.resolve("cp-" + i++ + (Files.isDirectory(p) ? "" : "-" + p.getFileName()));
                copyTree(p, copy);
                out.add(copy.toString());
            } else {
                out.add(e);
            }
        }
        return String.join(File.pathSeparator, out);
    }

    private static void copyTree(final Path from, final Path to) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        if (!Files.isDirectory(from)) {
            Files.copy(from, to);
            return;
        }
        try (var walk = Files.walk(from)) {
            for (final Path src : (Iterable<Path>) walk::iterator) {
                final Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst);
                }
            }
        }
    }

    /** `pairgate acquire --realtime` in a child JVM with this JVM's class path and Chronicle flags. */
    private static Process startAcquire(final Path journal, final Path out) throws IOException {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("-Dchronicle.") || a.startsWith("-Dslf4j.")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(PairgateCli.class.getName());
        for (final String a : AcquireCommandTest.args("acquire", "--source", ptu.toString(), "--realtime",
            "--frame-trials", "20000", "--journal", journal.toString(), "--out", out.toString())) {
            cmd.add(a);
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(journal.getFileName() + ".log")
            .toFile()).start();
    }

    /** Waits until the journal of a running child holds at least {@code frames} frames. */
    private static void awaitFrames(final Process p, final Path journal, final long frames) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), "the acquisition ended before it could be killed: "
                + Files.readString(dir.resolve(journal.getFileName() + ".log")));
            if (Files.isDirectory(journal)) {
                try (JournalReader r = JournalReader.open(journal)) {
                    r.readFrames(w -> { });
                    if (r.frames() >= frames) {
                        return;
                    }
                } catch (final IOException e) {
                    // not started yet (no metadata): poll again
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no frames in the journal after 60 s");
    }

    @Test
    void aJournalKilledMidRunReplaysUpToItsLastCompleteFrame() throws Exception {
        final Path journal = dir.resolve("killed");
        final Process p = startAcquire(journal, dir.resolve("killed-out"));
        try {
            awaitFrames(p, journal, 5);
        } finally {
            p.destroyForcibly(); // SIGKILL
            p.waitFor(30, TimeUnit.SECONDS);
        }
        assertFalse(Files.exists(dir.resolve("killed-out").resolve("report.json")), "killed before any report");

        // frames contiguous from SEQ 0, trial indices continuous, accounting balanced in each
        final long[] totals = new long[3];
        final boolean ended;
        final PgMap.FrameLayout l;
        try (JournalReader r = JournalReader.open(journal)) {
            l = r.metadata().layout();
            ended = r.readFrames(w -> {
                assertEquals(totals[0], w[l.offSeq], "SEQ");
                assertEquals(totals[1], w[l.offFirstTrial], "FIRST_TRIAL");
                totals[0]++;
                totals[1] += w[l.offTrials];
            });
        }
        assertFalse(ended, "a killed run has no end marker");
        assertTrue(totals[0] >= 5 && totals[1] < TRIALS, totals[0] + " frames, " + totals[1] + " trials");

        final Path out = dir.resolve("killed-replay");
        final CliRun r = CliRun.of("replay", journal.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("last complete frame"), r.out());
        final JsonNode rep = AcquireCommandTest.read(out);
        assertEquals(totals[1], rep.get("trials").asLong(), "trials = sum of the frames' trials");
        assertEquals(totals[0], rep.get("frames").asLong());
        long patterns = 0;
        for (final JsonNode n : rep.get("patterns")) {
            patterns += n.asLong();
        }
        assertEquals(totals[1], patterns, "patterns add up to the trials");
        assertTrue(rep.get("accounting").get("balanced").asBoolean(), "accounting invariant");
        assertFalse(rep.get("pipeline").get("complete").asBoolean());
    }

    @Test
    void sigtermStopsCleanlyWithJournalClosedAndReportWritten() throws Exception {
        final Path journal = dir.resolve("stopped");
        final Path out = dir.resolve("stopped-out");
        final Process p = startAcquire(journal, out);
        try {
            awaitFrames(p, journal, 3);
            p.destroy(); // SIGTERM: the shutdown hook path of Ctrl-C
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the acquisition stops");
        } finally {
            p.destroyForcibly();
        }
        final String log = Files.readString(dir.resolve("stopped.log"));
        final JsonNode rep = AcquireCommandTest.read(out);
        assertEquals("interrupted", rep.get("pipeline").get("stop").asText(), log);
        assertTrue(rep.get("pipeline").get("complete").asBoolean());
        assertTrue(rep.get("trials").asLong() > 0 && rep.get("trials").asLong() < TRIALS, log);
        assertTrue(rep.get("accounting").get("balanced").asBoolean());
        try (JournalReader r = JournalReader.open(journal)) {
            assertTrue(r.readFrames(w -> { }), "the journal has its end marker");
            assertNotNull(r.end());
        }
        final Path replayed = dir.resolve("stopped-replay");
        final CliRun r = CliRun.of("replay", journal.toString(), "--out", replayed.toString());
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(Files.readAllBytes(out.resolve("report.json")), Files.readAllBytes(replayed.resolve("report.json")));
        assertFalse(log.contains("Exception"), log);
        assertTrue(new File(out.toFile(), "report.md").isFile());
    }
}
