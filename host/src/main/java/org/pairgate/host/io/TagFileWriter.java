package org.pairgate.host.io;

import java.io.IOException;

import org.pairgate.device.TagBatch;

/**
 * A writer of single tags into a file format without a count field (raw, PTU T2). One place
 * decides how a batch's words reach such a format: a word of count c (a sync run) is written as c
 * single tags at its time, i.e. the stream the core sees, not the recorded one (a run's syncs were
 * a period apart). Exports read their sources with runs off, so this only expands runs a caller
 * made on purpose.
 */
public interface TagFileWriter extends AutoCloseable {
    /** Appends one tag; times non-decreasing. */
    void write(long time, int channel) throws IOException;

    /** Appends every tag of {@code batch}, in order, each word expanded into its count of tags. */
    default void write(final TagBatch batch) throws IOException {
        final int size = batch.size();
        for (int i = 0; i < size; i++) {
            final long time = batch.time(i);
            final int channel = batch.channel(i);
            for (long k = Math.max(1, batch.count(i)); k > 0; k--) {
                write(time, channel);
            }
        }
    }

    @Override
    void close() throws IOException;
}
