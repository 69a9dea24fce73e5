package org.pairgate.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server against hostile and plentiful clients, on loopback with an ephemeral port: fixed
 * paths only (404 elsewhere), no write method (405), the snapshot as published, pushes at the
 * advertised pace, a viewer that vanishes mid-stream, a hundred viewers at once, and the final
 * snapshot reaching the viewers when the server closes.
 */
@Timeout(120)
final class DashboardServerTest {
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicReference<String> state = new AtomicReference<>("running");
    private DashboardServer server;
    private HttpClient client;

    @BeforeEach
    void start() throws IOException {
        server = DashboardServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            () -> ("{\"state\":\"" + state.get() + "\",\"tick\":" + ticks.incrementAndGet() + "}").getBytes(StandardCharsets.UTF_8));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> request(final String method, final String path) throws Exception {
        final HttpRequest r = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "x")).build();
        return client.send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageItsPlotLibraryAndTheSnapshot() throws Exception {
        assertEquals("127.0.0.1", server.address().getAddress().getHostAddress());
        final HttpResponse<String> page = request("GET", "/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("vendor/uPlot.iife.min.js"), "the page loads uPlot from this server");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        final HttpResponse<String> uplot = request("GET", "/vendor/uPlot.iife.min.js");
        assertEquals(200, uplot.statusCode());
        assertTrue(uplot.body().contains("uPlot"), "the WebJar's uPlot is served from the jar");
        assertEquals(200, request("GET", "/vendor/uPlot.min.css").statusCode());
        assertEquals(200, request("GET", "/app.js").statusCode());
        assertEquals(200, request("GET", "/style.css").statusCode());
        final HttpResponse<String> snap = request("GET", "/api/snapshot");
        assertEquals(200, snap.statusCode());
        assertEquals("application/json; charset=utf-8", snap.headers().firstValue("Content-Type").orElse(""));
        assertTrue(snap.body().matches("\\{\"state\":\"running\",\"tick\":\\d+\\}"), snap.body());
    }

    @Test
    void unknownPathsAre404AndNothingWrites() throws Exception {
        for (final String path : new String[] {"/nope", "/api", "/api/", "/api/snapshot/x", "/api/snapshots", "/vendor/",
            "/vendor/uPlot.cjs.js", "/org/pairgate/dashboard/www/app.js", "/META-INF/MANIFEST.MF", "/%2e%2e/%2e%2e/etc/passwd",
            "/index.html/", "/favicon.ico"}) {
            assertEquals(404, request("GET", path).statusCode(), path);
        }
        for (final String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
            for (final String path : new String[] {"/", "/api/snapshot", "/api/stream"}) {
                final HttpResponse<String> r = request(method, path);
                assertEquals(405, r.statusCode(), method + " " + path);
                assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(""));
            }
            assertEquals(404, request(method, "/api/stop").statusCode());
        }
        assertEquals(200, request("GET", "/api/snapshot").statusCode(), "still serving");
    }

    private String raw(final String host) throws IOException {
        try (Socket s = new Socket(server.address().getAddress(), server.address().getPort())) {
            s.getOutputStream().write(("GET /api/snapshot HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            final String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return response.substring(0, response.indexOf("\r\n"));
        }
    }

    @Test
    void onLoopbackOnlyLoopbackNamesAreServed() throws Exception {
        final int port = server.address().getPort();
        for (final String ok : new String[] {"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "[::1]:" + port}) {
            assertEquals("HTTP/1.1 200 OK", raw(ok), ok);
        }
        for (final String bad : new String[] {"evil.example:" + port, "evil.example", "127.0.0.1.evil.example:" + port,
            "localhost.evil.example"}) {
            assertTrue(raw(bad).startsWith("HTTP/1.1 403"), bad);
        }
    }

    /** Reads events from /api/stream: their ids, in order, until {@code n} were seen. */
    private List<Long> events(final int n) throws Exception {
        final HttpRequest r = HttpRequest.newBuilder(server.uri().resolve("/api/stream")).build();
        final HttpResponse<Stream<String>> resp = client.send(r, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, resp.statusCode());
        assertEquals("text/event-stream; charset=utf-8", resp.headers().firstValue("Content-Type").orElse(""));
        final List<Long> ids = new ArrayList<>();
        try (Stream<String> lines = resp.body()) {
            final Iterator<String> it = lines.iterator();
            while (ids.size() < n && it.hasNext()) {
                final String line = it.next();
                if (line.startsWith("id: ")) {
                    ids.add(Long.parseLong(line.substring(4)));
                }
            }
        }
        return ids;
    }

    @Test
    void pushesEverySnapshotAtLeastTwiceASecond() throws Exception {
        final long t0 = System.nanoTime();
        final List<Long> ids = events(9);
        final double seconds = (System.nanoTime() - t0) / 1e9;
        // 9 events: the current one at connect, then 8 changes at 4 Hz (2 s); 2 Hz would take 4 s
        assertTrue(seconds < 4.0, "9 events took " + seconds + " s");
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) > ids.get(i - 1), "versions grow: " + ids);
        }
    }

    @Test
    void survivesAViewerThatDisconnectsMidStream() throws Exception {
        for (int round = 0; round < 3; round++) {
            try (Socket s = new Socket(server.address().getAddress(), server.address().getPort())) {
                final OutputStream out = s.getOutputStream();
                out.write("GET /api/stream HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                final InputStream in = s.getInputStream();
                final byte[] buf = new byte[64];
                assertTrue(in.read(buf) > 0, "the stream started");
                assertTrue(waitFor(() -> server.openStreams() == 1), "one stream open");
                s.setSoLinger(true, 0); // close with a reset, mid-event, as a killed browser tab would
            }
        }
        assertTrue(waitFor(() -> server.openStreams() == 0), "the stream threads ended: " + server.openStreams());
        assertEquals(200, request("GET", "/api/snapshot").statusCode());
        assertEquals(3, events(3).size());
    }

    @Test
    void aViewerThatNeverReadsHoldsUpNobody() throws Exception {
        // 1 MB snapshots: the stuck viewers' socket buffers fill within seconds, their stream threads
        // then block in write; the publisher and the other viewers must not notice
        final String pad = "x".repeat(1 << 20);
        final AtomicLong big = new AtomicLong();
        try (DashboardServer s = DashboardServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            () -> ("{\"tick\":" + big.incrementAndGet() + ",\"pad\":\"" + pad + "\"}").getBytes(StandardCharsets.UTF_8))) {
            final List<Socket> stuck = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    final Socket k = new Socket(s.address().getAddress(), s.address().getPort());
                    k.setReceiveBufferSize(4096);
                    k.getOutputStream().write("GET /api/stream HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    stuck.add(k);
                }
                Thread.sleep(3000); // by now each stuck stream holds megabytes it cannot send
                final long ticks0 = big.get();
                final long t0 = System.nanoTime();
                final HttpResponse<Stream<String>> resp = client.send(
                    HttpRequest.newBuilder(s.uri().resolve("/api/stream")).build(), HttpResponse.BodyHandlers.ofLines());
                int events = 0;
                try (Stream<String> lines = resp.body()) {
                    final Iterator<String> it = lines.iterator();
                    while (events < 9 && it.hasNext()) {
                        events += it.next().startsWith("id: ") ? 1 : 0;
                    }
                }
                final double seconds = (System.nanoTime() - t0) / 1e9;
                assertEquals(9, events);
                assertTrue(seconds < 4.0, "a reading viewer got 9 events in " + seconds + " s beside 3 stuck ones");
                final double rate = (big.get() - ticks0) / seconds;
                assertTrue(rate >= 2.0, "the publisher kept its pace: " + rate + " snapshots/s");
                assertTrue(s.openStreams() >= 3, "the stuck streams are still open (blocked in write): " + s.openStreams());
            } finally {
                for (final Socket k : stuck) {
                    k.close();
                }
            }
        }
    }

    @Test
    void aHundredViewersAtOnce() throws Exception {
        final int viewers = 100;
        final ExecutorService pool = Executors.newFixedThreadPool(viewers);
        try {
            final List<Future<List<Long>>> got = new ArrayList<>();
            for (int i = 0; i < viewers; i++) {
                got.add(pool.submit(() -> events(4)));
            }
            for (final Future<List<Long>> f : got) {
                final List<Long> ids = f.get(60, TimeUnit.SECONDS);
                assertEquals(4, ids.size());
                assertTrue(ids.get(3) > ids.get(0), "each viewer sees the snapshot change: " + ids);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(waitFor(() -> server.openStreams() == 0), "every stream ended: " + server.openStreams());
        assertEquals(200, request("GET", "/api/snapshot").statusCode());
        assertEquals(200, request("GET", "/").statusCode());
    }

    @Test
    void moreViewersThanTheBoundAreTurnedAwayNotQueued() throws Exception {
        final List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < DashboardServer.MAX_STREAMS; i++) {
                final Socket s = new Socket(server.address().getAddress(), server.address().getPort());
                s.getOutputStream().write("GET /api/stream HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                open.add(s);
            }
            assertTrue(waitFor(() -> server.openStreams() == DashboardServer.MAX_STREAMS), "all streams open: " + server.openStreams());
            final HttpResponse<String> r = request("GET", "/api/stream");
            assertEquals(503, r.statusCode());
            assertEquals(200, request("GET", "/api/snapshot").statusCode(), "the snapshot is still served");
        } finally {
            for (final Socket s : open) {
                s.close();
            }
        }
        assertTrue(waitFor(() -> server.openStreams() == 0), "every stream ended: " + server.openStreams());
    }

    @Test
    void closingDeliversTheFinalSnapshotAndEndsTheStreams() throws Exception {
        final HttpRequest r = HttpRequest.newBuilder(server.uri().resolve("/api/stream")).build();
        final HttpResponse<Stream<String>> resp = client.send(r, HttpResponse.BodyHandlers.ofLines());
        final List<String> data = new ArrayList<>();
        try (Stream<String> lines = resp.body()) {
            final Iterator<String> it = lines.iterator();
            boolean closed = false;
            while (it.hasNext()) {
                final String line = it.next();
                if (line.startsWith("data: ")) {
                    data.add(line.substring(6));
                    if (!closed) {
                        closed = true;
                        state.set("finished");
                        server.close();
                    }
                }
            }
        }
        assertTrue(data.get(data.size() - 1).startsWith("{\"state\":\"finished\""), "last event: " + data);
    }

    private static boolean waitFor(final java.util.function.BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
