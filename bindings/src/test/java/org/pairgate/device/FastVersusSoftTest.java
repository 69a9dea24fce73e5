package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The differential test of the fast path: {@link FastSoftDevice} against {@link SoftDevice} (the
 * bit-exact model, itself held to the firmware by {@code RtlVersusSoftTest}) on the random
 * workloads of {@link Scenario}: empty trials, sync runs, out-of-order tags, tags before the first
 * sync, delays of both signs, a full sync-delay queue, frame boundaries every 1..17 trials, host
 * closes, resets, phases without releases (merges) and trial records. Frames word for word, the
 * registers after every event, every push's accepted count and every record must agree.
 *
 * <p>The shapes cover both DN_COINC paths (pair histogram for small W·D, per bit for large), the
 * mask walk (K &le; 64) and the scan (K &gt; 64), K = 0, K larger than the trials of a frame, B
 * not a power of two. {@code -Dpairgate.fast.scenarios=N} scales the seeds per shape (default 40).
 */
class FastVersusSoftTest {
    private static final int SEEDS = Integer.getInteger("pairgate.fast.scenarios", 40);

    @ParameterizedTest(name = "W={0} D={1} K={2} B={3}")
    @CsvSource({"2,2,8,256", "2,2,8,120", "1,1,1,16", "3,2,5,7", "2,3,0,100", "4,1,3,1", "1,4,12,33", "5,3,2,64",
        "2,2,64,16", "2,2,65,16", "2,2,200,8", "4,4,8,16", "3,3,30,5"})
    void sameFramesForClassicWorkloads(final int w, final int d, final int k, final int b) {
        int frames = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            frames += compare(Scenario.random(7000L * w + 300L * d + 11L * k + seed, w, d), w, d, k, b).size();
        }
        assertTrue(frames > SEEDS, "enough frames compared: " + frames);
    }

    @ParameterizedTest(name = "W={0} D={1} K={2} B={3}")
    @CsvSource({"2,2,8,256", "1,1,1,16", "3,2,5,7", "2,3,0,100", "1,4,12,33", "2,2,64,16", "2,2,90,16", "4,4,8,16"})
    void sameFramesForVersion2Workloads(final int w, final int d, final int k, final int b) {
        int frames = 0;
        long merges = 0;
        long dropped = 0;
        for (final Scenario.Family f : Scenario.Family.values()) {
            for (int seed = 0; seed < Math.max(2, SEEDS / 3); seed++) {
                final Scenario s = Scenario.of(f, 5000L * w + 400L * d + 13L * k + seed, w, d, true, seed % 5 == 4);
                final List<long[]> fast = compare(s, w, d, k, b);
                frames += fast.size();
                final PgMap.FrameLayout l = new PgMap.FrameLayout(w, d, k, b);
                for (final long[] frame : fast) {
                    merges += frame[l.offMerges];
                    dropped += frame[l.offSyncDropped];
                }
            }
        }
        assertTrue(frames > 100, "enough frames compared: " + frames);
        assertTrue(merges > 0, "some trial closes merged: " + merges);
        assertTrue(dropped > 0, "some syncs dropped by a full queue: " + dropped);
    }

    /** A dense stream (every trial with clicks in both windows) against frames shorter and longer than K. */
    @Test
    void sameFramesForDenseTrialsAcrossFrameBoundaries() {
        for (final long frameTrials : new long[] {1, 3, 7, 8, 9, 1000}) {
            final TagBatch tags = new TagBatch(4000);
            long t = 1000;
            for (int n = 0; n < 1000; n++) {
                tags.add(t, 0);
                for (int i = 0; i < (n * 7 % 5); i++) {
                    tags.add(t + 10 + 37L * ((n + i) % 3) + i, 1 + (n + i) % 2);
                }
                t += 200;
            }
            for (final int k : new int[] {1, 8, 20}) {
                final Device[] devs = {new SoftDevice(2, 2, k, 64, 4), new FastSoftDevice(2, 2, k, 64, 4)};
                final List<List<long[]>> out = new java.util.ArrayList<>();
                for (final Device dev : devs) {
                    try (Rig r = new Rig(dev)) {
                        r.reg(PgMap.REG_DET_CHANNEL, 1).reg(PgMap.REG_DET_CHANNEL + 1, 2)
                            .reg(PgMap.REG_WIN_START, 0).reg(PgMap.REG_WIN_LENGTH, 60)
                            .reg(PgMap.REG_WIN_START + 1, 60).reg(PgMap.REG_WIN_LENGTH + 1, 100)
                            .reg(PgMap.REG_FRAME_TRIALS, frameTrials);
                        int pos = 0;
                        while (pos < tags.size()) {
                            pos += dev.push(tags, pos, Math.min(333, tags.size() - pos));
                            r.drain();
                        }
                        dev.requestFrameClose();
                        r.drain();
                        out.add(r.frames);
                    }
                }
                FrameDiff.assertSame("dense, K " + k + ", FRAME_TRIALS " + frameTrials, devs[0].layout(), "soft", out.get(0),
                    "fast", out.get(1));
            }
        }
    }

    /** The fast frames, after checking them against the model's. */
    private static List<long[]> compare(final Scenario s, final int w, final int d, final int k, final int b) {
        final Scenario.Result soft = s.run(new SoftDevice(w, d, k, b, s.ringFrames, s.recordCapacity));
        final Scenario.Result fast = s.run(new FastSoftDevice(w, d, k, b, s.ringFrames, s.recordCapacity));
        FrameDiff.assertSame(s + ", W=" + w + " D=" + d + " K=" + k + " B=" + b, new PgMap.FrameLayout(w, d, k, b),
            "soft", soft.frames(), "fast", fast.frames());
        assertEquals(String.join("\n", soft.registersAtEvents()), String.join("\n", fast.registersAtEvents()),
            "registers after each event (expected: soft, actual: fast), " + s);
        assertEquals(soft.pushes(), fast.pushes(), "words accepted by each push, " + s);
        assertEquals(soft.refusedCommands(), fast.refusedCommands(), "CTRL writes refused, " + s);
        RecordDiff.assertSame("soft and fast records differ for " + s, "soft", soft.records(), "fast", fast.records());
        return fast.frames();
    }
}
