package org.pairgate.device;

import java.util.Arrays;

/**
 * The register file of the two soft cores ({@link SoftDevice}, the bit-exact model, and {@link
 * FastSoftDevice}, its fast path): the configuration registers as written, the tables their tag
 * paths read (the role and TAGS counter of each channel, the bin divisor, the window lengths in
 * the forms their window tests use), the read-only check and the one CTRL command the core holds
 * behind a waiting frame. One copy, so the two cannot drift apart in what a register means; the
 * registers that report the core's state (FRAMES, TRIALS, STATUS, ...) stay the cores' own.
 *
 * <p>Not thread-safe: the core's thread.
 */
final class SoftRegisters {
    /** Role of the sync channel in {@link #roleOf} (detectors are 0..D-1). */
    static final int ROLE_SYNC = -1;
    /** Role of any other channel. */
    static final int ROLE_OTHER = -2;

    private final PgMap.FrameLayout layout;
    private final int windows;
    private final int detectors;

    long syncChannel;
    long frameTrials;
    long binTicks;
    long syncDelay;
    boolean recordsEnabled;
    final long[] detChannel;
    final long[] detDelay;
    final long[] winStart;
    final long[] winLength;

    /** channel -> ROLE_SYNC, ROLE_OTHER or detector index. */
    final int[] roleOf = new int[256];
    /** channel -> frame offset of its TAGS_* counter. */
    final int[] tagCounterOf = new int[256];
    /** (WIN_LENGTH[w] & 0xFFFFFFFF) ^ Long.MIN_VALUE: "rel <u len" becomes the signed "rel ^ MIN < this". */
    final long[] winLengthBiased;
    /** WIN_LENGTH[w] & 0xFFFFFFFF: "rel <u len" is the sign of {@code (rel - len) & ~rel}. */
    final long[] winLength32;
    /** log2(BIN_TICKS) when BIN_TICKS is a power of two, else -1. */
    int binShift;
    /** BIN_TICKS as a positive divisor (0 acts as 1; "negative", i.e. >= 2^63 unsigned, acts as Long.MAX_VALUE). */
    long binDivisor;
    /** 1.0 / binDivisor, for the division-free bin of a non-power-of-two BIN_TICKS. */
    double binInverse;

    /** The CTRL command held behind a waiting frame (close runs before reset). */
    boolean commandClose;
    boolean commandReset;

    SoftRegisters(final PgMap.FrameLayout layout) {
        this.layout = layout;
        this.windows = layout.windows;
        this.detectors = layout.detectors;
        this.detChannel = new long[detectors];
        this.detDelay = new long[detectors];
        this.winStart = new long[windows];
        this.winLength = new long[windows];
        this.winLengthBiased = new long[windows];
        this.winLength32 = new long[windows];
        defaults();
    }

    /** Register defaults of docs/frame-format.md "Registers". */
    void defaults() {
        syncChannel = 0;
        frameTrials = 0;
        binTicks = 1;
        syncDelay = 0;
        recordsEnabled = false;
        Arrays.fill(detChannel, 0xFF);
        Arrays.fill(detDelay, 0);
        Arrays.fill(winStart, 0);
        Arrays.fill(winLength, 0);
        Arrays.fill(winLengthBiased, Long.MIN_VALUE); // length 0: no rel is below it
        Arrays.fill(winLength32, 0L);
        rebuildRoles();
        rebuildBin();
    }

    /** Whether a command waits behind the frozen frame (the input stalls until the host releases frames). */
    boolean commandWaiting() {
        return commandClose || commandReset;
    }

    /**
     * A CTRL write: queues its command (the core runs it when no frame waits). Like the firmware
     * (one command register, {@code status_cmd_pending}) the core holds one command word only: a
     * second CTRL command while one waits is {@link DeviceException#ESTATE}.
     *
     * @return whether there is a command to run
     */
    boolean command(final long value) {
        final boolean close = (value & PgMap.CTRL_CLOSE_FRAME) != 0;
        final boolean reset = (value & PgMap.CTRL_RESET) != 0;
        if (!close && !reset) {
            return false;
        }
        if (commandWaiting()) {
            throw new DeviceException(DeviceException.ESTATE,
                "a CTRL command is already queued behind a waiting frame; release frames first");
        }
        commandClose = close;
        commandReset = reset;
        return true;
    }

