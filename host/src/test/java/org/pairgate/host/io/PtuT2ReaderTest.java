package org.pairgate.host.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pairgate.host.io.PtuBytes.hh;
import static org.pairgate.host.io.PtuBytes.hhSpecial;
import static org.pairgate.host.io.PtuBytes.ph;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pairgate.device.TagBatch;

class PtuT2ReaderTest {
    /** HydraHarp V2 T2 sample from libpicoquant (BSD-3, see ptu/LICENSE-libpicoquant). */
    static Path bundled() {
        try {
            return Path.of(PtuT2ReaderTest.class.getResource("/ptu/v30_t2.ptu").toURI());
        } catch (final URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @TempDir
    Path dir;

    /** A decoded stream: times and channels in order. */
    record Tags(long[] times, int[] channels) {
    }

    static Tags readAll(final PtuT2Reader reader, final int batchCapacity) throws IOException {
        final TagBatch batch = new TagBatch(batchCapacity);
        final List<long[]> out = new ArrayList<>();
        int n;
        while ((n = reader.read(batch)) > 0) {
            assertEquals(n, batch.size());
            for (int i = 0; i < n; i++) {
                out.add(new long[] {batch.time(i), batch.channel(i)});
            }
        }
        final long[] times = new long[out.size()];
        final int[] channels = new int[out.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = out.get(i)[0];
            channels[i] = (int)out.get(i)[1];
        }
        return new Tags(times, channels);
    }

    @Test
    void bundledFileHeader() throws IOException {
        final PtuHeader header = PtuHeader.read(bundled());
        assertEquals("1.0.00", header.version());
        assertEquals(0x01010204L, header.recordType());
        assertEquals(435_319L, header.declaredRecords());
        assertEquals(1e-12, header.globalResolutionSeconds());
        assertEquals(4392L, header.dataOffset());
        assertEquals("HydraHarp 400", header.getString("HW_Type", null));
        assertEquals("{59F88080-A3B0-4764-8693-8B7148A0D3BE}", header.getString("File_GUID", null));
        assertEquals(8e-12, header.getDouble("MeasDesc_Resolution", 0));
        assertEquals(Boolean.TRUE, header.get("HWInpChan_Enabled[1]"));
        assertEquals(121_696L, header.getLong("TTResult_InputRate[0]", -1));
        assertEquals(-10_000L, header.getLong("HWSync_Offset", 0));
        assertTrue(header.get("File_CreatingTime") instanceof Instant);
        assertTrue(((Instant)header.get("File_CreatingTime")).toString().startsWith("2017-05-15"),
            header.get("File_CreatingTime").toString());
        assertTrue(header.get(PtuHeader.HEADER_END) instanceof PtuHeader.Opaque);
    }

    @Test
    void bundledFileCounts() throws IOException {
        try (PtuT2Reader reader = PtuT2Reader.open(bundled())) {
            assertEquals(PtuRecordType.HYDRAHARP_V2_T2, reader.recordType());
            assertEquals(1.0, reader.resolutionPs());
            assertEquals(435_319L, reader.declaredRecords());
            assertEquals("PTU 0x01010204 (HydraHarp V2 T2), 1 ps, 435319 records: v30_t2.ptu", reader.describe());

            final Tags tags = readAll(reader, 4096);
            final long[] perChannel = new long[256];
            long sum = 0;
            for (int i = 0; i < tags.times().length; i++) {
                perChannel[tags.channels()[i]]++;
                sum += tags.times()[i];
                if (i > 0) {
                    assertTrue(tags.times()[i] >= tags.times()[i - 1], "time decreases at tag " + i);
                }
            }
            // one detector on input 0 (channel 1); the sync was not recorded (TTResult_SyncRate 0)
            assertEquals(305_565L, perChannel[1]);
            assertEquals(0L, perChannel[0]);
            assertEquals(305_565L, tags.times().length);
            assertEquals(305_565L, reader.tags(1));
            assertEquals(0L, reader.tags(0));
            assertEquals(305_565L, reader.tags());
            assertEquals(435_319L, reader.recordsRead());
            // 435,319 records = 305,565 photons + 129,754 overflow records carrying 149,011 periods
            assertEquals(129_754L, reader.overflows());
            assertEquals(149_011L, reader.overflowPeriods());
            assertEquals(0L, reader.markers());
            assertEquals(0L, reader.reservedSpecials());
            // first and last photon with 2^25 x count overflows: the last lands just before the
            // header's MeasDesc_AcquisitionTime of 5000 ms (counting each overflow record once
            // would put it at 4.35 s)
            assertEquals(24_433_765L, tags.times()[0]);
            assertEquals(4_999_964_931_763L, tags.times()[tags.times().length - 1]);
            assertEquals(763_828_286_071_656_274L, sum);
            assertEquals(0, reader.read(new TagBatch(16)), "stays at end");
        }
    }

    @ParameterizedTest
    @CsvSource({"4, 1", "12, 7", "1000, 333", "65536, 65536", "1048576, 100000"})
    void chunkAndBatchSizesDoNotChangeTheStream(final int chunkBytes, final int batchCapacity) throws IOException {
        final Tags reference;
        try (PtuT2Reader reader = PtuT2Reader.open(bundled())) {
            reference = readAll(reader, 4096);
        }
        // odd chunk sizes split records across reads (the header is 4392 bytes, chunks start there)
        try (PtuT2Reader reader = PtuT2Reader.open(bundled(), chunkBytes)) {
            final Tags tags = readAll(reader, batchCapacity);
            assertArrayEquals(reference.times(), tags.times());
            assertArrayEquals(reference.channels(), tags.channels());
            assertEquals(435_319L, reader.recordsRead());
        }
    }

    @Test
    void hydraHarpV2Records() throws IOException {
        final long wrap = 1L << 25;
        final Path file = PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V2_T2, 1e-12, 11).end()
            .records(
                hhSpecial(0, 5),           // sync at 5
                hh(0, 7),                  // input 0 -> channel 1
                hh(7, 7),                  // input 7 -> channel 8, same time
                hhSpecial(0x3F, 0),        // overflow, count 0 = 1
                hhSpecial(1, 9),           // marker 1: not a tag
                hh(63, 1),                 // input 63 -> channel 64
                hhSpecial(0x3F, 3),        // 3 overflows
                hhSpecial(20, 0),          // reserved special code: counted, skipped
                hh(2, 0x1FF_FFFF),         // max timetag
                hhSpecial(0xF, 0),         // marker 1..4 all set
                hhSpecial(0, 0))           // sync at period start
            .write(dir.resolve("hh2.ptu"));
        try (PtuT2Reader reader = PtuT2Reader.open(file)) {
            final Tags tags = readAll(reader, 3);
            assertArrayEquals(new long[] {5, 7, 7, wrap + 1, 4 * wrap + 0x1FF_FFFF, 4 * wrap}, tags.times());
            assertArrayEquals(new int[] {0, 1, 8, 64, 3, 0}, tags.channels());
            assertEquals(11, reader.recordsRead());
            assertEquals(2, reader.overflows());
            assertEquals(4, reader.overflowPeriods());
            assertEquals(2, reader.markers());
            assertEquals(1, reader.reservedSpecials());
            assertEquals(2, reader.tags(0));
            assertEquals(1, reader.tags(64));
        }
    }

    @Test
    void hydraHarpV1OverflowIgnoresTheCount() throws IOException {
        final Path file = PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V1_T2, 1e-12, 4).end()
            .records(hh(1, 10), hhSpecial(0x3F, 5), hhSpecial(0x3F, 0), hh(0, 3))
            .write(dir.resolve("hh1.ptu"));
        try (PtuT2Reader reader = PtuT2Reader.open(file)) {
            final Tags tags = readAll(reader, 16);
            assertArrayEquals(new long[] {10, 2 * 33_552_000L + 3}, tags.times());
            assertArrayEquals(new int[] {2, 1}, tags.channels());
            assertEquals(2, reader.overflowPeriods());
        }
    }

