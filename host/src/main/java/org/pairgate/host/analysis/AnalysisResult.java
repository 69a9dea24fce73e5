package org.pairgate.host.analysis;

import org.pairgate.device.PgMap;
import org.pairgate.host.stats.RunStatistics;

/**
 * An analysis and what came out of it: everything a report needs.
 *
 * @param config       what was asked
 * @param source       the source's description
 * @param resolutionPs picoseconds per tick of the source
 * @param engine       the engine that counted
 * @param layout       the shape of that engine's frames
 * @param statistics   the estimators
 */
public record AnalysisResult(AnalysisConfig config, String source, double resolutionPs, String engine,
    PgMap.FrameLayout layout, RunStatistics statistics) {
}
