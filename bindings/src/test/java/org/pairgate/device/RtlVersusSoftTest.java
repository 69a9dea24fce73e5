package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The differential test: the Verilated firmware ({@code rtl}) and the Java model ({@code soft}) of
 * the same shape produce identical frame sequences, word for word, for random workloads (see
 * {@link Scenario}). A mismatch names the scenario (seed and configuration), the frame, the field
 * and both values. {@code -Dpairgate.diff.scenarios=N} runs more or fewer (default 200).
 *
 * <p>Needs {@code libpairgate_rtl.so}: fails when it is missing unless {@code -Dpairgate.rtl=skip}.
 */
class RtlVersusSoftTest {
    private static final int SCENARIOS = Integer.getInteger("pairgate.diff.scenarios", 200);
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

    @Test
    void rtlHasTheDefaultShape() {
        assertEquals(new PgMap.FrameLayout(Devices.DEFAULT_WINDOWS, Devices.DEFAULT_DETECTORS, Devices.DEFAULT_MAX_DN,
            Devices.DEFAULT_BINS).shapeWord(), layout.shapeWord());
    }

    @Test
    void sameFramesForRandomScenarios() {
        int frames = 0;
        int refused = 0;
        int events = 0;
        long pushes = 0;
        int shortPushes = 0;
        final List<String> pushDifferences = new ArrayList<>();
        for (int seed = 0; seed < SCENARIOS; seed++) {
            final Scenario s = Scenario.random(seed, layout.windows, layout.detectors);
            final Scenario.Result rtl;
            try (RtlDevice dev = new RtlDevice(s.ringFrames)) {
                rtl = s.run(dev);
            }
            final Scenario.Result soft = s.run(softTwin(s.ringFrames));
            FrameDiff.assertSame("rtl and soft differ for " + s + ", ring " + s.ringFrames + ", batches up to " + s.maxBatch,
                layout, "rtl", rtl.frames(), "soft", soft.frames());
            assertEquals(String.join("\n", soft.registersAtEvents()), String.join("\n", rtl.registersAtEvents()),
                "registers after each event (expected: soft, actual: rtl), " + s);
            assertEquals(soft.refusedCommands(), rtl.refusedCommands(), "CTRL writes refused behind a waiting frame, " + s);
            refused += rtl.refusedCommands();
            events += s.events.size();
            pushes += rtl.pushes().size();
            shortPushes += rtl.shortPushes();
            if (!rtl.pushes().equals(soft.pushes())) {
                pushDifferences.add(firstDifference(s, rtl.pushes(), soft.pushes()));
            }
            frames += rtl.frames().size();
        }
        System.out.printf("rtl vs soft: %d scenarios, %d frames identical, %d pushes (%d cut short by a full ring),"
            + " %d CTRL/FRAME_TRIALS events, %d CTRL writes refused behind a waiting frame%n",
            SCENARIOS, frames, pushes, shortPushes, events, refused);
        assertTrue(frames > SCENARIOS, "frames compared: " + frames);
        if (!pushDifferences.isEmpty()) {
            fail("frames agree, but push() accepted different counts (backpressure point) in " + pushDifferences.size()
                + " scenarios:\n" + String.join("\n", pushDifferences));
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
            addresses[0x40] = 0x40;
            addresses[0x41] = 0x1000;
            compareReads("defaults", rtl, soft, addresses, diffs);
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
            // a frame waiting behind a full ring: push, STATUS, FRAMES, TRIALS
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
                new int[] {PgMap.REG_STATUS, PgMap.REG_FRAMES, PgMap.REG_TRIALS}, diffs);
            if (rtl.framesPending() != soft.framesPending()) {
                diffs.add("framesPending with a frame waiting: rtl " + rtl.framesPending() + ", soft " + soft.framesPending());
            }
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
