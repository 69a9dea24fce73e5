package org.pairgate.host.io;

import java.io.IOException;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Fixed-size records in a buffer that is refilled a chunk at a time: what the PTU record decoders
 * read from. A file ({@link ChunkedFile}) refills from its channel; a live instrument
 * ({@link InstrumentSource}) by one FIFO read of the vendor's library into its one off-heap
 * buffer. The buffer never moves, so decoders may keep its address.
 */
interface RecordChunks {
    /** The buffer holding the current chunk; records are at {@link #position()} up to {@link #limit()}. */
    UnsafeBuffer buffer();

    int position();

    int limit();

    /** Marks the bytes up to {@code newPosition} as consumed. */
    void position(int newPosition);

    /** Whole records left in the current chunk. */
    int recordsInChunk();

    /**
     * Makes at least one whole record available, refilling when needed (a live source waits for
     * its instrument here). False when the stream holds no further whole record.
     */
    boolean ensure() throws IOException;

    /** Bytes of an incomplete final record (meaningful once {@link #ensure()} returned false). */
    int trailingBytes();

    /**
     * True when a refill may wait for data (a live instrument): a decoder then returns the tags it
     * already has rather than wait to fill its batch. False for files.
     */
    boolean waits();

    /** Gives up what the source holds beyond the reader's life (a map window); the default holds nothing. */
    default void release() {
    }
}
