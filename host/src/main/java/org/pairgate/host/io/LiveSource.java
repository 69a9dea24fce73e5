package org.pairgate.host.io;

import java.util.Map;

/**
 * A {@link TagSource} that measures rather than reads: an instrument. Its {@link #read} may wait
 * for data; {@link #stop()} makes the stream end at the next block (Ctrl-C, a limit reached). It
 * reports what the instrument said during the run (flags, warnings), so that the live view, the
 * journal and the report show it and a run that lost data says so.
 */
public interface LiveSource extends TagSource {
    /** Ends the stream at the next block; safe from any thread. */
    void stop();

    /** A short text for the live view (records read, flags and warnings seen). */
    String liveStatus();

    /** The instrument and what it reported during the run, for report.json and the journal. */
    Map<String, Object> instrumentReport();

    /** One line describing lost data (FIFO overrun, counts dropped, sync lost), or null when none was lost. */
    String lossSummary();
}
