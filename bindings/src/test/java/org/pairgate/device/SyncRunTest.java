package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tag words of frame format 2 on the soft engine: "a word stands for count tags with the same time
 * and channel, in a row: every rule applies to it exactly as to count single tags". The property
 * test holds the bulk path of {@link SoftDevice} to its own single-tag path on random streams;
 * the hand-computed cases pin the per-member counting of a run that crosses frame boundaries, and
 * a run of 4·10^9 syncs must cost O(K + frames), not O(count).
 */
class SyncRunTest {
    private static final int SYNC = 0;
    private static final int DET0 = 1;
    private static final int DET1 = 2;
    private static final int OTHER = 9;

    // ------------------------------------------------------------------------------------ property

    /**
     * A stream of words, CTRL/FRAME_TRIALS events at word positions, and {@code stops}: the
     * positions where each push ends (the word boundaries of the unexpanded stream), so that an
     * eager host releases frames at the same logical points in both streams.
     */
    private record Stream(TagBatch words, List<long[]> events, int[] stops, long syncDelay, long frameTrials, String summary) { }

    /**
     * Random words with sync runs that cross frame boundaries (FRAME_TRIALS 1..7). With a positive
     * SYNC_DELAY runs are at most 16 long and sync words at least SYNC_DELAY apart, so that the
     * expanded stream never has more than 16 single syncs pending (the queue holds words, so a
     * fuller expanded queue would rightly drop syncs the word stream keeps).
     */
    private static Stream randomStream(final long seed, final boolean positiveDelay) {
        final Random r = new Random(seed * 31 + (positiveDelay ? 7 : 3));
        final int period = 200 + r.nextInt(800);
        final long delay = positiveDelay ? 1 + r.nextInt(period / 2) : -r.nextInt(300);
        final long[] ftChoices = {1, 2, 3, 5, 7};
        final long frameTrials = ftChoices[r.nextInt(ftChoices.length)];
        final List<long[]> words = new ArrayList<>();
        long cur = r.nextInt(1000);
        long expanded = 0;
        final int trials = 30 + r.nextInt(150);
        for (int n = 0; n < trials; n++) {
            cur += !positiveDelay && r.nextInt(8) == 0 ? r.nextInt(20) : period / 2 + r.nextInt(period);
            final long count;
            if (positiveDelay) {
                count = r.nextInt(3) == 0 ? 1 + r.nextInt(16) : 1;
            } else {
                count = r.nextInt(25) == 0 ? 1000 + r.nextInt(4000) : r.nextInt(3) == 0 ? 1 + r.nextInt(50) : 1;
            }
            words.add(new long[] {cur, SYNC, count});
            expanded += count;
            final int k = r.nextInt(3) == 0 ? 0 : r.nextInt(6);
            long t = cur;
            for (int i = 0; i < k; i++) {
                final long c = r.nextInt(4) == 0 ? 1 + r.nextInt(5) : 1;
                if (r.nextInt(15) == 0) {
                    words.add(new long[] {t - 1 - r.nextInt(100), r.nextInt(3) == 0 ? SYNC : DET0, c}); // out of order
                } else {
                    t += r.nextInt(period / 8 + 1);
                    words.add(new long[] {t, r.nextInt(6) == 0 ? OTHER : r.nextBoolean() ? DET0 : DET1, c});
                }
                expanded += c;
            }
            cur = t;
        }
        final TagBatch batch = new TagBatch(words.size());
        for (final long[] w : words) {
            batch.add(w[0], (int) w[1], w[2]);
        }
        final List<long[]> events = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            events.add(new long[] {r.nextInt(words.size() + 1), PgMap.REG_CTRL, PgMap.CTRL_CLOSE_FRAME});
        }
        if (r.nextInt(3) == 0) {
            events.add(new long[] {r.nextInt(words.size() + 1), PgMap.REG_CTRL, PgMap.CTRL_RESET});
        }
        if (r.nextInt(3) == 0) {
            events.add(new long[] {r.nextInt(words.size() + 1), PgMap.REG_FRAME_TRIALS, ftChoices[r.nextInt(ftChoices.length)]});
        }
        events.sort((a, b) -> Long.compare(a[0], b[0]));
        final int[] stops = new int[words.size() + 1];
        for (int i = 0; i <= words.size(); i++) {
            stops[i] = i;
        }
        return new Stream(batch, events, stops, delay, frameTrials, "seed " + seed + ", SYNC_DELAY " + delay + ", FRAME_TRIALS "
            + frameTrials + ", " + words.size() + " words = " + expanded + " tags");
    }

    /** The same stream with every word replaced by {@code count} single tags; events move with their words. */
    private static Stream expand(final Stream s) {
        final TagBatch w = s.words();
        long total = 0;
        for (int i = 0; i < w.size(); i++) {
            total += w.count(i);
        }
        final TagBatch singles = new TagBatch((int) total);
        final int[] positionOf = new int[w.size() + 1];
        for (int i = 0; i < w.size(); i++) {
            positionOf[i] = singles.size();
            for (long c = 0; c < w.count(i); c++) {
                singles.add(w.time(i), w.channel(i));
            }
        }
        positionOf[w.size()] = singles.size();
        final List<long[]> events = new ArrayList<>();
        for (final long[] e : s.events()) {
            events.add(new long[] {positionOf[(int) e[0]], e[1], e[2]});
        }
        return new Stream(singles, events, positionOf, s.syncDelay(), s.frameTrials(), s.summary() + " (expanded)");
    }

    /** What a drive produced: the frames and the registers at the end. */
    private record Outcome(List<long[]> frames, String registers) { }

    /**
     * Pushes the stream word by word (the expansion of one word at a time) and runs the events at
     * their positions. {@code eager}: every frame is released after each push; otherwise the host releases a frame only when the
     * core makes it (a CTRL command waits behind the frozen frame), so the ring fills and closes merge.
     */
    private static Outcome drive(final Device dev, final Stream s, final boolean eager) {
        dev.writeRegister(PgMap.REG_SYNC_CHANNEL, SYNC);
        dev.writeRegister(PgMap.REG_DET_CHANNEL, DET0);
        dev.writeRegister(PgMap.REG_DET_CHANNEL + 1, DET1);
        dev.writeRegister(PgMap.REG_DET_DELAY + 1, -7);
        dev.writeRegister(PgMap.REG_WIN_START, 0);
        dev.writeRegister(PgMap.REG_WIN_LENGTH, 60);
        dev.writeRegister(PgMap.REG_WIN_START + 1, 30);
        dev.writeRegister(PgMap.REG_WIN_LENGTH + 1, 90);
        dev.writeRegister(PgMap.REG_BIN_TICKS, 3);
        dev.writeRegister(PgMap.REG_SYNC_DELAY, s.syncDelay());
        dev.writeRegister(PgMap.REG_FRAME_TRIALS, s.frameTrials());
        final List<long[]> frames = new ArrayList<>();
        final long[] buf = new long[dev.layout().frameWords];
        final TagBatch tags = s.words();
        int pos = 0;
        int stop = 0;
        int e = 0;
        while (true) {
            final int target = e < s.events().size() ? (int) s.events().get(e)[0] : tags.size();
            while (pos < target) {
                while (s.stops()[stop] <= pos) {
                    stop++;
                }
                final int got = dev.push(tags, pos, Math.min(s.stops()[stop], target) - pos);
                pos += got;
                if (got == 0 || eager) {
                    read(dev, buf, frames, got == 0 ? 1 : Integer.MAX_VALUE);
                }
            }
            if (e == s.events().size()) {
                break;
            }
            final long[] ev = s.events().get(e++);
            write(dev, (int) ev[1], ev[2], buf, frames);
        }
        write(dev, PgMap.REG_CTRL, PgMap.CTRL_CLOSE_FRAME, buf, frames);
        // not SYNC_PENDING: it counts words, and a pending run is one word but many single syncs
        final String registers = "TRIALS " + dev.readRegister(PgMap.REG_TRIALS) + ", MERGES " + dev.readRegister(PgMap.REG_MERGES)
            + ", FRAMES " + dev.readRegister(PgMap.REG_FRAMES);
        read(dev, buf, frames, Integer.MAX_VALUE);
        return new Outcome(frames, registers);
    }

    private static void write(final Device dev, final int address, final long value, final long[] buf, final List<long[]> frames) {
        while (true) {
            try {
                dev.writeRegister(address, value);
                return;
            } catch (final DeviceException x) {
                if (x.code() != DeviceException.ESTATE) {
                    throw x;
                }
                read(dev, buf, frames, 1);
            }
        }
    }

    private static void read(final Device dev, final long[] buf, final List<long[]> frames, final int max) {
        for (int i = 0; i < max && dev.readFrame(buf) > 0; i++) {
            frames.add(buf.clone());
            dev.releaseFrame();
        }
    }

    @ParameterizedTest(name = "positive SYNC_DELAY {0}, eager release {1}")
    @CsvSource({"false,true", "false,false", "true,true", "true,false"})
    void runWordsGiveTheFramesOfTheirExpansion(final boolean positiveDelay, final boolean eager) {
        long frames = 0;
        long merges = 0;
        long crossing = 0;
        for (int seed = 0; seed < 40; seed++) {
            final Stream words = randomStream(seed, positiveDelay);
            final Stream singles = expand(words);
            for (final int[] shape : new int[][] {{2, 2, 8, 256}, {1, 2, 3, 16}}) {
                final PgMap.FrameLayout l = new PgMap.FrameLayout(shape[0], shape[1], shape[2], shape[3]);
                final Outcome a = drive(new SoftDevice(shape[0], shape[1], shape[2], shape[3], 2), words, eager);
                final Outcome b = drive(new SoftDevice(shape[0], shape[1], shape[2], shape[3], 2), singles, eager);
                FrameDiff.assertSame(words.summary(), l, "singles", b.frames(), "words", a.frames());
                assertEquals(b.registers(), a.registers(), words.summary());
                for (final long[] f : b.frames()) {
                    assertEquals(0, f[l.offSyncDropped], "the expanded stream must not overflow the queue: " + words.summary());
                    merges += f[l.offMerges];
                    crossing += f[l.offFlags] == PgMap.FLAG_TRIAL_CLOSE ? 1 : 0;
                }
                frames += a.frames().size();
            }
        }
        // without releases most closes merge, so there are fewer (and longer) frames
        assertTrue(frames > (eager ? 1000 : 200), "frames compared: " + frames);
        assertTrue(crossing > (eager ? 500 : 50), "trial-close frames: " + crossing);
        if (!eager) {
            assertTrue(merges > 100, "merged closes: " + merges);
        }
    }

    // ------------------------------------------------------------------------------------ hand-computed

    private static SoftDevice core(final int k, final long frameTrials, final long syncDelay, final int ring) {
        final SoftDevice d = new SoftDevice(1, 1, k, 16, ring);
        d.writeRegister(PgMap.REG_SYNC_CHANNEL, SYNC);
        d.writeRegister(PgMap.REG_DET_CHANNEL, DET0);
        d.writeRegister(PgMap.REG_WIN_LENGTH, 10);
        d.writeRegister(PgMap.REG_FRAME_TRIALS, frameTrials);
        d.writeRegister(PgMap.REG_SYNC_DELAY, syncDelay);
        return d;
    }

    private static List<long[]> closeAndDrain(final Device d) {
        d.requestFrameClose();
        final List<long[]> frames = new ArrayList<>();
        read(d, new long[d.layout().frameWords], frames, Integer.MAX_VALUE);
        return frames;
    }

    @Test
    void anEffectiveRunCountsEachMemberInTheFrameItIsEffectiveIn() {
        final SoftDevice d = core(1, 2, 0, 8);
        final TagBatch b = new TagBatch(4);
        b.add(0, SYNC);
        b.add(100, SYNC, 5); // member 1 closes trial 0, member 2 trial 1 (frame 0 due), 3 and 4 (frame 1), 5 trial 4
        assertEquals(2, d.push(b, 0, 2));
        final List<long[]> f = closeAndDrain(d);
        final PgMap.FrameLayout l = d.layout();
        assertEquals(3, f.size());
        new Expect(l).set(l.offTrials, 2).set(l.offTagsSync, 3).set(l.offSyncs, 3).pattern(0, 2).set(l.offDnPairs, 1).check(f.get(0));
        new Expect(l).set(l.offTrials, 2).set(l.offTagsSync, 2).set(l.offSyncs, 2).pattern(0, 2).set(l.offDnPairs, 2).check(f.get(1));
        new Expect(l).set(l.offTrials, 1).set(l.offTagsSync, 1).set(l.offSyncs, 1).pattern(0, 1).set(l.offDnPairs, 1).check(f.get(2));
        assertEquals(PgMap.FLAG_HOST_CLOSE, f.get(2)[l.offFlags]);
        assertEquals(5, d.readRegister(PgMap.REG_TRIALS));
    }

    @Test
    void aQueuedRunIsCountedWholeWhenItArrivesAndItsTrialsCloseWhenItIsEffective() {
        final SoftDevice d = core(1, 2, 10, 8);
        final TagBatch b = new TagBatch(4);
        b.add(0, SYNC);          // pending at 10
        b.add(100, SYNC, 5);     // makes sync 0 effective (trial 0 at 10), then pends at 110, counted whole in frame 0
        b.add(200, OTHER);       // the run becomes effective first: frames 0 and 1 close, then OTHER counts in frame 2
        assertEquals(3, d.push(b, 0, 3));
        final List<long[]> f = closeAndDrain(d);
        final PgMap.FrameLayout l = d.layout();
        assertEquals(3, f.size());
        new Expect(l).set(l.offTrials, 2).set(l.offTagsSync, 6).set(l.offSyncs, 6).pattern(0, 2).set(l.offDnPairs, 1).check(f.get(0));
        new Expect(l).set(l.offTrials, 2).pattern(0, 2).set(l.offDnPairs, 2).check(f.get(1));
        new Expect(l).set(l.offTrials, 1).set(l.offTagsOther, 1).set(l.offOtherChannel, 1).pattern(0, 1).set(l.offDnPairs, 1)
            .check(f.get(2));
    }

    @Test
    void detectorAndOtherWordsAddTheirCountWithTheEffectOfOneTag() {
        final SoftDevice d = core(0, 0, 0, 8);
        final TagBatch b = new TagBatch(8);
        b.add(0, DET0, 4);        // before the first sync
        b.add(10, SYNC);
        b.add(13, DET0, 7);       // in, bin 3, once in the pattern
        b.add(25, DET0, 2);       // outside
        b.add(26, OTHER, 9);
        b.add(20, DET0, 3);       // out of order, whole word
        b.add(40, SYNC);
        assertEquals(7, d.push(b, 0, 7));
        final List<long[]> f = closeAndDrain(d);
        final PgMap.FrameLayout l = d.layout();
        new Expect(l).set(l.offTrials, 1).set(l.offTagsSync, 2).set(l.offSyncs, 2).tagsDet(0, 16).set(l.offTagsOther, 9)
            .set(l.offBeforeFirstSync, 4).set(l.offInWindow, 7).set(l.offOutside, 2).set(l.offOtherChannel, 9)
            .set(l.offOutOfOrder, 3).pattern(1, 1).firstArrival(0, 0, 3, 1).check(f.get(0));
    }

    @Test
    void fourBillionSyncsInOneWordTakeNoTime() {
        // trial 0 has a click; the run's 4e9 members close trial 0 and the empty trials 1 .. 4e9 - 1.
        // FRAME_TRIALS 1e9 with a ring of 2 and no release: frames 0 and 1 go into the ring, frame 2
        // is held in the frozen bank, and the close due after trial 4e9 - 1 merges into frame 3.
        final SoftDevice d = new SoftDevice(2, 2, 8, 256, 2);
        d.writeRegister(PgMap.REG_SYNC_CHANNEL, SYNC);
        d.writeRegister(PgMap.REG_DET_CHANNEL, DET0);
        d.writeRegister(PgMap.REG_WIN_LENGTH, 10);
        d.writeRegister(PgMap.REG_FRAME_TRIALS, 1_000_000_000L);
        final TagBatch b = new TagBatch(3);
        b.add(0, SYNC);
        b.add(5, DET0);
        b.add(100, SYNC, 4_000_000_000L);
        assertEquals(4_000_000_000L, b.count(2));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertEquals(3, d.push(b, 0, 3)));
        assertEquals(4_000_000_000L, d.readRegister(PgMap.REG_TRIALS));
        assertEquals(2, d.readRegister(PgMap.REG_FRAMES));
        assertEquals(1, d.readRegister(PgMap.REG_MERGES));
        assertEquals(PgMap.STATUS_FRAME_PENDING | PgMap.STATUS_QUIET, d.readRegister(PgMap.REG_STATUS));
        final List<long[]> f = closeAndDrain(d);
        final PgMap.FrameLayout l = d.layout();
        assertEquals(4, f.size());
        final long g = 1_000_000_000L;
        final Expect first = new Expect(l).set(l.offTrials, g).set(l.offTagsSync, g + 1).set(l.offSyncs, g + 1).tagsDet(0, 1)
            .set(l.offInWindow, 1).pattern(1, 1).pattern(0, g - 1).firstArrival(0, 0, 5, 1);
        for (int dn = 1; dn <= 8; dn++) {
            first.set(l.offDnPairs + dn - 1, g - dn);
            first.set(l.offDnEarly + (dn - 1) * 4, 1); // trial dn pairs with trial 0, whose bit w0d0 is set
        }
        first.check(f.get(0));
        for (int i = 1; i < 4; i++) {
            final Expect rest = new Expect(l).set(l.offTrials, g).set(l.offTagsSync, g).set(l.offSyncs, g).pattern(0, g);
            for (int dn = 1; dn <= 8; dn++) {
                rest.set(l.offDnPairs + dn - 1, g);
            }
            rest.check(f.get(i));
            assertEquals(i, f.get(i)[l.offSeq]);
            assertEquals(i * g, f.get(i)[l.offFirstTrial]);
            assertEquals(i == 3 ? PgMap.FLAG_HOST_CLOSE : PgMap.FLAG_TRIAL_CLOSE, f.get(i)[l.offFlags]);
            assertEquals(i == 3 ? 1 : 0, f.get(i)[l.offMerges]);
        }
        final FrameSum sum = new FrameSum(l);
        f.forEach(sum::add);
        assertEquals(4_000_000_002L, sum.tagsIn());
    }

    @Test
    void theLargestCountIsUnsigned() {
        final SoftDevice d = core(2, 0, 0, 2);
        final TagBatch b = new TagBatch(2);
        b.add(0, SYNC, TagBatch.MAX_COUNT);
        assertEquals(0xFFFF_FFFFL, b.count(0));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertEquals(1, d.push(b, 0, 1)));
        assertEquals(TagBatch.MAX_COUNT - 1, d.readRegister(PgMap.REG_TRIALS));
        final long[] f = closeAndDrain(d).get(0);
        final PgMap.FrameLayout l = d.layout();
        new Expect(l).set(l.offTrials, TagBatch.MAX_COUNT - 1).set(l.offTagsSync, TagBatch.MAX_COUNT)
            .set(l.offSyncs, TagBatch.MAX_COUNT).pattern(0, TagBatch.MAX_COUNT - 1)
            .set(l.offDnPairs, TagBatch.MAX_COUNT - 2).set(l.offDnPairs + 1, TagBatch.MAX_COUNT - 3).check(f);
    }
}
