package org.pairgate.host.analysis;

import org.pairgate.device.Device;
import org.pairgate.device.DeviceException;
import org.pairgate.device.Devices;
import org.pairgate.device.PgMap;

/**
 * The engines of {@link Devices} as a {@link DeviceFactory}, with their refusals turned into
 * {@link AnalysisException}s whose message a user can act on.
 *
 * <p>The rtl core is opened whatever its shape, and {@link Analysis} then checks the
 * configuration against it, so that a mismatch is reported in terms of the command line
 * (windows, detectors, --max-dn, --bin) rather than as a shape.
 */
public final class Engines implements DeviceFactory {
    /** Frame ring slots: the host drains after every push, so the default ring is plenty. */
    public static final int RING_FRAMES = Devices.DEFAULT_RING_FRAMES;

    public static final Engines INSTANCE = new Engines();

    private Engines() {
    }

    @Override
    public Device open(final String engine, final PgMap.FrameLayout wanted) {
        return open(engine, wanted, Devices.DEFAULT_RECORD_CAPACITY);
    }

    @Override
    public Device open(final String engine, final PgMap.FrameLayout wanted, final int recordCapacity) {
        try {
            if (Devices.RTL.equals(engine) || Devices.LINK.equals(engine)) {
                return Devices.open(engine, 1, 1, 0, 1, RING_FRAMES, recordCapacity);
            }
            return Devices.open(engine, wanted.windows, wanted.detectors, wanted.maxDn, wanted.bins, RING_FRAMES, recordCapacity);
        } catch (final IllegalArgumentException | DeviceException e) {
            throw new AnalysisException("engine " + engine + ": " + e.getMessage(), e);
        }
    }
}
