package org.pairgate.host.io;

/**
 * What a T3 reader knows about sync periods (trials) beyond the tags it yields.
 *
 * <p>In T3 every sync period is a trial, most of them empty (at 80 MHz, 80 million a second). The
 * counters let a consumer account for them without looking at every sync tag, and are what a
 * future bulk path ("k empty syncs as one input word") will be fed from.
 */
public interface T3Counters {
    /** Sync periods seen so far: the highest sync number reached plus one. */
    long syncPeriods();

    /** Sync periods so far with no photon in them. */
    long emptyPeriods();

    /** Photons whose dtime reaches past the sync period (their reconstructed time is after the next sync). */
    long photonsBeyondPeriod();

    /** The sync period in ticks used to reconstruct absolute times. */
    long periodTicks();
}
