package org.pairgate.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.host.web.ServeAddress;

/**
 * {@code --serve} and {@code view} without a browser: the address rules, a taken port, the
 * finished view of a report directory and of a journal (report.json's keys, byte for byte as
 * JSON values), and the API of a live acquisition: running snapshots with the keys, then
 * the final one equal to report.json.
 */
@Timeout(300)
final class ServeTest {
    private static final ObjectMapper JSON = new ObjectMapper().setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final String[] GATING = AcquireCommandTest.GATING;

    @TempDir
    static Path dir;

    private static Path report;
    private static Path journal;

    @BeforeAll
    static void acquire() {
        report = dir.resolve("out");
        journal = dir.resolve("journal");
        final List<String> a = new ArrayList<>(List.of("acquire", "--source", "sim", "--trials", "300000",
            "--journal", journal.toString(), "--out", report.toString()));
        a.addAll(List.of(GATING));
        final CliRun r = CliRun.of(a.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void addressRules() {
        final ServeAddress port = ServeAddress.parse("8642");
        assertEquals("127.0.0.1", port.address().getAddress().getHostAddress());
        assertEquals(8642, port.address().getPort());
        assertNull(port.notice(), "the default address is not announced as a choice");
        final ServeAddress all = ServeAddress.parse("0.0.0.0:8642");
        assertTrue(all.address().getAddress().isAnyLocalAddress());
        assertTrue(all.notice().contains("0.0.0.0") && all.notice().contains("anyone who can reach"), all.notice());
        final ServeAddress v6 = ServeAddress.parse("[::1]:0");
        assertTrue(v6.address().getAddress().isLoopbackAddress());
        assertTrue(v6.notice().contains("this computer only"), v6.notice());
        for (final String bad : new String[] {"", "x", "65536", "-1", ":8642", "::1:8642", "127.0.0.1:", "127.0.0.1:http"}) {
            assertThrows(IllegalArgumentException.class, () -> ServeAddress.parse(bad), bad);
        }
        final CliRun usage = CliRun.of("view", report.toString(), "--serve", "localhost:99999");
        assertEquals(PairgateCli.EXIT_USAGE, usage.exit());
        assertTrue(usage.oneErrorLine(), usage.err());
        final List<String> a = new ArrayList<>(List.of("acquire", "--source", "sim", "--trials", "1000", "--linger", "5s",
            "--journal", dir.resolve("linger-journal").toString(), "--out", dir.resolve("linger-out").toString()));
        a.addAll(List.of(GATING));
        final CliRun linger = CliRun.of(a.toArray(String[]::new));
        assertEquals(PairgateCli.EXIT_USAGE, linger.exit());
        assertTrue(linger.oneErrorLine() && linger.err().contains("needs --serve"), linger.err());
    }

    @Test
    void aTakenPortIsOneErrorLineBeforeTheRunStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final List<String> a = new ArrayList<>(List.of("acquire", "--source", "sim", "--trials", "1000",
                "--journal", dir.resolve("taken-journal").toString(), "--out", dir.resolve("taken-out").toString(),
                "--serve", Integer.toString(taken.getLocalPort())));
            a.addAll(List.of(GATING));
            final CliRun r = CliRun.of(a.toArray(String[]::new));
            assertEquals(PairgateCli.EXIT_INPUT, r.exit());
            assertTrue(r.oneErrorLine(), r.err());
            assertTrue(r.err().contains("--serve 127.0.0.1:" + taken.getLocalPort()), r.err());
            assertFalse(Files.exists(dir.resolve("taken-journal")), "no run without its view");
        }
    }

