package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Hand-computed expectations for every rule of docs/frame-format.md, on the soft engine. Each test
 * states the whole frame ({@link Expect} checks that every counter not named is 0).
 */
class SoftDeviceTest {
    private static final int SYNC = 0;
    private static final int DET0 = 1;
    private static final int DET1 = 2;
    private static final int OTHER = 9;

    /** W=1, D=1 (or 2): sync on 0, detectors on 1 and 2, window 0 = [start, start + length). */
    private static Rig rig(final int w, final int d, final int k, final int b, final long start, final long length) {
        final Rig r = Rig.soft(w, d, k, b);
        r.reg(PgMap.REG_SYNC_CHANNEL, SYNC).reg(PgMap.REG_DET_CHANNEL, DET0).reg(PgMap.REG_WIN_START, start)
            .reg(PgMap.REG_WIN_LENGTH, length);
        if (d > 1) {
            r.reg(PgMap.REG_DET_CHANNEL + 1, DET1);
        }
        return r;
    }

    // ------------------------------------------------------------------------------------ windows

    @Test
    void windowStartIsInclusiveAndEndExclusive() {
        final Rig r = rig(1, 1, 1, 16, 10, 5);
        r.tags(1000, SYNC, 1009, DET0,   // rel -1: outside
            2000, SYNC, 2010, DET0,      // rel 0: in, bin 0
            3000, SYNC, 3014, DET0,      // rel 4: in, bin 4
            4000, SYNC, 4015, DET0,      // rel 5 = length: outside
            5000, SYNC);
        final PgMap.FrameLayout l = r.l;
        new Expect(l).set(l.offTrials, 4).set(l.offTagsSync, 5).tagsDet(0, 4).set(l.offSyncs, 5)
            .set(l.offInWindow, 2).set(l.offOutside, 2).pattern(0, 2).pattern(1, 2)
            // patterns 0,1,1,0: pairs n=1..3; early = t1 + t2; late = t1 + t2; coinc = (t1 & t2)
            .set(l.offDnPairs, 3).set(l.offDnEarly, 2).set(l.offDnLate, 2).set(l.offDnCoinc, 1)
            .firstArrival(0, 0, 0, 1).firstArrival(0, 0, 4, 1)
            .check(r.hostClose());
    }

    @Test
    void windowLengthUsesTheLow32Bits() {
        final Rig r = rig(1, 1, 0, 16, 0, 0x1_0000_0005L);
        r.tags(0, SYNC, 4, DET0, 100, SYNC, 105, DET0, 200, SYNC);
        final PgMap.FrameLayout l = r.l;
        new Expect(l).set(l.offTrials, 2).set(l.offTagsSync, 3).set(l.offSyncs, 3).tagsDet(0, 2)
            .set(l.offInWindow, 1).set(l.offOutside, 1).pattern(1, 1).pattern(0, 1).firstArrival(0, 0, 4, 1)
            .check(r.hostClose());
    }

    @Test
    void zeroLengthWindowIsDisabled() {
        final Rig r = rig(1, 1, 0, 16, 0, 0);
        r.tags(0, SYNC, 0, DET0, 1, DET0, 100, SYNC);
        final PgMap.FrameLayout l = r.l;
        new Expect(l).set(l.offTrials, 1).set(l.offTagsSync, 2).set(l.offSyncs, 2).tagsDet(0, 2)
            .set(l.offOutside, 2).pattern(0, 1).check(r.hostClose());
    }

    @Test
    void detectorAndSyncDelaysOfBothSigns() {
        // version 1 stream: with SYNC_DELAY -3 every sync is effective where it stands
        final Rig r = rig(1, 2, 0, 16, 0, 10);
        r.reg(PgMap.REG_DET_DELAY, -5).reg(PgMap.REG_DET_DELAY + 1, 5).reg(PgMap.REG_SYNC_DELAY, -3);
        r.tags(100, SYNC,                // sync_time 97
            102, DET0,                   // 97: off 0, in, bin 0
            102, DET1,                   // 107: off 10, outside
            200, SYNC,                   // 197
            194, DET1,                   // out of order
            200, DET1,                   // 205: off 8, bin 8
            204, DET0,                   // 199: off 2, bin 2
            206, DET0,                   // 201: in, first arrival already taken
            207, DET1,                   // 212: off 15, outside
            300, SYNC,                   // 297
            301, DET0,                   // 296: off -1 (huge unsigned), outside
            400, SYNC);
        final PgMap.FrameLayout l = r.l;
        new Expect(l).set(l.offTrials, 3).set(l.offTagsSync, 4).set(l.offSyncs, 4).tagsDet(0, 4).tagsDet(1, 4)
            .set(l.offOutOfOrder, 1).set(l.offInWindow, 4).set(l.offOutside, 3).pattern(0b01, 1).pattern(0b11, 1)
            .pattern(0, 1).firstArrival(0, 0, 0, 1).firstArrival(0, 0, 2, 1).firstArrival(0, 1, 8, 1).bothArrival(0, 8, 1)
            .check(r.hostClose());
    }

