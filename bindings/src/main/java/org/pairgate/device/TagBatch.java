package org.pairgate.device;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A reusable batch of tags in off-heap memory, laid out as the device ABI takes it: an array of
 * little-endian int64 times and a parallel array of uint8 channels.
 *
 * <p>Off-heap so that the RTL engine passes the two addresses straight to {@code pg_push} (no
 * copy, no pinning) and the soft engine reads the same memory; sources fill it in place.
 */
public final class TagBatch {
    private final int capacity;
    private final UnsafeBuffer times;
    private final UnsafeBuffer channels;
    private int size;

    public TagBatch(final int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        final ByteBuffer t = BufferUtil.allocateDirectAligned(capacity * Long.BYTES, 64).order(ByteOrder.LITTLE_ENDIAN);
        final ByteBuffer c = BufferUtil.allocateDirectAligned(align64(capacity), 64);
        this.times = new UnsafeBuffer(t);
        this.channels = new UnsafeBuffer(c);
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

    /** Appends a tag; the caller checks {@link #isFull()} first. */
    public void add(final long time, final int channel) {
        final int i = size;
        times.putLong(i * Long.BYTES, time, ByteOrder.LITTLE_ENDIAN);
        channels.putByte(i, (byte) channel);
        size = i + 1;
    }

    public long time(final int i) {
        return times.getLong(i * Long.BYTES, ByteOrder.LITTLE_ENDIAN);
    }

    /** Channel of tag i, 0..255. */
    public int channel(final int i) {
        return channels.getByte(i) & 0xFF;
    }

    /** Native address of the time array (for the device ABI). */
    public long timesAddress() {
        return times.addressOffset();
    }

    /** Native address of the channel array (for the device ABI). */
    public long channelsAddress() {
        return channels.addressOffset();
    }

    /** Sets the size after a bulk fill through the buffers. */
    public void size(final int newSize) {
        if (newSize < 0 || newSize > capacity) {
            throw new IllegalArgumentException("size " + newSize + " outside 0.." + capacity);
        }
        size = newSize;
    }

    public UnsafeBuffer timesBuffer() {
        return times;
    }

    public UnsafeBuffer channelsBuffer() {
        return channels;
    }
}
