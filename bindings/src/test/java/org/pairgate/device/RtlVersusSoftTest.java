package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The differential test: the Verilated firmware ({@code rtl}) and the Java model ({@code soft}) of
 * the same shape produce identical frame sequences, word for word, for random workloads (see
 * {@link Scenario}, classic and the frame format 2 families). A mismatch names the scenario (seed
 * and configuration), the frame, the field and both values. {@code -Dpairgate.diff.scenarios=N}
 * runs more or fewer classic ones (default 200), {@code -Dpairgate.diff.v2scenarios=N} per v2 family (default 60).
 *
 * <p>Needs {@code libpairgate_rtl.so}: fails when it is missing unless {@code -Dpairgate.rtl=skip}.
 */
class RtlVersusSoftTest {
    private static final int SCENARIOS = Integer.getInteger("pairgate.diff.scenarios", 200);
    private static final int V2_SCENARIOS = Integer.getInteger("pairgate.diff.v2scenarios", 60);
    private static PgMap.FrameLayout layout;

    @BeforeEach
    void library() {
        RtlSupport.requireLibrary(); // per test, so that -Dpairgate.rtl=skip reports each one as skipped
        if (layout == null) {
            try (RtlDevice d = new RtlDevice(2)) {
                layout = d.layout();
            }
        }
    }

    private static SoftDevice softTwin(final int ringFrames) {
        return new SoftDevice(layout.windows, layout.detectors, layout.maxDn, layout.bins, ringFrames);
    }

    private static SoftDevice softTwin(final int ringFrames, final int recordCapacity) {
        return new SoftDevice(layout.windows, layout.detectors, layout.maxDn, layout.bins, ringFrames, recordCapacity);
    }

    @Test
    void rtlHasTheDefaultShape() {
        assertEquals(new PgMap.FrameLayout(Devices.DEFAULT_WINDOWS, Devices.DEFAULT_DETECTORS, Devices.DEFAULT_MAX_DN,
            Devices.DEFAULT_BINS).shapeWord(), layout.shapeWord());
    }

    /** Totals over the scenarios of one test, and the scenarios whose pushes accepted different counts. */
    private static final class Tally {
        int scenarios;
        int frames;
        int refused;
        int events;
        long pushes;
        int shortPushes;
        long merges;
        long dropped;
        long runs;
        long records;
        long recordsDropped;
        final List<String> pushDifferences = new ArrayList<>();

        void compare(final Scenario s) {
            final Scenario.Result rtl;
            try (RtlDevice dev = new RtlDevice(s.ringFrames, s.recordCapacity)) {
                rtl = s.run(dev);
                // every ESTATE refusal is counted by the library (the bare core has no bus counter)
                assertEquals(rtl.refusedCommands(), dev.writesRefused(), "refusals against pg_writes_refused_by_library, " + s);
            }
            final Scenario.Result soft = s.run(softTwin(s.ringFrames, s.recordCapacity));
            FrameDiff.assertSame("rtl and soft differ for " + s + ", ring " + s.ringFrames + ", batches up to " + s.maxBatch
                + (s.holds.isEmpty() ? "" : ", no releases in stream ranges " + ranges(s.holds)),
                layout, "rtl", rtl.frames(), "soft", soft.frames());
            assertEquals(String.join("\n", soft.registersAtEvents()), String.join("\n", rtl.registersAtEvents()),
                "registers after each event (expected: soft, actual: rtl), " + s);
            assertEquals(soft.refusedCommands(), rtl.refusedCommands(), "CTRL writes refused behind a waiting frame, " + s);
            RecordDiff.assertSame("rtl and soft records differ for " + s + ", record ring " + s.recordCapacity,
                "rtl", rtl.records(), "soft", soft.records());
            records += rtl.records().size();
            if (s.records) {
                // the last trace line holds RECORDS_DROPPED at the end
                final String end = rtl.registersAtEvents().get(rtl.registersAtEvents().size() - 1);
                final int at = end.indexOf("RECORDS_DROPPED ") + "RECORDS_DROPPED ".length();
                recordsDropped += Long.parseLong(end.substring(at, end.indexOf(',', at)));
            }
            scenarios++;
            refused += rtl.refusedCommands();
            events += s.events.size();
            pushes += rtl.pushes().size();
            shortPushes += rtl.shortPushes();
            if (!rtl.pushes().equals(soft.pushes())) {
                pushDifferences.add(firstDifference(s, rtl.pushes(), soft.pushes()));
            }
            frames += rtl.frames().size();
            for (final long[] f : rtl.frames()) {
                merges += f[layout.offMerges];
                dropped += f[layout.offSyncDropped];
            }
            for (int i = 0; i < s.tags.size(); i++) {
                runs += s.tags.count(i) > 1 ? 1 : 0;
            }
        }

