package org.pairgate.host.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import org.pairgate.device.Device;
import org.pairgate.device.HydraT2Sink;
import org.pairgate.device.HydraT2State;
import org.pairgate.device.PgMap;
import org.pairgate.device.TagBatch;
import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.AnalysisException;
import org.pairgate.host.analysis.SyncRunCoalescer;
import org.pairgate.host.analysis.TrialRecordPump;
import org.pairgate.host.io.PtuT2Reader;

/**
 * The device thread: pushes each tag batch into the core and moves every frame the core closes
 * into the frame ring. The only thread that touches the {@link Device}.
 *
 * <p>Backpressure is lossless end to end: when the core's own frame ring is full, {@code push}
 * accepts fewer tags than offered (counted as a backpressure wait); this thread then moves the
 * pending frames out, which blocks in {@link RingBuffer#next()} while the frame ring is full
 * (counted too), and pushes the rest. A stalled consumer therefore stops this thread, which
 * stops the source, and nothing is dropped.
 *
 * <p>When no frame has come for {@code frameIntervalNanos}, the thread asks the core to close
 * one (CTRL_CLOSE_FRAME), so that the statistics and the journal advance at low trigger rates;
 * frames add up exactly, so where they are cut changes no total. At the end event it asks for
 * a last close, waits for that frame, and publishes the end event on the frame ring.
 *
 * <p>Each batch first goes through the run's {@link SyncRunCoalescer} (sync runs, when the sync
 * delay makes them exact): this thread is the only one that pushes, so it sees every word since
 * the core's reset, as the step needs.
 */
final class DeviceStage implements EventHandler<TagBatchEvent> {
    /** Polls of an empty ring before the core is declared stuck after a close request. */
    private static final int CLOSE_POLLS = 10_000_000;

    private final Device device;
    private final SyncRunCoalescer coalescer;
    private final PgMap.FrameLayout layout;
    private final RingBuffer<FrameEvent> frames;
    private final long frameIntervalNanos;
    private final PipelineCounters counters;
    private final PipelineFailure failure;
    private final TrialRecordPump records;   // null: no trial records
    private final int syncChannel;
    private final long frameTrials;
    private StatisticsStage statistics;      // non-null: the statistics run here, on the device thread
    /** The fused path's reader (null: batches) and this thread's decoder state of its records. */
    private PtuT2Reader fusedReader;
    private HydraT2State decoder;
    private long periods;
    private long recordsDecoded;
    private boolean failed;
    private boolean closeRequested;
    private boolean endPublished;
    private long lastFrameNanos = System.nanoTime();

    DeviceStage(final Device device, final SyncRunCoalescer coalescer, final RingBuffer<FrameEvent> frames,
                final long frameIntervalNanos,
                final PipelineCounters counters, final PipelineFailure failure, final TrialRecordPump records,
                final int syncChannel, final long frameTrials) {
        this.device = device;
        this.coalescer = coalescer;
        this.layout = device.layout();
        this.frames = frames;
        this.frameIntervalNanos = frameIntervalNanos;
        this.counters = counters;
        this.failure = failure;
        this.records = records;
        this.syncChannel = syncChannel;
        this.frameTrials = frameTrials;
    }

    /** The fused path: the slots carry {@code reader}'s raw records, decoded here (see {@link #pushRaw}). */
    DeviceStage fused(final PtuT2Reader reader) {
        this.fusedReader = reader;
        this.decoder = reader.newDecoderState();
        return this;
    }

    /** Runs the statistics on this thread: each frame is summed right after it is read (before {@link #onEvent}). */
    DeviceStage statisticsHere(final StatisticsStage stage) {
        this.statistics = stage;
        return this;
    }

    @Override
    public void onEvent(final TagBatchEvent event, final long sequence, final boolean endOfBatch) {
        if (!failed) {
            try {
                if (event.end) {
                    finish();
                } else {
                    if (event.raw != null) {
                        pushRaw(event);
                    } else {
                        push(event.batch);
                    }
                    maybeCloseFrame();
                }
            } catch (final Throwable t) {
                failed = true;
                failure.record(t);
            }
        }
        if (event.end) {
            if (statistics != null && !failed) {
                statistics.end();
            }
            publishEnd();
        }
    }

    private void push(final TagBatch batch) {
        final int n = coalescer.coalesce(batch);
        int offset = 0;
        while (offset < n) {
            // at most Analysis.PUSH_FRAMES frames' syncs per push, as analyze: the core does not merge closes
            // and the frames (the stationarity test's blocks) are the ones analyze makes
            final int end = Analysis.pushEnd(batch, offset, n, syncChannel, frameTrials);
            final int accepted = device.push(batch, offset, end - offset);
            PipelineCounters.add(counters.tagsPushed, batch.tags(offset, offset + accepted));
            PipelineCounters.add(counters.wordsPushed, accepted);
            offset += accepted;
            if (offset < end) {
                PipelineCounters.increment(counters.backpressureWaits);
            }
            final int drained = drain();
            drainRecords();
            if (accepted == 0 && drained == 0) {
                throw new AnalysisException("the " + device.engine() + " core accepts no tags and holds no frame");
            }
        }
    }

