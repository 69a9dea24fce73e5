package org.pairgate.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The read-only web view: a static page, {@code GET /api/snapshot} (the current snapshot as JSON)
 * and {@code GET /api/stream} (the same snapshots pushed as server-sent events, at most every
 * {@link #PUSH_MILLIS}), served by the JDK's own HTTP server.
 *
 * <p>One publisher thread asks the {@link SnapshotSource} for the snapshot every
 * {@link #PUSH_MILLIS} and publishes it when it changed; every request thread only reads what was
 * published, so the number of viewers never changes how often the source is asked (nor, for a
 * live acquisition, anything a pipeline thread does). Each stream holds one thread of a bounded
 * pool while its viewer is connected: at most {@link #MAX_STREAMS} streams (more get 503), and a
 * few threads stay free for the page and the snapshot. A viewer that disconnects ends its stream
 * at the next write (a comment line every {@link #KEEPALIVE_MILLIS} when nothing changes).
 *
 * <p>Nothing here writes: every path other than GET/HEAD of the fixed list is 404 (unknown path)
 * or 405 (another method), and no request changes any state. On a loopback address a request
 * naming another host is 403 (DNS rebinding).
 */
public final class DashboardServer implements AutoCloseable {
    /** The push period: four snapshots a second at most. */
    public static final long PUSH_MILLIS = 250;
    /** Concurrent event streams (viewers) at most. */
    public static final int MAX_STREAMS = 128;
    static final long KEEPALIVE_MILLIS = 10_000;
    private static final int SPARE_THREADS = 8;
    private static final String WWW = "/org/pairgate/dashboard/www/";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/" + Versions.UPLOT + "/dist/";
    private static final String CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final HttpServer server;
    private final ThreadPoolExecutor requests;
    private final ScheduledExecutorService publisher;
    private final SnapshotSource source;
    private final SnapshotHub hub = new SnapshotHub();
    private final Semaphore streams = new Semaphore(MAX_STREAMS);
    private final AtomicInteger openStreams = new AtomicInteger();
    private final AtomicLong sourceFailures = new AtomicLong();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private final Map<String, Asset> assets;

    private DashboardServer(final HttpServer server, final SnapshotSource source, final Map<String, Asset> assets) {
        this.server = server;
        this.source = source;
        this.assets = assets;
        final AtomicInteger n = new AtomicInteger();
        this.requests = new ThreadPoolExecutor(MAX_STREAMS + SPARE_THREADS, MAX_STREAMS + SPARE_THREADS, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> daemon(r, "pairgate-dashboard-http-" + n.incrementAndGet()));
        this.requests.allowCoreThreadTimeOut(true);
        this.publisher = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "pairgate-dashboard-publisher"));
    }

    /**
     * Binds {@code address} (port 0: an ephemeral port), publishes the first snapshot and starts
     * serving.
     */
    public static DashboardServer start(final InetSocketAddress address, final SnapshotSource source) throws IOException {
        final Map<String, Asset> assets = Map.of(
            "/", Asset.load(WWW + "index.html", "text/html; charset=utf-8"),
            "/index.html", Asset.load(WWW + "index.html", "text/html; charset=utf-8"),
            "/app.js", Asset.load(WWW + "app.js", "text/javascript; charset=utf-8"),
            "/style.css", Asset.load(WWW + "style.css", "text/css; charset=utf-8"),
            "/vendor/uPlot.iife.min.js", Asset.load(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "/vendor/uPlot.min.css", Asset.load(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));
        final HttpServer http = HttpServer.create(address, 64);
        final DashboardServer d = new DashboardServer(http, source, assets);
        http.createContext("/", d::handle);
        http.setExecutor(d.requests);
        d.publish();
        http.start();
        d.publisher.scheduleWithFixedDelay(d::publish, PUSH_MILLIS, PUSH_MILLIS, TimeUnit.MILLISECONDS);
        return d;
    }

    /** The bound address (the real port when 0 was asked). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8642/}. */
    public URI uri() {
        final InetSocketAddress a = address();
        final InetAddress ip = a.getAddress();
        final String host = ip.getHostAddress().contains(":") ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress();
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    /**
     * Asks the source now rather than at the next tick (the final snapshot of a run); waits at
     * most 5 s for the publisher thread, and returns at once when interrupted (interrupt kept).
     */
    public void publishNow() {
        try {
            publisher.submit(this::publish).get(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final java.util.concurrent.TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            // the publisher is starved of a core (or closing): its next tick, or close(), publishes
        } catch (final java.util.concurrent.ExecutionException e) {
            sourceFailures.incrementAndGet(); // publish() catches everything; kept for completeness
            firstFailure.compareAndSet(null, e.getCause());
        }
    }

    /** Streams connected now. */
    public int openStreams() {
        return openStreams.get();
    }

    /** Times the source threw (the viewers then keep the previous snapshot). */
    public long sourceFailures() {
        return sourceFailures.get();
    }

    /** The first exception of the source, or null (the caller reports it). */
    public Throwable firstFailure() {
        return firstFailure.get();
    }

    private void publish() {
        try {
            final byte[] json = source.snapshot();
            if (json != null) {
                hub.publish(json);
            }
        } catch (final Exception | LinkageError e) {
            // a view never takes the run down: the viewers keep the last snapshot
            sourceFailures.incrementAndGet();
            firstFailure.compareAndSet(null, e);
        }
    }

    private void handle(final HttpExchange ex) throws IOException {
        try (ex) {
            final String method = ex.getRequestMethod();
            final String path = ex.getRequestURI().getRawPath();
            final boolean known = assets.containsKey(path) || "/api/snapshot".equals(path) || "/api/stream".equals(path);
            final Headers h = ex.getResponseHeaders();
            h.set("X-Content-Type-Options", "nosniff");
            h.set("Referrer-Policy", "no-referrer");
            h.set("Cache-Control", "no-store");
            if (!hostAllowed(ex.getRequestHeaders().getFirst("Host"))) {
                text(ex, 403, "forbidden: this view answers to its loopback address only\n");
                return;
            }
            if (!known) {
                text(ex, 404, "not found: " + path + "\n");
                return;
            }
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                h.set("Allow", "GET, HEAD");
                text(ex, 405, "read-only: " + method + " is not allowed\n");
                return;
            }
            final boolean head = "HEAD".equals(method);
            if ("/api/stream".equals(path)) {
                stream(ex, head);
            } else if ("/api/snapshot".equals(path)) {
                h.set("Content-Type", "application/json; charset=utf-8");
                body(ex, 200, hub.current().json(), head);
            } else {
                final Asset a = assets.get(path);
                h.set("Content-Type", a.type());
                if (a.type().startsWith("text/html")) {
                    h.set("Content-Security-Policy", CSP);
                }
                body(ex, 200, a.bytes(), head);
            }
        } catch (final IOException e) {
            // the viewer went away mid-response: nothing to do, the exchange is closed
        }
    }

    /**
     * On a loopback address, only requests naming a loopback host: a web page elsewhere that
     * rebinds its own name to 127.0.0.1 (DNS rebinding) must not read the view through the
     * browser of the lab's computer. On another address (given explicitly) any name is fine.
     */
    private boolean hostAllowed(final String host) {
        if (!server.getAddress().getAddress().isLoopbackAddress()) {
            return true;
        }
        if (host == null) {
            return true; // HTTP/1.0 without Host: not a browser
        }
        final String h = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
            : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        return h.equalsIgnoreCase("localhost") || h.equals("[::1]") || h.matches("127(\\.\\d{1,3}){3}");
    }

    private void stream(final HttpExchange ex, final boolean head) throws IOException {
        if (!streams.tryAcquire()) {
            ex.getResponseHeaders().set("Retry-After", "5");
            text(ex, 503, "too many viewers (" + MAX_STREAMS + ")\n");
            return;
        }
        openStreams.incrementAndGet();
        try {
            final Headers h = ex.getResponseHeaders();
            h.set("Content-Type", "text/event-stream; charset=utf-8");
            if (head) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.sendResponseHeaders(200, 0);
            final OutputStream out = ex.getResponseBody();
            out.write(("retry: 1000\n\n").getBytes(StandardCharsets.US_ASCII));
            SnapshotHub.Published p = hub.current();
            send(out, p);
            long version = p.version();
            while (true) {
                p = hub.awaitNewer(version, KEEPALIVE_MILLIS);
                if (p != null) {
                    send(out, p);
                    version = p.version();
                } else if (hub.closed()) {
                    return;
                } else {
                    out.write(": keepalive\n\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            openStreams.decrementAndGet();
            streams.release();
        }
    }

    /** One event: {@code id} the version, one {@code data:} line per line of the JSON. */
    private static void send(final OutputStream out, final SnapshotHub.Published p) throws IOException {
        final StringBuilder sb = new StringBuilder(p.json().length + 64);
        sb.append("id: ").append(p.version()).append("\nevent: snapshot\n");
        for (final String line : new String(p.json(), StandardCharsets.UTF_8).split("\r\n|\r|\n", -1)) {
            sb.append("data: ").append(line).append('\n');
        }
        sb.append('\n');
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void text(final HttpExchange ex, final int status, final String message) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        body(ex, status, message.getBytes(StandardCharsets.UTF_8), "HEAD".equals(ex.getRequestMethod()));
    }

    private static void body(final HttpExchange ex, final int status, final byte[] bytes, final boolean head) throws IOException {
        if (head) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /**
     * Publishes the source's last snapshot, lets every stream send it and end, and stops the
     * server (waits at most about a second for the streams).
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        publisher.shutdown();
        try {
            publisher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publish();
        hub.close();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (openStreams.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        requests.shutdownNow();
    }

    private static Thread daemon(final Runnable r, final String name) {
        final Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** A static file of the page, read once from the classpath. */
    private record Asset(byte[] bytes, String type) {
        static Asset load(final String resource, final String type) {
            try (InputStream in = DashboardServer.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource + " (a broken build)");
                }
                return new Asset(in.readAllBytes(), type);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
