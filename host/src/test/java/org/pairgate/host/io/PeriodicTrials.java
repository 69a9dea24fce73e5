package org.pairgate.host.io;

import org.pairgate.device.TagBatch;

/**
 * Clicked trials at a fixed period for the device tests, in 1 ps ticks: trial {@code k} has its
 * sync (channel 0) at {@code from + k * period}, a click on channel 1 a quarter period later and
 * one on channel 2 half a period and one tick later (inside the second of two half-period
 * windows). The link tests use it as a stream (dense, beyond the link's envelope) and as single
 * batches (to fill the front end while frames are held).
 */
public final class PeriodicTrials {
    private PeriodicTrials() {
    }

    /** The tags of trials {@code [0, n)}, appended to {@code batch} (which must hold {@code 3n} more). */
    public static TagBatch fill(final TagBatch batch, final int n, final long from, final long period) {
        for (int k = 0; k < n; k++) {
            add(batch, from + k * period, period);
        }
        return batch;
    }

    /** A new batch of the tags of trials {@code [0, n)}. */
    public static TagBatch batch(final int n, final long from, final long period) {
        return fill(new TagBatch(3 * n), n, from, period);
    }

    /** A source of {@code trials} trials starting at 1000 ps, read in batches of whole trials. */
    public static TagSource source(final int trials, final long period) {
        return new TagSource() {
            private int n;

            @Override
            public int read(final TagBatch batch) {
                batch.clear();
                while (n < trials && batch.size() + 3 <= batch.capacity()) {
                    add(batch, 1_000 + n * period, period);
                    n++;
                }
                return batch.size();
            }

            @Override
            public double resolutionPs() {
                return 1.0;
            }

            @Override
            public String describe() {
                return trials + " trials every " + period + " ps";
            }

            @Override
            public void close() {
            }
        };
    }

    private static void add(final TagBatch batch, final long sync, final long period) {
        batch.add(sync, 0);
        batch.add(sync + period / 4, 1);
        batch.add(sync + period / 2 + 1, 2);
    }
}