    @Test
    void positiveSyncDelayMovesTheTrialBoundaryLater() {
        // the version 1 stream of this test with SYNC_DELAY +3: each sync waits in the queue until the
        // first tag with raw time >= s + 3, and the tags before that still belong to the previous trial
        final Rig r = rig(1, 2, 0, 16, 0, 10);
        r.reg(PgMap.REG_DET_DELAY, -5).reg(PgMap.REG_DET_DELAY + 1, 5).reg(PgMap.REG_SYNC_DELAY, 3);
        r.tags(100, SYNC,                // pending, effective at 103
            108, DET0,                   // 108 >= 103: trial 0 opens at 103 first; 103: off 0, in, bin 0
            108, DET1,                   // 113: off 10, outside
            200, SYNC,                   // pending, effective at 203
            200, DET1,                   // 200 < 203: still trial 0; 205: off 102, outside
            210, DET0,                   // trial 0 closes (pattern 01), trial 1 at 203; 205: off 2, bin 2
            212, DET0,                   // 207: in, first arrival already taken
            213, DET1,                   // 218: off 15, outside
            300, SYNC,                   // pending, effective at 303
            301, DET0,                   // 301 < 303: trial 1; 296: off 93, outside
            400, SYNC);                  // trial 1 closes (pattern 01), trial 2 opens at 303; this sync pends at 403
        final PgMap.FrameLayout l = r.l;
        new Expect(l).set(l.offTrials, 2).set(l.offTagsSync, 4).set(l.offSyncs, 4).tagsDet(0, 4).tagsDet(1, 3)
            .set(l.offInWindow, 3).set(l.offOutside, 4).pattern(0b01, 2)
            .firstArrival(0, 0, 0, 1).firstArrival(0, 0, 2, 1)
            .check(r.hostClose());
        assertEquals(1, r.dev.readRegister(PgMap.REG_SYNC_PENDING), "the last sync is still pending");
        assertEquals(2, r.dev.readRegister(PgMap.REG_TRIALS), "SYNCS - TRIALS = the open trial + the pending sync");
    }

    @Test
    void negativeWindowStartWithNegativeDelay() {
        final Rig r = rig(1, 1, 0, 16, -20, 10);
        r.reg(PgMap.REG_DET_DELAY, -15);
        r.tags(1000, SYNC, 1000, DET0, 2000, SYNC); // t 985: off -15, rel 5
        final PgMap.FrameLayout l = r.l;
        new Expect(l).set(l.offTrials, 1).set(l.offTagsSync, 2).set(l.offSyncs, 2).tagsDet(0, 1).set(l.offInWindow, 1)
            .pattern(1, 1).firstArrival(0, 0, 5, 1).check(r.hostClose());
    }

    @Test
    void timeArithmeticWrapsAround() {
        final Rig r = rig(1, 1, 0, 16, 0, 10);
        r.reg(PgMap.REG_SYNC_DELAY, 10).reg(PgMap.REG_DET_DELAY, 10);
        r.tags(Long.MAX_VALUE - 5, SYNC,  // pending; its effective time wraps to MIN + 4
            Long.MAX_VALUE - 1, DET0,     // MIN + 4 <= MAX - 1 (signed): the sync is effective first; t wraps to MIN + 8: off 4
            Long.MAX_VALUE, SYNC,         // pending at MIN + 9
            Long.MAX_VALUE, OTHER);       // makes it effective: trial 0 closes
        final PgMap.FrameLayout l = r.l;
        new Expect(l).set(l.offTrials, 1).set(l.offTagsSync, 2).set(l.offSyncs, 2).tagsDet(0, 1).set(l.offInWindow, 1)
            .set(l.offTagsOther, 1).set(l.offOtherChannel, 1).pattern(1, 1).firstArrival(0, 0, 4, 1).check(r.hostClose());
    }

    @Test
    void overlappingWindowsEachSeeTheTag() {
        final Rig r = rig(2, 1, 0, 32, 0, 10);
        r.reg(PgMap.REG_WIN_START + 1, 5).reg(PgMap.REG_WIN_LENGTH + 1, 10);
        r.tags(0, SYNC, 7, DET0,        // window 0 rel 7, window 1 rel 2
            12, DET0,                   // window 1 only, already set
            100, SYNC, 103, DET0,       // window 0 only, rel 3
            200, SYNC, 215, DET0,       // neither
            300, SYNC);
        final PgMap.FrameLayout l = r.l;
        new Expect(l).set(l.offTrials, 3).set(l.offTagsSync, 4).set(l.offSyncs, 4).tagsDet(0, 4)
            .set(l.offInWindow, 3).set(l.offOutside, 1).pattern(0b11, 1).pattern(0b01, 1).pattern(0, 1)
            .firstArrival(0, 0, 7, 1).firstArrival(0, 0, 3, 1).firstArrival(1, 0, 2, 1)
            .check(r.hostClose());
    }

    // ------------------------------------------------------------------------------------ bins

