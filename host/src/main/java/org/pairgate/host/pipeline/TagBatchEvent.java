package org.pairgate.host.pipeline;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.pairgate.device.TagBatch;

/**
 * A slot of the tag ring: a preallocated off-heap {@link TagBatch} that the source fills in place
 * and the device thread pushes from, so tags are never copied between the file and the core.
 * {@link #end} marks the last event of the run (its batch is empty).
 *
 * <p>On the fused path (a HydraHarp-family T2 file into the soft engine, issue 15) the slot
 * carries raw records instead: {@link #raw} holds {@link #rawRecords} 32-bit records as the file
 * has them, which the device thread decodes and gates in one pass.
 */
final class TagBatchEvent {
    final TagBatch batch;
    /** The raw records of the fused path (null when the run is not fused). */
    final UnsafeBuffer raw;
    /** Records in {@link #raw}. */
    int rawRecords;
    boolean end;

    TagBatchEvent(final int capacity) {
        this(capacity, false);
    }

    TagBatchEvent(final int capacity, final boolean fused) {
        this.batch = new TagBatch(fused ? 1 : capacity);
        this.raw = fused ? new UnsafeBuffer(BufferUtil.allocateDirectAligned(((4 * capacity + 63) & ~63), 64)) : null;
    }
}