        void report(final String what) {
            System.out.printf("rtl vs soft, %s: %d scenarios, %d frames identical, %d pushes (%d cut short),"
                + " %d CTRL/register events, %d CTRL writes refused behind a waiting frame, %d merges, %d syncs dropped,"
                + " %d words of count > 1, %d trial records identical (%d dropped)%n", what, scenarios, frames, pushes, shortPushes,
                events, refused, merges, dropped, runs, records, recordsDropped);
            assertTrue(frames > scenarios, "frames compared: " + frames);
            if (!pushDifferences.isEmpty()) {
                fail("frames agree, but push() accepted different counts (backpressure point) in " + pushDifferences.size()
                    + " scenarios:\n" + String.join("\n", pushDifferences));
            }
        }
    }

    private static String ranges(final List<int[]> holds) {
        final StringBuilder b = new StringBuilder();
        for (final int[] h : holds) {
            b.append(b.length() == 0 ? "" : ", ").append('[').append(h[0]).append(", ").append(h[1]).append(')');
        }
        return b.toString();
    }

    @Test
    void sameFramesForRandomScenarios() {
        final Tally t = new Tally();
        for (int seed = 0; seed < SCENARIOS; seed++) {
            t.compare(Scenario.random(seed, layout.windows, layout.detectors));
        }
        t.report("classic workloads");
        assertTrue(t.records > 1000 && t.recordsDropped > 0, "records compared " + t.records + ", dropped " + t.recordsDropped);
    }

    /**
     * Frame format 2: run words (counts 1..50), positive SYNC_DELAY (T − a, and longer than the
     * trigger period), a full sync queue, and phases in which the host releases nothing (merges).
     * {@code -Dpairgate.diff.v2scenarios=N} per family (default 60).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Scenario.Family.class)
    void sameFramesForVersion2Scenarios(final Scenario.Family family) {
        final Tally t = new Tally();
        for (int seed = 0; seed < V2_SCENARIOS; seed++) {
            t.compare(Scenario.of(family, seed, layout.windows, layout.detectors, true, false));
        }
        t.report(family + " workloads");
        assertTrue(t.records > 0, "trial records compared: " + t.records);
        switch (family) {
            case RUNS -> assertTrue(t.runs > V2_SCENARIOS, "run words: " + t.runs);
            case OVERFLOW -> assertTrue(t.dropped > 0, "syncs dropped: " + t.dropped);
            case HOLD -> assertTrue(t.merges > 0, "merges: " + t.merges);
            default -> { }
        }
    }

    /** Sync runs of 10^5..10^6 (FRAME_TRIALS 0 or at least 10^5): O(K) clocks per run in the firmware. */
    @Test
    void sameFramesForLongSyncRuns() {
        final Tally t = new Tally();
        for (int seed = 0; seed < Math.max(4, V2_SCENARIOS / 6); seed++) {
            t.compare(Scenario.of(seed % 2 == 0 ? Scenario.Family.RUNS : Scenario.Family.HOLD, seed, layout.windows,
                layout.detectors, true, true));
        }
        t.report("long sync runs");
    }

