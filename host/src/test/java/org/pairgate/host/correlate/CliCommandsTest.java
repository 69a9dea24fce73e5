package org.pairgate.host.correlate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.host.cli.PairgateCli;
import org.pairgate.host.io.RawTagWriter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code info}, {@code correlate} and {@code find-delay} end to end, as a user runs them. */
class CliCommandsTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        boolean oneErrorLine() {
            return err.startsWith("pairgate: ") && err.strip().lines().count() == 1 && !err.contains("\tat ")
                && !err.contains("Exception");
        }
    }

    static Run run(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = PairgateCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void infoJsonOfTheBundledRealFile() throws IOException {
        final Run r = run("info", CorrelatorTest.v30().toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        final JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("PTU", json.get("format").asText());
        assertEquals("T2", json.get("mode").asText());
        assertTrue(json.get("record_type").asText().startsWith("0x01010204"));
        assertEquals(435_319, json.get("records").asLong());
        assertEquals(1, json.get("resolution_ps").asLong());
        assertEquals(305_565, json.get("events").get("1").asLong());
        assertEquals(1, json.get("events").size());
        assertTrue(json.get("header").has("TTResult_SyncRate"));
    }

    @Test
    void infoTextOfALegacyT3File() throws IOException {
        final Path ht3 = Path.of(resource("/legacy/v20.ht3"));
        final Run r = run("info", ht3.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("HT3, T3"), r.out());
        assertTrue(r.out().contains("sync periods"), r.out());
    }

    @Test
    void infoReportsAnUnpatchedRecordCountAndFails() throws IOException {
        final byte[] bytes = Files.readAllBytes(CorrelatorTest.v30());
        // TTResult_NumberOfRecords rewritten to 0: the report is printed, then one error line
        final int at = indexOf(bytes, "TTResult_NumberOfRecords".getBytes(StandardCharsets.US_ASCII)) + 40;
        for (int i = 0; i < 8; i++) {
            bytes[at + i] = 0;
        }
        final Path file = Files.write(dir.resolve("zero.ptu"), bytes);
        final Run r = run("info", file.toString(), "--json");
        assertEquals(1, r.exit());
        assertTrue(r.oneErrorLine(), r.err());
        assertTrue(r.err().contains("declares 0 records but the file holds 435319"), r.err());
        assertEquals(435_319, new ObjectMapper().readTree(r.out()).get("records").asLong());
    }

    @Test
    void hostileInputsAreOneLineAndExitOne() throws IOException {
        final Path garbage = Files.writeString(dir.resolve("g.ptu"), "PQTTTR\0\0garbage garbage garbage garbage");
        final Path empty = Files.write(dir.resolve("e.ptu"), new byte[0]);
        for (final String cmd : new String[] {"info", "correlate", "find-delay"}) {
            for (final Path p : new Path[] {garbage, empty, dir.resolve("missing.ptu")}) {
                final Run r;
                if ("correlate".equals(cmd)) {
                    r = run(cmd, p.toString(), "--channels", "1,2", "--range", "1ns", "--bin", "1ps", "--out", dir.resolve("o").toString());
                } else if ("info".equals(cmd)) {
                    r = run(cmd, p.toString());
                } else {
                    r = run(cmd, p.toString(), "--channels", "1,2");
                }
                assertEquals(1, r.exit(), cmd + " " + p + ": " + r.err());
                assertTrue(r.oneErrorLine(), cmd + " " + p + ": " + r.err());
            }
        }
    }

    @Test
    void correlateWritesTheDocumentedJsonAndAPlot() throws IOException {
        final Path file = twoChannelFile();
        final Path out = dir.resolve("out");
        final Run r = run("correlate", file.toString(), "--channels", "1,2", "--range", "10ns", "--bin", "500ps",
            "--out", out.toString(), "--normalize");
        assertEquals(0, r.exit(), r.err());
        final JsonNode json = new ObjectMapper().readTree(out.resolve("correlation.json").toFile());
        assertEquals(1, json.get("channels").get(0).asInt());
        assertEquals(2, json.get("channels").get(1).asInt());
        assertEquals(10_000, json.get("range_ps").asLong());
        assertEquals(500, json.get("bin_ps").asLong());
        assertEquals(40, json.get("counts").size());
        assertEquals(40, json.get("g2").size());
        // pairs at +3000 ps: bin (3000 + 10000) / 500 = 26
        final long[] counts = new long[40];
        for (int i = 0; i < 40; i++) {
            counts[i] = json.get("counts").get(i).asLong();
        }
        assertEquals(1000, counts[26]);
        assertTrue(Files.size(out.resolve("correlation.png")) > 1000);
        final long[] expected = new long[40];
        expected[26] = 1000;
        assertArrayEquals(expected, counts);
    }

    @Test
    void correlateRefusesBinsThatDoNotDivideTheRange() throws IOException {
        final Path file = twoChannelFile();
        final Run r = run("correlate", file.toString(), "--channels", "1,2", "--range", "10ns", "--bin", "3ns",
            "--out", dir.resolve("o").toString());
        assertEquals(2, r.exit());
        assertTrue(r.oneErrorLine(), r.err());
        assertTrue(r.err().contains("divide"), r.err());
        final Run frac = run("correlate", file.toString(), "--channels", "1,2", "--range", "10ns", "--bin", "0.5ps",
            "--out", dir.resolve("o").toString());
        assertEquals(2, frac.exit());
        assertTrue(frac.oneErrorLine(), frac.err());
    }

    @Test
    void findDelayPrintsADelayOptionWithItsUncertainty() throws IOException {
        final Run r = run("find-delay", twoChannelFile().toString(), "--channels", "1,2", "--range", "10ns", "--bin", "100ps");
        assertEquals(0, r.exit(), r.err());
        final String[] lines = r.out().strip().split("\\R");
        assertEquals("--delay 2=-3000ps", lines[0]);
        assertTrue(lines[1].startsWith("± "), lines[1]);
    }

    /** 1000 pairs: channel 2 exactly 3000 ps after channel 1, pairs 1 µs apart. */
    private Path twoChannelFile() throws IOException {
        final Path file = dir.resolve("pairs.pgraw");
        if (!Files.exists(file)) {
            try (RawTagWriter w = RawTagWriter.create(file, 1.0)) {
                for (int i = 0; i < 1000; i++) {
                    w.write(i * 1_000_000L, 1);
                    w.write(i * 1_000_000L + 3000, 2);
                }
            }
        }
        return file;
    }

    private static java.net.URI resource(final String name) {
        try {
            return CliCommandsTest.class.getResource(name).toURI();
        } catch (final java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(final byte[] haystack, final byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
