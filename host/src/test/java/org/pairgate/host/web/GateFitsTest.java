package org.pairgate.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The page's gate fit: drawn where the points determine τ, not where they are a straight line. */
final class GateFitsTest {
    private static ObjectNode report(final java.util.function.IntToDoubleFunction g2) {
        final ObjectNode report = Snapshots.NODES.objectNode();
        final ArrayNode gate = report.putObject("windows").putObject("pre").putArray("g2_vs_gate");
        for (int g = 1; g <= 100; g++) {
            gate.addObject().put("gate_ps", g * 1000L).put("value", g2.applyAsDouble(g)).put("sigma", 0.01)
                .put("coincidences", 1000);
        }
        return report;
    }

    @Test
    void anExponentialGetsItsFit() {
        final ObjectNode fits = GateFits.of(report(g -> 1 + 2 * Math.exp(-g / 20.0)));
        assertTrue(fits.has("pre"), fits.toString());
        assertEquals(20.0, fits.get("pre").get("tau_ns").asDouble(), 0.1);
    }

    @Test
    void aStraightLineGetsNoFit() {
        // g2(0) falling linearly over the gates: an exponential "fits" it only with τ far beyond the
        // longest gate and an undetermined σ(τ); the page must draw the points alone
        final ObjectNode fits = GateFits.of(report(g -> 5 - 0.013 * g));
        assertFalse(fits.has("pre"), fits.toString());
    }
}
