package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

/**
 * Test driver around a {@link Device}: queue tags (count 1 each), push them (draining the ring
 * whenever the core pushes back), close frames, and collect every frame in order.
 */
final class Rig implements AutoCloseable {
    final Device dev;
    final PgMap.FrameLayout l;
    final List<long[]> frames = new ArrayList<>();
    private final List<long[]> queued = new ArrayList<>();
    private TagBatch batch = new TagBatch(1024);

    Rig(final Device dev) {
        this.dev = dev;
        this.l = dev.layout();
    }

    static Rig soft(final int w, final int d, final int k, final int b) {
        return new Rig(new SoftDevice(w, d, k, b, 4));
    }

    Rig reg(final int address, final long value) {
        dev.writeRegister(address, value);
        return this;
    }

    /** Queues tags given as (time, channel) pairs. */
    Rig tags(final long... timeChannel) {
        for (int i = 0; i < timeChannel.length; i += 2) {
            queued.add(new long[] {timeChannel[i], timeChannel[i + 1]});
        }
        return this;
    }

    /**
     * Pushes every queued tag, reading and releasing frames whenever the core pushes back (a CTRL
     * command waits behind a frame held for a full ring).
     */
    Rig flush() {
        if (batch.capacity() < queued.size()) {
            batch = new TagBatch(queued.size());
        }
        batch.clear();
        for (final long[] t : queued) {
            batch.add(t[0], (int) t[1]);
        }
        queued.clear();
        int pos = 0;
        while (pos < batch.size()) {
            final int n = dev.push(batch, pos, batch.size() - pos);
            pos += n;
            if (pos < batch.size()) {
                assertTrue(dev.framesPending() > 0, "push refused tags with an empty ring");
                drain();
            }
        }
        return this;
    }

    /** Reads and releases every frame in the ring (and any that waited behind them). */
    List<long[]> drain() {
        final List<long[]> got = new ArrayList<>();
        final long[] buf = new long[l.frameWords];
        while (dev.readFrame(buf) > 0) {
            got.add(buf.clone());
            dev.releaseFrame();
        }
        frames.addAll(got);
        return got;
    }

    /** Flushes, closes the frame from the host and returns the last frame. */
    long[] hostClose() {
        flush();
        dev.requestFrameClose();
        drain();
        return frames.get(frames.size() - 1);
    }

    /** Sum of every frame collected so far (validated by FrameSum). */
    FrameSum sum() {
        final FrameSum s = new FrameSum(l);
        for (final long[] f : frames) {
            s.add(f);
        }
        return s;
    }

    @Override
    public void close() {
        dev.close();
    }
}
