package org.pairgate.host.demo;

import org.pairgate.host.analysis.AnalysisResult;

/** Reads back the ΔT of a run from its window configuration (meas start − pre centre − FWHM_pre/2). */
final class ExperimentRunInfo {
    private ExperimentRunInfo() {
    }

    static long deltaTPs(final AnalysisResult r) {
        final org.pairgate.host.physics.ExperimentModel paper = org.pairgate.host.physics.ExperimentModel.paper();
        return r.config().windowStarts()[1] - paper.preCentrePs() - paper.preFwhmPs() / 2;
    }
}
