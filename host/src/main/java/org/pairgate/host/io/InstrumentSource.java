package org.pairgate.host.io;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.pairgate.device.TagBatch;
import org.pairgate.instruments.TttrInstrument;

/**
 * A PicoQuant instrument as a {@link TagSource}: the records of each FIFO block are decoded in
 * place, from the instrument's one off-heap buffer, by the same decoders that read PTU files
 * ({@link PtuT2Reader}, {@link PtuT3Reader}), straight into the pipeline's batch. No record is
 * copied: one native call fills the buffer, the decoder reads it, the next call refills it.
 *
 * <p>The decoder sees the instrument through {@link RecordChunks}: a refill is one
 * {@link TttrInstrument#readBlock()}, waiting (parked, never spinning) while the FIFO is empty and
 * the acquisition time is not over. The header it decodes against is built from what the library
 * reports (record type, resolution, sync rate), never from a file.
 */
public final class InstrumentSource implements LiveSource {
    private final TttrInstrument instrument;
    private final TagFile decoder;
    private final FifoChunks chunks;

    private InstrumentSource(final TttrInstrument instrument, final FifoChunks chunks, final TagFile decoder) {
        this.instrument = instrument;
        this.chunks = chunks;
        this.decoder = decoder;
    }

    /**
     * Wraps an opened (not yet started) instrument; {@code t3Syncs} as for {@link TagSources#open(java.nio.file.Path, boolean)}.
     * The measurement starts at the first read, for {@code acquisitionMs}.
     */
    public static InstrumentSource of(final TttrInstrument instrument, final boolean t3Syncs, final long acquisitionMs)
        throws IOException {
        final Map<String, Object> tags = new LinkedHashMap<>();
        tags.put(PtuHeader.TAG_RECORD_TYPE, (long) instrument.recordType());
        tags.put(PtuHeader.TAG_BITS_PER_RECORD, 32L);
        final double resolutionSeconds = instrument.resolutionPs() * 1e-12;
        tags.put(PtuHeader.TAG_RESOLUTION, resolutionSeconds);
        if (instrument.mode() == 2) {
            tags.put(PtuHeader.TAG_GLOBAL_RESOLUTION, resolutionSeconds);
        } else if (instrument.syncRate() > 0) {
            tags.put(PtuHeader.TAG_SYNC_RATE, (long) instrument.syncRate());
            tags.put(PtuHeader.TAG_GLOBAL_RESOLUTION, 1.0 / instrument.syncRate());
        }
        final String name = instrument.kind() + " " + instrument.index();
        if (instrument.mode() == 3 && instrument.syncRate() <= 0) {
            throw new IOException(name + ": the sync rate is 0: T3 needs a sync signal (check the sync cable, level and divider)");
        }
        final PtuHeader header = PtuHeader.synthetic(name, "live", tags, 0, -1);
        final FifoChunks chunks = new FifoChunks(instrument, acquisitionMs);
        final TagFile decoder = instrument.mode() == 3
            ? new PtuT3Reader(() -> { }, header, "live", name, t3Syncs, chunks)
            : new PtuT2Reader(() -> { }, header, "live", name, chunks);
        return new InstrumentSource(instrument, chunks, decoder);
    }

    /** The instrument behind this source. */
    public TttrInstrument instrument() {
        return instrument;
    }

    @Override
    public int read(final TagBatch batch) throws IOException {
        return decoder.read(batch);
    }

    @Override
    public void syncRuns(final SyncRuns runs) {
        decoder.syncRuns(runs);
    }

    @Override
    public double resolutionPs() {
        return decoder.resolutionPs();
    }

    @Override
    public String describe() {
        return instrument.kind() + " " + instrument.index() + " live " + (instrument.mode() == 3 ? "T3" : "T2") + ", "
            + decoder.recordTypeName() + ", " + instrument.resolutionPs() + " ps"
            + (instrument.mode() == 3 ? ", sync " + instrument.syncRate() + " Hz" : "");
    }

    @Override
    public void stop() {
        instrument.stop();
    }

    @Override
    public String liveStatus() {
        return instrument.liveStatus();
    }

    @Override
    public Map<String, Object> instrumentReport() {
        return instrument.report();
    }

    @Override
    public String lossSummary() {
        return instrument.lossSummary();
    }

    /** Stops the measurement and closes the device. */
    @Override
    public void close() throws IOException {
        instrument.close();
        decoder.close();
    }

    /** The instrument's FIFO buffer as the decoders' chunks: a refill is one block. */
    private static final class FifoChunks implements RecordChunks {
        private final TttrInstrument instrument;
        private final UnsafeBuffer buffer;
        private final long acquisitionMs;
        private int position;
        private int limit;
        private boolean started;
        private boolean ended;

        FifoChunks(final TttrInstrument instrument, final long acquisitionMs) {
            this.instrument = instrument;
            this.acquisitionMs = acquisitionMs;
            this.buffer = new UnsafeBuffer(instrument.buffer());
        }

        @Override
        public UnsafeBuffer buffer() {
            return buffer;
        }

        @Override
        public int position() {
            return position;
        }

        @Override
        public int limit() {
            return limit;
        }

        @Override
        public void position(final int newPosition) {
            position = newPosition;
        }

        @Override
        public int recordsInChunk() {
            return (limit - position) >> 2;
        }

        @Override
        public boolean ensure() throws IOException {
            if (limit - position >= Integer.BYTES) {
                return true;
            }
            if (!started) {
                started = true;
                instrument.start(acquisitionMs);
            }
            while (!ended) {
                final int n = instrument.readBlock();
                if (n > 0) {
                    position = 0;
                    limit = n * Integer.BYTES;
                    return true;
                }
                if (n < 0) {
                    ended = true;
                }
            }
            position = 0;
            limit = 0;
            return false;
        }

        @Override
        public int trailingBytes() {
            return 0;
        }

        @Override
        public boolean waits() {
            return true;
        }
    }
}
