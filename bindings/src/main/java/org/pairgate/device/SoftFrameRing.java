package org.pairgate.device;

/**
 * The frame ring of the two soft cores ({@link SoftDevice}, {@link FastSoftDevice}) and the frozen
 * bank that waits for it, as the firmware has them: a closed frame goes into the next ring slot
 * with its header and trailer (SEQ and FRAMES count frames written into the ring), or, when the
 * ring is full, into the frozen bank, where it waits until the host releases a slot while tags
 * keep flowing into the active bank.
 *
 * <p>Not thread-safe: the core's thread.
 */
final class SoftFrameRing {
    private final PgMap.FrameLayout layout;
    private final int frameWords;
    private final long shapeWord;
    private final int slots;
    private final long[] ring;
    private int head;
    private int count;
    /** The closed frame held in the frozen bank because the ring was full (complete counters, no header). */
    private final long[] frozen;
    private boolean frozenHeld;
    private int frozenFlags;
    private long frozenFirstTrial;
    private long seq;
    private long framesEmitted;

    SoftFrameRing(final PgMap.FrameLayout layout, final int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("ring needs at least one frame slot: " + slots);
        }
        if ((long) layout.frameWords * slots > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("ring of " + slots + " frames of " + layout.frameWords + " words is too large");
        }
        this.layout = layout;
        this.frameWords = layout.frameWords;
        this.shapeWord = layout.shapeWord();
        this.slots = slots;
        this.ring = new long[frameWords * slots];
        this.frozen = new long[frameWords];
    }

    /** A complete frame's counters (as laid out in {@code counters}) close: into the ring, or the frozen bank when it is full. */
    void close(final long[] counters, final int flags, final long firstTrial) {
        if (count < slots) {
            emit(counters, flags, firstTrial);
        } else {
            System.arraycopy(counters, 0, frozen, 0, frameWords);
            frozenHeld = true;
            frozenFlags = flags;
            frozenFirstTrial = firstTrial;
        }
    }

    private void emit(final long[] source, final int flags, final long firstTrial) {
        int slot = head + count;
        if (slot >= slots) {
            slot -= slots;
        }
        final int base = slot * frameWords;
        final long[] r = ring;
        final PgMap.FrameLayout l = layout;
        System.arraycopy(source, 0, r, base, frameWords);
        r[base + l.offMagic] = PgMap.FRAME_MAGIC;
        r[base + l.offSeq] = seq;
        r[base + l.offFirstTrial] = firstTrial;
        r[base + l.offFlags] = flags;
        r[base + l.offShape] = shapeWord;
        r[base + l.offWords] = frameWords;
        r[base + l.offTrailer] = PgMap.TRAILER_BASE | (seq & 0xFFFFFF);
        count++;
        seq++;
        framesEmitted++;
    }

    int pending() {
        return count;
    }

    boolean frozenHeld() {
        return frozenHeld;
    }

    /** Register FRAMES: frames written into the ring since reset. */
    long framesEmitted() {
        return framesEmitted;
    }

    /** CTRL_RESET: SEQ and FRAMES start over (frames in the ring stay). */
    void resetCounts() {
        seq = 0;
        framesEmitted = 0;
    }

    int read(final long[] dst) {
        if (count == 0) {
            return 0;
        }
        if (dst.length < frameWords) {
            throw new DeviceException(DeviceException.ESMALL,
                "frame buffer of " + dst.length + " words, a frame has " + frameWords);
        }
        System.arraycopy(ring, head * frameWords, dst, 0, frameWords);
        return frameWords;
    }

    /** Frees the oldest slot; the frozen frame, if one waits, takes the freed room. */
    void release() {
        if (count == 0) {
            throw new DeviceException(DeviceException.ESTATE, "release with no frame in the ring");
        }
        head = head + 1 == slots ? 0 : head + 1;
        count--;
        if (frozenHeld) {
            frozenHeld = false;
            emit(frozen, frozenFlags, frozenFirstTrial);
        }
    }
}
