package org.pairgate.device;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The soft engine's native kernels (issue 15): {@code libpairgate_soft.so}, built from {@code
 * soft-kernel/} by Maven's compile phase (make and gcc, like hw-sim's Verilator library), bound
 * here through JNA direct mapping ({@link Native#register}: static natives, primitives and
 * addresses only, so a call copies no array and converts nothing through reflection).
 *
 * <p>Which kernel runs: the system property {@code pairgate.soft.kernel}, else the environment
 * variable {@code PAIRGATE_SOFT_KERNEL}: {@code auto} (the default: native when the library loads,
 * else the Java kernels), {@code native} (the library must load: a device cannot be made without
 * it) or {@code java} (never the library). The library is looked for in the system property
 * {@code pairgate.soft.dir}, else {@code PAIRGATE_SOFT_DIR}, else {@code
 * <pairgate.root>/soft-kernel/target/native}.
 *
 * <p>The library is built with {@code -march=native} on the machine that runs it; it is not meant to
 * be copied to another CPU (soft-kernel/Makefile, {@code MARCH=}).
 */
public final class SoftKernel {
    /** ABI version of soft-kernel/include/pg_soft.h that these bindings implement. */
    public static final int ABI_VERSION = 3;
    /** The library's base name. */
    public static final String LIBRARY = "pairgate_soft";

    private SoftKernel() { }

    /** What {@code pairgate.soft.kernel} / {@code PAIRGATE_SOFT_KERNEL} asks for. */
    public enum Choice { AUTO, NATIVE, JAVA }

    /** The choice in the system property, else the environment, else AUTO; a bad value is a one-line error. */
    public static Choice choice() {
        String v = System.getProperty("pairgate.soft.kernel");
        if (v == null || v.isBlank()) {
            v = System.getenv("PAIRGATE_SOFT_KERNEL");
        }
        if (v == null || v.isBlank()) {
            return Choice.AUTO;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "auto": return Choice.AUTO;
            case "native": return Choice.NATIVE;
            case "java": return Choice.JAVA;
            default:
                throw new DeviceException(DeviceException.EINVAL,
                    "pairgate.soft.kernel / PAIRGATE_SOFT_KERNEL is '" + v + "': auto, native or java");
        }
    }

    /** Whether the library loads and implements {@link #ABI_VERSION}. */
    public static boolean isAvailable() {
        return Loader.FAILURE == null;
    }

    /** Why the library cannot be used (with what to do about it), or null when it can. */
    public static String unavailableReason() {
        return Loader.FAILURE;
    }

    /**
     * Whether a new soft device runs the native kernels: per {@link #choice()}; NATIVE without the
     * library is a {@link DeviceException} that says why.
     */
    public static boolean useNative() {
        switch (choice()) {
            case JAVA:
                return false;
            case NATIVE:
                if (!isAvailable()) {
                    throw new DeviceException(DeviceException.EINVAL, "pairgate.soft.kernel=native: " + unavailableReason());
                }
                return true;
            default:
                return isAvailable();
        }
    }

    /**
     * Starts loading the library on a daemon thread, unless {@link #choice()} is JAVA (or not a
     * valid value: the device that needs the kernel reports that). Loading JNA's {@code Native}
     * initialises java.util.logging, whose start looks for a {@code System.LoggerFinder} in every
     * jar of the class path (JDK 17's {@code BootstrapLogger.DetectBackend}: the CLI's 43 jars
     * opened and their manifests read), then loads JNA's dispatch library and this one: tens of
     * ms of a small analyze (issue 15, time to first result; docs/benchmarks.md). Started when a
     * command knows it will analyse, it runs on the other core while that command reads the file's
     * header and sets up; the first device that asks {@link #isAvailable()} waits for the load to
     * finish (class initialisation), so the result is the same as a load on first use. The system
     * property {@code pairgate.soft.background=false} turns it off (the in-run A/B of its gain).
     * Returns the thread, or null when none was started.
     */
    public static Thread loadInBackground() {
        if ("false".equals(System.getProperty("pairgate.soft.background"))) {
            return null;
        }
        try {
            if (choice() == Choice.JAVA) {
                return null;
            }
        } catch (final DeviceException e) {
            return null;
        }
        final Thread thread = new Thread(SoftKernel::isAvailable, "pairgate-soft-kernel-load");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** The build the library reports (compiler, flags, SIMD level), or why there is none. */
    public static String buildInfo() {
        return isAvailable() ? Abi.pgs_build_info() : "none: " + unavailableReason();
    }

    /** Where the library is looked for (see the class comment). */
    public static Path libraryPath() {
        return libraryDirectory().resolve(System.mapLibraryName(LIBRARY)).toAbsolutePath().normalize();
    }

    private static Path libraryDirectory() {
        final String prop = System.getProperty("pairgate.soft.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        final String env = System.getenv("PAIRGATE_SOFT_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        final String root = System.getProperty("pairgate.root");
        return (root != null && !root.isBlank() ? Path.of(root) : Path.of("")).resolve("soft-kernel/target/native");
    }

    /** Sum of the {@code n} 32-bit words at {@code address} (the binding's smoke test, SoftKernelTest). */
    static long sumWords(final long address, final long n) {
        return Abi.pgs_sum_words(address, n);
    }

    /**
     * The two-core split's prefix scan in C (issue 15; pg_soft.h {@code pgs_t2_prefix_scan}): of
     * the {@code n} little-endian HydraHarp-family T2 records at {@code records}, writes the
     * records whose top seven bits are {@code syncTop} to the long at {@code out} and the overflow
     * periods (V1: one per overflow record; later types: the record's count, 0 meaning 1) to the
     * long after it. The caller holds the records (a mapped file) and the 16 bytes at {@code out}.
     * A {@link DeviceException} when the library is not {@link #isAvailable() available}.
     *
     * @param scalar the plain loop even where the library has the AVX-512 one (tests)
     * @return whether the AVX-512 loop ran
     */
    public static boolean t2PrefixScan(final long records, final long n, final int syncTop, final boolean v1,
                                       final boolean scalar, final long out) {
        if (!isAvailable()) {   // also what binds Abi, on first use
            throw new DeviceException(DeviceException.EINVAL, "the native prefix scan: " + unavailableReason());
        }
        return Abi.pgs_t2_prefix_scan(records, n, syncTop, v1 ? 1 : 0, scalar ? 1 : 0, out) != 0;
    }

    /** The C functions of pg_soft.h, bound by {@link Loader} (direct mapping: static natives). */
    @SuppressWarnings({"checkstyle:MethodName", "unused"})
    static final class Abi {
        private Abi() { }

        static native int pgs_abi_version();

        static native String pgs_build_info();

        static native long pgs_sum_words(long address, long n);

        static native long pgs_t2_create(long paramsAddress);

        static native void pgs_t2_free(long state);

        static native long pgs_t2_header(long state);

        static native long pgs_t2_array(long state, int which);

        static native long pgs_t2_run(long state, long recordsAddress, long records);

        static native int pgs_t2_prefix_scan(long recordsAddress, long records, int syncTop, int v1, int scalar,
                                             long outAddress);
    }

    /** Loads and binds the library once, on first use (holder idiom); FAILURE says why it could not. */
    private static final class Loader {
        static final String FAILURE = load();

        private static String load() {
            final Path path = libraryPath();
            final String build = " (build it with `make -C soft-kernel` or `mvn -pl soft-kernel compile`, which need gcc and make;"
                + " the Java kernels run without it)";
            if (!Files.isRegularFile(path)) {
                return "the library " + path + " does not exist" + build;
            }
            try {
                Native.register(Abi.class, NativeLibrary.getInstance(path.toString()));
            } catch (final Throwable t) {
                return "cannot load " + path + ": " + t + build;
            }
            final int version;
            try {
                version = Abi.pgs_abi_version();
            } catch (final Throwable t) {
                return "cannot call pgs_abi_version in " + path + ": " + t;
            }
            if (version != ABI_VERSION) {
                return path + " implements soft-kernel ABI version " + version + ", these bindings need " + ABI_VERSION
                    + ": the library is stale" + build;
            }
            return null;
        }
    }
}
