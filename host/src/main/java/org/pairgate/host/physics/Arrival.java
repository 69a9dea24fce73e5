package org.pairgate.host.physics;

import java.util.SplittableRandom;

/** The law of a photon's emission time after the sync, with its window probabilities. */
interface Arrival {
    /** A draw of the emission time, ps after the sync (before jitter). */
    double sample(SplittableRandom random);

    /** P(T + J ∈ [start, end)) with J ~ N(0, jitter²). */
    double probability(double start, double end, double jitterSigma);
}
