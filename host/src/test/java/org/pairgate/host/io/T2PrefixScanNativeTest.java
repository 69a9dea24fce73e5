package org.pairgate.host.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.SoftKernel;

/**
 * The two-core split's prefix scan in C (soft-kernel pg_t2_scan.c, its AVX-512 loop and its plain
 * one) against the Java scan, its spec ({@link T2PrefixScan#scanRange}): the same records, syncs,
 * overflow periods and time base on random files of both HydraHarp variants, with overflow records
 * of every count (0, 1, 2^25 − 1, random; alone and in long runs), syncs on the sync input and on
 * a detector channel, lengths that are not a multiple of the vector, data at an odd offset, and
 * scans stopped early at a step. The library must load here, as in SoftKernelTest: a build that
 * fell back to the Java scan would compare the Java scan with itself.
 */
class T2PrefixScanNativeTest {
    @TempDir
    Path dir;

    /** A record: tags on a few channels, syncs, markers, and overflow records, some of them in runs. */
    private static int record(final SplittableRandom r, final int overflowPercent) {
        final int timetag = r.nextInt(1 << 25);
        if (r.nextInt(100) < overflowPercent) {
            final int[] edge = {0, 1, (1 << 25) - 1};
            final int v = r.nextInt(6);
            return 127 << 25 | (v < 3 ? edge[v] : timetag);
        }
        final int[] tops = {64, 0, 1, 2, 63, 65, 66, 126};
        return tops[r.nextInt(tops.length)] << 25 | timetag;
    }

    private FileChannel file(final int[] records, final int offset) throws IOException {
        final ByteBuffer b = ByteBuffer.allocate(offset + 4 * records.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < offset; i++) {
            b.put((byte) 0x5A);
        }
        for (final int v : records) {
            b.putInt(v);
        }
        final Path p = Files.createTempFile(dir, "scan", ".bin");
        Files.write(p, b.array());
        return FileChannel.open(p, StandardOpenOption.READ);
    }

    @Test
    void nativeScanEqualsTheJavaScan() throws IOException {
        assertTrue(SoftKernel.isAvailable(), () -> "libpairgate_soft: " + SoftKernel.unavailableReason());
        final SplittableRandom r = new SplittableRandom(15);
        boolean vectorRan = false;
        long overflowsSeen = 0;
        for (int run = 0; run < 120; run++) {
            final int n = run < 40 ? run * 3 : r.nextInt(run < 100 ? 5000 : 300_000);
            final int overflowPercent = run % 5 == 0 ? 100 : run % 5 == 1 ? 0 : 1 + r.nextInt(30);
            final int[] records = new int[n];
            for (int i = 0; i < n; i++) {
                records[i] = record(r, overflowPercent);
                overflowsSeen += records[i] >>> 25 == 127 ? 1 : 0;
            }
            final boolean v1 = r.nextBoolean();
            final int syncTop = r.nextInt(4) == 0 ? r.nextInt(64) : 64;
            final int offset = r.nextInt(16);
            final int step = r.nextBoolean() ? Integer.MAX_VALUE : 1 + r.nextInt(3000);
            final long stopAt = r.nextInt(3) == 0 ? r.nextInt(n + 1) : Long.MAX_VALUE;
            final long scanned = Math.min(n, r.nextInt(4) == 0 ? r.nextInt(n + 1) : n);
            try (FileChannel ch = file(records, offset)) {
                final T2PrefixScan java = T2PrefixScan.scanUntil(ch, offset, scanned, syncTop, v1, step, m -> m >= stopAt,
                    T2PrefixScan.Kernel.JAVA);
                for (final T2PrefixScan.Kernel k : new T2PrefixScan.Kernel[] {T2PrefixScan.Kernel.NATIVE,
                    T2PrefixScan.Kernel.NATIVE_SCALAR}) {
                    final T2PrefixScan c = T2PrefixScan.scanUntil(ch, offset, scanned, syncTop, v1, step, m -> m >= stopAt, k);
                    final String what = "run " + run + " " + k + " n " + n + " v1 " + v1 + " step " + step;
                    assertEquals(java.records, c.records, what);
                    assertEquals(java.syncs, c.syncs, what);
                    assertEquals(java.periods, c.periods, what);
                    assertEquals(java.timeBase, c.timeBase, what);
                }
                // the plain count, independent of either scan, for the whole range
                if (stopAt == Long.MAX_VALUE) {
                    long syncs = 0;
                    long periods = 0;
                    for (int i = 0; i < scanned; i++) {
                        syncs += records[i] >>> 25 == syncTop ? 1 : 0;
                        if (records[i] >>> 25 == 127) {
                            final int tt = records[i] & 0x01FF_FFFF;
                            periods += v1 ? 1 : Math.max(1, tt);
                        }
                    }
                    assertEquals(syncs, java.syncs, "run " + run);
                    assertEquals(periods, java.periods, "run " + run);
                }
            }
            if (n >= 32) {
                final java.nio.ByteBuffer probe = ByteBuffer.allocateDirect(4 * 32 + 16);
                vectorRan |= SoftKernel.t2PrefixScan(org.agrona.BufferUtil.address(probe), 32, 64, false, false,
                    org.agrona.BufferUtil.address(probe) + 4 * 32);
            }
        }
        assertTrue(overflowsSeen > 100_000, "overflow records drawn: " + overflowsSeen);
        // on a CPU with AVX-512 the library's vector loop must be what NATIVE ran (else only the plain loop was compared)
        if (SoftKernel.buildInfo().contains("AVX-512")) {
            assertTrue(vectorRan, SoftKernel.buildInfo());
        }
    }

