package org.pairgate.host.demo;

/**
 * How many trials each part of the demo simulates, and at which delays.
 *
 * <p><b>The trial counts are the paper's statistics</b> (docs/simulator.md, "The demo's runs").
 * The paper states N ≈ 1.4×10⁸ for the fourfold run only; every other run's N is derived from the
 * error bar of the number it gives, with the paper preset's exact expectations: N is the number of
 * trials at which the delta-method σ of that g2 equals the paper's σ (PaperPresetTest checks this
 * still holds). With one detection chain the preparation pulse gives ≈ 20× the coincidences of
 * the measurement pulse (p_meas = 24 %), whereas the paper's error bars imply ≈ 3×: the photon-pair
 * numbers (g2_pre, g_r, g_b) therefore come from short runs of their own, as the paper's error
 * bars imply, and the measurement pulse's red-only reference g_meas,r from a long one.
 *
 * <p>The ΔT sweep is denser and longer than a lab would take (29 points of the fourfold run's N,
 * 30…610 ns): that is what it costs to pin t_d2 to a standard error below 30 ns. The simulator
 * skips silent trials, so a trial costs little more than its share of a sync-run word; the sweep
 * is ≈ 90 % of the demo's time.
 *
 * @param pairsTrials       the photon-pair run (full sequence, ΔT = 30 ns): g2_pre(0), σ = 0.4
 * @param redTrials         the red-only calibration of the preparation pulse: g_r, σ = 0.42
 * @param blueTrials        the blue-only calibration: g_b, σ = 0.24
 * @param mainTrials        the main run (ΔT = 30 ns): g2_meas(0, τ_f), σ = 0.5 at 48 ns and 1.1 at 39 ns
 * @param redMeasTrials     the red-only reference of the measurement pulse: g_meas,r(0), σ = 0.14
 * @param fourfoldTrials    the fourfold run (ΔT = 150 ns; also a sweep point): the paper's N
 * @param sweepTrials       trials of each further point of the ΔT sweep
 * @param pumpProbeTrials   trials of each pump–probe delay
 * @param sweepDeltaTPs     ΔT of the sweep points besides 150 ns
 * @param pumpProbeDelayPs  the pump–probe delays
 * @param crossCheckTrials  trials of the main configuration run on both engines (when rtl is built)
 */
public record DemoPlan(long pairsTrials, long redTrials, long blueTrials, long mainTrials, long redMeasTrials,
    long fourfoldTrials, long sweepTrials, long pumpProbeTrials, long[] sweepDeltaTPs, long[] pumpProbeDelayPs,
    long crossCheckTrials) {

    public static final long MAIN_DELTA_T_PS = 30_000;
    public static final long FOURFOLD_DELTA_T_PS = 150_000;
    /** The paper's N of the fourfold run. */
    public static final double PAPER_FOURFOLD_TRIALS = 1.4e8;
    /** The sweep: ΔT = 30…610 ns in 20 ns steps (150 ns is the fourfold run). */
    static final long SWEEP_FROM_PS = 30_000;
    static final long SWEEP_TO_PS = 610_000;
    static final long SWEEP_STEP_PS = 20_000;

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
        final int points = (int) ((SWEEP_TO_PS - SWEEP_FROM_PS) / SWEEP_STEP_PS) + 1;
        final long[] sweep = new long[points - 1];
        int k = 0;
        for (int i = 0; i < points; i++) {
            final long dt = SWEEP_FROM_PS + i * SWEEP_STEP_PS;
            if (dt != FOURFOLD_DELTA_T_PS) {
                sweep[k++] = dt;
            }
        }
        return new DemoPlan(n(1.8e6, scale), n(3.5e6, scale), n(6.7e6, scale), n(9.6e6, scale), n(2.1e7, scale),
            n(PAPER_FOURFOLD_TRIALS, scale), n(PAPER_FOURFOLD_TRIALS, scale), n(1.5e7, scale), sweep,
            new long[] {50_000, 100_000, 200_000, 300_000, 450_000, 600_000, 800_000, 1_000_000, 1_300_000, 1_600_000,
                2_000_000, 2_500_000, 3_000_000, 4_000_000, 5_000_000, 6_000_000},
            n(1.0e6, Math.min(scale, 1)));
    }

    private static long n(final double trials, final double scale) {
        return Math.max(10_000, Math.round(trials * scale));
    }

    /** Every trial the plan simulates (cross-check excluded). */
    public long totalTrials() {
        return pairsTrials + redTrials + blueTrials + mainTrials + redMeasTrials + fourfoldTrials
            + sweepTrials * sweepDeltaTPs.length + pumpProbeTrials * pumpProbeDelayPs.length;
    }
}
