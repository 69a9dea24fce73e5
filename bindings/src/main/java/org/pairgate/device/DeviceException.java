package org.pairgate.device;

/**
 * A device call that failed: the Java form of the negative {@code PG_E*} return codes of the
 * device ABI ({@code hw-sim/include/pairgate.h}).
 *
 * <p>Both engines throw it for the same misuse (an unknown register, a frame buffer that is too
 * small, a release with no frame), so the host handles {@code rtl} and {@code soft} alike; the
 * {@code rtl} engine adds the library's {@code pg_last_error} text to the message.
 */
public final class DeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Bad argument: null pointer, unknown register, negative count, bad option. */
    public static final int EINVAL = -1;
    /** Frame read into a destination smaller than one frame. */
    public static final int ESMALL = -2;
    /** The core stopped ($fatal or internal error); close the device. */
    public static final int EFATAL = -3;
    /** Call not allowed in the current state (e.g. release with no frame in the ring). */
    public static final int ESTATE = -4;
    /** Not an ABI code: the device could not be opened or its library is unusable. */
    public static final int EOPEN = -100;

    private final int code;

    public DeviceException(final int code, final String message) {
        super(message + " (" + codeName(code) + ")");
        this.code = code;
    }

    /** The {@code PG_E*} code (negative), or {@link #EOPEN}. */
    public int code() {
        return code;
    }

    /** The ABI name of a code, e.g. {@code PG_EINVAL}. */
    public static String codeName(final int code) {
        return switch (code) {
            case EINVAL -> "PG_EINVAL";
            case ESMALL -> "PG_ESMALL";
            case EFATAL -> "PG_EFATAL";
            case ESTATE -> "PG_ESTATE";
            case EOPEN -> "open failed";
            default -> "error " + code;
        };
    }
}
