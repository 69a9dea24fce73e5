package org.pairgate.host.stats;

/**
 * Conditioned (heralded) statistics of Eq. 4 from the pattern counts of two windows × two
 * detectors (bit w·2 + d): the HBT g2 of one window over only the trials in which the other
 * window held a given outcome — zero clicks, a single click, a pair (both detectors), or any
 * click. A pair in the preparation pulse (|20>) leaves no phonons, so the measurement pulse given
 * a pair is the noise alone; given zero it is enriched in |02>.
 */
public final class Conditioned {
    /** What the heralding window held. */
    public enum Herald {
        ZERO, SINGLE, PAIR, ANY;

        boolean matches(final int bits) {
            return switch (this) {
                case ZERO -> bits == 0;
                case SINGLE -> bits == 1 || bits == 2;
                case PAIR -> bits == 3;
                case ANY -> bits != 0;
            };
        }
    }

    private Conditioned() {
    }

    /**
     * g2(0) of window {@code target}'s HBT pair over the trials whose window {@code herald} held
     * {@code outcome}: N = those trials, S and C counted within them.
     *
     * @param patterns trials per pattern, 16 entries (2 windows × 2 detectors)
     */
    public static G2 g2(final long[] patterns, final int herald, final Herald outcome, final int target) {
        if (patterns.length != 16) {
            throw new IllegalArgumentException("conditioned statistics need 2 windows × 2 detectors (16 patterns), got "
                + patterns.length);
        }
        long n = 0;
        long sa = 0;
        long sb = 0;
        long c = 0;
        for (int p = 0; p < 16; p++) {
            if (!outcome.matches((p >> (2 * herald)) & 3)) {
                continue;
            }
            final long k = patterns[p];
            final int bits = (p >> (2 * target)) & 3;
            n += k;
            if ((bits & 1) != 0) {
                sa += k;
            }
            if ((bits & 2) != 0) {
                sb += k;
            }
            if (bits == 3) {
                c += k;
            }
        }
        return G2.of(n, sa, sb, c);
    }
}
