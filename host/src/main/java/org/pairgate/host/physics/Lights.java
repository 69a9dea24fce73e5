package org.pairgate.host.physics;

import java.util.ArrayList;
import java.util.List;

/** The independent lights of a model's trial, as {@link ExperimentModel} describes them. */
final class Lights {
    private Lights() {
    }

    static List<Light> of(final ExperimentModel m) {
        final Detection detection = new Detection(m);
        final double preSigma = ExperimentModel.sigmaOf(m.preFwhmPs());
        final double measSigma = ExperimentModel.sigmaOf(m.measFwhmPs());
        final ArrivalTime pre = new ArrivalTime(m.preCentrePs(), preSigma, 1.0);
        final ArrivalTime meas = new ArrivalTime(m.measCentrePs(), measSigma, 1.0);
        final ArrivalTime prompt = new ArrivalTime(m.measCentrePs(), measSigma, m.promptExponent());
        final List<Light> lights = new ArrayList<>();
        switch (m.mode()) {
            case FULL -> lights.add(new PairLight(m, pre, meas, detection));
            case BLUE, PUMP_PROBE -> lights.add(new ThermalPairLight(m, pre, meas, detection));
            case RED -> { }
            default -> throw new IllegalStateException();
        }
        if (m.preNoisePhotons() > 0) {
            lights.add(new NoiseLight(m.preNoisePhotons(), m.gNoisePre(), pre, detection));
        }
        final double measNoise = m.measBaseNoisePhotons() + m.measPromptNoisePhotons();
        if (measNoise > 0) {
            // one thermal mode read out by the measurement pulse: base and prompt heating share its intensity
            final Arrival time = new MixedArrival(meas, prompt, m.measBaseNoisePhotons() / measNoise);
            lights.add(new NoiseLight(measNoise, m.gNoiseMeas(), time, detection));
        }
        if (m.darkRatePerPs() > 0 && m.darkSpanPs() > 0) {
            lights.add(new DarkLight(m.darkRatePerPs(), m.darkSpanPs()));
        }
        return List.copyOf(lights);
    }
}
