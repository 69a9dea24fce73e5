package org.pairgate.host.demo;

/**
 * One row of the comparison with the paper (physics.md, "The paper's numbers").
 *
 * @param key        report.json key under "paper_comparison"
 * @param label      what it is, for the Markdown table
 * @param value      the demo's value
 * @param sigma      its standard error, NaN when none applies
 * @param paper      the paper's value
 * @param paperSigma the paper's error, NaN when it gives none
 * @param tolerance  how close the demo must come to the paper for this row
 */
public record PaperNumbers(String key, String label, double value, double sigma, double paper, double paperSigma,
    Tolerance tolerance) {

    /** demo σ / paper σ, NaN when either is missing. */
    public double sigmaRatio() {
        return Double.isFinite(sigma) && Double.isFinite(paperSigma) && paperSigma > 0 ? sigma / paperSigma : Double.NaN;
    }

    /** Whether the row meets its tolerance. */
    public boolean withinTolerance() {
        return tolerance.test(this);
    }

    /**
     * The tolerances of issue 19: the demo reproduces the paper's statistics, not only its values.
     */
    public enum Tolerance {
        /** σ within 30 % of the paper's, and the values within 2 combined σ of each other. */
        SIGMA_AND_VALUE("σ within 30 % of the paper's; value within 2 combined σ") {
            @Override
            boolean test(final PaperNumbers r) {
                final double ratio = r.sigmaRatio();
                return Double.isFinite(ratio) && Math.abs(ratio - 1) <= 0.30
                    && Math.abs(r.value() - r.paper()) <= 2 * Math.hypot(r.sigma(), r.paperSigma());
            }
        },
        /** A significance (in σ): within ±1 of the paper's. */
        SIGNIFICANCE("within ±1σ of the paper's") {
            @Override
            boolean test(final PaperNumbers r) {
                return Double.isFinite(r.value()) && Math.abs(r.value() - r.paper()) <= 1;
            }
        },
        /** The paper gives "≈" and no σ: the demo within 2 of its own σ of the paper's value. */
        WITHIN_TWO_SIGMA("within 2σ (demo's) of the paper's") {
            @Override
            boolean test(final PaperNumbers r) {
                return Double.isFinite(r.value()) && Double.isFinite(r.sigma()) && Math.abs(r.value() - r.paper()) <= 2 * r.sigma();
            }
        },
        /** t_d2: a fit σ below 30 ns and the value within 1σ of the paper's. */
        FIT_WITHIN_ONE_SIGMA("σ < 30 ns; within 1σ of the paper's") {
            @Override
            boolean test(final PaperNumbers r) {
                return Double.isFinite(r.value()) && r.sigma() < 30 && Math.abs(r.value() - r.paper()) <= r.sigma();
            }
        },
        /** A count the paper gives exactly (n22 = 0). */
        EQUAL("equal to the paper's") {
            @Override
            boolean test(final PaperNumbers r) {
                return r.value() == r.paper();
            }
        };

        private final String description;

        Tolerance(final String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        abstract boolean test(PaperNumbers row);
    }
}
