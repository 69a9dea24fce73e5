package org.pairgate.host.physics;

import java.util.Arrays;

/**
 * The detector tags of one trial while it is built: detector index and time after the sync in
 * ps (fractional, before the tagger's flooring). Reused from trial to trial.
 */
final class TrialTags {
    private double[] times = new double[16];
    private int[] detectors = new int[16];
    private int size;
    /** Time of the last kept tag per detector, reused by {@link #applyDeadTime}. */
    private double[] lastKept = new double[2];

    void clear() {
        size = 0;
    }

    void add(final double timePs, final int detector) {
        if (size == times.length) {
            times = Arrays.copyOf(times, 2 * size);
            detectors = Arrays.copyOf(detectors, 2 * size);
        }
        times[size] = timePs;
        detectors[size] = detector;
        size++;
    }

    int size() {
        return size;
    }

    double time(final int i) {
        return times[i];
    }

    int detector(final int i) {
        return detectors[i];
    }

    /** Sorts by time (insertion sort: a trial holds a handful of tags). */
    void sort() {
        for (int i = 1; i < size; i++) {
            final double t = times[i];
            final int d = detectors[i];
            int j = i - 1;
            while (j >= 0 && times[j] > t) {
                times[j + 1] = times[j];
                detectors[j + 1] = detectors[j];
                j--;
            }
            times[j + 1] = t;
            detectors[j + 1] = d;
        }
    }

    /**
     * Drops every tag that falls within the dead time after the previous kept tag of the same
     * detector (an SNSPD is blind while it recovers). Needs sorted tags.
     */
    void applyDeadTime(final double deadTimePs, final int detectorCount) {
        if (deadTimePs <= 0) {
            return;
        }
        if (lastKept.length < detectorCount) {
            lastKept = new double[detectorCount];
        }
        final double[] last = lastKept;
        Arrays.fill(last, 0, detectorCount, Double.NEGATIVE_INFINITY);
        int kept = 0;
        for (int i = 0; i < size; i++) {
            final int d = detectors[i];
            if (times[i] - last[d] >= deadTimePs) {
                last[d] = times[i];
                times[kept] = times[i];
                detectors[kept] = d;
                kept++;
            }
        }
        size = kept;
    }
}