    /** Runs a command in the background; its stdout/stderr stay readable while it runs. */
    private record Background(Future<Integer> exit, ByteArrayOutputStream out, ByteArrayOutputStream err, ExecutorService pool) {
        static Background of(final List<String> args) {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final ExecutorService pool = Executors.newSingleThreadExecutor();
            final Future<Integer> f = pool.submit(() -> PairgateCli.run(args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
            return new Background(f, out, err, pool);
        }

        URI await(final Pattern line, final boolean onStdout) throws Exception {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                final Matcher m = line.matcher((onStdout ? out : err).toString(StandardCharsets.UTF_8));
                if (m.find()) {
                    return URI.create(m.group(1));
                }
                if (exit.isDone()) {
                    throw new AssertionError("ended: " + exit.get() + " " + err.toString(StandardCharsets.UTF_8));
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no address: " + out + err);
        }

        void stop() throws InterruptedException {
            exit.cancel(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        }
    }

    private static JsonNode get(final URI uri) throws Exception {
        final HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), uri.toString());
        return JSON.readTree(r.body());
    }

    private static void assertReportKeys(final JsonNode reportJson, final JsonNode snapshot) {
        final Iterator<String> keys = reportJson.fieldNames();
        while (keys.hasNext()) {
            final String key = keys.next();
            assertEquals(reportJson.get(key), snapshot.get(key), key);
        }
    }

    @Test
    void viewsAReportDirectoryAndAJournal() throws Exception {
        final JsonNode expected = JSON.readTree(Files.readString(report.resolve("report.json")));
        for (final Path source : new Path[] {report, journal}) {
            final Background v = Background.of(List.of("view", source.toString(), "--serve", "127.0.0.1:0"));
            try {
                final URI uri = v.await(Pattern.compile("view: (http://127\\.0\\.0\\.1:\\d+/)"), true);
                final JsonNode snap = get(uri.resolve("/api/snapshot"));
                assertEquals("finished", snap.get("state").asText());
                assertReportKeys(expected, snap);
                assertTrue(snap.get("rates").get("channels").get("1").asDouble() > 0, snap.get("rates").toString());
                assertTrue(v.err().toString(StandardCharsets.UTF_8).contains("listening on 127.0.0.1 (this computer only)"),
                    "an explicit address is said on stderr");
            } finally {
                v.stop();
            }
        }
        final CliRun missing = CliRun.of("view", dir.resolve("nothing-here").toString());
        assertEquals(PairgateCli.EXIT_INPUT, missing.exit());
        assertTrue(missing.oneErrorLine(), missing.err());
        Files.createDirectories(dir.resolve("empty"));
        final CliRun empty = CliRun.of("view", dir.resolve("empty").toString());
        assertEquals(PairgateCli.EXIT_INPUT, empty.exit());
        assertTrue(empty.oneErrorLine() && empty.err().contains("neither a report directory"), empty.err());
    }

    @Test
    void liveSnapshotsWhileRunningThenReportJson() throws Exception {
        final Path out = dir.resolve("live-out");
        final List<String> a = new ArrayList<>(List.of("acquire", "--source", "sim", "--duration", "4s",
            "--journal", dir.resolve("live-journal").toString(), "--out", out.toString(), "--serve", "0", "--linger", "600s"));
        a.addAll(List.of(GATING));
        final Background run = Background.of(a);
        try {
            final URI uri = run.await(Pattern.compile("live view: (http://127\\.0\\.0\\.1:\\d+/)"), false);
            assertFalse(run.err().toString(StandardCharsets.UTF_8).contains("listening on"), "the default address is not announced");
            JsonNode snap = get(uri.resolve("/api/snapshot"));
            long lastTrials = -1;
            int running = 0;
            while (!"finished".equals(snap.get("state").asText())) {
                final String state = snap.get("state").asText();
                assertTrue(state.equals("starting") || state.equals("running"), state);
                if (state.equals("running") && snap.has("windows")) {
                    running++;
                    for (final String key : new String[] {"trials", "windows", "accounting", "rates", "progress", "latency_us"}) {
                        assertNotNull(snap.get(key), key);
                    }
                    assertTrue(snap.get("accounting").get("balanced").asBoolean(), "sums of whole frames balance");
                    assertTrue(snap.get("trials").asLong() >= lastTrials, "trials never go back");
                    lastTrials = snap.get("trials").asLong();
                    assertEquals(17, snap.get("windows").get("pre").get("g2").size());
                }
                Thread.sleep(200);
                snap = get(uri.resolve("/api/snapshot"));
            }
            assertTrue(running >= 3, "running snapshots seen: " + running);
            assertTrue(snap.get("trials").asLong() >= lastTrials);
            assertReportKeys(JSON.readTree(Files.readString(out.resolve("report.json"))), snap);
            assertEquals(1.0, snap.get("progress").get("fraction").asDouble());
        } finally {
            run.stop();
        }
    }
}
