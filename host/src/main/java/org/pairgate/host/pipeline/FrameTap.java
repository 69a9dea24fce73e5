package org.pairgate.host.pipeline;

import org.pairgate.device.PgMap;

/**
 * An extra consumer of the frame ring, on its own thread, beside statistics and journal: a
 * monitor, an exporter, or a test's deliberately slow consumer. It sees every frame in order and
 * must not keep the array (the slot is reused). A slow tap slows the whole pipeline (lossless
 * backpressure); a tap that throws fails the run.
 */
@FunctionalInterface
public interface FrameTap {
    void onFrame(long[] words, PgMap.FrameLayout layout) throws Exception;
}