    @Test
    void firstArrivalBinsSaturateAtTheLastBin() {
        final Rig r = rig(1, 2, 0, 4, 0, 100);
        r.reg(PgMap.REG_BIN_TICKS, 3);
        r.tags(1000, SYNC, 1000, DET0,   // bin 0
            2000, SYNC, 2002, DET0,      // 2/3 = 0
            3000, SYNC, 3003, DET0,      // 1
            3008, DET1,                  // 2: both arrival bin max(1, 2) = 2
            4000, SYNC, 4008, DET0,      // 2
            5000, SYNC, 5009, DET0,      // 3
            6000, SYNC, 6011, DET0,      // 3 (saturated)
            7000, SYNC, 7099, DET0,      // 33 -> 3
            7100, DET0,                  // rel 100: outside
            8000, SYNC);
        final PgMap.FrameLayout l = r.l;
        new Expect(l).set(l.offTrials, 7).set(l.offTagsSync, 8).set(l.offSyncs, 8).tagsDet(0, 8).tagsDet(1, 1)
            .set(l.offInWindow, 8).set(l.offOutside, 1).pattern(0b01, 6).pattern(0b11, 1)
            .firstArrival(0, 0, 0, 2).firstArrival(0, 0, 1, 1).firstArrival(0, 0, 2, 1).firstArrival(0, 0, 3, 3)
            .firstArrival(0, 1, 2, 1).bothArrival(0, 2, 1)
            .check(r.hostClose());
    }

    /** The single first-arrival bin of one tag at offset {@code rel} in a window starting at 0. */
    private static int binOf(final int bins, final long binTicks, final long rel) {
        final Rig r = rig(1, 1, 0, bins, 0, 0xFFFF_FFFFL);
        r.reg(PgMap.REG_BIN_TICKS, binTicks);
        r.tags(0, SYNC, rel, DET0, 1L << 33, SYNC);
        final long[] f = r.hostClose();
        int found = -1;
        for (int b = 0; b < bins; b++) {
            if (f[r.l.offFirstArrival + b] != 0) {
                assertEquals(-1, found, "one bin only");
                assertEquals(1, f[r.l.offFirstArrival + b]);
                found = b;
            }
        }
        return found;
    }

    @Test
    void binRuleForOddWidthsOddBinCountsAndZeroWidth() {
        assertEquals(5, binOf(16, 0, 5), "BIN_TICKS 0 acts as 1");
        assertEquals(5, binOf(16, 1, 5));
        assertEquals(3, binOf(16, 4, 13), "power of two");
        assertEquals(4, binOf(16, 4, 16));
        assertEquals(3, binOf(5, 2, 7), "B = 5");
        assertEquals(4, binOf(5, 2, 9));
        assertEquals(4, binOf(5, 2, 10), "saturates at B - 1 = 4");
        assertEquals(4, binOf(5, 2, 1_000_000));
        assertEquals(2, binOf(256, 7, 20), "20 / 7");
        assertEquals(255, binOf(256, 7, 0xFFFF_FFFEL));
        assertEquals(0, binOf(256, 1L << 32, 0xFFFF_FFFEL), "bin wider than any window");
        assertEquals(0, binOf(256, -1, 0xFFFF_FFFEL), "BIN_TICKS is unsigned");
    }

    // ------------------------------------------------------------------------------------ trials and ΔN

    /** Trial patterns 01, 10, 11, 00 (bit d = detector d in window 0), then an open trial. */
    private static Rig dnStream(final long frameTrials) {
        final Rig r = rig(1, 2, 2, 4, 0, 10);
        r.reg(PgMap.REG_FRAME_TRIALS, frameTrials);
        r.tags(0, SYNC, 1, DET0,
            100, SYNC, 101, DET1,
            200, SYNC, 202, DET0, 203, DET1,
            300, SYNC,
            400, SYNC, 401, DET0);      // trial 4 stays open: in the accounting, not in the trial counters
        return r;
    }

    private static Expect dnExpectation(final PgMap.FrameLayout l) {
        final int wd = 2;
        return new Expect(l).set(l.offTrials, 4).set(l.offTagsSync, 5).set(l.offSyncs, 5).tagsDet(0, 3).tagsDet(1, 2)
            .set(l.offInWindow, 5).pattern(0b01, 1).pattern(0b10, 1).pattern(0b11, 1).pattern(0b00, 1)
            .set(l.offDnPairs, 3).set(l.offDnPairs + 1, 2)
            .set(l.offDnEarly, 2).set(l.offDnEarly + 1, 2).set(l.offDnEarly + wd, 1).set(l.offDnEarly + wd + 1, 1)
            .set(l.offDnLate, 1).set(l.offDnLate + 1, 2).set(l.offDnLate + wd, 1).set(l.offDnLate + wd + 1, 1)
            // DN_COINC[((dn-1)*WD + a)*WD + b]
            .set(l.offDnCoinc + 0b01, 1).set(l.offDnCoinc + 0b10, 1).set(l.offDnCoinc + 0b11, 1)
            .set(l.offDnCoinc + (wd + 0) * wd + 0, 1).set(l.offDnCoinc + (wd + 0) * wd + 1, 1)
            .firstArrival(0, 0, 1, 1).firstArrival(0, 1, 1, 1).firstArrival(0, 0, 2, 1).firstArrival(0, 1, 3, 1)
            .bothArrival(0, 3, 1);
    }

    @Test
    void crossTrialCountersOverHistoryK() {
        final Rig r = dnStream(0);
        dnExpectation(r.l).check(r.hostClose());
        assertEquals(4, r.dev.readRegister(PgMap.REG_TRIALS));
    }

