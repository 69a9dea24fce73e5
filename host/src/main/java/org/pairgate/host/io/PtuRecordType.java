package org.pairgate.host.io;

/**
 * The TTTR record types a PTU file names in {@code TTResultFormat_TTTRRecType}, and what each means.
 *
 * <p>The value is a packed code: byte 0 the hardware (3 PicoHarp, 4 HydraHarp, 5 TimeHarp 260 N,
 * 6 TimeHarp 260 P, 7 MultiHarp / generic), byte 1 the mode (2 = T2, 3 = T3), byte 2 the record
 * format and byte 3 a sub-version (1 for HydraHarp V2). All the formats listed here are 32-bit records.
 *
 * <p>Overflow semantics differ between the two HydraHarp-family variants, which is the one thing
 * a decoder must not get wrong: HydraHarp V1 ({@link #HYDRAHARP_V1_T2}) adds a fixed
 * {@link #HYDRAHARP_V1_T2_WRAP} per overflow record, every later type adds
 * {@link #HYDRAHARP_V2_T2_WRAP} times the count held in the timetag field (0 meaning 1).
 *
 * <p>PicoQuant's own documentation lists TimeHarp 260 and MultiHarp T2 as {@code 0x0001020x} in one
 * place and {@code 0x0101020x} in another; its demo readers use {@code 0x0001020x}. Both spellings
 * are accepted here and decoded the same way (counted overflows).
 */
public final class PtuRecordType {
    public static final int PICOHARP_T2 = 0x00010203;
    public static final int PICOHARP_T3 = 0x00010303;
    public static final int HYDRAHARP_V1_T2 = 0x00010204;
    public static final int HYDRAHARP_V1_T3 = 0x00010304;
    public static final int HYDRAHARP_V2_T2 = 0x01010204;
    public static final int HYDRAHARP_V2_T3 = 0x01010304;
    public static final int TIMEHARP_260N_T2 = 0x00010205;
    public static final int TIMEHARP_260N_T3 = 0x00010305;
    public static final int TIMEHARP_260P_T2 = 0x00010206;
    public static final int TIMEHARP_260P_T3 = 0x00010306;
    /** MultiHarp 150/160 and PicoHarp 330: PicoQuant calls it "generic T2". */
    public static final int GENERIC_T2 = 0x00010207;
    public static final int GENERIC_T3 = 0x00010307;

    /** PicoHarp T2: 28-bit timetag, one overflow = this many ticks. */
    public static final long PICOHARP_T2_WRAP = 210_698_240L;
    /** HydraHarp V1 T2: a fixed wrap per overflow record (not a power of two). */
    public static final long HYDRAHARP_V1_T2_WRAP = 33_552_000L;
    /** HydraHarp V2 and later T2: 2^25 ticks per overflow, times the record's count. */
    public static final long HYDRAHARP_V2_T2_WRAP = 1L << 25;

    /**
     * pairgate's own code for the records of legacy TimeHarp 200 {@code .t3r} files (hardware byte
     * 2, T3). It never appears in a PTU file; {@link LegacyHeaders} gives it to {@link PtuT3Reader}.
     */
    public static final int TIMEHARP200_T3 = 0x00010302;

    /** T3 PicoHarp: one overflow = 2^16 syncs. HydraHarp family: 2^10 (V2: times the count). */
    public static final long PICOHARP_T3_WRAP = 1L << 16;
    public static final long HYDRAHARP_T3_WRAP = 1L << 10;

    /** The decoders {@link PtuT3Reader} has for T3 records. */
    enum T3Family {
        /** 4-bit channel, 12-bit dtime, 16-bit nsync; channel 15 special (dtime 0 = overflow). */
        PICOHARP,
        /** special bit, 6-bit channel, 15-bit dtime, 10-bit nsync; overflow adds 1024. */
        HYDRAHARP_V1,
        /** as V1, but an overflow adds 1024 times the count in its nsync field (0 meaning 1). */
        HYDRAHARP_V2,
        /** TimeHarp 200: 1 reserved, 1 valid, 2-bit route, 12-bit data, 16-bit nsync. */
        TIMEHARP200
    }