    /**
     * The fused path: the slot's raw records decoded and gated in one pass ({@link
     * HydraT2Sink#pushHydraHarpT2}), at most {@link Analysis#fusedPerCall} records a call as analyze
     * cuts them, so the frames are analyze's; the decoder state is this thread's.
     */
    private void pushRaw(final TagBatchEvent event) {
        final HydraT2Sink sink = (HydraT2Sink) device;
        final HydraT2State state = decoder;
        final long address = event.raw.addressOffset();
        final int n = event.rawRecords;
        final int perCall = Analysis.fusedPerCall(frameTrials);
        int offset = 0;
        while (offset < n) {
            final long tagsBefore = decodedTags();
            final int accepted = sink.pushHydraHarpT2(address + 4L * offset, Math.min(perCall, n - offset), state);
            offset += accepted;
            recordsDecoded += accepted;
            final long tags = decodedTags() - tagsBefore;
            PipelineCounters.add(counters.tagsPushed, tags);
            PipelineCounters.add(counters.wordsPushed, tags);
            periods += state.overflowPeriods;
            state.overflowPeriods = 0;
            final String problem = fusedReader.periodsProblem(periods, recordsDecoded);
            if (problem != null) {
                throw new AnalysisException(problem);
            }
            if (offset < n && accepted == 0) {
                PipelineCounters.increment(counters.backpressureWaits);
            }
            final int drained = drain();
            drainRecords();
            if (accepted == 0 && drained == 0) {
                throw new AnalysisException("the " + device.engine() + " core accepts no records and holds no frame");
            }
        }
    }

    /** Tags the decoder state counted so far (its per-channel counts are summed, not cleared). */
    private long decodedTags() {
        long sum = 0;
        for (final long t : decoder.tags) {
            sum += t;
        }
        return sum;
    }

    /**
     * After the run: this thread's decoder counts into the reader, so that its counts are those of
     * reading the file itself (called once the device thread has stopped).
     */
    void foldDecodedInto(final PtuT2Reader reader) throws IOException {
        if (decoder != null) {
            decoder.overflowPeriods = periods;
            periods = 0;
            reader.addDecoded(decoder);
        }
    }

    private void maybeCloseFrame() {
        if (frameIntervalNanos > 0 && !closeRequested && System.nanoTime() - lastFrameNanos >= frameIntervalNanos) {
            requestClose();
            drain();
        }
    }

    private void requestClose() {
        drain();
        device.requestFrameClose();
        closeRequested = true;
        PipelineCounters.increment(counters.hostCloses);
    }

    /** The last frame: waits for any close in flight, asks for one more, and drains until it is out. */
    private void finish() {
        drain();
        awaitHostClose();
        requestClose();
        awaitHostClose();
        drain();
        drainRecords();
    }

    private void drainRecords() {
        if (records != null) {
            try {
                records.drain();
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void awaitHostClose() {
        for (int polls = 0; closeRequested; ) {
            if (drain() == 0) {
                if (++polls > CLOSE_POLLS) {
                    throw new AnalysisException("the " + device.engine() + " core did not emit the frame the host asked for");
                }
                Thread.onSpinWait();
            }
        }
    }

    /** Moves every pending frame into the frame ring; returns how many. */
    private int drain() {
        int n = 0;
        while (device.framesPending() > 0) {
            moveOne();
            n++;
        }
        if (n > 0 && statistics != null) {
            statistics.flush();
        }
        return n;
    }

    private void moveOne() {
        final long seq = claim();
        final FrameEvent event = frames.get(seq);
        try {
            final int words = device.readFrame(event.words);
            if (words != layout.frameWords) {
                throw new AnalysisException("the " + device.engine() + " core returned a frame of " + words
                    + " words, expected " + layout.frameWords);
            }
            final long now = System.nanoTime();
            event.readNanos = now;
            event.end = false;
            device.releaseFrame();
            lastFrameNanos = now;
            if ((event.words[layout.offFlags] & PgMap.FLAG_HOST_CLOSE) != 0) {
                closeRequested = false;
            }
        } catch (final RuntimeException e) {
            // publish the slot as the end of the stream for the consumers: nothing after it is valid
            event.end = true;
            frames.publish(seq);
            failed = true;
            endPublished = true;
            throw e;
        }
        Throwable statisticsFailure = null;
        if (statistics != null) {
            // before the hand-off to the journal: the ring's signal (a futex wake) is not on the statistics' path
            try {
                // published at once: a later frame's claim may wait for the journal, and this one must not
                statistics.frame(event.words, event.readNanos);
                statistics.flush();
            } catch (final Throwable t) {
                statisticsFailure = t;
            }
        }
        frames.publish(seq);
        if (statisticsFailure != null) {
            failed = true;
            throw statisticsFailure instanceof RuntimeException ? (RuntimeException) statisticsFailure
                : new AnalysisException("the statistics failed: " + statisticsFailure, statisticsFailure);
        }
    }

    private void publishEnd() {
        if (endPublished) {
            return;
        }
        endPublished = true;
        final long seq = claim();
        final FrameEvent event = frames.get(seq);
        event.end = true;
        event.readNanos = System.nanoTime();
        frames.publish(seq);
    }

    private long claim() {
        try {
            return frames.tryNext();
        } catch (final InsufficientCapacityException e) {
            PipelineCounters.increment(counters.frameRingWaits);
            return frames.next();
        }
    }
}
