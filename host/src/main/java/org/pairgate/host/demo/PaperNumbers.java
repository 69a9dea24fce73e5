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
 */
public record PaperNumbers(String key, String label, double value, double sigma, double paper, double paperSigma) {
}
