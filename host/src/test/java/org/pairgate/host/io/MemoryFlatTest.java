package org.pairgate.host.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peak memory stays flat with the file's size: a 1 GB generated file (pairgate raw, 119 million
 * tags on channels 1 and 2) is decoded as {@code info} does and correlated in a child JVM limited to
 * a 48 MB heap, and its peak heap is compared with a 10 MB file's. A reader or correlator that held
 * the data would run out of memory; one that grew with it would show in the peak.
 *
 * <p>Skipped (by assumption) when the temporary directory has less than 3 GB free.
 */
class MemoryFlatTest {
    private static final long GB = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void peakHeapIsTheSameForOneGigabyteAsForTenMegabytes() throws Exception {
        assumeTrue(Files.getFileStore(dir).getUsableSpace() > 3 * GB, "needs 3 GB free in " + dir);
        final Path small = generate(dir.resolve("small.pgraw"), 10L << 20);
        final Path big = generate(dir.resolve("big.pgraw"), GB);
        final long[] smallRun = probe(small);
        final long[] bigRun = probe(big);
        System.out.println("MemoryFlatTest: peak heap " + (smallRun[0] >> 10) + " kB (old generation "
            + (smallRun[2] >> 10) + " kB) for 10 MB, " + (bigRun[0] >> 10) + " kB (old generation " + (bigRun[2] >> 10)
            + " kB) for 1 GB (" + bigRun[1] + " tags), in a 48 MB heap");
        assertEquals((Files.size(big) - RawTagWriter.HEADER_BYTES) / RawTagWriter.RECORD_BYTES, bigRun[1]);
        assertTrue(bigRun[0] < smallRun[0] + (8L << 20),
            "peak heap " + (bigRun[0] >> 20) + " MB for 1 GB vs " + (smallRun[0] >> 20) + " MB for 10 MB");
        assertTrue(bigRun[2] < smallRun[2] + (2L << 20),
            "old generation " + (bigRun[2] >> 10) + " kB for 1 GB vs " + (smallRun[2] >> 10) + " kB for 10 MB");
    }

    /** Tags alternating between channels 1 and 2, 1000 ticks apart, up to about {@code bytes}. */
    private static Path generate(final Path file, final long bytes) throws IOException {
        final long tags = (bytes - RawTagWriter.HEADER_BYTES) / RawTagWriter.RECORD_BYTES;
        try (RawTagWriter w = RawTagWriter.create(file, 1.0)) {
            for (long i = 0; i < tags; i++) {
                w.write(i * 1000, 1 + (int)(i & 1));
            }
        }
        return file;
    }

    /** Runs {@link MemoryProbe} in a child JVM with a small heap: {peak heap, tags, peak old generation}. */
    private static long[] probe(final Path file) throws Exception {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process p = new ProcessBuilder(java, "-Xmx48m", "-XX:+UseSerialGC",
            "-cp", System.getProperty("java.class.path"), MemoryProbe.class.getName(), file.toString())
            .redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child timed out");
        assertEquals(0, p.exitValue(), out);
        long peak = -1;
        long old = -1;
        long tags = -1;
        for (final String line : List.of(out.split("\\R"))) {
            if (line.startsWith("peak=")) {
                peak = Long.parseLong(line.substring(5));
            } else if (line.startsWith("old=")) {
                old = Long.parseLong(line.substring(4));
            } else if (line.startsWith("tags=")) {
                tags = Long.parseLong(line.substring(5));
            }
        }
        return new long[] {peak, tags, old};
    }
}