    /** A configuration register's value (slots beyond D and W read 0), or EINVAL for an unknown address. */
    long read(final int address) {
        switch (address) {
            case PgMap.REG_RECORDS_ENABLE:
                return recordsEnabled ? 1 : 0;
            case PgMap.REG_SYNC_CHANNEL:
                return syncChannel;
            case PgMap.REG_FRAME_TRIALS:
                return frameTrials;
            case PgMap.REG_BIN_TICKS:
                return binTicks;
            case PgMap.REG_SYNC_DELAY:
                return syncDelay;
            default:
                break;
        }
        final int d = address - PgMap.REG_DET_CHANNEL;
        if (d >= 0 && d < PgMap.MAX_DETECTORS) {
            return d < detectors ? detChannel[d] : 0;
        }
        final int dd = address - PgMap.REG_DET_DELAY;
        if (dd >= 0 && dd < PgMap.MAX_DETECTORS) {
            return dd < detectors ? detDelay[dd] : 0;
        }
        final int ws = address - PgMap.REG_WIN_START;
        if (ws >= 0 && ws < PgMap.MAX_WINDOWS) {
            return ws < windows ? winStart[ws] : 0;
        }
        final int wl = address - PgMap.REG_WIN_LENGTH;
        if (wl >= 0 && wl < PgMap.MAX_WINDOWS) {
            return wl < windows ? winLength[wl] : 0;
        }
        throw unknownRegister(address);
    }

    /**
     * A register write other than CTRL: a read-only register is a bad argument (PG_EINVAL, as
     * libpairgate_rtl), not a no-op; slots beyond D and W are ignored.
     *
     * @return whether the channel roles changed ({@link #roleOf})
     */
    boolean write(final int address, final long value) {
        switch (address) {
            case PgMap.REG_ID, PgMap.REG_SHAPE, PgMap.REG_FRAME_WORDS, PgMap.REG_STATUS, PgMap.REG_FRAMES, PgMap.REG_TRIALS,
                PgMap.REG_MERGES, PgMap.REG_SYNC_PENDING, PgMap.REG_LANES, PgMap.REG_RECORDS_MADE, PgMap.REG_RECORDS_DROPPED:
                throw new DeviceException(DeviceException.EINVAL, String.format("register 0x%02x is read-only", address));
            case PgMap.REG_SYNC_CHANNEL:
                syncChannel = value;
                rebuildRoles();
                return true;
            case PgMap.REG_FRAME_TRIALS:
                frameTrials = value;
                return false;
            case PgMap.REG_BIN_TICKS:
                binTicks = value;
                rebuildBin();
                return false;
            case PgMap.REG_SYNC_DELAY:
                syncDelay = value;
                return false;
            case PgMap.REG_RECORDS_ENABLE:
                recordsEnabled = (value & 1) != 0; // bit 0 only, as the firmware keeps it
                return false;
            default:
                break;
        }
        final int d = address - PgMap.REG_DET_CHANNEL;
        if (d >= 0 && d < PgMap.MAX_DETECTORS) {
            if (d < detectors) {
                detChannel[d] = value;
                rebuildRoles();
                return true;
            }
            return false;
        }
        final int dd = address - PgMap.REG_DET_DELAY;
        if (dd >= 0 && dd < PgMap.MAX_DETECTORS) {
            if (dd < detectors) {
                detDelay[dd] = value;
            }
            return false;
        }
        final int ws = address - PgMap.REG_WIN_START;
        if (ws >= 0 && ws < PgMap.MAX_WINDOWS) {
            if (ws < windows) {
                winStart[ws] = value;
            }
            return false;
        }
        final int wl = address - PgMap.REG_WIN_LENGTH;
        if (wl >= 0 && wl < PgMap.MAX_WINDOWS) {
            if (wl < windows) {
                winLength[wl] = value;
                winLength32[wl] = value & 0xFFFF_FFFFL;
                winLengthBiased[wl] = winLength32[wl] ^ Long.MIN_VALUE;
            }
            return false;
        }
        throw unknownRegister(address);
    }

    private static DeviceException unknownRegister(final int address) {
        return new DeviceException(DeviceException.EINVAL, String.format("unknown register 0x%02x", address));
    }

    /** Sync first, then the lowest detector, then other: the role rule of docs/frame-format.md. */
    private void rebuildRoles() {
        final PgMap.FrameLayout l = layout;
        for (int ch = 0; ch < 256; ch++) {
            int role = ROLE_OTHER;
            int counter = l.offTagsOther;
            if (syncChannel == ch) {
                role = ROLE_SYNC;
                counter = l.offTagsSync;
            } else {
                for (int d = 0; d < detectors; d++) {
                    if (detChannel[d] == ch) {
                        role = d;
                        counter = l.offTagsDet + d;
                        break;
                    }
                }
            }
            roleOf[ch] = role;
            tagCounterOf[ch] = counter;
        }
    }

    private void rebuildBin() {
        final long v = binTicks;
        if (v == 0 || v == 1) {
            binShift = 0;
            binDivisor = 1;
        } else if (v < 0) {
            // unsigned >= 2^63: every rel (< 2^32) falls in bin 0
            binShift = -1;
            binDivisor = Long.MAX_VALUE;
        } else {
            binShift = Long.bitCount(v) == 1 ? Long.numberOfTrailingZeros(v) : -1;
            binDivisor = v;
        }
        binInverse = 1.0 / binDivisor;
    }
}
