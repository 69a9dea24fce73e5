package org.pairgate.host.analysis;

import java.io.IOException;
import java.util.Objects;

import org.pairgate.device.Device;
import org.pairgate.device.FrameSum;
import org.pairgate.device.LinkDevice;
import org.pairgate.device.PgMap;
import org.pairgate.device.TagBatch;
import org.pairgate.host.io.SyncRuns;
import org.pairgate.host.io.TagSource;
import org.pairgate.host.stats.RunStatistics;
import org.pairgate.host.stats.Statistics;

/**
 * The analyze pipeline without the command line: tags from a source through a core into a
 * {@link FrameSum}, then the statistics.
 *
 * <p>One batch is reused for the whole run and every frame is validated and summed as soon as it
 * is read, so memory stays constant whatever the length of the file. A push that the core only
 * partly accepts (its frame ring is full) is resumed after the pending frames are drained, so
 * no tag is lost or pushed twice. At the end the host asks for a frame close and drains until
 * that frame arrives: the incomplete trial after the last sync is never counted (physics.md).
 *
 * <p>Sync runs (docs/formats.md): unless turned off with {@link #syncRuns(boolean)}, the source is
 * asked to write its empty syncs as run words ({@link TagSource#syncRuns}) and every batch goes
 * through a {@link SyncRunCoalescer} before the push, both only where that is exact for the
 * configured sync delay. The statistics are the same either way; only the core's work changes.
 *
 * <p>Trial records (docs/frame-format.md): with {@link #records(TrialRecordSink)} the core makes a
 * record for every closed trial with a click, and the host reads them after every push into the
 * sink. The record ring holds {@link #RECORD_CAPACITY} records, at least one per tag word of a
 * push (a record needs its own sync word), so none is dropped; a drop or a count that differs
 * from the core's RECORDS_MADE is an error.
 */
public final class Analysis {
    /** Tags per batch: large enough to amortise a JNA call, small enough to stay in cache. */
    public static final int BATCH_TAGS = 1 << 16;
    /** Trial records the host ring holds: one push of {@link #BATCH_TAGS} words makes at most that many. */
    public static final int RECORD_CAPACITY = BATCH_TAGS;

    private final AnalysisConfig config;
    private final DeviceFactory devices;
    private boolean syncRuns = true;
    private TrialRecordSink records;
    private long recordsRead;

    public Analysis(final AnalysisConfig config, final DeviceFactory devices) {
        this.config = Objects.requireNonNull(config);
        this.devices = Objects.requireNonNull(devices);
    }

    /**
     * Turns sync runs on (the default) or off (every sync a single tag word: the reference the
     * tests compare against, and the bench's "before"). Returns this.
     */
    public Analysis syncRuns(final boolean on) {
        this.syncRuns = on;
        return this;
    }

    /** Sends the core's trial records to {@code sink} (null: no records, the default). Returns this. */
    public Analysis records(final TrialRecordSink sink) {
        this.records = sink;
        return this;
    }

    /** Trial records read from the core by the last {@link #run}. */
    public long recordsRead() {
        return recordsRead;
    }

    /** The sync-run policy of this run: for the configured SYNC_DELAY, or {@link SyncRuns#OFF}. */
    public SyncRuns syncRunPolicy() {
        return syncRuns ? SyncRuns.forSyncDelay(config.gateConfig().syncDelay()) : SyncRuns.OFF;
    }

    /** The shape the soft engine is given: W, D from the configuration, K = max ΔN, B = bins to cover the longest window. */
    public PgMap.FrameLayout wantedShape() {
        final long bins = config.binsNeeded();
        if (bins > AnalysisConfig.MAX_BINS) {
            throw new AnalysisException("covering the longest window needs " + bins + " arrival bins, more than "
                + AnalysisConfig.MAX_BINS + "; choose a coarser --bin", true);
        }
        return new PgMap.FrameLayout(config.windows(), config.detectors(), config.maxDn(), (int) bins);
    }

