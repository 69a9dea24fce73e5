package org.pairgate.host.physics;

/**
 * The parameters of the simulated phonon-pair experiment (physics.md) and the quantities derived
 * from them: pulse timing, windows, and the mean number of photons each source of light puts into
 * each pulse. Immutable; change a copy with {@link #toBuilder()}.
 *
 * <h2>Timing (all relative to the trial's sync)</h2>
 * The preparation pulse is a Gaussian of FWHM 36 ns centred at {@link #preCentrePs()}, the
 * measurement pulse a Gaussian of FWHM 47 ns. <b>ΔT</b> is the delay between the pulses measured
 * between their half-maximum points (falling edge of the preparation pulse to rising edge of the
 * measurement pulse), so the centres are {@code 18 + ΔT + 23.5} ns apart ({@link #centreDelayPs()},
 * the delay over which decay and heating act). The window "meas" opens at the measurement pulse's
 * rising half maximum, so that the "first τ_f of the measurement pulse" is the first τ_f of the
 * window and τ_f = 48 ns spans its FWHM. The window "pre" runs from one FWHM before the preparation
 * pulse's centre to its falling half maximum plus a quarter of ΔT (at most one FWHM after the
 * centre): the measurement pulse's rising tail leaks into it as little as the delay allows.
 *
 * <h2>Light per pulse (mean photon numbers before detection)</h2>
 * <ul>
 *   <li>signal: the prepared state of {@link Mode}; each phonon survives to the measurement pulse
 *       with e^(−Δ/t_l) and is read out with p_meas;</li>
 *   <li>pre noise: p_r·(n_th + h_pre), the red pump's swap of the initial thermal occupation and
 *       of the phonons its own absorption heats up (h_pre, {@code preHeatPhonons}); none with the
 *       blue pump alone, whose photons are all pair partners;</li>
 *   <li>meas base noise: p_meas·n_bath(Δ), n_bath(Δ) = n_th + h_d·(e^(−Δ/t_l) − e^(−Δ/t_s)) — the
 *       hot-bath picture: the preparation pulse heats a bath that leaks into the mode with t_s
 *       while the mode decays with t_l; emitted with the measurement pulse's envelope;</li>
 *   <li>meas prompt noise: p_meas·h_p, heating by the measurement pulse itself; its emission grows
 *       during the pulse: arrival CDF F(t)^q with F the pulse's own CDF (q = {@code promptExponent}),
 *       which is what makes g2_meas fall with the gate length (t_d1).</li>
 * </ul>
 * Noise is multimode thermal: a negative binomial photon number of shape k = 1/(g − 1), i.e.
 * Poisson given a Gamma-distributed intensity, which keeps g exactly under any loss.
 */
public final class ExperimentModel {
    private final Mode mode;
    private final long trials;
    private final long periodPs;
    private final long preCentrePs;
    private final long preFwhmPs;
    private final long measFwhmPs;
    private final long deltaTPs;
    private final long measWindowPs;
    private final double pB;
    private final double pR;
    private final double pMeas;
    private final double nTh;
    private final double preHeatPhonons;
    private final double gNoisePre;
    private final double gNoiseMeas;
    private final double heatDelayed;
    private final double heatPrompt;
    private final double promptExponent;
    private final double tLPs;
    private final double tSPs;
    private final double efficiency;
    private final double splitterImbalance;
    private final long deadTimePs;
    private final double jitterSigmaPs;
    private final double darkRateHz;
    private final long darkSpanPs;

