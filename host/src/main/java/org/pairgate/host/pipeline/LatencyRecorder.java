package org.pairgate.host.pipeline;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * Distribution of the time from a frame leaving the core (the device thread takes it from the
 * core's ring, right after the push that closed it) to its counters being published to the live
 * view: the host's frame path, queueing in the frame ring included.
 *
 * <p>An HdrHistogram of nanoseconds with 3 significant digits up to one minute (longer values
 * are clamped, and counted); recording is allocation-free. Written by the statistics thread only
 * and read after it has stopped.
 */
final class LatencyRecorder {
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
    private long clamped;

    void record(final long nanos) {
        if (nanos > HIGHEST_NANOS) {
            clamped++;
            histogram.recordValue(HIGHEST_NANOS);
        } else {
            histogram.recordValue(Math.max(0, nanos));
        }
    }

    Histogram histogram() {
        return histogram;
    }

    long clamped() {
        return clamped;
    }
}
