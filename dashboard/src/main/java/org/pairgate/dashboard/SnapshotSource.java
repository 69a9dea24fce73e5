package org.pairgate.dashboard;

/**
 * Where the dashboard's data comes from: the current snapshot as UTF-8 JSON (one object).
 *
 * <p>Called by the dashboard's single publisher thread, every {@link DashboardServer#PUSH_MILLIS}
 * and never concurrently, so an implementation may keep state between calls (a history of rates)
 * without a lock. It must not block: a live source reads what the pipeline has already published.
 * It may return the same array again when nothing changed; the viewers are then sent nothing.
 */
@FunctionalInterface
public interface SnapshotSource {
    byte[] snapshot() throws Exception;
}
