package org.pairgate.host.io;

import org.pairgate.device.PgMap;

/**
 * Whether a source may write consecutive syncs with nothing between them as one <b>sync run</b>
 * word (time = the run's last sync, count = k; docs/frame-format.md "Input") instead of k single
 * sync tags, and how many of a run's last syncs it must still write singly.
 *
 * <p>Why: a T3 file at 80 MHz, or the simulator at a low click probability, is almost only empty
 * trials; as single tags each costs the core a trial close, as a run the whole stretch costs one
 * word. The run changes no count when every sync is effective where it stands, i.e. with
 * {@code SYNC_DELAY <= 0}: then the k − 1 trials it closes are empty whatever their exact times
 * (the core counts the members one by one, even across a frame boundary).
 *
 * <p>With a <b>positive</b> sync delay D the core delays each sync until a tag at least D later
 * arrives, so the run's shared time matters. For syncs a period P apart it is still exact to write
 * the run's last {@code ceil(D / P)} syncs singly (the frame-format caveat): the run word then becomes
 * effective at the same tag as its last member would, and all earlier members close empty trials
 * before any non-sync tag arrives. Totals are unchanged; only which frame a sync tag that arrives
 * while a frame closes is counted in can move. This needs the sync period, so it is offered to
 * periodic sources ({@link #tail(long)}); a tail longer than {@link #MAX_TAIL} (a delay of many
 * periods, where the real stream could fill the 16-entry sync-delay queue and drop syncs that a
 * run would not) turns runs off. A source that cannot tell its period writes runs only when
 * {@link #exactForAnySpacing()}.
 *
 * <p>Immutable.
 */
public final class SyncRuns {
    /** The longest tail of single syncs a run may keep: half the core's sync-delay queue. */
    public static final long MAX_TAIL = PgMap.SYNC_QUEUE_DEPTH / 2;

    /** Every sync a single tag (what every source does unless told otherwise). */
    public static final SyncRuns OFF = new SyncRuns(false, 0);

    private final boolean enabled;
    private final long syncDelay;

    private SyncRuns(final boolean enabled, final long syncDelay) {
        this.enabled = enabled;
        this.syncDelay = syncDelay;
    }

    /** Runs for a core whose SYNC_DELAY register holds {@code syncDelayTicks} (signed). */
    public static SyncRuns forSyncDelay(final long syncDelayTicks) {
        return new SyncRuns(true, syncDelayTicks);
    }

    /** Whether runs are allowed at all. */
    public boolean enabled() {
        return enabled;
    }

    /** The SYNC_DELAY these runs are for (0 when {@link #OFF}). */
    public long syncDelay() {
        return syncDelay;
    }

    /** Whether a run of syncs at any times is exact: runs are on and {@code SYNC_DELAY <= 0}. */
    public boolean exactForAnySpacing() {
        return enabled && syncDelay <= 0;
    }

    /**
     * How many of the last syncs of a run of syncs {@code periodTicks} apart must stay single
     * tags: 0 with {@code SYNC_DELAY <= 0}, {@code ceil(SYNC_DELAY / period)} for a positive delay,
     * or -1 when runs are off or that tail would exceed {@link #MAX_TAIL}.
     */
    public long tail(final long periodTicks) {
        if (!enabled || periodTicks <= 0) {
            return -1;
        }
        if (syncDelay <= 0) {
            return 0;
        }
        final long t = syncDelay / periodTicks + (syncDelay % periodTicks == 0 ? 0 : 1);
        return t <= MAX_TAIL ? t : -1;
    }

    @Override
    public String toString() {
        return !enabled ? "sync runs off" : "sync runs for SYNC_DELAY " + syncDelay;
    }
}
