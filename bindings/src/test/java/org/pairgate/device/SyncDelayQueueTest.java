package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The sync-delay queue of frame format 2, hand-computed on the soft engine: a positive SYNC_DELAY
 * moves the trial boundary later (a sync recorded at s becomes effective before the first later
 * in-order tag with raw time at least s + SYNC_DELAY), up to 16 sync words wait, further ones are
 * dropped, RESET discards the queue and a host close leaves it alone.
 */
class SyncDelayQueueTest {
    private static final int SYNC = 0;
    private static final int DET0 = 1;
    private static final int DET1 = 2;
    private static final int OTHER = 9;

    /** W = 1, D = 2, K, B = 256: window 0 = [start, start + length) after the delayed sync. */
    private static SoftDevice core(final int k, final long start, final long length, final long syncDelay) {
        final SoftDevice d = new SoftDevice(1, 2, k, 256, 8);
        d.writeRegister(PgMap.REG_SYNC_CHANNEL, SYNC);
        d.writeRegister(PgMap.REG_DET_CHANNEL, DET0);
        d.writeRegister(PgMap.REG_DET_CHANNEL + 1, DET1);
        d.writeRegister(PgMap.REG_WIN_START, start);
        d.writeRegister(PgMap.REG_WIN_LENGTH, length);
        d.writeRegister(PgMap.REG_SYNC_DELAY, syncDelay);
        return d;
    }

    /** Pushes one word and returns SYNC_PENDING after it. */
    private static long push(final Device d, final long time, final int channel, final long count) {
        final TagBatch b = new TagBatch(1);
        b.add(time, channel, count);
        assertEquals(1, d.push(b, 0, 1));
        return d.readRegister(PgMap.REG_SYNC_PENDING);
    }

    private static long push(final Device d, final long time, final int channel) {
        return push(d, time, channel, 1);
    }

    private static List<long[]> closeAndDrain(final Device d) {
        d.requestFrameClose();
        final List<long[]> frames = new ArrayList<>();
        final long[] buf = new long[d.layout().frameWords];
        while (d.readFrame(buf) > 0) {
            frames.add(buf.clone());
            d.releaseFrame();
        }
        return frames;
    }

    @Test
    void windowsBeforeTheRecordedEdgeWithDelayPeriodMinusA() {
        // trigger period T = 1000, a = 100: SYNC_DELAY = 900 starts trial k at edge(k + 1) - 100, and the
        // window [0, 200) covers 100 ticks before and after the recorded edge
        final SoftDevice d = core(1, 0, 200, 900);
        assertEquals(1, push(d, 0, SYNC));       // pending, effective at 900
        assertEquals(0, push(d, 950, DET0));     // 950 >= 900: trial 0 opens at 900 first; off 50, bin 50
        assertEquals(1, push(d, 1000, SYNC));    // pending at 1900
        assertEquals(1, push(d, 1050, DET1));    // before 1900: still trial 0; off 150, bin 150
        assertEquals(1, push(d, 1890, DET0));    // still trial 0; off 990: outside
        assertEquals(0, push(d, 1900, DET0));    // trial 0 closes (pattern 11), trial 1 at 1900; off 0, bin 0
        assertEquals(1, push(d, 2000, SYNC));    // pending at 2900
        assertEquals(0, push(d, 2950, DET1));    // trial 1 closes (pattern 01), trial 2 at 2900; off 50, bin 50
        assertEquals(1, push(d, 3000, SYNC));    // pending at the end
        assertEquals(2, d.readRegister(PgMap.REG_TRIALS));
        final List<long[]> f = closeAndDrain(d);
        assertEquals(1, d.readRegister(PgMap.REG_SYNC_PENDING), "a host close leaves the queue alone");
        final PgMap.FrameLayout l = d.layout();
        // SYNCS - TRIALS = 2: the open trial 2 and the pending sync of 3000
        new Expect(l).set(l.offTrials, 2).set(l.offTagsSync, 4).set(l.offSyncs, 4).tagsDet(0, 3).tagsDet(1, 2)
            .set(l.offInWindow, 4).set(l.offOutside, 1).pattern(0b11, 1).pattern(0b01, 1)
            .firstArrival(0, 0, 50, 1).firstArrival(0, 1, 150, 1).firstArrival(0, 0, 0, 1).bothArrival(0, 150, 1)
            // trial 1 (01) after trial 0 (11): DN_EARLY a = 0, 1; DN_LATE b = 0; DN_COINC (0, 0) and (1, 0)
            .set(l.offDnPairs, 1).set(l.offDnEarly, 1).set(l.offDnEarly + 1, 1).set(l.offDnLate, 1)
            .set(l.offDnCoinc, 1).set(l.offDnCoinc + 2, 1)
            .check(f.get(0));
    }

