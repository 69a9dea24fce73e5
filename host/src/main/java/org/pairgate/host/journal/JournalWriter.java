package org.pairgate.host.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Appends one run to a fresh Chronicle Queue directory in the layout of {@link JournalFormat}.
 *
 * <p>Three phases, each from the thread that owns it, each through its own appender (Chronicle
 * appenders belong to the thread that created them): {@link #writeMetadata} before the pipeline
 * starts, {@link #frames()} on the journal consumer's thread, {@link #writeEnd} after the
 * pipeline has drained. {@link #close()} closes the queue.
 *
 * <p>The directory must not hold a journal already: a second run appended to the first would
 * replay as one run with a sequence that restarts at 0.
 */
public final class JournalWriter implements AutoCloseable {
    private final Path dir;
    private final ChronicleQueue queue;
    private final int frameWords;

    private JournalWriter(final Path dir, final ChronicleQueue queue, final int frameWords) {
        this.dir = dir;
        this.queue = queue;
        this.frameWords = frameWords;
    }

    /**
     * Creates the journal directory (when missing) and opens it for this run.
     *
     * @throws IOException when the directory already holds queue files or cannot be created
     */
    public static JournalWriter create(final Path dir, final int frameWords) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(dir)) {
            if (files.anyMatch(p -> p.getFileName().toString().endsWith(".cq4") || p.getFileName().toString().endsWith(".cq4t"))) {
                throw new IOException(dir + ": already holds a journal; give an empty or new directory");
            }
        }
        return new JournalWriter(dir, Chronicle.forWriting(dir), frameWords);
    }

    public Path dir() {
        return dir;
    }

    /** Writes the metadata excerpt (first, once). */
    public void writeMetadata(final JournalMetadata metadata) {
        writeJson(JournalFormat.METADATA, metadata.toJson());
    }

    /** Writes the end excerpt with the run's totals (last, once). */
    public void writeEnd(final String json) {
        writeJson(JournalFormat.END, json);
    }

    private void writeJson(final int tag, final String json) {
        try (ExcerptAppender appender = queue.createAppender();
             DocumentContext dc = appender.writingDocument()) {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.writeInt(tag);
            bytes.writeUtf8(json);
        }
    }

    /** A frame appender for the calling thread (the journal consumer). */
    public FrameAppender frames(final int framesPerExcerpt) {
        return new FrameAppender(queue.createAppender(), frameWords, framesPerExcerpt);
    }

    @Override
    public void close() {
        queue.close();
    }

    /**
     * Appends frames, several to an excerpt: an excerpt is opened by the first frame and
     * completed by {@link #flush()} or when it holds {@code framesPerExcerpt} frames. The frame
     * words are copied straight into the mapped queue file; nothing is allocated per frame.
     */
    public static final class FrameAppender implements AutoCloseable {
        private final ExcerptAppender appender;
        private final int frameWords;
        private final int framesPerExcerpt;
        private DocumentContext open;
        private Bytes<?> bytes;
        private int inExcerpt;
        private long frames;
        private long excerpts;

        FrameAppender(final ExcerptAppender appender, final int frameWords, final int framesPerExcerpt) {
            if (framesPerExcerpt < 1) {
                throw new IllegalArgumentException("frames per excerpt must be positive: " + framesPerExcerpt);
            }
            this.appender = appender;
            this.frameWords = frameWords;
            this.framesPerExcerpt = framesPerExcerpt;
        }

        /** Adds a frame (its first {@code frameWords} words) to the current excerpt. */
        public void append(final long[] words) {
            if (open == null) {
                open = appender.writingDocument();
                bytes = open.wire().bytes();
                bytes.writeInt(JournalFormat.FRAMES);
            }
            final Bytes<?> b = bytes;
            for (int i = 0; i < frameWords; i++) {
                b.writeLong(words[i]);
            }
            frames++;
            if (++inExcerpt == framesPerExcerpt) {
                flush();
            }
        }

        /** Completes the current excerpt, if any: from here on its frames survive a kill. */
        public void flush() {
            if (open != null) {
                open.close();
                open = null;
                bytes = null;
                inExcerpt = 0;
                excerpts++;
            }
        }

        public long frames() {
            return frames;
        }

        public long excerpts() {
            return excerpts;
        }

        @Override
        public void close() {
            flush();
            appender.close();
        }
    }
}
