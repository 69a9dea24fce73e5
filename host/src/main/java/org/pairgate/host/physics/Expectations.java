package org.pairgate.host.physics;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact expectations of an {@link ExperimentModel} for the statistics pairgate reports, for
 * the two windows of the model: 0 = "pre", 1 = "meas" (the measurement window may be cut to a gate).
 *
 * <p>Everything follows from one quantity, the probability that a trial has no tag in a set of
 * (detector, time span) regions: the lights are independent, so it is the product of each
 * light's closed form ({@link Light#probabilityNone}). Click probabilities, coincidences,
 * pattern probabilities and the fourfold cells follow by inclusion–exclusion; g2 = P(ab)/(P(a)P(b)).
 *
 * <p>Exact for the source as simulated when the dead time cannot act inside the regions: a dead
 * time only removes tags that follow a tag of the same detector, so within one window it never
 * changes whether (or when first) a detector clicked; it can only blind the start of a window
 * after a tag shortly before it (a click at the end of "pre" within the dead time of "meas"),
 * an effect of order P(click)·dead time/window, which the tests keep out with dead time 0.
 * Tags of the Gaussian tails before the sync (probability &lt; 10⁻⁹) are dropped by the source
 * and counted here.
 */
public final class Expectations {
    private final ExperimentModel model;
    private final List<Light> lights;

    public Expectations(final ExperimentModel model) {
        this.model = model;
        this.lights = Lights.of(model);
    }

    public long windowStart(final int window) {
        return window == 0 ? model.preWindowStartPs() : model.measWindowStartPs();
    }

    public long windowLength(final int window) {
        return window == 0 ? model.preWindowLengthPs() : model.measWindowPs();
    }

    private Region region(final int window, final int detector, final long gate) {
        final long s = windowStart(window);
        return new Region(detector, s, s + Math.min(gate, windowLength(window)));
    }

    /** P(no tag in any of the regions). */
    double none(final Region... regions) {
        double p = 1;
        for (final Light l : lights) {
            p *= l.probabilityNone(regions);
        }
        return p;
    }

    /** P(detector d clicks in the first {@code gate} ps of window w). */
    public double click(final int window, final int detector, final long gate) {
        return 1 - none(region(window, detector, gate));
    }

    /** P(both detectors click in the first {@code gate} ps of window w). */
    public double both(final int window, final long gate) {
        final Region a = region(window, 0, gate);
        final Region b = region(window, 1, gate);
        return 1 - none(a) - none(b) + none(a, b);
    }

    /** g2(0, gate) of the HBT pair in window w. */
    public double g2(final int window, final long gate) {
        return both(window, gate) / (click(window, 0, gate) * click(window, 1, gate));
    }

    /** g2(0) of the HBT pair over the whole window w. */
    public double g2(final int window) {
        return g2(window, windowLength(window));
    }

    /** P(a click of any detector in window w). */
    public double anyClick(final int window) {
        final long len = windowLength(window);
        return 1 - none(region(window, 0, len), region(window, 1, len));
    }

    /** Cross-window g2 of "any detector in pre" with "any detector in meas". */
    public double crossG2() {
        final Region[] pre = {region(0, 0, windowLength(0)), region(0, 1, windowLength(0))};
        final Region[] meas = {region(1, 0, windowLength(1)), region(1, 1, windowLength(1))};
        final double both = 1 - none(pre) - none(meas) + none(pre[0], pre[1], meas[0], meas[1]);
        return both / (anyClick(0) * anyClick(1));
    }

    /** Expected tags of detector d in window w per trial (the "counts per pulse" of Fig. 2c). */
    public double meanTags(final int window, final int detector) {
        final Region r = region(window, detector, windowLength(window));
        double m = 0;
        for (final Light l : lights) {
            m += l.meanTags(r);
        }
        return m;
    }

    /**
     * P(the trial's click pattern is exactly {@code pattern}), bit w·2 + d for detector d in
     * window w, as the core's PATTERNS counter: inclusion–exclusion over the set bits.
     */
    public double patternProbability(final int pattern) {
        final List<Region> clear = new ArrayList<>();
        final List<Region> set = new ArrayList<>();
        for (int bit = 0; bit < 4; bit++) {
            final Region r = region(bit / 2, bit % 2, windowLength(bit / 2));
            if ((pattern & (1 << bit)) != 0) {
                set.add(r);
            } else {
                clear.add(r);
            }
        }
        double p = 0;
        for (int subset = 0; subset < (1 << set.size()); subset++) {
            final List<Region> regions = new ArrayList<>(clear);
            for (int i = 0; i < set.size(); i++) {
                if ((subset & (1 << i)) != 0) {
                    regions.add(set.get(i));
                }
            }
            p += (Integer.bitCount(subset) % 2 == 0 ? 1 : -1) * none(regions.toArray(new Region[0]));
        }
        return p;
    }

    /** P(pair in both windows), the expectation of n22/N. */
    public double pairInBoth() {
        return patternProbability(0b1111);
    }
}
