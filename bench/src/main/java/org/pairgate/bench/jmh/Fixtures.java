package org.pairgate.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.pairgate.bench.BenchData;
import org.pairgate.device.TagBatch;
import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.io.TagFile;
import org.pairgate.host.io.TagSources;

/** Shared inputs of the JMH benchmarks. */
final class Fixtures {
    /** Records of the JMH decode file (the writer may add up to 4: {@link #decodeFile}). */
    static final int DECODE_RECORDS = 1 << 20;
    /** Tags preloaded for the engine benchmarks: 16 batches of 65536. */
    static final int ENGINE_TAGS = 1 << 20;

    private Fixtures() {
    }

    /** A bench T2 file of {@link #DECODE_RECORDS} records in a temporary directory. */
    static Path decodeFile() throws IOException {
        final Path dir = Files.createTempDirectory("pairgate-jmh");
        final Path file = dir.resolve("decode.ptu");
        BenchData.writeT2(file, DECODE_RECORDS - 1, 11);
        return file;
    }

    /** Exactly {@link #ENGINE_TAGS} tags of bench T2 data, decoded into full batches. */
    static TagBatch[] engineBatches() throws IOException {
        final Path dir = Files.createTempDirectory("pairgate-jmh");
        final Path file = dir.resolve("engine.ptu");
        BenchData.writeT2(file, ENGINE_TAGS + ENGINE_TAGS / 4, 12);
        final TagBatch[] batches = new TagBatch[ENGINE_TAGS / Analysis.BATCH_TAGS];
        try (TagFile src = TagSources.open(file)) {
            for (int i = 0; i < batches.length; i++) {
                batches[i] = new TagBatch(Analysis.BATCH_TAGS);
                if (src.read(batches[i]) != Analysis.BATCH_TAGS) {
                    throw new IllegalStateException("short batch");
                }
            }
        }
        Files.delete(file);
        Files.delete(dir);
        return batches;
    }

    static void delete(final Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.getParent());
    }
}
