package org.pairgate.host.io;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

import org.pairgate.device.TagBatch;
import org.pairgate.host.correlate.Correlator;

/**
 * Child-JVM entry point of {@link MemoryFlatTest}: decodes a file as {@code info} does, correlates
 * channels 1 and 2 over it, and prints the peak heap the JVM ever used (the sum of the heap pools'
 * peak usage, dominated by the fixed young generation), the peak of the old generation (what
 * survives collections: data a reader or correlator retains), then {@code tags=<n>}.
 */
public final class MemoryProbe {
    private MemoryProbe() {
    }

    public static void main(final String[] args) throws Exception {
        final Path file = Path.of(args[0]);
        final TagFileInfo info = TagFileInfo.inspect(file);
        final Correlator correlator = new Correlator(1, 2, 10_000, 100);
        final TagBatch batch = new TagBatch(1 << 14);
        try (TagFile source = TagSources.open(file, false)) {
            while (source.read(batch) > 0) {
                correlator.accept(batch);
            }
        }
        long peak = 0;
        long old = 0;
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
                if (pool.getName().contains("Tenured") || pool.getName().contains("Old")) {
                    old += pool.getPeakUsage().getUsed();
                }
            }
        }
        System.out.println("peak=" + peak);
        System.out.println("old=" + old);
        System.out.println("tags=" + info.records());
        System.out.println("pairs=" + correlator.result(1.0).pairs());
    }
}
