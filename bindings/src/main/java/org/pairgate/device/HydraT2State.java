package org.pairgate.device;

/**
 * The decoder state of a stream of 32-bit HydraHarp-family T2 records (HydraHarp V1/V2, TimeHarp
 * 260, MultiHarp and the generic type), carried from one chunk to the next: the time base (the
 * overflow periods so far) and the record counts a reader reports. Shared by the file reader
 * ({@code PtuT2Reader}) and the fused decode-and-gate kernel of {@link FastSoftDevice}, so that
 * either may decode the next chunk.
 *
 * <p>Records: bit 31 special, bits 30..25 channel, bits 24..0 timetag. A regular record on input c
 * is a tag on channel c + 1; a special record with channel 0 is the sync (channel 0); channel 63
 * an overflow ({@link #v1}: one period of {@link #V1_WRAP} ticks, later types: the timetag's count
 * of 2^25-tick periods, 0 meaning 1); 1..15 markers; 16..62 undefined, only counted.
 *
 * <p>Not thread-safe: one decoding thread.
 */
public final class HydraT2State {
    /** Ticks per overflow record of HydraHarp V1. */
    public static final long V1_WRAP = 33_552_000L;
    /** Channels a record can yield: 0 (sync) to 64 (input 63). */
    public static final int CHANNELS = 65;

    /** HydraHarp V1 (fixed overflow period) rather than a later type (counted periods of 2^25). */
    public final boolean v1;
    /** Ticks of all overflows so far: a record's time is this plus its timetag. */
    public long timeBase;
    public long overflows;
    public long overflowPeriods;
    public long markers;
    public long reservedSpecials;
    /** Tags per channel decoded by the fused kernel (the reader keeps its own for its decode loop). */
    public final long[] tags = new long[CHANNELS];

    public HydraT2State(final boolean v1) {
        this.v1 = v1;
    }
}
