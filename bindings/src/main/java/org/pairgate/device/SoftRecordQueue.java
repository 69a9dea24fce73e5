package org.pairgate.device;

/**
 * The trial records of the two soft cores ({@link SoftDevice}, {@link FastSoftDevice}): the host's
 * record ring and the core's FIFO of {@link PgMap#RECORD_FIFO_DEPTH} as one queue; a record made
 * while it is full is dropped and counted (RECORDS_DROPPED), every record made is counted
 * (RECORDS_MADE).
 *
 * <p>Not thread-safe: the core's thread.
 */
final class SoftRecordQueue {
    final PgMap.RecordLayout layout;
    final int words;
    /** Records the host ring holds (what {@link #pending()} can show). */
    private final int capacity;
    /** Ring + FIFO: records held before one is dropped. */
    private final int queueRecords;
    /** The records, {@link #words} each; {@link #append()} gives where the next one goes. */
    final long[] queue;
    private int head;
    private int count;
    private long made;
    private long dropped;

    SoftRecordQueue(final PgMap.FrameLayout frame, final int capacity) {
        final PgMap.RecordLayout rl = PgMap.RecordLayout.of(frame);
        if (capacity < 1 || (long) (capacity + PgMap.RECORD_FIFO_DEPTH) * rl.recordWords > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("record ring needs 1.. records that fit a long[]: " + capacity);
        }
        this.layout = rl;
        this.words = rl.recordWords;
        this.capacity = capacity;
        this.queueRecords = capacity + PgMap.RECORD_FIFO_DEPTH;
        this.queue = new long[queueRecords * words];
    }

    /** A record is made: the index in {@link #queue} of its first word, or -1 when the queue is full (it is dropped). */
    int append() {
        made++;
        if (count == queueRecords) {
            dropped++;
            return -1;
        }
        int slot = head + count;
        if (slot >= queueRecords) {
            slot -= queueRecords;
        }
        count++;
        return slot * words;
    }

    int pending() {
        return Math.min(count, capacity);
    }

    long made() {
        return made;
    }

    long dropped() {
        return dropped;
    }

    /** CTRL_RESET: RECORDS_MADE and RECORDS_DROPPED start over (records already made stay). */
    void resetCounts() {
        made = 0;
        dropped = 0;
    }

    int read(final long[] dst) {
        if (dst.length < words) {
            throw new DeviceException(DeviceException.ESMALL, "record buffer of " + dst.length + " words, a record has " + words);
        }
        final int n = Math.min(count, dst.length / words);
        final int first = Math.min(n, queueRecords - head);
        System.arraycopy(queue, head * words, dst, 0, first * words);
        System.arraycopy(queue, 0, dst, first * words, (n - first) * words);
        head = (head + n) % queueRecords;
        count -= n;
        return n * words;
    }
}
