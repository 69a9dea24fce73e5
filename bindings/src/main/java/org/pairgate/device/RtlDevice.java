package org.pairgate.device;

import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The Verilated firmware (engine {@code rtl}): {@code libpairgate_rtl.so} behind the device C ABI
 * of {@code hw-sim/include/pairgate.h}, through JNA direct mapping.
 *
 * <h2>Why direct mapping with raw addresses</h2>
 * JNA interface mapping converts every argument through reflection (about 4 µs a call for a
 * {@code long[]}); direct mapping ({@link Native#register}) with {@code long} addresses of memory
 * that is already off-heap costs about 0.12 µs whatever the batch size. {@link TagBatch} keeps tags
 * off-heap in exactly the ABI's layout, so {@link #push} passes {@code timesAddress() + 8·offset},
 * {@code channelsAddress() + offset} and {@code countsAddress() + 4·offset} straight through; frames
 * and register values come back through buffers allocated once per device. Pointers are {@code long}s (x86-64 / AArch64 pass
 * both in the same integer registers), so no call allocates.
 *
 * <h2>Where the library comes from</h2>
 * {@link #libraryPath()}: system property {@code pairgate.native.dir} (Surefire sets it to
 * {@code hw-sim/target/native}), else the environment variable {@code PAIRGATE_NATIVE_DIR}, else
 * {@code hw-sim/target/native} under the system property {@code pairgate.root}, else under the
 * working directory. The library is loaded once per JVM; {@link #isAvailable()} and
 * {@link #unavailableReason()} let the host fall back to the soft engine and say why.
 *
 * <p>Every negative return of the ABI becomes a {@link DeviceException} carrying the library's
 * {@code pg_last_error} text. Not thread-safe: one thread drives a device (the ABI's rule).
 */
public class RtlDevice implements Device {
    /** {@code PG_ABI_VERSION} of the pairgate.h this class is written against. */
    public static final int ABI_VERSION = 4;
    /** Library base name: {@code libpairgate_rtl.so} on Linux. */
    public static final String LIBRARY = "pairgate_rtl";

    /** The library's functions (this class: libpairgate_rtl.so; {@link LinkDevice}: libpairgate_link.so). */
    final NativeAbi abi;
    private final PgMap.FrameLayout layout;
    private final int frameWords;
    /** Scratch for pg_reg_read's out-parameter. */
    private final Memory registerValue;
    private final long registerValueAddress;
    /** One frame, written by pg_frame_read and copied into the caller's long[]. */
    private final Memory frameBuffer;
    private final long frameBufferAddress;
    /** Trial records: the layout, and up to {@link #RECORD_CHUNK} records per pg_record_read. */
    private final PgMap.RecordLayout recordLayout;
    private final int recordWords;
    private final int recordChunk;
    private final Memory recordBuffer;
    private final long recordBufferAddress;
    private long handle;

    /** Records moved per pg_record_read at most (the buffer is allocated once per device). */
    private static final int RECORD_CHUNK = 256;

    /**
     * Opens a Verilated core with a frame ring of {@code ringFrames} slots (the library wants at
     * least 2). The shape is the one the library was built with (register SHAPE).
     *
     * @throws DeviceException when the library is unavailable, pg_open fails, or the core does not
     *                         identify as a pairgate core of this map version
     */
    public RtlDevice(final int ringFrames) {
        this(ringFrames, Devices.DEFAULT_RECORD_CAPACITY);
    }

    /**
     * Opens a Verilated core with a frame ring of {@code ringFrames} slots and a trial-record ring
     * of {@code recordCapacity} records (pg_open option record_capacity, at least 1).
     */
    public RtlDevice(final int ringFrames, final int recordCapacity) {
        this(RtlAbi.INSTANCE, Loader.FAILURE, "ring_frames=" + ringFrames + ",record_capacity=" + recordCapacity, recordCapacity);
    }

    /** Opens a library bound to {@code abi} ({@code unavailable}: why it cannot be loaded, or null). */
    RtlDevice(final NativeAbi abi, final String unavailable, final String options, final int recordCapacity) {
        if (unavailable != null) {
            throw new DeviceException(DeviceException.EOPEN, unavailable);
        }
        this.abi = abi;
        final long h = abi.pg_open(options);
        if (h == 0) {
            throw new DeviceException(DeviceException.EOPEN, "pg_open(" + options + "): " + abi.pg_last_error(0));
        }
        this.handle = h;
        this.registerValue = new Memory(Long.BYTES);
        this.registerValueAddress = Pointer.nativeValue(registerValue);
        try {
            final long id = readRegister(PgMap.REG_ID);
            if (id != PgMap.ID_VALUE) {
                throw new DeviceException(DeviceException.EOPEN, String.format(
                    "register ID reads 0x%016x, expected 0x%016x: %s is not a pairgate core of this map version",
                    id, PgMap.ID_VALUE, libraryPath()));
            }
            this.layout = PgMap.FrameLayout.ofShape(readRegister(PgMap.REG_SHAPE));
            final long words = readRegister(PgMap.REG_FRAME_WORDS);
            if (words != layout.frameWords) {
                throw new DeviceException(DeviceException.EOPEN, "register FRAME_WORDS reads " + words + " but shape "
                    + Long.toHexString(layout.shapeWord()) + " has frames of " + layout.frameWords + " words (stale generated map?)");
            }
        } catch (final RuntimeException e) {
            close();
            throw e;
        }
        this.frameWords = layout.frameWords;
        this.frameBuffer = new Memory((long) frameWords * Long.BYTES);
        this.frameBufferAddress = Pointer.nativeValue(frameBuffer);
        this.recordLayout = PgMap.RecordLayout.of(layout);
        this.recordWords = recordLayout.recordWords;
        this.recordChunk = Math.min(RECORD_CHUNK, recordCapacity);
        this.recordBuffer = new Memory((long) recordChunk * recordWords * Long.BYTES);
        this.recordBufferAddress = Pointer.nativeValue(recordBuffer);
    }

    /** Whether the library loads and implements {@link #ABI_VERSION}. */
    public static boolean isAvailable() {
        return Loader.FAILURE == null;
    }

    /** Why the rtl engine cannot be used (with what to do about it), or null when it can. */
    public static String unavailableReason() {
        return Loader.FAILURE;
    }

    /** Where the library is looked for (see the class comment). */
    public static Path libraryPath() {
        return libraryDirectory().resolve(System.mapLibraryName(LIBRARY)).toAbsolutePath().normalize();
    }

    private static Path libraryDirectory() {
        final String prop = System.getProperty("pairgate.native.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        final String env = System.getenv("PAIRGATE_NATIVE_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        final String root = System.getProperty("pairgate.root");
        return (root != null && !root.isBlank() ? Path.of(root) : Path.of("")).resolve("hw-sim/target/native");
    }

    @Override
    public String engine() {
        return "rtl";
    }

    @Override
    public PgMap.FrameLayout layout() {
        return layout;
    }

    @Override
    public long readRegister(final int address) {
        check(abi.pg_reg_read(open(), address, registerValueAddress), "pg_reg_read", address);
        return registerValue.getLong(0);
    }

    @Override
    public void writeRegister(final int address, final long value) {
        check(abi.pg_reg_write(open(), address, value), "pg_reg_write", address);
    }

    /**
     * Register writes the library refused with {@link DeviceException#ESTATE} before they reached
     * the core's register bus, since the device opened (ABI version 4,
     * {@code pg_writes_refused_by_library}): a CTRL command written while another waits behind the
     * frozen frame, which the core would otherwise merge into the waiting one. Kept across
     * CTRL_RESET. Each also reached its caller as an exception.
     */
    public long writesRefusedByLibrary() {
        final int rc = abi.pg_writes_refused_by_library(open(), registerValueAddress);
        if (rc < 0) {
            throw error(rc, "pg_writes_refused_by_library");
        }
        return registerValue.getLong(0);
    }

    /**
     * Every register write this device refused with {@link DeviceException#ESTATE} since it opened:
     * on the bare core all of them are the library's ({@link #writesRefusedByLibrary()}); the link
     * adds those its front end counted ({@link LinkDevice#writesRefused()}). A run that caught none
     * must read 0: anything else is a write that was lost while its error was swallowed.
     */
    public long writesRefused() {
        return writesRefusedByLibrary();
    }

    @Override
    public int push(final TagBatch batch, final int offset, final int count) {
        if (offset < 0 || count < 0 || offset > batch.size() - count) {
            throw new DeviceException(DeviceException.EINVAL,
                "push of tags [" + offset + ", " + offset + "+" + count + ") outside the batch of " + batch.size());
        }
        return pushAddresses(batch.timesAddress() + ((long) offset << 3), batch.channelsAddress() + offset,
            batch.countsAddress() + ((long) offset << 2), count);
    }

    /** pg_push of {@code count} tag words at these native addresses; returns the words accepted. */
    final int pushAddresses(final long times, final long channels, final long counts, final int count) {
        final long accepted = abi.pg_push(open(), times, channels, counts, count);
        if (accepted < 0) {
            throw error((int) accepted, "pg_push");
        }
        return (int) accepted;
    }

    @Override
    public int framesPending() {
        final int n = abi.pg_frames_pending(open());
        if (n < 0) {
            throw error(n, "pg_frames_pending");
        }
        return n;
    }

    @Override
    public int readFrame(final long[] dst) {
        final long n = abi.pg_frame_read(open(), frameBufferAddress, frameWords);
        if (n < 0) {
            throw error((int) n, "pg_frame_read");
        }
        if (n == 0) {
            return 0;
        }
        if (n != frameWords) {
            throw new DeviceException(DeviceException.EFATAL, "pg_frame_read returned " + n + " words, frames have " + frameWords);
        }
        if (dst.length < frameWords) {
            throw new DeviceException(DeviceException.ESMALL, "frame buffer of " + dst.length + " words, a frame has " + frameWords);
        }
        frameBuffer.read(0, dst, 0, frameWords);
        return frameWords;
    }

    @Override
    public void releaseFrame() {
        final int rc = abi.pg_frame_release(open());
        if (rc < 0) {
            throw error(rc, "pg_frame_release");
        }
    }

    @Override
    public PgMap.RecordLayout recordLayout() {
        return recordLayout;
    }

    @Override
    public int recordsPending() {
        final long n = abi.pg_records_pending(open());
        if (n < 0) {
            throw error((int) n, "pg_records_pending");
        }
        return (int) n;
    }

    /**
     * pg_record_read in chunks of at most {@link #RECORD_CHUNK} records through the device's
     * buffer, until {@code dst} is full or no record is left: each call lets records waiting in the
     * core's FIFO into the freed ring slots, which the next call reads.
     */
    @Override
    public int readRecords(final long[] dst) {
        final long h = open();
        if (dst.length < recordWords) {
            throw new DeviceException(DeviceException.ESMALL, "record buffer of " + dst.length + " words, a record has " + recordWords);
        }
        int copied = 0;
        while (dst.length - copied >= recordWords) {
            final int want = Math.min((dst.length - copied) / recordWords, recordChunk) * recordWords;
            final long n = abi.pg_record_read(h, recordBufferAddress, want);
            if (n < 0) {
                throw error((int) n, "pg_record_read");
            }
            if (n == 0) {
                break;
            }
            if (n % recordWords != 0 || n > want) {
                throw new DeviceException(DeviceException.EFATAL, "pg_record_read returned " + n + " words of " + want
                    + ", records have " + recordWords);
            }
            recordBuffer.read(0, dst, copied, (int) n);
            copied += (int) n;
        }
        return copied;
    }

    /** Closes the handle (pg_close) and frees the buffers now rather than at GC; idempotent. */
    @Override
    public void close() {
        final long h = handle;
        if (h != 0) {
            handle = 0;
            abi.pg_close(h);
            registerValue.close();
            if (frameBuffer != null) {
                frameBuffer.close();
            }
            if (recordBuffer != null) {
                recordBuffer.close();
            }
        }
    }

    @Override
    public String toString() {
        return "RtlDevice[" + (layout == null ? "?" : "W=" + layout.windows + ", D=" + layout.detectors + ", K="
            + layout.maxDn + ", B=" + layout.bins) + ", " + libraryPath() + "]";
    }

    final long open() {
        final long h = handle;
        if (h == 0) {
            throw new DeviceException(DeviceException.ESTATE, "device is closed");
        }
        return h;
    }

    private void check(final int rc, final String call, final int address) {
        if (rc < 0) {
            throw error(rc, String.format("%s(0x%02x)", call, address));
        }
    }

    final DeviceException error(final int code, final String call) {
        return new DeviceException(code, call + ": " + abi.pg_last_error(handle));
    }

    /** The C functions of pairgate.h as instance methods, so that two libraries of the ABI can be driven by one class. */
    @SuppressWarnings("checkstyle:MethodName")
    interface NativeAbi {
        long pg_open(String options);

        void pg_close(long dev);

        String pg_last_error(long dev);

        int pg_reg_read(long dev, int addr, long valuePtr);

        int pg_reg_write(long dev, int addr, long value);

        long pg_push(long dev, long timesPtr, long channelsPtr, long countsPtr, long count);

        int pg_frames_pending(long dev);

        long pg_frame_read(long dev, long dstPtr, long capacityWords);

        int pg_frame_release(long dev);

        long pg_records_pending(long dev);

        long pg_record_read(long dev, long dstPtr, long capacityWords);

        int pg_writes_refused_by_library(long dev, long countPtr);
    }

    /** libpairgate_rtl.so through {@link Abi}'s static natives. */
    @SuppressWarnings("checkstyle:MethodName")
    static final class RtlAbi implements NativeAbi {
        static final RtlAbi INSTANCE = new RtlAbi();

        @Override public long pg_open(final String options) { return Abi.pg_open(options); }
        @Override public void pg_close(final long dev) { Abi.pg_close(dev); }
        @Override public String pg_last_error(final long dev) { return Abi.pg_last_error(dev); }
        @Override public int pg_reg_read(final long dev, final int addr, final long valuePtr) { return Abi.pg_reg_read(dev, addr, valuePtr); }
        @Override public int pg_reg_write(final long dev, final int addr, final long value) { return Abi.pg_reg_write(dev, addr, value); }
        @Override public long pg_push(final long dev, final long t, final long c, final long n, final long count) { return Abi.pg_push(dev, t, c, n, count); }
        @Override public int pg_frames_pending(final long dev) { return Abi.pg_frames_pending(dev); }
        @Override public long pg_frame_read(final long dev, final long dst, final long cap) { return Abi.pg_frame_read(dev, dst, cap); }
        @Override public int pg_frame_release(final long dev) { return Abi.pg_frame_release(dev); }
        @Override public long pg_records_pending(final long dev) { return Abi.pg_records_pending(dev); }
        @Override public long pg_record_read(final long dev, final long dst, final long cap) { return Abi.pg_record_read(dev, dst, cap); }
        @Override public int pg_writes_refused_by_library(final long dev, final long count) { return Abi.pg_writes_refused_by_library(dev, count); }
    }

    /** The C functions of pairgate.h, bound by {@link Loader} (direct mapping: static natives). */
    @SuppressWarnings({"checkstyle:MethodName", "unused"})
    static final class Abi {
        private Abi() { }

        static native int pg_abi_version();

        static native long pg_open(String options);

        static native void pg_close(long dev);

        static native String pg_last_error(long dev);

        static native int pg_reg_read(long dev, int addr, long valuePtr);

        static native int pg_reg_write(long dev, int addr, long value);

        /**
         * ABI version 2: {@code int64_t pg_push(pg_device *dev, const int64_t *times, const uint8_t *channels,
         * const uint32_t *counts, int64_t count)}; counts NULL means every word is one tag, a count of 0 is PG_EINVAL.
         */
        static native long pg_push(long dev, long timesPtr, long channelsPtr, long countsPtr, long count);

        static native int pg_frames_pending(long dev);

        static native long pg_frame_read(long dev, long dstPtr, long capacityWords);

        static native int pg_frame_release(long dev);

        static native long pg_records_pending(long dev);

        static native long pg_record_read(long dev, long dstPtr, long capacityWords);

        /** ABI version 4: {@code int pg_writes_refused_by_library(const pg_device *dev, uint64_t *count)}. */
        static native int pg_writes_refused_by_library(long dev, long countPtr);
    }

    /** Loads and binds the library once, on first use (holder idiom); FAILURE says why it could not. */
    private static final class Loader {
        static final String FAILURE = load(Abi.class, libraryPath(), () -> Abi.pg_abi_version());
    }

    /**
     * Binds {@code abiClass}'s static natives to the library at {@code path} and checks its ABI
     * version; returns null, or why the library cannot be used (with what to do about it).
     */
    static String load(final Class<?> abiClass, final Path path, final java.util.function.IntSupplier abiVersion) {
        final String build = " (build it with `mvn -pl hw-sim -am compile` or `make -C hw-sim lib link`, which need Verilator:"
            + " `apt-get install verilator`; or use the soft engine)";
        if (!Files.isRegularFile(path)) {
            return "the library " + path + " does not exist" + build;
        }
        try {
            Native.register(abiClass, NativeLibrary.getInstance(path.toString()));
        } catch (final Throwable t) {
            return "cannot load " + path + ": " + t + build;
        }
        final int version;
        try {
            version = abiVersion.getAsInt();
        } catch (final Throwable t) {
            return "cannot call pg_abi_version in " + path + ": " + t;
        }
        if (version != ABI_VERSION) {
            // pg_push changed its signature in version 2 (the counts array): calling a version 1
            // library through this binding would read the tag count from the wrong register
            return path + " implements device ABI version " + version + ", these bindings need " + ABI_VERSION
                + " (pg_push with a counts array, frame format 2): the library is stale" + build;
        }
        return null;
    }

    /** The directory the native libraries are looked for in (see the class comment). */
    static Path nativeDirectory() {
        return libraryDirectory();
    }
}
