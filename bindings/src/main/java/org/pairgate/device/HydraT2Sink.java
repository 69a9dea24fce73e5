package org.pairgate.device;

/**
 * Takes raw HydraHarp-family T2 records straight from a reader's chunk buffer (the fused
 * decode-and-gate path, {@link FastSoftDevice#pushHydraHarpT2}): no tag batch in between.
 */
public interface HydraT2Sink {
    /**
     * Consumes {@code records} little-endian 32-bit records at native {@code address}, decoding
     * with and into {@code state}; returns how many it consumed (all, or 0 when it cannot take any
     * now).
     */
    int pushHydraHarpT2(long address, int records, HydraT2State state);
}
