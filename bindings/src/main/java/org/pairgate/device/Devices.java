package org.pairgate.device;

/**
 * Opens a pairgate core by engine name: {@code "soft"} (the Java model, any shape: its fast path
 * {@link FastSoftDevice}, held word for word to the reference model {@link SoftDevice}) or
 * {@code "rtl"} (the Verilated firmware, whose shape was fixed when the library was built).
 *
 * <p>The host asks for the shape it needs; the soft engine builds exactly that, the rtl engine
 * reports its own (register SHAPE) and is refused when it is smaller than asked in any dimension,
 * because a core with fewer windows, detectors, ΔN or bins cannot count what the host expects.
 * Callers always size their buffers from {@link Device#layout()}.
 */
public final class Devices {
    /** Default shape of docs/frame-format.md (the one the RTL library is built with). */
    public static final int DEFAULT_WINDOWS = 2;
    public static final int DEFAULT_DETECTORS = 2;
    public static final int DEFAULT_MAX_DN = 8;
    public static final int DEFAULT_BINS = 256;
    /** Default frame ring of pairgate.h's pg_open. */
    public static final int DEFAULT_RING_FRAMES = 8;
    /** Default trial-record ring of pairgate.h's pg_open (option record_capacity), in records. */
    public static final int DEFAULT_RECORD_CAPACITY = 1024;

    public static final String SOFT = "soft";
    /** {@code -Dpairgate.soft=model}: the soft engine is the reference model {@link SoftDevice}, not the fast path. */
    private static final boolean USE_MODEL = "model".equals(System.getProperty("pairgate.soft"));
    public static final String RTL = "rtl";
    /** The link front end + core behind a time tagger's FPGA link (fixed shape, like rtl): {@link LinkDevice}. */
    public static final String LINK = "link";

    private Devices() { }

    /** A core of the default shape. */
    public static Device open(final String engine, final int ringFrames) {
        return open(engine, DEFAULT_WINDOWS, DEFAULT_DETECTORS, DEFAULT_MAX_DN, DEFAULT_BINS, ringFrames);
    }

    /**
     * A core with at least W windows, D detectors, K = {@code maxDn} and B bins: exactly that
     * shape for "soft", the library's shape for "rtl".
     *
     * @throws IllegalArgumentException for an unknown engine, a bad shape, or an rtl core smaller than asked
     * @throws DeviceException          when the rtl engine is unavailable (the message says why) or fails to open
     */
    public static Device open(final String engine, final int windows, final int detectors, final int maxDn, final int bins,
                              final int ringFrames) {
        return open(engine, windows, detectors, maxDn, bins, ringFrames, DEFAULT_RECORD_CAPACITY);
    }

    /** As {@link #open(String, int, int, int, int, int)}, with a trial-record ring of {@code recordCapacity} records. */
    public static Device open(final String engine, final int windows, final int detectors, final int maxDn, final int bins,
                              final int ringFrames, final int recordCapacity) {
        switch (engine) {
            case SOFT:
                // the fast path: SoftDevice's frames word for word (FastVersusSoftTest), cheaper trial closes;
                // -Dpairgate.soft=model runs the reference model instead (A/B measurements, suspected fast-path bugs)
                return USE_MODEL ? new SoftDevice(windows, detectors, maxDn, bins, ringFrames, recordCapacity)
                    : new FastSoftDevice(windows, detectors, maxDn, bins, ringFrames, recordCapacity);
            case RTL:
            case LINK: {
                final RtlDevice dev = RTL.equals(engine) ? new RtlDevice(ringFrames, recordCapacity)
                    : new LinkDevice(ringFrames, recordCapacity);
                final PgMap.FrameLayout l = dev.layout();
                if (l.windows < windows || l.detectors < detectors || l.maxDn < maxDn || l.bins < bins) {
                    dev.close();
                    throw new IllegalArgumentException("the " + engine + " core has W=" + l.windows + ", D=" + l.detectors + ", K=" + l.maxDn
                        + ", B=" + l.bins + "; asked for W=" + windows + ", D=" + detectors + ", K=" + maxDn + ", B=" + bins
                        + " (use the soft engine, or rebuild the firmware with a larger shape)");
                }
                return dev;
            }
            default:
                throw new IllegalArgumentException("unknown engine '" + engine + "': use " + SOFT + ", " + RTL + " or " + LINK);
        }
    }
}
