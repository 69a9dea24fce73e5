package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import org.junit.jupiter.api.Test;

/**
 * The native soft kernels' binding: the library that Maven built from soft-kernel/ (the tests run
 * after its compile phase) loads, has the ABI version of these bindings, and takes an address of
 * native memory. The library must load here: a build that silently fell back to the Java kernels
 * would leave the native differential tests (FastVersusSoftTest, FusedT2VersusSoftTest) untested.
 */
class SoftKernelTest {
    @Test
    void libraryLoadsAndReadsNativeMemory() {
        assertTrue(SoftKernel.isAvailable(), () -> "libpairgate_soft: " + SoftKernel.unavailableReason());
        final int n = 1001;
        final Memory words = new Memory(4L * n);
        long expected = 0;
        for (int i = 0; i < n; i++) {
            final int v = i * 0x9E3779B1;   // every bit pattern, the top bit too (the words are unsigned)
            words.setInt(4L * i, v);
            expected += Integer.toUnsignedLong(v);
        }
        assertEquals(expected, SoftKernel.sumWords(Pointer.nativeValue(words), n));
        assertEquals(0, SoftKernel.sumWords(Pointer.nativeValue(words), 0));
        assertTrue(SoftKernel.buildInfo().startsWith("gcc"), SoftKernel.buildInfo());
    }

    /**
     * The background load analyze starts (issue 15, start-up): no thread when the Java kernel is
     * asked for, when the choice is not a valid value (the device reports that) or when turned off;
     * otherwise a daemon thread after which the library is loaded, as on first use.
     */
    @Test
    void backgroundLoadOnlyWhenTheNativeKernelMayRun() throws InterruptedException {
        final String kernel = System.getProperty("pairgate.soft.kernel");
        final String background = System.getProperty("pairgate.soft.background");
        try {
            System.setProperty("pairgate.soft.kernel", "java");
            assertNull(SoftKernel.loadInBackground());
            System.setProperty("pairgate.soft.kernel", "bogus");
            assertNull(SoftKernel.loadInBackground());
            System.setProperty("pairgate.soft.kernel", "auto");
            System.setProperty("pairgate.soft.background", "false");
            assertNull(SoftKernel.loadInBackground());
            System.clearProperty("pairgate.soft.background");
            final Thread t = SoftKernel.loadInBackground();
            assertNotNull(t);
            assertTrue(t.isDaemon());
            t.join(30_000);
            assertFalse(t.isAlive());
            assertTrue(SoftKernel.isAvailable(), () -> "libpairgate_soft: " + SoftKernel.unavailableReason());
            assertTrue(SoftKernel.useNative());
        } finally {
            restore("pairgate.soft.kernel", kernel);
            restore("pairgate.soft.background", background);
        }
    }

    private static void restore(final String key, final String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
