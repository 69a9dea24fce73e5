package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tuned soft model against {@link ReferenceCore}, the doc transcribed naively, on random
 * scenarios for shapes the RTL library is not built with (B not a power of two, K = 0, D = 1,
 * many windows). The RTL comparison covers the default shape only. Both are driven by the same
 * {@link Scenario#run}, so frames, merges, the registers after every event and every push's
 * accepted count must agree.
 */
class SoftVersusReferenceTest {
    @ParameterizedTest(name = "W={0} D={1} K={2} B={3}")
    @CsvSource({"2,2,8,256", "1,1,1,16", "3,2,5,7", "2,3,0,100", "4,1,3,1", "1,4,12,33", "5,3,2,64"})
    void sameFramesAsTheNaiveModel(final int w, final int d, final int k, final int b) {
        int frames = 0;
        for (int seed = 0; seed < 25; seed++) {
            frames += compare(Scenario.random(1000L * w + 100L * d + seed, w, d), w, d, k, b).size();
        }
        assertTrue(frames > 50, "enough frames compared: " + frames);
    }

    /** Run words, positive sync delays, a full sync queue, and phases without releases (merges). */
    @ParameterizedTest(name = "W={0} D={1} K={2} B={3}")
    @CsvSource({"2,2,8,256", "1,1,1,16", "3,2,5,7", "2,3,0,100", "1,4,12,33", "5,3,2,64"})
    void sameFramesAsTheNaiveModelForVersion2Workloads(final int w, final int d, final int k, final int b) {
        int frames = 0;
        long merges = 0;
        long dropped = 0;
        for (final Scenario.Family f : Scenario.Family.values()) {
            for (int seed = 0; seed < 15; seed++) {
                final Scenario s = Scenario.of(f, 1000L * w + 100L * d + seed, w, d, true, false);
                final List<long[]> soft = compare(s, w, d, k, b);
                frames += soft.size();
                final PgMap.FrameLayout l = new PgMap.FrameLayout(w, d, k, b);
                for (final long[] frame : soft) {
                    merges += frame[l.offMerges];
                    dropped += frame[l.offSyncDropped];
                }
            }
        }
        assertTrue(frames > 100, "enough frames compared: " + frames);
        assertTrue(merges > 0, "some trial closes merged: " + merges);
        assertTrue(dropped > 0, "some syncs dropped by a full queue: " + dropped);
    }

    /** The soft frames, after checking them against the reference's. */
    private static List<long[]> compare(final Scenario s, final int w, final int d, final int k, final int b) {
        final Scenario.Result soft = s.run(new SoftDevice(w, d, k, b, s.ringFrames));
        final Scenario.Result ref = s.run(new ReferenceCore(w, d, k, b, s.ringFrames));
        FrameDiff.assertSame(s.toString(), new PgMap.FrameLayout(w, d, k, b), "reference", ref.frames(), "soft", soft.frames());
        assertEquals(String.join("\n", ref.registersAtEvents()), String.join("\n", soft.registersAtEvents()),
            "registers after each event (expected: reference, actual: soft), " + s);
        assertEquals(ref.pushes(), soft.pushes(), "words accepted by each push, " + s);
        assertEquals(ref.refusedCommands(), soft.refusedCommands(), "CTRL writes refused, " + s);
        RecordDiff.assertSame("reference and soft records differ for " + s, "reference", ref.records(), "soft", soft.records());
        return soft.frames();
    }
}
