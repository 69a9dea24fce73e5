package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JNA crossing itself: many small pushes at moving offsets (addresses computed from
 * TagBatch), register round trips, error mapping, independent handles, and the factory.
 */
class RtlCrossingTest {
    @BeforeEach
    void library() {
        RtlSupport.requireLibrary();
    }

    private static void configure(final Device d) {
        d.configure(new GateConfig(0, 0, new int[] {1, 2}, new long[] {0, 3}, new long[] {0, 20},
            new long[] {20, 20}, 1, 7));
    }

    @Test
    void manySmallBatchesGiveTheSameFramesAsSoft() {
        final int n = 60_000;
        final TagBatch b = new TagBatch(n);
        final Random r = new Random(42);
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += r.nextInt(7);
            b.add(t, r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(3));
        }
        try (Rig rtl = new Rig(new RtlDevice(64)); Rig soft = new Rig(new SoftDevice(2, 2, 8, 256, 64))) {
            for (final Rig rig : new Rig[] {rtl, soft}) {
                configure(rig.dev);
                int pos = 0;
                int calls = 0;
                final long t0 = System.nanoTime();
                while (pos < n) {
                    final int size = Math.min(1 + (calls % 3), n - pos);
                    pos += rig.dev.push(b, pos, size);
                    calls++;
                    if (rig.dev.framesPending() > 32) {
                        rig.drain();
                    }
                }
                final long ns = System.nanoTime() - t0;
                rig.dev.requestFrameClose();
                rig.drain();
                System.out.printf("%s: %d pushes of 1-3 tags, %.2f us per push%n", rig.dev.engine(), calls, ns / 1e3 / calls);
            }
            assertTrue(rtl.frames.size() > 100, "frames: " + rtl.frames.size());
            FrameDiff.assertSame("60000 tags in pushes of 1-3", rtl.l, "rtl", rtl.frames, "soft", soft.frames);
            assertEquals(n, rtl.sum().tagsIn());
        }
    }

    @Test
    void registerRoundTrips() {
        try (RtlDevice d = new RtlDevice(2)) {
            final Random r = new Random(7);
            final long t0 = System.nanoTime();
            final int rounds = 20_000;
            for (int i = 0; i < rounds; i++) {
                final long v = r.nextLong();
                final int reg = i % 2 == 0 ? PgMap.REG_SYNC_DELAY : PgMap.REG_WIN_START + 1;
                d.writeRegister(reg, v);
                assertEquals(v, d.readRegister(reg));
            }
            System.out.printf("rtl: %.2f us per register write + read%n", (System.nanoTime() - t0) / 1e3 / rounds);
            // the crossing alone: pg_frames_pending does no simulation work
            int sink = 0;
            final int calls = 1_000_000;
            final long t1 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += d.framesPending();
            }
            System.out.printf("rtl: %.3f us per JNA call (pg_frames_pending)%n", (System.nanoTime() - t1) / 1e3 / calls);
            assertEquals(0, sink);
            assertEquals(PgMap.ID_VALUE, d.readRegister(PgMap.REG_ID));
            assertEquals(d.layout().frameWords, d.readRegister(PgMap.REG_FRAME_WORDS));
        }
    }

    @Test
    void errorsCarryTheLibraryText() {
        final RtlDevice d = new RtlDevice(2);
        final DeviceException unknown = assertThrows(DeviceException.class, () -> d.readRegister(0x1000));
        assertEquals(DeviceException.EINVAL, unknown.code());
        assertTrue(unknown.getMessage().startsWith("pg_reg_read(0x1000): "), unknown.getMessage());
        assertEquals(DeviceException.ESTATE, assertThrows(DeviceException.class, d::releaseFrame).code());
        assertEquals(0, d.readFrame(new long[d.layout().frameWords]));
        d.requestFrameClose();
        assertEquals(1, d.framesPending());
        assertEquals(DeviceException.ESMALL, assertThrows(DeviceException.class, () -> d.readFrame(new long[3])).code());
        d.close();
        d.close(); // idempotent
        assertEquals(DeviceException.ESTATE, assertThrows(DeviceException.class, () -> d.readRegister(PgMap.REG_ID)).code());
    }

    @Test
    void handlesAreIndependent() {
        try (RtlDevice a = new RtlDevice(2); RtlDevice b = new RtlDevice(3)) {
            a.writeRegister(PgMap.REG_SYNC_DELAY, 11);
            b.writeRegister(PgMap.REG_SYNC_DELAY, 22);
            a.requestFrameClose();
            assertEquals(11, a.readRegister(PgMap.REG_SYNC_DELAY));
            assertEquals(22, b.readRegister(PgMap.REG_SYNC_DELAY));
            assertEquals(1, a.framesPending());
            assertEquals(0, b.framesPending());
        }
    }

    @Test
    void factoryOpensBothEngines() {
        try (Device rtl = Devices.open(Devices.RTL, 4); Device soft = Devices.open(Devices.SOFT, 4)) {
            assertEquals("rtl", rtl.engine());
            assertEquals("soft", soft.engine());
            assertEquals(rtl.layout().shapeWord(), soft.layout().shapeWord());
        }
        try (Device rtl = Devices.open(Devices.RTL, 1, 1, 1, 16, 4)) {
            assertEquals(Devices.DEFAULT_BINS, rtl.layout().bins, "rtl keeps its own shape");
        }
        final IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
            () -> Devices.open(Devices.RTL, 3, 2, 8, 256, 4));
        assertTrue(big.getMessage().contains("soft"), big.getMessage());
        assertTrue(RtlDevice.isAvailable());
        assertEquals(null, RtlDevice.unavailableReason());
        assertFalse(RtlDevice.libraryPath().toString().isEmpty());
    }
}
