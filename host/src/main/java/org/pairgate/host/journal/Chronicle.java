package org.pairgate.host.journal;

import java.nio.file.Path;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * The one place that opens Chronicle queues, so that the properties pairgate depends on are set
 * before any Chronicle class initialises.
 *
 * <p>Open-source Chronicle sends usage analytics unless {@code chronicle.analytics.disable} is
 * true; pairgate never calls home, so the launcher and the test runner pass
 * {@code -Dchronicle.analytics.disable=true} and this class sets it again (when absent) for
 * embedders that forgot. Chronicle logs through SLF4J, for which pairgate ships no provider:
 * without {@code slf4j.internal.verbosity=ERROR} SLF4J prints three warning lines on stderr,
 * which would break the CLI's one-line error convention.
 */
final class Chronicle {
    static {
        setIfAbsent("chronicle.analytics.disable", "true");
        setIfAbsent("slf4j.internal.verbosity", "ERROR");
        // no start-up banner from chronicle-core's announcer on the CLI's streams
        setIfAbsent("chronicle.announcer.disable", "true");
    }

    private Chronicle() {
    }

    private static void setIfAbsent(final String key, final String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** A queue in {@code dir} (created when missing) for appending. */
    static ChronicleQueue forWriting(final Path dir) {
        return SingleChronicleQueueBuilder.binary(dir).build();
    }

    /** A queue in {@code dir} for reading only: replay never changes a journal. */
    static ChronicleQueue forReading(final Path dir) {
        return SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
    }

    /** Chronicle Queue's version, from its jar's manifest ("unknown" when absent). */
    static String version() {
        final String v = ChronicleQueue.class.getPackage().getImplementationVersion();
        return v != null ? v : "unknown";
    }
}
