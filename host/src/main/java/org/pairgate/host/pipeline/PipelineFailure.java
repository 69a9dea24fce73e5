package org.pairgate.host.pipeline;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The first failure of any stage. A stage that fails keeps consuming (and discarding) until the
 * end event, so that no upstream stage ever blocks on a dead consumer; the source sees the
 * failure and ends the stream, and the run unwinds through its normal end.
 */
final class PipelineFailure {
    private final AtomicReference<Throwable> first = new AtomicReference<>();

    void record(final Throwable t) {
        first.compareAndSet(null, t);
    }

    boolean failed() {
        return first.get() != null;
    }

    Throwable get() {
        return first.get();
    }
}
