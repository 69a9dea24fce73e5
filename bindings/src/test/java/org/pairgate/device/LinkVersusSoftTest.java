package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The differential test of engine {@code link} (the link front end + core, {@link LinkDevice})
 * against {@code soft}: the random workloads of {@link Scenario} (classic and the frame format 2
 * families), the link paced at one tick per clock (each tag on the link at its own time: within
 * the sustained envelope for these streams), give identical frames word for word, and the front
 * end drops nothing. The link merges sync runs itself (and stops merging while SYNC_DELAY > 0):
 * the RUNS family feeds it run words as k single tags on the link, so equal frames there also
 * show that firmware-made runs count like the host's. Scenarios in which a CTRL command waits
 * behind a frame the host holds (soft's push returns short) cannot match frame by frame: the link
 * does not stop, its FIFO holds what comes meanwhile, so the host reads frames at other points and
 * other closes are merged; there the sums of the frames must agree ({@link #heldRingSums}), also
 * where a configuration register is written mid-run ({@link #heldRingConfigured} of them). In every
 * scenario not compared frame by frame (held ring, drops) the accounting must balance since the
 * last CTRL_RESET: {@code LINK_TAGS = tags in the frames after it + dropped_at_input}.
 *
 * <p>Found by this test (2026-12-06) and fixed: the front end reported itself at rest while a
 * LINK_FLUSH was still to be applied (a register write could overtake the held sync), and it
 * merged runs after SYNC_DELAY had been lowered from a positive value while syncs were still
 * pending (a run word takes one queue entry, its members one each): it now merges only while
 * SYNC_DELAY has not been positive since the last reset. And (2026-12-06) the 1-tag imbalance after
 * a CTRL_RESET, once excluded here: a link word that arrived in the very clock the held reset went
 * into the core reached the core after the reset, but pg_link_map's CTRL_RESET also cleared that
 * word's pending LINK_TAGS increment, so LINK_TAGS was its tags short; the reset now clears the
 * counters only. And (2026-12-07) held ring + a configuration register written mid-run (HOLD seed
 * 5011: IN_WINDOW 459 link vs 467 soft), once excluded here: the write went into the core at once,
 * ahead of words still in the front end's FIFO behind a command that waited for the held frame, so
 * the core gated those words with the new configuration; now every core write waits in the front
 * end until the words before it are in the core, and the library puts no tag on the link meanwhile
 * (hw-sim link test config_write_behind_a_held_frame_takes_effect_in_stream_order).
 *
 * <p>Needs {@code libpairgate_link.so} ({@code make -C hw-sim link}); skipped like the rtl tests
 * with {@code -Dpairgate.rtl=skip}.
 */
class LinkVersusSoftTest {
    private static final int SCENARIOS = Integer.getInteger("pairgate.diff.link.scenarios", 80);
    private static final int V2_SCENARIOS = Integer.getInteger("pairgate.diff.link.v2scenarios", 20);
    private static PgMap.FrameLayout layout;
    /**
     * Frame ring of both engines: large, so that the host holds the frozen bank only in scenarios
     * with hundreds of frames (FRAME_TRIALS 1 or 2); a command waiting behind it there is the case
     * the class comment describes.
     */
    private static final int RING = 512;
    /** Scenarios whose frame sums were compared under a held ring (printed at the end). */
    private static int heldRingCompared;
    /** Of those, the scenarios that write a configuration register (not CTRL) mid-run. */
    private static int heldRingConfigured;
    /** Register writes refused over all scenarios: withdrawn from the bus, and refused by the library before it. */
    private static long busRefusals;
    private static long libraryRefusals;

    @AfterAll
    static void report() {
        System.out.println("LinkVersusSoftTest: " + heldRingCompared + " held-ring scenarios compared by their sums, "
            + heldRingConfigured + " of them with a configuration write mid-run; register writes refused: " + busRefusals
            + " on the bus (LINK_WRITES_REFUSED), " + libraryRefusals + " by the library before it");
    }

    @BeforeEach
    void library() {
        if (!LinkDevice.isAvailable()) {
            if ("skip".equals(RtlSupport.mode())) {
                org.junit.jupiter.api.Assumptions.abort("link engine skipped: " + LinkDevice.unavailableReason());
            }
            org.junit.jupiter.api.Assertions.fail("the link engine is required (pairgate.rtl=" + RtlSupport.mode()
                + ") but unavailable: " + LinkDevice.unavailableReason());
        }
        if (layout == null) {
            try (LinkDevice d = new LinkDevice(2, 16)) {
                layout = d.layout();
            }
        }
    }

    /** Compares one scenario; returns the tags the link dropped (0: the frames were compared). */
    private static long compare(final Scenario s) {
        final Scenario.Result link;
        final long dropped;
        final long linkTags;
        try (LinkDevice dev = new LinkDevice(RING, s.recordCapacity)) {
            dev.pace(1);
            link = s.run(dev);
            dropped = dev.droppedAtInput();
            linkTags = dev.readRegister(PgMap.REG_LINK_TAGS);
            assertEquals(0, dev.readRegister(PgMap.REG_LINK_UNMAPPED), "every file channel has a link channel: " + s);
            // every register write the link refused reached the scenario as ESTATE (and was retried),
            // and every one is counted exactly once: withdrawn from the bus (stalled while another
            // was held: LINK_WRITES_REFUSED) or refused by the library before it (a CTRL command
            // while the core's own waits). Until 2026-12-07 the second kind was counted nowhere (<=)
            assertEquals(link.refusedCommands(), dev.writesRefused(), "ESTATE refusals against the count the device reports"
                + " (LINK_WRITES_REFUSED " + dev.writesRefusedOnBus() + " + library " + dev.writesRefusedByLibrary() + "): " + s);
            busRefusals += dev.writesRefusedOnBus();
            libraryRefusals += dev.writesRefusedByLibrary();
        }
        final Singles twin = new Singles(new SoftDevice(layout.windows, layout.detectors, layout.maxDn, layout.bins,
            RING, s.recordCapacity));
        final Scenario.Result soft = s.run(twin);
        if (dropped == 0 && !twin.split && soft.shortPushes() == 0 && link.shortPushes() == 0) {
            FrameDiff.assertSame("link and soft differ for " + s, layout, "link", link.frames(), "soft", soft.frames());
        } else {
            // not frame by frame (drops, or a command that stopped soft's input): every tag the link
            // received since its last reset is in a frame since that reset or dropped at the input
            final FrameSum linkLast = lastSegment(link.frames());
            assertEquals(linkTags, linkLast.tagsIn() + dropped, "link accounting since the last reset for " + s);
            if (dropped == 0 && !twin.split) {
                if (configuresMidRun(s)) {
                    heldRingConfigured++;
                }
                heldRingSums(s, link.frames(), soft.frames());
            }
        }
        return dropped > 0 || twin.split || soft.shortPushes() > 0 || link.shortPushes() > 0 ? Math.max(1, dropped) : 0;
    }

    /**
     * A command waited behind the frame the host held (soft's push returned short; the link kept
     * taking tags into its FIFO and dropped none): both engines applied every command at the same
     * tag, but the host read its frames at other points of the stream, so the ring was full at other
     * closes and other closes were merged. Frames add up exactly whatever the merges, so the sums
     * agree: the whole run's after the last CTRL_RESET (the final close and drain emit everything),
     * and every earlier reset segment in which neither engine merged (a close merged in one engine
     * just before a reset is discarded there and emitted in the other).
     */
    private static void heldRingSums(final Scenario s, final List<long[]> link, final List<long[]> soft) {
        final List<FrameSum> ls = segments(link);
        final List<FrameSum> ss = segments(soft);
        assertSums("the frames after the last reset", s, ls.get(ls.size() - 1), ss.get(ss.size() - 1));
        if (ls.size() == ss.size()) {
            for (int i = 0; i < ls.size() - 1; i++) {
                if (ls.get(i).merges() == 0 && ss.get(i).merges() == 0) {
                    assertSums("reset segment " + i, s, ls.get(i), ss.get(i));
                }
            }
        }
        heldRingCompared++;
    }

    private static void assertSums(final String what, final Scenario s, final FrameSum link, final FrameSum soft) {
        final long[] a = link.toArray();
        final long[] b = soft.toArray();
        a[layout.offMerges] = 0;
        b[layout.offMerges] = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                org.junit.jupiter.api.Assertions.fail("held ring: the sums of " + what + " differ at word " + i + " (link "
                    + a[i] + ", soft " + b[i] + ", " + link.frames() + " / " + soft.frames() + " frames, merges "
                    + link.merges() + " / " + soft.merges() + ") for " + s);
            }
        }
    }

    /** Whether the scenario writes a configuration register (not CTRL) in the middle of the stream. */
    private static boolean configuresMidRun(final Scenario s) {
        for (final long[] ev : s.events) {
            if (ev[1] != PgMap.REG_CTRL) {
                return true;
            }
        }
        return false;
    }

    /** The frames split where SEQ restarts at 0 (a CTRL_RESET), each part summed (and validated). */
    private static List<FrameSum> segments(final List<long[]> frames) {
        final List<FrameSum> out = new ArrayList<>();
        FrameSum cur = null;
        for (final long[] f : frames) {
            if (cur == null || f[layout.offSeq] == 0) {
                cur = new FrameSum(layout);
                out.add(cur);
            }
            cur.add(f);
        }
        if (out.isEmpty()) {
            out.add(new FrameSum(layout));
        }
        return out;
    }

    private static FrameSum lastSegment(final List<long[]> frames) {
        final List<FrameSum> all = segments(frames);
        return all.get(all.size() - 1);
    }

    /**
     * The soft model fed what the link carries: a tag word of count k is k tags (the link has no
     * counts; the library puts k tags of the word's time on it). A push the model accepts only in
     * part inside a word (a command waits) marks the run {@link #split}: not comparable.
     */
    private static final class Singles implements Device {
        private final SoftDevice soft;
        private final TagBatch one = new TagBatch(4096);
        boolean split;

        Singles(final SoftDevice soft) {
            this.soft = soft;
        }

        @Override public String engine() { return "soft (single tags)"; }
        @Override public PgMap.FrameLayout layout() { return soft.layout(); }
        @Override public long readRegister(final int address) { return soft.readRegister(address); }
        @Override public void writeRegister(final int address, final long value) { soft.writeRegister(address, value); }
        @Override public int framesPending() { return soft.framesPending(); }
        @Override public int readFrame(final long[] dst) { return soft.readFrame(dst); }
        @Override public void releaseFrame() { soft.releaseFrame(); }
        @Override public int recordsPending() { return soft.recordsPending(); }
        @Override public int readRecords(final long[] dst) { return soft.readRecords(dst); }
        @Override public void close() { soft.close(); }

        @Override
        public int push(final TagBatch batch, final int offset, final int count) {
            for (int i = 0; i < count; i++) {
                long left = batch.count(offset + i);
                while (left > 0) {
                    one.clear();
                    final int n = (int) Math.min(left, 4096);
                    for (int k = 0; k < n; k++) {
                        one.add(batch.time(offset + i), batch.channel(offset + i));
                    }
                    final int got = soft.push(one, 0, n);
                    left -= got;
                    if (got < n) {
                        if (left != batch.count(offset + i)) {
                            split = true;
                        }
                        return i;
                    }
                }
            }
            return count;
        }
    }

    @Test
    void classicScenariosGiveTheSoftFrames() {
        int exact = 0;
        int compared = 0;
        for (int i = 0; i < SCENARIOS; i++) {
            final Scenario s = Scenario.random(1000 + i, layout.windows, layout.detectors);
            compared++;
            if (compare(s) == 0) {
                exact++;
            }
        }
        assertTrue(compared >= SCENARIOS / 3, compared + " of " + SCENARIOS + " scenarios compared");
        assertTrue(exact >= compared * 9 / 10, exact + " of " + compared + " scenarios without drops");
    }

    /**
     * The scenario that found the configuration-write defect (HOLD seed 5011: SYNC_DELAY written
     * mid-run while the host holds the ring; IN_WINDOW 459 link vs 467 soft before the fix) is
     * compared by its sums, not skipped.
     */
    @Test
    void configurationWriteBehindAHeldRingGivesTheSoftSums() {
        final Scenario s = Scenario.of(Scenario.Family.HOLD, 5011, layout.windows, layout.detectors, true, false);
        assertTrue(configuresMidRun(s), "HOLD 5011 writes a configuration register mid-run: " + s);
        final int compared = heldRingCompared;
        final int configured = heldRingConfigured;
        compare(s);
        assertEquals(compared + 1, heldRingCompared, "compared by its sums: " + s);
        assertEquals(configured + 1, heldRingConfigured, "with its configuration write: " + s);
    }

    @ParameterizedTest
    @EnumSource(Scenario.Family.class)
    void v2FamiliesGiveTheSoftFrames(final Scenario.Family family) {
        int exact = 0;
        for (int i = 0; i < V2_SCENARIOS; i++) {
            if (compare(Scenario.of(family, 5000 + i, layout.windows, layout.detectors, true, false)) == 0) {
                exact++;
            }
        }
        assertTrue(exact >= V2_SCENARIOS / 2, family + ": " + exact + " of " + V2_SCENARIOS + " scenarios without drops");
    }
}
