package org.pairgate.host.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;

import org.pairgate.device.Device;
import org.pairgate.device.Devices;
import org.pairgate.device.FrameSum;
import org.pairgate.device.HydraT2Sink;
import org.pairgate.device.LinkDevice;
import org.pairgate.device.PgMap;
import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisException;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.analysis.DeviceFactory;
import org.pairgate.host.analysis.SyncRunCoalescer;
import org.pairgate.host.analysis.TrialRecordPump;
import org.pairgate.host.analysis.TrialRecordSink;
import org.pairgate.host.io.LiveSource;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.io.SyncRuns;
import org.pairgate.host.io.TagSource;
import org.pairgate.host.journal.JournalMetadata;
import org.pairgate.host.journal.JournalWriter;
import org.pairgate.host.stats.RunStatistics;
import org.pairgate.host.stats.SinglesBlocks;
import org.pairgate.host.stats.Statistics;

/**
 * The acquisition pipeline: a source feeding a core through Disruptor rings, the frames consumed
 * in parallel by the statistics, the Chronicle journal and any {@link FrameTap}s.
 *
 * <pre>
 *   source thread ──tag ring (preallocated off-heap TagBatch events)──▶ device thread
 *   device thread ──frame ring (preallocated frame events)──▶ statistics │ journal │ taps
 * </pre>
 *
 * <p>Every ring is single-producer, every consumer has its own thread and its own sequence, and
 * a full ring makes its producer wait: a slow consumer slows the run, it never loses a frame.
 * The statistics are those of {@link Analysis} for the same tags (same core, same
 * {@link FrameSum}, same {@link Statistics}), whatever the frame boundaries.
 *
 * <p>{@link #stop()} (Ctrl-C) makes the source end the stream at its next batch; the run then
 * unwinds through its normal end: last frame closed, journal end marker written and closed,
 * result returned for the report. A failing stage does the same, and {@link #run} then throws.
 *
 * <p>Trial records ({@link #records(TrialRecordSink)}): the device thread reads them after every
 * push into the sink (as {@link Analysis} does), with a record ring of one record per tag word of a
 * batch, so none is dropped. They are not journaled: a replay has the frames, not the records.
 */
public final class Acquisition {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final AnalysisConfig config;
    private final PipelineConfig pipeline;
    private final DeviceFactory devices;
    private final List<FrameTap> taps = new ArrayList<>();
    private volatile SourceStage source;
    private volatile boolean stopRequested;
    private boolean syncRuns = true;
    private boolean fused = true;
    private TrialRecordSink records;
    private long recordsRead;
    private LiveSums live;

    public Acquisition(final AnalysisConfig config, final PipelineConfig pipeline, final DeviceFactory devices) {
        this.config = Objects.requireNonNull(config);
        this.pipeline = Objects.requireNonNull(pipeline);
        this.devices = Objects.requireNonNull(devices);
    }

    /** Adds a consumer of every frame on its own thread (before {@link #run}). */
    public Acquisition tap(final FrameTap tap) {
        taps.add(Objects.requireNonNull(tap));
        return this;
    }

    /**
     * The fused path on (the default) or off: with a HydraHarp-family T2 file into the soft engine,
     * the tag ring carries the file's raw records and
     * the device thread decodes and gates them in one pass, as analyze does (issue 15). Before {@link #run}.
     */
    public Acquisition fused(final boolean on) {
        this.fused = on;
        return this;
    }

    /** Sync runs on (the default) or off, as {@link Analysis#syncRuns(boolean)}; before {@link #run}. */
    public Acquisition syncRuns(final boolean on) {
        this.syncRuns = on;
        return this;
    }

    /** Sends the core's trial records to {@code sink} on the device thread (null: none); before {@link #run}. */
    public Acquisition records(final TrialRecordSink sink) {
        this.records = sink;
        return this;
    }

    /** Publishes the running sums to {@code sums} for a live reader (null: none); before {@link #run}. */
    public Acquisition live(final LiveSums sums) {
        this.live = sums;
        return this;
    }

