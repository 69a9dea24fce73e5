package org.pairgate.instruments;

import java.nio.charset.StandardCharsets;

/** C strings in the byte buffers the vendor libraries fill. */
final class Strings {
    private Strings() {
    }

    /** The bytes up to the first NUL (or all), as ISO-8859-1, trimmed. */
    static String c(final byte[] bytes) {
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1).trim();
    }
}
