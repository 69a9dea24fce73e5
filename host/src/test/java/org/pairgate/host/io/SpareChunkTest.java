package org.pairgate.host.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.SoftKernel;
import org.pairgate.device.TagBatch;

/**
 * A fork's chunk is the buffer its scan read into ({@link SpareChunk}, issue 15): the fork reads
 * the same tags as a plain reader from its start, also with two forks open and read in turn (one
 * on the kept buffer, one on a fresh one: no buffer is used by two readers), with either scan, and
 * a fork gives its buffer back when it closes, for the next scan.
 */
class SpareChunkTest {
    @TempDir
    Path dir;

    @Test
    void aForkReadsItsRecordsIntoTheScansBufferAndGivesItBack() throws IOException {
        assertTrue(SoftKernel.isAvailable(), () -> "libpairgate_soft: " + SoftKernel.unavailableReason());
        final SplittableRandom r = new SplittableRandom(20);
        final int n = 300_000;   // several chunks of 65 536 records
        final int[] records = new int[n];
        for (int i = 0; i < n; i++) {
            final int v = r.nextInt(20);
            records[i] = v == 0 ? PtuBytes.hhSpecial(63, r.nextInt(3)) : v < 6 ? PtuBytes.hhSpecial(0, r.nextInt(1 << 25))
                : PtuBytes.hh(v % 3, r.nextInt(1 << 25));
        }
        final Path file = PtuBytes.t2Header(PtuRecordType.HYDRAHARP_V2_T2, 1e-12, n).end().records(records)
            .write(dir.resolve("spare.ptu"));
        for (final String scan : new String[] {"native", "java"}) {
            System.setProperty("pairgate.split.scan", scan);
            try {
                for (final int from : new int[] {0, 1, 65_535, 100_003, 299_999}) {
                    // the tags from record `from` on, decoded here: overflow periods before them (V2: a count, 0 meaning 1)
                    long base = 0;
                    final long[] times = new long[n];
                    final int[] channels = new int[n];
                    int expected = 0;
                    for (int i = 0; i < n; i++) {
                        final int top = records[i] >>> 25;
                        if (top == 127) {
                            base += (long) Math.max(1, records[i] & 0x01FF_FFFF) << 25;
                        } else if (i >= from) {
                            times[expected] = base + (records[i] & 0x01FF_FFFF);
                            channels[expected++] = top == 64 ? 0 : top + 1;
                        }
                    }
                    try (PtuT2Reader plain = PtuT2Reader.open(file); PtuT2Reader a = plain.fork(from, 0)) {
                        // a and b take the kept buffers (or fresh ones), c, made while both are open, one of its own
                        try (PtuT2Reader b = plain.fork(from, 0); PtuT2Reader c = plain.fork(from, 0)) {
                            assertEquals(0, SpareChunk.held(), scan + ": a buffer kept while three forks hold theirs");
                            final TagBatch ab = new TagBatch(1000);
                            final TagBatch bb = new TagBatch(1000);
                            int tags = 0;
                            int k;
                            while ((k = a.read(ab)) > 0) {
                                assertEquals(k, b.read(bb), scan + " from " + from);
                                for (int i = 0; i < k; i++) {
                                    final String at = scan + " from " + from + " tag " + (tags + i);
                                    assertEquals(times[tags + i], ab.time(i), at);
                                    assertEquals(channels[tags + i], ab.channel(i), at);
                                    assertEquals(times[tags + i], bb.time(i), at);
                                    assertEquals(channels[tags + i], bb.channel(i), at);
                                }
                                tags += k;
                            }
                            assertEquals(0, b.read(bb));
                            assertEquals(expected, tags, scan + " from " + from);
                        }
                        assertEquals(SpareChunk.KEPT, SpareChunk.held(), scan + ": the closed forks gave their buffers back");
                    }
                    // two buffers kept (one per core of a split): the third is dropped
                    assertEquals(SpareChunk.KEPT, SpareChunk.held());
                }
            } finally {
                System.clearProperty("pairgate.split.scan");
            }
        }
    }
}
