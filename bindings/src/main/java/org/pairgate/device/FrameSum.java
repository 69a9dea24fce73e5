package org.pairgate.device;

/**
 * Running sum of a run's frames: the counters of many frames added word by word.
 *
 * <p>Frames add up exactly by design (a cross-trial pair counts in the frame of its later trial),
 * so the sum of every frame of a run equals the frame one long acquisition would have produced.
 * Each frame is checked before it is added (magic, shape, size, trailer, sequence, trial
 * continuity and the accounting invariant), so a corrupt or missing frame is an error, never a
 * silent miscount.
 */
public final class FrameSum {
    private long droppedAtInput;
    private final PgMap.FrameLayout layout;
    private final long[] totals;
    private long frames;
    private long nextSeq;
    private long nextTrial;
    private long mergedFlags;

    public FrameSum(final PgMap.FrameLayout layout) {
        this.layout = layout;
        this.totals = new long[layout.frameWords];
    }

    private FrameSum(final FrameSum from) {
        this.layout = from.layout;
        this.totals = from.totals.clone();
        this.frames = from.frames;
        this.nextSeq = from.nextSeq;
        this.nextTrial = from.nextTrial;
        this.mergedFlags = from.mergedFlags;
    }

    public PgMap.FrameLayout layout() {
        return layout;
    }

    /**
     * An independent copy of the running sum: what a reader on another thread may keep and
     * compute from while this one goes on adding (the live web view's snapshots).
     */
    public FrameSum copy() {
        return new FrameSum(this);
    }

    /** Validates a frame (first {@code layout.frameWords} words of {@code w}) and adds its counters. */
    public void add(final long[] w) {
        check(w);
        final int from = layout.offTagsSync;
        final int to = layout.offTrailer;
        for (int i = from; i < to; i++) {
            totals[i] += w[i];
        }
        totals[layout.offTrials] += w[layout.offTrials];
        totals[layout.offMerges] += w[layout.offMerges];
        mergedFlags |= w[layout.offFlags];
        nextSeq++;
        nextTrial += w[layout.offTrials];
        frames++;
    }

    /**
     * Adds the sum of a run's second part, counted by another core from a split point on (issue
     * 15): its frames were validated as they were added, and they continue this sum's last frame,
     * whose close at the split exists only because of the split; so the frame count grows by
     * {@code other.frames() - 1}, as if the two frames around the split were one. Counters, TRIALS
     * and MERGES add up.
     */
    public void addContinuation(final FrameSum other) {
        if (other.layout.shapeWord() != layout.shapeWord() || other.frames < 1 || frames < 1) {
            throw new FrameException("a continuation needs frames of the same shape on both sides");
        }
        for (int i = layout.offTagsSync; i < layout.offTrailer; i++) {
            totals[i] += other.totals[i];
        }
        totals[layout.offTrials] += other.totals[layout.offTrials];
        totals[layout.offMerges] += other.totals[layout.offMerges];
        mergedFlags |= other.mergedFlags;
        frames += other.frames - 1;
        nextSeq += other.frames - 1;
        nextTrial += other.totals[layout.offTrials];
    }

    /**
     * A sum that starts at frame {@code seq} and trial {@code firstTrial} (the part of a split run
     * after its warm-up frames, which are validated and dropped by the caller).
     */
    public static FrameSum startingAt(final PgMap.FrameLayout layout, final long seq, final long firstTrial) {
        final FrameSum s = new FrameSum(layout);
        s.nextSeq = seq;
        s.nextTrial = firstTrial;
        return s;
    }

    private void check(final long[] w) {
        final PgMap.FrameLayout l = layout;
        if (w.length < l.frameWords) {
            throw new FrameException("frame buffer of " + w.length + " words, frame has " + l.frameWords);
        }
        if (w[l.offMagic] != PgMap.FRAME_MAGIC) {
            throw new FrameException(String.format("frame %d: bad magic 0x%016x", frames, w[l.offMagic]));
        }
        if (w[l.offShape] != l.shapeWord() || w[l.offWords] != l.frameWords) {
            throw new FrameException(String.format("frame %d: shape 0x%x/%d words, expected 0x%x/%d",
                frames, w[l.offShape], w[l.offWords], l.shapeWord(), l.frameWords));
        }
        final long seq = w[l.offSeq];
        if (w[l.offTrailer] != (PgMap.TRAILER_BASE | (seq & 0xFFFFFF))) {
            throw new FrameException(String.format("frame %d: bad trailer 0x%016x", seq, w[l.offTrailer]));
        }
        if (seq != nextSeq) {
            throw new FrameException("frame sequence " + seq + " where " + nextSeq + " was due: a frame is missing or repeated");
        }
        if (w[l.offFirstTrial] != nextTrial) {
            throw new FrameException("frame " + seq + " starts at trial " + w[l.offFirstTrial] + ", expected " + nextTrial);
        }
        long patterns = 0;
        for (int i = 0; i < l.lenPatterns; i++) {
            patterns += w[l.offPatterns + i];
        }
        if (patterns != w[l.offTrials]) {
            throw new FrameException("frame " + seq + ": patterns sum to " + patterns + " but TRIALS is " + w[l.offTrials]);
        }
        final long in = tagsIn(w, l);
        final long out = w[l.offOutOfOrder] + w[l.offOtherChannel] + w[l.offSyncs] + w[l.offSyncDropped]
            + w[l.offBeforeFirstSync] + w[l.offInWindow] + w[l.offOutside];
        if (in != out) {
            throw new FrameException("frame " + seq + ": " + in + " tags in but " + out + " accounted for");
        }
    }

    static long tagsIn(final long[] w, final PgMap.FrameLayout l) {
        long in = w[l.offTagsSync] + w[l.offTagsOther];
        for (int d = 0; d < l.lenTagsDet; d++) {
            in += w[l.offTagsDet + d];
        }
        return in;
    }

    /** Frames added. */
    public long frames() {
        return frames;
    }

    /** OR of the FLAGS words of every frame added. */
    public long flags() {
        return mergedFlags;
    }

    /** The summed word at a frame offset (counters only; header words other than TRIALS and MERGES are 0). */
    public long word(final int offset) {
        return totals[offset];
    }

    /** Trials closed in every frame added. */
    public long trials() {
        return totals[layout.offTrials];
    }

    /** Frame closes absorbed into the frames added (the sum of their MERGES words). */
    public long merges() {
        return totals[layout.offMerges];
    }

    /** Total tags received by the core (all roles): tags dropped before it ({@link #droppedAtInput()}) not included. */
    public long tagsIn() {
        return tagsIn(totals, layout);
    }

    /**
     * Adds tags that a link front end dropped before the core (whole words that found its FIFO
     * full: register LINK_DROPPED_TAGS, accounting category dropped_at_input); no frame holds them.
     */
    public void addDroppedAtInput(final long tags) {
        if (tags < 0) {
            throw new IllegalArgumentException("negative dropped_at_input " + tags);
        }
        droppedAtInput += tags;
    }

    /** Tags dropped at the input before the core (0 for the soft and rtl engines). */
    public long droppedAtInput() {
        return droppedAtInput;
    }

    /** A copy of the summed words, laid out as a frame. */
    public long[] toArray() {
        return totals.clone();
    }

    /** A frame that fails validation. */
    public static final class FrameException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public FrameException(final String message) {
            super(message);
        }
    }
}
