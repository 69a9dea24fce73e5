package org.pairgate.host.cli;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A window as typed on the command line, {@code NAME=START:LENGTH}, before the source fixes the
 * tick: start and length in exact picoseconds.
 *
 * @param name    report key of the window
 * @param startPs start after the (delayed) sync, may be negative
 * @param lengthPs length, positive
 */
public record WindowSpec(String name, BigDecimal startPs, BigDecimal lengthPs) {
    private static final Pattern SPEC = Pattern.compile("([A-Za-z_][A-Za-z0-9_.-]*)=([^:]+):([^:]+)");

    /** Parses {@code NAME=START:LENGTH}, e.g. {@code pre=100ns:100ns}. */
    public static WindowSpec parse(final String text) {
        final Matcher m = SPEC.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not NAME=START:LENGTH (e.g. pre=100ns:100ns)");
        }
        final BigDecimal start = Durations.parsePs(m.group(2));
        final BigDecimal length = Durations.parsePs(m.group(3));
        if (length.signum() <= 0) {
            throw new IllegalArgumentException("window " + m.group(1) + ": length must be positive: " + m.group(3));
        }
        return new WindowSpec(m.group(1), start, length);
    }
}
