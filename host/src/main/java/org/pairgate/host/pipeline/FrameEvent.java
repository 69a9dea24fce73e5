package org.pairgate.host.pipeline;

/**
 * A slot of the frame ring: one frame's words, copied out of the core's frame ring by the device
 * thread and read by every consumer.
 *
 * <p>The words are a preallocated {@code long[]} rather than an off-heap buffer because both ends
 * speak {@code long[]}: {@code Device.readFrame} fills one and {@code FrameSum.add} validates
 * one; an off-heap slot would add a copy on each side and buy nothing. The tag batches, which the
 * native core reads by address, are the off-heap ones.
 */
final class FrameEvent {
    final long[] words;
    /** System.nanoTime() when the device thread took the frame from the core: the latency clock starts here. */
    long readNanos;
    /** The last event of the run: no frame. */
    boolean end;

    FrameEvent(final int frameWords) {
        this.words = new long[frameWords];
    }
}
