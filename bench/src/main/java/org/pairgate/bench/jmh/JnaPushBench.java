package org.pairgate.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.pairgate.device.Devices;
import org.pairgate.device.RtlDevice;
import org.pairgate.device.TagBatch;

/**
 * The JNA crossing into the Verilated firmware ({@link RtlDevice}, direct mapping) per batch size:
 * one {@code pg_push} of {@code batch} tags, all at time 0 on channel 200 (no sync or detector:
 * each costs the core's per-tag cycle and an OTHER_CHANNEL count, never a frame). {@code batch = 0}
 * is the bare crossing ({@link JnaRegisterBench}: one register read). Score: calls per second; tags per
 * second = score × batch. Needs {@code libpairgate_rtl.so} (fails in setup without it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Djna.nosys=true"})
public class JnaPushBench {
    @Param({"0", "1", "64", "4096", "65536"})
    public int batch;

    private RtlDevice device;
    private TagBatch tags;

    @Setup
    public void setup() {
        if (!RtlDevice.isAvailable()) {
            throw new IllegalStateException(RtlDevice.unavailableReason());
        }
        device = new RtlDevice(Devices.DEFAULT_RING_FRAMES);
        device.reset();
        tags = new TagBatch(Math.max(1, batch));
        for (int i = 0; i < batch; i++) {
            tags.add(0, 200);
        }
    }

    @TearDown
    public void tearDown() {
        device.close();
    }

    @Benchmark
    public int push() {
        return device.push(tags, 0, batch);
    }
}
