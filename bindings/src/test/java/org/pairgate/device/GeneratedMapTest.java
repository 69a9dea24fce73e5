package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.pairgate.device.map.MapGenerator;

/**
 * The Verilog include, the C header and PgMap.java must be exactly what {@link MapGenerator}
 * makes of {@code fpga/pairgate.map}: a hand edit or a map change without regeneration fails here.
 * With {@code -Dpairgate.regenerate=true} the test writes the files instead.
 */
class GeneratedMapTest {
    static Path root() {
        final String prop = System.getProperty("pairgate.root");
        return Path.of(prop != null && !prop.isBlank() ? prop : "..").toAbsolutePath().normalize();
    }

    @Test
    void generatedFilesAreUpToDate() throws IOException {
        final Path root = root();
        assertTrue(Files.isRegularFile(root.resolve(MapGenerator.SOURCE)), "no " + MapGenerator.SOURCE + " under " + root);
        final Map<String, String> generated = MapGenerator.generate(root);
        final boolean regenerate = Boolean.getBoolean("pairgate.regenerate");
        for (final Map.Entry<String, String> e : generated.entrySet()) {
            final Path file = root.resolve(e.getKey());
            if (regenerate) {
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
                continue;
            }
            assertTrue(Files.isRegularFile(file), e.getKey() + " is missing: run `make -C fpga gen`");
            assertEquals(e.getValue(), Files.readString(file, StandardCharsets.UTF_8),
                e.getKey() + " is stale or hand-edited: run `make -C fpga gen` (or mvn test -Dpairgate.regenerate=true)");
        }
    }

    @Test
    void layoutOfTheDefaultShape() {
        final PgMap.FrameLayout l = new PgMap.FrameLayout(2, 2, 8, 256);
        assertEquals(1772, l.frameWords, "version 2: MERGES replaced RESERVED, SYNC_DROPPED was added");
        assertEquals(l.offWords + 1, l.offMerges);
        assertEquals(l.offOtherChannel + 1, l.offSyncDropped);
        assertEquals(l.offSyncDropped + 1, l.offPatterns);
        assertEquals(l.shapeWord(), PgMap.FrameLayout.ofShape(l.shapeWord()).shapeWord());
        assertEquals(l.frameWords - 1, l.offTrailer);
        assertEquals("DN_COINC[dn=2][a=w1d0][b=w0d1]", FrameField.name(l, l.offDnCoinc + (4 + 2) * 4 + 1));
        assertEquals("FIRST_ARRIVAL[w1d1][bin=7]", FrameField.name(l, l.offFirstArrival + 3 * 256 + 7));
        assertEquals("TRAILER", FrameField.name(l, l.offTrailer));
        assertEquals("MERGES", FrameField.name(l, l.offMerges));
        assertEquals("SYNC_DROPPED", FrameField.name(l, l.offSyncDropped));
        assertEquals("OTHER_CHANNEL", FrameField.name(l, l.offOtherChannel));
        assertEquals("PATTERNS[0b0]", FrameField.name(l, l.offPatterns));
        for (int i = 0; i < l.frameWords; i++) {
            final String name = FrameField.name(l, i);
            assertTrue(!name.startsWith("word") && !name.contains("RESERVED"), i + ": " + name);
            if (i != l.offTrailer) {
                assertTrue(!"TRAILER".equals(name), "word " + i + " is not the trailer");
            }
        }
        assertEquals(2, PgMap.FRAME_MAGIC & 0xFF, "frame format version 2");
        assertEquals(3, PgMap.ID_VALUE & 0xFF, "map version 3");
        assertEquals(16, PgMap.SYNC_QUEUE_DEPTH);
        assertEquals(0x07, PgMap.REG_MERGES);
        assertEquals(0x0C, PgMap.REG_SYNC_PENDING);
    }

    @Test
    void recordLayoutAndRegisters() {
        final PgMap.RecordLayout r = PgMap.RecordLayout.of(new PgMap.FrameLayout(2, 2, 8, 256));
        assertEquals(7, r.recordWords, "TRIAL, SYNC_TIME, PATTERN, FIRST_BIN[W*D]");
        assertEquals(0, r.offTrial);
        assertEquals(1, r.offSyncTime);
        assertEquals(2, r.offPattern);
        assertEquals(3, r.offFirstBin);
        assertEquals(4, r.lenFirstBin);
        assertEquals(3 + 3 * 5, new PgMap.RecordLayout(3, 5, 1, 2).recordWords);
        assertEquals(0x0D, PgMap.REG_RECORDS_ENABLE);
        assertEquals(0x0E, PgMap.REG_RECORDS_MADE);
        assertEquals(0x0F, PgMap.REG_RECORDS_DROPPED);
        assertEquals(16, PgMap.RECORD_FIFO_DEPTH);
    }
}
