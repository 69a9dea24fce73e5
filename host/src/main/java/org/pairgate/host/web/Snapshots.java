package org.pairgate.host.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The snapshot the web view serves: report.json's keys (same names, same values: the running
 * ones computed by {@code ReportJson} from the sums so far, the final ones report.json itself)
 * with {@code state} first and {@code progress}, {@code rates} and {@code latency_us} added.
 *
 * <pre>
 * state       "starting" | "running" | "finished"
 * trials, windows, patterns, fourfold, accounting, ... as report.json (pipeline too once finished)
 * progress    {elapsed_s, trials_per_s, fraction (null: unbounded), eta_s (null: unknown)}
 * rates       {elapsed_s, trials_per_s, channels: {CH: mean tags/s}, series: {t_s, channels: {CH: [tags/s]}}}
 * latency_us  {frames, p50, p99, max, series: {t_s, p50, p99, max}}
 * view        {snapshots, compute_ms_mean, compute_ms_max}: what the live snapshots cost (acquire only)
 * fits        {WINDOW: the decay fit of g2(0) versus gate ({@link GateFits}), when it converges}
 * </pre>
 * A finished report without timing (analyze's report has no pipeline section) has null rates.
 */
final class Snapshots {
    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    /** Reads report.json keeping its decimals exactly (1.500 stays 1.500). */
    static final ObjectMapper MAPPER = new ObjectMapper().setNodeFactory(NODES)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private Snapshots() {
    }

    static byte[] bytes(final ObjectNode root) {
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode parse(final String json) throws IOException {
        final JsonNode n = MAPPER.readTree(json);
        if (!(n instanceof ObjectNode)) {
            throw new IOException("not a JSON object");
        }
        return (ObjectNode) n;
    }

    /** A root with {@code state} first and every key of {@code report} after it. */
    static ObjectNode withState(final String state, final ObjectNode report) {
        final ObjectNode root = NODES.objectNode();
        root.put("state", state);
        final Iterator<Map.Entry<String, JsonNode>> it = report.fields();
        while (it.hasNext()) {
            final Map.Entry<String, JsonNode> e = it.next();
            root.set(e.getKey(), e.getValue());
        }
        return root;
    }

    /** Channel labels of the rates: the sync channel, each detector, "other". */
    static String[] channels(final int syncChannel, final int[] detectors) {
        final String[] c = new String[detectors.length + 2];
        c[0] = Integer.toString(syncChannel);
        for (int d = 0; d < detectors.length; d++) {
            c[d + 1] = Integer.toString(detectors[d]);
        }
        c[c.length - 1] = "other";
        return c;
    }

    /** Cumulative tags per channel of {@link #channels} from report.json's accounting.tags_by_role. */
    static long[] channelTags(final JsonNode accounting, final String[] channels) {
        final JsonNode roles = accounting.path("tags_by_role");
        final long[] t = new long[channels.length];
        t[0] = roles.path("sync").asLong();
        for (int i = 1; i < channels.length - 1; i++) {
            t[i] = roles.path("detectors").path(channels[i]).asLong();
        }
        t[channels.length - 1] = roles.path("other").asLong();
        return t;
    }

    static ObjectNode progress(final long trials, final double elapsedS, final double fraction) {
        final ObjectNode p = NODES.objectNode();
        putDouble(p, "elapsed_s", elapsedS);
        putDouble(p, "trials_per_s", elapsedS > 0 ? trials / elapsedS : Double.NaN);
        putDouble(p, "fraction", fraction);
        putDouble(p, "eta_s", fraction > 0 && fraction < 1 ? elapsedS * (1 - fraction) / fraction
            : fraction >= 1 ? 0 : Double.NaN);
        return p;
    }

    static ObjectNode rates(final long trials, final double elapsedS, final String[] channels, final long[] tags,
                            final RateHistory history) {
        final ObjectNode r = NODES.objectNode();
        putDouble(r, "elapsed_s", elapsedS);
        putDouble(r, "trials_per_s", elapsedS > 0 ? trials / elapsedS : Double.NaN);
        if (elapsedS > 0) {
            final ObjectNode ch = r.putObject("channels");
            for (int c = 0; c < channels.length; c++) {
                ch.put(channels[c], tags[c] / elapsedS);
            }
        } else {
            r.putNull("channels");
        }
        if (history != null && history.size() > 0) {
            r.set("series", history.rateSeries());
        }
        return r;
    }

    static void putDouble(final ObjectNode node, final String key, final double v) {
        if (Double.isFinite(v)) {
            node.put(key, v);
        } else {
            node.putNull(key);
        }
    }

    /**
     * The snapshot of a finished run from its report.json: every key of the report, the progress
     * at its end, the mean rates over pipeline.elapsed_s (when the report has it) and the history
     * of the live run when there was one.
     */
    static ObjectNode finished(final ObjectNode report, final String[] channels, final RateHistory history) {
        final ObjectNode root = withState("finished", report);
        final long trials = report.path("trials").asLong();
        final JsonNode elapsed = report.path("pipeline").path("elapsed_s");
        final double elapsedS = elapsed.isNumber() ? elapsed.asDouble() : Double.NaN;
        root.set("progress", progress(trials, elapsedS, 1));
        root.set("rates", rates(trials, elapsedS, channels, channelTags(report.path("accounting"), channels), history));
        final JsonNode lat = report.path("pipeline").path("latency_us");
        final ObjectNode l = lat instanceof ObjectNode ? ((ObjectNode) lat).deepCopy() : NODES.objectNode();
        if (history != null && history.size() > 0) {
            l.set("series", history.latencySeries());
        }
        root.set("latency_us", l);
        root.set("fits", GateFits.of(report));
        return root;
    }

    /** Channels of a report's config section. */
    static String[] channels(final ObjectNode report) {
        final JsonNode cfg = report.path("config");
        final JsonNode det = cfg.path("detectors");
        final int[] d = new int[det.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = det.get(i).asInt();
        }
        return channels(cfg.path("sync_channel").asInt(), d);
    }
}