    @Test
    void framesOfOneTrialEachSumToTheLongFrame() {
        final Rig r = dnStream(1);
        r.hostClose();
        final PgMap.FrameLayout l = r.l;
        assertEquals(5, r.frames.size(), "4 trial closes + the host close");
        for (int i = 0; i < 4; i++) {
            final long[] f = r.frames.get(i);
            assertEquals(PgMap.FLAG_TRIAL_CLOSE, f[l.offFlags]);
            assertEquals(i, f[l.offFirstTrial]);
            assertEquals(1, f[l.offTrials]);
        }
        // trial 2 pairs with trials 1 and 0 although both are in earlier frames
        assertEquals(1, r.frames.get(2)[l.offDnPairs]);
        assertEquals(1, r.frames.get(2)[l.offDnPairs + 1]);
        final long[] last = r.frames.get(4);
        assertEquals(PgMap.FLAG_HOST_CLOSE, last[l.offFlags]);
        new Expect(l).tagsDet(0, 1).set(l.offInWindow, 1).check(last);
        // the sum of the frames is the long frame
        final long[] sum = r.sum().toArray();
        dnExpectation(l).check(sum);
    }

    @Test
    void frameTrialsClosesFramesAndTheClosingSyncCountsInTheClosedFrame() {
        final Rig r = rig(1, 1, 1, 64, 0, 100);
        r.reg(PgMap.REG_FRAME_TRIALS, 2);
        r.tags(0, SYNC, 100, SYNC, 150, DET0, 200, SYNC, 300, SYNC, 400, SYNC);
        r.hostClose();
        final PgMap.FrameLayout l = r.l;
        assertEquals(3, r.frames.size());
        final long[] f0 = r.frames.get(0);
        final long[] f1 = r.frames.get(1);
        final long[] f2 = r.frames.get(2);
        assertHeader(l, f0, 0, 0, 2, PgMap.FLAG_TRIAL_CLOSE);
        assertHeader(l, f1, 1, 2, 2, PgMap.FLAG_TRIAL_CLOSE);
        assertHeader(l, f2, 2, 4, 0, PgMap.FLAG_HOST_CLOSE);
        // patterns 0, 1, 0, 0
        new Expect(l).set(l.offTagsSync, 3).set(l.offSyncs, 3).tagsDet(0, 1).set(l.offInWindow, 1)
            .pattern(0, 1).pattern(1, 1).set(l.offDnPairs, 1).set(l.offDnLate, 1).firstArrival(0, 0, 50, 1).check(f0);
        new Expect(l).set(l.offTagsSync, 2).set(l.offSyncs, 2).pattern(0, 2).set(l.offDnPairs, 2).set(l.offDnEarly, 1)
            .check(f1);
        new Expect(l).check(f2);
        assertEquals(3, r.dev.readRegister(PgMap.REG_FRAMES));
        assertEquals(4, r.dev.readRegister(PgMap.REG_TRIALS));
    }

    @Test
    void loweringFrameTrialsBelowTheFrameClosesItAtTheNextTrialClose() {
        final Rig r = rig(1, 1, 0, 16, 0, 10);
        r.reg(PgMap.REG_FRAME_TRIALS, 10);
        r.tags(0, SYNC, 100, SYNC, 200, SYNC, 300, SYNC).flush(); // 3 trials in the frame
        r.reg(PgMap.REG_FRAME_TRIALS, 2);
        assertEquals(0, r.drain().size(), "no frame until a trial closes");
        r.tags(400, SYNC).flush();
        r.drain();
        assertEquals(1, r.frames.size());
        assertHeader(r.l, r.frames.get(0), 0, 0, 4, PgMap.FLAG_TRIAL_CLOSE);
    }

    private static void assertHeader(final PgMap.FrameLayout l, final long[] f, final long seq, final long firstTrial,
                                     final long trials, final long flags) {
        assertEquals(PgMap.FRAME_MAGIC, f[l.offMagic], "MAGIC");
        assertEquals(seq, f[l.offSeq], "SEQ");
        assertEquals(firstTrial, f[l.offFirstTrial], "FIRST_TRIAL");
        assertEquals(trials, f[l.offTrials], "TRIALS");
        assertEquals(flags, f[l.offFlags], "FLAGS");
        assertEquals(l.shapeWord(), f[l.offShape], "SHAPE");
        assertEquals(l.frameWords, f[l.offWords], "WORDS");
        assertEquals(0, f[l.offMerges], "MERGES");
        assertEquals(PgMap.TRAILER_BASE | (seq & 0xFFFFFF), f[l.offTrailer], "TRAILER");
    }

    @Test
    void emptyHostClosedFrames() {
        final Rig r = new Rig(new SoftDevice(2, 2, 8, 256, 4));
        final long[] f0 = r.hostClose();
        final long[] f1 = r.hostClose();
        assertHeader(r.l, f0, 0, 0, 0, PgMap.FLAG_HOST_CLOSE);
        assertHeader(r.l, f1, 1, 0, 0, PgMap.FLAG_HOST_CLOSE);
        new Expect(r.l).check(f0);
        new Expect(r.l).check(f1);
        assertEquals(8 + (1 + 2 + 1) + 7 + 16 + 8 + 2 * 32 + 8 * 16 + 4 * 256 + 2 * 256 + 1, r.l.frameWords);
    }

