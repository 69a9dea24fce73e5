package org.pairgate.host.pipeline;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.pairgate.device.PgMap;
import org.pairgate.host.stats.G2;

/**
 * The live view on stderr: a progress bar (trials, rate, elapsed, ETA), g2(0) ± σ of the HBT pair
 * per window, the accounting balance and the backpressure waits, refreshed four times a second.
 *
 * <p>It runs on its own daemon thread and only reads: the {@link LiveSnapshot} (a sequence lock,
 * no lock on the writer's side) and the stages' opaque counters, so it can never slow the
 * pipeline. On a terminal the line is rewritten in place; otherwise (forced with
 * {@code --progress}) each refresh is a line of its own.
 */
final class LiveView implements AutoCloseable {
    static final long REFRESH_MILLIS = 250;

    private final LiveSnapshot snapshot;
    private final PipelineCounters counters;
    private final PipelineConfig config;
    private final List<String> windowNames;
    private final PrintWriter out;
    private final boolean terminal;
    private final long startNanos;
    private final long[] words;
    private final ScheduledExecutorService timer;
    private int lastLength;
    private java.util.function.Supplier<String> status;

    LiveView(final LiveSnapshot snapshot, final PipelineCounters counters, final PipelineConfig config,
             final List<String> windowNames, final PrintWriter out, final boolean terminal, final long startNanos) {
        this.snapshot = snapshot;
        this.counters = counters;
        this.config = config;
        this.windowNames = List.copyOf(windowNames);
        this.out = out;
        this.terminal = terminal;
        this.startNanos = startNanos;
        this.words = new long[snapshot.size()];
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "pairgate-live-view");
            t.setDaemon(true);
            return t;
        });
    }

    /** Adds a live source's status (records, flags, warnings) to every line; null for none. */
    LiveView status(final java.util.function.Supplier<String> supplier) {
        this.status = supplier;
        return this;
    }

    void start() {
        timer.scheduleAtFixedRate(this::refresh, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        try {
            print(line(System.nanoTime()), false);
        } catch (final RuntimeException e) {
            // a view must never take the run down
        }
    }

    private synchronized void print(final String line, final boolean last) {
        if (terminal) {
            final int pad = Math.max(0, lastLength - line.length());
            out.print("\r" + line + " ".repeat(pad) + (last ? "\n" : ""));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The current line (also used by tests). */
    String line(final long nowNanos) {
        snapshot.read(words);
        final double elapsed = (nowNanos - startNanos) / 1e9;
        final long trials = words[LiveSnapshot.TRIALS];
        final double rate = elapsed > 0 ? trials / elapsed : 0;
        final double fraction = fraction(trials, elapsed);
        final StringBuilder sb = new StringBuilder(160);
        if (!Double.isNaN(fraction)) {
            final int width = 20;
            final int filled = (int) Math.round(Math.min(1, fraction) * width);
            sb.append('[').append("#".repeat(filled)).append("-".repeat(width - filled)).append("] ")
                .append(String.format(Locale.ROOT, "%5.1f%% ", 100 * Math.min(1, fraction)));
        }
        sb.append(String.format(Locale.ROOT, "%,d trials  %s trials/s  %s", trials, si(rate), clock(elapsed)));
        if (!Double.isNaN(fraction) && fraction > 0 && fraction < 1) {
            sb.append("  ETA ").append(clock(elapsed * (1 - fraction) / fraction));
        }
        final PgMap.FrameLayout l = snapshot.layout();
        for (int w = 0; w < windowNames.size() && l.detectors >= 2; w++) {
            final G2 g = g2(l, w, trials);
            sb.append(" | ").append(windowNames.get(w)).append(" g2(0) ");
            sb.append(g.hasSigma() ? String.format(Locale.ROOT, "%.3f±%.3f", g.value(), g.sigma()) : "-");
        }
        final long accounted = words[LiveSnapshot.SYNCS] + words[LiveSnapshot.IN_WINDOW] + words[LiveSnapshot.OUTSIDE]
            + words[LiveSnapshot.BEFORE_FIRST_SYNC] + words[LiveSnapshot.OUT_OF_ORDER] + words[LiveSnapshot.OTHER_CHANNEL]
            + words[LiveSnapshot.SYNC_DROPPED];
        sb.append(String.format(Locale.ROOT, " | tags %s %s", si(words[LiveSnapshot.TAGS]),
            accounted == words[LiveSnapshot.TAGS] ? "balanced" : "UNBALANCED"));
        if (words[LiveSnapshot.SYNC_DROPPED] > 0) {
            // a loss the physics must know about: shown as soon as it happens, not only in the report
            sb.append(String.format(Locale.ROOT, " (%s syncs dropped)", si(words[LiveSnapshot.SYNC_DROPPED])));
        }
        final long waits = counters.backpressureWaits.getOpaque() + counters.frameRingWaits.getOpaque()
            + counters.tagRingWaits.getOpaque();
        sb.append(" | waits ").append(waits);
        if (status != null) {
            sb.append(" | ").append(status.get());
        }
        return sb.toString();
    }

    private double fraction(final long trials, final double elapsed) {
        if (config.trialLimit() > 0) {
            return (double) trials / config.trialLimit();
        }
        if (config.durationNanos() > 0) {
            return elapsed * 1e9 / config.durationNanos();
        }
        final long total = counters.sourceRecordsTotal.getOpaque();
        return total > 0 ? (double) counters.sourceRecords.getOpaque() / total : Double.NaN;
    }

    private G2 g2(final PgMap.FrameLayout l, final int w, final long trials) {
        final int a = w * l.detectors;
        final int b = a + 1;
        long sa = 0;
        long sb = 0;
        long c = 0;
        for (int p = 0; p < l.lenPatterns; p++) {
            final long n = words[LiveSnapshot.PATTERNS + p];
            final boolean ia = (p >>> a & 1) != 0;
            final boolean ib = (p >>> b & 1) != 0;
            sa += ia ? n : 0;
            sb += ib ? n : 0;
            c += ia && ib ? n : 0;
        }
        try {
            return G2.of(trials, sa, sb, c);
        } catch (final IllegalArgumentException e) {
            return new G2(trials, sa, sb, c, 0, Double.NaN);
        }
    }

    private static String si(final double v) {
        if (v >= 1e9) {
            return String.format(Locale.ROOT, "%.2fG", v / 1e9);
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String clock(final double seconds) {
        final long s = (long) seconds;
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    /** Stops the refresh and prints the final line. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        print(line(System.nanoTime()), true);
    }
}
