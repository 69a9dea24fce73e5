package org.pairgate.host.sim;

import java.util.SplittableRandom;

import org.pairgate.device.TagBatch;
import org.pairgate.host.io.TagSource;

/**
 * A pulsed pair source that is on for a fraction of the time: the case where g2 = N·C/(S_a·S_b)
 * is biased and the side-peak normalisation is not (issue 17). Every expectation is exact.
 *
 * <p>Trials of period T, one sync each on channel 0 (1 ps ticks), one window [start, start + L),
 * detectors on channels 1 and 2. Trial n is <em>on</em> when {@code n mod cycle < onTrials}; an
 * off trial has no tag. In an on trial, independently: a pair event with probability q puts a
 * tag on both detectors, and detector d gets a background tag with probability s_d, each at a
 * uniform time in the window. So in an on trial
 * <pre>
 *   P(a) = 1 − (1 − q)(1 − s_a),   P(b) likewise,   P(ab) = q + (1 − q)·s_a·s_b,
 *   g2_true = P(ab) / (P(a)·P(b))                 (the g2 of the light while it is on)
 * </pre>
 * and, with on(n) the schedule, E[S_a] = P(a)·#on, E[C(0)] = P(ab)·#on and, for ΔN ≠ 0,
 * E[C(ΔN)] = P(a)·P(b)·#{n : on(n) ∧ on(n + |ΔN|)}. The plain g2(0) therefore expects
 * g2_true·N/#on = g2_true/f with f = #on/N the duty cycle, and g2(ΔN ≠ 0) about 1/f; g2_side
 * expects g2_true up to the edges of the on stretches (a relative K/onTrials).
 * {@code onTrials = cycle} is the constant-rate source.
 */
public final class DutyCycleSource implements TagSource {
    public static final int SYNC_CHANNEL = 0;

    private final long trials;
    private final long periodPs;
    private final long startPs;
    private final long lengthPs;
    private final long cycle;
    private final long onTrials;
    private final double pair;
    private final double[] single;
    private final long seed;
    private final SplittableRandom random;
    private final long[] times = new long[8];
    private final int[] channels = new int[8];
    private int count;
    private int next;
    private long trial;

    /**
     * @param trials   N complete trials (one more sync opens a last, never closed trial)
     * @param periodPs T
     * @param startPs  window start after the sync
     * @param lengthPs window length; start + length &lt; T
     * @param cycle    trials per on/off cycle
     * @param onTrials trials of each cycle that are on (the first ones)
     * @param pair     q
     * @param singleA  s_a (channel 1)
     * @param singleB  s_b (channel 2)
     * @param seed     random seed
     */
    public DutyCycleSource(final long trials, final long periodPs, final long startPs, final long lengthPs, final long cycle,
        final long onTrials, final double pair, final double singleA, final double singleB, final long seed) {
        if (trials < 1 || startPs < 0 || lengthPs < 1 || startPs + lengthPs >= periodPs || cycle < 1 || onTrials < 1
            || onTrials > cycle) {
            throw new IllegalArgumentException("need N >= 1, a window inside the period, 1 <= on trials <= cycle");
        }
        this.trials = trials;
        this.periodPs = periodPs;
        this.startPs = startPs;
        this.lengthPs = lengthPs;
        this.cycle = cycle;
        this.onTrials = onTrials;
        this.pair = pair;
        this.single = new double[] {singleA, singleB};
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** Whether trial n is on. */
    public boolean on(final long n) {
        return n % cycle < onTrials;
    }

    /** On trials among 0..n−1. */
    public long onBefore(final long n) {
        return n / cycle * onTrials + Math.min(n % cycle, onTrials);
    }

    /** #on among the N trials. */
    public long onTrialsTotal() {
        return onBefore(trials);
    }

    /** #{n : on(n) ∧ on(n + dn)}, 0 ≤ n, n + dn &lt; N. */
    public long onPairs(final int dn) {
        final int d = Math.abs(dn);
        long count = 0;
        for (long n = 0; n + d < trials; n++) {
            if (on(n) && on(n + d)) {
                count++;
            }
        }
        return count;
    }

    public long trials() {
        return trials;
    }

    /** P(detector d clicks) in an on trial. */
    public double clickProbability(final int d) {
        return 1 - (1 - pair) * (1 - single[d]);
    }

    /** P(both click) in an on trial. */
    public double bothProbability() {
        return pair + (1 - pair) * single[0] * single[1];
    }

    /** g2 of the light while the source is on. */
    public double trueG2() {
        return bothProbability() / (clickProbability(0) * clickProbability(1));
    }

    /** Expected plain g2(ΔN) = N'·E[C]/(E[S'_a]·E[S'_b]) (ratio of the expectations). */
    public double expectedPlainG2(final int dn) {
        if (dn == 0) {
            final double on = onTrialsTotal();
            return (double) trials * on * bothProbability() / (on * clickProbability(0) * on * clickProbability(1));
        }
        final int d = Math.abs(dn);
        final double early = onBefore(trials - d);
        final double late = onTrialsTotal() - onBefore(d);
        final double earlyA = dn > 0 ? early : late;
        final double lateB = dn > 0 ? late : early;
        return (double) (trials - d) * onPairs(d) / (earlyA * lateB);
    }

    /** Expected g2_side(ΔN) (ratio of the expectations) with side peaks 1 ≤ |ΔN'| ≤ k. */
    public double expectedSideG2(final int dn, final int k) {
        double side = 0;
        for (int d = 1; d <= k; d++) {
            side += 2.0 * onPairs(d) / (trials - d);
        }
        final double mean = side / (2 * k) * clickProbability(0) * clickProbability(1);
        final double rate = dn == 0 ? (double) onTrialsTotal() * bothProbability() / trials
            : (double) onPairs(dn) * clickProbability(0) * clickProbability(1) / (trials - Math.abs(dn));
        return rate / mean;
    }

    @Override
    public int read(final TagBatch batch) {
        batch.clear();
        while (!batch.isFull()) {
            if (next == count && !generate()) {
                return batch.size();
            }
            batch.add(times[next], channels[next]);
            next++;
        }
        return batch.size();
    }

    private boolean generate() {
        count = 0;
        next = 0;
        if (trial > trials) {
            return false;
        }
        final long n = trial++;
        final long sync = (n + 1) * periodPs;
        add(sync, SYNC_CHANNEL);
        if (n == trials || !on(n)) {
            return true;
        }
        final boolean isPair = random.nextDouble() < pair;
        final long[] at = {-1, -1};
        for (int d = 0; d < 2; d++) {
            final long pairAt = isPair ? random.nextLong(lengthPs) : -1;
            final long bgAt = random.nextDouble() < single[d] ? random.nextLong(lengthPs) : -1;
            at[d] = pairAt < 0 ? bgAt : bgAt < 0 ? pairAt : Math.min(pairAt, bgAt);
        }
        // time order: the two detectors' first tags (a second tag of a detector adds nothing to the pattern)
        final int first = at[0] >= 0 && (at[1] < 0 || at[0] <= at[1]) ? 0 : 1;
        for (final int d : new int[] {first, 1 - first}) {
            if (at[d] >= 0) {
                add(sync + startPs + at[d], d + 1);
            }
        }
        return true;
    }

    private void add(final long time, final int channel) {
        times[count] = time;
        channels[count] = channel;
        count++;
    }

    @Override
    public double resolutionPs() {
        return 1.0;
    }

    @Override
    public String describe() {
        return "duty-cycle pair source, " + trials + " trials, on " + onTrials + " of every " + cycle + ", seed " + seed;
    }

    @Override
    public void close() {
    }
}