    // ------------------------------------------------------------------------------------ accounting

    @Test
    void outOfOrderTagsAreDroppedAndChangeNothing() {
        final Rig r = rig(1, 1, 0, 256, 0, 100);
        r.tags(100, SYNC, 150, DET0,
            140, DET0,                  // out of order (would be in the window)
            90, SYNC,                   // out of order: opens no trial
            80, OTHER,                  // out of order
            150, DET0,                  // equal time is in order
            200, SYNC, 250, DET0);
        final PgMap.FrameLayout l = r.l;
        new Expect(l).set(l.offTrials, 1).set(l.offTagsSync, 3).tagsDet(0, 4).set(l.offTagsOther, 1)
            .set(l.offOutOfOrder, 3).set(l.offSyncs, 2).set(l.offInWindow, 3).pattern(1, 1).firstArrival(0, 0, 50, 1)
            .check(r.hostClose());
    }

    @Test
    void beforeFirstSyncAndOtherChannels() {
        final Rig r = rig(1, 2, 0, 16, 0, 10);
        r.tags(5, DET0, 6, OTHER, 7, DET1, 10, SYNC, 12, DET0, 13, OTHER, 25, DET1);
        final PgMap.FrameLayout l = r.l;
        new Expect(l).set(l.offTagsSync, 1).tagsDet(0, 2).tagsDet(1, 2).set(l.offTagsOther, 2)
            .set(l.offBeforeFirstSync, 2).set(l.offOtherChannel, 2).set(l.offSyncs, 1).set(l.offInWindow, 1)
            .set(l.offOutside, 1).check(r.hostClose());
    }

    @Test
    void roleOrderSyncThenLowestDetector() {
        final Rig r = rig(1, 2, 0, 16, 0, 10);
        r.reg(PgMap.REG_SYNC_CHANNEL, 3).reg(PgMap.REG_DET_CHANNEL, 3).reg(PgMap.REG_DET_CHANNEL + 1, 3);
        r.tags(0, 3, 1, 3);
        final PgMap.FrameLayout l = r.l;
        new Expect(l).set(l.offTagsSync, 2).set(l.offSyncs, 2).set(l.offTrials, 1).pattern(0, 1).check(r.hostClose());
        r.reg(PgMap.REG_DET_CHANNEL, 4).reg(PgMap.REG_DET_CHANNEL + 1, 4);
        r.tags(20, 4, 21, 4);
        new Expect(l).tagsDet(0, 2).set(l.offOutside, 2).check(r.hostClose());
    }

    @Test
    void channel255MatchesTheDefaultDetectorChannelLiterally() {
        // DET_CHANNEL defaults to 0xFF; the role rule compares channel == DET_CHANNEL[d], so a tag on
        // channel 255 is detector 0 unless the register is moved (documented ambiguity, see RtlVersusSoftTest)
        final Rig r = Rig.soft(1, 2, 0, 16);
        r.tags(0, 0, 1, 255);
        final PgMap.FrameLayout l = r.l;
        new Expect(l).set(l.offTagsSync, 1).set(l.offSyncs, 1).tagsDet(0, 1).set(l.offOutside, 1).check(r.hostClose());
        r.reg(PgMap.REG_DET_CHANNEL, 0x1FF).reg(PgMap.REG_DET_CHANNEL + 1, 0x1FF); // no 8-bit channel equals 0x1FF
        r.tags(2, 255);
        new Expect(l).set(l.offTagsOther, 1).set(l.offOtherChannel, 1).check(r.hostClose());
    }

    @Test
    void accountingInvariantHoldsOnRandomStreams() {
        for (int seed = 0; seed < 30; seed++) {
            final Scenario s = Scenario.random(seed, 2, 2, false);
            final List<long[]> frames = s.run(new SoftDevice(2, 2, 8, 256, s.ringFrames)).frames();
            final FrameSum sum = new FrameSum(new PgMap.FrameLayout(2, 2, 8, 256));
            for (final long[] f : frames) {
                sum.add(f); // checks the invariant, the pattern sum, SEQ and FIRST_TRIAL continuity
            }
            assertEquals(s.tags.size(), sum.tagsIn(), "seed " + seed + ": every tag pushed is accounted for");
        }
    }

    // ------------------------------------------------------------------------------------ reset

