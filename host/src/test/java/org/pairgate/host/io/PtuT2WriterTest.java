package org.pairgate.host.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pairgate.device.TagBatch;

class PtuT2WriterTest {
    private static final long PERIOD = 1L << 25;

    @TempDir
    Path dir;

    /** The records after the header, as raw ints. */
    private static int[] rawRecords(final Path file) throws IOException {
        final PtuHeader header = PtuHeader.read(file);
        final byte[] bytes = Files.readAllBytes(file);
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.position((int)header.dataOffset());
        final int[] records = new int[b.remaining() / 4];
        for (int i = 0; i < records.length; i++) {
            records[i] = b.getInt();
        }
        return records;
    }

    @Test
    void exactRecordsForAHandMadeStream() throws IOException {
        final Path file = dir.resolve("hand.ptu");
        try (PtuT2Writer writer = PtuT2Writer.create(file)) {
            writer.write(5, 0);                 // sync
            writer.write(PERIOD + 3, 1);        // one period later: input 0
            writer.write(3 * PERIOD, 2);        // two more: input 1, timetag 0
            writer.write(3 * PERIOD, 64);       // input 63, same time
            assertEquals(6, writer.records());
            assertEquals(4, writer.tags());
        }
        assertArrayEquals(new int[] {0x8000_0005, 0xFE00_0001, 0x0000_0003, 0xFE00_0002, 0x0200_0000, 0x7E00_0000},
            rawRecords(file));
    }

