package org.pairgate.host.io;

import java.io.IOException;

import org.pairgate.device.TagBatch;

/**
 * A stream of time tags: a file reader, the physics simulator, a journal or an instrument.
 *
 * <p>Tags come out time-ordered as the instrument recorded them, in ticks of
 * {@link #resolutionPs()}, with channels numbered as PicoQuant does (T2: sync = 0, input i = i+1).
 * Sources fill caller-owned batches in place: constant memory whatever the length of the stream.
 */
public interface TagSource extends AutoCloseable {
    /**
     * Clears {@code batch} and fills it with the next tag words, up to its capacity, writing every
     * slot's time, channel and count. Returns the number of words written; 0 means the stream has
     * ended. A word's count is 1 except for sync runs ({@link #syncRuns}).
     *
     * @throws IOException on a read error or corrupt input (with a message that says where and why)
     */
    int read(TagBatch batch) throws IOException;

    /**
     * Lets the source write consecutive syncs with nothing between them as one sync-run word (a
     * tag word of count k, docs/formats.md "Sync runs") where {@code runs} says it is exact; call
     * it before the first {@link #read}. The default ignores it: such a source writes single tags
     * only (the core's feeder may still merge them, see {@code SyncRunCoalescer}). Sources that know
     * their syncs are empty (T3 files, the simulators) override it. Every source starts with
     * {@link SyncRuns#OFF}, so a reader used for anything but the core (info, correlate, exports)
     * yields one tag per sync as before.
     */
    default void syncRuns(final SyncRuns runs) {
        // single tags only
    }

    /** Picoseconds per tick of the times this source yields. */
    double resolutionPs();

    /** A short human description (format, record type, file name). */
    String describe();

    @Override
    void close() throws IOException;
}