    @Test
    void aDelayLongerThanThePeriodKeepsSeveralSyncsPending() {
        final SoftDevice d = core(0, 0, 100, 2500);
        assertEquals(1, push(d, 0, SYNC));
        assertEquals(2, push(d, 1000, SYNC));
        assertEquals(3, push(d, 2000, SYNC));
        assertEquals(3, push(d, 2499, DET0));    // before 2500: no trial yet
        assertEquals(2, push(d, 2600, DET0));    // trial 0 at 2500; off 100: outside
        assertEquals(3, push(d, 3000, SYNC));
        assertEquals(2, push(d, 3550, DET0));    // trial 0 closes, trial 1 at 3500; off 50: in
        assertEquals(3, push(d, 4000, SYNC));
        assertEquals(0, push(d, 1_000_000, OTHER)); // all three become effective: trials 1, 2, 3 close
        assertEquals(4, d.readRegister(PgMap.REG_TRIALS));
        final PgMap.FrameLayout l = d.layout();
        new Expect(l).set(l.offTrials, 4).set(l.offTagsSync, 5).set(l.offSyncs, 5).tagsDet(0, 3)
            .set(l.offBeforeFirstSync, 1).set(l.offOutside, 1).set(l.offInWindow, 1).set(l.offTagsOther, 1)
            .set(l.offOtherChannel, 1).pattern(0, 3).pattern(1, 1).firstArrival(0, 0, 50, 1)
            .check(closeAndDrain(d).get(0));
    }

    @Test
    void sixteenWordsWaitAndTheNextAreDropped() {
        final SoftDevice d = core(2, 0, 10, 1_000_000);
        for (int i = 0; i < 20; i++) {
            final long count = i == 3 ? 5 : i == 18 ? 7 : 1;
            assertEquals(Math.min(i + 1, 16), push(d, i, SYNC, count), "sync word " + i);
        }
        // words 0..15 wait (20 syncs, counted in SYNCS on arrival); 16..19 are dropped (10 syncs)
        assertEquals(10, push(d, 1_000_005, OTHER)); // words 0..5 (10 syncs): trial 0 opens, 9 close
        assertEquals(9, d.readRegister(PgMap.REG_TRIALS));
        assertEquals(0, push(d, 2_000_000, OTHER));  // words 6..15: 10 more closes
        assertEquals(1, push(d, 2_000_001, SYNC));   // room again
        assertEquals(19, d.readRegister(PgMap.REG_TRIALS));
        final PgMap.FrameLayout l = d.layout();
        new Expect(l).set(l.offTrials, 19).set(l.offTagsSync, 31).set(l.offSyncs, 21).set(l.offSyncDropped, 10)
            .set(l.offTagsOther, 2).set(l.offOtherChannel, 2).pattern(0, 19).set(l.offDnPairs, 18).set(l.offDnPairs + 1, 17)
            .check(closeAndDrain(d).get(0));
    }