    @Test
    void headerIsCompleteAndCountIsPatched() throws IOException {
        final Path file = dir.resolve("header.ptu");
        try (PtuT2Writer writer = PtuT2Writer.create(file, 1.0, 80_000_000L)) {
            for (int i = 0; i < 1000; i++) {
                writer.write(i * 100_000L, i % 3);
            }
        }
        final PtuHeader header = PtuHeader.read(file);
        assertEquals("1.0.00", header.version());
        assertEquals(PtuRecordType.HYDRAHARP_V2_T2, header.recordType());
        assertEquals(2L, header.getLong("Measurement_Mode", -1));
        assertEquals(0L, header.getLong("Measurement_SubMode", -1));
        assertEquals(32L, header.getLong("TTResultFormat_BitsPerRecord", -1));
        assertEquals(1e-12, header.globalResolutionSeconds());
        assertEquals(1e-12, header.getDouble("MeasDesc_Resolution", 0));
        assertEquals(80_000_000L, header.getLong("TTResult_SyncRate", -1));
        assertEquals("pairgate", header.getString("CreatorSW_Name", null));
        assertTrue(header.getString("File_GUID", "").matches("\\{[0-9A-F-]{36}}"), header.getString("File_GUID", ""));
        assertTrue(header.get("File_CreatingTime") instanceof java.time.Instant);
        final long records = (Files.size(file) - header.dataOffset()) / 4;
        assertEquals(records, header.declaredRecords());
        assertEquals(0, header.dataOffset() % 8, "tags stay 8-byte aligned as PicoQuant writes them");
        // first tag right after the 16-byte preamble, as PicoQuant's readers expect
        final byte[] bytes = Files.readAllBytes(file);
        assertEquals("PQTTTR", new String(bytes, 0, 6, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("File_GUID", new String(bytes, 16, 9, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void emptyStreamIsAValidFile() throws IOException {
        final Path file = dir.resolve("empty.ptu");
        PtuT2Writer.create(file).close();
        try (PtuT2Reader reader = PtuT2Reader.open(file)) {
            assertEquals(0, reader.declaredRecords());
            assertEquals(0, reader.read(new TagBatch(4)));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 0xC0FFEE})
    void randomStreamsRoundTrip(final long seed) throws IOException {
        final Random random = new Random(seed);
        final int n = 20_000 + random.nextInt(20_000);
        final long[] times = new long[n];
        final int[] channels = new int[n];
        long t = random.nextInt(1000);
        for (int i = 0; i < n; i++) {
            final int kind = random.nextInt(1000);
            if (kind == 0) {
                t += (long)(random.nextDouble() * PERIOD * (1L << 26));   // > 2^25 - 1 periods: several overflow records
            } else if (kind < 10) {
                t += PERIOD * (1 + random.nextInt(100)) + random.nextInt(1 << 25);
            } else if (kind < 50) {
                // same time as the previous tag
            } else {
                t += random.nextInt(5_000_000);
            }
            times[i] = t;
            channels[i] = random.nextInt(9);    // sync and inputs 0..7
        }
        final Path file = dir.resolve("random" + seed + ".ptu");
        final long records;
        try (PtuT2Writer writer = PtuT2Writer.create(file)) {
            for (int i = 0; i < n; i++) {
                writer.write(times[i], channels[i]);
            }
            records = writer.records();
        }
        try (PtuT2Reader reader = PtuT2Reader.open(file, 4096 + 4 * random.nextInt(1000) + random.nextInt(4))) {
            final PtuT2ReaderTest.Tags tags = PtuT2ReaderTest.readAll(reader, 1 + random.nextInt(5000));
            assertArrayEquals(times, tags.times());
            assertArrayEquals(channels, tags.channels());
            assertEquals(records, reader.recordsRead());
            assertEquals(records, reader.declaredRecords());
            assertEquals(records - n, reader.overflows());
            assertEquals(times[n - 1] >>> 25, reader.overflowPeriods());
        }
    }

    @Test
    void hugeGapsAndLargeTimes() throws IOException {
        final long[] times = {0, (1L << 50) - 1, 1L << 50, (1L << 50) + 1, Long.MAX_VALUE / 4};
        final Path file = dir.resolve("huge.ptu");
        try (PtuT2Writer writer = PtuT2Writer.create(file)) {
            for (final long time : times) {
                writer.write(time, 3);
            }
        }
        try (PtuT2Reader reader = PtuT2Reader.open(file)) {
            assertArrayEquals(times, PtuT2ReaderTest.readAll(reader, 2).times());
        }
    }

    @Test
    void bundledFileRoundTripsThroughTheWriter() throws IOException {
        final PtuT2ReaderTest.Tags original;
        try (PtuT2Reader reader = PtuT2Reader.open(PtuT2ReaderTest.bundled())) {
            original = PtuT2ReaderTest.readAll(reader, 8192);
        }
        final Path copy = dir.resolve("copy.ptu");
        try (PtuT2Reader reader = PtuT2Reader.open(PtuT2ReaderTest.bundled());
             PtuT2Writer writer = PtuT2Writer.create(copy, reader.resolutionPs())) {
            final TagBatch batch = new TagBatch(1000);
            while (reader.read(batch) > 0) {
                writer.write(batch);
            }
        }
        try (PtuT2Reader reader = PtuT2Reader.open(copy)) {
            final PtuT2ReaderTest.Tags again = PtuT2ReaderTest.readAll(reader, 8192);
            assertArrayEquals(original.times(), again.times());
            assertArrayEquals(original.channels(), again.channels());
            // the writer packs overflows as the instrument did (one record per gap, with its count):
            // the same records but the instrument's last, an overflow after the last photon
            assertEquals(435_319L - 1, reader.recordsRead());
        }
    }

    @Test
    void otherResolutions() throws IOException {
        final Path file = dir.resolve("4ps.ptu");
        try (PtuT2Writer writer = PtuT2Writer.create(file, 4.0)) {
            writer.write(10, 1);
        }
        try (PtuT2Reader reader = PtuT2Reader.open(file)) {
            assertEquals(4.0, reader.resolutionPs());
            assertEquals(4e-12, reader.header().globalResolutionSeconds());
        }
    }

    @Test
    void rejectsBadInput() throws IOException {
        final Path file = dir.resolve("bad.ptu");
        assertThrows(IllegalArgumentException.class, () -> PtuT2Writer.create(file, 0));
        assertThrows(IllegalArgumentException.class, () -> PtuT2Writer.create(file, Double.NaN));
        try (PtuT2Writer writer = PtuT2Writer.create(file)) {
            writer.write(100, 1);
            assertThrows(IllegalArgumentException.class, () -> writer.write(99, 1));
            assertThrows(IllegalArgumentException.class, () -> writer.write(100, 65));
            assertThrows(IllegalArgumentException.class, () -> writer.write(100, -1));
            writer.write(100, 64);
        }
        try (PtuT2Reader reader = PtuT2Reader.open(file)) {
            assertEquals(2, PtuT2ReaderTest.readAll(reader, 8).times().length);
        }
        final PtuT2Writer closed = PtuT2Writer.create(dir.resolve("closed.ptu"));
        closed.close();
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.write(1, 1));
        assertThrows(IllegalArgumentException.class, () -> {
            try (PtuT2Writer writer = PtuT2Writer.create(dir.resolve("neg.ptu"))) {
                writer.write(-1, 1);
            }
        });
    }

    @Test
    void manyRecordsCrossTheStagingBuffer() throws IOException {
        final Path file = dir.resolve("many.ptu");
        final int n = 700_000;  // > 1 MiB of records
        try (PtuT2Writer writer = PtuT2Writer.create(file)) {
            for (int i = 0; i < n; i++) {
                writer.write(i * 1000L, 1 + (i & 7));
            }
        }
        try (PtuT2Reader reader = PtuT2Reader.open(file)) {
            final TagBatch batch = new TagBatch(65536);
            long count = 0;
            long expected = 0;
            int got;
            while ((got = reader.read(batch)) > 0) {
                for (int i = 0; i < got; i++, count++) {
                    assertEquals(count * 1000L, batch.time(i));
                    assertEquals(1 + (count & 7), batch.channel(i));
                }
                expected += got;
            }
            assertEquals(n, expected);
            assertEquals(reader.declaredRecords(), reader.recordsRead());
        }
    }
}
