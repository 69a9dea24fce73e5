package org.pairgate.host.pipeline;

import java.util.concurrent.CountDownLatch;

import com.lmax.disruptor.EventHandler;

import org.pairgate.host.journal.JournalWriter;

/**
 * The journal consumer: appends every frame to the Chronicle journal, batched. An excerpt is
 * completed when it holds its maximum of frames or when the ring has nothing more waiting
 * (Disruptor's end of batch), so the batch size adapts to the load: large at full rate, one frame
 * per excerpt when frames are rare, and never more than one excerpt of frames lost to a kill.
 */
final class JournalStage implements EventHandler<FrameEvent> {
    private final JournalWriter journal;
    private final int framesPerExcerpt;
    private final PipelineFailure failure;
    private final CountDownLatch done;
    private JournalWriter.FrameAppender appender;
    private boolean failed;
    private long frames;

    JournalStage(final JournalWriter journal, final int framesPerExcerpt, final PipelineFailure failure,
                 final CountDownLatch done) {
        this.journal = journal;
        this.framesPerExcerpt = framesPerExcerpt;
        this.failure = failure;
        this.done = done;
    }

    @Override
    public void onStart() {
        appender = journal.frames(framesPerExcerpt);
    }

    @Override
    public void onEvent(final FrameEvent event, final long sequence, final boolean endOfBatch) {
        if (!failed) {
            try {
                if (!event.end) {
                    appender.append(event.words);
                    frames++;
                }
                if (endOfBatch || event.end) {
                    appender.flush();
                }
            } catch (final Throwable t) {
                failed = true;
                failure.record(t);
            }
        }
        if (event.end) {
            done.countDown();
        }
    }

    @Override
    public void onShutdown() {
        if (appender != null) {
            try {
                appender.close();
            } catch (final RuntimeException e) {
                failure.record(e);
            }
        }
    }

    long frames() {
        return frames;
    }
}
