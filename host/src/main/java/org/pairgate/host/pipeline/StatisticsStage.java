package org.pairgate.host.pipeline;

import java.util.concurrent.CountDownLatch;

import com.lmax.disruptor.EventHandler;

import org.pairgate.device.FrameSum;
import org.pairgate.host.stats.SinglesBlocks;

/**
 * The statistics consumer: validates and sums every frame ({@link FrameSum}: magic, shape,
 * sequence, trial continuity, pattern sum, accounting invariant) and keeps its singles per block
 * ({@link SinglesBlocks}, for the stationarity test), publishes the running totals
 * to the {@link LiveSnapshot}, and records each frame's latency. The summed counters it leaves
 * are exactly those analyze would sum for the same tags.
 *
 * <p>With {@link PipelineConfig#statisticsOnDevice()} the device thread calls {@link #frame} and
 * {@link #flush} itself and this stage is no consumer of the frame ring.
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
    private final SinglesBlocks blocks;
    private final LiveSnapshot snapshot;
    private final LatencyRecorder latency;
    private final PipelineFailure failure;
    private final CountDownLatch done;
    private final LiveSums live;                 // null: no web view
    private long livePublished = Long.MIN_VALUE / 2;
    private final long[] unpublished = new long[PUBLISH_EVERY];
    private int pending;
    private boolean failed;

    StatisticsStage(final FrameSum sum, final SinglesBlocks blocks, final LiveSnapshot snapshot, final LatencyRecorder latency,
                    final PipelineFailure failure, final CountDownLatch done, final LiveSums live) {
        this.sum = sum;
        this.blocks = blocks;
        this.snapshot = snapshot;
        this.latency = latency;
        this.failure = failure;
        this.done = done;
        this.live = live;
    }

    @Override
    public void onEvent(final FrameEvent event, final long sequence, final boolean endOfBatch) {
        if (event.end) {
            end();
            done.countDown();
            return;
        }
        if (failed) {
            return;
        }
        try {
            frame(event.words, event.readNanos);
            if (endOfBatch) {
                flush();
            }
        } catch (final Throwable t) {
            failed = true;
            failure.record(t);
        }
    }

    /**
     * Sums one frame read from the core at {@code readNanos}; publishes every {@link #PUBLISH_EVERY}
     * frames. Called by {@link #onEvent} or, with the statistics on the device thread, by
     * {@link DeviceStage} right after it reads the frame (a failure then propagates to it).
     */
    void frame(final long[] words, final long readNanos) {
        sum.add(words);
        blocks.add(words);
        unpublished[pending++] = readNanos;
        if (pending == PUBLISH_EVERY) {
            publish();
        }
    }

    /** Publishes the frames summed since the last publish, if any. */
    void flush() {
        if (pending > 0) {
            publish();
        }
    }

    /**
     * The end of the stream: publishes what is pending and the final copy for the web view. Called
     * by {@link #onEvent} or, with the statistics on the device thread, by {@link DeviceStage}.
     */
    void end() {
        if (failed) {
            return;
        }
        if (pending > 0) {
            publish();
        }
        if (live != null) {
            live.publish(sum, latency, System.nanoTime(), true);
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
