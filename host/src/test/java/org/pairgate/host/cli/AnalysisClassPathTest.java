package org.pairgate.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.RtlDevice;
import org.pairgate.host.io.PtuT2Writer;
import org.pairgate.host.io.RawTagWriter;
import org.pairgate.host.io.TagFileWriter;

/**
 * The class path of analyze, correlate, info and find-delay (issue 15, start-up): the launcher runs
 * these four on host/target/classpath-analysis.txt, the runtime class path without the jars of the
 * journal, the acquisition pipeline and the web view (host/pom.xml, pairgate.analysis.excludeGroupIds),
 * because JNA's start of java.util.logging looks into every jar of the class path. A class of a
 * rare option missing from that class path would fail only at run time, so this test runs every
 * option of the four commands, on every input format and on their error paths, in a child JVM on
 * that class path and in one on the full class path, and wants the same exit code, the same output
 * and the same files, byte for byte. The two class paths come from the same Maven configuration as
 * the launcher's (target/test-classpath-*.txt, written before the tests).
 */
class AnalysisClassPathTest {
    private static final String CLI = "org.pairgate.host.cli.PairgateCli";

    @TempDir
    Path dir;

    @Test
    void everyOptionOfTheFourCommandsRunsTheSameOnTheShortClassPath() throws Exception {
        final Path target = Path.of("target").toAbsolutePath();
        final String classes = target.resolve("classes").toString();
        final String shortCp = classes + ":" + Files.readString(target.resolve("test-classpath-analysis.txt")).strip();
        final String fullCp = classes + ":" + Files.readString(target.resolve("test-classpath-full.txt")).strip();
        assertFalse(shortCp.contains("chronicle-queue"), "the analysis class path still has the journal: " + shortCp);
        assertTrue(shortCp.split(":").length < fullCp.split(":").length);
        for (final String entry : shortCp.split(":")) {
            assertTrue(fullCp.contains(entry), entry + " is not on the full class path");
        }

        final Path t2 = t2File(dir.resolve("t2.ptu"));
        final Path raw = rawFile(dir.resolve("t2.raw"));
        final Path qutag = qutagFile(dir.resolve("t.qutag"));
        final Path corrupt = Files.write(dir.resolve("corrupt.ptu"), "PQTTTR\0\0garbage".getBytes(StandardCharsets.ISO_8859_1));
        final String ht2 = resource("legacy/v20.ht2");
        final String ht3 = resource("legacy/v20.ht3");
        final String v30 = resource("ptu/v30_t2.ptu");
        final String[] gating = {"--sync", "0", "--detectors", "1,2", "--window", "pre=100ns:100ns", "--window",
            "meas=280ns:120ns", "--bin", "1ns", "--max-dn", "8"};

        final List<String[]> cases = new ArrayList<>();
        cases.add(cat(new String[] {"analyze", t2.toString()}, gating, new String[] {"--out", "@OUT"}));
        cases.add(cat(new String[] {"analyze", t2.toString()}, gating, new String[] {"--delay", "2=1ns", "--delay", "1=-2ns",
            "--frame-trials", "300", "--records", "@OUT/records.csv", "--engine", "soft", "--out", "@OUT"}));
        cases.add(cat(new String[] {"analyze", t2.toString()}, gating, new String[] {"--frame-trials", "0", "--out", "@OUT"}));
        if (RtlDevice.isAvailable()) {
            cases.add(cat(new String[] {"analyze", t2.toString()}, gating, new String[] {"--engine", "rtl", "--out", "@OUT"}));
            cases.add(cat(new String[] {"analyze", t2.toString()}, gating, new String[] {"--engine", "link", "--out", "@OUT"}));
        }
        cases.add(cat(new String[] {"analyze", raw.toString()}, gating, new String[] {"--out", "@OUT"}));
        cases.add(cat(new String[] {"analyze", v30}, gating, new String[] {"--out", "@OUT"}));
        cases.add(cat(new String[] {"analyze", ht2}, gating, new String[] {"--out", "@OUT"}));
        cases.add(new String[] {"analyze", ht3, "--detectors", "1,2", "--window", "a=1ns:4ns", "--window", "b=6ns:4ns",
            "--bin", "1ns", "--out", "@OUT"});
        cases.add(new String[] {"analyze", qutag.toString(), "--sync", "5", "--detectors", "1,2", "--window", "a=0ns:1ns",
            "--bin", "1ps", "--out", "@OUT"});
        cases.add(cat(new String[] {"analyze", corrupt.toString()}, gating, new String[] {"--debug", "--out", "@OUT"}));
        cases.add(cat(new String[] {"analyze", dir.resolve("missing.ptu").toString()}, gating, new String[] {"--out", "@OUT"}));
        cases.add(new String[] {"analyze", t2.toString(), "--detectors", "1,2", "--window", "bad", "--out", "@OUT"});
        cases.add(new String[] {"analyze", "--help"});
        cases.add(new String[] {"correlate", t2.toString(), "--channels", "1,2", "--range", "500ns", "--bin", "1ns", "--out", "@OUT"});
        cases.add(new String[] {"correlate", t2.toString(), "--channels", "2,2", "--range", "200ns", "--bin", "2ns",
            "--normalize", "--out", "@OUT"});
        cases.add(new String[] {"correlate", t2.toString(), "--channels", "0,1", "--range", "2us", "--bin", "1ns",
            "--normalize", "pulsed", "--period", "1us", "--out", "@OUT"});
        cases.add(new String[] {"correlate", ht3, "--channels", "1,2", "--range", "2us", "--bin", "1ns",
            "--normalize", "pulsed", "--out", "@OUT"});
        cases.add(new String[] {"correlate", raw.toString(), "--channels", "1,2", "--range", "600ns", "--bin", "3ns", "--out", "@OUT"});
        cases.add(new String[] {"correlate", corrupt.toString(), "--channels", "1,2", "--range", "1ns", "--bin", "1ns", "--debug",
            "--out", "@OUT"});
        cases.add(new String[] {"correlate", "--help"});
        cases.add(new String[] {"find-delay", t2.toString(), "--channels", "1,2"});
        cases.add(new String[] {"find-delay", t2.toString(), "--channels", "1,2", "--range", "50ns", "--bin", "1ns"});
        cases.add(new String[] {"find-delay", raw.toString(), "--channels", "1,2", "--debug"});
        cases.add(new String[] {"find-delay", "--help"});
        for (final String f : new String[] {t2.toString(), raw.toString(), qutag.toString(), ht2, ht3, v30}) {
            cases.add(new String[] {"info", f});
            cases.add(new String[] {"info", "--json", f});
        }
        cases.add(new String[] {"info", corrupt.toString(), "--debug"});
        cases.add(new String[] {"info", "--help"});

        // the cases that must fail (error paths: a corrupt, missing or truncated file, a bad option);
        // every other case must work, so that the classes of its option are loaded on both class paths
        final List<String> failing = List.of(corrupt.toString(), dir.resolve("missing.ptu").toString(), "bad", ht2);
        for (int i = 0; i < cases.size(); i++) {
            final Run onShort = run(shortCp, cases.get(i), dir.resolve("short-" + i));
            final Run onFull = run(fullCp, cases.get(i), dir.resolve("full-" + i));
            final String what = String.join(" ", cases.get(i));
            assertEquals(onFull.exit, onShort.exit, what + "\nshort class path:\n" + onShort.err + "\nfull:\n" + onFull.err);
            assertEquals(onFull.out, onShort.out, what);
            assertEquals(onFull.err, onShort.err, what);
            assertEquals(onFull.files.keySet(), onShort.files.keySet(), what);
            for (final String name : onFull.files.keySet()) {
                assertTrue(java.util.Arrays.equals(onFull.files.get(name), onShort.files.get(name)), what + ": " + name + " differs");
            }
            final boolean mustFail = List.of(cases.get(i)).stream().anyMatch(failing::contains);
            assertEquals(mustFail, onFull.exit != 0, what + ": exit " + onFull.exit + "\n" + onFull.err);
        }
    }

