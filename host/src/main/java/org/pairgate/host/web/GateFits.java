package org.pairgate.host.web;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pairgate.host.fit.DecayFit;
import org.pairgate.host.fit.FitResult;

/**
 * The fit the page draws over g2(0) versus gate length: a weighted single-exponential decay,
 * g2(0) = y_∞ + A·exp(−gate/τ) ({@link DecayFit#single}, as the demo fits Fig. 3c), per window,
 * over the points with a σ and at least {@link #MIN_COINCIDENCES} coincidences (fewer are not
 * Gaussian enough for a χ² fit). A window with fewer than {@link #MIN_POINTS} such points, or
 * whose fit does not converge or leaves τ undetermined (σ(τ) ≥ τ, or τ more than {@link
 * #MAX_TAU_OVER_GATES} times the longest gate), has no fit: the page then draws the points alone. (Not every
 * window decays exponentially with the gate: the simulator's pre window bends the other way and
 * gets no fit, which is the honest answer.)
 *
 * <p>{@code fits.NAME = {"model", "tau_ns", "tau_sigma_ns", "offset", "amplitude", "chi2_per_dof",
 * "points", "curve": [g2 at every gate of g2_vs_gate]}}.
 */
final class GateFits {
    static final int MIN_COINCIDENCES = 3;
    static final int MIN_POINTS = 5;
    /** τ beyond this many times the longest fitted gate is not determined by the points. */
    static final double MAX_TAU_OVER_GATES = 10;

    private GateFits() {
    }

    /** The fits of every window of a report (or running snapshot) tree; empty when none fits. */
    static ObjectNode of(final JsonNode report) {
        final ObjectNode fits = Snapshots.NODES.objectNode();
        final Iterator<Map.Entry<String, JsonNode>> windows = report.path("windows").fields();
        while (windows.hasNext()) {
            final Map.Entry<String, JsonNode> w = windows.next();
            final ObjectNode fit = fit(w.getValue().path("g2_vs_gate"));
            if (fit != null) {
                fits.set(w.getKey(), fit);
            }
        }
        return fits;
    }

    private static ObjectNode fit(final JsonNode gate) {
        final List<double[]> pts = new ArrayList<>();
        for (final JsonNode p : gate) {
            if (p.path("sigma").isNumber() && p.path("coincidences").asLong() >= MIN_COINCIDENCES
                && p.path("sigma").asDouble() > 0) {
                pts.add(new double[] {p.path("gate_ps").asDouble() / 1000, p.path("value").asDouble(), p.path("sigma").asDouble()});
            }
        }
        if (pts.size() < MIN_POINTS) {
            return null;
        }
        final double[] x = new double[pts.size()];
        final double[] y = new double[pts.size()];
        final double[] s = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
            s[i] = pts.get(i)[2];
        }
        final FitResult f;
        try {
            f = DecayFit.single(x, y, s);
        } catch (final RuntimeException e) {
            return null; // no convergence (or degenerate points): no fit drawn
        }
        if (!Double.isFinite(f.timeConstant(0)) || !Double.isFinite(f.chiSquare())) {
            return null;
        }
        // a τ the data do not determine is no fit: σ(τ) as large as τ, or a τ far beyond the longest
        // gate (the "decay" is then a straight line through the points, its τ and A extrapolations)
        final double tau = f.timeConstant(0);
        final double tauSigma = f.timeConstantError(0);
        if (!(tau > 0) || !(tauSigma < tau) || tau > MAX_TAU_OVER_GATES * java.util.Arrays.stream(x).max().getAsDouble()) {
            return null;
        }
        final ObjectNode node = Snapshots.NODES.objectNode();
        node.put("model", "g2(0) = offset + amplitude * exp(-gate / tau)");
        node.put("tau_ns", f.timeConstant(0));
        Snapshots.putDouble(node, "tau_sigma_ns", f.timeConstantError(0));
        node.put("offset", f.offset());
        node.put("amplitude", f.amplitude(0));
        Snapshots.putDouble(node, "chi2_per_dof", f.reducedChiSquare());
        node.put("points", x.length);
        node.put("text", String.format(Locale.ROOT, "fit y∞ + A·exp(−gate/τ): τ = %.3g ± %.2g ns, y∞ = %.4g, A = %.4g, χ²/dof = %.2f (%d points)",
            f.timeConstant(0), f.timeConstantError(0), f.offset(), f.amplitude(0), f.reducedChiSquare(), x.length));
        final ArrayNode curve = node.putArray("curve");
        for (final JsonNode p : gate) {
            curve.add(f.value(p.path("gate_ps").asDouble() / 1000));
        }
        return node;
    }
}