    /** The T3 decoder family of {@code recordType}, or null when this is not a T3 type we know. */
    static T3Family t3Family(final int recordType) {
        switch (recordType) {
            case PICOHARP_T3:
                return T3Family.PICOHARP;
            case HYDRAHARP_V1_T3:
                return T3Family.HYDRAHARP_V1;
            case HYDRAHARP_V2_T3:
            case TIMEHARP_260N_T3:
            case TIMEHARP_260P_T3:
            case GENERIC_T3:
            case 0x01010305:
            case 0x01010306:
            case 0x01010307:
                return T3Family.HYDRAHARP_V2;
            case TIMEHARP200_T3:
                return T3Family.TIMEHARP200;
            default:
                return null;
        }
    }

    /** The decoders {@link PtuT2Reader} has for T2 records. */
    enum T2Family {
        /** 4-bit channel, 28-bit timetag; channel 15 = special. */
        PICOHARP,
        /** special bit, 6-bit channel, 25-bit timetag; overflow adds a fixed 33,552,000. */
        HYDRAHARP_V1,
        /** special bit, 6-bit channel, 25-bit timetag; overflow adds 2^25 times its count. */
        HYDRAHARP_V2
    }

    private PtuRecordType() {
    }

    /** The T2 decoder family of {@code recordType}, or null when this is not a T2 type we know. */
    static T2Family t2Family(final int recordType) {
        switch (recordType) {
            case PICOHARP_T2:
                return T2Family.PICOHARP;
            case HYDRAHARP_V1_T2:
                return T2Family.HYDRAHARP_V1;
            case HYDRAHARP_V2_T2:
            case TIMEHARP_260N_T2:
            case TIMEHARP_260P_T2:
            case GENERIC_T2:
            case 0x01010205:
            case 0x01010206:
            case 0x01010207:
                return T2Family.HYDRAHARP_V2;
            default:
                return null;
        }
    }

    /** True when byte 1 of the code says T3 (time relative to the last sync). */
    public static boolean isT3(final long recordType) {
        return ((recordType >>> 8) & 0xFF) == 0x03;
    }

    /** True when byte 1 of the code says T2 (absolute time of every input, sync included). */
    public static boolean isT2(final long recordType) {
        return ((recordType >>> 8) & 0xFF) == 0x02;
    }

    /** The code and its name, such as "0x01010204 (HydraHarp V2 T2)"; unknown codes show only the hex. */
    public static String describe(final long recordType) {
        final String hex = hex(recordType);
        final String name = name(recordType);
        return name == null ? hex : hex + " (" + name + ")";
    }

    /** The code as PicoQuant prints it, e.g. {@code 0x01010204}. */
    public static String hex(final long recordType) {
        return recordType >= 0 && recordType <= 0xFFFF_FFFFL
            ? String.format("0x%08X", recordType)
            : "0x" + Long.toHexString(recordType).toUpperCase() + " (out of 32-bit range)";
    }

    private static String name(final long recordType) {
        if (recordType < 0 || recordType > 0xFFFF_FFFFL) {
            return null;
        }
        final int subVersion = (int)(recordType >>> 24) & 0xFF;
        final int format = (int)(recordType >>> 16) & 0xFF;
        final int mode = (int)(recordType >>> 8) & 0xFF;
        final int hardware = (int)recordType & 0xFF;
        if (format != 0x01 || (mode != 0x02 && mode != 0x03) || subVersion > 1) {
            return null;
        }
        final String hw;
        switch (hardware) {
            case 0x02:
                hw = subVersion == 0 && mode == 0x03 ? "TimeHarp 200 (legacy .t3r)" : null;
                break;
            case 0x03:
                hw = subVersion == 0 ? "PicoHarp" : null;
                break;
            case 0x04:
                hw = subVersion == 0 ? "HydraHarp V1" : "HydraHarp V2";
                break;
            case 0x05:
                hw = "TimeHarp 260 N";
                break;
            case 0x06:
                hw = "TimeHarp 260 P";
                break;
            case 0x07:
                hw = "MultiHarp/generic";
                break;
            default:
                hw = null;
        }
        return hw == null ? null : hw + (mode == 0x02 ? " T2" : " T3");
    }
}
