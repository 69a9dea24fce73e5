package org.pairgate.host.stats;

/**
 * Where every tag of the run went (frame-format.md, accounting), so that a reader can see that
 * nothing was lost:
 * {@code tags = syncs + syncDropped + inWindow + outside + beforeFirstSync + outOfOrder + otherChannel + droppedAtInput}.
 *
 * <p>Counts are of tags, not of tag words: a word of count c (a sync run, frame-format.md) is c
 * tags in every category it lands in.
 *
 * @param tags            tags received, all roles
 * @param tagsSync        tags on the sync channel
 * @param tagsDetector    tags on detector d, by d
 * @param tagsOther       tags on other channels
 * @param syncs           sync tags accepted in order
 * @param syncDropped     in-order sync tags dropped because the core's sync-delay queue was full
 *                        (a positive sync delay of more than ~16 trigger periods): they opened no trial
 * @param inWindow        detector tags inside at least one window
 * @param outside         detector tags after the first sync inside no window
 * @param beforeFirstSync detector tags before the first sync
 * @param outOfOrder      tags dropped because their time went backwards
 * @param otherChannel    in-order tags on channels that are neither sync nor detector
 * @param droppedAtInput  tags a link front end dropped before the core (whole words that found its
 *                        FIFO full; engine link, fpga/README.md "Link front end"); 0 otherwise. They
 *                        are in {@code tags} and in no role count.
 */
public record Accounting(long tags, long tagsSync, long[] tagsDetector, long tagsOther, long syncs, long syncDropped,
    long inWindow, long outside, long beforeFirstSync, long outOfOrder, long otherChannel, long droppedAtInput) {

    /** Accounting of a core fed directly (nothing dropped before it). */
    public Accounting(final long tags, final long tagsSync, final long[] tagsDetector, final long tagsOther, final long syncs,
                      final long syncDropped, final long inWindow, final long outside, final long beforeFirstSync,
                      final long outOfOrder, final long otherChannel) {
        this(tags, tagsSync, tagsDetector, tagsOther, syncs, syncDropped, inWindow, outside, beforeFirstSync, outOfOrder,
            otherChannel, 0);
    }

    public Accounting {
        tagsDetector = tagsDetector.clone();
    }

    @Override
    public long[] tagsDetector() {
        return tagsDetector.clone();
    }

    /** The accounting invariant: every tag received is in exactly one category. */
    public boolean balanced() {
        return tags == syncs + syncDropped + inWindow + outside + beforeFirstSync + outOfOrder + otherChannel + droppedAtInput;
    }
}
