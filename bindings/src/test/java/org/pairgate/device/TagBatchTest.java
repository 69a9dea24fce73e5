package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

/** The three parallel off-heap arrays of a {@link TagBatch}, as the device ABI version 2 reads them. */
class TagBatchTest {
    @Test
    void wordsCarryAnUnsigned32BitCount() {
        final TagBatch b = new TagBatch(5);
        b.add(-7, 255);
        b.add(8, 3, 1);
        b.add(9, 0, 4_000_000_000L);
        b.add(10, 0, TagBatch.MAX_COUNT);
        assertEquals(4, b.size());
        assertEquals(1, b.count(0), "add(time, channel) is a single tag");
        assertEquals(1, b.count(1));
        assertEquals(4_000_000_000L, b.count(2));
        assertEquals(0xFFFF_FFFFL, b.count(3));
        assertEquals(-7, b.time(0));
        assertEquals(255, b.channel(0));
        // the ABI's layout: uint32 little-endian at countsAddress() + 4 i
        assertEquals((int) 4_000_000_000L, b.countsBuffer().getInt(2 * Integer.BYTES, ByteOrder.LITTLE_ENDIAN));
        assertEquals(b.countsBuffer().addressOffset(), b.countsAddress());
    }

    @Test
    void countsOutside1To2Pow32Minus1AreRefused() {
        final TagBatch b = new TagBatch(2);
        assertThrows(IllegalArgumentException.class, () -> b.add(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> b.add(0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> b.add(0, 0, 1L << 32));
        assertEquals(0, b.size(), "a refused word is not added");
    }

    @Test
    void arraysAre64ByteAligned() {
        for (final int capacity : new int[] {1, 3, 64, 1000}) {
            final TagBatch b = new TagBatch(capacity);
            assertEquals(0, b.timesAddress() & 63);
            assertEquals(0, b.channelsAddress() & 63);
            assertEquals(0, b.countsAddress() & 63);
        }
    }

    @Test
    void bulkFillersSetTheCountsThemselves() {
        final TagBatch b = new TagBatch(8);
        for (int i = 0; i < 8; i++) {
            assertEquals(1, b.count(i), "every slot holds count 1 when the batch is allocated");
        }
        b.add(0, 0, 50);
        b.clear();
        // a bulk filler writes times and channels, then sizes the batch: the stale run count stays
        b.timesBuffer().putLong(0, 5, ByteOrder.LITTLE_ENDIAN);
        b.channelsBuffer().putByte(0, (byte) 1);
        b.size(1);
        assertEquals(50, b.count(0), "size() does not touch the counts");
        b.fillCountsWithOne(0, 1);
        assertEquals(1, b.count(0));
        assertThrows(IllegalArgumentException.class, () -> b.fillCountsWithOne(0, 9));
        assertThrows(IllegalArgumentException.class, () -> b.fillCountsWithOne(2, 1));
    }
}
