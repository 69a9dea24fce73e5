package org.pairgate.bench.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.pairgate.bench.BenchData;
import org.pairgate.device.Device;
import org.pairgate.device.FrameSum;
import org.pairgate.device.PgMap;
import org.pairgate.device.TagBatch;
import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.Engines;

/**
 * Frame accumulation: {@link FrameSum#add} (full validation, then the word-by-word sum) of one real
 * frame of the bench shape (W = 2, D = 2, K = 8, 120 bins), renumbered each call (SEQ, trailer,
 * FIRST_TRIAL) so that every add is valid. Score: frames per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class FrameSumBench {
    private long[] frame;
    private PgMap.FrameLayout layout;
    private FrameSum sum;
    private long seq;
    private long trial;

    @Setup
    public void setup() throws IOException {
        final TagBatch[] batches = Fixtures.engineBatches();
        final AnalysisConfig config = BenchData.t2Config("soft", 0);
        try (Device device = Engines.INSTANCE.open("soft", new Analysis(config, Engines.INSTANCE).wantedShape())) {
            device.configure(config.gateConfig());
            device.reset();
            device.push(batches[0], 0, batches[0].size());
            device.requestFrameClose();
            layout = device.layout();
            frame = new long[layout.frameWords];
            if (device.readFrame(frame) != layout.frameWords) {
                throw new IllegalStateException("no frame");
            }
        }
        sum = new FrameSum(layout);
    }

    @Benchmark
    public long add() {
        final long[] w = frame;
        w[layout.offSeq] = seq;
        w[layout.offTrailer] = PgMap.TRAILER_BASE | (seq & 0xFFFFFF);
        w[layout.offFirstTrial] = trial;
        sum.add(w);
        seq++;
        trial += w[layout.offTrials];
        return sum.frames();
    }
}
