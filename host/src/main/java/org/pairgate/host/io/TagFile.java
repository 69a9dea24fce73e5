package org.pairgate.host.io;

import java.util.Map;

/**
 * A {@link TagSource} read from a recorded file, with what {@code pairgate info} reports about it.
 *
 * <p>Counters ({@link #recordsRead()}, {@link #events(int)}) grow as the file is read: they describe
 * the whole file once {@link #read} has returned 0. They cost nothing per record beyond what
 * decoding already does, so every reader keeps them.
 */
public interface TagFile extends TagSource {
    /** Highest channel number a file reader may yield (PicoQuant numbers stop at 64; 255 is reserved). */
    int MAX_CHANNEL = 254;

    /** The container: {@code PTU}, {@code HT2}, {@code HT3}, {@code T3R}, {@code quTAG}, {@code pairgate-raw}. */
    String format();

    /** {@code T2} (absolute times of every input) or {@code T3} (sync counter and time after it). */
    String mode();

    /** The record layout, e.g. {@code 0x01010204 (HydraHarp V2 T2)}. */
    String recordTypeName();

    /** Records the header declares, or -1 when it does not say. */
    long declaredRecords();

    /** Records decoded so far, of every kind (tags, overflows, markers). */
    long recordsRead();

    /**
     * Photons or clicks recorded on {@code channel} so far (PicoQuant numbering: sync 0 in T2, input
     * i = i + 1). In T3 the sync tags a reader synthesises per period are not events: channel 0
     * counts 0 there, see {@link T3Counters#syncPeriods()}.
     */
    long events(int channel);

    /** The header's fields by name, in file order (PTU tag names for PicoQuant files). */
    Map<String, Object> headerFields();
}
