package org.pairgate.host.analysis;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import org.pairgate.device.Device;
import org.pairgate.device.FastSoftDevice;
import org.pairgate.device.FrameSum;
import org.pairgate.device.HydraT2Sink;
import org.pairgate.device.LinkDevice;
import org.pairgate.device.PgMap;
import org.pairgate.device.RtlDevice;
import org.pairgate.device.TagBatch;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.io.SyncRuns;
import org.pairgate.host.io.TagSource;
import org.pairgate.host.stats.RunStatistics;
import org.pairgate.host.stats.SinglesBlocks;
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
 * With a frame cadence (FRAME_TRIALS) a push carries at most {@link #PUSH_FRAMES} frames' syncs
 * ({@link #pushEnd}), so that the core never merges closes, the frames are equal and the singles
 * per frame ({@link SinglesBlocks}) make equal blocks.
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
 *
 * <p>Fused decoding (issue 15): when the core takes raw records ({@link HydraT2Sink}, the soft
 * engine's fast path) and the source is a HydraHarp-family T2 file, the reader hands its chunk
 * buffer to the core, which decodes and gates in one pass: no batch, no coalescing step (each sync
 * is pushed as itself, which gives the same frames). {@link #fused(boolean)} turns it off.
 */
public final class Analysis {
    /** Tags per batch: large enough to amortise a JNA call, small enough to stay in cache. */
    public static final int BATCH_TAGS = 1 << 16;
    /**
     * With a frame cadence, a push carries at most this many frames' syncs ({@link #pushEnd}): it
     * then closes at most PUSH_FRAMES + 1 frames, fewer than the {@link Engines#RING_FRAMES} a
     * drained ring holds, so the core never has to merge closes.
     */
    public static final int PUSH_FRAMES = 4;
    /** Files of fewer records run on one core: a second one would not pay for its start. */
    public static final long PARALLEL_MIN_RECORDS = 1 << 22;
    /** Trial records the host ring holds: one push of {@link #BATCH_TAGS} words makes at most that many. */
    public static final int RECORD_CAPACITY = BATCH_TAGS;

    private final AnalysisConfig config;
    private final DeviceFactory devices;
    private boolean syncRuns = true;
    private boolean fused = true;
    private boolean parallel = Runtime.getRuntime().availableProcessors() >= 2;
    private long parallelMinRecords = PARALLEL_MIN_RECORDS;
    private int coresUsed;
    /** What the last {@link #run}'s split measured, or "" (see {@link #splitProfile}). */
    private String splitProfile = "";
    /** The last {@link #run}'s first cut P (the first core's last record before any tail was taken from it) when a second core's part was taken, else -1. */
    private long splitRecord = -1;
    /** The last {@link #run}'s parts joined (the first core's first and every part after it), 1 when one core counted. */
    private int partsJoined = 1;
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

    /** Turns fused decoding on (the default, where the core and the source allow it) or off. Returns this. */
    public Analysis fused(final boolean on) {
        this.fused = on;
        return this;
    }

    /**
     * Two cores for a fused run (the default on a machine with two or more): on a file of at least
     * {@code minRecords} records, without trial records, a second core counts the file's second
     * half, and a core that ends its part first takes the tail of the other's; the frames are cut
     * where one core cuts them (see {@link ParallelRun}). Results are those of one core, frames
     * included. Returns this.
     */
    public Analysis parallel(final boolean on, final long minRecords) {
        this.parallel = on;
        this.parallelMinRecords = minRecords;
        return this;
    }

    /** Sends the core's trial records to {@code sink} (null: no records, the default). Returns this. */
    public Analysis records(final TrialRecordSink sink) {
        this.records = sink;
        return this;
    }

    /**
     * Where the last {@link #run}'s two cores spent their time (issue 15, {@code ./pairgate bench
     * --share}): the split record, how far apart the cores ended, the first core's wall and thread
     * CPU to the split, its wait for
     * the second core and the join; the second core's phases (thread start, device open, scan of
     * the first part, warm-up, count), each with its end in ms from the split's start and the
     * second thread's CPU in it. "" when the last run did not take a second core's part.
     */
    public String splitProfile() {
        return splitProfile;
    }

    /** The last {@link #run}'s split record when it took a second core's part, else -1 (tests: the share taken). */
    long splitRecord() {
        return splitRecord;
    }

    /** The last {@link #run}'s parts joined: 1 on one core, 2 for the first cut alone, more when cores took tails (tests). */
    int partsJoined() {
        return partsJoined;
    }

    /** Cores the last {@link #run} counted on: 2 when a second core's part was taken (see {@link ParallelRun}). */
    public int coresUsed() {
        return coresUsed;
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
        coresUsed = 1;
        partsJoined = 1;
        splitProfile = "";
        splitRecord = -1;
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
            final SinglesBlocks blocks = new SinglesBlocks(layout);
            final FrameSum sum = fused && device instanceof HydraT2Sink && source instanceof PtuT2Reader
                && ((PtuT2Reader) source).fusable()
                ? countFused((PtuT2Reader) source, device, layout, pump, wanted, blocks)
                : count(source, device, layout, new SyncRunCoalescer(config.syncChannel(), runs), pump, blocks::add,
                    config.syncChannel(), config.frameTrials());
            if (link != null) {
                final long unmapped = link.readRegister(PgMap.REG_LINK_UNMAPPED);
                if (unmapped != 0) {
                    throw new AnalysisException("the link front end counted " + unmapped + " tags on unmapped channels");
                }
                sum.addDroppedAtInput(link.droppedAtInput());
            }
            if (device instanceof RtlDevice rtl) {
                checkNoWriteRefused(rtl);
            }
            if (pump != null) {
                recordsRead = pump.finish();
            }
            final RunStatistics stats;
            try {
                stats = Statistics.compute(sum, blocks, config.maxDn(), config.binTicks(), config.windowLengths());
            } catch (final IllegalArgumentException e) {
                throw new AnalysisException("the " + device.engine() + " core's counters are inconsistent: " + e.getMessage(), e);
            }
            return new AnalysisResult(config, source.describe(), source.resolutionPs(), device.engine(), layout, stats);
        }
    }

    /**
     * Every register write of a run either went in or failed the run with the device's
     * {@code PG_ESTATE} error: a refused write counted on a device whose run did not fail is a
     * configuration or command lost, so the run fails. The count is the device's since it opened
     * (kept across CTRL_RESET), the firmware's LINK_WRITES_REFUSED plus the library's refusals
     * before the bus ({@link LinkDevice#writesRefused()}).
     */
    static void checkNoWriteRefused(final RtlDevice device) {
        final long refused = device.writesRefused();
        if (refused != 0) {
            final String where = device instanceof LinkDevice link
                ? " (LINK_WRITES_REFUSED " + link.writesRefusedOnBus() + ", refused by the library before the bus "
                    + link.writesRefusedByLibrary() + ")"
                : " (refused by the library before the bus)";
            throw new AnalysisException("the " + device.engine() + " device refused " + refused
                + " register writes that no error reported" + where + ": a configuration or command was lost");
        }
    }

    private static FrameSum count(final TagSource source, final Device device, final PgMap.FrameLayout layout,
                                  final SyncRunCoalescer coalescer, final TrialRecordPump pump, final FrameListener blocks,
                                  final int syncChannel, final long frameTrials) throws IOException {
        final FrameSum sum = new FrameSum(layout);
        final long[] frame = new long[layout.frameWords];
        final TagBatch batch = new TagBatch(BATCH_TAGS);
        while (source.read(batch) > 0) {
            final int n = coalescer.coalesce(batch);
            int offset = 0;
            while (offset < n) {
                final int end = pushEnd(batch, offset, n, syncChannel, frameTrials);
                final int accepted = device.push(batch, offset, end - offset);
                offset += accepted;
                final int drained = drain(device, sum, blocks, frame, layout);
                if (pump != null) {
                    pump.drain();
                }
                if (accepted == 0 && drained == 0) {
                    throw new AnalysisException("the " + device.engine() + " core accepts no tags and holds no frame");
                }
            }
        }
        return finish(device, sum, blocks, frame, layout, pump);
    }

    /**
     * As {@link #count}, with the reader's raw records going straight into the core, at most
     * {@link #BATCH_TAGS} per call so that the record ring's bound holds as for a batch, and, with a
     * frame cadence, at most {@link #PUSH_FRAMES} frames' trials per call as {@link #pushEnd} cuts a
     * batch (a T2 record is at most one sync), so that the frames are the ones {@link #count} makes.
     */
    private FrameSum countFused(final PtuT2Reader reader, final Device device, final PgMap.FrameLayout layout,
                                final TrialRecordPump pump, final PgMap.FrameLayout wanted, final SinglesBlocks blocks)
        throws IOException {
        final FrameSum sum = new FrameSum(layout);
        final long[] frame = new long[layout.frameWords];
        final HydraT2Sink sink = (HydraT2Sink) device;
        final long frameTrials = config.frameTrials();
        final int perCall = fusedPerCall(frameTrials);
        final FrameListener tap = blocks::add;
        if (parallel && pump == null && device instanceof FastSoftDevice
            && reader.recordsRead() == 0 && reader.fileRecords() >= parallelMinRecords) {
            final long wall0 = System.nanoTime();
            final long cpu0 = ParallelRun.threadCpu();
            final ParallelRun second = ParallelRun.start(reader, layout.maxDn, config.syncChannel(), frameTrials,
                () -> {
                    final Device d = devices.open(config.engine(), wanted);
                    d.configure(config.gateConfig());
                    d.reset();
                    return d;
                });
            // this core: records [0, P], P chosen by the second core as it scans and moved when a core takes the
            // other's tail (ParallelRun.room); its frames kept until every part is counted (the blocks are in file order)
            final FrameLog firstLog = new FrameLog(layout);
            final FastSoftDevice core = (FastSoftDevice) device;
            long at = 0;
            int room;
            while ((room = second.room(at, perCall)) > 0) {
                final int n = reader.readFused(sink, room);
                if (n < 0) {
                    break;
                }
                at += n;
                second.progress(at, reader.timeBase(), reader.tags(config.syncChannel()));
                drain(device, sum, firstLog, frame, layout);
            }
            final long wallAtSplit = System.nanoTime();
            final long cpuAtSplit = ParallelRun.threadCpu();
            if (room == 0 && second.handOver(at, core)) {
                // the part after this one starts in this core's state: close this part, take tails, join
                final FrameSum first = finish(device, sum, firstLog, frame, layout, null);
                second.stealAsFirst(core, reader);
                final long wallStolen = System.nanoTime();
                final List<ParallelRun.Part> parts = second.join(at);
                final long wallJoined = System.nanoTime();
                if (parts != null) {
                    ParallelRun.assemble(first, firstLog, parts, blocks, reader);
                    coresUsed = 2;
                    partsJoined = 1 + parts.size();
                    splitRecord = second.split();
                    splitProfile = second.profile(reader.fileRecords(), wall0, wallAtSplit - wall0, cpuAtSplit - cpu0,
                        wallStolen, wallJoined - wallStolen, System.nanoTime() - wallJoined);
                    return first;
                }
                // a later part did not start in the state its predecessor ended in: one core again, from the start
                return recount(reader, device, layout, blocks, perCall);
            }
            // no split, or the second core's part does not start in this core's state at P (e.g. a tag before its
            // start later than every tag of its warm-up): this core goes on alone, the result one core's either way
            second.abandon();
            firstLog.addTo(blocks, new long[1 + firstLog.bits()], true);
            final FrameSum alone = countOn(reader, device, sum, layout, pump, tap, frame, perCall);
            second.awaitEnd();
            return alone;
        }
        return countOn(reader, device, sum, layout, pump, tap, frame, perCall);
    }

    /** The fused loop from the reader's position to the file's end, then the host's close. */
    private static FrameSum countOn(final PtuT2Reader reader, final Device device, final FrameSum sum,
                                    final PgMap.FrameLayout layout, final TrialRecordPump pump, final FrameListener tap,
                                    final long[] frame, final int perCall) throws IOException {
        final HydraT2Sink sink = (HydraT2Sink) device;
        int accepted;
        while ((accepted = reader.readFused(sink, perCall)) >= 0) {
            final int drained = drain(device, sum, tap, frame, layout);
            if (pump != null) {
                pump.drain();
            }
            if (accepted == 0 && drained == 0) {
                throw new AnalysisException("the " + device.engine() + " core accepts no records and holds no frame");
            }
        }
        return finish(device, sum, tap, frame, layout, pump);
    }

    /**
     * The whole file again on this core ({@code device} reset, a fork of {@code reader} from record
     * 0), after a split whose parts could not be joined; the reader's counts become the fork's.
     */
    private FrameSum recount(final PtuT2Reader reader, final Device device, final PgMap.FrameLayout layout,
                             final SinglesBlocks blocks, final int perCall) throws IOException {
        device.reset();
        try (PtuT2Reader again = reader.fork(0, config.syncChannel())) {
            final FrameSum s = countOn(again, device, new FrameSum(layout), layout, null, blocks::add,
                new long[layout.frameWords], perCall);
            reader.absorb(reader.counts(), again.counts());
            return s;
        }
    }

    /**
     * Records per fused call: {@link #BATCH_TAGS}, and with a frame cadence at most {@link #PUSH_FRAMES}
     * frames' trials (a T2 record is at most one sync), as {@link #pushEnd} cuts a batch.
     */
    public static int fusedPerCall(final long frameTrials) {
        return frameTrials <= 0 ? BATCH_TAGS : (int) Math.min(BATCH_TAGS, Math.max(1, frameTrials * PUSH_FRAMES));
    }

    /** The host's final frame close, then a drain until that frame arrived. {@code blocks} may be null (not kept). */
    static FrameSum finish(final Device device, final FrameSum sum, final FrameListener blocks, final long[] frame,
                           final PgMap.FrameLayout layout, final TrialRecordPump pump) throws IOException {
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
            closed = (readOne(device, sum, blocks, frame, layout) & PgMap.FLAG_HOST_CLOSE) != 0;
        }
        drain(device, sum, blocks, frame, layout);
        if (pump != null) {
            pump.drain();
        }
        return sum;
    }

    /**
     * Where a push from {@code from} ends so that it carries at most {@link #PUSH_FRAMES} frames'
     * syncs (sync-run words count all their syncs), and at least one word; {@code to} when there is
     * no frame cadence ({@code frameTrials} 0). Such a push closes at most PUSH_FRAMES + 1 frames,
     * which a drained ring of the default size has room for, so the core does not merge closes:
     * with a fixed FRAME_TRIALS every frame but the last holds exactly that many trials, the frames
     * are the same wherever the pushes were cut (analyze and acquire agree), and they are equal
     * blocks for the stationarity test ({@link SinglesBlocks}). A single run word longer than that
     * still closes several frames at once (they may merge; no count is lost).
     */
    public static int pushEnd(final TagBatch batch, final int from, final int to, final int syncChannel,
        final long frameTrials) {
        if (frameTrials <= 0) {
            return to;
        }
        final long limit = frameTrials > Long.MAX_VALUE / PUSH_FRAMES ? Long.MAX_VALUE : frameTrials * PUSH_FRAMES;
        long syncs = 0;
        for (int i = from; i < to; i++) {
            if (batch.channel(i) == syncChannel) {
                syncs += batch.count(i);
                if (syncs >= limit) {
                    return i + 1;
                }
            }
        }
        return to;
    }

    /** Reads, checks, sums and releases every pending frame; returns how many. {@code blocks} may be null (not kept). */
    static int drain(final Device device, final FrameSum sum, final FrameListener blocks, final long[] frame,
                     final PgMap.FrameLayout layout) {
        int frames = 0;
        while (device.framesPending() > 0) {
            readOne(device, sum, blocks, frame, layout);
            frames++;
        }
        return frames;
    }

    /** Reads, checks, sums (into the totals and the singles blocks) and releases the oldest frame; returns its FLAGS word. */
    private static long readOne(final Device device, final FrameSum sum, final FrameListener blocks, final long[] frame, final PgMap.FrameLayout layout) {
        final int words = device.readFrame(frame);
        if (words != layout.frameWords) {
            throw new AnalysisException("the " + device.engine() + " core returned a frame of " + words + " words, expected "
                + layout.frameWords);
        }
        try {
            sum.add(frame);
            if (blocks != null) {
                blocks.frame(frame);
            }
        } catch (final FrameSum.FrameException e) {
            throw new AnalysisException("invalid frame from the " + device.engine() + " core: " + e.getMessage(), e);
        }
        device.releaseFrame();
        return frame[layout.offFlags];
    }
}
