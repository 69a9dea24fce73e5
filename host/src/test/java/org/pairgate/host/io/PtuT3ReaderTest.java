package org.pairgate.host.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** T3 records of every PicoQuant family, decoded to sync and photon tags. */
class PtuT3ReaderTest {
    @TempDir
    Path dir;

    /** A T3 header: dtime bin {@code dtimeSeconds}, sync rate {@code syncRate}. */
    static PtuBytes t3Header(final long recordType, final double dtimeSeconds, final long syncRate, final long declared) {
        return PtuBytes.ptu()
            .int8(PtuHeader.TAG_MEASUREMENT_MODE, 3)
            .int8(PtuHeader.TAG_RECORD_TYPE, recordType)
            .int8(PtuHeader.TAG_BITS_PER_RECORD, 32)
            .float8(PtuHeader.TAG_RESOLUTION, dtimeSeconds)
            .float8(PtuHeader.TAG_GLOBAL_RESOLUTION, 1.0 / syncRate)
            .int8(PtuHeader.TAG_SYNC_RATE, syncRate)
            .int8(PtuHeader.TAG_NUMBER_OF_RECORDS, declared);
    }

    /** HydraHarp-family T3 photon: input, dtime, nsync. */
    static int hh3(final int input, final int dtime, final int nsync) {
        return (input << 25) | (dtime << 10) | nsync;
    }

    static int hh3Overflow(final int count) {
        return 0x8000_0000 | (63 << 25) | count;
    }

    static int ph3(final int channel, final int dtime, final int nsync) {
        return (channel << 28) | (dtime << 16) | nsync;
    }

    @ParameterizedTest
    @ValueSource(ints = {PtuRecordType.HYDRAHARP_V2_T3, PtuRecordType.TIMEHARP_260N_T3, PtuRecordType.TIMEHARP_260P_T3,
        PtuRecordType.GENERIC_T3, 0x01010307})
    void hydraHarpV2FamilyYieldsOneSyncPerPeriodAndPhotonsAfterIt(final int type) throws IOException {
        // 80 MHz: P = 12500 ps; dtime bins of 16 ps
        final Path file = t3Header(type, 16e-12, 80_000_000, 5).end()
            .records(hh3(0, 10, 2), hh3(1, 20, 2), hh3Overflow(3), hh3(0, 5, 1), PtuBytes.hhSpecial(1, 7))
            .write(dir.resolve("t3.ptu"));
        try (PtuT3Reader reader = PtuT3Reader.open(file)) {
            final TestFiles.Tags tags = TestFiles.readAll(reader, 3);
            final long p = 12_500;
            final long n2 = 3 * 1024 + 1;
            final long marker = 3 * 1024 + 7;     // the marker reaches period 3079: its syncs come last
            final long[] times = new long[(int)marker + 1 + 2 + 1];
            final int[] channels = new int[times.length];
            // periods 0, 1, 2 then photons of period 2, then syncs 3..3073, then the photon of 3073
            int k = 0;
            for (long n = 0; n <= 2; n++) {
                times[k++] = n * p;
            }
            times[k] = 2 * p + 160;
            channels[k++] = 1;
            times[k] = 2 * p + 320;
            channels[k++] = 2;
            for (long n = 3; n <= n2; n++) {
                times[k++] = n * p;
            }
            times[k] = n2 * p + 80;
            channels[k++] = 1;
            for (long n = n2 + 1; n <= marker; n++) {
                times[k++] = n * p;
            }
            assertEquals(k, times.length);
            assertArrayEquals(times, tags.times());
            assertArrayEquals(channels, tags.channels());
            assertEquals(marker + 1, reader.syncPeriods());
            assertEquals(marker + 1 - 2, reader.emptyPeriods());
            assertEquals(1, reader.overflows());
            assertEquals(1, reader.markers());
            assertEquals(1, reader.events(2));
            assertEquals(2, reader.events(1));
            assertEquals(0, reader.events(0));
            assertEquals(5, reader.recordsRead());
            assertEquals(1.0, reader.resolutionPs());
            assertEquals(16, reader.dtimeTicks());
            assertEquals(p, reader.periodTicks());
        }
    }

    @Test
    void hydraHarpV1OverflowIsAlways1024() throws IOException {
        final Path file = t3Header(PtuRecordType.HYDRAHARP_V1_T3, 4e-12, 10_000_000, 2).end()
            .records(hh3Overflow(5), hh3(2, 1, 3))
            .write(dir.resolve("v1.ptu"));
        try (PtuT3Reader reader = PtuT3Reader.open(file, false)) {
            final TestFiles.Tags tags = TestFiles.readAll(reader, 8);
            assertArrayEquals(new long[] {(1024 + 3) * 100_000L + 4}, tags.times());
            assertArrayEquals(new int[] {3}, tags.channels());
            assertEquals(1028, reader.syncPeriods());
            assertEquals(1027, reader.emptyPeriods());
        }
    }

