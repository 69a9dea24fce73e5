package org.pairgate.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.pairgate.device.Devices;
import org.pairgate.device.PgMap;
import org.pairgate.device.RtlDevice;

/**
 * One register read through JNA ({@code pg_reg_read} of TRIALS into a preallocated out-parameter):
 * the smallest crossing into the Verilated firmware. Score: calls per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Djna.nosys=true"})
public class JnaRegisterBench {
    private RtlDevice device;

    @Setup
    public void setup() {
        if (!RtlDevice.isAvailable()) {
            throw new IllegalStateException(RtlDevice.unavailableReason());
        }
        device = new RtlDevice(Devices.DEFAULT_RING_FRAMES);
    }

    @TearDown
    public void tearDown() {
        device.close();
    }

    @Benchmark
    public long readRegister() {
        return device.readRegister(PgMap.REG_TRIALS);
    }
}