    /**
     * A fork's time base and syncs before it (the scan through {@link PtuT2Reader#fork}, native and
     * Java by {@code pairgate.split.scan}) and {@link PtuT2Reader#findSyncRecord} (read in growing
     * pieces) against a plain count of the records, on a PTU file of each HydraHarp variant.
     */
    @Test
    void aForksScanAndTheSyncSearchCountAsAPlainLoop() throws IOException {
        assertTrue(SoftKernel.isAvailable(), () -> "libpairgate_soft: " + SoftKernel.unavailableReason());
        final SplittableRandom r = new SplittableRandom(19);
        for (final long type : new long[] {PtuRecordType.HYDRAHARP_V1_T2, PtuRecordType.HYDRAHARP_V2_T2}) {
            final boolean v1 = type == PtuRecordType.HYDRAHARP_V1_T2;
            final int n = 150_000;
            final int[] records = new int[n];
            for (int i = 0; i < n; i++) {
                // syncs rare in a stretch (the search reads more than its first piece there)
                records[i] = i > 40_000 && i < 70_000 && r.nextInt(50) != 0
                    ? PtuBytes.hh(1, r.nextInt(1 << 25)) : record(r, 8);
            }
            final Path file = PtuBytes.t2Header(type, 1e-12, n).end().records(records).write(dir.resolve("f" + type + ".ptu"));
            for (int k = 0; k < 12; k++) {
                final int from = r.nextInt(n + 1);
                long syncs = 0;
                long periods = 0;
                for (int i = 0; i < from; i++) {
                    syncs += records[i] >>> 25 == 64 ? 1 : 0;
                    if (records[i] >>> 25 == 127) {
                        periods += v1 ? 1 : Math.max(1, records[i] & 0x01FF_FFFF);
                    }
                }
                final long timeBase = v1 ? periods * org.pairgate.device.HydraT2State.V1_WRAP : periods << 25;
                for (final String scan : new String[] {"java", "native"}) {
                    System.setProperty("pairgate.split.scan", scan);
                    try (PtuT2Reader t2 = PtuT2Reader.open(file); PtuT2Reader f = t2.fork(from, 0)) {
                        assertEquals(scan.equals("native"), PtuT2Reader.nativeScan(), scan);
                        assertEquals(syncs, f.syncsBeforeFork(), scan + " from " + from);
                        assertEquals(from, f.recordsRead(), scan);
                        // the time base shows in the time of the fork's first tag (a regular record or the sync)
                        long base = timeBase;
                        int first = from;
                        while (first < n && records[first] >>> 25 > 64) {
                            if (records[first] >>> 25 == 127) {
                                base += v1 ? org.pairgate.device.HydraT2State.V1_WRAP
                                    : (long) Math.max(1, records[first] & 0x01FF_FFFF) << 25;
                            }
                            first++;
                        }
                        // the search in the fork's first chunk (before its first read): the plain search's answer where the
                        // chunk holds it, else -1
                        for (final int want : new int[] {1, 10, 2_000}) {
                            long expected = -1;
                            int found = 0;
                            for (int i = from; i < Math.min(n, (long) from + PtuT2Reader.DEFAULT_CHUNK_BYTES / 4); i++) {
                                if (records[i] >>> 25 == 64 && ++found == want) {
                                    expected = i;
                                    break;
                                }
                            }
                            assertEquals(expected, f.syncRecordAhead(want, 0), scan + " from " + from + " want " + want);
                            assertEquals(from, f.recordsRead(), scan);
                        }
                        final org.pairgate.device.TagBatch batch = new org.pairgate.device.TagBatch(1);
                        if (first < n) {
                            assertEquals(1, f.read(batch), scan);
                            assertEquals(base + (records[first] & 0x01FF_FFFF), batch.time(0), scan + " from " + from);
                        }
                    } finally {
                        System.clearProperty("pairgate.split.scan");
                    }
                }
                try (PtuT2Reader t2 = PtuT2Reader.open(file)) {
                    for (final int want : new int[] {1, 3, 10, 700}) {
                        for (final int max : new int[] {1 << 16, 500}) {
                            long expected = -1;
                            int found = 0;
                            for (int i = from; i < Math.min(n, (long) from + max); i++) {
                                if (records[i] >>> 25 == 64 && ++found == want) {
                                    expected = i;
                                    break;
                                }
                            }
                            assertEquals(expected, t2.findSyncRecord(from, want, max, 0), "from " + from + " want " + want);
                        }
                    }
                }
            }
        }
    }
}
