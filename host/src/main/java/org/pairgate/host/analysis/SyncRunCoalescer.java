package org.pairgate.host.analysis;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.pairgate.device.TagBatch;
import org.pairgate.host.io.SyncRuns;

/**
 * The feeder's coalescing step: merges, in place, consecutive in-order sync words of a batch that
 * nothing separates into one sync-run word (time of the last, counts added), just before the
 * batch is pushed into a core. Issue 3: "empty trials in bulk must not cost k clocks", for every
 * source, including those that cannot know their syncs are empty (a T2 file recorded with an
 * 80 MHz laser as the sync, an instrument).
 *
 * <p><b>Exact only with {@code SYNC_DELAY <= 0}</b> (docs/frame-format.md): then every sync is
 * effective where it stands and the core counts a run's members one by one, even across a frame
 * boundary, so the frames are the same word for word. With a positive delay the step is off
 * ({@link #enabled()} false) and passes batches through untouched.
 *
 * <p>It mirrors the core's {@code last_time} (the latest in-order time since the reset, i.e. the
 * running maximum of every time pushed), because a sync the core would drop as out of order must
 * stay out of order: a word merges only when it is in order, and only into a word that was in
 * order and is the last one written; any other word (an out-of-order one included) ends the run,
 * so no tag changes frame. Words of count 0 (refused by the ABI) pass through unmerged. The step
 * must therefore see every word pushed since the core's reset, in order: one instance per core
 * and run, fed by the one thread that pushes.
 *
 * <p>One pass, allocation-free, through the batch's buffers; the batch's size shrinks to the
 * words kept. Not thread-safe.
 */
public final class SyncRunCoalescer {
    private final int syncChannel;
    private final boolean enabled;
    /** The core's last_time as this step has seen the stream so far. */
    private long lastTime = Long.MIN_VALUE;

    /**
     * @param syncChannel the core's SYNC_CHANNEL
     * @param runs        the run policy of this run: the step works when {@link SyncRuns#exactForAnySpacing()}
     */
    public SyncRunCoalescer(final int syncChannel, final SyncRuns runs) {
        this.syncChannel = syncChannel;
        this.enabled = runs.exactForAnySpacing();
    }

    /** Whether this step merges anything (runs on and {@code SYNC_DELAY <= 0}). */
    public boolean enabled() {
        return enabled;
    }

    /** Merges the batch's sync runs in place; returns the batch's new size (words). */
    public int coalesce(final TagBatch batch) {
        final int n = batch.size();
        if (!enabled || n == 0) {
            return n;
        }
        final UnsafeBuffer times = batch.timesBuffer();
        final UnsafeBuffer channels = batch.channelsBuffer();
        final UnsafeBuffer counts = batch.countsBuffer();
        final int sync = syncChannel;
        long last = lastTime;
        boolean runOpen = false;   // word out - 1 is an in-order sync word of count >= 1
        int out = 0;
        for (int i = 0; i < n; i++) {
            final long time = times.getLong(i << 3, ByteOrder.LITTLE_ENDIAN);
            final int channel = channels.getByte(i) & 0xFF;
            final long count = counts.getInt(i << 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
            if (time >= last) {
                last = time;
                final boolean syncWord = channel == sync && count != 0;
                if (syncWord && runOpen) {
                    final int at = out - 1;
                    final long merged = (counts.getInt(at << 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL) + count;
                    if (merged <= TagBatch.MAX_COUNT) {
                        times.putLong(at << 3, time, ByteOrder.LITTLE_ENDIAN);
                        counts.putInt(at << 2, (int) merged, ByteOrder.LITTLE_ENDIAN);
                        continue;
                    }
                }
                runOpen = syncWord;
            } else {
                runOpen = false;
            }
            if (out != i) {
                times.putLong(out << 3, time, ByteOrder.LITTLE_ENDIAN);
                channels.putByte(out, (byte) channel);
                counts.putInt(out << 2, (int) count, ByteOrder.LITTLE_ENDIAN);
            }
            out++;
        }
        lastTime = last;
        batch.size(out);
        return out;
    }
}
