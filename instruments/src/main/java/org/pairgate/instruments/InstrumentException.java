package org.pairgate.instruments;

import java.io.IOException;

/**
 * A vendor library's error, as one line: {@code multiharp 0: <the library's text> (code -N)}.
 * The code is the library's own (errorcodes.h); the text is what its error-string call returns.
 */
public final class InstrumentException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int code;

    private final String call;

    public InstrumentException(final String message, final int code) {
        this(message, code, "");
    }

    public InstrumentException(final String message, final int code, final String call) {
        super(message);
        this.code = code;
        this.call = call;
    }

    /** The library function that returned the code (e.g. MH_ReadFiFo), or "". */
    public String call() {
        return call;
    }

    /** The vendor's error code, or 0 for a failure that is not one (a missing library, a settings file). */
    public int code() {
        return code;
    }

    static InstrumentException of(final TttrLibrary lib, final int index, final String call, final int code) {
        return new InstrumentException(lib.kind() + " " + index + ": " + lib.errorText(code) + " (code " + code + ")", code, call);
    }
}
