package org.pairgate.host.pipeline;

import org.pairgate.device.TagBatch;

/**
 * A slot of the tag ring: a preallocated off-heap {@link TagBatch} that the source fills in place
 * and the device thread pushes from, so tags are never copied between the file and the core.
 * {@link #end} marks the last event of the run (its batch is empty).
 */
final class TagBatchEvent {
    final TagBatch batch;
    boolean end;

    TagBatchEvent(final int capacity) {
        this.batch = new TagBatch(capacity);
    }
}
