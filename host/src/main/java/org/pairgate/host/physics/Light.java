package org.pairgate.host.physics;

import java.util.SplittableRandom;

/**
 * One independent source of detector tags in a trial (the prepared pairs, the noise of a pulse,
 * the dark counts). Independence between sources is what lets the simulator skip silent trials
 * source by source, and lets the expectations multiply.
 */
interface Light {
    /** P(this light gives at least one tag in a trial). */
    double probabilityAny();

    /** Adds the tags of one trial, drawn conditioned on there being at least one. */
    void sampleGivenAny(SplittableRandom random, TrialTags out);

    /** P(no tag in any of the regions) for one trial; regions of one detector must not overlap. */
    double probabilityNone(Region[] regions);

    /** Expected number of tags in a region per trial. */
    double meanTags(Region region);
}
