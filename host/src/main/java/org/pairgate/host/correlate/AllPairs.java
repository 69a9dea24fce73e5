package org.pairgate.host.correlate;

/**
 * The reference the streaming {@link Correlator} is checked against: the same histogram from two
 * fully loaded, sorted arrays, by the most direct method that is still fast enough for real files
 * (for each start, a scan over the stops from a pointer that only moves forward). Memory is the
 * whole data: for tests and validation only.
 */
public final class AllPairs {
    private AllPairs() {
    }

    /**
     * Bin i counts pairs (start a, stop b) with {@code −R + i·W <= t_b − t_a < −R + (i+1)·W}; when
     * {@code same} the arrays are the same channel and the pairs with equal index are left out.
     */
    public static long[] histogram(final long[] starts, final long[] stops, final boolean same, final long range, final long bin) {
        final long[] counts = new long[(int)(2 * range / bin)];
        int lo = 0;
        for (int i = 0; i < starts.length; i++) {
            final long t = starts[i];
            while (lo < stops.length && stops[lo] - t < -range) {
                lo++;
            }
            for (int j = lo; j < stops.length; j++) {
                final long d = stops[j] - t;
                if (d >= range) {
                    break;
                }
                if (same && i == j) {
                    continue;
                }
                counts[(int)Math.floorDiv(d + range, bin)]++;
            }
        }
        return counts;
    }
}
