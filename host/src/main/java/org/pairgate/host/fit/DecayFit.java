package org.pairgate.host.fit;

import org.hipparchus.distribution.continuous.TDistribution;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.DiagonalMatrix;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.MultivariateJacobianFunction;
import org.hipparchus.util.Pair;

/**
 * Weighted least-squares fits of exponential decays, y = y_∞ + Σ_j A_j·exp(−x/t_j) (one term for
 * Fig. 3c/3d, two for the pump–probe of Fig. 4c), with Hipparchus' Levenberg–Marquardt optimizer.
 *
 * <p>Weights are 1/σ_i². The covariance of the parameters is (JᵀWJ)⁻¹ — the σ_i are taken as the
 * true standard deviations of the points (as the delta-method σ of a g2 is), so the covariance is
 * not rescaled by the reduced χ²; {@link FitResult#reducedChiSquare()} says whether that was fair.
 * Bands: see {@link FitResult#band}.
 *
 * <p>Exponential fits have many local minima in t; the fit is started from a grid of time
 * constants (log-spaced over the x range, or around the caller's guesses) and the best χ² wins.
 */
public final class DecayFit {
    private static final int MAX_EVALUATIONS = 20_000;

    private DecayFit() {
    }

    /** One-term fit started from a grid of time constants between span/30 and 3·span. */
    public static FitResult single(final double[] x, final double[] y, final double[] sigma) {
        check(x, y, sigma, 3);
        final double span = max(x) - min(x);
        FitResult best = null;
        for (int i = 0; i <= 12; i++) {
            final double t = span / 30 * Math.pow(90, i / 12.0);
            final double e0 = Math.exp(-x[0] / t);
            final double eN = Math.exp(-x[x.length - 1] / t);
            final double a = (y[0] - y[y.length - 1]) / Math.max(e0 - eN, 1e-12);
            final double yInf = y[y.length - 1] - a * eN;
            best = better(best, tryFit(x, y, sigma, new double[] {yInf, a, t}, 1));
        }
        if (best == null) {
            throw new IllegalArgumentException("the exponential fit did not converge");
        }
        return best;
    }

    /**
     * Two-term fit y = y_∞ + A_1 e^(−x/t_1) + A_2 e^(−x/t_2), started around the guesses (each
     * scaled by 0.5, 1, 2); the returned terms are ordered by their guesses.
     */
    public static FitResult twoTerm(final double[] x, final double[] y, final double[] sigma, final double guessT1,
        final double guessT2) {
        check(x, y, sigma, 5);
        FitResult best = null;
        for (final double f1 : new double[] {0.5, 1, 2}) {
            for (final double f2 : new double[] {0.5, 1, 2}) {
                final double t1 = guessT1 * f1;
                final double t2 = guessT2 * f2;
                // linear least squares for y_∞, A_1, A_2 at these t's as the start
                final double[] lin = linearStart(x, y, sigma, t1, t2);
                best = better(best, tryFit(x, y, sigma, new double[] {lin[0], lin[1], t1, lin[2], t2}, 2));
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("the two-term exponential fit did not converge");
        }
        return best;
    }

    private static double[] linearStart(final double[] x, final double[] y, final double[] s, final double t1, final double t2) {
        final RealMatrix a = new Array2DRowRealMatrix(x.length, 3);
        final RealVector b = new ArrayRealVector(x.length);
        for (int i = 0; i < x.length; i++) {
            a.setEntry(i, 0, 1 / s[i]);
            a.setEntry(i, 1, Math.exp(-x[i] / t1) / s[i]);
            a.setEntry(i, 2, Math.exp(-x[i] / t2) / s[i]);
            b.setEntry(i, y[i] / s[i]);
        }
        try {
            return new org.hipparchus.linear.QRDecomposition(a).getSolver().solve(b).toArray();
        } catch (final RuntimeException e) {
            return new double[] {y[y.length - 1], y[0] - y[y.length - 1], 0};
        }
    }

    private static FitResult better(final FitResult a, final FitResult b) {
        if (b == null) {
            return a;
        }
        return a == null || b.chiSquare() < a.chiSquare() ? b : a;
    }

    /** One Levenberg–Marquardt run; null when it fails or ends at a degenerate point. */
    private static FitResult tryFit(final double[] x, final double[] y, final double[] sigma, final double[] start,
        final int terms) {
        final double[] w = new double[x.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1 / (sigma[i] * sigma[i]);
        }
        final MultivariateJacobianFunction model = p -> {
            final RealVector value = new ArrayRealVector(x.length);
            final RealMatrix jac = new Array2DRowRealMatrix(x.length, p.getDimension());
            for (int i = 0; i < x.length; i++) {
                value.setEntry(i, Decay.value(p.toArray(), x[i]));
                final double[] g = Decay.gradient(p.toArray(), x[i]);
                for (int k = 0; k < g.length; k++) {
                    jac.setEntry(i, k, g[k]);
                }
            }
            return new Pair<>(value, jac);
        };
        final double span = max(x) - min(x);
        final LeastSquaresProblem problem = new LeastSquaresBuilder()
            .start(start).model(model).target(y).weight(new DiagonalMatrix(w))
            .parameterValidator(p -> {
                final RealVector q = p.copy();
                for (int j = 0; j < terms; j++) {
                    final int k = 2 + 2 * j;
                    q.setEntry(k, Math.min(Math.max(q.getEntry(k), span * 1e-4), span * 1e4));
                }
                return q;
            })
            .maxEvaluations(MAX_EVALUATIONS).maxIterations(MAX_EVALUATIONS).build();
        try {
            final LeastSquaresOptimizer.Optimum opt = new LevenbergMarquardtOptimizer().optimize(problem);
            final double[] p = opt.getPoint().toArray();
            final RealMatrix cov = opt.getCovariances(1e-14);
            final double chi2 = opt.getCost() * opt.getCost();
            for (int k = 0; k < p.length; k++) {
                if (!Double.isFinite(p[k]) || !(cov.getEntry(k, k) >= 0)) {
                    return null;
                }
            }
            return new FitResult(p, cov.getData(), chi2, x.length - p.length, x.clone(), sigma.clone());
        } catch (final RuntimeException e) {
            return null;
        }
    }

    private static void check(final double[] x, final double[] y, final double[] s, final int minPoints) {
        if (x.length != y.length || x.length != s.length) {
            throw new IllegalArgumentException("x, y and σ must have the same length");
        }
        if (x.length < minPoints + 1) {
            throw new IllegalArgumentException("need at least " + (minPoints + 1) + " points, got " + x.length);
        }
        for (final double v : s) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("every σ must be positive and finite: " + v);
            }
        }
    }

    static double min(final double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (final double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }

    static double max(final double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (final double d : v) {
            m = Math.max(m, d);
        }
        return m;
    }

    /** t quantile for a two-sided band at {@code level} with {@code dof} degrees of freedom. */
    static double tQuantile(final double level, final int dof) {
        return new TDistribution(Math.max(dof, 1)).inverseCumulativeProbability(0.5 + level / 2);
    }
}
