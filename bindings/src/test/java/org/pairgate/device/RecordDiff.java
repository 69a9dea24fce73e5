package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;

/**
 * Comparison of two trial-record sequences, reporting the first differing record with its trial
 * index: a record list that is one record short shows where the two engines first disagreed about
 * a drop, rather than a wall of shifted words.
 */
final class RecordDiff {
    private RecordDiff() { }

    /** Null when equal, else a description of the first difference. */
    static String diff(final String nameA, final List<long[]> a, final String nameB, final List<long[]> b) {
        final int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return "record " + i + ": " + nameA + " " + Arrays.toString(a.get(i)) + ", " + nameB + " "
                    + Arrays.toString(b.get(i)) + " (words: TRIAL, SYNC_TIME, PATTERN, FIRST_BIN...)";
            }
        }
        if (a.size() != b.size()) {
            return nameA + " gave " + a.size() + " records, " + nameB + " " + b.size() + " (the first " + n + " are equal)";
        }
        return null;
    }

    static void assertSame(final String context, final String nameA, final List<long[]> a, final String nameB,
                           final List<long[]> b) {
        final String d = diff(nameA, a, nameB, b);
        if (d != null) {
            fail(context + "\n" + d);
        }
    }
}
