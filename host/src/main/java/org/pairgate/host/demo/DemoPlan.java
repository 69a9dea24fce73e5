package org.pairgate.host.demo;

/**
 * How many trials each part of the demo simulates, and at which delays.
 *
 * <p>At scale 1 the main and fourfold runs use the paper's N ≈ 1.4×10⁸ trials. The simulator
 * skips silent trials, so a trial costs about one sync tag through the core (≈ 30 M trials/s on
 * the soft engine on one core): the whole demo is ≈ 1.4×10⁹ trials, about a minute on two cores.
 * The detection efficiency of the preset (docs/simulator.md) makes the measurement-pulse
 * coincidences — the scarcest statistic — as many as the paper's error bar implies, so the main
 * run's σ of g2_meas(0, 48 ns) is comparable to the paper's while its g2_pre(0) is better resolved.
 *
 * @param calibrationTrials trials of each calibration run (red only, blue only)
 * @param mainTrials        trials of the main run (ΔT = 30 ns; also the gate-length analysis)
 * @param sweepTrials       trials of each further point of the ΔT sweep
 * @param fourfoldTrials    trials of the fourfold run (ΔT = 150 ns; also a sweep point)
 * @param pumpProbeTrials   trials of each pump–probe delay
 * @param sweepDeltaTPs     ΔT of the sweep points besides 30 ns and 150 ns
 * @param pumpProbeDelayPs  the pump–probe delays
 * @param crossCheckTrials  trials of the main configuration run on both engines (when rtl is built)
 */
public record DemoPlan(long calibrationTrials, long mainTrials, long sweepTrials, long fourfoldTrials,
    long pumpProbeTrials, long[] sweepDeltaTPs, long[] pumpProbeDelayPs, long crossCheckTrials) {

    public static final long MAIN_DELTA_T_PS = 30_000;
    public static final long FOURFOLD_DELTA_T_PS = 150_000;

    public DemoPlan {
        sweepDeltaTPs = sweepDeltaTPs.clone();
        pumpProbeDelayPs = pumpProbeDelayPs.clone();
    }

    @Override
    public long[] sweepDeltaTPs() {
        return sweepDeltaTPs.clone();
    }

    @Override
    public long[] pumpProbeDelayPs() {
        return pumpProbeDelayPs.clone();
    }

    /** The paper-scale plan with every trial count multiplied by {@code scale} (at least 10 000 trials a run). */
    public static DemoPlan paper(final double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("the scale must be positive: " + scale);
        }
        return new DemoPlan(n(1.0e8, scale), n(1.4e8, scale), n(1.0e8, scale), n(1.4e8, scale), n(1.5e7, scale),
            new long[] {60_000, 90_000, 120_000, 200_000, 300_000, 400_000, 600_000},
            new long[] {50_000, 100_000, 200_000, 300_000, 450_000, 600_000, 800_000, 1_000_000, 1_300_000, 1_600_000,
                2_000_000, 2_500_000, 3_000_000, 4_000_000, 5_000_000, 6_000_000},
            n(1.0e6, Math.min(scale, 1)));
    }

    private static long n(final double trials, final double scale) {
        return Math.max(10_000, Math.round(trials * scale));
    }

    /** Every trial the plan simulates (cross-check excluded). */
    public long totalTrials() {
        return 2 * calibrationTrials + mainTrials + sweepTrials * sweepDeltaTPs.length + fourfoldTrials
            + pumpProbeTrials * pumpProbeDelayPs.length;
    }
}
