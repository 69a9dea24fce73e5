package org.pairgate.host.cli;

/** A command line that cannot be carried out as written (exit code 2), found after parsing. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(final String message) {
        super(message);
    }
}
