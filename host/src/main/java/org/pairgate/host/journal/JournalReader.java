package org.pairgate.host.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads a journal written by {@link JournalWriter}: the metadata, then every frame in order, then
 * the end marker if the run got that far.
 *
 * <p>Reading stops at the last complete excerpt: Chronicle never shows a reader an excerpt whose
 * writer died before completing it, so a journal of a killed run simply ends early. Anything
 * else out of place (an unknown tag, an excerpt whose length is not whole frames, frames after
 * the end marker) is corruption and an {@link IOException}; frame contents are validated by
 * the caller ({@code FrameSum}).
 */
public final class JournalReader implements AutoCloseable {
    private final Path dir;
    private final ChronicleQueue queue;
    private final ExcerptTailer tailer;
    private JournalMetadata metadata;
    private String end;
    private long frames;
    private long excerpts;

    private JournalReader(final Path dir, final ChronicleQueue queue) {
        this.dir = dir;
        this.queue = queue;
        this.tailer = queue.createTailer();
    }

    /** Opens a journal directory and reads its metadata. */
    public static JournalReader open(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such journal directory");
        }
        try (Stream<Path> files = Files.list(dir)) {
            if (files.noneMatch(p -> p.getFileName().toString().endsWith(".cq4"))) {
                throw new IOException(dir + ": not a journal (no .cq4 queue files)");
            }
        }
        final JournalReader r = new JournalReader(dir, Chronicle.forReading(dir));
        try {
            r.readMetadata();
        } catch (final IOException | RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    private void readMetadata() throws IOException {
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) {
                throw new IOException(dir + ": the journal is empty (the run was killed before its metadata was written)");
            }
            final Bytes<?> b = dc.wire().bytes();
            if (b.readRemaining() < Integer.BYTES || b.readInt() != JournalFormat.METADATA) {
                throw new IOException(dir + ": the journal does not start with pairgate metadata");
            }
            metadata = JournalMetadata.fromJson(b.readUtf8());
        }
    }

    public JournalMetadata metadata() {
        return metadata;
    }

    /** Receives each frame, in journal order, in a buffer reused for the next one. */
    @FunctionalInterface
    public interface FrameVisitor {
        void frame(long[] words) throws IOException;
    }

    /**
     * Reads every remaining frame into {@code visitor}; returns true when the end marker was found
     * (a complete run), false when the journal stops before it (a killed run).
     */
    public boolean readFrames(final FrameVisitor visitor) throws IOException {
        final int words = metadata.layout().frameWords;
        final long frameBytes = (long) words * Long.BYTES;
        final long[] frame = new long[words];
        while (true) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) {
                    return false;
                }
                final Bytes<?> b = dc.wire().bytes();
                if (b.readRemaining() < Integer.BYTES) {
                    throw new IOException(dir + ": excerpt " + (excerpts + 2) + " is too short to hold a tag");
                }
                final int tag = b.readInt();
                if (tag == JournalFormat.END) {
                    end = b.readUtf8();
                    excerpts++;
                    return true;
                }
                if (tag != JournalFormat.FRAMES) {
                    throw new IOException(String.format("%s: excerpt %d has unknown tag 0x%08x", dir, excerpts + 2, tag));
                }
                final long body = b.readRemaining();
                if (body == 0 || body % frameBytes != 0) {
                    throw new IOException(dir + ": excerpt " + (excerpts + 2) + " holds " + body + " bytes, not whole frames of "
                        + frameBytes);
                }
                for (long n = body / frameBytes; n > 0; n--) {
                    for (int i = 0; i < words; i++) {
                        frame[i] = b.readLong();
                    }
                    frames++;
                    visitor.frame(frame);
                }
                excerpts++;
            }
        }
    }

    /** The end marker's JSON, or null when the run did not end cleanly (or frames are not read yet). */
    public String end() {
        return end;
    }

    /** Frames read so far. */
    public long frames() {
        return frames;
    }

    @Override
    public void close() {
        queue.close();
    }
}
