package org.pairgate.host.physics;

import java.util.Locale;

/**
 * Which light the preparation pulse carries, i.e. which run of the experiment is simulated.
 *
 * <p>The paper needs three kinds of run besides the pump–probe scan: the main run (red and blue
 * pump at once, the phonon-pair state), and two calibration runs whose autocorrelations g_r and
 * g_b enter the Cauchy–Schwarz bound. The measurement pulse is the same red readout in every mode.
 */
public enum Mode {
    /** Red and blue pump at once: |00> + √(p_b(1−p_r))|11> + √(p_b p_r)(|20>+|02>)/√2. */
    FULL("full"),
    /** Red pump only: the preparation pulse swaps out thermal (and heated) phonons only; no pairs. */
    RED("red"),
    /** Blue pump only: a two-mode squeezed state, thermal pair number with mean p_b. */
    BLUE("blue"),
    /**
     * The pump–probe scan: a blue pump creates phonons (thermal pair number, as {@link #BLUE}) and
     * heats the device; the red probe at delay ΔT reads the occupation that is left. Physically the
     * same light as {@link #BLUE}: the scan differs in the delays it is run at (µs), not in the model.
     */
    PUMP_PROBE("pump-probe");

    private final String cliName;

    Mode(final String cliName) {
        this.cliName = cliName;
    }

    /** The name on the command line and in reports. */
    public String cliName() {
        return cliName;
    }

    /** Parses full, red, blue or pump-probe (case-insensitive). */
    public static Mode parse(final String text) {
        final String t = text.strip().toLowerCase(Locale.ROOT);
        for (final Mode m : values()) {
            if (m.cliName.equals(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("mode must be full, red, blue or pump-probe, not '" + text + "'");
    }

    /** True when the preparation pulse creates photon–phonon pairs. */
    boolean hasPairs() {
        return this != RED;
    }
}
