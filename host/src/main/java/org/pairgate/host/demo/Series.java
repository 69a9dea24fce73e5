package org.pairgate.host.demo;

/**
 * Points with standard errors, ready to fit or plot.
 *
 * @param x     abscissae
 * @param y     values
 * @param sigma their standard errors
 */
public record Series(double[] x, double[] y, double[] sigma) {
    public int size() {
        return x.length;
    }
}
