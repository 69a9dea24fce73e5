package org.pairgate.bench.jmh;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.pairgate.device.TagBatch;
import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.io.TagFile;
import org.pairgate.host.io.TagSources;

/**
 * PTU T2 decoding: a 2^20-record bench file (page cache) through {@link TagSources#open} into one
 * reused batch of 65536 tags. Score: records per second (one op = one record).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class PtuDecodeBench {
    private Path file;
    private TagBatch batch;

    @Setup
    public void setup() throws IOException {
        file = Fixtures.decodeFile();
        batch = new TagBatch(Analysis.BATCH_TAGS);
    }

    @TearDown
    public void tearDown() throws IOException {
        Fixtures.delete(file);
    }

    @Benchmark
    @OperationsPerInvocation(Fixtures.DECODE_RECORDS)
    public long decodeFile() throws IOException {
        long last = 0;
        try (TagFile src = TagSources.open(file)) {
            int n;
            while ((n = src.read(batch)) > 0) {
                last += batch.time(n - 1);
            }
        }
        return last;
    }
}