    private ExperimentModel(final Builder b) {
        this.mode = b.mode;
        this.trials = b.trials;
        this.periodPs = b.periodPs;
        this.preCentrePs = b.preCentrePs;
        this.preFwhmPs = b.preFwhmPs;
        this.measFwhmPs = b.measFwhmPs;
        this.deltaTPs = b.deltaTPs;
        this.measWindowPs = b.measWindowPs;
        this.pB = b.pB;
        this.pR = b.pR;
        this.pMeas = b.pMeas;
        this.nTh = b.nTh;
        this.preHeatPhonons = b.preHeatPhonons;
        this.gNoisePre = b.gNoisePre;
        this.gNoiseMeas = b.gNoiseMeas;
        this.heatDelayed = b.heatDelayed;
        this.heatPrompt = b.heatPrompt;
        this.promptExponent = b.promptExponent;
        this.tLPs = b.tLPs;
        this.tSPs = b.tSPs;
        this.efficiency = b.efficiency;
        this.splitterImbalance = b.splitterImbalance;
        this.deadTimePs = b.deadTimePs;
        this.jitterSigmaPs = b.jitterSigmaPs;
        this.darkRateHz = b.darkRateHz;
        this.darkSpanPs = b.darkSpanPs;
        check(trials >= 0, "trials must not be negative");
        check(pB >= 0 && pB < 1 && pR >= 0 && pR <= 1 && pMeas >= 0 && pMeas <= 1, "p_b, p_r, p_meas must be probabilities");
        check(efficiency >= 0 && efficiency <= 1, "efficiency must be in [0, 1]");
        check(Math.abs(splitterImbalance) < 1, "splitter imbalance must be in (−1, 1)");
        check(gNoisePre > 1 && gNoiseMeas > 1, "thermal noise needs g > 1 (multimode thermal light)");
        check(nTh >= 0 && preHeatPhonons >= 0 && heatDelayed >= 0 && heatPrompt >= 0, "occupations must not be negative");
        check(promptExponent >= 1, "the prompt-heating exponent must be at least 1");
        check(tLPs > 0 && tSPs > 0 && tLPs != tSPs, "t_l and t_s must be positive and differ");
        check(deltaTPs >= 0 && preFwhmPs > 0 && measFwhmPs > 0 && measWindowPs > 0, "times must be positive");
        check(preCentrePs >= preFwhmPs, "the preparation window must start after the sync");
        check(jitterSigmaPs >= 0 && deadTimePs >= 0 && darkRateHz >= 0 && darkSpanPs >= 0, "detector parameters must not be negative");
        check(measWindowStartPs() + measWindowPs + 10 * measFwhmPs < periodPs && darkSpanPs < periodPs,
            "the trial period must hold both pulses and the dark-count span");
    }

