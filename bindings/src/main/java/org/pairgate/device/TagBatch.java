package org.pairgate.device;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A reusable batch of tag words in off-heap memory, laid out as the device ABI (version 2) takes
 * it: three parallel arrays, little-endian int64 {@code times}, uint8 {@code channels} and
 * little-endian uint32 {@code counts}, each 64-byte aligned.
 *
 * <p>Off-heap so that the RTL engine passes the three addresses straight to {@code pg_push} (no
 * copy, no pinning) and the soft engine reads the same memory; sources fill it in place.
 *
 * <p>A word stands for {@code count} tags with the same time and channel in a row (frame format
 * version 2, "sync runs"): a run of k syncs with no click between them is one word with
 * {@code count = k} and the time of the run's last sync. {@link #add(long, int)} stores count 1.
 *
 * <p><b>Bulk fillers</b> that write {@link #timesBuffer()} and {@link #channelsBuffer()} directly
 * and then call {@link #size(int)} must write {@link #countsBuffer()} for the same slots too
 * (a count of 0 is rejected by the ABI and treated as 1 by the firmware), or call
 * {@link #fillCountsWithOne(int, int)}. {@link #size(int)} does not touch the counts, because a
 * filler that writes runs must not have them overwritten; a slot left from an earlier fill would
 * otherwise carry a stale run count. Every slot holds count 1 when the batch is allocated.
 */
public final class TagBatch {
    /** The largest count of one word: the ABI's count is a uint32. */
    public static final long MAX_COUNT = 0xFFFF_FFFFL;

    private final int capacity;
    private final UnsafeBuffer times;
    private final UnsafeBuffer channels;
    private final UnsafeBuffer counts;
    private int size;

    public TagBatch(final int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        if (capacity > Integer.MAX_VALUE / Long.BYTES - 64) {
            throw new IllegalArgumentException("capacity too large: " + capacity);
        }
        this.capacity = capacity;
        final ByteBuffer t = BufferUtil.allocateDirectAligned(capacity * Long.BYTES, 64).order(ByteOrder.LITTLE_ENDIAN);
        final ByteBuffer c = BufferUtil.allocateDirectAligned(align64(capacity), 64);
        final ByteBuffer n = BufferUtil.allocateDirectAligned(align64(capacity * Integer.BYTES), 64)
            .order(ByteOrder.LITTLE_ENDIAN);
        this.times = new UnsafeBuffer(t);
        this.channels = new UnsafeBuffer(c);
        this.counts = new UnsafeBuffer(n);
        fillCountsWithOne(0, capacity);
    }

    private static int align64(final int n) {
        return (n + 63) & ~63;
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    public boolean isFull() {
        return size == capacity;
    }

    public void clear() {
        size = 0;
    }

    /** Appends a single tag (count 1); the caller checks {@link #isFull()} first. */
    public void add(final long time, final int channel) {
        final int i = size;
        times.putLong(i * Long.BYTES, time, ByteOrder.LITTLE_ENDIAN);
        channels.putByte(i, (byte) channel);
        counts.putInt(i * Integer.BYTES, 1, ByteOrder.LITTLE_ENDIAN);
        size = i + 1;
    }

    /**
     * Appends a word of {@code count} identical tags (1..{@link #MAX_COUNT}, an unsigned 32-bit
     * value); the caller checks {@link #isFull()} first. For a sync run, {@code time} is the time
     * of the run's last sync.
     *
     * @throws IllegalArgumentException when count is outside 1..{@link #MAX_COUNT}
     */
    public void add(final long time, final int channel, final long count) {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count " + count + " outside 1.." + MAX_COUNT);
        }
        final int i = size;
        times.putLong(i * Long.BYTES, time, ByteOrder.LITTLE_ENDIAN);
        channels.putByte(i, (byte) channel);
        counts.putInt(i * Integer.BYTES, (int) count, ByteOrder.LITTLE_ENDIAN);
        size = i + 1;
    }

    public long time(final int i) {
        return times.getLong(i * Long.BYTES, ByteOrder.LITTLE_ENDIAN);
    }

    /** Channel of tag word i, 0..255. */
    public int channel(final int i) {
        return channels.getByte(i) & 0xFF;
    }

    /** Count of tag word i as stored (unsigned 32-bit, 0..{@link #MAX_COUNT}). */
    public long count(final int i) {
        return counts.getInt(i * Integer.BYTES, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** Native address of the time array (for the device ABI). */
    public long timesAddress() {
        return times.addressOffset();
    }

    /** Native address of the channel array (for the device ABI). */
    public long channelsAddress() {
        return channels.addressOffset();
    }

    /**
     * Tags (not words) in words {@code [from, to)}: the sum of their counts, a count of 0 taken as
     * 1 like the firmware. Pushes are counted in words, rates and reports in tags; with sync runs
     * the two differ. Allocation-free.
     */
    public long tags(final int from, final int to) {
        long tags = 0;
        for (int i = from; i < to; i++) {
            tags += Math.max(1, count(i));
        }
        return tags;
    }

    /** Tags in the whole batch ({@link #tags(int, int)} of every word). */
    public long tags() {
        return tags(0, size);
    }

    /** Native address of the count array (for the device ABI). */
    public long countsAddress() {
        return counts.addressOffset();
    }

    /**
     * Sets the size after a bulk fill through the buffers. Does not touch the counts: the filler
     * writes them (or calls {@link #fillCountsWithOne(int, int)}).
     */
    public void size(final int newSize) {
        if (newSize < 0 || newSize > capacity) {
            throw new IllegalArgumentException("size " + newSize + " outside 0.." + capacity);
        }
        size = newSize;
    }

    /**
     * Sets the counts of slots {@code [from, to)} to 1, for bulk fillers that write single tags
     * only. Allocation-free.
     */
    public void fillCountsWithOne(final int from, final int to) {
        if (from < 0 || to > capacity || from > to) {
            throw new IllegalArgumentException("slots [" + from + ", " + to + ") outside 0.." + capacity);
        }
        for (int i = from; i < to; i++) {
            counts.putInt(i * Integer.BYTES, 1, ByteOrder.LITTLE_ENDIAN);
        }
    }

    public UnsafeBuffer timesBuffer() {
        return times;
    }

    public UnsafeBuffer channelsBuffer() {
        return channels;
    }

    /** The uint32 little-endian counts, 4 bytes per slot. */
    public UnsafeBuffer countsBuffer() {
        return counts;
    }
}
