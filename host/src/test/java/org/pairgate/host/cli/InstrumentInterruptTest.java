package org.pairgate.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.host.journal.JournalReader;
import org.pairgate.host.sim.ToyModel;
import org.pairgate.host.sim.ToyPairSource;

/**
 * Ctrl-C in the middle of a live acquisition: a child JVM acquires from the MultiHarp stand-in
 * replaying at the file's recorded rate, receives SIGINT once its journal holds frames, and
 * must stop cleanly: measurement stopped, journal closed with its end marker, report written, and
 * {@code replay} of the journal reproducing that report byte for byte.
 */
class InstrumentInterruptTest {
    /** 4 s at the recorded rate (1 µs trials). */
    private static final long TRIALS = 4_000_000;

    @TempDir
    Path dir;

    /** This JVM's class path, with surefire's manifest-only booter jar expanded. */
    private static String classPath() throws Exception {
        final List<String> entries = new ArrayList<>();
        for (final String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.endsWith(".jar") && e.contains("surefire")) {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(e)) {
                    final String cp = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue("Class-Path");
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
        return String.join(File.pathSeparator, entries);
    }

    @Test
    void sigintMidRunLeavesAJournalThatReplays() throws Exception {
        final Path ptu = dir.resolve("long.ptu");
        AcquireCommandTest.writePtu(new ToyPairSource(ToyModel.standard(TRIALS), 5), ptu);
        final Path journal = dir.resolve("journal");
        final Path out = dir.resolve("out");
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("-Dchronicle.") || a.startsWith("-Dslf4j.")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(PairgateCli.class.getName());
        cmd.addAll(List.of(AcquireCommandTest.args("acquire", "--source", "multiharp:0", "--lib",
            StandIns.library("multiharp").toString(), "--frame-trials", "20000", "--journal", journal.toString(),
            "--out", out.toString())));
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
        pb.environment().put("PAIRGATE_STANDIN_PTU", ptu.toString());
        pb.environment().put("PAIRGATE_STANDIN_SPEED", "1");
        pb.environment().remove("PAIRGATE_STANDIN_FAULT");
        final Process p = pb.start();
        try {
            awaitFrames(p, journal, 3);
            final Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
            assertEquals(0, kill.waitFor());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child stops after SIGINT");
        } finally {
            p.destroyForcibly();
        }
        final String log = Files.readString(dir.resolve("child.log"));
        // the JVM exits 130 on SIGINT once the hook has finished; the report is what counts
        assertTrue(Files.exists(out.resolve("report.json")), log);
        final JsonNode rep = AcquireCommandTest.read(out);
        assertEquals("interrupted", rep.path("pipeline").path("stop").asText(), log);
        final long trials = rep.path("trials").asLong();
        assertTrue(trials > 0 && trials < TRIALS, "stopped mid-run: " + trials);
        assertEquals("stopped", rep.path("pipeline").path("source").path("instrument").path("end").asText());
        final Path replayed = dir.resolve("replayed");
        final CliRun r = CliRun.of("replay", journal.toString(), "--out", replayed.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("complete"), r.out());
        assertEquals(Files.readString(out.resolve("report.json")), Files.readString(replayed.resolve("report.json")));
    }

    private static void awaitFrames(final Process p, final Path journal, final long frames) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), "the acquisition ended before the interrupt");
            if (Files.isDirectory(journal)) {
                try (JournalReader r = JournalReader.open(journal)) {
                    r.readFrames(w -> { });
                    if (r.frames() >= frames) {
                        return;
                    }
                } catch (final java.io.IOException e) {
                    // not started yet
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no frames in the journal after 60 s");
    }
}
