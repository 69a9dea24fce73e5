package org.pairgate.host.sim;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.pairgate.device.TagBatch;
import org.pairgate.host.io.TagSource;

/**
 * A fixed-seed Monte Carlo of a {@link ToyModel}: the tag stream a time tagger would record, in
 * 1 ps ticks, sync on channel 0, detectors on 1 and 2, stray tags on 3, time-ordered.
 *
 * <p>Stream: {@link ToyModel#tagsBeforeFirstSync()} detector tags, then N + 1 syncs one period
 * apart (N complete trials; the last sync opens a trial that is never closed and holds one tag in
 * window 0), each followed by that trial's tags sorted by recorded time. A trial is generated only
 * when the previous one has been handed out, so memory is constant and an empty trial costs a
 * handful of random draws.
 *
 * <p>Every tag is a single tag word: the source draws its random numbers per trial anyway, so
 * writing sync runs itself would save nothing; the core's feeder merges its empty trials' syncs
 * ({@code SyncRunCoalescer}, docs/formats.md "Sync runs").
 *
 * <p>While it generates, the source keeps the exact accounting a core must report for its
 * stream ({@link #tally()}): which tags land in a window, outside every window, before the
 * first sync, or on another channel.
 */
public final class ToyPairSource implements TagSource {
    private final ToyModel model;
    private final long seed;
    private final SplittableRandom random;
    private final Tally tally = new Tally();

    /** Tags of the current trial, sorted, and how many are handed out. */
    private long[] times = new long[16];
    private int[] channels = new int[16];
    private int count;
    private int next;
    /** -1: the tags before the first sync; 0..N-1: trials; N: the incomplete last trial; N + 1: done. */
    private long trial = -1;

    public ToyPairSource(final ToyModel model, final long seed) {
        this.model = model;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    public ToyModel model() {
        return model;
    }

    /** Accounting of every tag handed out so far; complete once {@link #read} has returned 0. */
    public Tally tally() {
        return tally;
    }

    @Override
    public int read(final TagBatch batch) {
        batch.clear();
        while (!batch.isFull()) {
            while (next == count) {
                if (!generate()) {
                    return batch.size();
                }
            }
            batch.add(times[next], channels[next]);
            next++;
        }
        return batch.size();
    }

    @Override
    public double resolutionPs() {
        return 1.0;
    }

    @Override
    public String describe() {
        return "toy pair source, " + model.trials() + " trials, seed " + seed;
    }

    @Override
    public void close() {
    }

    /** Time of the sync that opens trial n (the first one period after the stream starts). */
    private long syncTime(final long n) {
        return (n + 1) * model.periodPs();
    }

    /** Fills the buffer with the next group of tags; false at the end. */
    private boolean generate() {
        count = 0;
        next = 0;
        final long n = trial++;
        if (n == -1) {
            final int k = model.tagsBeforeFirstSync();
            for (int i = 0; i < k; i++) {
                add((i + 1) * (model.periodPs() / (k + 1)), ToyModel.channelOf(i % ToyModel.DETECTORS));
                tally.beforeFirstSync++;
            }
            return true;
        }
        if (n > model.trials()) {
            return false;
        }
        final long sync = syncTime(n);
        add(sync, ToyModel.SYNC_CHANNEL);
        tally.syncs++;
        if (n == model.trials()) {
            // the trial after the last sync is never closed: its tags count in the accounting only
            detector(sync, 0, model.windows().get(0).startPs());
            return true;
        }
        for (int w = 0; w < model.windows().size(); w++) {
            final ToyWindow win = model.windows().get(w);
            if (random.nextDouble() < win.pairProbability()) {
                detector(sync, 0, win.startPs() + pairArrival(win));
                detector(sync, 1, win.startPs() + pairArrival(win));
            }
            for (int d = 0; d < ToyModel.DETECTORS; d++) {
                if (random.nextDouble() < win.singleProbability(d)) {
                    detector(sync, d, win.startPs() + random.nextLong(win.lengthPs()));
                }
            }
        }
        final double end = model.periodPs() - model.guardPs();
        for (int d = 0; d < ToyModel.DETECTORS; d++) {
            final double rate = model.darkRatePerPs(d);
            if (rate > 0) {
                for (double t = model.guardPs() + exponential(rate); t < end; t += exponential(rate)) {
                    detector(sync, d, (long) t);
                }
            }
        }
        if (model.otherChannelEvery() > 0 && n % model.otherChannelEvery() == 0) {
            add(sync + model.guardPs() / 2, ToyModel.OTHER_CHANNEL);
            tally.otherChannel++;
        }
        sortAfterSync();
        return true;
    }

    /** A detector tag at a true offset after the sync, recorded its lead early. */
    private void detector(final long sync, final int d, final long offsetPs) {
        add(sync + offsetPs - model.detectorLeadPs(d), ToyModel.channelOf(d));
        boolean inWindow = false;
        for (final ToyWindow win : model.windows()) {
            inWindow |= offsetPs >= win.startPs() && offsetPs < win.endPs();
        }
        if (inWindow) {
            tally.inWindow++;
        } else {
            tally.outside++;
        }
    }

    /** Offset in the window, truncated exponential by inversion: t = −τ ln(1 − u(1 − e^(−L/τ))). */
    private long pairArrival(final ToyWindow win) {
        final double u = random.nextDouble();
        final double t = -win.pairDecayPs() * Math.log1p(u * Math.expm1(-win.lengthPs() / win.pairDecayPs()));
        return Math.min((long) t, win.lengthPs() - 1);
    }

    private double exponential(final double rate) {
        return -Math.log1p(-random.nextDouble()) / rate;
    }

    private void add(final long time, final int channel) {
        if (count == times.length) {
            times = Arrays.copyOf(times, 2 * count);
            channels = Arrays.copyOf(channels, 2 * count);
        }
        times[count] = time;
        channels[count] = channel;
        count++;
    }

    /** Insertion sort of the tags after the sync (a trial holds a few): stable, so ties keep their order. */
    private void sortAfterSync() {
        for (int i = 2; i < count; i++) {
            final long t = times[i];
            final int c = channels[i];
            int j = i - 1;
            while (j >= 1 && times[j] > t) {
                times[j + 1] = times[j];
                channels[j + 1] = channels[j];
                j--;
            }
            times[j + 1] = t;
            channels[j + 1] = c;
        }
    }

    /** The accounting the core must report for the stream handed out so far. */
    public static final class Tally {
        long syncs;
        long inWindow;
        long outside;
        long beforeFirstSync;
        long otherChannel;

        public long syncs() {
            return syncs;
        }

        public long inWindow() {
            return inWindow;
        }

        public long outside() {
            return outside;
        }

        public long beforeFirstSync() {
            return beforeFirstSync;
        }

        public long otherChannel() {
            return otherChannel;
        }

        /** Every tag handed out (no tag is ever out of order). */
        public long tags() {
            return syncs + inWindow + outside + beforeFirstSync + otherChannel;
        }
    }
}
