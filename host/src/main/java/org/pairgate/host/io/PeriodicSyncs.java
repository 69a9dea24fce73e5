package org.pairgate.host.io;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.pairgate.device.TagBatch;

/**
 * Writes a stretch of syncs a fixed period apart with nothing between them (a T3 file's empty
 * sync periods, the simulator's silent trials) into a batch: as one run word plus the single
 * syncs {@link SyncRuns#tail(long)} asks for, or, with runs off, as single tags in a tight loop.
 *
 * <p>One job, shared by the sources that know their syncs are empty, so that the rule that makes
 * runs exact under a positive sync delay (the last {@code tail} syncs of the stretch stay single)
 * is written once. Allocation-free; writes through the batch's buffers (counts included) and
 * leaves {@link TagBatch#size(int)} to the caller, like the readers' bulk fills. One instance per
 * source (it remembers how many syncs the last call wrote); not thread-safe.
 */
public final class PeriodicSyncs {
    private long written;

    /**
     * Writes the first syncs of a stretch that has {@code remaining} syncs left, the first of them
     * at {@code firstTime}, {@code period} ticks apart, into slots from {@code n} (below
     * {@code capacity}): one run word of all but the last {@code tail} syncs when that run has at
     * least two members, else single syncs, as many as fit. The stretch must end where a non-sync
     * tag (or the end of the stream) follows, because {@code tail} counts from its end; a caller
     * whose stretch does not fit calls again with what is left.
     *
     * @param tail single syncs to keep at the stretch's end ({@link SyncRuns#tail(long)}), -1 for no runs
     * @return the slot after the last one written; {@link #written()} says how many syncs that was
     */
    public int write(final TagBatch batch, final int n, final int capacity, final int channel,
                     final long firstTime, final long period, final long remaining, final long tail) {
        final UnsafeBuffer times = batch.timesBuffer();
        final UnsafeBuffer channels = batch.channelsBuffer();
        final UnsafeBuffer counts = batch.countsBuffer();
        if (tail >= 0 && remaining - tail >= 2 && n < capacity) {
            final long members = Math.min(remaining - tail, TagBatch.MAX_COUNT);
            times.putLong(n << 3, firstTime + (members - 1) * period, ByteOrder.LITTLE_ENDIAN);
            channels.putByte(n, (byte) channel);
            counts.putInt(n << 2, (int) members, ByteOrder.LITTLE_ENDIAN);
            written = members;
            return n + 1;
        }
        final int count = (int) Math.max(0, Math.min(remaining, capacity - n));
        long time = firstTime;
        for (int i = n; i < n + count; i++) {
            times.putLong(i << 3, time, ByteOrder.LITTLE_ENDIAN);
            channels.putByte(i, (byte) channel);
            counts.putInt(i << 2, 1, ByteOrder.LITTLE_ENDIAN);
            time += period;
        }
        written = count;
        return n + count;
    }

    /** Syncs written by the last {@link #write} (members of a run word included). */
    public long written() {
        return written;
    }
}
