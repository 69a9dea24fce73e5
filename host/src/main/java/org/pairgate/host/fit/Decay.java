package org.pairgate.host.fit;

/**
 * y = p[0] + Σ_j p[1+2j]·exp(−x/p[2+2j]): a constant plus decaying exponentials, with the gradient
 * in the parameters.
 */
final class Decay {
    private Decay() {
    }

    static double value(final double[] p, final double x) {
        double y = p[0];
        for (int k = 1; k + 1 < p.length; k += 2) {
            y += p[k] * Math.exp(-x / p[k + 1]);
        }
        return y;
    }

    static double[] gradient(final double[] p, final double x) {
        final double[] g = new double[p.length];
        g[0] = 1;
        for (int k = 1; k + 1 < p.length; k += 2) {
            final double e = Math.exp(-x / p[k + 1]);
            g[k] = e;
            g[k + 1] = p[k] * e * x / (p[k + 1] * p[k + 1]);
        }
        return g;
    }
}
