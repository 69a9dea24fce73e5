package org.pairgate.host.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.pairgate.device.TagBatch;

/**
 * Streams files whose records are already (int64 time, unsigned channel) pairs: pairgate's raw
 * format ({@link RawTagWriter}: 9-byte records after a 32-byte header) and the quTAG binary format
 * (10-byte records, int64 time in ps and uint16 channel, after a 40-byte header that this reader
 * skips; quTAG numbers its start channel 0 and stops from 1, passed through unchanged).
 *
 * <p>Constant memory: one chunk buffer. A channel above {@value TagFile#MAX_CHANNEL} cannot be a
 * tag (255 is the core's reserved channel) and raises an {@link IOException}; so do a partial final
 * record and (raw) fewer records than the header declares, after everything whole was delivered.
 * Times are passed on as recorded, including out-of-order ones.
 */
public final class TimeChannelReader implements TagFile {
    /** quTAG's header length. */
    public static final int QUTAG_HEADER_BYTES = 40;
    /** quTAG's record length. */
    public static final int QUTAG_RECORD_BYTES = 10;

    private final FileChannel channel;
    private final String source;
    private final String fileName;
    private final String format;
    private final int recordBytes;
    private final boolean wideChannel;
    private final long dataOffset;
    private final long declared;
    private final double resolutionPs;
    private final Map<String, Object> fields;
    private final ChunkedFile file;
    private final long[] events = new long[256];
    private long recordsRead;
    private boolean closed;
    private String failure;

    private TimeChannelReader(
        final FileChannel channel,
        final String source,
        final String fileName,
        final String format,
        final int headerBytes,
        final int recordBytes,
        final boolean wideChannel,
        final long declared,
        final double resolutionPs,
        final Map<String, Object> fields) {
        this.channel = channel;
        this.source = source;
        this.fileName = fileName;
        this.format = format;
        this.recordBytes = recordBytes;
        this.wideChannel = wideChannel;
        this.dataOffset = headerBytes;
        this.declared = declared;
        this.resolutionPs = resolutionPs;
        this.fields = Collections.unmodifiableMap(fields);
        this.file = new ChunkedFile(channel, headerBytes, recordBytes << 16, recordBytes);
    }

    /** A pairgate raw file (its magic already recognised). */
    static TimeChannelReader raw(final FileChannel channel, final String source, final String fileName) throws IOException {
        final ByteBuffer header = ByteBuffer.allocate(RawTagWriter.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (header.hasRemaining()) {
            if (channel.read(header, header.position()) < 0) {
                throw new IOException(source + ": truncated pairgate raw header: file ends at byte "
                    + header.position() + " of " + RawTagWriter.HEADER_BYTES);
            }
        }
        final double resolutionPs = header.getDouble(8);
        if (!(resolutionPs > 0) || !Double.isFinite(resolutionPs) || resolutionPs > 1e12) {
            throw new IOException(source + ": pairgate raw header gives a tick of " + resolutionPs
                + " ps (must be positive and at most 1 s)");
        }
        final long count = header.getLong(16);
        if (count < -1) {
            throw new IOException(source + ": pairgate raw header gives a tag count of " + count);
        }
        final Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Version", RawTagWriter.MAGIC.substring(6));
        fields.put("ResolutionPs", resolutionPs);
        fields.put("NumberOfRecords", count);
        return new TimeChannelReader(channel, source, fileName, "pairgate-raw", RawTagWriter.HEADER_BYTES,
            RawTagWriter.RECORD_BYTES, false, count, resolutionPs, fields);
    }

    /** A quTAG binary file: 40-byte header, 1 ps ticks. */
    static TimeChannelReader qutag(final FileChannel channel, final String source, final String fileName) throws IOException {
        final long size = channel.size();
        if (size < QUTAG_HEADER_BYTES) {
            throw new IOException(source + ": truncated quTAG file: " + size + " bytes, less than its "
                + QUTAG_HEADER_BYTES + "-byte header");
        }
        final Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("HeaderBytes", (long)QUTAG_HEADER_BYTES);
        return new TimeChannelReader(channel, source, fileName, "quTAG", QUTAG_HEADER_BYTES, QUTAG_RECORD_BYTES,
            true, -1, 1.0, fields);
    }

    @Override
    public int read(final TagBatch batch) throws IOException {
        if (closed) {
            throw new IOException(source + ": reader is closed");
        }
        batch.clear();
        if (failure != null) {
            throw new IOException(failure);
        }
        final int capacity = batch.capacity();
        final UnsafeBuffer times = batch.timesBuffer();
        final UnsafeBuffer channels = batch.channelsBuffer();
        final UnsafeBuffer counts = batch.countsBuffer();
        int n = 0;
        while (n < capacity && file.ensure()) {
            final UnsafeBuffer in = file.buffer();
            final int count = Math.min(file.recordsInChunk(), capacity - n);
            int at = file.position();
            for (int i = 0; i < count; i++) {
                final int ch = wideChannel ? in.getShort(at + 8, ByteOrder.LITTLE_ENDIAN) & 0xFFFF : in.getByte(at + 8) & 0xFF;
                if (ch > TagFile.MAX_CHANNEL) {
                    // deliver what came before; the next call raises
                    failure = source + ": record " + recordsRead + " (offset " + (dataOffset + recordsRead * recordBytes)
                        + ") has channel " + ch + ", above " + TagFile.MAX_CHANNEL + " (corrupt file?)";
                    break;
                }
                times.putLong(n << 3, in.getLong(at, ByteOrder.LITTLE_ENDIAN), ByteOrder.LITTLE_ENDIAN);
                channels.putByte(n, (byte)ch);
                counts.putInt(n << 2, 1, ByteOrder.LITTLE_ENDIAN);
                events[ch]++;
                n++;
                recordsRead++;
                at += recordBytes;
            }
            file.position(at);
            if (failure != null) {
                break;
            }
        }
        batch.size(n);
        if (n == 0 && failure != null) {
            throw new IOException(failure);
        }
        if (n == 0) {
            final String problem = TagSources.endProblem(source, file.trailingBytes(), recordBytes, recordsRead,
                declared, dataOffset);
            if (problem != null) {
                failure = problem;
                throw new IOException(failure);
            }
        }
        return n;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public String mode() {
        return "T2";
    }

    @Override
    public String recordTypeName() {
        return wideChannel ? "quTAG binary (int64 time, uint16 channel)" : "pairgate raw v01 (int64 time, uint8 channel)";
    }

    @Override
    public long declaredRecords() {
        return declared;
    }

    @Override
    public long recordsRead() {
        return recordsRead;
    }

    @Override
    public long events(final int channel) {
        return channel < 0 || channel >= events.length ? 0 : events[channel];
    }

    @Override
    public Map<String, Object> headerFields() {
        return fields;
    }

    @Override
    public double resolutionPs() {
        return resolutionPs;
    }

    @Override
    public String describe() {
        return format + ", " + resolutionPs + " ps: " + fileName;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }
}
