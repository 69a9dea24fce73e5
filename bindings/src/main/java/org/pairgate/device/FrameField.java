package org.pairgate.device;

/**
 * Names a frame word by field and index, e.g. {@code DN_COINC[dn=2][a=w1d0][b=w0d1]}, for error
 * messages and differential-test reports: "word 1734 differs" tells nobody which counter broke.
 */
public final class FrameField {
    private FrameField() { }

    /** The name of word {@code offset} of a frame with layout {@code l}. */
    public static String name(final PgMap.FrameLayout l, final int offset) {
        final int wd = l.windows * l.detectors;
        final int b = l.bins;
        if (offset < 0 || offset >= l.frameWords) {
            return "word " + offset + " (outside the frame of " + l.frameWords + ")";
        }
        if (offset == l.offMagic) {
            return "MAGIC";
        }
        if (offset == l.offSeq) {
            return "SEQ";
        }
        if (offset == l.offFirstTrial) {
            return "FIRST_TRIAL";
        }
        if (offset == l.offTrials) {
            return "TRIALS";
        }
        if (offset == l.offFlags) {
            return "FLAGS";
        }
        if (offset == l.offShape) {
            return "SHAPE";
        }
        if (offset == l.offWords) {
            return "WORDS";
        }
        if (offset == l.offMerges) {
            return "MERGES";
        }
        if (offset == l.offTagsSync) {
            return "TAGS_SYNC";
        }
        if (in(offset, l.offTagsDet, l.lenTagsDet)) {
            return "TAGS_DET[d=" + (offset - l.offTagsDet) + "]";
        }
        if (offset == l.offTagsOther) {
            return "TAGS_OTHER";
        }
        if (offset == l.offSyncs) {
            return "SYNCS";
        }
        if (offset == l.offInWindow) {
            return "IN_WINDOW";
        }
        if (offset == l.offOutside) {
            return "OUTSIDE";
        }
        if (offset == l.offBeforeFirstSync) {
            return "BEFORE_FIRST_SYNC";
        }
        if (offset == l.offOutOfOrder) {
            return "OUT_OF_ORDER";
        }
        if (offset == l.offOtherChannel) {
            return "OTHER_CHANNEL";
        }
        if (offset == l.offSyncDropped) {
            return "SYNC_DROPPED";
        }
        if (in(offset, l.offPatterns, l.lenPatterns)) {
            return "PATTERNS[0b" + Integer.toBinaryString(offset - l.offPatterns) + "]";
        }
        if (in(offset, l.offDnPairs, l.lenDnPairs)) {
            return "DN_PAIRS[dn=" + (offset - l.offDnPairs + 1) + "]";
        }
        if (in(offset, l.offDnEarly, l.lenDnEarly)) {
            final int i = offset - l.offDnEarly;
            return "DN_EARLY[dn=" + (i / wd + 1) + "][a=" + bit(l, i % wd) + "]";
        }
        if (in(offset, l.offDnLate, l.lenDnLate)) {
            final int i = offset - l.offDnLate;
            return "DN_LATE[dn=" + (i / wd + 1) + "][b=" + bit(l, i % wd) + "]";
        }
        if (in(offset, l.offDnCoinc, l.lenDnCoinc)) {
            final int i = offset - l.offDnCoinc;
            return "DN_COINC[dn=" + (i / (wd * wd) + 1) + "][a=" + bit(l, i / wd % wd) + "][b=" + bit(l, i % wd) + "]";
        }
        if (in(offset, l.offFirstArrival, l.lenFirstArrival)) {
            final int i = offset - l.offFirstArrival;
            return "FIRST_ARRIVAL[" + bit(l, i / b) + "][bin=" + (i % b) + "]";
        }
        if (in(offset, l.offBothArrival, l.lenBothArrival)) {
            final int i = offset - l.offBothArrival;
            return "BOTH_ARRIVAL[w=" + (i / b) + "][bin=" + (i % b) + "]";
        }
        return "TRAILER";
    }

    private static boolean in(final int offset, final int from, final int length) {
        return offset >= from && offset < from + length;
    }

    /** Pattern bit w·D + d as "w1d0". */
    private static String bit(final PgMap.FrameLayout l, final int bit) {
        return "w" + bit / l.detectors + "d" + bit % l.detectors;
    }
}
