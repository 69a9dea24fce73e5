package org.pairgate.host.analysis;

/**
 * An analysis that cannot run as asked. The message is written for the user of the CLI and stands
 * on one line.
 *
 * <p>{@link #isConfiguration()} tells a configuration the engine cannot take (too many windows for
 * the rtl core, too many arrival bins: the fix is a different command line) from a failure of the
 * run itself (a frame that fails validation, an engine that cannot be opened).
 */
public final class AnalysisException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean configuration;

    public AnalysisException(final String message) {
        this(message, false);
    }

    public AnalysisException(final String message, final boolean configuration) {
        super(message);
        this.configuration = configuration;
    }

    public AnalysisException(final String message, final Throwable cause) {
        super(message, cause);
        this.configuration = false;
    }

    /** True when the configuration does not fit the engine; false when the run failed. */
    public boolean isConfiguration() {
        return configuration;
    }
}
