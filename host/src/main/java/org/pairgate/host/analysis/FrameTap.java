package org.pairgate.host.analysis;

/** Sees every frame the host reads from a core, after it was validated and summed (the singles blocks, the second core's frame log). */
interface FrameTap {
    void frame(long[] frame);
}
