package org.pairgate.host.pipeline;

import java.util.concurrent.CountDownLatch;

import com.lmax.disruptor.EventHandler;

import org.pairgate.device.FrameSum;

/**
 * The statistics consumer: validates and sums every frame ({@link FrameSum}: magic, shape,
 * sequence, trial continuity, pattern sum, accounting invariant), publishes the running totals
 * to the {@link LiveSnapshot}, and records each frame's latency. The summed counters it leaves
 * are exactly those analyze would sum for the same tags.
 *
 * <p>The snapshot is published once per Disruptor batch (when the ring has nothing more waiting)
 * or every {@link #PUBLISH_EVERY} frames, not per frame: with a large pattern space a snapshot
 * costs more than summing a frame, and at full rate batches are long. Each frame's latency runs
 * to the publish that includes it, so batching shows in the percentiles rather than hiding.
 *
 * <p>With a {@link LiveSums} (the web view), a copy of the whole sum is published beside it at
 * most every {@link LiveSums#PERIOD_NANOS} and once at the end of the stream.
 */
final class StatisticsStage implements EventHandler<FrameEvent> {
    static final int PUBLISH_EVERY = 64;

    private final FrameSum sum;
    private final LiveSnapshot snapshot;
    private final LatencyRecorder latency;
    private final PipelineFailure failure;
    private final CountDownLatch done;
    private final LiveSums live;
    private long livePublished = Long.MIN_VALUE / 2;
    private final long[] unpublished = new long[PUBLISH_EVERY];
    private int pending;
    private boolean failed;

    StatisticsStage(final FrameSum sum, final LiveSnapshot snapshot, final LatencyRecorder latency,
                    final PipelineFailure failure, final CountDownLatch done, final LiveSums live) {
        this.sum = sum;
        this.snapshot = snapshot;
        this.latency = latency;
        this.failure = failure;
        this.done = done;
        this.live = live;
    }

    @Override
    public void onEvent(final FrameEvent event, final long sequence, final boolean endOfBatch) {
        if (event.end) {
            if (!failed && pending > 0) {
                publish();
            }
            if (!failed && live != null) {
                live.publish(sum, latency, System.nanoTime(), true);
            }
            done.countDown();
            return;
        }
        if (failed) {
            return;
        }
        try {
            sum.add(event.words);
            unpublished[pending++] = event.readNanos;
            if (endOfBatch || pending == PUBLISH_EVERY) {
                publish();
            }
        } catch (final Throwable t) {
            failed = true;
            failure.record(t);
        }
    }

    private void publish() {
        snapshot.publish(sum);
        final long now = System.nanoTime();
        for (int i = 0; i < pending; i++) {
            latency.record(now - unpublished[i]);
        }
        pending = 0;
        if (live != null && now - livePublished >= LiveSums.PERIOD_NANOS) {
            live.publish(sum, latency, now, false);
            livePublished = now;
        }
    }
}