    private static void check(final boolean ok, final String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * The paper preset. Fixed by physics.md: FWHM 36 ns and 47 ns, p_b·p_r = 2.9 %, p_meas = 24.4 %,
     * n_th = 0.014, t_l = 1.46 µs, t_s = 0.22 µs, 500 Hz trials. Chosen here (docs/simulator.md says
     * how): the split of p_pre into p_b and p_r, the heating amplitudes and the detection chain, so
     * that g2_pre(0), g2_meas(0, 39 and 48 ns), t_d1, t_d2 and the calibration g's land near the
     * paper's, and g2_meas(0, 39 ns) and g2_meas(0, 48 ns) have the ratio of coincidences the paper's
     * error bars imply (the prompt heating arrives late in the measurement pulse).
     */
    public static ExperimentModel paper() {
        return new Builder().build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public ExperimentModel withMode(final Mode m) {
        return toBuilder().mode(m).build();
    }

    public ExperimentModel withTrials(final long n) {
        return toBuilder().trials(n).build();
    }

    public ExperimentModel withDeltaT(final long ps) {
        return toBuilder().deltaTPs(ps).build();
    }

    // ---------------------------------------------------------------- derived timing

    public long preWindowStartPs() {
        return preCentrePs - preFwhmPs;
    }

    public long preWindowLengthPs() {
        return preFwhmPs + preFwhmPs / 2 + Math.min(deltaTPs / 4, preFwhmPs / 2);
    }

    public long measWindowStartPs() {
        return preCentrePs + preFwhmPs / 2 + deltaTPs;
    }

    public long measCentrePs() {
        return measWindowStartPs() + measFwhmPs / 2;
    }

    /** Δ, centre to centre: the delay decay and heating act over. */
    public long centreDelayPs() {
        return measCentrePs() - preCentrePs;
    }

    /** Standard deviation of a Gaussian of this FWHM. */
    static double sigmaOf(final long fwhmPs) {
        return fwhmPs / (2.0 * Math.sqrt(2.0 * Math.log(2.0)));
    }

    // ---------------------------------------------------------------- derived light

    /** Probability that a phonon of the prepared state survives to the measurement pulse, e^(−Δ/t_l). */
    public double survival() {
        return Math.exp(-centreDelayPs() / tLPs);
    }

    /** n_bath(Δ) = n_th + h_d·(e^(−Δ/t_l) − e^(−Δ/t_s)). */
    public double bathOccupation() {
        final double d = centreDelayPs();
        return nTh + heatDelayed * (Math.exp(-d / tLPs) - Math.exp(-d / tSPs));
    }

    /** Mean noise photons of the preparation pulse. */
    public double preNoisePhotons() {
        return mode == Mode.FULL || mode == Mode.RED ? pR * (nTh + preHeatPhonons) : 0.0;
    }

    /** Mean base-noise photons of the measurement pulse (bath read out with the pulse envelope). */
    public double measBaseNoisePhotons() {
        return pMeas * bathOccupation();
    }

    /** Mean prompt-heating photons of the measurement pulse. */
    public double measPromptNoisePhotons() {
        return pMeas * heatPrompt;
    }

    /** Share of the detected photons that detector d (0 or 1) gets: (1 ± imbalance)/2. */
    public double detectorShare(final int d) {
        return d == 0 ? 0.5 * (1 + splitterImbalance) : 0.5 * (1 - splitterImbalance);
    }

    /**
     * Detection efficiency of detector d (0 or 1) for a photon leaving the device: η·(1 ± imbalance)/2,
     * the overall efficiency and the splitter ratio folded with the detectors' own efficiencies.
     */
    public double detectorEfficiency(final int d) {
        return efficiency * detectorShare(d);
    }

    /** Dark counts per ps per detector. */
    public double darkRatePerPs() {
        return darkRateHz * 1e-12;
    }

    /** Trials per second, for the PTU header. */
    public long syncRateHz() {
        return Math.round(1e12 / periodPs);
    }

    // ---------------------------------------------------------------- accessors

    public Mode mode() { return mode; }
    public long trials() { return trials; }
    public long periodPs() { return periodPs; }
    public long preCentrePs() { return preCentrePs; }
    public long preFwhmPs() { return preFwhmPs; }
    public long measFwhmPs() { return measFwhmPs; }
    public long deltaTPs() { return deltaTPs; }
    public long measWindowPs() { return measWindowPs; }
    public double pB() { return pB; }
    public double pR() { return pR; }
    public double pMeas() { return pMeas; }
    public double nTh() { return nTh; }
    public double preHeatPhonons() { return preHeatPhonons; }
    public double gNoisePre() { return gNoisePre; }
    public double gNoiseMeas() { return gNoiseMeas; }
    public double heatDelayed() { return heatDelayed; }
    public double heatPrompt() { return heatPrompt; }
    public double promptExponent() { return promptExponent; }
    public double tLPs() { return tLPs; }
    public double tSPs() { return tSPs; }
    public double efficiency() { return efficiency; }
    public double splitterImbalance() { return splitterImbalance; }
    public long deadTimePs() { return deadTimePs; }
    public double jitterSigmaPs() { return jitterSigmaPs; }
    public double darkRateHz() { return darkRateHz; }
    public long darkSpanPs() { return darkSpanPs; }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
            "mode %s, %d trials, ΔT %.1f ns, p_b %.4f, p_r %.4f, p_meas %.3f, n_th %.3f, η %.4f",
            mode.cliName(), trials, deltaTPs / 1e3, pB, pR, pMeas, nTh, efficiency);
    }

