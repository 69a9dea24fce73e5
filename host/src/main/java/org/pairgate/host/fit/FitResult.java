package org.pairgate.host.fit;

/**
 * A fitted decay y = y_∞ + Σ_j A_j·exp(−x/t_j) with the parameters' covariance.
 *
 * <p>Parameter order: y_∞, A_1, t_1, A_2, t_2, … ({@link #terms()} terms).
 *
 * @param parameters the best-fit parameters
 * @param covariance their covariance, (JᵀWJ)⁻¹
 * @param chiSquare  Σ ((y_i − f(x_i))/σ_i)² at the optimum
 * @param dof        points − parameters
 * @param x          the abscissae fitted (for the prediction band's σ interpolation)
 * @param sigma      the points' σ
 */
public record FitResult(double[] parameters, double[][] covariance, double chiSquare, int dof, double[] x, double[] sigma) {

    public int terms() {
        return (parameters.length - 1) / 2;
    }

    /** The asymptote y_∞. */
    public double offset() {
        return parameters[0];
    }

    /** Amplitude A_j of term j (0-based). */
    public double amplitude(final int j) {
        return parameters[1 + 2 * j];
    }

    /** Time constant t_j of term j (0-based). */
    public double timeConstant(final int j) {
        return parameters[2 + 2 * j];
    }

    /** Standard error of parameter k, √C_kk. */
    public double standardError(final int k) {
        return Math.sqrt(covariance[k][k]);
    }

    /** Standard error of t_j. */
    public double timeConstantError(final int j) {
        return standardError(2 + 2 * j);
    }

    public double reducedChiSquare() {
        return dof > 0 ? chiSquare / dof : Double.NaN;
    }

    /** The fitted curve at x. */
    public double value(final double xv) {
        return Decay.value(parameters, xv);
    }

    /**
     * Half-width of the band at x at confidence {@code level} (e.g. 0.99): t_(dof)·√(gᵀCg) for the
     * confidence band of the curve; with {@code prediction}, t_(dof)·√(gᵀCg + σ(x)²) for a new
     * point, σ(x) interpolated linearly between the fitted points' σ (held constant outside).
     */
    public double band(final double xv, final double level, final boolean prediction) {
        final double[] g = Decay.gradient(parameters, xv);
        double var = 0;
        for (int i = 0; i < g.length; i++) {
            for (int k = 0; k < g.length; k++) {
                var += g[i] * covariance[i][k] * g[k];
            }
        }
        if (prediction) {
            final double s = sigmaAt(xv);
            var += s * s;
        }
        return DecayFit.tQuantile(level, dof) * Math.sqrt(Math.max(var, 0));
    }

    private double sigmaAt(final double xv) {
        int lo = 0;
        int hi = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] <= xv && (x[lo] > xv || x[i] >= x[lo])) {
                lo = i;
            }
            if (x[i] >= xv && (x[hi] < xv || x[i] <= x[hi])) {
                hi = i;
            }
        }
        if (x[lo] > xv) {
            return sigma[hi];
        }
        if (x[hi] < xv || hi == lo || x[hi] == x[lo]) {
            return sigma[lo];
        }
        final double f = (xv - x[lo]) / (x[hi] - x[lo]);
        return sigma[lo] + f * (sigma[hi] - sigma[lo]);
    }
}
