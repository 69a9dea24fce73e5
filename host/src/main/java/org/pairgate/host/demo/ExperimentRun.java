package org.pairgate.host.demo;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.analysis.DeviceFactory;
import org.pairgate.host.physics.ExperimentModel;
import org.pairgate.host.physics.ExperimentSource;

/**
 * One simulated run of the experiment analysed through a core, exactly as {@code pairgate analyze}
 * would analyse the PTU file of the same tags: windows "pre" and "meas" where the model puts them,
 * detectors on channels 1 and 2, sync on 0, 1 ns arrival bins (the g2-versus-gate resolution).
 * The source feeds the core directly: writing 10⁸ syncs to a file first would only cost time.
 */
public final class ExperimentRun {
    /** Arrival-histogram bin: 1 ns, the resolution of g2 versus gate length. */
    public static final long BIN_PS = 1000;
    /** Largest trial distance reported (Fig. 3a/b). */
    public static final int MAX_DN = 8;
    /** A frame every 10 000 trials, as analyze and acquire: the frames are the blocks of the stationarity test. */
    public static final long FRAME_TRIALS = 10_000;

    private ExperimentRun() {
    }

    /** The analysis configuration of a model's run on {@code engine}. */
    public static AnalysisConfig config(final ExperimentModel model, final String engine) {
        return config(model, engine, MAX_DN);
    }

    /** The analysis configuration of a model's run on {@code engine}, reporting ΔN up to {@code maxDn}. */
    public static AnalysisConfig config(final ExperimentModel model, final String engine, final int maxDn) {
        return new AnalysisConfig(ExperimentSource.SYNC_CHANNEL,
            new int[] {ExperimentSource.channelOf(0), ExperimentSource.channelOf(1)}, List.of("pre", "meas"),
            new long[] {model.preWindowStartPs(), model.measWindowStartPs()},
            new long[] {model.preWindowLengthPs(), model.measWindowPs()}, Map.of(), maxDn, BIN_PS, engine, FRAME_TRIALS);
    }

    /** Simulates the model with a seed and analyses it on {@code engine}. */
    public static AnalysisResult run(final ExperimentModel model, final long seed, final String engine,
        final DeviceFactory devices) throws IOException {
        return run(model, seed, engine, devices, MAX_DN);
    }

    /** Simulates the model with a seed and analyses it on {@code engine}, reporting ΔN up to {@code maxDn}. */
    public static AnalysisResult run(final ExperimentModel model, final long seed, final String engine,
        final DeviceFactory devices, final int maxDn) throws IOException {
        try (ExperimentSource source = new ExperimentSource(model, seed)) {
            return new Analysis(config(model, engine, maxDn), devices).run(source);
        }
    }
}