    /** The largest count, crossing frame boundaries while the ring is full: 4 frames, one merge. */
    @Test
    void sameFramesForTheLargestRun() {
        final TagBatch b = new TagBatch(4);
        b.add(0, 0);
        b.add(5, 1);
        b.add(100, 0, TagBatch.MAX_COUNT);
        b.add(200, 1);
        final List<List<long[]>> out = new ArrayList<>();
        final List<String> registers = new ArrayList<>();
        for (final Device d : new Device[] {new RtlDevice(2), softTwin(2)}) {
            try (Rig r = new Rig(d)) {
                d.writeRegister(PgMap.REG_DET_CHANNEL, 1);
                d.writeRegister(PgMap.REG_WIN_LENGTH, 10);
                d.writeRegister(PgMap.REG_FRAME_TRIALS, 1_000_000_000L);
                assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertEquals(b.size(), d.push(b, 0, b.size())),
                    d.engine() + ": a run of 2^32 - 1 syncs must cost O(K + frames), not O(count)");
                registers.add("TRIALS " + d.readRegister(PgMap.REG_TRIALS) + ", FRAMES " + d.readRegister(PgMap.REG_FRAMES)
                    + ", MERGES " + d.readRegister(PgMap.REG_MERGES) + ", STATUS " + d.readRegister(PgMap.REG_STATUS));
                r.drain();
                d.requestFrameClose();
                r.drain();
                out.add(r.frames);
            }
        }
        assertEquals(registers.get(1), registers.get(0), "registers after the run (expected: soft, actual: rtl)");
        assertEquals(4, out.get(1).size(), "frames 0, 1, 2 (held, then released) and the host-closed frame 3 with one merge");
        FrameDiff.assertSame("a run of 2^32 - 1 syncs", layout, "rtl", out.get(0), "soft", out.get(1));
    }

    @Test
    void bothRefuseACountOfZero() {
        final TagBatch b = new TagBatch(2);
        b.add(0, 0);
        b.add(1, 0);
        b.countsBuffer().putInt(Integer.BYTES, 0);
        for (final Device d : new Device[] {new RtlDevice(2), softTwin(2)}) {
            try (d) {
                assertEquals(DeviceException.EINVAL, assertThrows(DeviceException.class, () -> d.push(b, 0, 2)).code(), d.engine());
            }
        }
    }

    private static String firstDifference(final Scenario s, final List<Integer> rtl, final List<Integer> soft) {
        for (int i = 0; i < Math.min(rtl.size(), soft.size()); i++) {
            if (!rtl.get(i).equals(soft.get(i))) {
                return "  seed " + s.seed + ": push #" + i + " accepted rtl=" + rtl.get(i) + ", soft=" + soft.get(i);
            }
        }
        return "  seed " + s.seed + ": rtl made " + rtl.size() + " pushes, soft " + soft.size();
    }

    @Test
    void sameFramesForChannel255WithDefaultDetectorRegisters() {
        // DET_CHANNEL defaults to 0xFF ("none"): does a tag on channel 255 count as detector 0?
        final TagBatch b = new TagBatch(16);
        b.add(0, 0);
        b.add(1, 255);
        b.add(2, 7);
        b.add(10, 0);
        final List<List<long[]>> out = new ArrayList<>();
        for (final Device d : new Device[] {new RtlDevice(2), softTwin(2)}) {
            try (Rig r = new Rig(d)) {
                assertEquals(b.size(), d.push(b, 0, b.size()));
                d.requestFrameClose();
                r.drain();
                out.add(r.frames);
            }
        }
        FrameDiff.assertSame("channel 255 with DET_CHANNEL at its default 0xFF", layout, "rtl", out.get(0), "soft", out.get(1));
    }

    @Test
    void sameRegisterFile() {
        final List<String> diffs = new ArrayList<>();
        try (RtlDevice rtl = new RtlDevice(2)) {
            final SoftDevice soft = softTwin(2);
            final int[] addresses = new int[0x42];
            for (int i = 0; i < 0x40; i++) {
                addresses[i] = i;
            }
            addresses[0x40] = 0x41;
            addresses[0x41] = 0x1000;
            compareReads("defaults", rtl, soft, addresses, diffs);
            // LANES is the one register that tells builds apart: the library packs up to LANES
            // tags per clock, the model reads one tag at a time; neither changes a count
            final long lanes = rtl.readRegister(PgMap.REG_LANES);
            if (lanes != 1 && lanes != 2 && lanes != 4) {
                diffs.add("rtl LANES = " + lanes);
            }
            if (soft.readRegister(PgMap.REG_LANES) != 1) {
                diffs.add("soft LANES = " + soft.readRegister(PgMap.REG_LANES));
            }
            final long[] values = {-1, 0x1FF, 1L << 40, 0x1_0000_0005L, -123_456_789_012L, 0};
            for (final int a : addresses) {
                if (a == PgMap.REG_CTRL) {
                    continue;
                }
                for (final long v : values) {
                    final String w1 = outcome(() -> {
                        rtl.writeRegister(a, v);
                        return 0L;
                    });
                    final String w2 = outcome(() -> {
                        soft.writeRegister(a, v);
                        return 0L;
                    });
                    if (!w1.equals(w2)) {
                        diffs.add(String.format("write 0x%02x <- 0x%x: rtl %s, soft %s", a, v, w1, w2));
                    }
                    compareReads(String.format("after writing 0x%x to 0x%02x", v, a), rtl, soft, new int[] {a}, diffs);
                }
            }
            // a frame held in the frozen bank by a full ring (v2: the input keeps flowing, closes merge):
            // push, STATUS, FRAMES, TRIALS, MERGES
            for (final Device d : new Device[] {rtl, soft}) {
                d.writeRegister(PgMap.REG_SYNC_CHANNEL, 0);
                d.writeRegister(PgMap.REG_FRAME_TRIALS, 1);
                d.reset();
            }
            final TagBatch b = new TagBatch(8);
            for (int i = 0; i < 6; i++) {
                b.add(100L * i, 0);
            }
            final int pr = rtl.push(b, 0, b.size());
            final int ps = soft.push(b, 0, b.size());
            if (pr != ps) {
                diffs.add("push of 6 syncs with FRAME_TRIALS 1 and a ring of 2: rtl accepted " + pr + ", soft " + ps);
            }
            compareReads("with a frame waiting", rtl, soft,
                new int[] {PgMap.REG_STATUS, PgMap.REG_FRAMES, PgMap.REG_TRIALS, PgMap.REG_MERGES, PgMap.REG_SYNC_PENDING}, diffs);
            if (rtl.framesPending() != soft.framesPending()) {
                diffs.add("framesPending with a frame waiting: rtl " + rtl.framesPending() + ", soft " + soft.framesPending());
            }
            // a host close waits behind the frozen frame, and push accepts nothing meanwhile
            final TagBatch more = new TagBatch(2);
            more.add(1000, 0);
            for (final Device d : new Device[] {rtl, soft}) {
                d.requestFrameClose();
            }
            final int wr = rtl.push(more, 0, 1);
            final int ws = soft.push(more, 0, 1);
            if (wr != ws) {
                diffs.add("push while a host close waits: rtl accepted " + wr + ", soft " + ws);
            }
            final String er = outcome(() -> {
                rtl.reset();
                return 0L;
            });
            final String es = outcome(() -> {
                soft.reset();
                return 0L;
            });
            if (!er.equals(es)) {
                diffs.add("a second CTRL command while one waits: rtl " + er + ", soft " + es);
            }
            // pending syncs of a positive SYNC_DELAY
            for (final Device d : new Device[] {rtl, soft}) {
                while (d.framesPending() > 0) {
                    d.releaseFrame();
                }
                d.reset();
                d.writeRegister(PgMap.REG_SYNC_DELAY, 1000);
            }
            final TagBatch syncs = new TagBatch(20);
            for (int i = 0; i < 20; i++) {
                syncs.add(10L * i, 0, 1 + i % 3);
            }
            final int sr = rtl.push(syncs, 0, syncs.size());
            final int ss = soft.push(syncs, 0, syncs.size());
            if (sr != ss) {
                diffs.add("push of 20 delayed sync words: rtl accepted " + sr + ", soft " + ss);
            }
            compareReads("with 16 sync words pending and 4 dropped", rtl, soft,
                new int[] {PgMap.REG_SYNC_PENDING, PgMap.REG_TRIALS, PgMap.REG_STATUS}, diffs);
        }
        if (!diffs.isEmpty()) {
            fail("register file differs:\n  " + String.join("\n  ", diffs));
        }
    }

    private interface Call {
        long call();
    }

    private static String outcome(final Call c) {
        try {
            return "0x" + Long.toHexString(c.call());
        } catch (final DeviceException e) {
            return DeviceException.codeName(e.code());
        }
    }

    private static void compareReads(final String when, final Device rtl, final Device soft, final int[] addresses,
                                     final List<String> diffs) {
        for (final int a : addresses) {
            final String r = outcome(() -> rtl.readRegister(a));
            final String s = outcome(() -> soft.readRegister(a));
            if (!r.equals(s)) {
                diffs.add(String.format("%s: read 0x%02x: rtl %s, soft %s", when, a, r, s));
            }
        }
    }
}
