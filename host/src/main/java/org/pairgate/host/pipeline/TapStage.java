package org.pairgate.host.pipeline;

import java.util.concurrent.CountDownLatch;

import com.lmax.disruptor.EventHandler;

import org.pairgate.device.PgMap;

/** Runs a {@link FrameTap} as a frame-ring consumer. */
final class TapStage implements EventHandler<FrameEvent> {
    private final FrameTap tap;
    private final PgMap.FrameLayout layout;
    private final PipelineFailure failure;
    private final CountDownLatch done;
    private boolean failed;

    TapStage(final FrameTap tap, final PgMap.FrameLayout layout, final PipelineFailure failure, final CountDownLatch done) {
        this.tap = tap;
        this.layout = layout;
        this.failure = failure;
        this.done = done;
    }

    @Override
    public void onEvent(final FrameEvent event, final long sequence, final boolean endOfBatch) {
        if (event.end) {
            done.countDown();
            return;
        }
        if (!failed) {
            try {
                tap.onFrame(event.words, layout);
            } catch (final Throwable t) {
                failed = true;
                failure.record(t);
            }
        }
    }
}
