package org.pairgate.host.analysis;

/** Sees every frame the host reads from a core, after it was validated and summed (the singles blocks, the second core's frame log). */
interface FrameListener {
    void frame(long[] frame);
}
