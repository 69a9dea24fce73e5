package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.TreeMap;

/**
 * The counters a frame must hold: every counter word not named here must be 0, so a test states
 * the whole frame, not a few words of it. Mismatches are reported by field name.
 */
final class Expect {
    private final PgMap.FrameLayout l;
    private final TreeMap<Integer, Long> words = new TreeMap<>();

    Expect(final PgMap.FrameLayout l) {
        this.l = l;
    }

    Expect set(final int offset, final long value) {
        words.put(offset, value);
        return this;
    }

    /** Bit index w·D + d. */
    int bit(final int w, final int d) {
        return w * l.detectors + d;
    }

    Expect firstArrival(final int w, final int d, final int bin, final long value) {
        return set(l.offFirstArrival + bit(w, d) * l.bins + bin, value);
    }

    Expect bothArrival(final int w, final int bin, final long value) {
        return set(l.offBothArrival + w * l.bins + bin, value);
    }

    Expect pattern(final int p, final long value) {
        return set(l.offPatterns + p, value);
    }

    Expect tagsDet(final int d, final long value) {
        return set(l.offTagsDet + d, value);
    }

    /** Checks every counter word (TAGS_SYNC up to the trailer) and TRIALS. */
    void check(final long[] frame) {
        final StringBuilder bad = new StringBuilder();
        for (int i = l.offTagsSync; i < l.offTrailer; i++) {
            final long want = words.getOrDefault(i, 0L);
            if (frame[i] != want) {
                bad.append("\n  ").append(FrameField.name(l, i)).append(": expected ").append(want).append(", got ").append(frame[i]);
            }
        }
        if (words.containsKey(l.offTrials) && frame[l.offTrials] != words.get(l.offTrials)) {
            bad.append("\n  TRIALS: expected ").append(words.get(l.offTrials)).append(", got ").append(frame[l.offTrials]);
        }
        if (bad.length() > 0) {
            fail("frame SEQ " + frame[l.offSeq] + " differs:" + bad);
        }
    }
}
