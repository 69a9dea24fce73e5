package org.pairgate.host.io;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.pairgate.device.TagBatch;

/**
 * Tags (not words) in a stretch of a batch: the sum of the words' counts. Pushes are counted in
 * words (what the core accepts), rates and reports in tags (what the instrument recorded); with
 * sync runs the two differ. A count of 0 is counted as the firmware takes it, as 1.
 */
public final class TagCounts {
    private TagCounts() {
    }

    /** Tags in the whole batch. */
    public static long of(final TagBatch batch) {
        return sum(batch, 0, batch.size());
    }

    /** Tags in words {@code [from, to)} of {@code batch}; allocation-free. */
    public static long sum(final TagBatch batch, final int from, final int to) {
        final UnsafeBuffer counts = batch.countsBuffer();
        long tags = 0;
        for (int i = from; i < to; i++) {
            tags += Math.max(1, counts.getInt(i << 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL);
        }
        return tags;
    }
}
