package org.pairgate.host.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.pairgate.device.TagBatch;

class ToyPairSourceTest {
    @Test
    void expectationsAreSelfConsistent() {
        final ToyModel m = ToyModel.standard(1000);
        double total = 0;
        for (int p = 0; p < 16; p++) {
            assertTrue(m.expectedPatternProbability(p) > 0);
            total += m.expectedPatternProbability(p);
        }
        assertEquals(1.0, total, 1e-12);
        for (int w = 0; w < 2; w++) {
            final long len = m.windows().get(w).lengthPs();
            assertEquals(1.0, m.windows().get(w).pairArrivalCdf(len), 1e-15);
            assertEquals(0.0, m.windows().get(w).pairArrivalCdf(0), 0.0);
            assertEquals(m.expectedG2(w), m.expectedG2AtGate(w, len), 0.0);
            assertEquals(1.0, m.expectedG2AtDn(w, 3), 0.0);
            // the pattern marginals give back the click probabilities
            double pa = 0;
            for (int p = 0; p < 16; p++) {
                pa += (p >>> (2 * w) & 1) != 0 ? m.expectedPatternProbability(p) : 0;
            }
            assertEquals(m.expectedClickProbability(w, 0), pa, 1e-12);
            // pair + zero + singles-only = 1
            final double single = m.expectedClickProbability(w, 0) + m.expectedClickProbability(w, 1)
                - 2 * m.expectedBothProbability(w);
            assertEquals(1.0, m.expectedBothProbability(w) + m.expectedZeroProbability(w) + single, 1e-12);
            // g2 decreases from the pair-dominated start of the window to the whole window
            assertTrue(m.expectedG2AtGate(w, 5_000) > m.expectedG2(w));
        }
    }

    @Test
    void emitsTimeOrderedTagsAndCountsThem() {
        final ToyPairSource s = new ToyPairSource(ToyModel.standard(20_000), 3);
        final TagBatch b = new TagBatch(1000);
        long last = Long.MIN_VALUE;
        long tags = 0;
        long syncs = 0;
        int n;
        while ((n = s.read(b)) > 0) {
            for (int i = 0; i < n; i++) {
                assertTrue(b.time(i) >= last, "time-ordered");
                last = b.time(i);
                assertTrue(b.channel(i) <= 3);
                syncs += b.channel(i) == 0 ? 1 : 0;
            }
            tags += n;
        }
        assertEquals(20_001, syncs);
        assertEquals(tags, s.tally().tags());
        assertEquals(20_001, s.tally().syncs());
        assertEquals(7, s.tally().beforeFirstSync());
        assertEquals(20, s.tally().otherChannel());
        assertEquals(0, s.read(b));
    }

    @Test
    void aSilentModelEmitsOnlySyncs() {
        final ToyModel silent = new ToyModel(50_000, 1_000, 0, List.of(
            new ToyWindow(0, 100, 0, 0, 0, 10), new ToyWindow(200, 100, 0, 0, 0, 10)),
            new double[] {0, 0}, new long[] {0, 0}, 0, 0);
        final ToyPairSource s = new ToyPairSource(silent, 1);
        final TagBatch b = new TagBatch(1 << 16);
        long tags = 0;
        int n;
        while ((n = s.read(b)) > 0) {
            tags += n;
        }
        // every trial, plus the final sync that opens the incomplete trial and its one tag
        assertEquals(50_001 + 1, tags);
    }
}
