package org.pairgate.bench.jmh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import org.agrona.BufferUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.pairgate.bench.BenchData;
import org.pairgate.device.FastSoftDevice;
import org.pairgate.device.HydraT2State;
import org.pairgate.host.io.PtuT2Reader;
import org.pairgate.host.io.TagSources;

/**
 * The fused soft kernel alone (issue 15): the 2^20 records of a bench T2 file, held in memory
 * (no file reads), through {@link FastSoftDevice#pushHydraHarpT2} in calls of 65536 records, with
 * analyze's shape of the bench (W = 2, D = 2, K = 8, 120 bins of 1 ns), CTRL_RESET before each pass;
 * and, for scale, the same records only touched once ({@code touch}: the in-run baseline of the
 * kernel). {@code twoPass}: the two-pass kernel or the one-pass one, in the same run.
 * Score: records per second (one op = one record).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class FusedKernelBench {
    private static final int CALL = 1 << 16;

    private Path file;
    private ByteBuffer records;
    private long address;
    private int count;
    private FastSoftDevice device;
    private long[] frame;
    /** The two-pass kernel (true, the default) or the one-pass one ({@link FastSoftDevice#twoPass}). */
    @Param({"true", "false"})
    public boolean twoPass;

    @Setup
    public void setup() throws IOException {
        file = Fixtures.decodeFile();
        final long dataOffset;
        try (PtuT2Reader r = (PtuT2Reader) TagSources.open(file)) {
            dataOffset = r.header().dataOffset();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            final int bytes = (int) ((ch.size() - dataOffset) & ~3L);
            records = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
            while (records.hasRemaining() && ch.read(records, dataOffset + records.position()) > 0) {
                // whole file
            }
            count = bytes / 4;
        }
        address = BufferUtil.address(records);
        device = new FastSoftDevice(2, 2, 8, 120, 4).twoPass(twoPass);
        device.configure(BenchData.t2Config("soft", 0).gateConfig());
        frame = new long[device.layout().frameWords];
    }

    @TearDown
    public void tearDown() throws IOException {
        device.close();
        Fixtures.delete(file);
    }

    @Benchmark
    @OperationsPerInvocation(Fixtures.DECODE_RECORDS)
    public long softKernel() {
        device.reset();
        final HydraT2State state = new HydraT2State(false);
        for (int i = 0; i < count; i += CALL) {
            device.pushHydraHarpT2(address + 4L * i, Math.min(CALL, count - i), state);
        }
        device.requestFrameClose();
        device.readFrame(frame);
        device.releaseFrame();
        return frame[device.layout().offTrials];
    }

    @Benchmark
    @OperationsPerInvocation(Fixtures.DECODE_RECORDS)
    public long touch() {
        final sun.misc.Unsafe u = org.agrona.UnsafeAccess.UNSAFE;
        long x = 0;
        for (long a = address, end = address + 4L * count; a < end; a += 4) {
            x ^= u.getInt(a);
        }
        return x;
    }
}
