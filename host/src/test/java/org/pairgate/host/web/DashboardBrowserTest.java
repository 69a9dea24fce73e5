package org.pairgate.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.pairgate.host.cli.PairgateCli;

/**
 * The live view in a real browser: headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) driven by Selenium follows {@code acquire --source sim --serve}: the
 * page loads without a console error, its plots grow while the run goes on, and once finished the
 * numbers it shows equal {@code /api/snapshot}, whose report keys equal report.json's. A
 * screenshot is kept in {@code target/dashboard.png}.
 *
 * <p>Without Chromium this test fails (CI installs it); {@code -Dpairgate.browser=skip} skips it
 * on purpose.
 */
@Timeout(300)
final class DashboardBrowserTest {
    private static final String[] GATING = {"--sync", "0", "--detectors", "1,2", "--window", "pre=100ns:100ns",
        "--window", "meas=280ns:120ns", "--delay", "2=1.5ns", "--max-dn", "8", "--bin", "1ns"};
    private static final Pattern URL = Pattern.compile("live view: (http://127\\.0\\.0\\.1:\\d+/)");

    /** Selenium warns that it has no CDP module for this Chromium: we use WebDriver only. Kept: loggers are weak. */
    private static final java.util.logging.Logger SELENIUM = java.util.logging.Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM.setLevel(Level.SEVERE);
    }

    @TempDir
    Path dir;

    private static Path executable(final String... candidates) {
        for (final String c : candidates) {
            if (c.startsWith("/")) {
                if (Files.isExecutable(Path.of(c))) {
                    return Path.of(c);
                }
                continue;
            }
            for (final String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                final Path f = Path.of(p, c);
                if (Files.isExecutable(f)) {
                    return f;
                }
            }
        }
        return null;
    }

    @Test
    void pageFollowsASimulatedAcquisitionAndShowsTheSnapshotsNumbers() throws Exception {
        Assumptions.assumeFalse("skip".equals(System.getProperty("pairgate.browser")), "-Dpairgate.browser=skip");
        final Path chromium = executable("chromium", "chromium-browser", "google-chrome");
        final Path chromedriver = executable("chromedriver", "/usr/lib/chromium/chromedriver");
        if (chromium == null || chromedriver == null) {
            fail("the browser test needs headless Chromium and its driver: apt-get install -y chromium chromium-driver"
                + " (found chromium " + chromium + ", chromedriver " + chromedriver + "); -Dpairgate.browser=skip skips it");
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final List<String> args = new ArrayList<>(List.of("acquire", "--source", "sim", "--duration", "12s",
            "--journal", dir.resolve("journal").toString(), "--out", dir.resolve("out").toString(),
            "--serve", "0", "--linger", "600s"));
        args.addAll(List.of(GATING));
        // the browser first: on a loaded machine it takes seconds to start, and the run must not
        // be over before the page is up
        final ChromeDriver driver = chrome(chromium, chromedriver);
        final ExecutorService runner = Executors.newSingleThreadExecutor();
        final Future<Integer> run = runner.submit(() -> PairgateCli.run(args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        try {
            final URI uri = awaitUrl(err, run);
            driver.get(uri.toString());
            final WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(120), Duration.ofMillis(100));
            final JavascriptExecutor js = driver;

            // running: the plots grow and the trials count moves, render after render (the page logs
            // what each render showed, so a loaded machine cannot hide renders between two polls)
            wait.until(d -> "finished".equals(bodyState(d)));
            final List<Map<String, Object>> log = ((List<?>) js.executeScript("return window.pairgate.log")).stream()
                .map(o -> {
                    @SuppressWarnings("unchecked")
                    final Map<String, Object> m = (Map<String, Object>) o;
                    return m;
                }).toList();
            final List<Map<String, Object>> running = log.stream()
                .filter(m -> "running".equals(m.get("state")) && ((Number) m.get("trials")).longValue() > 0).toList();
            assertTrue(running.size() >= 3, "renders with data while running: " + running.size() + " of " + log.size());
            final Map<String, Object> first = running.get(0);
            final Map<String, Object> last = running.get(running.size() - 1);
            assertTrue(((Number) last.get("ratePoints")).longValue() > ((Number) first.get("ratePoints")).longValue()
                && ((Number) last.get("trials")).longValue() > ((Number) first.get("trials")).longValue(),
                "the rates plot and the trials grew while running: " + first + " -> " + last);
            for (final Map<String, Object> m : running) {
                assertEquals(((Number) m.get("trials")).longValue(), digits((String) m.get("shown")), "trials shown = snapshot's");
            }
            assertEquals(List.of(17L, 17L), last.get("dnPoints"), "g2(ΔN) for ΔN = -8..8 in both windows");

            // finished: every number shown is the snapshot's, and the snapshot is report.json's
            final JsonNode snap = Snapshots.MAPPER.readTree(get(uri.resolve("/api/snapshot")));
            assertEquals("finished", snap.get("state").asText());
            assertEquals(snap.get("trials").asLong(), digits(driver.findElement(By.id("trials")).getText()));
            assertEquals(snap.get("trials").asLong(), number(js, "return window.pairgate.last.trials"), "the page shows the last snapshot");
            final Iterator<Map.Entry<String, JsonNode>> windows = snap.get("windows").fields();
            while (windows.hasNext()) {
                final Map.Entry<String, JsonNode> w = windows.next();
                final String text = driver.findElement(By.id("g2zero-value-" + w.getKey())).getText();
                final Matcher m = Pattern.compile("g2\\(0\\) = (\\S+) ± (\\S+)").matcher(text);
                assertTrue(m.find(), text);
                final JsonNode zero = w.getValue().get("g2").get(8);
                assertEquals(0, zero.get("dn").asInt());
                assertEquals(zero.get("value").asDouble(), Double.parseDouble(m.group(1)), 0.5e-4, w.getKey() + ": " + text);
                if (zero.get("sigma").isNumber()) {
                    assertEquals(zero.get("sigma").asDouble(), Double.parseDouble(m.group(2)), 0.5e-4, w.getKey() + ": " + text);
                }
            }
            for (final String key : new String[] {"tags", "syncs", "in_window", "outside", "before_first_sync", "other_channel",
                "out_of_order", "sync_dropped"}) {
                assertEquals(snap.get("accounting").get(key).asLong(), digits(driver.findElement(By.id("acc-" + key)).getText()), key);
            }
            assertEquals(snap.get("accounting").get("balanced").asBoolean(),
                driver.findElement(By.id("acc-balance")).getAttribute("class").contains("ok"));
            for (final String key : new String[] {"n22", "n20", "n02", "n00"}) {
                assertEquals(snap.get("fourfold").get(key).asLong(), digits(driver.findElement(By.id("ff-" + key)).getText()), key);
            }
            final JsonNode report = Snapshots.MAPPER.readTree(Files.readString(dir.resolve("out/report.json")));
            final Iterator<String> keys = report.fieldNames();
            while (keys.hasNext()) {
                final String key = keys.next();
                assertEquals(report.get(key), snap.get(key), "snapshot vs report.json: " + key);
            }
            assertTrue(snap.get("rates").get("series").get("t_s").size() >= 4, "rates over time: " + snap.get("rates"));

            assertNoConsoleError(driver);

            js.executeScript("window.scrollTo(0, 0)");
            final byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", "dashboard.png"), png);
        } finally {
            driver.quit();
            run.cancel(true); // ends the linger
            runner.shutdown();
            assertTrue(runner.awaitTermination(60, TimeUnit.SECONDS), () -> "acquire ended: " + threads());
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("report:"), out.toString(StandardCharsets.UTF_8));
    }

    private static String threads() {
        final StringBuilder sb = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, st) -> {
            sb.append('\n').append(t.getName()).append(' ').append(t.getState());
            for (final StackTraceElement e : st) {
                sb.append("\n    at ").append(e);
            }
        });
        return sb.toString();
    }

    private static void assertNoConsoleError(final ChromeDriver driver) {
        final List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertEquals(List.of(), severe.stream().map(LogEntry::toString).toList(), "console errors");
    }

    /**
     * {@code view} of a report that has what the plain simulator run lacks: side-normalised g2, a
     * failed stationarity check, and a g2(0)-versus-gate curve that is an exact exponential
     * (τ = 20 ns), so the page must draw g2_side, say "NOT stationary" in red, and draw the fit.
     */
    @Test
    void viewOfAReportShowsSideNormalisationStationarityAndTheGateFit() throws Exception {
        Assumptions.assumeFalse("skip".equals(System.getProperty("pairgate.browser")), "-Dpairgate.browser=skip");
        final Path chromium = executable("chromium", "chromium-browser", "google-chrome");
        final Path chromedriver = executable("chromedriver", "/usr/lib/chromium/chromedriver");
        if (chromium == null || chromedriver == null) {
            fail("the browser test needs headless Chromium and its driver: apt-get install -y chromium chromium-driver");
        }
        final List<String> acquire = new ArrayList<>(List.of("acquire", "--source", "sim", "--trials", "200000",
            "--journal", dir.resolve("j2").toString(), "--out", dir.resolve("o2").toString()));
        acquire.addAll(List.of(GATING));
        assertEquals(0, PairgateCli.run(acquire.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(new ByteArrayOutputStream())));
        final com.fasterxml.jackson.databind.node.ObjectNode report = (com.fasterxml.jackson.databind.node.ObjectNode)
            Snapshots.MAPPER.readTree(Files.readString(dir.resolve("o2/report.json")));
        final com.fasterxml.jackson.databind.node.ObjectNode pre = (com.fasterxml.jackson.databind.node.ObjectNode)
            report.get("windows").get("pre");
        // the report has g2_side in every window; the meas window drops it, to show the page hides what is absent
        ((com.fasterxml.jackson.databind.node.ObjectNode) report.get("windows").get("meas")).remove("g2_side");
        final var side = pre.putArray("g2_side");
        for (int dn = -8; dn <= 8; dn++) {
            side.addObject().put("dn", dn).put("value", dn == 0 ? 0.987654 : 1 + 0.001 * dn).put("sigma", 0.0123);
        }
        pre.putObject("stationarity").put("blocks", 16).put("chi2_per_dof", 7.5).put("p", 1e-9).put("stationary", false);
        final var gate = pre.putArray("g2_vs_gate");
        for (int g = 1; g <= 60; g++) {
            gate.addObject().put("gate_ps", g * 1000).put("value", 1 + 2 * Math.exp(-g / 20.0)).put("sigma", 0.01)
                .put("coincidences", 1000);
        }
        // and a run that lost tags: 5 syncs dropped, the accounting does not balance
        final com.fasterxml.jackson.databind.node.ObjectNode acc = (com.fasterxml.jackson.databind.node.ObjectNode)
            report.get("accounting");
        acc.put("sync_dropped", 5).put("balanced", false);
        final Path view = Files.createDirectories(dir.resolve("view"));
        Files.writeString(view.resolve("report.json"), Snapshots.MAPPER.writeValueAsString(report));

        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ExecutorService runner = Executors.newSingleThreadExecutor();
        final Future<Integer> run = runner.submit(() -> PairgateCli.run(new String[] {"view", view.toString(), "--for", "600s"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream())));
        ChromeDriver driver = null;
        try {
            final URI uri = awaitUrl(out, run, Pattern.compile("view: (http://127\\.0\\.0\\.1:\\d+/)"));
            driver = chrome(chromium, chromedriver);
            driver.get(uri.toString());
            final WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(100));
            wait.until(d -> "finished".equals(bodyState(d)));
            final JavascriptExecutor js = driver;
            assertTrue(driver.findElement(By.id("g2side-value-pre")).getText().contains("0.9877 ± 0.0123"),
                driver.findElement(By.id("g2side-value-pre")).getText());
            assertEquals(3, number(js, "return window.pairgate.charts['dn-pre'].series.length"), "x, g2, g2_side");
            final var st = driver.findElement(By.id("stationarity-pre"));
            assertTrue(st.getText().contains("NOT stationary") && st.getAttribute("class").contains("loss"), st.getText());
            assertEquals(3, number(js, "return window.pairgate.charts['gate-pre'].series.length"), "x, g2(0), fit");
            final String fit = driver.findElement(By.id("gatefit-pre")).getText();
            assertTrue(fit.contains("τ = 20.0 ±"), fit);
            assertFalse(driver.findElements(By.id("g2side-value-meas")).size() > 0, "no g2_side where the report has none");
            assertTrue(driver.findElement(By.id("acc-sync_dropped")).getAttribute("class").contains("loss"), "a loss in red");
            assertEquals(5, digits(driver.findElement(By.id("acc-sync_dropped")).getText()));
            assertFalse(driver.findElement(By.id("acc-out_of_order")).getAttribute("class").contains("loss"), "0 is no loss");
            final var balance = driver.findElement(By.id("acc-balance"));
            assertTrue(balance.getText().startsWith("NOT balanced") && balance.getAttribute("class").contains("loss"), balance.getText());
            assertEquals("rgba(198, 40, 40, 1)", balance.getCssValue("color"), "red");
            assertNoConsoleError(driver);
            final byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", "dashboard-view.png"), png);
        } finally {
            if (driver != null) {
                driver.quit();
            }
            run.cancel(true);
            runner.shutdown();
            assertTrue(runner.awaitTermination(60, TimeUnit.SECONDS), () -> "view ended: " + threads());
        }
    }

    private static URI awaitUrl(final ByteArrayOutputStream err, final Future<Integer> run) throws Exception {
        return awaitUrl(err, run, URL);
    }

    private static URI awaitUrl(final ByteArrayOutputStream err, final Future<Integer> run, final Pattern url) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            final Matcher m = url.matcher(err.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return URI.create(m.group(1));
            }
            if (run.isDone()) {
                fail("acquire ended before serving: exit " + run.get() + ", " + err.toString(StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
        fail("no 'live view:' line on stderr: " + err.toString(StandardCharsets.UTF_8));
        return null;
    }

    private ChromeDriver chrome(final Path chromium, final Path chromedriver) throws Exception {
        final ChromeOptions o = new ChromeOptions();
        o.setBinary(chromium.toFile());
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--window-size=1400,1700", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        final LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        final ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    private static String bodyState(final org.openqa.selenium.WebDriver d) {
        return d.findElement(By.tagName("body")).getAttribute("data-state");
    }

    private static long number(final JavascriptExecutor js, final String script) {
        final Object v = js.executeScript(script);
        return v instanceof Number ? ((Number) v).longValue() : -1;
    }

    private static long digits(final String text) {
        final String d = text.replaceAll("[^0-9]", "");
        assertNotNull(d);
        assertTrue(!d.isEmpty(), "a number: '" + text + "'");
        return Long.parseLong(d);
    }

    private static String get(final URI uri) throws Exception {
        final HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }
}
