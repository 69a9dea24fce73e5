package org.pairgate.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        final List<String> args = new ArrayList<>(List.of("acquire", "--source", "sim", "--duration", "8s",
            "--journal", dir.resolve("journal").toString(), "--out", dir.resolve("out").toString(),
            "--serve", "0", "--linger", "600s"));
        args.addAll(List.of(GATING));
        final ExecutorService runner = Executors.newSingleThreadExecutor();
        final Future<Integer> run = runner.submit(() -> PairgateCli.run(args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        ChromeDriver driver = null;
        try {
            final URI uri = awaitUrl(err, run);
            driver = chrome(chromium, chromedriver);
            driver.get(uri.toString());
            final WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(120), Duration.ofMillis(100));
            final JavascriptExecutor js = driver;

            // running: the plots grow and the trials count moves
            wait.until(d -> "running".equals(bodyState(d)) && number(js, "return window.pairgate.last.trials") > 0
                && number(js, "return window.pairgate.charts.rates ? window.pairgate.charts.rates.data[0].length : 0") >= 2);
            final long points = number(js, "return window.pairgate.charts.rates.data[0].length");
            final long trials = digits(driver.findElement(By.id("trials")).getText());
            final long renders = number(js, "return window.pairgate.renders");
            wait.until(d -> number(js, "return window.pairgate.charts.rates.data[0].length") > points + 1
                && digits(d.findElement(By.id("trials")).getText()) > trials);
            assertTrue(number(js, "return window.pairgate.renders") > renders + 1, "re-rendered on push");
            assertTrue(number(js, "return window.pairgate.charts['dn-pre'].data[0].length") == 17, "g2(ΔN) for ΔN = -8..8");

            // finished: every number shown is the snapshot's, and the snapshot is report.json's
            wait.until(d -> "finished".equals(bodyState(d)));
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

            final List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertEquals(List.of(), severe.stream().map(LogEntry::toString).toList(), "console errors");

            js.executeScript("window.scrollTo(0, 0)");
            final byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", "dashboard.png"), png);
        } finally {
            if (driver != null) {
                driver.quit();
            }
            run.cancel(true); // ends the linger
            runner.shutdown();
            assertTrue(runner.awaitTermination(60, TimeUnit.SECONDS), "acquire ended");
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("report:"), out.toString(StandardCharsets.UTF_8));
    }

    private static URI awaitUrl(final ByteArrayOutputStream err, final Future<Integer> run) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            final Matcher m = URL.matcher(err.toString(StandardCharsets.UTF_8));
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