    /** Trial records the last {@link #run} moved into the sink. */
    public long recordsRead() {
        return recordsRead;
    }

    /** Ends the stream at the source's next batch; safe from any thread, any time (Ctrl-C). */
    public void stop() {
        stopRequested = true;
        final SourceStage s = source;
        if (s != null) {
            s.stop();
        }
    }

    /**
     * Runs the source through the pipeline into a new journal and returns the statistics and the
     * pipeline's measurements. The source stays open.
     *
     * @param journalDir a directory without a journal
     * @param label      calibration label stored in the journal ("" for none)
     * @param versions   component versions stored in the journal
     * @param progress   where the live view goes, or null for none
     * @param terminal   whether {@code progress} is a terminal (rewrite the line in place)
     */
    public AcquisitionResult run(final TagSource src, final Path journalDir, final String label,
                                 final Map<String, String> versions, final PrintWriter progress, final boolean terminal)
        throws IOException {
        final Analysis analysis = new Analysis(config, devices).syncRuns(syncRuns);
        final PgMap.FrameLayout wanted = analysis.wantedShape();
        // engine link: single tags paced by their times, the front end merges runs (as in Analysis)
        final boolean link = Devices.LINK.equals(config.engine());
        final SyncRuns runs = link ? SyncRuns.OFF : analysis.syncRunPolicy();
        src.syncRuns(runs);
        try (Device device = records == null ? devices.open(config.engine(), wanted)
                : devices.open(config.engine(), wanted, Math.max(pipeline.batchTags(), 1))) {
            final PgMap.FrameLayout layout = device.layout();
            config.checkFits(device.engine(), layout);
            device.configure(config.gateConfig());
            if (device instanceof LinkDevice l) {
                l.pace(LinkDevice.ticksPerClock(src.resolutionPs()));
            }
            device.reset();
            final TrialRecordPump pump = records == null ? null : new TrialRecordPump(device, records, layout).start();
            final Map<String, String> run = new LinkedHashMap<>();
            run.put("started_utc", Instant.now().toString());
            run.put("wait_strategy", pipeline.waitStrategy().label());
            run.put("realtime", Boolean.toString(pipeline.realtime()));
            run.put("trial_limit", Long.toString(pipeline.trialLimit()));
            run.put("duration_ns", Long.toString(pipeline.durationNanos()));
            run.put("sync_runs", runs.toString());
            final JournalMetadata metadata = new JournalMetadata(config, src.describe(), src.resolutionPs(), device.engine(),
                layout, label == null ? "" : label, versions, run);
            try (JournalWriter journal = JournalWriter.create(journalDir, layout.frameWords)) {
                journal.writeMetadata(metadata);
                final AcquisitionResult result = runPipeline(src, device, layout, journal, progress, terminal, runs, pump);
                if (pump != null) {
                    recordsRead = pump.finish();
                }
                return result;
            }
        }
    }

