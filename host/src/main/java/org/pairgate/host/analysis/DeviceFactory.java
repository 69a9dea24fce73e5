package org.pairgate.host.analysis;

import org.pairgate.device.Device;
import org.pairgate.device.PgMap;

/**
 * Opens the core an analysis runs on. The soft engine takes the shape the analysis asks for; a
 * fixed-shape engine (rtl) ignores it and the analysis checks the configuration against the
 * shape the device reports.
 */
@FunctionalInterface
public interface DeviceFactory {
    /**
     * @param engine "soft" or "rtl"
     * @param wanted the shape the configuration needs (W, D, K, B)
     */
    Device open(String engine, PgMap.FrameLayout wanted);

    /**
     * As {@link #open(String, PgMap.FrameLayout)}, with a trial-record ring of {@code recordCapacity}
     * records; a factory without record rings opens the default one.
     */
    default Device open(final String engine, final PgMap.FrameLayout wanted, final int recordCapacity) {
        return open(engine, wanted);
    }
}
