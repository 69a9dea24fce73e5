package org.pairgate.host.pipeline;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import org.pairgate.device.HydraT2Sink;
import org.pairgate.device.HydraT2State;
import org.pairgate.device.TagBatch;
import org.pairgate.host.io.LiveSource;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.io.TagFile;
import org.pairgate.host.io.TagSource;

/**
 * The source thread: fills the tag ring's preallocated batches straight from a {@link TagSource}
 * and publishes them, until the source ends, a limit is reached, {@link #stop()} is called or a
 * stage fails; then it publishes the end event.
 *
 * <p>A full tag ring (the device is behind) makes this thread wait in {@link RingBuffer#next()}:
 * lossless backpressure up to the source. Each such wait is counted.
 *
 * <p>{@code --trials N} cuts the stream right after the (N+1)-th sync tag, the one that closes
 * trial N − 1, so the run holds exactly N complete trials (when no sync arrives out of order).
 * {@code --realtime} publishes each batch when its last tag is due at the recorded rate.
 */
final class SourceStage {
    private final TagSource source;
    private final RingBuffer<TagBatchEvent> ring;
    private final PipelineConfig config;
    private final int syncChannel;
    private final PipelineCounters counters;
    private final PipelineFailure failure;
    private volatile boolean stopRequested;
    private StopReason reason;
    private long syncsSeen;
    private long startNanos;
    private boolean paced;
    private long firstTick;
    private long paceStartNanos;
    private final double nanosPerTick;
    /** The fused path's reader (null: batches); see {@link #fillRaw}. */
    private final PtuT2Reader fused;
    private final HydraT2Sink copier = this::copy;
    private TagBatchEvent rawTarget;
    private static final sun.misc.Unsafe UNSAFE = org.agrona.UnsafeAccess.UNSAFE;
    private static final boolean NATIVE_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    /** The sync's records' top seven bits on the fused path ({@link PtuT2Reader#hydraHarpTop}). */
    private final int syncTop;
    /** The fused path's time base for {@code --realtime} ({@link #paceRaw}) and its record family. */
    private long rawTimeBase;
    private final boolean rawV1;

    SourceStage(final TagSource source, final RingBuffer<TagBatchEvent> ring, final PipelineConfig config, final int syncChannel,
                final PipelineCounters counters, final PipelineFailure failure) {
        this(source, null, ring, config, syncChannel, counters, failure);
    }

    /** {@code fused}: the source as a fusable reader whose raw records go into the slots (the fused path), or null. */
    SourceStage(final TagSource source, final PtuT2Reader fused, final RingBuffer<TagBatchEvent> ring, final PipelineConfig config,
                final int syncChannel, final PipelineCounters counters, final PipelineFailure failure) {
        this.source = source;
        this.ring = ring;
        this.config = config;
        this.syncChannel = syncChannel;
        this.counters = counters;
        this.failure = failure;
        this.nanosPerTick = source.resolutionPs() / 1000.0;
        this.fused = fused;
        this.syncTop = PtuT2Reader.hydraHarpTop(syncChannel);
        this.rawV1 = fused != null && fused.newDecoderState().v1;
        if (source instanceof TagFile) {
            counters.sourceRecordsTotal.setOpaque(((TagFile) source).declaredRecords());
        }
    }

    /** Asks the source to stop at the next batch (Ctrl-C); a live source's waiting read ends too. */
    void stop() {
        stopRequested = true;
        if (source instanceof LiveSource) {
            ((LiveSource) source).stop();
        }
    }

    /** Why the stream ended; valid after {@link #run(long)} returned. */
    StopReason reason() {
        return reason;
    }