    /** One child JVM's exit code, its output (the out directory written as @OUT) and its out directory's files. */
    private record Run(int exit, String out, String err, Map<String, byte[]> files) {
    }

    private static Run run(final String classPath, final String[] args, final Path out) throws Exception {
        Files.createDirectories(out);
        final String root = Path.of(System.getProperty("pairgate.root", "..")).toAbsolutePath().normalize().toString();
        final List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1", "-Dpairgate.root=" + root, "-Dpairgate.native.dir=" + root + "/hw-sim/target/native",
            "-Djna.nosys=true", "-Djna.platform.library.path=", "-Dchronicle.analytics.disable=true", "-cp", classPath, CLI));
        for (final String a : args) {
            cmd.add(a.replace("@OUT", out.toString()));
        }
        final Path stdout = out.resolveSibling(out.getFileName() + ".stdout");
        final Path stderr = out.resolveSibling(out.getFileName() + ".stderr");
        final Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
        final Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(out)) {
            for (final Path f : (Iterable<Path>)s.filter(Files::isRegularFile)::iterator) {
                files.put(out.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        final String o = out.toString();
        return new Run(p.exitValue(), Files.readString(stdout).replace(o, "@OUT"), Files.readString(stderr).replace(o, "@OUT"), files);
    }

    private static String[] cat(final String[]... parts) {
        return Stream.of(parts).flatMap(Stream::of).toArray(String[]::new);
    }

    private static String resource(final String name) throws Exception {
        return Path.of(AnalysisClassPathTest.class.getResource("/" + name).toURI()).toString();
    }

    /** Syncs (channel 0) every 1 µs, clicks on 1 and 2 at random, some pairs: 1 ps ticks. */
    private static void tags(final TagFileWriter w) throws IOException {
        final Random rnd = new Random(15);
        for (long trial = 0; trial < 3000; trial++) {
            final long t0 = trial * 1_000_000;
            w.write(t0, 0);
            if (rnd.nextInt(4) == 0) {
                final long t = t0 + 100_000 + rnd.nextInt(300_000);
                w.write(t, 1);
                w.write(t + rnd.nextInt(5_000), 2);
            } else if (rnd.nextInt(3) == 0) {
                w.write(t0 + rnd.nextInt(900_000), 1 + rnd.nextInt(2));
            }
        }
    }

    private static Path t2File(final Path file) throws IOException {
        try (PtuT2Writer w = PtuT2Writer.create(file, 1.0)) {
            tags(w);
        }
        return file;
    }

    private static Path rawFile(final Path file) throws IOException {
        try (RawTagWriter w = RawTagWriter.create(file, 1.0)) {
            tags(w);
        }
        return file;
    }

    /** A quTAG binary file (40-byte header, then 8-byte time and 2-byte channel): syncs on 5, clicks on 1 and 2. */
    private static Path qutagFile(final Path file) throws IOException {
        final int n = 600;
        final ByteBuffer b = ByteBuffer.allocate(40 + n * 10).order(ByteOrder.LITTLE_ENDIAN);
        b.position(40);
        for (int i = 0; i < n / 3; i++) {
            final long t = i * 10_000L;
            b.putLong(t).putShort((short)5).putLong(t + 100 + i % 7).putShort((short)1).putLong(t + 300 + i % 5).putShort((short)2);
        }
        return Files.write(file, b.array());
    }
}
