package org.pairgate.host.journal;

/**
 * The layout of a pairgate run journal: a Chronicle Queue directory whose excerpts are, in order,
 * <ol>
 *   <li>one {@link #METADATA} excerpt: the int tag, then a UTF-8 JSON document ({@link JournalMetadata});</li>
 *   <li>any number of {@link #FRAMES} excerpts: the int tag, then one or more frames, each
 *   {@code frameWords} raw little-endian longs exactly as the core emitted them;</li>
 *   <li>one {@link #END} excerpt: the int tag, then a UTF-8 JSON document with the run's totals
 *   and its pipeline measurements (absent when the run was killed).</li>
 * </ol>
 *
 * <p>Frames are batched several to an excerpt because one small excerpt per record appends at
 * 4–5 M/s where batched excerpts reach 20–30 M/s. A Chronicle excerpt is atomic (its header is
 * completed after its body), so a process killed mid-write leaves whole excerpts followed by at
 * most one incomplete one, which readers never see: replay stops at the last complete batch.
 */
public final class JournalFormat {
    /**
     * Version of this layout, written into the metadata. Version 2 holds frames of frame format
     * version 2 (docs/frame-format.md: the MERGES word where version 1 had RESERVED, and the
     * SYNC_DROPPED accounting word, which moves every later offset), so a version-1 journal's
     * frames cannot be read with today's layout: it is refused by name rather than failing on
     * its first frame's magic.
     */
    public static final int VERSION = 2;
    /** Excerpt tag: run metadata (JSON). */
    public static final int METADATA = 0x504D_4554; // "PMET"
    /** Excerpt tag: a batch of frames. */
    public static final int FRAMES = 0x5046_524D; // "PFRM"
    /** Excerpt tag: end of run (JSON totals). */
    public static final int END = 0x5045_4E44; // "PEND"
    /** Frames per excerpt at most; fewer when the frame ring has no more waiting (see JournalWriter). */
    public static final int DEFAULT_FRAMES_PER_EXCERPT = 32;

    private JournalFormat() {
    }

    /** The one-line refusal of a journal whose metadata says {@code version} (not {@link #VERSION}). */
    static String unsupported(final int version) {
        if (version == 1) {
            return "journal format version 1 (frame format 1, written before the sync-delay queue and frame merges) "
                + "is not supported: this pairgate reads version " + VERSION + "; replay it with the pairgate that wrote it";
        }
        return "journal format version " + (version < 0 ? "missing or not a number" : Integer.toString(version))
            + " is not supported (this pairgate reads version " + VERSION + ")";
    }
}
