package org.pairgate.host.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of a run, each written by one thread (plain read, opaque write: no lock, no fence on
 * the hot path) and read by the live view and at the end.
 */
final class PipelineCounters {
    /** Source: batches published, tag-ring-full waits, records read of records declared (files). */
    final AtomicLong batches = new AtomicLong();
    final AtomicLong tagRingWaits = new AtomicLong();
    final AtomicLong sourceRecords = new AtomicLong();
    final AtomicLong sourceRecordsTotal = new AtomicLong();
    /**
     * Device thread: tags accepted (a sync-run word counts its syncs), tag words accepted, pushes
     * cut short by a full frame ring in the core, frame-ring-full waits.
     */
    final AtomicLong tagsPushed = new AtomicLong();
    final AtomicLong wordsPushed = new AtomicLong();
    final AtomicLong backpressureWaits = new AtomicLong();
    final AtomicLong frameRingWaits = new AtomicLong();
    final AtomicLong hostCloses = new AtomicLong();

    static void increment(final AtomicLong c) {
        c.setOpaque(c.getPlain() + 1);
    }

    static void add(final AtomicLong c, final long n) {
        c.setOpaque(c.getPlain() + n);
    }
}
