package org.pairgate.host.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tagged header of a PicoQuant unified TTTR (PTU) file: everything before the first record.
 *
 * <p>Layout (all little-endian): 8 bytes magic {@code "PQTTTR\0\0"}, 8 bytes version string, then
 * tags of 48 bytes each (32-byte NUL-padded identifier, int32 index or -1, uint32 type, 8-byte
 * value), where the variable-length types (ANSI and wide strings, binary blobs, float arrays) hold
 * their byte length in the value and their bytes right after the tag. The tag
 * {@value #HEADER_END} closes the header; the records start on the next byte.
 *
 * <p>Parsing is defensive because a header is input from outside: every length is checked against
 * the bytes left in the file and against {@link #MAX_PAYLOAD_BYTES} before anything is allocated,
 * the header as a whole may not exceed {@link #MAX_HEADER_BYTES} or {@link #MAX_TAGS}, and every
 * failure is an {@link IOException} that names the file, the offset and the tag. Parsing always
 * advances by at least one 48-byte tag, so it cannot loop.
 *
 * <p>Tags are kept, in file order, in a small map from {@code name} (or {@code name[index]} for
 * indexed tags) to a Java value: {@link Boolean}, {@link Long} (Int8, BitSet64, Color8),
 * {@link Double}, {@link Instant} (TDateTime), {@link String} (ANSI and wide strings) or an
 * {@link Opaque} placeholder for blobs, float arrays and empty tags, whose bytes are skipped rather
 * than held, so the header costs little memory whatever it carries.
 */
public final class PtuHeader {
    /** The first 6 bytes of every PTU file; 2 NULs follow. */
    public static final String MAGIC = "PQTTTR";
    /** The tag that ends the header. */
    public static final String HEADER_END = "Header_End";
    public static final String TAG_RECORD_TYPE = "TTResultFormat_TTTRRecType";
    public static final String TAG_BITS_PER_RECORD = "TTResultFormat_BitsPerRecord";
    public static final String TAG_NUMBER_OF_RECORDS = "TTResult_NumberOfRecords";
    public static final String TAG_GLOBAL_RESOLUTION = "MeasDesc_GlobalResolution";
    public static final String TAG_RESOLUTION = "MeasDesc_Resolution";
    public static final String TAG_SYNC_RATE = "TTResult_SyncRate";
    public static final String TAG_MEASUREMENT_MODE = "Measurement_Mode";

    /** Largest string, blob or array one tag may carry; real headers hold at most a few kB. */
    public static final int MAX_PAYLOAD_BYTES = 16 << 20;
    /** Largest header as a whole (magic to the first record). */
    public static final long MAX_HEADER_BYTES = 64L << 20;
    /** Most tags a header may hold; real headers hold a few hundred. */
    public static final int MAX_TAGS = 1 << 16;

    public static final int TY_EMPTY8 = 0xFFFF0008;
    public static final int TY_BOOL8 = 0x00000008;
    public static final int TY_INT8 = 0x10000008;
    public static final int TY_BITSET64 = 0x11000008;
    public static final int TY_COLOR8 = 0x12000008;
    public static final int TY_FLOAT8 = 0x20000008;
    public static final int TY_TDATETIME = 0x21000008;
    public static final int TY_FLOAT8_ARRAY = 0x2001FFFF;
    public static final int TY_ANSI_STRING = 0x4001FFFF;
    public static final int TY_WIDE_STRING = 0x4002FFFF;
    public static final int TY_BINARY_BLOB = 0xFFFFFFFF;

    static final int PREAMBLE_BYTES = 16;
    static final int TAG_BYTES = 48;
    static final int IDENT_BYTES = 32;

    /** Days between TDateTime's epoch (1899-12-30) and the Unix epoch. */
    private static final double TDATETIME_UNIX_EPOCH_DAYS = 25569.0;
    private static final Charset WINDOWS_1252 = windows1252();

    /** A tag whose bytes are not kept: an empty tag, a binary blob or a float array. */
    public record Opaque(int type, long offset, long length) {
        @Override
        public String toString() {
            switch (type) {
                case TY_EMPTY8:
                    return "<empty>";
                case TY_FLOAT8_ARRAY:
                    return "<float64[" + length / Double.BYTES + "] at offset " + offset + ">";
                default:
                    return "<binary blob, " + length + " bytes at offset " + offset + ">";
            }
        }
    }

    private final String source;
    private final String version;
    private final Map<String, Object> tags;
    private final long dataOffset;
    private final long fileSize;
    private final long recordType;
    private final long declaredRecords;
    private final double globalResolutionSeconds;

    private PtuHeader(
        final String source,
        final String version,
        final Map<String, Object> tags,
        final long dataOffset,
        final long fileSize) throws IOException {
        this.source = source;
        this.version = version;
        this.tags = Collections.unmodifiableMap(tags);
        this.dataOffset = dataOffset;
        this.fileSize = fileSize;

        final Object type = tags.get(TAG_RECORD_TYPE);
        if (!(type instanceof Long)) {
            throw new IOException(source + ": PTU header has no " + TAG_RECORD_TYPE
                + (type == null ? "" : " of integer type (found " + type + ")")
                + ", so the records cannot be decoded");
        }
        this.recordType = (Long)type;
        final Object records = tags.get(TAG_NUMBER_OF_RECORDS);
        this.declaredRecords = records instanceof Long ? (Long)records : -1;
        final Object resolution = tags.get(TAG_GLOBAL_RESOLUTION);
        this.globalResolutionSeconds = resolution instanceof Double ? (Double)resolution : Double.NaN;
    }

    /**
     * A header built from another format's fields (legacy {@code .ht2}/{@code .ht3}/{@code .t3r}),
     * translated to PTU tag names so that the PTU record readers decode what follows it.
     */
    static PtuHeader synthetic(
        final String source,
        final String version,
        final Map<String, Object> tags,
        final long dataOffset,
        final long fileSize) throws IOException {
        return new PtuHeader(source, version, new LinkedHashMap<>(tags), dataOffset, fileSize);
    }

    /** Reads the header of the PTU file at {@code path}. */
    public static PtuHeader read(final Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(channel, path.toString());
        }
    }

    /**
     * Reads the header from the start of {@code channel} with positional reads (the channel's own
     * position is left alone). {@code source} names the file in error messages.
     */
    public static PtuHeader read(final FileChannel channel, final String source) throws IOException {
        final long fileSize = channel.size();
        final ByteBuffer head = ByteBuffer.allocate(TAG_BYTES).order(ByteOrder.LITTLE_ENDIAN);

        // check the magic on whatever is there first: a short file of something else is "not a
        // PTU file" rather than a truncated one
        final int available = (int)Math.min(PREAMBLE_BYTES, fileSize);
        head.limit(available);
        readFully(channel, head, 0, source, "the 16-byte magic and version", fileSize);
        final byte[] preamble = new byte[PREAMBLE_BYTES];
        head.get(0, preamble, 0, available);
        for (int i = 0; i < Math.min(MAGIC.length(), available); i++) {
            if (preamble[i] != MAGIC.charAt(i)) {
                throw new IOException(source + ": not a PTU file (starts with \""
                    + printable(preamble, 0, Math.min(8, available)) + "\", expected \"" + MAGIC + "\")");
            }
        }
        if (available < PREAMBLE_BYTES) {
            throw new IOException(source + ": truncated PTU header: file ends at byte " + fileSize
                + " inside the 16-byte magic and version");
        }
        final String version = cString(preamble, 8, 8);

        final Map<String, Object> tags = new LinkedHashMap<>();
        final byte[] ident = new byte[IDENT_BYTES];
        long position = PREAMBLE_BYTES;
        for (int tagNumber = 0; ; tagNumber++) {
            if (tagNumber >= MAX_TAGS) {
                throw new IOException(source + ": PTU header has more than " + MAX_TAGS
                    + " tags without " + HEADER_END + " (corrupt header?)");
            }
            if (position + TAG_BYTES > MAX_HEADER_BYTES) {
                throw new IOException(source + ": PTU header is larger than " + MAX_HEADER_BYTES
                    + " bytes without " + HEADER_END + " (corrupt header?)");
            }
            final long tagOffset = position;
            head.clear();
            if (!readFully(channel, head, tagOffset, fileSize)) {
                throw new IOException(source + ": truncated PTU header: file ends at byte " + fileSize
                    + " inside tag #" + tagNumber + " (offset " + tagOffset + ") before " + HEADER_END);
            }
            position += TAG_BYTES;
            head.get(0, ident);
            final String name = cString(ident, 0, IDENT_BYTES);
            final int index = head.getInt(32);
            final int type = head.getInt(36);
            final long value = head.getLong(40);
            final String key = index == -1 ? name : name + "[" + index + "]";

            switch (type) {
                case TY_EMPTY8:
                    tags.put(key, new Opaque(type, tagOffset, 0));
                    break;
                case TY_BOOL8:
                    tags.put(key, value != 0);
                    break;
                case TY_INT8:
                case TY_BITSET64:
                case TY_COLOR8:
                    tags.put(key, value);
                    break;
                case TY_FLOAT8:
                    tags.put(key, Double.longBitsToDouble(value));
                    break;
                case TY_TDATETIME:
                    tags.put(key, dateTime(Double.longBitsToDouble(value)));
                    break;
                case TY_ANSI_STRING:
                case TY_WIDE_STRING:
                case TY_BINARY_BLOB:
                case TY_FLOAT8_ARRAY: {
                    checkPayload(source, key, tagOffset, value, position, fileSize);
                    if (type == TY_ANSI_STRING || type == TY_WIDE_STRING) {
                        final ByteBuffer bytes = ByteBuffer.allocate((int)value);
                        readFully(channel, bytes, position, source, "string " + key, fileSize);
                        tags.put(key, type == TY_ANSI_STRING ? ansi(bytes.array()) : wide(bytes.array()));
                    } else {
                        tags.put(key, new Opaque(type, position, value));
                    }
                    position += value;
                    break;
                }
                default:
                    throw new IOException(source + ": PTU header tag '" + key + "' at offset " + tagOffset
                        + " has unknown type 0x" + Integer.toHexString(type).toUpperCase()
                        + " (corrupt header?)");
            }
            if (HEADER_END.equals(name)) {
                return new PtuHeader(source, version, tags, position, fileSize);
            }
        }
    }

    /** Where this header was read from, as given to {@link #read}. */
    public String source() {
        return source;
    }

    /** The version string after the magic, e.g. "1.0.00". */
    public String version() {
        return version;
    }

    /** Byte offset of the first record: the byte after {@value #HEADER_END}. */
    public long dataOffset() {
        return dataOffset;
    }

    /** The file's size when the header was read. */
    public long fileSize() {
        return fileSize;
    }

    /** {@code TTResultFormat_TTTRRecType}: see {@link PtuRecordType}. */
    public long recordType() {
        return recordType;
    }

    /** {@code TTResult_NumberOfRecords}, or -1 when the header does not say. */
    public long declaredRecords() {
        return declaredRecords;
    }

    /** {@code MeasDesc_GlobalResolution} in seconds (the T2 tick), or NaN when absent. */
    public double globalResolutionSeconds() {
        return globalResolutionSeconds;
    }

    /** All tags in file order, {@code name} or {@code name[index]} to value (see class doc). */
    public Map<String, Object> tags() {
        return tags;
    }

    /** The value of tag {@code key} ({@code name} or {@code name[index]}), or null. */
    public Object get(final String key) {
        return tags.get(key);
    }

    /** An integer tag's value, or {@code missing} when absent or of another type. */
    public long getLong(final String key, final long missing) {
        final Object value = tags.get(key);
        return value instanceof Long ? (Long)value : missing;
    }

    /** A float tag's value, or {@code missing} when absent or of another type. */
    public double getDouble(final String key, final double missing) {
        final Object value = tags.get(key);
        return value instanceof Double ? (Double)value : missing;
    }

    /** A string tag's value, or {@code missing} when absent or of another type. */
    public String getString(final String key, final String missing) {
        final Object value = tags.get(key);
        return value instanceof String ? (String)value : missing;
    }

    @Override
    public String toString() {
        return "PtuHeader{" + source + ", version " + version + ", " + PtuRecordType.describe(recordType)
            + ", " + tags.size() + " tags, data at " + dataOffset + "}";
    }

    private static void checkPayload(
        final String source,
        final String key,
        final long tagOffset,
        final long length,
        final long payloadOffset,
        final long fileSize) throws IOException {
        if (length < 0 || length > MAX_PAYLOAD_BYTES) {
            throw new IOException(source + ": PTU header tag '" + key + "' at offset " + tagOffset
                + " claims an absurd length of " + length + " bytes (limit " + MAX_PAYLOAD_BYTES
                + "; corrupt header?)");
        }
        if (length > fileSize - payloadOffset) {
            throw new IOException(source + ": truncated PTU header: tag '" + key + "' at offset " + tagOffset
                + " claims " + length + " bytes but only " + Math.max(0, fileSize - payloadOffset)
                + " remain in the file");
        }
        if (payloadOffset + length > MAX_HEADER_BYTES) {
            throw new IOException(source + ": PTU header is larger than " + MAX_HEADER_BYTES
                + " bytes at tag '" + key + "' (corrupt header?)");
        }
    }

    private static void readFully(
        final FileChannel channel,
        final ByteBuffer buffer,
        final long position,
        final String source,
        final String what,
        final long fileSize) throws IOException {
        if (!readFully(channel, buffer, position, fileSize)) {
            throw new IOException(source + ": truncated PTU header: file ends at byte " + fileSize
                + " inside " + what + " (offset " + position + ")");
        }
    }

    /** Fills {@code buffer} from {@code position}; false when the file ends first. */
    private static boolean readFully(
        final FileChannel channel, final ByteBuffer buffer, final long position, final long fileSize)
        throws IOException {
        if (position + buffer.remaining() > fileSize) {
            return false;
        }
        long at = position;
        while (buffer.hasRemaining()) {
            final int n = channel.read(buffer, at);
            if (n < 0) {
                return false;
            }
            at += n;
        }
        return true;
    }

    private static Object dateTime(final double days) {
        final double seconds = (days - TDATETIME_UNIX_EPOCH_DAYS) * 86_400.0;
        if (!Double.isFinite(seconds) || Math.abs(seconds) > 1e13) {
            return days;
        }
        return Instant.ofEpochMilli(Math.round(seconds * 1000.0));
    }

    /** A NUL-terminated 8-bit string: UTF-8 when it is valid UTF-8 (so ASCII), else Windows-1252. */
    private static String ansi(final byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, 0, end))
                .toString();
        } catch (final CharacterCodingException notUtf8) {
            return new String(bytes, 0, end, WINDOWS_1252);
        }
    }

    /** A NUL-terminated UTF-16LE string. */
    private static String wide(final byte[] bytes) {
        final CharBuffer chars = ByteBuffer.wrap(bytes, 0, bytes.length & ~1)
            .order(ByteOrder.LITTLE_ENDIAN).asCharBuffer();
        int end = 0;
        while (end < chars.limit() && chars.get(end) != 0) {
            end++;
        }
        return chars.limit(end).toString();
    }

    private static String cString(final byte[] bytes, final int offset, final int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return printable(bytes, offset, end - offset);
    }

    /** ASCII with anything else escaped, for names and messages that may come from garbage. */
    private static String printable(final byte[] bytes, final int offset, final int length) {
        final StringBuilder sb = new StringBuilder(length);
        for (int i = offset; i < offset + length; i++) {
            final int b = bytes[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F) {
                sb.append((char)b);
            } else {
                sb.append(String.format("\\x%02X", b));
            }
        }
        return sb.toString();
    }

    private static Charset windows1252() {
        try {
            return Charset.forName("windows-1252");
        } catch (final RuntimeException unavailable) {
            return StandardCharsets.ISO_8859_1;
        }
    }
}
