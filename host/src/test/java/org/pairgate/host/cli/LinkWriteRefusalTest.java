package org.pairgate.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.pairgate.device.Device;
import org.pairgate.device.DeviceException;
import org.pairgate.device.LinkDevice;
import org.pairgate.device.PgMap;
import org.pairgate.device.TagBatch;
import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisException;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.analysis.Engines;
import org.pairgate.host.io.PeriodicTrials;
import org.pairgate.host.io.TagSource;

/**
 * A register write the link device refuses, seen from Java through the real Verilated library
 * (libpairgate_link.so by JNA, as LinkEngineTest and LinkVersusSoftTest use it): both kinds of
 * refusal (fpga/README.md "Link front end", hw-sim/include/pairgate.h pg_reg_write) reach the
 * caller as a {@link DeviceException} of code ESTATE whose message is one line naming PG_ESTATE
 * and the reason (the CLI prints it as one "pairgate: device: ..." line), each is counted exactly
 * once in {@link LinkDevice#writesRefused()}, and an analysis on a device whose count is not 0
 * fails with an {@link AnalysisException} that says how many and where, while the same analysis
 * on a fresh device passes (so the failure is the count's, not the setup's).
 */
class LinkWriteRefusalTest {
    private static void requireLink() {
        if (!LinkDevice.isAvailable()) {
            Assumptions.assumeTrue(!"skip".equals(System.getProperty("pairgate.rtl", "require")), "link engine skipped");
            org.junit.jupiter.api.Assertions.fail("the link engine is unavailable: " + LinkDevice.unavailableReason());
        }
    }

    /** The CLI's error output for {@code e}: exactly one line, no stack trace (CliRun.oneErrorLine). */
    private static String cliLine(final Exception e) {
        final StringWriter w = new StringWriter();
        final int exit = CommandFailure.report(new PrintWriter(w), e, false);
        final CliRun run = new CliRun(exit, "", w.toString());
        assertTrue(run.oneErrorLine(), "not one clean error line: " + w);
        assertEquals(PairgateCli.EXIT_INPUT, exit);
        return w.toString().strip();
    }

    private static void assertOneLineEstate(final DeviceException e, final String reason) {
        assertEquals(DeviceException.ESTATE, e.code());
        final String m = e.getMessage();
        assertEquals(1, m.lines().count(), m);
        assertTrue(m.endsWith("(PG_ESTATE)"), m);
        assertTrue(m.contains(reason), m);
        final String line = cliLine(e);
        assertTrue(line.startsWith("pairgate: device: pg_reg_write"), line);
        assertTrue(line.contains("PG_ESTATE") && line.contains("release frames first"), line);
    }

    private static void drainFrames(final Device dev) {
        final long[] frame = new long[dev.layout().frameWords];
        while (dev.framesPending() > 0) {
            assertEquals(frame.length, dev.readFrame(frame));
            dev.releaseFrame();
        }
    }

    /**
     * Opens a link device and makes it refuse writes of both kinds, returning the refusals
     * (their exceptions) in order; the frames are drained afterwards so that the device is usable.
     */
    private static LinkDevice refusingDevice(final List<DeviceException> refusals) {
        final LinkDevice dev = new LinkDevice(Engines.RING_FRAMES, 16);
        try {
            dev.pace(0);
            dev.writeRegister(PgMap.REG_FRAME_TRIALS, 0);  // frames close on CTRL only
            dev.reset();
            final TagBatch a = PeriodicTrials.batch(50, 1_000, 10_000);
            assertEquals(a.size(), dev.push(a, 0, a.size()));
            // RING_FRAMES closes fill the ring, one more the frozen bank, the next waits in the core
            // behind it; a further CTRL command is refused by the library before the bus
            int closes = 0;
            while (true) {
                try {
                    dev.requestFrameClose();
                    closes++;
                } catch (final DeviceException e) {
                    assertOneLineEstate(e, "counted by the library");
                    refusals.add(e);
                    break;
                }
                assertTrue(closes <= Engines.RING_FRAMES + 2, "no close refused after " + closes);
            }
            assertEquals(Engines.RING_FRAMES + 2, closes);
            assertEquals(1, dev.writesRefusedByLibrary());
            assertEquals(0, dev.writesRefusedOnBus());
            // words wait in the FIFO (the core is stopped), a configuration write is held behind
            // them; a second core write is stalled on the bus and withdrawn: the firmware counts it
            final TagBatch b = PeriodicTrials.batch(40, 10_000_000, 10_000);
            assertEquals(b.size(), dev.push(b, 0, b.size()));
            dev.writeRegister(PgMap.REG_WIN_START, 300);
            assertEquals(0, dev.push(b, 0, b.size()), "the link takes no tag while a write is held");
            final DeviceException onBus = assertThrows(DeviceException.class, () -> dev.writeRegister(PgMap.REG_WIN_START + 1, 777));
            assertOneLineEstate(onBus, "counted in LINK_WRITES_REFUSED");
            refusals.add(onBus);
            assertEquals(1, dev.writesRefusedOnBus());
            assertEquals(1, dev.writesRefusedByLibrary());
            drainFrames(dev);
            assertEquals(300, dev.readRegister(PgMap.REG_WIN_START), "the held write went in");
            assertEquals(0, dev.readRegister(PgMap.REG_WIN_START + 1), "the refused write never did");
            dev.reset();
            drainFrames(dev);
            return dev;
        } catch (final RuntimeException | Error e) {
            dev.close();
            throw e;
        }
    }

    @Test
    void everyRefusalIsOneLineAndCountedOnce() {
        requireLink();
        final List<DeviceException> refusals = new ArrayList<>();
        try (LinkDevice dev = refusingDevice(refusals)) {
            assertEquals(2, refusals.size());
            assertEquals(refusals.size(), dev.writesRefused(), "PG_ESTATE refusals and the count the device reports");
        }
    }

    private static AnalysisConfig config() {
        final long period = 1_000_000;
        return new AnalysisConfig(0, new int[] {1, 2}, List.of("a", "b"), new long[] {0, period / 2},
            new long[] {period / 2, period / 2}, Map.of(), 4, 4096, "link", 0);
    }

    private static TagSource source() {
        return PeriodicTrials.source(2_000, 1_000_000);
    }

    @Test
    void analysisFailsOnADeviceThatRefusedAWriteAndPassesOnAFreshOne() throws Exception {
        requireLink();
        // control: the same run on a fresh link device passes, with every trial
        final AnalysisResult fresh = new Analysis(config(), Engines.INSTANCE).run(source());
        assertEquals("link", fresh.engine());
        assertTrue(fresh.statistics().accounting().balanced(), fresh.statistics().accounting().toString());
        final List<DeviceException> refusals = new ArrayList<>();
        final LinkDevice dev = refusingDevice(refusals);
        final AnalysisException e = assertThrows(AnalysisException.class,
            () -> new Analysis(config(), (engine, wanted) -> dev).run(source()));
        assertEquals("the link device refused 2 register writes that no error reported (LINK_WRITES_REFUSED 1, refused by the"
            + " library before the bus 1): a configuration or command was lost", e.getMessage());
        assertTrue(cliLine(e).startsWith("pairgate: the link device refused 2 register writes"));
    }
}
