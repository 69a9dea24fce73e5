package org.pairgate.host.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recognises PicoQuant's legacy (pre-PTU) TTTR files by the ident at their start and translates
 * their fixed binary headers to PTU tags, so that {@link PtuT2Reader} and {@link PtuT3Reader} decode
 * the records that follow: the record layouts are the same as the PTU record types named below.
 *
 * <table>
 * <caption>Legacy files</caption>
 * <tr><th>ident, version</th><th>files</th><th>records as</th></tr>
 * <tr><td>HydraHarp 1.0</td><td>.ht2 / .ht3</td><td>HydraHarp V1 T2 / T3</td></tr>
 * <tr><td>HydraHarp 2.0</td><td>.ht2 / .ht3</td><td>HydraHarp V2 T2 / T3</td></tr>
 * <tr><td>PicoHarp 300 2.0</td><td>.pt2 / .pt3</td><td>PicoHarp T2 / T3</td></tr>
 * <tr><td>TimeHarp 200 5.0</td><td>.t3r</td><td>{@link PtuRecordType#TIMEHARP200_T3}</td></tr>
 * </table>
 *
 * <p>The headers are C structures packed to 2 bytes, little-endian: a 16-byte ident and 6-byte
 * format version, a fixed part, per-board or per-input blocks whose count the fixed part gives, a
 * TTTR part (sync rate, record count, the length of an "image header") and the image header. Every
 * count is bounded before use and the record start must lie within the file, so a lying header is an
 * {@link IOException}, never a huge allocation. The legacy record count is checked like a PTU one.
 * The PicoHarp layout follows PicoQuant's specification (4 router channels per board); no sample
 * file was available to test it.
 */
final class LegacyHeaders {
    /** The legacy formats, by the ident string their files start with. */
    enum Kind {
        PICOHARP("PicoHarp 300"),
        HYDRAHARP("HydraHarp"),
        TIMEHARP200("TimeHarp 200");

        final String ident;

        Kind(final String ident) {
            this.ident = ident;
        }
    }

    /** Bytes of a legacy header read at once: far more than any real one. */
    private static final int MAX_FIXED_BYTES = 4096;
    private static final int MAX_INPUTS = 64;
    private static final int MAX_BOARDS = 4;
    private static final int MAX_IMAGE_HEADER_WORDS = 1 << 20;
    private static final int PICOHARP_ROUTER_CHANNELS = 4;

    private LegacyHeaders() {
    }

    /** The legacy kind whose ident {@code start} begins with, or null. */
    static Kind recognise(final String start) {
        for (final Kind kind : Kind.values()) {
            if (start.startsWith(kind.ident)) {
                return kind;
            }
        }
        return null;
    }

    /** Reads the legacy header from {@code channel} and returns a reader for its records. */
    static TagFile open(
        final FileChannel channel,
        final String source,
        final String fileName,
        final Kind kind,
        final boolean t3Syncs) throws IOException {
        final long fileSize = channel.size();
        final ByteBuffer b = ByteBuffer.allocate((int)Math.min(fileSize, MAX_FIXED_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
            // fill
        }
        b.flip();
        final Parsed parsed = new Parsed(source, kind, b, fileSize);
        final PtuHeader header = PtuHeader.synthetic(source, parsed.version, parsed.tags, parsed.dataOffset, fileSize);
        final String format = parsed.format;
        if (parsed.t3) {
            return new PtuT3Reader(channel, header, format, fileName, PtuT3Reader.DEFAULT_CHUNK_BYTES, t3Syncs);
        }
        return new PtuT2Reader(channel, header, format, fileName, PtuT2Reader.DEFAULT_CHUNK_BYTES);
    }

    /** One legacy header, parsed into PTU tags. */
    private static final class Parsed {
        final Map<String, Object> tags = new LinkedHashMap<>();
        final String source;
        final ByteBuffer b;
        final long fileSize;
        String version;
        String format;
        boolean t3;
        long dataOffset;

        Parsed(final String source, final Kind kind, final ByteBuffer b, final long fileSize) throws IOException {
            this.source = source;
            this.b = b;
            this.fileSize = fileSize;
            version = string(16, 6);
            tags.put("Legacy_Ident", string(0, 16));
            tags.put("Legacy_FormatVersion", version);
            switch (kind) {
                case HYDRAHARP:
                    hydraHarp();
                    break;
                case PICOHARP:
                    picoHarp();
                    break;
                default:
                    timeHarp();
                    break;
            }
            if (dataOffset > fileSize) {
                throw new IOException(source + ": legacy " + kind.ident + " header ends at byte " + dataOffset
                    + ", past the end of the file (" + fileSize + " bytes): truncated or corrupt header");
            }
        }

        private void hydraHarp() throws IOException {
            final boolean v1 = "1.0".equals(version);
            if (!v1 && !"2.0".equals(version)) {
                throw new IOException(source + ": HydraHarp legacy format version '" + version
                    + "' not supported (1.0 and 2.0 are)");
            }
            tags.put("CreatorName", string(22, 18));
            tags.put("CreatorVersion", string(40, 12));
            tags.put("File_Comment", string(72, 256));
            final int bits = i32(332);
            final int mode = i32(340);
            final double resolutionPs = f64(352);
            final int acquisitionMs = i32(364);
            tags.put("HardwareIdent", string(536, 16));
            final double baseResolutionPs = f64(648);
            final int inputs = i32(664);
            if (inputs < 0 || inputs > MAX_INPUTS) {
                throw new IOException(source + ": HydraHarp header claims " + inputs + " input channels (corrupt header?)");
            }
            tags.put("InputChannelsPresent", (long)inputs);
            tags.put("HWSync_Divider", (long)i32(680));
            final int tttr = 696 + inputs * 16 + inputs * 4;
            final int syncRate = i32(tttr);
            final int imageWords = i32(tttr + 12);
            final long records = i64(tttr + 16);
            imageHeader(imageWords, tttr + 24);
            mode(mode, bits);
            if (t3) {
                tags.put(PtuHeader.TAG_RECORD_TYPE, (long)(v1 ? PtuRecordType.HYDRAHARP_V1_T3 : PtuRecordType.HYDRAHARP_V2_T3));
                tags.put(PtuHeader.TAG_RESOLUTION, resolutionPs * 1e-12);
                if (syncRate > 0) {
                    tags.put(PtuHeader.TAG_GLOBAL_RESOLUTION, 1.0 / syncRate);
                }
            } else {
                tags.put(PtuHeader.TAG_RECORD_TYPE, (long)(v1 ? PtuRecordType.HYDRAHARP_V1_T2 : PtuRecordType.HYDRAHARP_V2_T2));
                // the T2 tick is the header's Resolution, not BaseResolution: format 1.0 counts
                // half picoseconds (Resolution = 0.5), 2.0 whole ones
                final double tickPs = resolutionPs > 0 && resolutionPs <= 1e6 ? resolutionPs : baseResolutionPs;
                tags.put(PtuHeader.TAG_GLOBAL_RESOLUTION, tickPs * 1e-12);
                tags.put(PtuHeader.TAG_RESOLUTION, tickPs * 1e-12);
            }
            common(syncRate, records, acquisitionMs);
            format = t3 ? "HT3" : "HT2";
        }

        private void picoHarp() throws IOException {
            if (!"2.0".equals(version)) {
                throw new IOException(source + ": PicoHarp legacy format version '" + version + "' not supported (2.0 is)");
            }
            tags.put("CreatorName", string(22, 18));
            tags.put("CreatorVersion", string(40, 12));
            tags.put("File_Comment", string(72, 256));
            final int bits = i32(332);
            final int boards = i32(340);
            final int mode = i32(348);
            final int acquisitionMs = i32(364);
            if (boards < 1 || boards > MAX_BOARDS) {
                throw new IOException(source + ": PicoHarp header claims " + boards + " boards (corrupt header?)");
            }
            tags.put("HardwareIdent", string(536, 16));
            final float resolutionNs = f32(536 + 16 + 8 + 24);
            final int boardBytes = 16 + 8 + 24 + 4 + 8 + PICOHARP_ROUTER_CHANNELS * 24;
            final int tttr = 536 + boards * boardBytes;
            final int syncRate = i32(tttr + 12);
            final long records = i32(tttr + 28) & 0xFFFF_FFFFL;
            imageHeader(i32(tttr + 32), tttr + 36);
            mode(mode, bits);
            tags.put(PtuHeader.TAG_RECORD_TYPE, (long)(t3 ? PtuRecordType.PICOHARP_T3 : PtuRecordType.PICOHARP_T2));
            if (t3) {
                tags.put(PtuHeader.TAG_RESOLUTION, resolutionNs * 1e-9);
                if (syncRate > 0) {
                    tags.put(PtuHeader.TAG_GLOBAL_RESOLUTION, 1.0 / syncRate);
                }
            } else {
                tags.put(PtuHeader.TAG_GLOBAL_RESOLUTION, 4e-12);
                tags.put(PtuHeader.TAG_RESOLUTION, 4e-12);
            }
            common(syncRate, records, acquisitionMs);
            format = t3 ? "PT3" : "PT2";
        }

        private void timeHarp() throws IOException {
            if (!"5.0".equals(version)) {
                throw new IOException(source + ": TimeHarp 200 legacy format version '" + version + "' not supported (5.0 is)");
            }
            tags.put("HardwareVersion", string(22, 6));
            tags.put("File_Comment", string(48, 256));
            final int boards = i32(320);
            final int acquisitionMs = i32(344);
            if (boards < 1 || boards > MAX_BOARDS) {
                throw new IOException(source + ": TimeHarp header claims " + boards + " boards (corrupt header?)");
            }
            final float resolutionNs = f32(516 + 20);
            final int tttr = 516 + boards * 24;
            final int globalClockNs = i32(tttr);
            final int syncRate = i32(tttr + 28);
            final long records = i32(tttr + 44) & 0xFFFF_FFFFL;
            imageHeader(i32(tttr + 48), tttr + 52);
            if (globalClockNs <= 0) {
                throw new IOException(source + ": TimeHarp header gives a TTTR global clock of " + globalClockNs + " ns");
            }
            t3 = true;
            tags.put(PtuHeader.TAG_MEASUREMENT_MODE, 3L);
            tags.put(PtuHeader.TAG_BITS_PER_RECORD, 32L);
            tags.put(PtuHeader.TAG_RECORD_TYPE, (long)PtuRecordType.TIMEHARP200_T3);
            tags.put(PtuHeader.TAG_RESOLUTION, resolutionNs * 1e-9);
            // the 16-bit time tag counts the TTTR global clock, not the sync: that is the "period"
            tags.put(PtuHeader.TAG_GLOBAL_RESOLUTION, globalClockNs * 1e-9);
            tags.put("TTTRGlobClock_ns", (long)globalClockNs);
            tags.put("Legacy_SyncRate", (long)syncRate);
            tags.put(PtuHeader.TAG_NUMBER_OF_RECORDS, records);
            tags.put("MeasDesc_AcquisitionTime", (long)acquisitionMs);
            format = "T3R";
        }

        private void mode(final int mode, final int bits) throws IOException {
            if (mode != 2 && mode != 3) {
                throw new IOException(source + ": legacy header gives measurement mode " + mode
                    + " (2 = T2 and 3 = T3 are time-tagged; others are histograms)");
            }
            t3 = mode == 3;
            tags.put(PtuHeader.TAG_MEASUREMENT_MODE, (long)mode);
            tags.put(PtuHeader.TAG_BITS_PER_RECORD, (long)bits);
        }

        private void common(final int syncRate, final long records, final int acquisitionMs) {
            tags.put(PtuHeader.TAG_SYNC_RATE, (long)syncRate);
            tags.put(PtuHeader.TAG_NUMBER_OF_RECORDS, records);
            tags.put("MeasDesc_AcquisitionTime", (long)acquisitionMs);
        }

        private void imageHeader(final int words, final int at) throws IOException {
            if (words < 0 || words > MAX_IMAGE_HEADER_WORDS) {
                throw new IOException(source + ": legacy header claims an image header of " + words
                    + " words (corrupt header?)");
            }
            dataOffset = at + 4L * words;
            tags.put("ImgHdrSize", (long)words);
        }

        private void need(final int at, final int bytes) throws IOException {
            if (at < 0 || at + bytes > b.limit()) {
                throw new IOException(source + ": truncated legacy header: file ends at byte " + fileSize
                    + " before offset " + (at + bytes));
            }
        }

        private int i32(final int at) throws IOException {
            need(at, 4);
            return b.getInt(at);
        }

        private long i64(final int at) throws IOException {
            need(at, 8);
            return b.getLong(at);
        }

        private double f64(final int at) throws IOException {
            need(at, 8);
            return b.getDouble(at);
        }

        private float f32(final int at) throws IOException {
            need(at, 4);
            return b.getFloat(at);
        }

        private String string(final int at, final int length) throws IOException {
            need(at, length);
            int end = at;
            while (end < at + length && b.get(end) != 0) {
                end++;
            }
            final byte[] bytes = new byte[end - at];
            b.get(at, bytes);
            final StringBuilder sb = new StringBuilder();
            for (final char c : new String(bytes, StandardCharsets.ISO_8859_1).toCharArray()) {
                sb.append(c >= 0x20 && c != 0x7F ? c : '?');
            }
            return sb.toString().strip();
        }
    }
}
