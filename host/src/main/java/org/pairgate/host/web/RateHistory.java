package org.pairgate.host.web;

import java.util.Arrays;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The run's history for the plots over time: cumulative tag counts per channel and the frame
 * latency percentiles at each published sample. Rates are differences of the cumulative counts
 * between kept samples, so thinning the history (every other sample dropped when it reaches
 * {@link #MAX_POINTS}) turns two short intervals into one longer one and never miscounts.
 *
 * <p>Used by one thread only (the dashboard's publisher).
 */
final class RateHistory {
    static final int MAX_POINTS = 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String[] channels;
    private double[] t = new double[MAX_POINTS];
    private final long[][] counts;
    private final double[][] latency = new double[3][MAX_POINTS];
    private int n;

    RateHistory(final String[] channels) {
        this.channels = channels.clone();
        this.counts = new long[channels.length][MAX_POINTS];
    }

    int size() {
        return n;
    }

    /** Appends a sample: seconds since the start, cumulative tags per channel, latency p50/p99/max (µs). */
    void add(final double seconds, final long[] cumulative, final double p50, final double p99, final double max) {
        if (n > 0 && seconds <= t[n - 1]) {
            return;
        }
        if (n == MAX_POINTS) {
            thin();
        }
        t[n] = seconds;
        for (int c = 0; c < channels.length; c++) {
            counts[c][n] = cumulative[c];
        }
        latency[0][n] = p50;
        latency[1][n] = p99;
        latency[2][n] = max;
        n++;
    }

    private void thin() {
        // keep samples 1, 3, 5, ...: the newest is kept, the first interval starts at 0 as before
        int k = 0;
        for (int i = 1; i < n; i += 2) {
            t[k] = t[i];
            for (final long[] c : counts) {
                c[k] = c[i];
            }
            for (final double[] l : latency) {
                l[k] = l[i];
            }
            k++;
        }
        n = k;
    }

    /** {@code {"t_s": [...], "channels": {"CH": [tags/s, ...]}}}: each rate over the interval ending at t. */
    ObjectNode rateSeries() {
        final ObjectNode node = NODES.objectNode();
        final ArrayNode ts = node.putArray("t_s");
        for (int i = 0; i < n; i++) {
            ts.add(t[i]);
        }
        final ObjectNode ch = node.putObject("channels");
        for (int c = 0; c < channels.length; c++) {
            final ArrayNode a = ch.putArray(channels[c]);
            for (int i = 0; i < n; i++) {
                final double dt = i == 0 ? t[0] : t[i] - t[i - 1];
                final long dc = i == 0 ? counts[c][0] : counts[c][i] - counts[c][i - 1];
                a.add(dt > 0 ? dc / dt : 0);
            }
        }
        return node;
    }

    /** {@code {"t_s": [...], "p50": [...], "p99": [...], "max": [...]}} (µs; null before a frame). */
    ObjectNode latencySeries() {
        final ObjectNode node = NODES.objectNode();
        final ArrayNode ts = node.putArray("t_s");
        for (int i = 0; i < n; i++) {
            ts.add(t[i]);
        }
        final String[] names = {"p50", "p99", "max"};
        for (int k = 0; k < names.length; k++) {
            final ArrayNode a = node.putArray(names[k]);
            for (int i = 0; i < n; i++) {
                if (Double.isFinite(latency[k][i])) {
                    a.add(latency[k][i]);
                } else {
                    a.addNull();
                }
            }
        }
        return node;
    }

    @Override
    public String toString() {
        return "RateHistory" + Arrays.toString(channels) + " " + n + " points";
    }
}