    /** Mutable builder; starts at the paper preset. */
    public static final class Builder {
        private Mode mode = Mode.FULL;
        private long trials = 1_000_000;
        private long periodPs = 2_000_000_000L;
        private long preCentrePs = 100_000;
        private long preFwhmPs = 36_000;
        private long measFwhmPs = 47_000;
        private long deltaTPs = 30_000;
        private long measWindowPs = 96_000;
        private double pB = 0.0492;
        private double pR = 0.5894;
        private double pMeas = 0.244;
        private double nTh = 0.014;
        private double preHeatPhonons = 0.048;
        private double gNoisePre = 1.88;
        private double gNoiseMeas = 1.92;
        private double heatDelayed = 0.12;
        private double heatPrompt = 0.14;
        private double promptExponent = 20;
        private double tLPs = 1.46e6;
        private double tSPs = 0.22e6;
        private double efficiency = 0.10;
        private double splitterImbalance = 0.05;
        private long deadTimePs = 20_000;
        private double jitterSigmaPs = 20;
        private double darkRateHz = 10;
        private long darkSpanPs = 20_000_000;

        public Builder() {
        }

        Builder(final ExperimentModel m) {
            mode = m.mode;
            trials = m.trials;
            periodPs = m.periodPs;
            preCentrePs = m.preCentrePs;
            preFwhmPs = m.preFwhmPs;
            measFwhmPs = m.measFwhmPs;
            deltaTPs = m.deltaTPs;
            measWindowPs = m.measWindowPs;
            pB = m.pB;
            pR = m.pR;
            pMeas = m.pMeas;
            nTh = m.nTh;
            preHeatPhonons = m.preHeatPhonons;
            gNoisePre = m.gNoisePre;
            gNoiseMeas = m.gNoiseMeas;
            heatDelayed = m.heatDelayed;
            heatPrompt = m.heatPrompt;
            promptExponent = m.promptExponent;
            tLPs = m.tLPs;
            tSPs = m.tSPs;
            efficiency = m.efficiency;
            splitterImbalance = m.splitterImbalance;
            deadTimePs = m.deadTimePs;
            jitterSigmaPs = m.jitterSigmaPs;
            darkRateHz = m.darkRateHz;
            darkSpanPs = m.darkSpanPs;
        }

        public Builder mode(final Mode v) { mode = v; return this; }
        public Builder trials(final long v) { trials = v; return this; }
        public Builder periodPs(final long v) { periodPs = v; return this; }
        public Builder preCentrePs(final long v) { preCentrePs = v; return this; }
        public Builder deltaTPs(final long v) { deltaTPs = v; return this; }
        public Builder measWindowPs(final long v) { measWindowPs = v; return this; }
        public Builder pB(final double v) { pB = v; return this; }
        public Builder pR(final double v) { pR = v; return this; }
        public Builder pMeas(final double v) { pMeas = v; return this; }
        public Builder nTh(final double v) { nTh = v; return this; }
        public Builder preHeatPhonons(final double v) { preHeatPhonons = v; return this; }
        public Builder gNoisePre(final double v) { gNoisePre = v; return this; }
        public Builder gNoiseMeas(final double v) { gNoiseMeas = v; return this; }
        public Builder heatDelayed(final double v) { heatDelayed = v; return this; }
        public Builder heatPrompt(final double v) { heatPrompt = v; return this; }
        public Builder promptExponent(final double v) { promptExponent = v; return this; }
        public Builder efficiency(final double v) { efficiency = v; return this; }
        public Builder splitterImbalance(final double v) { splitterImbalance = v; return this; }
        public Builder deadTimePs(final long v) { deadTimePs = v; return this; }
        public Builder jitterSigmaPs(final double v) { jitterSigmaPs = v; return this; }
        public Builder darkRateHz(final double v) { darkRateHz = v; return this; }
        public Builder darkSpanPs(final long v) { darkSpanPs = v; return this; }

        public ExperimentModel build() {
            return new ExperimentModel(this);
        }
    }
}
