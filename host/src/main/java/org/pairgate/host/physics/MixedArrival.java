package org.pairgate.host.physics;

import java.util.SplittableRandom;

/**
 * A photon that is emitted with law {@code first} with probability w, else with {@code second}:
 * the base and prompt-heating parts of one thermal mode's readout. Keeping them one light (one
 * Gamma intensity) keeps the mode's autocorrelation g whatever the mix.
 */
final class MixedArrival implements Arrival {
    private final Arrival first;
    private final Arrival second;
    private final double weight;

    MixedArrival(final Arrival first, final Arrival second, final double weightOfFirst) {
        this.first = first;
        this.second = second;
        this.weight = weightOfFirst;
    }

    @Override
    public double sample(final SplittableRandom random) {
        return random.nextDouble() < weight ? first.sample(random) : second.sample(random);
    }

    @Override
    public double probability(final double start, final double end, final double jitterSigma) {
        return weight * first.probability(start, end, jitterSigma) + (1 - weight) * second.probability(start, end, jitterSigma);
    }
}
