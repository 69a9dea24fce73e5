package org.pairgate.host.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.PgMap;
import org.pairgate.host.analysis.AnalysisConfig;

class JournalTest {
    @TempDir
    Path dir;

    private static final PgMap.FrameLayout LAYOUT = new PgMap.FrameLayout(2, 2, 4, 16);

    private static JournalMetadata metadata() {
        final AnalysisConfig cfg = new AnalysisConfig(0, new int[] {1, 2}, List.of("pre", "meas"), new long[] {100, -5},
            new long[] {50, 60}, Map.of(2, -1_500L, 0, 7L), 4, 4, "soft", 123);
        return new JournalMetadata(cfg, "a source", 4.0, "soft", LAYOUT, "cal-7", Map.of("pairgate", "0.1.0"),
            Map.of("wait_strategy", "sleeping"));
    }

    private static long[] frame(final long i) {
        final long[] w = new long[LAYOUT.frameWords];
        for (int k = 0; k < w.length; k++) {
            w[k] = i * 1_000_000 + k;
        }
        return w;
    }

    @Test
    void metadataRoundTripsThroughJson() throws IOException {
        final JournalMetadata m = metadata();
        final JournalMetadata back = JournalMetadata.fromJson(m.toJson());
        assertEquals(m.toJson(), back.toJson());
        assertEquals(m.config().delays(), back.config().delays());
        assertArrayEquals(m.config().windowStarts(), back.config().windowStarts());
        assertEquals(LAYOUT.frameWords, back.layout().frameWords);
        assertEquals("cal-7", back.label());
        assertThrows(IOException.class, () -> JournalMetadata.fromJson("{\"format\":\"other\"}"));
    }

    @Test
    void journalsOfAnotherFormatVersionAreRefusedByName() throws IOException {
        final String json = metadata().toJson();
        assertTrue(json.contains("\"format_version\":" + JournalFormat.VERSION), json);
        assertEquals(2, JournalFormat.VERSION, "frame format 2 (MERGES, SYNC_DROPPED) is journal format 2");
        // a version-1 journal holds frames of frame format 1: its words sit at other offsets
        final IOException v1 = assertThrows(IOException.class, () -> JournalMetadata.fromJson(
            json.replace("\"format_version\":2", "\"format_version\":1")));
        assertTrue(v1.getMessage().contains("journal format version 1")
            && v1.getMessage().contains("replay it with the pairgate that wrote it"), v1.getMessage());
        final IOException v3 = assertThrows(IOException.class, () -> JournalMetadata.fromJson(
            json.replace("\"format_version\":2", "\"format_version\":3")));
        assertTrue(v3.getMessage().contains("journal format version 3 is not supported"), v3.getMessage());
        final IOException none = assertThrows(IOException.class, () -> JournalMetadata.fromJson(
            json.replace("\"format_version\":2", "\"format_version\":\"x\"")));
        assertTrue(none.getMessage().contains("missing or not a number"), none.getMessage());
    }

    @Test
    void framesComeBackInOrderFromBatchedExcerpts() throws IOException {
        try (JournalWriter w = JournalWriter.create(dir, LAYOUT.frameWords)) {
            w.writeMetadata(metadata());
            try (JournalWriter.FrameAppender a = w.frames(3)) {
                for (int i = 0; i < 7; i++) {
                    a.append(frame(i));
                }
                a.flush();
                assertEquals(3, a.excerpts());
            }
            w.writeEnd("{\"frames\":7}");
        }
        final List<long[]> frames = new ArrayList<>();
        try (JournalReader r = JournalReader.open(dir)) {
            assertEquals("cal-7", r.metadata().label());
            assertTrue(r.readFrames(f -> frames.add(f.clone())));
            assertEquals("{\"frames\":7}", r.end());
        }
        assertEquals(7, frames.size());
        for (int i = 0; i < 7; i++) {
            assertArrayEquals(frame(i), frames.get(i));
        }
    }

    @Test
    void anExcerptStillBeingWrittenIsInvisibleToReaders() throws IOException {
        try (JournalWriter w = JournalWriter.create(dir, LAYOUT.frameWords)) {
            w.writeMetadata(metadata());
            final JournalWriter.FrameAppender a = w.frames(10);
            a.append(frame(0));
            a.flush();
            a.append(frame(1)); // open excerpt: as a writer killed here would leave it
            try (JournalReader r = JournalReader.open(dir)) {
                assertFalse(r.readFrames(f -> { }));
                assertEquals(1, r.frames());
                assertNull(r.end());
            }
            a.close();
        }
    }

    @Test
    void anExcerptOfPartFramesIsCorruption() throws IOException {
        try (JournalWriter w = JournalWriter.create(dir, LAYOUT.frameWords)) {
            w.writeMetadata(metadata());
        }
        try (ChronicleQueue q = Chronicle.forWriting(dir); ExcerptAppender a = q.createAppender();
             DocumentContext dc = a.writingDocument()) {
            dc.wire().bytes().writeInt(JournalFormat.FRAMES);
            dc.wire().bytes().writeLong(1);
        }
        try (JournalReader r = JournalReader.open(dir)) {
            final IOException e = assertThrows(IOException.class, () -> r.readFrames(f -> { }));
            assertTrue(e.getMessage().contains("not whole frames"), e.getMessage());
        }
    }

    @Test
    void aDirectoryIsJournalOfOneRunOnly() throws IOException {
        try (JournalWriter w = JournalWriter.create(dir, LAYOUT.frameWords)) {
            w.writeMetadata(metadata());
        }
        final IOException e = assertThrows(IOException.class, () -> JournalWriter.create(dir, LAYOUT.frameWords));
        assertTrue(e.getMessage().contains("already holds a journal"), e.getMessage());
    }
}
