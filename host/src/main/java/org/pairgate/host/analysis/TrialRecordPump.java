package org.pairgate.host.analysis;

import java.io.IOException;
import java.util.Objects;

import org.pairgate.device.Device;
import org.pairgate.device.PgMap;

/**
 * Moves a core's trial records into a {@link TrialRecordSink} (docs/frame-format.md, "Trial
 * records"): {@link #start} turns the records on, {@link #drain} after every push empties the host
 * record ring through one reused buffer, {@link #finish} checks at the end that every record the
 * core made reached the sink. Used by the thread that pushes (the device handle is single-threaded).
 *
 * <p>The device must be opened with a record ring of at least one record per tag word of a push
 * (a record needs its own sync word): then nothing is dropped between two drains, and a drop the
 * core reports anyway is an error.
 */
public final class TrialRecordPump {
    private final Device device;
    private final TrialRecordSink sink;
    private final PgMap.FrameLayout layout;
    private final long[] buffer;
    private final int recordWords;
    private long read;

    public TrialRecordPump(final Device device, final TrialRecordSink sink, final PgMap.FrameLayout layout) {
        this.device = Objects.requireNonNull(device);
        this.sink = Objects.requireNonNull(sink);
        this.layout = Objects.requireNonNull(layout);
        this.recordWords = PgMap.RecordLayout.of(layout).recordWords;
        this.buffer = new long[recordWords * 4096];
    }

    /** Tells the sink the shape and turns the core's records on (a configuration write: call while idle). */
    public TrialRecordPump start() throws IOException {
        sink.begin(layout);
        device.writeRegister(PgMap.REG_RECORDS_ENABLE, 1);
        return this;
    }

    /** Moves every record in the host ring into the sink. */
    public void drain() throws IOException {
        for (int words; (words = device.readRecords(buffer)) > 0; ) {
            sink.write(buffer, words, layout);
            read += words / recordWords;
        }
    }

    /** Checks that every record the core made reached the sink (none dropped); returns how many. */
    public long finish() {
        final long made = device.readRegister(PgMap.REG_RECORDS_MADE);
        final long dropped = device.readRegister(PgMap.REG_RECORDS_DROPPED);
        if (dropped != 0 || made != read) {
            throw new AnalysisException("the " + device.engine() + " core made " + made + " trial records, dropped "
                + dropped + ", the host read " + read);
        }
        return read;
    }
}
