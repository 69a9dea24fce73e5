package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/** Word-for-word comparison of two frame sequences, reporting the first differing frame by field name. */
final class FrameDiff {
    private static final int MAX_LISTED = 12;

    private FrameDiff() { }

    /** Null when equal, else a description of the first difference. */
    static String diff(final PgMap.FrameLayout l, final String nameA, final List<long[]> a, final String nameB,
                       final List<long[]> b) {
        final int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            final long[] fa = a.get(i);
            final long[] fb = b.get(i);
            final StringBuilder s = new StringBuilder();
            int differing = 0;
            for (int w = 0; w < l.frameWords; w++) {
                if (fa[w] != fb[w]) {
                    if (differing < MAX_LISTED) {
                        s.append(String.format("%n  word %d %s: %s=%d (0x%x), %s=%d (0x%x)", w, FrameField.name(l, w),
                            nameA, fa[w], fa[w], nameB, fb[w], fb[w]));
                    }
                    differing++;
                }
            }
            if (differing > 0) {
                return "frame " + i + " (" + nameA + " SEQ " + fa[l.offSeq] + ", FLAGS " + fa[l.offFlags] + ", TRIALS "
                    + fa[l.offTrials] + "; " + nameB + " SEQ " + fb[l.offSeq] + ", FLAGS " + fb[l.offFlags] + ", TRIALS "
                    + fb[l.offTrials] + ") differs in " + differing + " words:" + s
                    + (differing > MAX_LISTED ? "\n  ..." : "");
            }
        }
        if (a.size() != b.size()) {
            return nameA + " emitted " + a.size() + " frames, " + nameB + " " + b.size()
                + " (the first " + n + " are equal)";
        }
        return null;
    }

    static void assertSame(final String context, final PgMap.FrameLayout l, final String nameA, final List<long[]> a,
                           final String nameB, final List<long[]> b) {
        final String d = diff(l, nameA, a, nameB, b);
        if (d != null) {
            fail(context + "\n" + d);
        }
    }
}
