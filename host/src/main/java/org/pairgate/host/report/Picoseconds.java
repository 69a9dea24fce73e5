package org.pairgate.host.report;

import java.math.BigDecimal;

/**
 * Ticks to picoseconds for reports: an integral number of picoseconds prints as an integer
 * ({@code 1000}, not {@code 1000.0}), anything else as the shortest decimal that round-trips.
 */
final class Picoseconds {
    private Picoseconds() {
    }

    /** ticks × resolution as an exact decimal where the resolution is a short decimal (1, 4, 0.5, 80 ps…). */
    static BigDecimal of(final long ticks, final double resolutionPs) {
        return BigDecimal.valueOf(ticks).multiply(BigDecimal.valueOf(resolutionPs)).stripTrailingZeros();
    }

    /** A number without exponent or trailing zeros: "1000", "1.5". */
    static String text(final long ticks, final double resolutionPs) {
        return of(ticks, resolutionPs).toPlainString();
    }

    /** The same as a JSON number: a long when integral. */
    static Number number(final long ticks, final double resolutionPs) {
        final BigDecimal ps = of(ticks, resolutionPs);
        if (ps.scale() <= 0) {
            try {
                return ps.longValueExact();
            } catch (final ArithmeticException e) {
                return ps;
            }
        }
        return ps;
    }
}