    @Test
    void resetDiscardsThePendingSyncs() {
        final SoftDevice d = core(0, 0, 10, 100);
        push(d, 0, SYNC);
        assertEquals(2, push(d, 10, SYNC));
        d.reset();
        assertEquals(0, d.readRegister(PgMap.REG_SYNC_PENDING));
        assertEquals(0, push(d, 200, DET0)); // no trial opened since the reset: before the first sync
        final PgMap.FrameLayout l = d.layout();
        new Expect(l).tagsDet(0, 1).set(l.offBeforeFirstSync, 1).check(closeAndDrain(d).get(0));
    }

    @Test
    void aHostCloseLeavesThePendingSyncsAndTheirCountsStayInTheFrameTheyArrivedIn() {
        final SoftDevice d = core(0, 0, 10, 100);
        push(d, 0, SYNC);
        assertEquals(2, push(d, 10, SYNC));
        final List<long[]> first = closeAndDrain(d);
        assertEquals(2, d.readRegister(PgMap.REG_SYNC_PENDING));
        final PgMap.FrameLayout l = d.layout();
        new Expect(l).set(l.offTagsSync, 2).set(l.offSyncs, 2).check(first.get(0));
        assertEquals(1, push(d, 105, DET0));  // trial 0 opens at 100; off 5: in
        assertEquals(0, push(d, 110, OTHER)); // trial 0 closes
        final List<long[]> second = closeAndDrain(d);
        new Expect(l).set(l.offTrials, 1).tagsDet(0, 1).set(l.offInWindow, 1).set(l.offTagsOther, 1).set(l.offOtherChannel, 1)
            .pattern(1, 1).firstArrival(0, 0, 5, 1).check(second.get(0));
        assertEquals(1, second.get(0)[l.offSeq]);
        assertEquals(0, second.get(0)[l.offFirstTrial], "frame 1 starts at trial 0");
    }

    @Test
    void outOfOrderTagsMakeNoSyncEffective() {
        final SoftDevice d = core(0, 0, 10, 50);
        push(d, 100, SYNC);                  // pending at 150
        assertEquals(1, push(d, 90, DET0));  // out of order: changes nothing, not even the queue
        assertEquals(1, push(d, 149, OTHER));
        assertEquals(0, push(d, 150, OTHER));
        final PgMap.FrameLayout l = d.layout();
        new Expect(l).set(l.offTagsSync, 1).set(l.offSyncs, 1).tagsDet(0, 1).set(l.offOutOfOrder, 1)
            .set(l.offTagsOther, 2).set(l.offOtherChannel, 2).check(closeAndDrain(d).get(0));
    }

    @Test
    void aNonPositiveDelayQueuesBehindPendingSyncsAndTheQueueIsAFifo() {
        // SYNC_DELAY lowered while a sync is pending: the next sync is not effective at once (a sync is
        // pending), it queues with an effective time earlier than the head's and becomes effective
        // right after the head, in queue order
        final SoftDevice d = core(0, 0, 1000, 100);
        push(d, 0, SYNC);                      // pending at 100
        d.writeRegister(PgMap.REG_SYNC_DELAY, -5);
        assertEquals(2, push(d, 50, SYNC));    // queued at 45, behind the head
        assertEquals(2, push(d, 60, OTHER));   // 60 >= 45 but the head (100) is not due: nothing is effective
        assertEquals(0, push(d, 100, OTHER));  // head: trial 0 at 100; then 45: trial 0 closes, trial 1 at 45
        assertEquals(0, push(d, 110, DET0));   // trial 1 (sync 45): off 65, in
        assertEquals(0, push(d, 200, SYNC));   // queue empty and delay <= 0: effective at once (195), trial 1 closes
        assertEquals(2, d.readRegister(PgMap.REG_TRIALS));
        final PgMap.FrameLayout l = d.layout();
        new Expect(l).set(l.offTrials, 2).set(l.offTagsSync, 3).set(l.offSyncs, 3).tagsDet(0, 1).set(l.offInWindow, 1)
            .set(l.offTagsOther, 2).set(l.offOtherChannel, 2).pattern(0, 1).pattern(1, 1).firstArrival(0, 0, 65, 1)
            .check(closeAndDrain(d).get(0));
    }
}
