package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Whether the tests that need the rtl engine run: system property {@code pairgate.rtl} is
 * {@code require} in the reactor (the default, also when unset) and a missing library fails the
 * build; only {@code skip} turns those tests into skipped assumptions.
 */
final class RtlSupport {
    private RtlSupport() { }

    static String mode() {
        return System.getProperty("pairgate.rtl", "require");
    }

    /** Fails (require) or aborts the test (skip) when the library is unavailable. */
    static void requireLibrary() {
        if (RtlDevice.isAvailable()) {
            return;
        }
        final String why = RtlDevice.unavailableReason();
        if ("skip".equals(mode())) {
            Assumptions.abort("rtl engine skipped (-Dpairgate.rtl=skip): " + why);
        }
        fail("the rtl engine is required (pairgate.rtl=" + mode() + ") but unavailable: " + why
            + ". To test the soft engine only, run with -Dpairgate.rtl=skip.");
    }
}
