package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The factory for the soft engine, and the reporting of an rtl engine that cannot load. */
class DevicesTest {
    @Test
    void softTakesTheRequestedShape() {
        try (Device d = Devices.open("soft", 3, 1, 4, 100, 2)) {
            assertEquals("soft", d.engine());
            assertEquals(new PgMap.FrameLayout(3, 1, 4, 100).shapeWord(), d.layout().shapeWord());
            assertEquals(d.layout().shapeWord(), d.readRegister(PgMap.REG_SHAPE));
        }
        try (Device d = Devices.open("soft", 2)) {
            assertEquals(new PgMap.FrameLayout(2, 2, 8, 256).shapeWord(), d.layout().shapeWord());
        }
    }

    @Test
    void unknownEngine() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.open("fpga", 2));
        assertTrue(e.getMessage().contains("soft"), e.getMessage());
    }

    @Test
    void unavailableRtlSaysWhy() {
        if (RtlDevice.isAvailable()) {
            return; // covered by RtlCrossingTest
        }
        final String why = RtlDevice.unavailableReason();
        assertTrue(why.contains(RtlDevice.libraryPath().toString()), why);
        final DeviceException e = assertThrows(DeviceException.class, () -> Devices.open("rtl", 2));
        assertEquals(DeviceException.EOPEN, e.code());
        assertTrue(e.getMessage().contains("verilator"), e.getMessage());
    }
}
