package org.pairgate.host.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.pairgate.device.FrameSum;
import org.pairgate.device.PgMap;

/**
 * The running totals the live view shows, published by the statistics thread after every frame
 * and read by the view's thread without a lock: a sequence lock (the writer makes the version
 * odd, writes, makes it even; a reader copies and retries when the version moved), the scheme
 * of {@code StampedLock}'s optimistic reads without its lock word. The writer never waits; a
 * reader retries at most while a frame is being published.
 *
 * <p>Layout of the words: {@link #TRIALS}, {@link #FRAMES}, {@link #TAGS}, the seven accounting
 * categories from {@link #SYNCS}, then the pattern counts from {@link #PATTERNS}.
 */
public final class LiveSnapshot {
    public static final int TRIALS = 0;
    public static final int FRAMES = 1;
    public static final int TAGS = 2;
    public static final int SYNCS = 3;
    public static final int IN_WINDOW = 4;
    public static final int OUTSIDE = 5;
    public static final int BEFORE_FIRST_SYNC = 6;
    public static final int OUT_OF_ORDER = 7;
    public static final int OTHER_CHANNEL = 8;
    public static final int SYNC_DROPPED = 9;
    public static final int PATTERNS = 10;

    private static final VarHandle VERSION;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(LiveSnapshot.class, "version", long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PgMap.FrameLayout layout;
    private final long[] words;
    @SuppressWarnings("unused") // accessed through VERSION
    private long version;

    public LiveSnapshot(final PgMap.FrameLayout layout) {
        this.layout = layout;
        this.words = new long[PATTERNS + layout.lenPatterns];
    }

    public PgMap.FrameLayout layout() {
        return layout;
    }

    /** Words a reader's buffer needs. */
    public int size() {
        return words.length;
    }

    /** Publishes the totals of {@code sum} (writer thread only; allocation-free). */
    void publish(final FrameSum sum) {
        final long v = (long) VERSION.getOpaque(this);
        VERSION.setOpaque(this, v + 1);
        VarHandle.storeStoreFence();
        final PgMap.FrameLayout l = layout;
        final long[] w = words;
        w[TRIALS] = sum.trials();
        w[FRAMES] = sum.frames();
        w[TAGS] = sum.tagsIn();
        w[SYNCS] = sum.word(l.offSyncs);
        w[IN_WINDOW] = sum.word(l.offInWindow);
        w[OUTSIDE] = sum.word(l.offOutside);
        w[BEFORE_FIRST_SYNC] = sum.word(l.offBeforeFirstSync);
        w[OUT_OF_ORDER] = sum.word(l.offOutOfOrder);
        w[OTHER_CHANNEL] = sum.word(l.offOtherChannel);
        w[SYNC_DROPPED] = sum.word(l.offSyncDropped);
        for (int i = 0; i < l.lenPatterns; i++) {
            w[PATTERNS + i] = sum.word(l.offPatterns + i);
        }
        VERSION.setRelease(this, v + 2);
    }

    /**
     * Copies a consistent snapshot into {@code dst} (at least {@link #size()} long). Returns false
     * only when the writer kept publishing through many attempts (the caller shows the last one).
     */
    public boolean read(final long[] dst) {
        for (int attempt = 0; attempt < 64; attempt++) {
            final long v1 = (long) VERSION.getAcquire(this);
            if ((v1 & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            System.arraycopy(words, 0, dst, 0, words.length);
            VarHandle.loadLoadFence();
            if ((long) VERSION.getOpaque(this) == v1) {
                return true;
            }
        }
        return false;
    }
}
