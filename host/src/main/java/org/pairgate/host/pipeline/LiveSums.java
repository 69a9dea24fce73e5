package org.pairgate.host.pipeline;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.pairgate.device.FrameSum;
import org.pairgate.device.PgMap;

/**
 * The whole running sum of an acquisition, published for a reader that needs more than the
 * terminal's {@link LiveSnapshot} (the web view computes every statistic of report.json from it).
 *
 * <p>The statistics thread publishes at most every {@link #PERIOD_NANOS} (and once at the end): a
 * copy of its {@link FrameSum} and the frame-latency percentiles so far, as one immutable
 * {@link Sample} behind a volatile reference. That is an array copy of a frame's length and a
 * walk of the latency histogram ten times a second, off the per-frame path; the reader never
 * takes a lock and never makes a pipeline thread wait. Without a {@code LiveSums} (no
 * {@code --serve}) the statistics thread does none of it.
 */
public final class LiveSums {
    /** Publish period of the statistics thread. */
    public static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * One published state of the run.
     *
     * @param sum          the frames summed so far (a copy; frames() of them)
     * @param elapsedNanos time since the pipeline started, when published
     * @param latencyUs    frame latency percentiles so far: frames, p50, p99, max (µs; NaN before a frame)
     * @param last         whether this is the run's last publish
     */
    public record Sample(FrameSum sum, long elapsedNanos, double[] latencyUs, boolean last) {
    }

    private volatile Sample latest;
    private volatile long startNanos;
    private volatile String engine;
    private volatile PgMap.FrameLayout layout;
    private volatile PipelineCounters counters;
    private volatile PipelineConfig config;

    /** The last published sample, or null before the first frame was summed. */
    public Sample latest() {
        return latest;
    }

    /** The core's name once the pipeline runs ("soft", "rtl", ...), else null. */
    public String engine() {
        return engine;
    }

    /** The core's frame layout once the pipeline runs, else null. */
    public PgMap.FrameLayout layout() {
        return layout;
    }

    /** Whether the pipeline started (the clock of {@link #elapsedNanos} runs). */
    public boolean started() {
        return counters != null;
    }

    /** Time since the pipeline started (0 before). */
    public long elapsedNanos(final long nowNanos) {
        return counters == null ? 0 : nowNanos - startNanos;
    }

    /**
     * How far the run is, 0..1, as the terminal view computes it (trial limit, duration, or the
     * share of a file's records read), or NaN when unbounded.
     */
    public double fraction(final long trials, final long elapsedNanos) {
        final PipelineCounters c = counters;
        final PipelineConfig p = config;
        if (c == null) {
            return Double.NaN;
        }
        if (p.trialLimit() > 0) {
            return Math.min(1, (double) trials / p.trialLimit());
        }
        if (p.durationNanos() > 0) {
            return Math.min(1, (double) elapsedNanos / p.durationNanos());
        }
        final long total = c.sourceRecordsTotal.getOpaque();
        return total > 0 ? Math.min(1, (double) c.sourceRecords.getOpaque() / total) : Double.NaN;
    }

    void start(final long nanos, final String engineName, final PgMap.FrameLayout frameLayout,
               final PipelineCounters pipelineCounters, final PipelineConfig pipelineConfig) {
        startNanos = nanos;
        engine = engineName;
        layout = frameLayout;
        config = pipelineConfig;
        counters = pipelineCounters; // last: started() reads it
    }

    /** Statistics thread only. */
    void publish(final FrameSum sum, final LatencyRecorder latency, final long nowNanos, final boolean last) {
        final Histogram h = latency.histogram();
        final long n = h.getTotalCount();
        final double[] lat = {n, n > 0 ? PipelineReport.micros(h.getValueAtPercentile(50)) : Double.NaN,
            n > 0 ? PipelineReport.micros(h.getValueAtPercentile(99)) : Double.NaN,
            n > 0 ? PipelineReport.micros(h.getMaxValue()) : Double.NaN};
        latest = new Sample(sum.copy(), nowNanos - startNanos, lat, last);
    }
}