    @Test
    void picoHarpRecords() throws IOException {
        final long wrap = 210_698_240L;
        final Path file = PtuBytes.t2Header(PtuRecordType.PICOHARP_T2, 4e-12, 7).end()
            .records(
                ph(0, 100),                 // channel 0 (the sync input)
                ph(1, 0x0FFF_FFFF),         // channel 1, max timetag
                ph(15, 0),                  // overflow
                ph(15, 0x20 | 0x5),         // markers 1 and 3: not a tag
                ph(3, 2),                   // channel 3
                ph(15, 0),                  // overflow
                ph(1, 0))
            .write(dir.resolve("ph.ptu"));
        try (PtuT2Reader reader = PtuT2Reader.open(file)) {
            assertEquals(4.0, reader.resolutionPs());
            final Tags tags = readAll(reader, 2);
            assertArrayEquals(new long[] {100, 0x0FFF_FFFF, wrap + 2, 2 * wrap}, tags.times());
            assertArrayEquals(new int[] {0, 1, 3, 1}, tags.channels());
            assertEquals(7, reader.recordsRead());
            assertEquals(2, reader.overflows());
            assertEquals(1, reader.markers());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00010205, 0x00010206, 0x00010207, 0x01010205, 0x01010206, 0x01010207})
    void laterHydraHarpFamilyTypesCountOverflows(final int recordType) throws IOException {
        final Path file = PtuBytes.t2Header(recordType, 5e-12, 3).end()
            .records(hh(4, 1), hhSpecial(0x3F, 2), hhSpecial(0, 6))
            .write(dir.resolve("generic.ptu"));
        try (PtuT2Reader reader = PtuT2Reader.open(file)) {
            assertEquals(5.0, reader.resolutionPs());
            final Tags tags = readAll(reader, 8);
            assertArrayEquals(new long[] {1, 2 * (1L << 25) + 6}, tags.times());
            assertArrayEquals(new int[] {5, 0}, tags.channels());
        }
    }