    @Test
    void resetClearsStateAndHistoryButKeepsConfiguration() {
        final Rig r = rig(1, 1, 2, 16, 0, 20);
        r.tags(100, SYNC, 110, DET0, 200, SYNC, 210, DET0, 300, SYNC, 310, DET0).flush();
        r.dev.requestFrameClose(); // left in the ring across the reset
        assertEquals(2, r.dev.readRegister(PgMap.REG_TRIALS));
        r.dev.reset();
        assertEquals(0, r.dev.readRegister(PgMap.REG_TRIALS));
        assertEquals(0, r.dev.readRegister(PgMap.REG_FRAMES));
        assertEquals(SYNC, r.dev.readRegister(PgMap.REG_SYNC_CHANNEL));
        assertEquals(DET0, r.dev.readRegister(PgMap.REG_DET_CHANNEL));
        assertEquals(20, r.dev.readRegister(PgMap.REG_WIN_LENGTH));
        assertEquals(1, r.dev.framesPending(), "frames already in the ring stay");
        // earlier times are in order again, no trial is open, the history is empty
        r.tags(50, DET0, 60, SYNC, 70, DET0, 80, SYNC);
        r.hostClose();
        final PgMap.FrameLayout l = r.l;
        assertEquals(2, r.frames.size());
        assertHeader(l, r.frames.get(0), 0, 0, 2, PgMap.FLAG_HOST_CLOSE);
        final long[] f = r.frames.get(1);
        assertHeader(l, f, 0, 0, 1, PgMap.FLAG_HOST_CLOSE);
        new Expect(l).set(l.offTagsSync, 2).set(l.offSyncs, 2).tagsDet(0, 2).set(l.offBeforeFirstSync, 1)
            .set(l.offInWindow, 1).pattern(1, 1).firstArrival(0, 0, 10, 1).check(f);
    }

    // ------------------------------------------------------------------------------------ ring

    private static TagBatch syncsWithClicks(final int trials) {
        final TagBatch b = new TagBatch(2 * trials + 2);
        for (int k = 0; k <= trials; k++) {
            b.add(100L * k, SYNC);
            b.add(100L * k + 5, DET0);
        }
        return b;
    }

    private static SoftDevice configured(final int ring) {
        final SoftDevice d = new SoftDevice(2, 2, 8, 256, ring);
        d.configure(new GateConfig(SYNC, 0, new int[] {DET0, DET1}, new long[] {0, 0}, new long[] {0, 50},
            new long[] {10, 10}, 1, 1));
        return d;
    }

