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
     * Clears {@code batch} and fills it with the next tags, up to its capacity. Returns the number
     * of tags written; 0 means the stream has ended.
     *
     * @throws IOException on a read error or corrupt input (with a message that says where and why)
     */
    int read(TagBatch batch) throws IOException;

    /** Picoseconds per tick of the times this source yields. */
    double resolutionPs();

    /** A short human description (format, record type, file name). */
    String describe();

    @Override
    void close() throws IOException;
}
