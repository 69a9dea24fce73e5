package org.pairgate.device;

/**
 * The Java face of the pairgate device ABI ({@code hw-sim/include/pairgate.h}).
 *
 * <p>Two implementations produce the same frame words for the same tags and configuration:
 * {@code rtl} (the Verilated firmware through JNA, later a board's driver) and {@code soft} (the
 * pure-Java model). The host drives either through this interface only.
 *
 * <p>Not thread-safe: one thread drives a device.
 */
public interface Device extends AutoCloseable {
    /** "rtl" or "soft". */
    String engine();

    /** The frame layout of this core's shape. */
    PgMap.FrameLayout layout();

    long readRegister(int address);

    void writeRegister(int address, long value);

    /**
     * Pushes tag words {@code [offset, offset + count)} of the batch (each with its count). Returns
     * how many words were accepted; fewer than {@code count} only when a CTRL command waits behind
     * a frame held for a full ring (read and release frames, then push the rest). Every effect of
     * the accepted words is complete on return. A word of count 0 is {@link DeviceException#EINVAL}.
     */
    int push(TagBatch batch, int offset, int count);

    /** Frames closed and not yet released. */
    int framesPending();

    /**
     * Copies the oldest unreleased frame into {@code dst} (at least {@code layout().frameWords}
     * long) and returns its word count, or 0 when there is none. Does not release it.
     */
    int readFrame(long[] dst);

    /** Releases the oldest frame. */
    void releaseFrame();

    /** The trial-record layout of this core's shape (docs/frame-format.md "Trial records"). */
    default PgMap.RecordLayout recordLayout() {
        return PgMap.RecordLayout.of(layout());
    }

    /**
     * Whole trial records waiting in the host record ring (records held in the core's record FIFO
     * behind a full ring are not counted; they move into the ring as it is read).
     */
    int recordsPending();

    /**
     * Copies the oldest trial records into {@code dst} (from index 0, as many whole records of
     * {@code recordLayout().recordWords} words as fit, in trial order) and removes them; records
     * that wait in the core's FIFO follow as the ring empties. Returns the words copied (a multiple
     * of the record size), 0 when there is none. A {@code dst} shorter than one record is
     * {@link DeviceException#ESMALL}. Records are made only while register RECORDS_ENABLE is 1.
     */
    int readRecords(long[] dst);

    @Override
    void close();

    /** Writes the configuration registers. Detectors and windows beyond the core's shape are an error. */
    default void configure(final GateConfig cfg) {
        final PgMap.FrameLayout l = layout();
        if (cfg.detectors() > l.detectors || cfg.windows() > l.windows) {
            throw new IllegalArgumentException("configuration has " + cfg.windows() + " windows and "
                + cfg.detectors() + " detectors; the " + engine() + " core has " + l.windows + " and " + l.detectors);
        }
        writeRegister(PgMap.REG_SYNC_CHANNEL, cfg.syncChannel());
        writeRegister(PgMap.REG_SYNC_DELAY, cfg.syncDelay());
        writeRegister(PgMap.REG_BIN_TICKS, cfg.binTicks());
        writeRegister(PgMap.REG_FRAME_TRIALS, cfg.frameTrials());
        for (int d = 0; d < l.detectors; d++) {
            writeRegister(PgMap.REG_DET_CHANNEL + d, d < cfg.detectors() ? cfg.detChannels()[d] : 0xFF);
            writeRegister(PgMap.REG_DET_DELAY + d, d < cfg.detectors() ? cfg.detDelays()[d] : 0);
        }
        for (int w = 0; w < l.windows; w++) {
            writeRegister(PgMap.REG_WIN_START + w, w < cfg.windows() ? cfg.windowStarts()[w] : 0);
            writeRegister(PgMap.REG_WIN_LENGTH + w, w < cfg.windows() ? cfg.windowLengths()[w] : 0);
        }
    }

    /** Closes the current frame after every tag pushed so far (CTRL_CLOSE_FRAME). */
    default void requestFrameClose() {
        writeRegister(PgMap.REG_CTRL, PgMap.CTRL_CLOSE_FRAME);
    }

    /** Clears counters, trial state and history (CTRL_RESET); keeps the configuration. */
    default void reset() {
        writeRegister(PgMap.REG_CTRL, PgMap.CTRL_RESET);
    }
}
