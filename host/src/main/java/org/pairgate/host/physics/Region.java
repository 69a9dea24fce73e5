package org.pairgate.host.physics;

/**
 * A detector and a span of time after the sync, [start, end) in ps: the unit of "no tag here"
 * from which every exact expectation is built by inclusion–exclusion.
 */
record Region(int detector, long start, long end) {
}
