package org.pairgate.host.physics;

/**
 * The standard normal quantile Φ⁻¹(p), by Wichura's algorithm AS 241 (PPND16, Applied Statistics
 * 37 (1988) 477–484): three rational approximations (central |p − ½| ≤ 0.425, tails by
 * r = √(−ln min(p, 1−p)) up to 5 and beyond), accurate to about 1 part in 10¹⁶.
 *
 * <p>Why not Hipparchus' {@code Erf.erfcInv}: the simulator draws every photon's arrival time by
 * inversion, and that call (an iterative series with logarithms) was a third of the demo's time
 * per tag-bearing trial; AS 241 is one square root, one logarithm in the tails and two degree-7
 * polynomials.
 */
final class NormalQuantile {
    private static final double SPLIT1 = 0.425;
    private static final double SPLIT2 = 5.0;
    private static final double CONST1 = 0.180625;
    private static final double CONST2 = 1.6;

    private NormalQuantile() {
    }

    /** Φ⁻¹(p) for 0 &lt; p &lt; 1; ∓∞ at p = 0 or 1, NaN outside. */
    static double of(final double p) {
        if (!(p >= 0 && p <= 1)) {
            return Double.NaN;
        }
        final double q = p - 0.5;
        if (Math.abs(q) <= SPLIT1) {
            final double r = CONST1 - q * q;
            return q * (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r + 6.7265770927008700853e4) * r
                + 4.5921953931549871457e4) * r + 1.3731693765509461125e4) * r + 1.9715909503065514427e3) * r
                + 1.3314166789178437745e2) * r + 3.3871328727963666080e0)
                / (((((((5.2264952788528545610e3 * r + 2.8729085735721942674e4) * r + 3.9307895800092710610e4) * r
                + 2.1213794301586595867e4) * r + 5.3941960214247511077e3) * r + 6.8718700749205790830e2) * r
                + 4.2313330701600911252e1) * r + 1.0);
        }
        final double tail = q < 0 ? p : 1 - p;
        if (tail <= 0) {
            return q < 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        double r = Math.sqrt(-Math.log(tail));
        final double x;
        if (r <= SPLIT2) {
            r -= CONST2;
            x = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r + 2.41780725177450611770e-1) * r
                + 1.27045825245236838258e0) * r + 3.64784832476320460504e0) * r + 5.76949722146069140550e0) * r
                + 4.63033784615654529590e0) * r + 1.42343711074968357734e0)
                / (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r + 1.51986665636164571966e-2) * r
                + 1.48103976427480074590e-1) * r + 6.89767334985100004550e-1) * r + 1.67638483018380384940e0) * r
                + 2.05319162663775882187e0) * r + 1.0);
        } else {
            r -= SPLIT2;
            x = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.24266094738807843860e-3) * r
                + 2.65321895265761230930e-2) * r + 2.96560571828504891230e-1) * r + 1.78482653991729133580e0) * r
                + 5.46378491116411436990e0) * r + 6.65790464350110377720e0)
                / (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r + 1.84631831751005468180e-5) * r
                + 7.86869131145613259100e-4) * r + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
                + 5.99832206555887937690e-1) * r + 1.0);
        }
        return q < 0 ? -x : x;
    }
}
