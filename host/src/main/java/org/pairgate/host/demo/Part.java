package org.pairgate.host.demo;

import org.pairgate.host.physics.ExperimentModel;

/**
 * One simulated run of the demo.
 *
 * @param name  a short key ("main", "red", "sweep-60ns", …)
 * @param role  what the run is for (report text)
 * @param model the model, trials included
 * @param seed  its seed
 * @param maxDn the largest trial distance ΔN its analysis reports: {@link ExperimentRun#MAX_DN}, or 1 for
 *              the runs read only for a g2(0) or a count (sweep, pump–probe), which saves a third of
 *              their time in the core
 */
public record Part(String name, String role, ExperimentModel model, long seed, int maxDn) {
}
