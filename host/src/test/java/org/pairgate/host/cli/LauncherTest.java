package org.pairgate.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The launcher {@code ./pairgate} (issue 15, start-up): runs host/src/test/launcher/launcher-test.sh
 * on it. That script copies the launcher into a throw-away tree with stand-ins for mvn and java and
 * checks that it builds on first use, not again while nothing changed, and again when a C or Java
 * source or the pom is newer than the build stamp; that the pom's JVM flags are cached and follow
 * the pom; that JNA's dispatch library and the empty JNA platform path (no {@code ldconfig -p})
 * are given where they should be; and that the static CDS archive is made and mapped with the
 * relocation flag only when the JVM took it, and made again when a jar is newer; that one {@code find}
 * answers both the rebuild check and the small-file check (a data file newer than the stamp rebuilds
 * nothing); that java's binary is resolved once and again when PATH's java changes; and that the root
 * is clean however the launcher is called; and that analyze runs on host/target/classpath-analysis.txt,
 * other commands on the full class path (AnalysisClassPathTest holds that short class path to the full
 * one on every option). The launcher is a bash script, so the checks are too;
 * this class only puts them into Maven's test run.
 */
class LauncherTest {
    @Test
    void launcherChecks() throws Exception {
        final Path root = Path.of(System.getProperty("pairgate.root", "..")).toAbsolutePath().normalize();
        final Path script = root.resolve("host/src/test/launcher/launcher-test.sh");
        assertTrue(Files.isRegularFile(script), script + " is missing");
        final Process p = new ProcessBuilder("bash", script.toString(), root.resolve("pairgate").toString())
            .redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "launcher-test.sh did not finish:\n" + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("0 check(s) failed"), out);
    }
}
