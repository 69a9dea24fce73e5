package org.pairgate.host.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pairgate.host.analysis.AnalysisResult;

/**
 * An acquisition and what came out of it.
 *
 * @param analysis the statistics, as analyze would give them for the same tags
 * @param pipeline report.json's {@code pipeline} section (also stored in the journal's end marker)
 * @param stop     why the source stopped
 */
public record AcquisitionResult(AnalysisResult analysis, ObjectNode pipeline, StopReason stop) {
}