    private AcquisitionResult runPipeline(final TagSource src, final Device device, final PgMap.FrameLayout layout,
                                          final JournalWriter journal, final PrintWriter progress, final boolean terminal,
                                          final SyncRuns runs, final TrialRecordPump pump)
        throws IOException {
        final PipelineCounters counters = new PipelineCounters();
        final PipelineFailure failure = new PipelineFailure();
        // the fused path (issue 15): raw records through the ring, decoded on the device thread
        final PtuT2Reader fusedReader = fused && device instanceof HydraT2Sink && !(device instanceof LinkDevice)
            && src instanceof PtuT2Reader t2 && t2.fusable() && t2.recordsRead() == 0
            && PtuT2Reader.hydraHarpTop(config.syncChannel()) >= 0 ? t2 : null;
        final RingBuffer<TagBatchEvent> tagRing = RingBuffer.createSingleProducer(
            () -> new TagBatchEvent(pipeline.batchTags(), fusedReader != null), pipeline.tagRingBatches(),
            pipeline.waitStrategy().create());
        final RingBuffer<FrameEvent> frameRing = RingBuffer.createSingleProducer(
            () -> new FrameEvent(layout.frameWords), pipeline.frameRingFrames(), pipeline.waitStrategy().create());

        final boolean statsOnDevice = pipeline.statisticsOnDevice();
        final CountDownLatch done = new CountDownLatch((statsOnDevice ? 1 : 2) + taps.size());
        final FrameSum sum = new FrameSum(layout);
        final SinglesBlocks blocks = new SinglesBlocks(layout);
        final LiveSnapshot snapshot = new LiveSnapshot(layout);
        final LatencyRecorder latency = new LatencyRecorder();
        final JournalStage journalStage = new JournalStage(journal, pipeline.framesPerExcerpt(), failure, done);

        final List<BatchEventProcessor<?>> processors = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        final BatchEventProcessorBuilder builder = new BatchEventProcessorBuilder();
        final StatisticsStage statistics = new StatisticsStage(sum, blocks, snapshot, latency, failure, done, live);
        final DeviceStage deviceStage = new DeviceStage(device, new SyncRunCoalescer(config.syncChannel(), runs), frameRing,
            pipeline.frameIntervalNanos(), counters, failure, pump, config.syncChannel(), config.frameTrials());
        if (statsOnDevice) {
            deviceStage.statisticsHere(statistics);
        }
        if (fusedReader != null) {
            deviceStage.fused(fusedReader);
        }
        final BatchEventProcessor<TagBatchEvent> deviceProcessor = builder.build(tagRing, tagRing.newBarrier(), deviceStage);
        tagRing.addGatingSequences(deviceProcessor.getSequence());
        add(processors, threads, deviceProcessor, "pairgate-device", failure);
        final List<EventHandler<FrameEvent>> consumers = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        if (!statsOnDevice) {
            consumers.add(statistics);
            names.add("pairgate-statistics");
        }
        consumers.add(journalStage);
        names.add("pairgate-journal");
        for (final FrameTap tap : taps) {
            consumers.add(new TapStage(tap, layout, failure, done));
            names.add("pairgate-tap-" + (names.size() - (statsOnDevice ? 0 : 1)));
        }
        for (int i = 0; i < consumers.size(); i++) {
            final BatchEventProcessor<FrameEvent> p = builder.build(frameRing, frameRing.newBarrier(), consumers.get(i));
            frameRing.addGatingSequences(p.getSequence());
            add(processors, threads, p, names.get(i), failure);
        }

        final SourceStage sourceStage = new SourceStage(src, fusedReader, tagRing, pipeline, config.syncChannel(), counters,
            failure);
        source = sourceStage;
        if (stopRequested) {
            sourceStage.stop();
        }
        threads.forEach(Thread::start);
        final long start = System.nanoTime();
        if (live != null) {
            // before the source runs, so before the first frame can be published
            live.start(start, device.engine(), layout, counters, pipeline);
        }
        final LiveView view = progress == null ? null
            : new LiveView(snapshot, counters, pipeline, config.windowNames(), progress, terminal, start)
                .status(src instanceof LiveSource ? ((LiveSource) src)::liveStatus : null);
        if (view != null) {
            view.start();
        }
        try {
            sourceStage.run(start);
            awaitQuietly(done);
        } finally {
            for (final BatchEventProcessor<?> p : processors) {
                p.halt();
            }
            for (final Thread t : threads) {
                joinQuietly(t);
            }
            if (view != null) {
                view.close();
            }
        }
        final long elapsed = System.nanoTime() - start;
        if (failure.failed()) {
            final Throwable t = failure.get();
            if (t instanceof IOException) {
                throw (IOException) t;
            }
            if (t instanceof AnalysisException) {
                throw (AnalysisException) t;
            }
            if (t instanceof FrameSum.FrameException) {
                throw new AnalysisException("invalid frame from the " + device.engine() + " core: " + t.getMessage(), t);
            }
            throw new AnalysisException("the acquisition failed: " + t, t);
        }
        if (device instanceof LinkDevice l) {
            sum.addDroppedAtInput(l.droppedAtInput());
        }
        if (fusedReader != null) {
            deviceStage.foldDecodedInto(fusedReader);
        }
        final RunStatistics stats;
        try {
            stats = Statistics.compute(sum, blocks, config.maxDn(), config.binTicks(), config.windowLengths());
        } catch (final IllegalArgumentException e) {
            throw new AnalysisException("the " + device.engine() + " core's counters are inconsistent: " + e.getMessage(), e);
        }
        if (!stats.accounting().balanced()) {
            throw new AnalysisException("the accounting does not balance: " + stats.accounting());
        }
        final ObjectNode pipelineNode = pipelineNode(sourceStage.reason(), counters, sum, layout, journalStage, latency,
            elapsed);
        pipelineNode.put("fused", fusedReader != null);   // raw records decoded on the device thread (issue 15)
        if (src instanceof LiveSource) {
            // what the instrument said during the run: in the end marker, so replay reproduces it
            final LiveSource live = (LiveSource) src;
            pipelineNode.putObject("source").set("instrument", JSON.valueToTree(live.instrumentReport()));
        }
        final ObjectNode end = JsonNodeFactory.instance.objectNode();
        end.put("frames", sum.frames());
        end.put("trials", sum.trials());
        end.put("tags", sum.tagsIn());
        end.put("merges", sum.merges());
        end.put("dropped_at_input", sum.droppedAtInput());
        end.set("pipeline", pipelineNode);
        journal.writeEnd(end.toString());
        final AnalysisResult result = new AnalysisResult(config, src.describe(), src.resolutionPs(), device.engine(), layout,
            stats);
        return new AcquisitionResult(result, pipelineNode, sourceStage.reason());
    }

