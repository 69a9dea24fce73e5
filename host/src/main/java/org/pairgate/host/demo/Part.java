package org.pairgate.host.demo;

import org.pairgate.host.physics.ExperimentModel;

/**
 * One simulated run of the demo.
 *
 * @param name  a short key ("main", "red", "sweep-60ns", …)
 * @param role  what the run is for (report text)
 * @param model the model, trials included
 * @param seed  its seed
 */
public record Part(String name, String role, ExperimentModel model, long seed) {
}
