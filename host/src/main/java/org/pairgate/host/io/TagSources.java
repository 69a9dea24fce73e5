package org.pairgate.host.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Opens any supported time-tag file by its content (and, for quTAG, which has no magic, its
 * extension) and returns a streaming {@link TagFile}:
 *
 * <table>
 * <caption>Formats</caption>
 * <tr><th>starts with</th><th>format</th><th>reader</th></tr>
 * <tr><td>{@code PQTTTR}</td><td>PTU, T2 or T3 by its record type</td><td>{@link PtuT2Reader}, {@link PtuT3Reader}</td></tr>
 * <tr><td>{@code PicoHarp 300}, {@code HydraHarp}, {@code TimeHarp 200}</td><td>legacy .pt2/.pt3/.ht2/.ht3/.t3r</td>
 *     <td>{@link LegacyHeaders} then the PTU readers</td></tr>
 * <tr><td>{@code PGTAGS01}</td><td>pairgate raw</td><td>{@link TimeChannelReader}</td></tr>
 * <tr><td>(extension {@code .qutag})</td><td>quTAG binary</td><td>{@link TimeChannelReader}</td></tr>
 * </table>
 *
 * <p>See docs/formats.md for the layouts and the policies every reader shares.
 */
public final class TagSources {
    /** Bytes looked at to recognise a format. */
    static final int SNIFF_BYTES = 16;

    private TagSources() {
    }

    /** Opens {@code path} with sync tags for T3 files (what the gating core needs). */
    public static TagFile open(final Path path) throws IOException {
        return open(path, true);
    }

    /**
     * Opens {@code path}; {@code t3Syncs} says whether a T3 file yields one sync tag per period
     * (false for counting and for correlations that do not involve the sync).
     *
     * @throws IOException when the file cannot be read, its format is not recognised or its header
     *                     is corrupt; the message names the file and the problem
     */
    public static TagFile open(final Path path, final boolean t3Syncs) throws IOException {
        final FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (final NoSuchFileException e) {
            throw new IOException(path + ": no such file", e);
        }
        try {
            final String source = path.toString();
            final ByteBuffer head = ByteBuffer.allocate(SNIFF_BYTES);
            while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
                // a short file leaves the rest zero
            }
            final byte[] first = head.array();
            final String text = new String(first, 0, head.position(), StandardCharsets.ISO_8859_1);
            final String name = fileName(path);
            if (text.startsWith(PtuHeader.MAGIC)) {
                final PtuHeader header = PtuHeader.read(channel, source);
                if (PtuRecordType.isT3(header.recordType())) {
                    return new PtuT3Reader(channel, header, "PTU", name, PtuT3Reader.DEFAULT_CHUNK_BYTES, t3Syncs);
                }
                if (PtuRecordType.isT2(header.recordType())) {
                    return new PtuT2Reader(channel, header, "PTU", name, PtuT2Reader.DEFAULT_CHUNK_BYTES);
                }
                throw new IOException(source + ": unknown record type " + PtuRecordType.describe(header.recordType())
                    + " in " + PtuHeader.TAG_RECORD_TYPE + " (neither T2 nor T3)");
            }
            if (text.startsWith(RawTagWriter.MAGIC)) {
                return TimeChannelReader.raw(channel, source, name);
            }
            final LegacyHeaders.Kind legacy = LegacyHeaders.recognise(text);
            if (legacy != null) {
                return LegacyHeaders.open(channel, source, name, legacy, t3Syncs);
            }
            if (name.toLowerCase(Locale.ROOT).endsWith(".qutag")) {
                return TimeChannelReader.qutag(channel, source, name);
            }
            throw new IOException(source + ": unknown file format (starts with \"" + printable(text)
                + "\"); supported: PTU, legacy .pt2/.pt3/.ht2/.ht3/.t3r, pairgate raw, quTAG binary (.qutag)");
        } catch (final IOException | RuntimeException ex) {
            closeQuietly(channel, ex);
            throw ex;
        }
    }

    /** The file name without directories, for descriptions. */
    static String fileName(final Path path) {
        final Path name = path.getFileName();
        return name == null ? path.toString() : name.toString();
    }

    /** Closes {@code channel} after {@code ex}, keeping a close failure as suppressed. */
    static void closeQuietly(final FileChannel channel, final Exception ex) {
        try {
            channel.close();
        } catch (final IOException suppressed) {
            ex.addSuppressed(suppressed);
        }
    }

    /**
     * The end-of-stream policy every reader shares: null when the stream ended cleanly, else the
     * message of the {@link IOException} to raise. A partial final record and fewer records than
     * the header declares are errors; more records than declared (a header whose count was never
     * patched, e.g. 0) are not, and show in {@link TagFile#recordsRead()}.
     */
    static String endProblem(
        final String source,
        final int trailing,
        final int recordBytes,
        final long recordsRead,
        final long declared,
        final long dataOffset) {
        final boolean missing = declared >= 0 && recordsRead < declared;
        if (trailing == 0 && !missing) {
            return null;
        }
        final StringBuilder msg = new StringBuilder(source).append(": ");
        if (trailing > 0) {
            msg.append("truncated final record: ").append(trailing).append(" trailing byte(s) after ")
                .append(recordsRead).append(" complete ").append(recordBytes).append("-byte records (data from offset ")
                .append(dataOffset).append(')');
        }
        if (missing) {
            msg.append(trailing > 0 ? "; " : "").append("file ends after ").append(recordsRead)
                .append(" records but the header declares ").append(declared).append(" (")
                .append(declared - recordsRead).append(" missing: truncated file?)");
        }
        return msg.toString();
    }

    private static String printable(final String text) {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, text.length()); i++) {
            final char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                sb.append(c);
            } else {
                sb.append(String.format("\\x%02X", (int)c));
            }
        }
        return sb.toString();
    }
}
