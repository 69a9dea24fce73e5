package org.pairgate.bench.jmh;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;

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
import org.pairgate.host.pipeline.PipelineConfig;
import org.pairgate.host.pipeline.WaitStrategyOption;

/**
 * One Disruptor hop as the pipeline's frame ring has it: a single producer publishes events of one
 * frame's size (600 longs, the words copied in) into a ring of {@link PipelineConfig#FRAME_RING_FRAMES}
 * slots; one consumer thread reads each event's counter words. Score: events per second through
 * the hop (the producer waits when the ring is full, so this is the hop's sustained rate). On 2
 * cores the consumer and the producer share the machine with JMH itself; {@code busy-spin} is
 * left out for that reason (see docs/pipeline.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class DisruptorHopBench {
    static final int WORDS = 600;

    @Param({"blocking", "yielding"})
    public String wait;

    /** A frame-sized event. */
    public static final class Event {
        final long[] words = new long[WORDS];
    }

    private RingBuffer<Event> ring;
    private BatchEventProcessor<Event> processor;
    private Thread thread;
    private final long[] frame = new long[WORDS];
    private volatile long consumed;

    @Setup
    public void setup() {
        ring = RingBuffer.createSingleProducer(Event::new, PipelineConfig.FRAME_RING_FRAMES,
            WaitStrategyOption.parse(wait).create());
        final EventHandler<Event> handler = (event, sequence, endOfBatch) -> {
            long s = 0;
            final long[] w = event.words;
            for (int i = 0; i < WORDS; i += 8) {
                s += w[i];
            }
            consumed = s;
        };
        processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
        ring.addGatingSequences(processor.getSequence());
        thread = new Thread(processor, "jmh-consumer");
        thread.setDaemon(true);
        thread.start();
        for (int i = 0; i < WORDS; i++) {
            frame[i] = i;
        }
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        processor.halt();
        thread.join(5000);
    }

    @Benchmark
    public long publish() {
        final long seq = ring.next();
        try {
            System.arraycopy(frame, 0, ring.get(seq).words, 0, WORDS);
        } finally {
            ring.publish(seq);
        }
        return seq;
    }
}
