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

    /** The channel of a tag record by its top 7 bits (special bit and channel, 0..64): input c -> c + 1, the sync -> 0. */
    public static int channelOfTop(final int top) {
        return top == 64 ? 0 : top + 1;
    }

    /**
     * Adds records counted per top-7-bit value (special bit and channel, 128 entries, as a fused
     * kernel counts them: one increment per record) to this state's counts, and zeroes them:
     * tags per channel, overflow records, markers and undefined specials. The overflow periods and
     * the time base are the kernel's to move.
     */
    public void addRecordCounts(final long[] perTop) {
        for (int top = 0; top < 128; top++) {
            final long k = perTop[top];
            if (k == 0) {
                continue;
            }
            perTop[top] = 0;
            if (top <= 64) {
                tags[channelOfTop(top)] += k;
            } else if (top == 127) {
                overflows += k;
            } else if ((top & 0x3F) <= 15) {
                markers += k;
            } else {
                reservedSpecials += k;
            }
        }
    }
}
