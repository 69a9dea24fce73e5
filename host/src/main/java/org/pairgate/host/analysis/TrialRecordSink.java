package org.pairgate.host.analysis;

import java.io.IOException;

import org.pairgate.device.PgMap;

/**
 * Where an {@link Analysis} puts the trial records it reads from the core (docs/frame-format.md,
 * "Trial records"): one record per closed trial with at least one click in a window, in trial
 * order.
 */
@FunctionalInterface
public interface TrialRecordSink {
    /** Called once before any record, with the shape of the core that makes them. */
    default void begin(final PgMap.FrameLayout shape) throws IOException {
    }

    /**
     * Takes the whole records in {@code records[0, words)} of a core of shape {@code shape} (record
     * layout {@code PgMap.RecordLayout.of(shape)}; {@code words} is a multiple of its size). The
     * array is reused by the caller after the call returns.
     */
    void write(long[] records, int words, PgMap.FrameLayout shape) throws IOException;
}
