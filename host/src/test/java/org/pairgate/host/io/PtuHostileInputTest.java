package org.pairgate.host.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.pairgate.host.io.PtuBytes.hh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.TagBatch;

/**
 * Damaged and hostile files: each must end in an {@link IOException} whose message says what is
 * wrong, never another exception type, a hang or a huge allocation.
 */
class PtuHostileInputTest {
    @TempDir
    Path dir;

    private Path file(final byte[] bytes) throws IOException {
        return Files.write(dir.resolve("hostile.ptu"), bytes);
    }

    /** Opens and drains {@code bytes}; returns the IOException it must end in. */
    private IOException failure(final byte[] bytes) throws IOException {
        final Path path = file(bytes);
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(IOException.class, () -> {
            try (PtuT2Reader reader = PtuT2Reader.open(path, 64)) {
                final TagBatch batch = new TagBatch(16);
                while (reader.read(batch) > 0) {
                    assertTrue(batch.size() > 0);
                }
            }
        }));
    }

    private static void assertMessage(final IOException ex, final String... parts) {
        for (final String part : parts) {
            assertTrue(ex.getMessage().contains(part), "message lacks '" + part + "': " + ex.getMessage());
        }
    }

    @Test
    void wrongMagic() throws IOException {
        final byte[] bytes = PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V2_T2, 1e-12, 0).end().bytes();
        bytes[0] = 'X';
        assertMessage(failure(bytes), "not a PTU file", "XQTTTR");
        assertMessage(failure("hello".getBytes()), "not a PTU file", "hello");
    }

    @Test
    void emptyAndTinyFiles() throws IOException {
        assertMessage(failure(new byte[0]), "truncated PTU header");
        assertMessage(failure("PQT".getBytes()), "truncated PTU header");
        assertMessage(failure(PtuBytes.ptu().bytes()), "truncated PTU header", "before Header_End");
    }

    @Test
    void everyTruncationOfARealHeader() throws IOException {
        final byte[] real = Files.readAllBytes(PtuT2ReaderTest.bundled());
        final int dataOffset = 4392;
        for (int cut = 0; cut < dataOffset; cut += cut < 64 ? 1 : 7) {
            final IOException ex = failure(Arrays.copyOf(real, cut));
            assertMessage(ex, "truncated PTU header");
        }
    }

    @Test
    void missingHeaderEnd() throws IOException {
        // tags, then records where the Header_End should have been: they parse as garbage tags
        final byte[] bytes = PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V2_T2, 1e-12, 2)
            .records(hh(0, 1), hh(1, 2)).bytes();
        assertMessage(failure(bytes), "truncated PTU header", "before Header_End");
    }

    @Test
    void absurdStringLengths() throws IOException {
        final long[] lengths = {1L << 40, Long.MAX_VALUE, -1, Long.MIN_VALUE, PtuHeader.MAX_PAYLOAD_BYTES + 1L};
        for (final long length : lengths) {
            final byte[] bytes = PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V2_T2, 1e-12, 0)
                .tag("File_Comment", -1, PtuHeader.TY_ANSI_STRING, length).end().bytes();
            assertMessage(failure(bytes), "File_Comment", "absurd length", Long.toString(length));
        }
        for (final int type : new int[] {PtuHeader.TY_WIDE_STRING, PtuHeader.TY_BINARY_BLOB, PtuHeader.TY_FLOAT8_ARRAY}) {
            final byte[] bytes = PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V2_T2, 1e-12, 0)
                .tag("Big", 2, type, 1L << 33).end().bytes();
            assertMessage(failure(bytes), "Big[2]", "absurd length");
        }
    }

    @Test
    void stringLongerThanTheFile() throws IOException {
        // plausible length, but more than the file holds: truncated, and nothing that size allocated
        final byte[] bytes = PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V2_T2, 1e-12, 0)
            .tag("File_Comment", -1, PtuHeader.TY_ANSI_STRING, 10_000_000).end().bytes();
        assertMessage(failure(bytes), "truncated PTU header", "File_Comment", "10000000 bytes");
    }

    @Test
    void endlessTags() throws IOException {
        final PtuBytes bytes = PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V2_T2, 1e-12, 0);
        for (int i = 0; i < PtuHeader.MAX_TAGS; i++) {
            bytes.tag("Filler", i, PtuHeader.TY_INT8, i);
        }
        assertMessage(failure(bytes.end().bytes()), "more than " + PtuHeader.MAX_TAGS + " tags");
    }

    @Test
    void unknownTagType() throws IOException {
        final byte[] bytes = PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V2_T2, 1e-12, 0)
            .tag("Weird", -1, 0x7777_0008, 0).end().bytes();
        assertMessage(failure(bytes), "Weird", "unknown type 0x77770008");
    }

    @Test
    void missingRecordType() throws IOException {
        final byte[] bytes = PtuBytes.ptu().float8(PtuHeader.TAG_GLOBAL_RESOLUTION, 1e-12).end().records(hh(0, 1)).bytes();
        assertMessage(failure(bytes), "no TTResultFormat_TTTRRecType");
        final byte[] wrongType = PtuBytes.ptu().float8(PtuHeader.TAG_RECORD_TYPE, 1.0).end().bytes();
        assertMessage(failure(wrongType), "no TTResultFormat_TTTRRecType", "integer");
    }

    @Test
    void unknownRecordType() throws IOException {
        final byte[] bytes = PtuBytes.t2Header(0x00010299, 1e-12, 0).end().bytes();
        assertMessage(failure(bytes), "unknown record type 0x00010299");
        assertMessage(failure(PtuBytes.t2Header(-5, 1e-12, 0).end().bytes()), "unknown record type");
        assertMessage(failure(PtuBytes.t2Header(1L << 40, 1e-12, 0).end().bytes()), "unknown record type");
    }

    @Test
    void t3RecordTypes() throws IOException {
        for (final int type : new int[] {PtuRecordType.HYDRAHARP_V2_T3, PtuRecordType.PICOHARP_T3,
            PtuRecordType.HYDRAHARP_V1_T3, PtuRecordType.GENERIC_T3, PtuRecordType.TIMEHARP_260N_T3}) {
            final byte[] bytes = PtuBytes.t2Header(type, 1e-12, 1).end().records(hh(0, 1)).bytes();
            assertMessage(failure(bytes), "T3 record type " + PtuRecordType.hex(type), "not supported yet");
        }
    }

    @Test
    void missingOrNonsenseResolution() throws IOException {
        final byte[] missing = PtuBytes.ptu().int8(PtuHeader.TAG_RECORD_TYPE, PtuRecordType.HYDRAHARP_V2_T2).end().bytes();
        assertMessage(failure(missing), "MeasDesc_GlobalResolution is missing");
        for (final double bad : new double[] {0, -1e-12, Double.NaN, Double.POSITIVE_INFINITY, 5.0}) {
            assertMessage(failure(PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V2_T2, bad, 0).end().bytes()),
                "MeasDesc_GlobalResolution");
        }
    }

    @Test
    void wrongRecordSize() throws IOException {
        final byte[] bytes = PtuBytes.ptu().int8(PtuHeader.TAG_RECORD_TYPE, PtuRecordType.HYDRAHARP_V2_T2)
            .float8(PtuHeader.TAG_GLOBAL_RESOLUTION, 1e-12).int8(PtuHeader.TAG_BITS_PER_RECORD, 64).end().bytes();
        assertMessage(failure(bytes), "TTResultFormat_BitsPerRecord is 64");
    }

    @Test
    void headerClaimsMoreRecordsThanPresent() throws IOException {
        final Path path = PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V2_T2, 1e-12, 5).end()
            .records(hh(0, 1), hh(1, 2), hh(2, 3)).write(dir.resolve("short.ptu"));
        try (PtuT2Reader reader = PtuT2Reader.open(path)) {
            final TagBatch batch = new TagBatch(16);
            assertEquals(3, reader.read(batch), "what is there comes first");
            final IOException ex = assertThrows(IOException.class, () -> reader.read(batch));
            assertMessage(ex, "file ends after 3 records but the header declares 5", "2 missing");
            assertEquals(0, batch.size());
            assertEquals(3, reader.recordsRead());
            assertEquals(5, reader.declaredRecords());
            assertThrows(IOException.class, () -> reader.read(batch), "and stays failed");
        }
    }

    @Test
    void trailingPartialRecord() throws IOException {
        final byte[] whole = PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V2_T2, 1e-12, 3).end()
            .records(hh(0, 1), hh(1, 2), hh(2, 3)).bytes();
        for (int drop = 1; drop <= 3; drop++) {
            final Path path = Files.write(dir.resolve("partial" + drop + ".ptu"), Arrays.copyOf(whole, whole.length - drop));
            try (PtuT2Reader reader = PtuT2Reader.open(path, 8)) {
                final TagBatch batch = new TagBatch(16);
                assertEquals(2, reader.read(batch), "the complete records come first");
                final IOException ex = assertThrows(IOException.class, () -> reader.read(batch));
                assertMessage(ex, "truncated final record", (4 - drop) + " trailing byte(s)", "after 2 complete",
                    "header declares 3");
            }
        }
    }

    @Test
    void overflowsPastTheLongRange() throws IOException {
        // 9000 overflow records of 2^25 - 1 periods each: more than 2^63 ticks
        final int[] records = new int[9001];
        Arrays.fill(records, PtuBytes.hhSpecial(0x3F, 0x1FF_FFFF));
        records[9000] = hh(0, 1);
        final byte[] bytes = PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V2_T2, 1e-12, 9001).end().records(records).bytes();
        assertMessage(failure(bytes), "times pass 2^63 ticks");

        // just below the limit is fine, and the time is exact
        final long periods = (Long.MAX_VALUE - (1L << 28)) >>> 25;
        final int full = (int)(periods / 0x1FF_FFFF);
        final int[] ok = new int[full + 2];
        Arrays.fill(ok, PtuBytes.hhSpecial(0x3F, 0x1FF_FFFF));
        ok[full] = PtuBytes.hhSpecial(0x3F, (int)(periods % 0x1FF_FFFF));
        ok[full + 1] = hh(0, 0x1FF_FFFF);
        final Path path = PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V2_T2, 1e-12, ok.length).end().records(ok)
            .write(dir.resolve("edge.ptu"));
        try (PtuT2Reader reader = PtuT2Reader.open(path)) {
            final TagBatch batch = new TagBatch(4);
            assertEquals(1, reader.read(batch));
            assertEquals((periods << 25) + 0x1FF_FFFF, batch.time(0));
            assertTrue(batch.time(0) > 0);
        }
    }

    @Test
    void randomlyDamagedHeadersFailCleanly() throws IOException {
        final byte[] real = Files.readAllBytes(PtuT2ReaderTest.bundled());
        final byte[] sample = Arrays.copyOf(real, 4392 + 4 * 64);
        final Random random = new Random(42);
        int failures = 0;
        for (int round = 0; round < 400; round++) {
            final byte[] bytes = sample.clone();
            final int flips = 1 + random.nextInt(8);
            for (int k = 0; k < flips; k++) {
                final int at = random.nextInt(4392);
                bytes[at] = (byte)(random.nextBoolean() ? random.nextInt(256) : bytes[at] ^ (1 << random.nextInt(8)));
            }
            final Path path = file(bytes);
            final boolean failed = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                try (PtuT2Reader reader = PtuT2Reader.open(path, 256)) {
                    final TagBatch batch = new TagBatch(100);
                    while (reader.read(batch) > 0) {
                        assertTrue(batch.size() > 0);
                    }
                    return false;
                } catch (final IOException expected) {
                    assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty());
                    return true;
                } catch (final RuntimeException | Error wrong) {
                    fail("damaged header raised " + wrong, wrong);
                    return true;
                }
            });
            failures += failed ? 1 : 0;
        }
        assertTrue(failures > 0, "some damage must be noticed");
    }

    @Test
    void randomGarbageAfterTheMagic() throws IOException {
        final Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            final byte[] garbage = new byte[16 + random.nextInt(2000)];
            random.nextBytes(garbage);
            System.arraycopy("PQTTTR\0\0".getBytes(), 0, garbage, 0, 8);
            final IOException ex = failure(garbage);
            assertTrue(ex.getMessage().contains("PTU header"), ex.getMessage());
        }
    }
}
