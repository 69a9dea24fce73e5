package org.pairgate.host.stats;

/**
 * Where every tag of the run went (frame-format.md, accounting), so that a reader can see that
 * nothing was lost: {@code tags = syncs + inWindow + outside + beforeFirstSync + outOfOrder + otherChannel}.
 *
 * @param tags            tags received, all roles
 * @param tagsSync        tags on the sync channel
 * @param tagsDetector    tags on detector d, by d
 * @param tagsOther       tags on other channels
 * @param syncs           sync tags accepted in order
 * @param inWindow        detector tags inside at least one window
 * @param outside         detector tags after the first sync inside no window
 * @param beforeFirstSync detector tags before the first sync
 * @param outOfOrder      tags dropped because their time went backwards
 * @param otherChannel    in-order tags on channels that are neither sync nor detector
 */
public record Accounting(long tags, long tagsSync, long[] tagsDetector, long tagsOther, long syncs, long inWindow,
    long outside, long beforeFirstSync, long outOfOrder, long otherChannel) {

    public Accounting {
        tagsDetector = tagsDetector.clone();
    }

    @Override
    public long[] tagsDetector() {
        return tagsDetector.clone();
    }

    /** The accounting invariant: every tag received is in exactly one category. */
    public boolean balanced() {
        return tags == syncs + inWindow + outside + beforeFirstSync + outOfOrder + otherChannel;
    }
}
