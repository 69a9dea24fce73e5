package org.pairgate.host.pipeline;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How the pipeline's consumers wait for the next event ({@code --wait}).
 *
 * <p>The pipeline runs four threads (source, device, statistics, journal). With more threads
 * than cores, a consumer that spins steals the core its producer needs: on the 2-core machine
 * this project is measured on, busy-spin consumers halve throughput (the issue measured a fifth
 * on an earlier pipeline). {@link #BLOCKING} (a lock and a condition per ring) is the default:
 * idle threads sleep, so it degrades gracefully whatever the core count, and on 2 cores it
 * measured best for throughput and median latency alike, the signal on every publish being
 * cheaper than the cycles spinning consumers take from producers. {@link #SLEEPING} (spin,
 * yield, then park 100 µs) comes close; {@link #YIELDING} and {@link #BUSY_SPIN} are for
 * machines with a core per thread. docs/pipeline.md has the measurements.
 */
public enum WaitStrategyOption {
    BLOCKING("blocking"),
    YIELDING("yielding"),
    SLEEPING("sleeping"),
    BUSY_SPIN("busy-spin");

    /** The default: see the class comment. */
    public static final WaitStrategyOption DEFAULT = BLOCKING;

    private final String label;

    WaitStrategyOption(final String label) {
        this.label = label;
    }

    /** The name on the command line and in report.json. */
    public String label() {
        return label;
    }

    /** A new strategy instance (each ring gets its own: a blocking strategy's lock is per ring). */
    public WaitStrategy create() {
        switch (this) {
            case BLOCKING:
                return new BlockingWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            case SLEEPING:
            default:
                return new SleepingWaitStrategy(100, TimeUnit.MICROSECONDS.toNanos(100));
        }
    }

    /**
     * The option named {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException for an unknown name, with the list of known ones
     */
    public static WaitStrategyOption parse(final String name) {
        final String n = name.trim().toLowerCase(Locale.ROOT);
        for (final WaitStrategyOption o : values()) {
            if (o.label.equals(n)) {
                return o;
            }
        }
        throw new IllegalArgumentException("--wait must be blocking, yielding, sleeping or busy-spin, not '" + name + "'");
    }
}
