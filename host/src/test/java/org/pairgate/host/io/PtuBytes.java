package org.pairgate.host.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds PTU files byte by byte for tests, right or deliberately wrong: tags of any type, index
 * and value, raw records, and arbitrary bytes. Independent of {@link PtuT2Writer}, so tests of the
 * reader do not lean on the writer.
 */
final class PtuBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts a file with the right magic and version. */
    static PtuBytes ptu() {
        return new PtuBytes().raw("PQTTTR\0\0".getBytes(StandardCharsets.US_ASCII))
            .raw("1.0.00\0\0".getBytes(StandardCharsets.US_ASCII));
    }

    /** A complete T2 header (no Header_End yet) with the tags a reader needs. */
    static PtuBytes t2Header(final long recordType, final double resolutionSeconds, final long declaredRecords) {
        return ptu()
            .ansi("File_GUID", "{00000000-0000-0000-0000-000000000000}")
            .int8(PtuHeader.TAG_MEASUREMENT_MODE, 2)
            .int8(PtuHeader.TAG_RECORD_TYPE, recordType)
            .int8(PtuHeader.TAG_BITS_PER_RECORD, 32)
            .float8(PtuHeader.TAG_GLOBAL_RESOLUTION, resolutionSeconds)
            .int8(PtuHeader.TAG_NUMBER_OF_RECORDS, declaredRecords);
    }

    PtuBytes raw(final byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    PtuBytes tag(final String name, final int index, final int type, final long value) {
        final ByteBuffer b = ByteBuffer.allocate(PtuHeader.TAG_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        final byte[] ident = name.getBytes(StandardCharsets.US_ASCII);
        b.put(ident, 0, Math.min(ident.length, 32));
        b.position(32);
        b.putInt(index).putInt(type).putLong(value);
        return raw(b.array());
    }

    PtuBytes int8(final String name, final long value) {
        return tag(name, -1, PtuHeader.TY_INT8, value);
    }

    PtuBytes float8(final String name, final double value) {
        return tag(name, -1, PtuHeader.TY_FLOAT8, Double.doubleToLongBits(value));
    }

    PtuBytes ansi(final String name, final String value) {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        final int length = (bytes.length + 1 + 7) & ~7;
        tag(name, -1, PtuHeader.TY_ANSI_STRING, length);
        return raw(java.util.Arrays.copyOf(bytes, length));
    }

    PtuBytes wide(final String name, final String value) {
        final byte[] bytes = (value + "\0").getBytes(StandardCharsets.UTF_16LE);
        tag(name, -1, PtuHeader.TY_WIDE_STRING, bytes.length);
        return raw(bytes);
    }

    PtuBytes end() {
        return tag(PtuHeader.HEADER_END, -1, PtuHeader.TY_EMPTY8, 0);
    }

    /** Appends 32-bit little-endian records. */
    PtuBytes records(final int... records) {
        final ByteBuffer b = ByteBuffer.allocate(records.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (final int r : records) {
            b.putInt(r);
        }
        return raw(b.array());
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    Path write(final Path file) throws IOException {
        return Files.write(file, bytes());
    }

    /** HydraHarp-family regular record: input {@code input} (yields channel input + 1). */
    static int hh(final int input, final int timetag) {
        return (input << 25) | timetag;
    }

    /** HydraHarp-family special record with channel code {@code code}. */
    static int hhSpecial(final int code, final int timetag) {
        return 0x8000_0000 | (code << 25) | timetag;
    }

    /** PicoHarp record. */
    static int ph(final int channel, final int timetag) {
        return (channel << 28) | timetag;
    }
}
