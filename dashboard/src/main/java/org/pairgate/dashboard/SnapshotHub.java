package org.pairgate.dashboard;

import java.util.Arrays;

/**
 * The latest published snapshot and its version: written by the publisher thread, read by the
 * request threads. A stream thread waits (no spinning) until the version moves past the one it
 * sent last, so each viewer gets every change at the publisher's pace and a slow viewer skips
 * versions rather than queueing them.
 */
final class SnapshotHub {
    /** A published snapshot: the JSON bytes and a version that grows by one per change. */
    record Published(byte[] json, long version) {
    }

    private Published current = new Published("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0);
    private boolean closed;

    /** Publishes {@code json} unless it equals the current snapshot; returns whether it was new. */
    synchronized boolean publish(final byte[] json) {
        if (closed || json == current.json() || Arrays.equals(json, current.json())) {
            return false;
        }
        current = new Published(json, current.version() + 1);
        notifyAll();
        return true;
    }

    synchronized Published current() {
        return current;
    }

    /**
     * Waits until a version newer than {@code version} is published, the hub is closed, or
     * {@code timeoutMillis} passed. Returns the newer snapshot, or null (timeout, or closed with
     * nothing newer).
     */
    synchronized Published awaitNewer(final long version, final long timeoutMillis) throws InterruptedException {
        final long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!closed && current.version() <= version) {
            final long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        // a change published just before close is still delivered (the final snapshot of a run)
        return current.version() > version ? current : null;
    }

    synchronized boolean closed() {
        return closed;
    }

    /** Wakes every waiting stream so it ends. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
