package org.pairgate.bench.jmh;

import java.io.IOException;
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
import org.pairgate.bench.BenchData;
import org.pairgate.device.Device;
import org.pairgate.device.SoftDevice;
import org.pairgate.device.TagBatch;
import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.Engines;

/**
 * The soft engine per tag: 2^20 already-decoded bench tags (16 off-heap batches) pushed into a
 * {@link SoftDevice} of the bench shape (W = 2, D = 2, K = 8, 120 bins), gating and histograms
 * included, no decoding and no frame (FRAME_TRIALS 0). CTRL_RESET before each pass so that the
 * same tags are in order again. Score: tags per second (one op = one tag).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class SoftEngineBench {
    private TagBatch[] batches;
    private Device device;

    @Setup
    public void setup() throws IOException {
        batches = Fixtures.engineBatches();
        final AnalysisConfig config = BenchData.t2Config("soft", 0);
        device = Engines.INSTANCE.open("soft", new Analysis(config, Engines.INSTANCE).wantedShape());
        device.configure(config.gateConfig());
        device.reset();
    }

    @TearDown
    public void tearDown() {
        device.close();
    }

    @Benchmark
    @OperationsPerInvocation(Fixtures.ENGINE_TAGS)
    public int pushAll() {
        device.reset();
        int accepted = 0;
        for (final TagBatch b : batches) {
            accepted += device.push(b, 0, b.size());
        }
        return accepted;
    }
}
