package org.pairgate.host.correlate;

/**
 * A growable FIFO of longs in a power-of-two ring: the times still inside the correlation window.
 *
 * <p>It grows (doubling) instead of dropping: a fixed ring that overwrites its oldest entry when a
 * burst fills it silently loses pairs, which is how one open-source correlator undercounts by about
 * 1 %. Its size is bounded by the most tags of one channel within the window, so memory is
 * bounded by the data, not by the file's length. Not thread-safe.
 */
final class LongRing {
    long[] values;
    int mask;
    int head;
    int size;

    LongRing(final int initialCapacity) {
        int capacity = 16;
        while (capacity < initialCapacity) {
            capacity <<= 1;
        }
        values = new long[capacity];
        mask = capacity - 1;
    }

    int size() {
        return size;
    }

    /** The capacity now reached (for tests and the memory bound). */
    int capacity() {
        return values.length;
    }

    /** The i-th oldest value, 0 <= i < size. */
    long get(final int i) {
        return values[(head + i) & mask];
    }

    long first() {
        return values[head];
    }

    void removeFirst() {
        head = (head + 1) & mask;
        size--;
    }

    void add(final long value) {
        if (size == values.length) {
            grow();
        }
        values[(head + size) & mask] = value;
        size++;
    }

    void clear() {
        head = 0;
        size = 0;
    }

    private void grow() {
        final long[] bigger = new long[values.length << 1];
        for (int i = 0; i < size; i++) {
            bigger[i] = values[(head + i) & mask];
        }
        values = bigger;
        mask = bigger.length - 1;
        head = 0;
    }
}