    @Test
    void fullRingMergesTrialClosesAndLosesNothing() {
        final TagBatch b = syncsWithClicks(9); // 9 trials close: 9 frames of one trial
        final Rig big = new Rig(configured(16));
        assertEquals(b.size(), big.dev.push(b, 0, b.size()));
        big.drain();
        assertEquals(9, big.frames.size());
        big.dev.requestFrameClose(); // the click of the open trial 9
        big.drain();

        final Rig small = new Rig(configured(2));
        final Device d = small.dev;
        // frames 0 and 1 fill the ring; frame 2 (trial 2) is held in the frozen bank; the closes of
        // trials 3..8 are merged into the active frame, and the input never stalls
        assertEquals(b.size(), d.push(b, 0, b.size()), "tags keep flowing while the frozen bank is held");
        assertEquals(2, d.framesPending());
        assertEquals(PgMap.STATUS_FRAME_PENDING | PgMap.STATUS_QUIET, d.readRegister(PgMap.REG_STATUS));
        assertEquals(2, d.readRegister(PgMap.REG_FRAMES), "FRAMES counts frames written into the ring");
        assertEquals(6, d.readRegister(PgMap.REG_MERGES));
        assertEquals(9, d.readRegister(PgMap.REG_TRIALS));
        small.drain();
        assertEquals(3, small.frames.size());
        assertEquals(PgMap.STATUS_IDLE | PgMap.STATUS_QUIET, d.readRegister(PgMap.REG_STATUS));
        d.requestFrameClose();
        small.drain();
        assertEquals(4, small.frames.size());
        final PgMap.FrameLayout l = small.l;
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(big.frames.get(i), small.frames.get(i), "frame " + i);
        }
        final long[] merged = small.frames.get(3);
        assertEquals(3, merged[l.offSeq]);
        assertEquals(3, merged[l.offFirstTrial]);
        assertEquals(6, merged[l.offTrials]);
        assertEquals(6, merged[l.offMerges]);
        assertEquals(PgMap.FLAG_HOST_CLOSE, merged[l.offFlags]);
        // nothing lost: the counters of the merged run equal those of the ten frames made with a large ring
        final FrameSum all = big.sum();
        final FrameSum some = small.sum();
        assertEquals(6, some.merges());
        for (int i = l.offTagsSync; i < l.offTrailer; i++) {
            assertEquals(all.word(i), some.word(i), FrameField.name(l, i));
        }
    }

    @Test
    void hostCloseAndResetQueueBehindAWaitingFrame() {
        final SoftDevice d = configured(1);
        final Rig r = new Rig(d);
        final TagBatch b = new TagBatch(8);
        b.add(0, SYNC);
        b.add(100, SYNC);
        b.add(200, SYNC);
        assertEquals(3, d.push(b, 0, 3), "frame 0 fills the ring, frame 1 waits after the last tag");
        d.requestFrameClose();
        assertEquals(PgMap.STATUS_FRAME_PENDING, d.readRegister(PgMap.REG_STATUS));
        b.add(300, SYNC);
        assertEquals(0, d.push(b, 3, 1), "no tag is accepted while a command waits behind the frozen frame");
        final long[] buf = new long[r.l.frameWords];
        d.readFrame(buf);
        assertHeader(r.l, buf, 0, 0, 1, PgMap.FLAG_TRIAL_CLOSE);
        d.releaseFrame();
        // frame 1 moved in; the queued close made frame 2, which now waits
        assertEquals(PgMap.STATUS_FRAME_PENDING | PgMap.STATUS_QUIET, d.readRegister(PgMap.REG_STATUS));
        d.readFrame(buf);
        assertHeader(r.l, buf, 1, 1, 1, PgMap.FLAG_TRIAL_CLOSE);
        d.reset(); // queued behind frame 2
        assertEquals(DeviceException.ESTATE, assertThrows(DeviceException.class, d::requestFrameClose).code(),
            "the core holds one command behind a waiting frame");
        assertEquals(2, d.readRegister(PgMap.REG_TRIALS), "reset not executed yet");
        d.releaseFrame();
        d.readFrame(buf);
        assertHeader(r.l, buf, 2, 2, 0, PgMap.FLAG_HOST_CLOSE);
        assertEquals(PgMap.STATUS_IDLE | PgMap.STATUS_QUIET, d.readRegister(PgMap.REG_STATUS));
        assertEquals(0, d.readRegister(PgMap.REG_TRIALS), "reset ran once frame 2 was in the ring");
        d.releaseFrame();
        assertEquals(0, d.framesPending());
        assertEquals(0, d.readFrame(buf));
        assertEquals(1, d.push(b, 3, 1), "the input runs again");
    }

    @Test
    void ringMisuseIsAnError() {
        final SoftDevice d = new SoftDevice(2, 2, 8, 256, 2);
        assertEquals(DeviceException.ESTATE, assertThrows(DeviceException.class, d::releaseFrame).code());
        assertEquals(0, d.readFrame(new long[1]), "no frame: 0 whatever the buffer");
        d.requestFrameClose();
        assertEquals(DeviceException.ESMALL, assertThrows(DeviceException.class, () -> d.readFrame(new long[10])).code());
        final TagBatch b = new TagBatch(4);
        b.add(0, 0);
        assertThrows(DeviceException.class, () -> d.push(b, 0, 2));
        assertThrows(DeviceException.class, () -> d.push(b, -1, 1));
        // a word of count 0 is refused before any word of the push is accepted
        b.add(5, 0);
        b.countsBuffer().putInt(1 * Integer.BYTES, 0);
        assertEquals(DeviceException.EINVAL, assertThrows(DeviceException.class, () -> d.push(b, 0, 2)).code());
        assertEquals(0, d.readRegister(PgMap.REG_TRIALS));
        assertEquals(1, d.push(b, 0, 1));
    }

    // ------------------------------------------------------------------------------------ registers

    @Test
    void registerFile() {
        final SoftDevice d = new SoftDevice(2, 2, 8, 256, 2);
        final PgMap.FrameLayout l = d.layout();
        assertEquals(PgMap.ID_VALUE, d.readRegister(PgMap.REG_ID));
        assertEquals(2 | 2 << 8 | 8 << 16 | 256L << 32, d.readRegister(PgMap.REG_SHAPE));
        assertEquals(l.frameWords, d.readRegister(PgMap.REG_FRAME_WORDS));
        assertEquals(PgMap.STATUS_IDLE | PgMap.STATUS_QUIET, d.readRegister(PgMap.REG_STATUS));
        assertEquals(0, d.readRegister(PgMap.REG_FRAMES));
        assertEquals(0, d.readRegister(PgMap.REG_TRIALS));
        assertEquals(0, d.readRegister(PgMap.REG_SYNC_CHANNEL));
        assertEquals(0, d.readRegister(PgMap.REG_FRAME_TRIALS));
        assertEquals(1, d.readRegister(PgMap.REG_BIN_TICKS));
        assertEquals(0, d.readRegister(PgMap.REG_SYNC_DELAY));
        for (int i = 0; i < PgMap.MAX_DETECTORS; i++) {
            assertEquals(i < 2 ? 0xFF : 0, d.readRegister(PgMap.REG_DET_CHANNEL + i), "DET_CHANNEL " + i);
            assertEquals(0, d.readRegister(PgMap.REG_DET_DELAY + i));
        }
        for (int i = 0; i < PgMap.MAX_WINDOWS; i++) {
            assertEquals(0, d.readRegister(PgMap.REG_WIN_START + i));
            assertEquals(0, d.readRegister(PgMap.REG_WIN_LENGTH + i));
        }
        // read/write round trips, slots beyond D and W, read-only registers
        d.writeRegister(PgMap.REG_SYNC_DELAY, -12345);
        assertEquals(-12345, d.readRegister(PgMap.REG_SYNC_DELAY));
        d.writeRegister(PgMap.REG_DET_DELAY + 1, -7);
        assertEquals(-7, d.readRegister(PgMap.REG_DET_DELAY + 1));
        d.writeRegister(PgMap.REG_WIN_START + 1, -40);
        assertEquals(-40, d.readRegister(PgMap.REG_WIN_START + 1));
        d.writeRegister(PgMap.REG_DET_CHANNEL + 2, 5);
        d.writeRegister(PgMap.REG_DET_DELAY + 7, 5);
        d.writeRegister(PgMap.REG_WIN_START + 2, 5);
        d.writeRegister(PgMap.REG_WIN_LENGTH + 15, 5);
        assertEquals(0, d.readRegister(PgMap.REG_DET_CHANNEL + 2));
        assertEquals(0, d.readRegister(PgMap.REG_DET_DELAY + 7));
        assertEquals(0, d.readRegister(PgMap.REG_WIN_START + 2));
        assertEquals(0, d.readRegister(PgMap.REG_WIN_LENGTH + 15));
        assertEquals(0, d.readRegister(PgMap.REG_MERGES));
        assertEquals(0, d.readRegister(PgMap.REG_SYNC_PENDING));
        for (final int ro : new int[] {PgMap.REG_ID, PgMap.REG_SHAPE, PgMap.REG_FRAME_WORDS, PgMap.REG_STATUS,
            PgMap.REG_FRAMES, PgMap.REG_TRIALS, PgMap.REG_MERGES, PgMap.REG_SYNC_PENDING, PgMap.REG_RECORDS_MADE,
            PgMap.REG_RECORDS_DROPPED}) {
            final long before = d.readRegister(ro);
            assertEquals(DeviceException.EINVAL,
                assertThrows(DeviceException.class, () -> d.writeRegister(ro, 0x1234)).code(), "read-only register " + ro);
            assertEquals(before, d.readRegister(ro), "read-only register " + ro);
        }
        assertEquals(0, d.readRegister(PgMap.REG_CTRL), "CTRL is write-only");
        for (final int unknown : new int[] {0x41, 0xFF, 0x1000, -1}) {
            assertEquals(DeviceException.EINVAL,
                assertThrows(DeviceException.class, () -> d.readRegister(unknown)).code());
            assertEquals(DeviceException.EINVAL,
                assertThrows(DeviceException.class, () -> d.writeRegister(unknown, 0)).code());
        }
    }

    @Test
    void otherShapes() {
        final SoftDevice d = new SoftDevice(3, 1, 0, 5, 1);
        assertEquals(3 | 1 << 8 | 5L << 32, d.readRegister(PgMap.REG_SHAPE));
        assertEquals(d.layout().frameWords, d.readRegister(PgMap.REG_FRAME_WORDS));
        assertThrows(IllegalArgumentException.class, () -> new SoftDevice(0, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SoftDevice(16, 8, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SoftDevice(1, 1, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new SoftDevice(1, 1, 1, 1, 0));
        assertTrue(d.toString().contains("W=3"));
    }

    // ------------------------------------------------------------------------------------ FrameSum

    @Test
    void frameSumCopyIsIndependentAndContinuesTheChecks() {
        List<long[]> frames = List.of();
        for (int seed = 0; frames.size() < 3; seed++) {
            final Scenario s = Scenario.random(seed, 2, 2, false);
            frames = s.run(new SoftDevice(2, 2, 8, 256, s.ringFrames)).frames();
        }
        final PgMap.FrameLayout l = new PgMap.FrameLayout(2, 2, 8, 256);
        final FrameSum sum = new FrameSum(l);
        sum.add(frames.get(0));
        final FrameSum copy = sum.copy();
        final long[] before = copy.toArray();
        sum.add(frames.get(1));
        assertArrayEquals(before, copy.toArray(), "adding to the original leaves the copy as it was");
        assertEquals(1, copy.frames());
        copy.add(frames.get(1)); // the copy carries the sequence and trial continuity: the next frame is accepted
        assertArrayEquals(sum.toArray(), copy.toArray());
        final long[] again = frames.get(1);
        assertThrows(FrameSum.FrameException.class, () -> copy.add(again), "and a repeated one is not");
    }

    @Test
    void frameSumAcceptsSoftFramesAndRejectsCorruptOnes() {
        List<long[]> frames = List.of();
        for (int seed = 0; frames.size() < 3; seed++) {
            final Scenario s = Scenario.random(seed, 2, 2, false);
            frames = s.run(new SoftDevice(2, 2, 8, 256, s.ringFrames)).frames();
        }
        final List<long[]> all = frames;
        final PgMap.FrameLayout l = new PgMap.FrameLayout(2, 2, 8, 256);
        final FrameSum ok = new FrameSum(l);
        all.forEach(ok::add);
        assertEquals(all.size(), ok.frames());

        final long[] badMagic = all.get(0).clone();
        badMagic[l.offMagic] ^= 1;
        assertThrows(FrameSum.FrameException.class, () -> new FrameSum(l).add(badMagic));

        final FrameSum missing = new FrameSum(l);
        missing.add(all.get(0));
        final FrameSum.FrameException gap = assertThrows(FrameSum.FrameException.class, () -> missing.add(all.get(2)));
        assertTrue(gap.getMessage().contains("missing"), gap.getMessage());

        final long[] broken = all.get(0).clone();
        broken[l.offInWindow]++;
        final FrameSum.FrameException inv = assertThrows(FrameSum.FrameException.class, () -> new FrameSum(l).add(broken));
        assertTrue(inv.getMessage().contains("accounted"), inv.getMessage());

        final long[] badTrailer = all.get(0).clone();
        badTrailer[l.offTrailer]++;
        assertThrows(FrameSum.FrameException.class, () -> new FrameSum(l).add(badTrailer));
    }
}
