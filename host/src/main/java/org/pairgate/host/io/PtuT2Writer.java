package org.pairgate.host.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.UUID;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes a time-tag stream as a PicoQuant PTU T2 file with HydraHarp V2 records
 * ({@link PtuRecordType#HYDRAHARP_V2_T2}), the format PicoQuant's own and third-party readers handle
 * most widely.
 *
 * <p>The header is minimal but complete for T2: {@code File_GUID}, {@code File_CreatingTime},
 * {@code CreatorSW_Name/Version}, {@code Measurement_Mode} = 2 (T2), {@code Measurement_SubMode} = 0,
 * {@code TTResultFormat_TTTRRecType}, {@code TTResultFormat_BitsPerRecord} = 32,
 * {@code MeasDesc_Resolution} and {@code MeasDesc_GlobalResolution} (the tick, in seconds),
 * {@code TTResult_SyncRate}, {@code TTResult_NumberOfRecords} and {@code Header_End}. The record
 * count is not known until the end, so it is written as 0 and patched in place by {@link #close()}:
 * the target must be a seekable file.
 *
 * <p>Tags come in as (time, channel) with channels numbered as {@link TagSource} does: 0 is the sync
 * (a special record with channel 0), {@code c >= 1} is input {@code c - 1} (a regular record). Times
 * must not decrease. Whenever a time lies past the current 2^25-tick period, overflow records are
 * written first, each carrying up to 2^25 - 1 periods in its timetag field (never 0, which old
 * readers take to mean 1), so even a gap of days costs a record or two.
 *
 * <p>Records are staged in one direct buffer and written in chunks: no allocation per tag.
 * Not thread-safe.
 */
public final class PtuT2Writer implements TagFileWriter {
    /** The record type this writer produces. */
    public static final int RECORD_TYPE = PtuRecordType.HYDRAHARP_V2_T2;
    /** Highest channel: input 63, the last the 6-bit channel field can name. */
    public static final int MAX_CHANNEL = 64;
    /** The most overflow periods one overflow record can carry. */
    public static final int MAX_OVERFLOW_COUNT = (1 << 25) - 1;

    private static final int TIMETAG_BITS = 25;
    private static final long TIMETAG_MASK = (1L << TIMETAG_BITS) - 1;
    private static final int SPECIAL = 0x8000_0000;
    private static final int OVERFLOW = 0xFE00_0000;
    private static final int CHUNK_BYTES = 1 << 20;
    private static final String VERSION = "1.0.00";
    private static final double TDATETIME_UNIX_EPOCH_DAYS = 25569.0;

    private final Path path;
    private final FileChannel channel;
    private final long recordCountOffset;
    private final ByteBuffer chunk;
    private final UnsafeBuffer out;
    private int staged;
    private long periodsWritten;
    private long lastTime;
    private long records;
    private long tags;
    private boolean closed;

    private PtuT2Writer(final Path path, final FileChannel channel, final double resolutionPs, final long syncRateHz)
        throws IOException {
        this.path = path;
        this.channel = channel;

        final ByteBuffer header = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        header.put(PtuHeader.MAGIC.getBytes(StandardCharsets.US_ASCII)).put((byte)0).put((byte)0);
        putPadded(header, VERSION.getBytes(StandardCharsets.US_ASCII), 8);
        final double seconds = resolutionPs * 1e-12;
        ansi(header, "File_GUID", "{" + UUID.randomUUID().toString().toUpperCase(Locale.ROOT) + "}");
        tag(header, "File_CreatingTime", PtuHeader.TY_TDATETIME,
            Double.doubleToLongBits(System.currentTimeMillis() / 86_400_000.0 + TDATETIME_UNIX_EPOCH_DAYS));
        ansi(header, "CreatorSW_Name", "pairgate");
        ansi(header, "CreatorSW_Version", creatorVersion());
        tag(header, PtuHeader.TAG_MEASUREMENT_MODE, PtuHeader.TY_INT8, 2);
        tag(header, "Measurement_SubMode", PtuHeader.TY_INT8, 0);
        tag(header, PtuHeader.TAG_RECORD_TYPE, PtuHeader.TY_INT8, RECORD_TYPE);
        tag(header, PtuHeader.TAG_BITS_PER_RECORD, PtuHeader.TY_INT8, 32);
        tag(header, PtuHeader.TAG_RESOLUTION, PtuHeader.TY_FLOAT8, Double.doubleToLongBits(seconds));
        tag(header, PtuHeader.TAG_GLOBAL_RESOLUTION, PtuHeader.TY_FLOAT8, Double.doubleToLongBits(seconds));
        tag(header, PtuHeader.TAG_SYNC_RATE, PtuHeader.TY_INT8, syncRateHz);
        this.recordCountOffset = header.position() + PtuHeader.TAG_BYTES - Long.BYTES;
        tag(header, PtuHeader.TAG_NUMBER_OF_RECORDS, PtuHeader.TY_INT8, 0);
        tag(header, PtuHeader.HEADER_END, PtuHeader.TY_EMPTY8, 0);
        header.flip();
        writeFully(header, 0);
        channel.position(header.limit());

        this.chunk = BufferUtil.allocateDirectAligned(CHUNK_BYTES, 64).order(ByteOrder.LITTLE_ENDIAN);
        this.out = new UnsafeBuffer(chunk);
    }

    /** Creates (or truncates) {@code path} for 1 ps ticks, sync rate 0 (unknown). */
    public static PtuT2Writer create(final Path path) throws IOException {
        return create(path, 1.0, 0);
    }

    /** Creates (or truncates) {@code path} for ticks of {@code resolutionPs}, sync rate 0 (unknown). */
    public static PtuT2Writer create(final Path path, final double resolutionPs) throws IOException {
        return create(path, resolutionPs, 0);
    }

    /**
     * Creates (or truncates) {@code path} for ticks of {@code resolutionPs} picoseconds, recording
     * {@code syncRateHz} in {@code TTResult_SyncRate}.
     */
    public static PtuT2Writer create(final Path path, final double resolutionPs, final long syncRateHz)
        throws IOException {
        if (!(resolutionPs > 0) || !Double.isFinite(resolutionPs)) {
            throw new IllegalArgumentException("resolution must be a positive number of ps: " + resolutionPs);
        }
        if (syncRateHz < 0) {
            throw new IllegalArgumentException("sync rate must not be negative: " + syncRateHz);
        }
        final FileChannel channel = FileChannel.open(path,
            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        try {
            return new PtuT2Writer(path, channel, resolutionPs, syncRateHz);
        } catch (final IOException | RuntimeException ex) {
            channel.close();
            throw ex;
        }
    }

    /**
     * Appends one tag.
     *
     * @param time    absolute time in ticks, {@code >= 0} and not before the previous tag
     * @param channel 0 for the sync, {@code c} in 1..{@value #MAX_CHANNEL} for input {@code c - 1}
     * @throws IllegalArgumentException on a negative or decreasing time or a channel out of range
     */
    @Override
    public void write(final long time, final int channel) throws IOException {
        if (closed) {
            throw new IllegalStateException(path + ": writer is closed");
        }
        if (time < lastTime) {
            throw new IllegalArgumentException("time " + time + " before the previous tag's " + lastTime
                + " (tags must be time-ordered)");
        }
        if (channel < 0 || channel > MAX_CHANNEL) {
            throw new IllegalArgumentException("channel " + channel + " outside 0.." + MAX_CHANNEL);
        }
        lastTime = time;
        final long period = time >>> TIMETAG_BITS;
        if (period != periodsWritten) {
            writeOverflows(period - periodsWritten);
            periodsWritten = period;
        }
        final int timetag = (int)(time & TIMETAG_MASK);
        put(channel == 0 ? SPECIAL | timetag : ((channel - 1) << TIMETAG_BITS) | timetag);
        tags++;
    }


    private void writeOverflows(final long periods) throws IOException {
        long left = periods;
        while (left > 0) {
            final int count = (int)Math.min(left, MAX_OVERFLOW_COUNT);
            put(OVERFLOW | count);
            left -= count;
        }
    }

    private void put(final int record) throws IOException {
        if (staged == CHUNK_BYTES) {
            flush();
        }
        out.putInt(staged, record, ByteOrder.LITTLE_ENDIAN);
        staged += Integer.BYTES;
        records++;
    }

    private void flush() throws IOException {
        if (staged > 0) {
            chunk.clear().limit(staged);
            while (chunk.hasRemaining()) {
                channel.write(chunk);
            }
            staged = 0;
        }
    }

    /** The file being written. */
    public Path path() {
        return path;
    }

    /** Records written so far: tags and overflows. */
    public long records() {
        return records;
    }

    /** Tags written so far. */
    public long tags() {
        return tags;
    }

    /** Writes what is staged, patches {@code TTResult_NumberOfRecords} and closes the file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (FileChannel ignored = channel) {
            flush();
            final ByteBuffer count = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            count.putLong(0, records);
            writeFully(count, recordCountOffset);
        }
    }

    private void writeFully(final ByteBuffer buffer, final long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    private static void tag(final ByteBuffer header, final String name, final int type, final long value) {
        putPadded(header, name.getBytes(StandardCharsets.US_ASCII), PtuHeader.IDENT_BYTES);
        header.putInt(-1).putInt(type).putLong(value);
    }

    /** An ANSI string tag: NUL-terminated, padded with NULs to a multiple of 8 as PicoQuant does. */
    private static void ansi(final ByteBuffer header, final String name, final String value) {
        final byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        final int length = (bytes.length + 1 + 7) & ~7;
        tag(header, name, PtuHeader.TY_ANSI_STRING, length);
        putPadded(header, bytes, length);
    }

    private static void putPadded(final ByteBuffer buffer, final byte[] bytes, final int length) {
        buffer.put(bytes, 0, Math.min(bytes.length, length));
        for (int i = bytes.length; i < length; i++) {
            buffer.put((byte)0);
        }
    }

    private static String creatorVersion() {
        final String version = PtuT2Writer.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