    private ObjectNode pipelineNode(final StopReason stop, final PipelineCounters c, final FrameSum sum,
                                    final PgMap.FrameLayout layout, final JournalStage journal,
                                    final LatencyRecorder latency, final long elapsedNanos) {
        final ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("complete", true);
        node.put("stop", stop.label());
        node.put("wait_strategy", pipeline.waitStrategy().label());
        node.put("statistics_thread", pipeline.statisticsOnDevice() ? "device" : "own");
        node.put("realtime", pipeline.realtime());
        node.put("batches", c.batches.get());
        node.put("tags_pushed", c.tagsPushed.get());
        node.put("words_pushed", c.wordsPushed.get());
        node.put("frames", sum.frames());
        node.put("frames_journaled", journal.frames());
        node.put("host_frame_closes", c.hostCloses.get());
        node.set("latency_us", PipelineReport.latency(latency.histogram(), latency.clamped()));
        node.put("backpressure_waits", c.backpressureWaits.get());
        node.put("frame_ring_waits", c.frameRingWaits.get());
        node.put("tag_ring_waits", c.tagRingWaits.get());
        // frame closes the core absorbed because the frozen bank was still held (no count lost: a merged
        // frame holds (1 + MERGES) * FRAME_TRIALS trials), and the tags it dropped for lack of room (the
        // sync-delay queue: accounting.sync_dropped); the rings themselves never drop
        node.put("frame_merges", sum.merges());
        node.put("records_dropped", sum.word(layout.offSyncDropped));
        node.put("elapsed_s", PipelineReport.seconds(elapsedNanos));
        node.put("tags_per_s", elapsedNanos > 0 ? Math.round(c.tagsPushed.get() * 1e9 / elapsedNanos) : 0);
        return node;
    }

    private static <T> void add(final List<BatchEventProcessor<?>> processors, final List<Thread> threads,
                                final BatchEventProcessor<T> p, final String name, final PipelineFailure failure) {
        p.setExceptionHandler(new ExceptionHandler<T>() {
            @Override
            public void handleEventException(final Throwable ex, final long sequence, final T event) {
                failure.record(ex);
            }

            @Override
            public void handleOnStartException(final Throwable ex) {
                failure.record(ex);
            }

            @Override
            public void handleOnShutdownException(final Throwable ex) {
                failure.record(ex);
            }
        });
        processors.add(p);
        final Thread t = new Thread(p, name);
        t.setDaemon(true);
        threads.add(t);
    }

    private static void awaitQuietly(final CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(final Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(10));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
