package org.pairgate.host.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.pairgate.device.Device;
import org.pairgate.device.Devices;
import org.pairgate.device.TagBatch;
import org.pairgate.host.io.SyncRuns;

/** The feeder's coalescing step: what it merges, what it must leave alone, and that the core cannot tell. */
class SyncRunCoalescerTest {
    private static final int SYNC = 0;

    private static TagBatch batch(final long[] times, final int[] channels) {
        final TagBatch b = new TagBatch(times.length);
        for (int i = 0; i < times.length; i++) {
            b.add(times[i], channels[i]);
        }
        return b;
    }

    @Test
    void mergesInOrderSyncsWithNothingBetweenAndNothingElse() {
        final TagBatch b = batch(
            new long[] {5, 100, 200, 300, 350, 400, 500, 450, 600, 700, 710, 800, 900, 900, 950},
            new int[] {1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 3, 0, 0, 0, 2});
        final SyncRunCoalescer c = new SyncRunCoalescer(SYNC, SyncRuns.forSyncDelay(0));
        assertTrue(c.enabled());
        final int n = c.coalesce(b);
        // 450 is out of order (after 500): it is dropped by the core whatever happens, and it ends the run
        // so that no tag changes its place relative to a trial close
        final long[][] want = {
            {5, 1, 1}, {300, 0, 3}, {350, 1, 1}, {500, 0, 2}, {450, 0, 1}, {700, 0, 2}, {710, 3, 1}, {900, 0, 3}, {950, 2, 1}};
        assertEquals(want.length, n);
        assertEquals(n, b.size());
        for (int i = 0; i < n; i++) {
            assertArrayEquals(want[i], new long[] {b.time(i), b.channel(i), b.count(i)}, "word " + i);
        }
    }

    @Test
    void theCoresLastTimeCarriesAcrossBatches() {
        final SyncRunCoalescer c = new SyncRunCoalescer(SYNC, SyncRuns.forSyncDelay(-5));
        c.coalesce(batch(new long[] {1_000}, new int[] {1}));
        final TagBatch late = batch(new long[] {10, 20, 1_000, 1_001}, new int[] {0, 0, 0, 0});
        assertEquals(3, c.coalesce(late), "syncs before 1000 are out of order for the core: kept as they are");
        assertEquals(1_001, late.time(2));
        assertEquals(2, late.count(2));
    }

    @Test
    void aPositiveSyncDelayOrRunsOffLeaveBatchesAlone() {
        for (final SyncRuns runs : List.of(SyncRuns.forSyncDelay(1), SyncRuns.OFF)) {
            final SyncRunCoalescer c = new SyncRunCoalescer(SYNC, runs);
            assertFalse(c.enabled());
            final TagBatch b = batch(new long[] {1, 2, 3}, new int[] {0, 0, 0});
            assertEquals(3, c.coalesce(b));
            assertEquals(1, b.count(2));
        }
    }

    @Test
    void runsNeverExceedTheCountField() {
        final TagBatch b = new TagBatch(3);
        b.add(1, SYNC, TagBatch.MAX_COUNT - 1);
        b.add(2, SYNC, 1);
        b.add(3, SYNC, 1);
        assertEquals(2, new SyncRunCoalescer(SYNC, SyncRuns.forSyncDelay(0)).coalesce(b));
        assertEquals(TagBatch.MAX_COUNT, b.count(0));
        assertEquals(1, b.count(1));
    }

    /**
     * A random stream of mostly empty syncs with clicks, stray channels, out-of-order tags and ties,
     * pushed as it is into one soft core and coalesced into another, frames every 3 trials: every
     * frame word is the same (runs that straddle a frame boundary split their counts member by member).
     */
    @Test
    void theCoreSeesTheSameFramesWordForWord() {
        final AnalysisConfig cfg = new AnalysisConfig(SYNC, new int[] {1, 2}, List.of("a", "b"), new long[] {0, 40},
            new long[] {40, 50}, Map.of(2, -3L), 4, 8, "soft", 3);
        final SplittableRandom random = new SplittableRandom(42);
        final List<long[]> words = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 20_000; i++) {
            final int kind = random.nextInt(100);
            t += random.nextInt(3) == 0 ? 0 : random.nextInt(60);
            if (kind < 70) {
                words.add(new long[] {t, SYNC});
            } else if (kind < 90) {
                words.add(new long[] {t, 1 + random.nextInt(2)});
            } else if (kind < 95) {
                words.add(new long[] {t - random.nextInt(200), random.nextInt(4)});
            } else {
                words.add(new long[] {t, 3});
            }
        }
        final List<long[]> plain = frames(cfg, words, null);
        final List<long[]> merged = frames(cfg, words, new SyncRunCoalescer(SYNC, SyncRuns.forSyncDelay(-3)));
        assertTrue(plain.size() > 1000, "frames " + plain.size());
        assertEquals(plain.size(), merged.size());
        for (int f = 0; f < plain.size(); f++) {
            assertArrayEquals(plain.get(f), merged.get(f), "frame " + f);
        }
    }

    private static List<long[]> frames(final AnalysisConfig cfg, final List<long[]> words, final SyncRunCoalescer c) {
        final List<long[]> out = new ArrayList<>();
        long wordsPushed = 0;
        try (Device d = Devices.open("soft", 2, 2, 4, 16, 4096)) {
            d.configure(cfg.gateConfig());
            d.reset();
            final TagBatch b = new TagBatch(97);
            for (int i = 0; i < words.size(); ) {
                b.clear();
                while (!b.isFull() && i < words.size()) {
                    b.add(words.get(i)[0], (int) words.get(i)[1]);
                    i++;
                }
                final int n = c == null ? b.size() : c.coalesce(b);
                wordsPushed += n;
                for (int off = 0; off < n; ) {
                    off += d.push(b, off, n - off);
                    drain(d, out);
                }
            }
            d.requestFrameClose();
            drain(d, out);
        }
        if (c != null) {
            assertTrue(wordsPushed < words.size() * 3 / 4, "the step merged runs: " + wordsPushed + " words");
        }
        return out;
    }

    private static void drain(final Device d, final List<long[]> out) {
        final long[] f = new long[d.layout().frameWords];
        while (d.framesPending() > 0) {
            d.readFrame(f);
            d.releaseFrame();
            out.add(f.clone());
            assertEquals(0, f[d.layout().offMerges], "no merge in a ring this large");
        }
    }
}
