package org.pairgate.host.pipeline;

/** Why the source stopped feeding the pipeline (report.json {@code pipeline.stop}). */
public enum StopReason {
    END_OF_SOURCE("end_of_source"),
    TRIAL_LIMIT("trials"),
    DURATION("duration"),
    INTERRUPTED("interrupted"),
    FAILED("failed");

    private final String label;

    StopReason(final String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
