package org.pairgate.host.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as users type them ({@code 100ns}, {@code 1.5ns}, {@code -250ps}, {@code 2us}) and
 * their conversion to ticks of a source.
 *
 * <p>Parsing is exact (decimal, not binary floating point) so that "0.1ns" is 100 ps and not
 * 99.99999 ps, and a duration that is not a whole number of ticks is refused rather than rounded:
 * a silently rounded window edge moves clicks between windows.
 */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))\\s*(ps|ns|us|µs|ms|s)");
    private static final MathContext EXACT = MathContext.DECIMAL128;

    private Durations() {
    }

    /**
     * Picoseconds of a duration with a unit: ps, ns, us (or µs), ms, s.
     *
     * @throws IllegalArgumentException when the text is not a number followed by a unit
     */
    public static BigDecimal parsePs(final String text) {
        final Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (a number and a unit: ps, ns, us, ms, s; e.g. 100ns, 1.5ns)");
        }
        final BigDecimal value = new BigDecimal(m.group(1));
        final int exp;
        switch (m.group(2)) {
            case "ps":
                exp = 0;
                break;
            case "ns":
                exp = 3;
                break;
            case "us":
            case "µs":
                exp = 6;
                break;
            case "ms":
                exp = 9;
                break;
            default:
                exp = 12;
                break;
        }
        return value.scaleByPowerOfTen(exp).stripTrailingZeros();
    }

    /**
     * Whole ticks of {@code ps} at {@code resolutionPs} per tick.
     *
     * @param what names the value in the error message (e.g. "--window pre start")
     * @throws IllegalArgumentException when ps is not a whole number of ticks or does not fit in 64 bits
     */
    public static long toTicks(final BigDecimal ps, final double resolutionPs, final String what) {
        if (!(resolutionPs > 0) || !Double.isFinite(resolutionPs)) {
            throw new IllegalArgumentException("the source's resolution is not a positive number of ps: " + resolutionPs);
        }
        final BigDecimal res = BigDecimal.valueOf(resolutionPs);
        final BigDecimal ticks = ps.divide(res, EXACT).stripTrailingZeros();
        if (ticks.scale() > 0) {
            throw new IllegalArgumentException(what + ": " + ps.toPlainString() + " ps is not a whole number of the source's "
                + res.stripTrailingZeros().toPlainString() + " ps ticks");
        }
        try {
            return ticks.longValueExact();
        } catch (final ArithmeticException e) {
            throw new IllegalArgumentException(what + ": " + ps.toPlainString() + " ps is out of range", e);
        }
    }
}
