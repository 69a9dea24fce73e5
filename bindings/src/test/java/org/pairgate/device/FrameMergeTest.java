package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The two frame banks of frame format 2 with a host that does not release frames: trial-close
 * frames that fall due while the frozen bank is held are merged (nothing is lost, the input never
 * stalls), a host close waits for the bank and stalls the input, and the frames still add up to
 * one long frame.
 */
class FrameMergeTest {
    private static final int SYNC = 0;
    private static final int DET0 = 1;
    private static final int DET1 = 2;

    /** Syncs every 100 ticks starting at {@code firstSync}: trial k has DET0 when k % 3 == 0 and DET1 when k % 5 == 0. */
    private static TagBatch trials(final int firstSync, final int syncs) {
        final TagBatch b = new TagBatch(3 * syncs);
        for (int k = firstSync; k < firstSync + syncs; k++) {
            b.add(100L * k, SYNC);
            if (k % 3 == 0) {
                b.add(100L * k + 4, DET0);
            }
            if (k % 5 == 0) {
                b.add(100L * k + 7, DET1, 2);
            }
        }
        return b;
    }

    private static SoftDevice core(final int ring, final long frameTrials) {
        final SoftDevice d = new SoftDevice(2, 2, 8, 256, ring);
        d.configure(new GateConfig(SYNC, 0, new int[] {DET0, DET1}, new long[] {0, 0}, new long[] {0, 5},
            new long[] {10, 10}, 1, frameTrials));
        return d;
    }

    private static long[] readRelease(final Device d) {
        final long[] f = new long[d.layout().frameWords];
        assertEquals(f.length, d.readFrame(f));
        d.releaseFrame();
        return f;
    }

    @Test
    void closesMergeWhileTheHostHoldsTheFrozenBank() {
        final SoftDevice d = core(2, 10);
        final PgMap.FrameLayout l = d.layout();
        final List<long[]> frames = new ArrayList<>();
        // 101 syncs: trials 0..99 close. Frames 0 and 1 (10 trials each) fill the ring, frame 2
        // (trials 20..29) waits in the frozen bank, and the closes due after trials 39, 49, .., 99 merge
        final TagBatch phase1 = trials(0, 101);
        assertEquals(phase1.size(), d.push(phase1, 0, phase1.size()), "the input never stalls for a merge");
        assertEquals(100, d.readRegister(PgMap.REG_TRIALS));
        assertEquals(2, d.readRegister(PgMap.REG_FRAMES));
        assertEquals(7, d.readRegister(PgMap.REG_MERGES));
        assertEquals(PgMap.STATUS_FRAME_PENDING | PgMap.STATUS_QUIET, d.readRegister(PgMap.REG_STATUS));
        assertEquals(2, d.framesPending());
        for (int i = 0; i < 3; i++) {
            final long[] f = readRelease(d);
            assertEquals(i, f[l.offSeq]);
            assertEquals(10L * i, f[l.offFirstTrial]);
            assertEquals(10, f[l.offTrials]);
            assertEquals(0, f[l.offMerges]);
            assertEquals(PgMap.FLAG_TRIAL_CLOSE, f[l.offFlags]);
            frames.add(f);
        }
        assertEquals(3, d.readRegister(PgMap.REG_FRAMES), "the frozen frame went into the ring on release");
        assertEquals(PgMap.STATUS_IDLE | PgMap.STATUS_QUIET, d.readRegister(PgMap.REG_STATUS));
        assertEquals(0, d.framesPending());
        // the active frame holds trials 30..99 and is due again 10 trials after its last merge
        final TagBatch phase2 = trials(101, 10);
        assertEquals(phase2.size(), d.push(phase2, 0, phase2.size()));
        assertEquals(1, d.framesPending());
        final long[] merged = readRelease(d);
        assertEquals(3, merged[l.offSeq], "a merged close gets no number");
        assertEquals(30, merged[l.offFirstTrial]);
        assertEquals(7, merged[l.offMerges]);
        assertEquals((1 + 7) * 10, merged[l.offTrials], "(1 + MERGES) * FRAME_TRIALS trials");
        assertEquals(PgMap.FLAG_TRIAL_CLOSE, merged[l.offFlags]);
        frames.add(merged);

        // a host close waits behind the frozen bank, and so does the input
        final TagBatch phase3 = trials(111, 30); // closes trials 110..139: frames 4, 5 into the ring, frame 6 frozen
        assertEquals(phase3.size(), d.push(phase3, 0, phase3.size()));
        assertEquals(PgMap.STATUS_FRAME_PENDING | PgMap.STATUS_QUIET, d.readRegister(PgMap.REG_STATUS));
        d.requestFrameClose();
        final TagBatch phase4 = trials(141, 5);
        assertEquals(0, d.push(phase4, 0, phase4.size()), "no tag is accepted while the host close waits");
        assertEquals(DeviceException.ESTATE, assertThrows(DeviceException.class, d::reset).code(),
            "one command waits at most");
        assertEquals(140, d.readRegister(PgMap.REG_TRIALS));
        frames.add(readRelease(d)); // frame 4; frame 6 moves into the ring, then the close runs: frame 7 (empty) is frozen
        assertEquals(PgMap.STATUS_FRAME_PENDING | PgMap.STATUS_QUIET, d.readRegister(PgMap.REG_STATUS));
        assertEquals(phase4.size(), d.push(phase4, 0, phase4.size()), "the input runs again once the close has run");
        while (d.framesPending() > 0) {
            frames.add(readRelease(d));
        }
        d.requestFrameClose();
        while (d.framesPending() > 0) {
            frames.add(readRelease(d));
        }
        assertEquals(9, frames.size());
        final long[] hostClosed = frames.get(7);
        assertEquals(7, hostClosed[l.offSeq]);
        assertEquals(PgMap.FLAG_HOST_CLOSE, hostClosed[l.offFlags]);
        assertEquals(140, hostClosed[l.offFirstTrial]);
        assertEquals(0, hostClosed[l.offTrials], "no trial closed between frame 6 and the host close");
        assertEquals(2, hostClosed[l.offTagsDet + 1], "the DET1 word (count 2) of the open trial 140");
        assertEquals(0, hostClosed[l.offTagsSync], "sync 140 closed trial 139: it counts in frame 6");
        final long[] afterwards = frames.get(8);
        assertEquals(8, afterwards[l.offSeq]);
        assertEquals(140, afterwards[l.offFirstTrial]);
        assertEquals(5, afterwards[l.offTrials], "trials 140..144");
        assertEquals(PgMap.FLAG_HOST_CLOSE, afterwards[l.offFlags]);

        // the sum of every frame is the one long frame of a core that never closed one
        final SoftDevice longFrame = core(2, 0);
        for (final TagBatch b : new TagBatch[] {phase1, phase2, phase3, phase4}) {
            assertEquals(b.size(), longFrame.push(b, 0, b.size()));
        }
        longFrame.requestFrameClose();
        final long[] one = readRelease(longFrame);
        final FrameSum sum = new FrameSum(l);
        frames.forEach(sum::add);
        assertEquals(7, sum.merges());
        for (int i = l.offTagsSync; i < l.offTrailer; i++) {
            assertEquals(one[i], sum.word(i), FrameField.name(l, i));
        }
        assertEquals(one[l.offTrials], sum.trials());
    }
}