    /** Feeds the ring until the stream ends; always publishes the end event. */
    void run(final long startNanos) {
        this.startNanos = startNanos;
        boolean ended = false;
        try {
            while (!ended) {
                final long seq = claim();
                final TagBatchEvent event = ring.get(seq);
                event.end = false;
                try {
                    ended = fill(event);
                } catch (final IOException | RuntimeException e) {
                    failure.record(e);
                    reason = StopReason.FAILED;
                    event.batch.clear();
                    event.end = true;
                    ended = true;
                } finally {
                    ring.publish(seq);
                }
            }
        } catch (final RuntimeException e) {
            failure.record(e);
            reason = StopReason.FAILED;
            final long seq = ring.next();
            ring.get(seq).batch.clear();
            ring.get(seq).end = true;
            ring.publish(seq);
        }
    }

    /** Fills one claimed event; returns true when it is the end event. */
    private boolean fill(final TagBatchEvent event) throws IOException {
        final StopReason early = earlyStop();
        if (early != null) {
            return end(event, early);
        }
        if (fused != null) {
            return fillRaw(event);
        }
        final TagBatch batch = event.batch;
        final int n = source.read(batch);
        if (source instanceof TagFile) {
            counters.sourceRecords.setOpaque(((TagFile) source).recordsRead());
        }
        if (n == 0) {
            // a live source ends its stream when asked to stop: that is the stop's reason, not the source's end
            return end(event, stopRequested ? (reason != null ? reason : StopReason.INTERRUPTED) : StopReason.END_OF_SOURCE);
        }
        boolean limitReached = false;
        if (config.trialLimit() > 0) {
            limitReached = cutAtTrialLimit(batch);
        }
        if (config.realtime()) {
            pace(batch);
        }
        PipelineCounters.increment(counters.batches);
        if (limitReached) {
            reason = StopReason.TRIAL_LIMIT;
            // this batch is published with its tags; the end event follows on the next claim
            stopRequested = true;
        }
        return false;
    }

    /**
     * The fused path: up to a slot's worth of the reader's raw records copied into the slot (one
     * chunk's worth at most), decoded by the device thread; {@code --trials} cuts the slot right
     * after the (N+1)-th sync record, as {@link #cutAtTrialLimit} cuts a batch, and {@code
     * --realtime} paces by the slot's last tag ({@link #paceRaw}).
     */
    private boolean fillRaw(final TagBatchEvent event) throws IOException {
        event.rawRecords = 0;
        rawTarget = event;
        final int n = fused.readFused(copier, event.raw.capacity() >> 2);
        counters.sourceRecords.setOpaque(fused.recordsRead());
        if (n < 0) {
            return end(event, stopRequested ? (reason != null ? reason : StopReason.INTERRUPTED) : StopReason.END_OF_SOURCE);
        }
        PipelineCounters.increment(counters.batches);
        final boolean limitReached = config.trialLimit() > 0 && cutRawAtTrialLimit(event);
        if (config.realtime()) {
            paceRaw(event);
        }
        if (limitReached) {
            reason = StopReason.TRIAL_LIMIT;
            stopRequested = true;   // this slot is published with its records; the end event follows
        }
        return false;
    }