    @Test
    void picoHarpT3() throws IOException {
        final Path file = t3Header(PtuRecordType.PICOHARP_T3, 4e-12, 40_000_000, 4).end()
            .records(ph3(1, 100, 7), ph3(15, 0, 0), ph3(15, 2, 9), ph3(3, 1, 2))
            .write(dir.resolve("ph.ptu"));
        try (PtuT3Reader reader = PtuT3Reader.open(file, false)) {
            final TestFiles.Tags tags = TestFiles.readAll(reader, 8);
            assertArrayEquals(new long[] {7 * 25_000L + 400, (65_536L + 2) * 25_000L + 4}, tags.times());
            assertArrayEquals(new int[] {1, 3}, tags.channels());
            assertEquals(1, reader.overflows());
            assertEquals(1, reader.markers());
        }
    }

    @Test
    void countingModeYieldsNoSyncButCountsPeriods() throws IOException {
        final Path file = t3Header(PtuRecordType.HYDRAHARP_V2_T3, 16e-12, 80_000_000, 3).end()
            .records(hh3(0, 1, 5), hh3Overflow(1000), hh3(0, 1, 5))
            .write(dir.resolve("c.ptu"));
        try (PtuT3Reader reader = PtuT3Reader.open(file, false)) {
            assertEquals(2, TestFiles.readAll(reader, 8).size());
            assertEquals(1000 * 1024 + 6, reader.syncPeriods());
            assertEquals(1000 * 1024 + 6 - 2, reader.emptyPeriods());
        }
    }

    @Test
    void emptyPeriodsComeInFullBatches() throws IOException {
        // 2^20 empty periods, read through a small batch: every batch full until the last
        final Path file = t3Header(PtuRecordType.HYDRAHARP_V2_T3, 16e-12, 80_000_000, 2).end()
            .records(hh3Overflow(1023), hh3(0, 0, 0))
            .write(dir.resolve("e.ptu"));
        try (PtuT3Reader reader = PtuT3Reader.open(file)) {
            final org.pairgate.device.TagBatch batch = new org.pairgate.device.TagBatch(4096);
            long syncs = 0;
            long photons = 0;
            long last = -1;
            int n;
            while ((n = reader.read(batch)) > 0) {
                for (int i = 0; i < n; i++) {
                    assertTrue(batch.time(i) >= last);
                    last = batch.time(i);
                    if (batch.channel(i) == 0) {
                        syncs++;
                    } else {
                        photons++;
                    }
                }
            }
            assertEquals(1023 * 1024 + 1, syncs);
            assertEquals(1, photons);
            assertEquals(1023 * 1024, reader.emptyPeriods());
        }
    }

    @Test
    void implausibleSyncCountIsRefusedInsteadOfGeneratingBillionsOfSyncs() throws IOException {
        final PtuBytes bytes = t3Header(PtuRecordType.HYDRAHARP_V2_T3, 16e-12, 80_000_000, -1)
            .int8("MeasDesc_AcquisitionTime", 1).end();
        final int[] records = new int[4000];
        java.util.Arrays.fill(records, hh3Overflow(1023));
        final Path file = bytes.records(records).write(dir.resolve("many.ptu"));
        try (PtuT3Reader reader = PtuT3Reader.open(file)) {
            final IOException ex = assertThrows(IOException.class, () -> TestFiles.readAll(reader, 1 << 16));
            assertTrue(ex.getMessage().contains("sync counter reaches"), ex.getMessage());
        }
    }

    @Test
    void fewerRecordsThanDeclaredFailsAtTheEndAfterDeliveringAll() throws IOException {
        final Path file = t3Header(PtuRecordType.HYDRAHARP_V2_T3, 16e-12, 80_000_000, 9).end()
            .records(hh3(0, 1, 1))
            .write(dir.resolve("short.ptu"));
        try (PtuT3Reader reader = PtuT3Reader.open(file, false)) {
            final org.pairgate.device.TagBatch batch = new org.pairgate.device.TagBatch(8);
            assertEquals(1, reader.read(batch));
            final IOException ex = assertThrows(IOException.class, () -> reader.read(batch));
            assertTrue(ex.getMessage().contains("header declares 9"), ex.getMessage());
        }
    }

    @Test
    void missingSyncRateAndResolutionAreRefused() throws IOException {
        final Path file = PtuBytes.ptu().int8(PtuHeader.TAG_RECORD_TYPE, PtuRecordType.HYDRAHARP_V2_T3)
            .float8(PtuHeader.TAG_RESOLUTION, 16e-12).end().write(dir.resolve("nosync.ptu"));
        final IOException ex = assertThrows(IOException.class, () -> PtuT3Reader.open(file).close());
        assertTrue(ex.getMessage().contains("sync period"), ex.getMessage());
    }

    @Test
    void nonIntegerDtimeBinMakesTheBinTheTick() throws IOException {
        final Path file = t3Header(PtuRecordType.HYDRAHARP_V2_T3, 2.5e-12, 80_000_000, 1).end()
            .records(hh3(0, 3, 1))
            .write(dir.resolve("frac.ptu"));
        try (PtuT3Reader reader = PtuT3Reader.open(file, false)) {
            assertEquals(2.5, reader.resolutionPs());
            assertEquals(5000, reader.periodTicks());
            assertArrayEquals(new long[] {5003}, TestFiles.readAll(reader, 8).times());
        }
    }
}
