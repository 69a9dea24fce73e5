package org.pairgate.host.stats;

/**
 * Poisson tail probabilities, summed in log space so that the counts of a long run (n in the
 * millions, tails far below 1e-300 of the peak) neither overflow nor lose the tail.
 */
public final class Poisson {
    private Poisson() {
    }

    /** P(X ≤ k) for X ~ Poisson(mean). */
    public static double cdf(final long k, final double mean) {
        if (k < 0) {
            return 0.0;
        }
        if (mean <= 0.0) {
            return 1.0;
        }
        if (k >= mean) {
            return 1.0 - upperTail(k + 1, mean);
        }
        return sumTerms(0, k, mean);
    }

    /** P(X ≥ k) for X ~ Poisson(mean). */
    public static double upperTail(final long k, final double mean) {
        if (k <= 0) {
            return 1.0;
        }
        if (mean <= 0.0) {
            return 0.0;
        }
        if (k <= mean) {
            return 1.0 - sumTerms(0, k - 1, mean);
        }
        // terms decrease from k on; stop when they no longer change the sum
        final double logFirst = logTerm(k, mean);
        double sum = 0.0;
        double term = 1.0;
        for (long j = k; term > 1e-17 * sum || sum == 0.0; j++) {
            sum += term;
            term *= mean / (j + 1);
            if (term == 0.0) {
                break;
            }
        }
        return Math.min(1.0, Math.exp(logFirst + Math.log(sum)));
    }

    /**
     * The tail on the side of the observation: P(X ≤ observed) when it is at or below the mean,
     * else P(X ≥ observed). This is the probability the fourfold table reports for n22.
     */
    public static double tailOnSideOf(final long observed, final double mean) {
        return observed <= mean ? cdf(observed, mean) : upperTail(observed, mean);
    }

    /** Σ_{j=from..to} P(X = j), all terms ≤ the largest (at to, since to < mean). */
    private static double sumTerms(final long from, final long to, final double mean) {
        final double logLast = logTerm(to, mean);
        double sum = 0.0;
        double term = 1.0;
        for (long j = to; j >= from; j--) {
            sum += term;
            term *= j / mean;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return Math.min(1.0, Math.exp(logLast + Math.log(sum)));
    }

    private static double logTerm(final long k, final double mean) {
        return k * Math.log(mean) - mean - logFactorial(k);
    }

    /** ln k! by summation below 256, Stirling's series above (relative error below 1e-15). */
    static double logFactorial(final long k) {
        if (k < 256) {
            double s = 0.0;
            for (long i = 2; i <= k; i++) {
                s += Math.log(i);
            }
            return s;
        }
        final double x = k + 1.0;
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI)
            + 1.0 / (12 * x) - 1.0 / (360 * x * x * x) + 1.0 / (1260 * Math.pow(x, 5));
    }
}