    /**
     * {@code --realtime} on the fused path: the slot's tag times from this thread's own time base
     * (the overflow records, as the decoder reads them), then {@link #pace(long, long)} to its last tag.
     */
    private void paceRaw(final TagBatchEvent event) {
        final long address = event.raw.addressOffset();
        final int n = event.rawRecords;
        long base = rawTimeBase;
        long first = Long.MIN_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            int record = UNSAFE.getInt(address + 4L * i);
            if (!NATIVE_LE) {
                record = Integer.reverseBytes(record);
            }
            final int top = record >>> 25;
            final long timetag = record & 0x01FF_FFFF;
            if (top == 127) {
                base += rawV1 ? HydraT2State.V1_WRAP : (timetag == 0 ? 1 : timetag) << 25;   // V2: 0 means 1
            } else if (top <= 64) {                                                      // a tag: input or sync
                last = base + timetag;
                if (first == Long.MIN_VALUE) {
                    first = last;
                }
            }
        }
        rawTimeBase = base;
        if (first != Long.MIN_VALUE) {
            pace(first, last);
        }
    }

    /** As {@link #cutAtTrialLimit} for a slot of raw records: counts the sync's records, cuts after the (limit+1)-th. */
    private boolean cutRawAtTrialLimit(final TagBatchEvent event) {
        final long needed = config.trialLimit() + 1;
        final long address = event.raw.addressOffset();
        final int n = event.rawRecords;
        for (int i = 0; i < n; i++) {
            final int record = UNSAFE.getInt(address + 4L * i);
            if ((NATIVE_LE ? record : Integer.reverseBytes(record)) >>> 25 == syncTop && ++syncsSeen == needed) {
                event.rawRecords = i + 1;
                return true;
            }
        }
        return false;
    }

    /** Copies the records the reader hands over into the current slot (no decoding: the device thread does it). */
    private int copy(final long address, final int records, final HydraT2State state) {
        final TagBatchEvent e = rawTarget;
        final int n = Math.min(records, (e.raw.capacity() >> 2) - e.rawRecords);
        UNSAFE.copyMemory(address, e.raw.addressOffset() + 4L * e.rawRecords, 4L * n);
        e.rawRecords += n;
        return n;
    }

    private StopReason earlyStop() {
        if (failure.failed()) {
            return StopReason.FAILED;
        }
        if (stopRequested) {
            return reason != null ? reason : StopReason.INTERRUPTED;
        }
        if (config.durationNanos() > 0 && System.nanoTime() - startNanos >= config.durationNanos()) {
            return StopReason.DURATION;
        }
        return null;
    }

    private boolean end(final TagBatchEvent event, final StopReason why) {
        if (reason == null) {
            reason = why;
        }
        if (source instanceof LiveSource) {
            ((LiveSource) source).stop();   // a limit, a stop or a failure here: the instrument's stream ends too
        }
        event.batch.clear();
        event.end = true;
        return true;
    }

    /**
     * Counts sync tags (a sync-run word counts its syncs); at the (limit+1)-th, truncates the batch
     * after it and returns true. A run that holds the (limit+1)-th sync is cut to end there: its
     * count shrinks to the syncs up to that one, which is exact because its syncs are empty (the
     * run keeps the time of its last sync, which only opens the never-closed last trial).
     */
    private boolean cutAtTrialLimit(final TagBatch batch) {
        final long needed = config.trialLimit() + 1;
        final int n = batch.size();
        final int sync = syncChannel;
        for (int i = 0; i < n; i++) {
            if (batch.channel(i) != sync) {
                continue;
            }
            final long count = Math.max(1, batch.count(i));
            if (syncsSeen + count >= needed) {
                if (syncsSeen + count > needed) {
                    batch.countsBuffer().putInt(i * Integer.BYTES, (int) (needed - syncsSeen), ByteOrder.LITTLE_ENDIAN);
                }
                syncsSeen = needed;
                batch.size(i + 1);
                return true;
            }
            syncsSeen += count;
        }
        return false;
    }

    /** Waits until the batch's last tag is due at the recorded rate (or a stop is asked). */
    private void pace(final TagBatch batch) {
        if (batch.size() == 0) {
            return;
        }
        pace(batch.time(0), batch.time(batch.size() - 1));
    }

    /** Waits until {@code last} is due at the recorded rate; {@code first} starts the clock on the first call. */
    private void pace(final long first, final long last) {
        if (!paced) {
            paced = true;
            firstTick = first;
            paceStartNanos = System.nanoTime();
        }
        final long due = paceStartNanos + (long) ((last - firstTick) * nanosPerTick);
        long wait;
        while ((wait = due - System.nanoTime()) > 0 && !stopRequested && !failure.failed()) {
            LockSupport.parkNanos(Math.min(wait, 50_000_000L));
        }
    }

    private long claim() {
        try {
            return ring.tryNext();
        } catch (final InsufficientCapacityException e) {
            PipelineCounters.increment(counters.tagRingWaits);
            return ring.next();
        }
    }
}