    @Test
    void fewerRecordsDeclaredThanPresentAreAllRead() throws IOException {
        // e.g. a header whose count was never patched: read what is there, expose the discrepancy
        final Path file = PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V2_T2, 1e-12, 0).end()
            .records(hh(0, 1), hh(1, 2))
            .write(dir.resolve("unpatched.ptu"));
        try (PtuT2Reader reader = PtuT2Reader.open(file)) {
            assertEquals(2, readAll(reader, 8).times().length);
            assertEquals(0, reader.declaredRecords());
            assertEquals(2, reader.recordsRead());
        }
    }

    @Test
    void headerWithoutRecordCountReadsEverything() throws IOException {
        final Path file = PtuBytes.ptu()
            .int8(PtuHeader.TAG_RECORD_TYPE, PtuRecordType.HYDRAHARP_V2_T2)
            .float8(PtuHeader.TAG_GLOBAL_RESOLUTION, 1e-12)
            .end()
            .records(hh(0, 1))
            .write(dir.resolve("nocount.ptu"));
        try (PtuT2Reader reader = PtuT2Reader.open(file)) {
            assertEquals(-1, reader.declaredRecords());
            assertEquals(1, readAll(reader, 8).times().length);
            assertTrue(reader.describe().contains("record count not declared"), reader.describe());
        }
    }

    @Test
    void emptyDataIsAnEmptyStream() throws IOException {
        final Path file = PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V2_T2, 1e-12, 0).end().write(dir.resolve("e.ptu"));
        try (PtuT2Reader reader = PtuT2Reader.open(file)) {
            assertEquals(0, reader.read(new TagBatch(8)));
            assertEquals(0, reader.recordsRead());
        }
    }

    @Test
    void stringsAndIndexedTags() throws IOException {
        final Path file = PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V2_T2, 1e-12, 0)
            .wide("UsrHeadName", "Grüße ✓")
            .ansi("File_Comment", "naïve")
            .tag("HWInpChan_Offset", 3, PtuHeader.TY_INT8, -42)
            .tag("Blob", -1, PtuHeader.TY_BINARY_BLOB, 16).raw(new byte[16])
            .tag("Arr", -1, PtuHeader.TY_FLOAT8_ARRAY, 24).raw(new byte[24])
            .tag("Flags", -1, PtuHeader.TY_BITSET64, 0xF0)
            .tag("Yes", -1, PtuHeader.TY_BOOL8, -1)
            .end()
            .write(dir.resolve("tags.ptu"));
        final PtuHeader header = PtuHeader.read(file);
        assertEquals("Grüße ✓", header.getString("UsrHeadName", null));
        assertEquals("naïve", header.getString("File_Comment", null));
        assertEquals(-42L, header.getLong("HWInpChan_Offset[3]", 0));
        assertEquals("<binary blob, 16 bytes at offset " + (((PtuHeader.Opaque)header.get("Blob")).offset()) + ">",
            header.get("Blob").toString());
        assertEquals("<float64[3] at offset " + (((PtuHeader.Opaque)header.get("Arr")).offset()) + ">",
            header.get("Arr").toString());
        assertEquals(0xF0L, header.getLong("Flags", 0));
        assertEquals(Boolean.TRUE, header.get("Yes"));
        assertEquals(file.toFile().length(), header.dataOffset());
    }
}
