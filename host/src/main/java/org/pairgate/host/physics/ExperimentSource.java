package org.pairgate.host.physics;

import java.util.List;
import java.util.SplittableRandom;

import org.pairgate.device.TagBatch;
import org.pairgate.host.io.PeriodicSyncs;
import org.pairgate.host.io.SyncRuns;
import org.pairgate.host.io.TagSource;

/**
 * A fixed-seed Monte Carlo of the phonon-pair experiment ({@link ExperimentModel}) as a time
 * tagger would record it: 1 ps ticks, sync on channel 0, detectors on channels 1 and 2
 * (PicoQuant numbering), time-ordered, N + 1 syncs (N complete trials).
 *
 * <p><b>Silent trials cost one sync tag.</b> Each independent light of the trial ({@link Light})
 * gives a tag in a trial with some small probability p (10⁻³ and less at the paper's rates), so
 * the trial index of its next tag-bearing trial is drawn as a geometric gap, and only then is
 * that trial drawn, conditioned on the light giving at least one tag. The trials in between are
 * emitted as bare syncs in a tight loop, or, with {@link #syncRuns(SyncRuns)} on, as one sync-run
 * word (then a silent trial costs neither the source nor the core a tag). This is exact: the
 * indicator "light L gives a tag in trial n" is i.i.d. Bernoulli(p) over n, whose gaps are
 * geometric, and the trial's content given the indicator is drawn from its conditional law.
 *
 * <p>Within a tag-bearing trial the tags are sorted, the detector dead time is applied per
 * channel (a tag closer than the dead time to the previous kept tag of its detector is lost),
 * and times are floored to whole picoseconds.
 */
public final class ExperimentSource implements TagSource {
    public static final int SYNC_CHANNEL = 0;
    /** Channel of detector d (0 or 1): input d, i.e. d + 1 in PicoQuant T2 numbering. */
    public static int channelOf(final int detector) {
        return detector + 1;
    }

    private final ExperimentModel model;
    private final long seed;
    private final SplittableRandom random;
    private final List<Light> lights;
    private final double[] logNone;
    private final long[] nextTrial;
    private final TrialTags trial = new TrialTags();
    private final PeriodicSyncs periodic = new PeriodicSyncs();
    /** Single syncs to keep at the end of a run ({@link SyncRuns#tail(long)}); -1: one tag per sync. */
    private long runTail = -1;

    /** Next trial whose sync is to be emitted; N is the incomplete last one. */
    private long n;
    /** Tags of the current tag-bearing trial still to hand out (index into {@link #trial}), -1 when none. */
    private int pending = -1;
    private long pendingSync;
    private long tags;
    private long eventTrials;

    public ExperimentSource(final ExperimentModel model, final long seed) {
        this.model = model;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.lights = Lights.of(model);
        this.logNone = new double[lights.size()];
        this.nextTrial = new long[lights.size()];
        for (int i = 0; i < lights.size(); i++) {
            final double p = lights.get(i).probabilityAny();
            logNone[i] = Math.log1p(-Math.min(p, 1.0));
            nextTrial[i] = p <= 0 ? Long.MAX_VALUE : gap(i);
        }
    }

    public ExperimentModel model() {
        return model;
    }

    /** Tags handed out so far (syncs included; a sync-run word counts its syncs). */
    public long tags() {
        return tags;
    }

    /** Trials that held at least one detector tag so far. */
    public long eventTrials() {
        return eventTrials;
    }

    /** Failures before the next success of light i: ⌊ln U / ln(1 − p)⌋. */
    private long gap(final int i) {
        if (logNone[i] == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        final double g = Math.floor(Math.log(1.0 - random.nextDouble()) / logNone[i]);
        return g >= Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : (long) g;
    }

    private long syncTime(final long trialIndex) {
        return (trialIndex + 1) * model.periodPs();
    }

    /**
     * Writes the silent trials' syncs as sync-run words where {@code runs} allows it for this
     * model's trigger period (docs/formats.md "Sync runs"); call before the first {@link #read}.
     * The random draws do not depend on it, so the trials are the same with runs on and off.
     */
    @Override
    public void syncRuns(final SyncRuns runs) {
        runTail = runs.tail(model.periodPs());
    }

    @Override
    public int read(final TagBatch batch) {
        batch.clear();
        final long last = model.trials();
        final int capacity = batch.capacity();
        while (!batch.isFull()) {
            if (pending >= 0) {
                batch.add(pendingSync + (long) Math.floor(trial.time(pending)), channelOf(trial.detector(pending)));
                tags++;
                if (++pending == trial.size()) {
                    pending = -1;
                }
                continue;
            }
            if (n > last) {
                break;
            }
            long event = Long.MAX_VALUE;
            for (final long t : nextTrial) {
                event = Math.min(event, t);
            }
            // the syncs from trial n up to the next tag-bearing trial's own sync, or up to the last sync
            // (the trial N after the last sync stays empty): nothing between them, one stretch
            final long end = event < last ? event : last;
            final int next = periodic.write(batch, batch.size(), capacity, SYNC_CHANNEL, syncTime(n), model.periodPs(),
                end - n + 1, runTail);
            batch.size(next);
            n += periodic.written();
            tags += periodic.written();
            if (n > end && end == event && event < last) {
                buildTrial(end);
            }
        }
        return batch.size();
    }

    /** Draws every light due in trial k, conditioned on its tag, and queues the sorted tags after the sync. */
    private void buildTrial(final long k) {
        trial.clear();
        for (int i = 0; i < lights.size(); i++) {
            if (nextTrial[i] == k) {
                lights.get(i).sampleGivenAny(random, trial);
                nextTrial[i] = k + 1 + gap(i);
            }
        }
        trial.sort();
        trial.applyDeadTime(model.deadTimePs(), 2);
        eventTrials++;
        // tags before the sync (a far Gaussian tail) would break time order with the sync: the
        // windows start tens of ns after the sync, so such tags are dropped (probability < 1e-9)
        int first = 0;
        while (first < trial.size() && trial.time(first) < 0) {
            first++;
        }
        if (first > 0) {
            dropFirst(first);
        }
        pendingSync = syncTime(k);
        pending = trial.size() > 0 ? 0 : -1;
    }

    private void dropFirst(final int count) {
        final TrialTags kept = new TrialTags();
        for (int i = count; i < trial.size(); i++) {
            kept.add(trial.time(i), trial.detector(i));
        }
        trial.clear();
        for (int i = 0; i < kept.size(); i++) {
            trial.add(kept.time(i), kept.detector(i));
        }
    }

    @Override
    public double resolutionPs() {
        return 1.0;
    }

    @Override
    public String describe() {
        return "pairgate physics simulator (" + model + ", seed " + seed + ")";
    }

    @Override
    public void close() {
    }
}