    /** Runs the source to its end through a core and returns the statistics. The source stays open. */
    public AnalysisResult run(final TagSource source) throws IOException {
        final PgMap.FrameLayout wanted = wantedShape();
        try (Device device = records == null ? devices.open(config.engine(), wanted)
                : devices.open(config.engine(), wanted, RECORD_CAPACITY)) {
            final PgMap.FrameLayout layout = device.layout();
            config.checkFits(device.engine(), layout);
            device.configure(config.gateConfig());
            device.reset();
            final TrialRecordPump pump = records == null ? null : new TrialRecordPump(device, records, layout).start();
            // engine link: the link carries single tags, paced by their times, and the front end
            // merges sync runs itself (no runs from the source, no host coalescing)
            final LinkDevice link = device instanceof LinkDevice l ? l : null;
            final SyncRuns runs = link != null ? SyncRuns.OFF : syncRunPolicy();
            if (link != null) {
                link.pace(LinkDevice.ticksPerClock(source.resolutionPs()));
                device.reset();
            }
            source.syncRuns(runs);
            final FrameSum sum = count(source, device, layout, new SyncRunCoalescer(config.syncChannel(), runs), pump);
            if (link != null) {
                final long unmapped = link.readRegister(PgMap.REG_LINK_UNMAPPED);
                if (unmapped != 0) {
                    throw new AnalysisException("the link front end counted " + unmapped + " tags on unmapped channels");
                }
                sum.addDroppedAtInput(link.droppedAtInput());
            }
            if (pump != null) {
                recordsRead = pump.finish();
            }
            final RunStatistics stats;
            try {
                stats = Statistics.compute(sum, config.maxDn(), config.binTicks(), config.windowLengths());
            } catch (final IllegalArgumentException e) {
                throw new AnalysisException("the " + device.engine() + " core's counters are inconsistent: " + e.getMessage(), e);
            }
            return new AnalysisResult(config, source.describe(), source.resolutionPs(), device.engine(), layout, stats);
        }
    }

    private static FrameSum count(final TagSource source, final Device device, final PgMap.FrameLayout layout,
                                  final SyncRunCoalescer coalescer, final TrialRecordPump pump) throws IOException {
        final FrameSum sum = new FrameSum(layout);
        final long[] frame = new long[layout.frameWords];
        final TagBatch batch = new TagBatch(BATCH_TAGS);
        while (source.read(batch) > 0) {
            final int n = coalescer.coalesce(batch);
            int offset = 0;
            while (offset < n) {
                final int accepted = device.push(batch, offset, n - offset);
                offset += accepted;
                final int drained = drain(device, sum, frame, layout);
                if (pump != null) {
                    pump.drain();
                }
                if (accepted == 0 && drained == 0) {
                    throw new AnalysisException("the " + device.engine() + " core accepts no tags and holds no frame");
                }
            }
        }
        device.requestFrameClose();
        boolean closed = false;
        for (int idle = 0; !closed; ) {
            if (device.framesPending() == 0) {
                if (++idle > 1_000_000) {
                    throw new AnalysisException("the " + device.engine() + " core did not emit the frame the host asked for");
                }
                Thread.onSpinWait();
                continue;
            }
            idle = 0;
            closed = (readOne(device, sum, frame, layout) & PgMap.FLAG_HOST_CLOSE) != 0;
        }
        drain(device, sum, frame, layout);
        if (pump != null) {
            pump.drain();
        }
        return sum;
    }

    /** Reads, checks, sums and releases every pending frame; returns how many. */
    private static int drain(final Device device, final FrameSum sum, final long[] frame, final PgMap.FrameLayout layout) {
        int frames = 0;
        while (device.framesPending() > 0) {
            readOne(device, sum, frame, layout);
            frames++;
        }
        return frames;
    }

    /** Reads, checks, sums and releases the oldest frame; returns its FLAGS word. */
    private static long readOne(final Device device, final FrameSum sum, final long[] frame, final PgMap.FrameLayout layout) {
        final int words = device.readFrame(frame);
        if (words != layout.frameWords) {
            throw new AnalysisException("the " + device.engine() + " core returned a frame of " + words + " words, expected "
                + layout.frameWords);
        }
        try {
            sum.add(frame);
        } catch (final FrameSum.FrameException e) {
            throw new AnalysisException("invalid frame from the " + device.engine() + " core: " + e.getMessage(), e);
        }
        device.releaseFrame();
        return frame[layout.offFlags];
    }
}
