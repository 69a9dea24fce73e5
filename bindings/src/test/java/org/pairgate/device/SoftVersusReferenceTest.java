package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tuned soft model against {@link ReferenceCore}, the doc transcribed naively, on random
 * scenarios for shapes the RTL library is not built with (B not a power of two, K = 0, D = 1,
 * many windows). The RTL comparison covers the default shape only.
 */
class SoftVersusReferenceTest {
    @ParameterizedTest(name = "W={0} D={1} K={2} B={3}")
    @CsvSource({"2,2,8,256", "1,1,1,16", "3,2,5,7", "2,3,0,100", "4,1,3,1", "1,4,12,33", "5,3,2,64"})
    void sameFramesAsTheNaiveModel(final int w, final int d, final int k, final int b) {
        int frames = 0;
        for (int seed = 0; seed < 25; seed++) {
            final Scenario s = Scenario.random(1000L * w + 100L * d + seed, w, d);
            final List<long[]> soft = s.run(new SoftDevice(w, d, k, b, s.ringFrames)).frames();
            final List<long[]> ref = ReferenceCore.run(s, w, d, k, b);
            FrameDiff.assertSame(s.toString(), new PgMap.FrameLayout(w, d, k, b), "reference", ref, "soft", soft);
            frames += soft.size();
        }
        assertTrue(frames > 50, "enough frames compared: " + frames);
    }
}
