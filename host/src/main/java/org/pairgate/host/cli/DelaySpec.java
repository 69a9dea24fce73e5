package org.pairgate.host.cli;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A channel delay as typed on the command line, {@code CH=VALUE} (signed, with a unit): added to
 * every time of that channel before gating, as Swabian's setInputDelay.
 *
 * @param channel channel number (PicoQuant numbering: sync 0, input i = i + 1)
 * @param ps      delay in exact picoseconds
 */
public record DelaySpec(int channel, BigDecimal ps) {
    private static final Pattern SPEC = Pattern.compile("(\\d{1,3})=(.+)");

    /** Parses {@code CH=VALUE}, e.g. {@code 2=-1.5ns}. */
    public static DelaySpec parse(final String text) {
        final Matcher m = SPEC.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not CH=VALUE (e.g. 2=-1.5ns)");
        }
        final int channel = Integer.parseInt(m.group(1));
        if (channel > 255) {
            throw new IllegalArgumentException("channel " + channel + " outside 0..255");
        }
        return new DelaySpec(channel, Durations.parsePs(m.group(2)));
    }
}
