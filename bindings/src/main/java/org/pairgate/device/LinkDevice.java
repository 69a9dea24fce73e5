package org.pairgate.device;

import java.nio.file.Path;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * Engine {@code link}: the Verilated link front end + core ({@code libpairgate_link.so},
 * fpga/rtl/pg_link_top.v) fed the way a time tagger's FPGA link feeds it: one link word of up to
 * WORD_WIDTH tags per clock, never waiting for the core; a word the front end cannot hold is
 * dropped whole and counted (register LINK_DROPPED_TAGS, the accounting category
 * {@code dropped_at_input}).
 *
 * <h2>Channels and times</h2>
 * The host's tag words carry file channels (0..255); the link carries signed 6-bit channels
 * (+n rising edge of input n, −n falling edge). This device gives every file channel 0..62 a link
 * channel of its own (0..30 → rising +1..+31, 31..62 → falling −1..−32) and writes LINK_MAP so that
 * each maps back to its file channel, so the core's registers (SYNC_CHANNEL, DET_CHANNEL) keep the
 * file's numbers; file channels 63 and above share link channel 0, mapped to core channel 0xFE
 * (counted in TAGS_OTHER / OTHER_CHANNEL, as by the soft engine, as long as no role uses them:
 * {@link #configure} refuses a sync or detector channel above 62). Times pass through as the
 * file's ticks: the front end does not scale (on a Time Tagger X the tick is 1/3 ps).
 *
 * <h2>Pacing</h2>
 * {@link #pace(long)}: a tag of time t is on the link at clock (t − t0) / ticksPerClock (the link's
 * 333.33 MHz clock is 3 ns: {@link #ticksPerClock(double)} from the file's resolution); 0 = a
 * full word every clock, the link's full rate. Within the sustained envelope nothing is dropped
 * and the frames are those of the soft engine word for word ({@code LinkVersusSoftTest}).
 */
public final class LinkDevice extends RtlDevice {
    /** Library base name: {@code libpairgate_link.so} on Linux. */
    public static final String LIBRARY = "pairgate_link";
    /** The link's clock period in picoseconds (333.33 MHz). */
    public static final double CLOCK_PS = 3000.0;
    /** Core channel the file channels above {@link #MAX_FILE_CHANNEL} map to (no role: TAGS_OTHER). */
    public static final int OTHER_CORE_CHANNEL = 0xFE;
    /** Highest file channel with a link channel of its own. */
    public static final int MAX_FILE_CHANNEL = 62;

    /** File channel → link channel byte (int8). */
    private static final byte[] TO_LINK = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            TO_LINK[c] = (byte) linkChannel(c);
        }
    }

    private Memory channels;
    private long channelsAddress;
    private int channelsCapacity;

    /** Opens the link library with a frame ring of {@code ringFrames} slots and a record ring of {@code recordCapacity}. */
    public LinkDevice(final int ringFrames, final int recordCapacity) {
        super(LinkAbi.INSTANCE, Loader.FAILURE, "ring_frames=" + ringFrames + ",record_capacity=" + recordCapacity, recordCapacity);
        try {
            if (readRegister(PgMap.REG_LINK_ID) != PgMap.LINK_ID_VALUE) {
                throw new DeviceException(DeviceException.EOPEN, libraryPath() + " has no link front end of this map version");
            }
            for (int c = 0; c <= MAX_FILE_CHANNEL; c++) {
                writeRegister(PgMap.REG_LINK_MAP + (linkChannel(c) & (PgMap.LINK_MAP_SLOTS - 1)), c);
            }
            writeRegister(PgMap.REG_LINK_MAP, OTHER_CORE_CHANNEL);
        } catch (final RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The link channel (signed) of file channel {@code c}: see the class comment. */
    public static int linkChannel(final int c) {
        if (c <= 30) {
            return c + 1;
        }
        if (c <= MAX_FILE_CHANNEL) {
            return -(c - 30);
        }
        return 0;
    }

    /** Link clocks per tick for a file of {@code resolutionPs} picoseconds per tick: ticks in one 3 ns clock (at least 1). */
    public static long ticksPerClock(final double resolutionPs) {
        return resolutionPs > 0 ? Math.max(1, Math.round(CLOCK_PS / resolutionPs)) : 0;
    }

    /** Whether the library loads. */
    public static boolean isAvailable() {
        return Loader.FAILURE == null;
    }

    /** Why the link engine cannot be used, or null. */
    public static String unavailableReason() {
        return Loader.FAILURE;
    }

    /** Where the library is looked for (as {@link RtlDevice#libraryPath()}). */
    public static Path libraryPath() {
        return RtlDevice.nativeDirectory().resolve(System.mapLibraryName(LIBRARY)).toAbsolutePath().normalize();
    }

    @Override
    public String engine() {
        return "link";
    }

    /** Sets the pacing of the tags pushed from the next reset on (see the class comment); 0 = full rate. */
    public void pace(final long ticksPerClock) {
        final int rc = LinkNatives.pg_link_pace(open(), ticksPerClock);
        if (rc < 0) {
            throw error(rc, "pg_link_pace");
        }
    }

    /** Tags dropped at the input since reset (LINK_DROPPED_TAGS): the accounting category dropped_at_input. */
    public long droppedAtInput() {
        return readRegister(PgMap.REG_LINK_DROPPED_TAGS);
    }

    /**
     * Every register write refused since the device opened, each of which reached its caller as
     * {@link DeviceException#ESTATE}: the front end's count (LINK_WRITES_REFUSED,
     * {@link #writesRefusedOnBus()}) plus the library's ({@link #writesRefusedByLibrary()}). A
     * refused write is never applied; both counts survive CTRL_RESET, since a configuration write
     * lost before a reset still matters after it. A run that saw no such error and reads non-zero
     * lost a write (Analysis fails it).
     *
     * <p>Why a sum: LINK_WRITES_REFUSED is what the board reports, but it can only count writes that
     * reached the register bus. A CTRL command written while the core's own command waits behind a
     * held frame (the front end empty) would reach the core and be merged into the waiting one, so
     * the library refuses it before the bus, as a board's driver must; only the library can count
     * that one. Every refusal is in exactly one of the two counts.
     */
    @Override
    public long writesRefused() {
        return writesRefusedOnBus() + writesRefusedByLibrary();
    }

    /**
     * Core register writes the front end refused (LINK_WRITES_REFUSED, the board's own count): a
     * write that arrived while another was held in the front end was stalled on the register bus
     * (reg_wready low) and withdrawn by the library once nothing could move without the host.
     */
    public long writesRefusedOnBus() {
        return readRegister(PgMap.REG_LINK_WRITES_REFUSED);
    }

    @Override
    public void configure(final GateConfig cfg) {
        if (cfg.syncChannel() > MAX_FILE_CHANNEL && cfg.syncChannel() <= 0xFF) {
            throw new IllegalArgumentException("the link engine carries file channels 0.." + MAX_FILE_CHANNEL + " as link channels;"
                + " sync channel " + cfg.syncChannel() + " has none");
        }
        for (final long d : cfg.detChannels()) {
            if (d > MAX_FILE_CHANNEL && d <= 0xFF) {
                throw new IllegalArgumentException("the link engine carries file channels 0.." + MAX_FILE_CHANNEL
                    + " as link channels; detector channel " + d + " has none");
            }
        }
        super.configure(cfg);
    }

    /** The batch's words with their channels turned into link channels (the times and counts as they are). */
    @Override
    public int push(final TagBatch batch, final int offset, final int count) {
        if (offset < 0 || count < 0 || offset > batch.size() - count) {
            throw new DeviceException(DeviceException.EINVAL,
                "push of tags [" + offset + ", " + offset + "+" + count + ") outside the batch of " + batch.size());
        }
        if (count > channelsCapacity) {
            if (channels != null) {
                channels.close();
            }
            channelsCapacity = Math.max(count, 1024);
            channels = new Memory(channelsCapacity);
            channelsAddress = Pointer.nativeValue(channels);
        }
        final org.agrona.concurrent.UnsafeBuffer in = batch.channelsBuffer();
        for (int i = 0; i < count; i++) {
            channels.setByte(i, TO_LINK[in.getByte(offset + i) & 0xFF]);
        }
        return pushAddresses(batch.timesAddress() + ((long) offset << 3), channelsAddress,
            batch.countsAddress() + ((long) offset << 2), count);
    }

    @Override
    public void close() {
        super.close();
        if (channels != null) {
            channels.close();
            channels = null;
            channelsCapacity = 0;
        }
    }

    @Override
    public String toString() {
        return "LinkDevice[" + libraryPath() + "]";
    }

    /** libpairgate_link.so through {@link LinkNatives}' static natives. */
    @SuppressWarnings("checkstyle:MethodName")
    static final class LinkAbi implements NativeAbi {
        static final LinkAbi INSTANCE = new LinkAbi();

        @Override public long pg_open(final String options) { return LinkNatives.pg_open(options); }
        @Override public void pg_close(final long dev) { LinkNatives.pg_close(dev); }
        @Override public String pg_last_error(final long dev) { return LinkNatives.pg_last_error(dev); }
        @Override public int pg_reg_read(final long dev, final int addr, final long valuePtr) { return LinkNatives.pg_reg_read(dev, addr, valuePtr); }
        @Override public int pg_reg_write(final long dev, final int addr, final long value) { return LinkNatives.pg_reg_write(dev, addr, value); }
        @Override public long pg_push(final long dev, final long t, final long c, final long n, final long count) { return LinkNatives.pg_push(dev, t, c, n, count); }
        @Override public int pg_frames_pending(final long dev) { return LinkNatives.pg_frames_pending(dev); }
        @Override public long pg_frame_read(final long dev, final long dst, final long cap) { return LinkNatives.pg_frame_read(dev, dst, cap); }
        @Override public int pg_frame_release(final long dev) { return LinkNatives.pg_frame_release(dev); }
        @Override public long pg_records_pending(final long dev) { return LinkNatives.pg_records_pending(dev); }
        @Override public long pg_record_read(final long dev, final long dst, final long cap) { return LinkNatives.pg_record_read(dev, dst, cap); }
        @Override public int pg_writes_refused_by_library(final long dev, final long count) { return LinkNatives.pg_writes_refused_by_library(dev, count); }
    }

    /** The C functions of libpairgate_link.so (pairgate.h plus pg_link_pace), bound by {@link Loader}. */
    @SuppressWarnings({"checkstyle:MethodName", "unused"})
    static final class LinkNatives {
        private LinkNatives() { }

        static native int pg_abi_version();

        static native long pg_open(String options);

        static native void pg_close(long dev);

        static native String pg_last_error(long dev);

        static native int pg_reg_read(long dev, int addr, long valuePtr);

        static native int pg_reg_write(long dev, int addr, long value);

        static native long pg_push(long dev, long timesPtr, long channelsPtr, long countsPtr, long count);

        static native int pg_frames_pending(long dev);

        static native long pg_frame_read(long dev, long dstPtr, long capacityWords);

        static native int pg_frame_release(long dev);

        static native long pg_records_pending(long dev);

        static native long pg_record_read(long dev, long dstPtr, long capacityWords);

        static native int pg_writes_refused_by_library(long dev, long countPtr);

        static native int pg_link_pace(long dev, long ticksPerClock);
    }

    /** Loads and binds libpairgate_link.so once, on first use; FAILURE says why it could not. */
    private static final class Loader {
        static final String FAILURE = RtlDevice.load(LinkNatives.class, libraryPath(), () -> LinkNatives.pg_abi_version());
    }
}
