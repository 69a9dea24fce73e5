package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.agrona.BufferUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused decode-and-gate kernel ({@link FastSoftDevice#pushHydraHarpT2}) against decoding the
 * same HydraHarp T2 records into a {@link TagBatch} by a plain decoder written here from the
 * format (docs/formats.md) and pushing that into the model {@link SoftDevice}. Random streams:
 * syncs back to back (empty trials), tags before the first sync, timetags that go back within a
 * period (out-of-order tags), overflow records with counts 0, 1 and more (V2) or fixed (V1),
 * markers and undefined specials, other channels, delays of both signs (a positive SYNC_DELAY
 * fills the sync queue), frame boundaries every few trials, host closes at random, trial
 * records; chunk sizes at random. Frames word for word, records, registers and the decoder
 * counts must agree.
 */
class FusedT2VersusSoftTest {
    private static final int SEEDS = Integer.getInteger("pairgate.fast.scenarios", 40) * 5;

    @Test
    void sameFramesAsDecodingThenPushingIntoTheModel() {
        int frames = 0;
        long outOfOrder = 0;
        long queued = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            final long[] got = compare(seed);
            frames += (int) got[0];
            outOfOrder += got[1];
            queued += got[2];
        }
        assertTrue(frames > SEEDS, "frames compared: " + frames);
        assertTrue(outOfOrder > 0, "out-of-order tags seen: " + outOfOrder);
        assertTrue(queued > 0, "runs with a positive sync delay: " + queued);
    }

    /**
     * The two-pass kernel ({@code FastSoftDevice.pushHydraHarpT2Blocks}: syncs effective on
     * arrival, no trial records, K up to 64) on blocks of 1 record to 2048, so that block ends fall
     * everywhere: inside sync runs, between a trial's clicks, at frame-due syncs, at the end of a
     * call; K up to its limit of 64 (ΔN across many blocks), frames of 1 trial up to none. Once
     * with the kernel in Java, once in C (libpairgate_soft, {@link SoftKernel}: the library must
     * load here, SoftKernelTest), its pass 1 in SIMD where the library has it (AVX-512) and scalar,
     * the same seeds.
     */
    @ParameterizedTest(name = "kernel {0}")
    @ValueSource(strings = {"java", "native", "native-scalar"})
    void twoPassKernelGivesTheModelsFrames(final String kernel) {
        final boolean nativeKernel = !kernel.equals("java");
        long frames = 0;
        long blocks = 0;
        long nativeBlocks = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            final long[] got = compare(1000 + seed, true, nativeKernel, kernel.equals("native-scalar"));
            frames += got[0];
            blocks += got[3];
            nativeBlocks += got[4];
        }
        assertTrue(frames > SEEDS, "frames compared: " + frames);
        assertTrue(blocks > 100L * SEEDS, "blocks counted by the two-pass kernel: " + blocks);
        if (nativeKernel) {
            assertTrue(nativeBlocks > 50L * SEEDS, "blocks counted by the native kernel: " + nativeBlocks + " of " + blocks);
        } else {
            assertEquals(0, nativeBlocks, "the Java kernel ran");
        }
    }

    /**
     * Long streams (100 k to 160 k records) in calls of the whole stream on blocks of 2048: a
     * block holds hundreds of trial closes and the native kernel's vector steps run far past their
     * first words (the random streams above are 200 to 4200 records; nat18's kernel steps beyond
     * the first 8 plane words rested on the harness's checksum of the 24M file until this case).
     */
    @ParameterizedTest(name = "kernel {0}")
    @ValueSource(strings = {"java", "native", "native-scalar"})
    void longStreamsGiveTheModelsFrames(final String kernel) {
        long frames = 0;
        for (int seed = 0; seed < 12; seed++) {
            frames += compare(5000 + seed, true, !kernel.equals("java"), kernel.equals("native-scalar"), 100_000)[0];
        }
        assertTrue(frames > 12, "frames compared: " + frames);
    }

    /**
     * A stream that opens its first trial after 1000 clicks, in one call: the one-pass kernel runs
     * only until the trial opens and the two-pass kernel takes the rest of the same call (it did
     * not before: the whole first call, 65536 records in analyze, went through the one-pass
     * kernel); the frames are the one-pass kernel's and the model's.
     */
    @Test
    void twoPassKernelTakesOverInTheCallWhereTheFirstTrialOpens() {
        final Random r = new Random(42);
        final int[] rest = records(r, false, 30_000);
        final int[] recs = new int[1000 + rest.length];
        for (int i = 0; i < 1000; i++) {
            recs[i] = (1 + (i & 1)) << 25 | (i * 7);   // clicks on inputs 1 and 2, before any sync
        }
        System.arraycopy(rest, 0, recs, 1000, rest.length);
        final long[][] regs = {
            {0, 0, 0, 0},
            {PgMap.REG_SYNC_CHANNEL, 0}, {PgMap.REG_FRAME_TRIALS, 0}, {PgMap.REG_BIN_TICKS, 7},
            {PgMap.REG_DET_CHANNEL, 2}, {PgMap.REG_DET_DELAY, 0}, {PgMap.REG_DET_CHANNEL + 1, 3}, {PgMap.REG_DET_DELAY + 1, 5},
            {PgMap.REG_WIN_START, 0}, {PgMap.REG_WIN_LENGTH, 300}, {PgMap.REG_WIN_START + 1, 300}, {PgMap.REG_WIN_LENGTH + 1, 500},
        };
        final ByteBuffer raw = BufferUtil.allocateDirectAligned(recs.length * 4, 64).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < recs.length; i++) {
            raw.putInt(i * 4, recs[i]);
        }
        final long address = BufferUtil.address(raw);
        final List<List<long[]>> frames = new ArrayList<>();
        long blocks = -1;
        for (final boolean twoPass : new boolean[] {true, false}) {
            final FastSoftDevice fast = new FastSoftDevice(2, 2, 8, 400, 3, 16, FastSoftDevice.BLOCK_RECORDS)
                .nativeKernel(false).twoPass(twoPass);
            final Run run = new Run(fast, regs, false);
            final HydraT2State state = new HydraT2State(false);
            run.push(() -> fast.pushHydraHarpT2(address, recs.length, state), recs.length);
            if (twoPass) {
                blocks = fast.blocksCounted;
            }
            run.finish();
            frames.add(run.frames);
            fast.close();
        }
        Reference.reachabilityFence(raw);
        assertTrue(blocks > 10, "blocks of the two-pass kernel in the first call: " + blocks);
        final SoftDevice model = new SoftDevice(2, 2, 8, 400, 3, 16);
        final Run a = new Run(model, regs, false);
        final TagBatch batch = new TagBatch(recs.length);
        decode(recs, 0, recs.length, false, batch, new long[5 + HydraT2State.CHANNELS]);
        a.push(() -> model.push(batch, 0, batch.size()), batch.size());
        a.finish();
        final PgMap.FrameLayout l = model.layout();
        FrameDiff.assertSame("two-pass from the first trial", l, "model", a.frames, "two-pass", frames.get(0));
        FrameDiff.assertSame("two-pass from the first trial", l, "one-pass", frames.get(1), "two-pass", frames.get(0));
    }

    private static long[] compare(final long seed) {
        return compare(seed, false, false, false);
    }

    private static long[] compare(final long seed, final boolean twoPass, final boolean nativeKernel, final boolean scalar) {
        return compare(seed, twoPass, nativeKernel, scalar, 0);
    }

    /** {frames, out-of-order tags, 1 when SYNC_DELAY > 0, blocks of the two-pass kernel, of them in C}. */
    private static long[] compare(final long seed, final boolean twoPass, final boolean nativeKernel, final boolean scalar, final int longRecords) {
        final Random r = new Random(seed * 31 + 7);
        final boolean v1 = r.nextInt(4) == 0;
        final int w = 1 + r.nextInt(3);
        final int d = 1 + r.nextInt(3);
        final int k = twoPass ? new int[] {0, 1, 3, 8, 8, 20, 63, 64}[r.nextInt(8)] : new int[] {0, 1, 3, 8, 8, 20, 70}[r.nextInt(7)];
        final int b = 1 + r.nextInt(200);
        final int[] recs = records(r, v1, longRecords > 0 ? longRecords + r.nextInt(60_000) : 200 + r.nextInt(4000));
        final long[][] regs = registers(r, w, d);
        if (twoPass) {
            regs[0][3] = -r.nextInt(500);
        }
        final boolean recordsOn = !twoPass && r.nextInt(3) == 0;
        final int recordCapacity = 1 + r.nextInt(300);
        final int blockRecords = longRecords > 0 ? 2048 : twoPass ? new int[] {1, 2, 3, 7, 64, 500, 2048}[r.nextInt(7)] : FastSoftDevice.BLOCK_RECORDS;

        // the same chunks of records for both, so that host closes and frame reads fall at the same places
        final List<int[]> chunks = new ArrayList<>();
        final Random rc = new Random(seed);
        // every fourth stream in calls of up to the whole stream: more nonzero trial closes in one call
        // than the fused kernel queues (FastSoftDevice.DEFER_CAPACITY), so its queue fills and is counted mid-call
        final int maxChunk = seed % 4 == 0 || longRecords > 0 ? recs.length : 900;
        for (int at = 0; at < recs.length; ) {
            final int n = 1 + rc.nextInt(Math.min(maxChunk, recs.length - at));
            chunks.add(new int[] {at, n});
            at += n;
        }

        // A: each chunk decoded plainly into a batch, pushed into the model
        final long[] refCounts = new long[5 + HydraT2State.CHANNELS];
        final SoftDevice model = new SoftDevice(w, d, k, b, 3, recordCapacity);
        final Run a = new Run(model, regs, recordsOn);
        for (final int[] c : chunks) {
            final TagBatch batch = new TagBatch(c[1]);
            decode(recs, c[0], c[1], v1, batch, refCounts);
            a.push(() -> model.push(batch, 0, batch.size()), batch.size());
        }
        a.finish();

        // B: the fused kernel over the raw records of each chunk
        final ByteBuffer raw = BufferUtil.allocateDirectAligned(Math.max(64, recs.length * 4), 64).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < recs.length; i++) {
            raw.putInt(i * 4, recs[i]);
        }
        final long address = BufferUtil.address(raw);
        final FastSoftDevice fast = new FastSoftDevice(w, d, k, b, 3, recordCapacity, blockRecords).nativeKernel(nativeKernel).nativeScalar(scalar);
        final HydraT2State state = new HydraT2State(v1);
        final Run f = new Run(fast, regs, recordsOn);
        for (final int[] c : chunks) {
            f.push(() -> fast.pushHydraHarpT2(address + 4L * c[0], c[1], state), c[1]);
        }
        f.finish();
        // the kernel reads raw through a bare address: without this fence the buffer may be
        // collected (and its memory freed and reused) mid-run once the JIT sees raw's last use above
        // (seen once, 2026-12-07: two syncs of seed 50 read as other-channel tags)
        Reference.reachabilityFence(raw);

        final PgMap.FrameLayout l = model.layout();
        final String ctx = "seed " + seed + (nativeKernel ? " native" + (scalar ? " scalar" : "") : "") + (v1 ? " V1" : " V2") + " W=" + w + " D=" + d + " K=" + k + " B=" + b
            + " registers " + Arrays.deepToString(regs) + " records " + recordsOn;
        FrameDiff.assertSame(ctx, l, "model", a.frames, "fused", f.frames);
        RecordDiff.assertSame(ctx, "model", a.records, "fused", f.records);
        assertEquals(a.registers(), f.registers(), ctx);
        final long[] fusedCounts = new long[5 + HydraT2State.CHANNELS];
        fusedCounts[4 + HydraT2State.CHANNELS] = refCounts[4 + HydraT2State.CHANNELS]; // the time base, compared below
        fusedCounts[0] = state.overflows;
        fusedCounts[1] = state.overflowPeriods;
        fusedCounts[2] = state.markers;
        fusedCounts[3] = state.reservedSpecials;
        System.arraycopy(state.tags, 0, fusedCounts, 4, HydraT2State.CHANNELS);
        assertArrayEquals(refCounts, fusedCounts, "decoder counts, " + ctx);
        assertEquals(refCounts[4 + HydraT2State.CHANNELS], state.timeBase, "time base, " + ctx);
        long ooo = 0;
        for (final long[] fr : a.frames) {
            ooo += fr[l.offOutOfOrder];
        }
        fast.close();
        return new long[] {a.frames.size(), ooo, regs[0][3] > 0 ? 1 : 0, fast.blocksCounted, fast.nativeBlocksCounted};
    }

    /** Drives a device: registers, pushes with frames and records read in between, host closes at random, final close. */
    private static final class Run {
        final Device dev;
        final List<long[]> frames = new ArrayList<>();
        final List<long[]> records = new ArrayList<>();
        final long[] buf;
        final long[] recBuf;
        final Random r = new Random(99);

        Run(final Device dev, final long[][] regs, final boolean recordsOn) {
            this.dev = dev;
            this.buf = new long[dev.layout().frameWords];
            this.recBuf = new long[dev.recordLayout().recordWords * 64];
            for (final long[] reg : regs[1] == null ? new long[0][] : Arrays.copyOfRange(regs, 1, regs.length)) {
                dev.writeRegister((int) reg[0], reg[1]);
            }
            dev.writeRegister(PgMap.REG_SYNC_DELAY, regs[0][3]);
            dev.writeRegister(PgMap.REG_RECORDS_ENABLE, recordsOn ? 1 : 0);
        }

        /**
         * One push of n words or records, retried after reading frames while the core refuses it (a
         * CTRL command waits behind a held frame); then, at random, frames read and a host close.
         */
        void push(final java.util.function.IntSupplier call, final int n) {
            int got;
            while ((got = call.getAsInt()) != n) {
                assertEquals(0, got, dev.engine() + ": a push is taken whole or not at all");
                assertTrue(dev.framesPending() > 0, dev.engine() + " refused a push with an empty ring");
                drain();
            }
            final boolean read = r.nextInt(3) == 0;
            final boolean close = r.nextInt(40) == 0;
            if (read) {
                drain();
            }
            if (close) {
                try {
                    dev.requestFrameClose();
                } catch (final DeviceException x) {
                    drain();
                    dev.requestFrameClose();
                }
            }
        }

        void drain() {
            while (dev.readFrame(buf) > 0) {
                frames.add(buf.clone());
                dev.releaseFrame();
            }
            final int words = dev.recordLayout().recordWords;
            int n;
            while ((n = dev.readRecords(recBuf)) > 0) {
                for (int i = 0; i < n; i += words) {
                    records.add(Arrays.copyOfRange(recBuf, i, i + words));
                }
            }
        }

        void finish() {
            while (true) {
                try {
                    dev.requestFrameClose();
                    break;
                } catch (final DeviceException x) {
                    drain();
                }
            }
            drain();
            drain();
        }

        String registers() {
            return "TRIALS " + dev.readRegister(PgMap.REG_TRIALS) + ", FRAMES " + dev.readRegister(PgMap.REG_FRAMES) + ", MERGES "
                + dev.readRegister(PgMap.REG_MERGES) + ", RECORDS_MADE " + dev.readRegister(PgMap.REG_RECORDS_MADE)
                + ", RECORDS_DROPPED " + dev.readRegister(PgMap.REG_RECORDS_DROPPED) + ", SYNC_PENDING "
                + dev.readRegister(PgMap.REG_SYNC_PENDING);
        }
    }

    /** regs[0] = {-, -, -, SYNC_DELAY}; then (address, value) pairs. Channels: sync 0, inputs c -> c + 1. */
    private static long[][] registers(final Random r, final int w, final int d) {
        final List<long[]> out = new ArrayList<>();
        final long syncDelay = r.nextInt(3) == 0 ? 1 + r.nextInt(3000) : -r.nextInt(500);
        out.add(new long[] {0, 0, 0, syncDelay});
        out.add(new long[] {PgMap.REG_SYNC_CHANNEL, r.nextInt(10) == 0 ? 2 : 0});
        out.add(new long[] {PgMap.REG_FRAME_TRIALS, new long[] {0, 1, 2, 5, 9, 64}[r.nextInt(6)]});
        out.add(new long[] {PgMap.REG_BIN_TICKS, new long[] {1, 2, 3, 7, 16, 100}[r.nextInt(6)]});
        // one delay for every detector in a third of the runs (the native pass 1 then skips its delay permute)
        final long oneDelay = r.nextInt(3) == 0 ? r.nextInt(401) - 200 : Long.MIN_VALUE;
        for (int i = 0; i < d; i++) {
            out.add(new long[] {PgMap.REG_DET_CHANNEL + i, 1 + r.nextInt(4)});
            out.add(new long[] {PgMap.REG_DET_DELAY + i, oneDelay != Long.MIN_VALUE ? oneDelay : r.nextInt(401) - 200});
        }
        for (int i = 0; i < w; i++) {
            out.add(new long[] {PgMap.REG_WIN_START + i, r.nextInt(1500) - 200});
            out.add(new long[] {PgMap.REG_WIN_LENGTH + i, r.nextInt(6) == 0 ? 0 : 1 + r.nextInt(1500)});
        }
        return out.toArray(new long[0][]);
    }

    /** A HydraHarp T2 record stream: syncs every ~1000 ticks (sometimes back to back), clicks on inputs 0..4, the rest. */
    private static int[] records(final Random r, final boolean v1, final int n) {
        final int[] out = new int[n];
        int tt = r.nextInt(1000);
        for (int i = 0; i < n; i++) {
            final int kind = r.nextInt(100);
            if (kind < 8) {
                final int count = v1 ? 1 : r.nextInt(4) == 0 ? r.nextInt(3) : 1;
                out[i] = 0x8000_0000 | 63 << 25 | count;
                tt = r.nextInt(1000);
                continue;
            }
            if (kind < 10) {
                out[i] = 0x8000_0000 | (1 + r.nextInt(62)) << 25 | r.nextInt(1 << 25);
                continue;
            }
            tt += kind < 13 ? -r.nextInt(300) : r.nextInt(400);
            tt = Math.max(0, Math.min(tt, (1 << 25) - 1));
            if (kind < 40) {
                out[i] = 0x8000_0000 | tt;  // sync
            } else {
                out[i] = r.nextInt(5) << 25 | tt;
            }
        }
        return out;
    }

    /**
     * The format, decoded plainly: records [from, from + n) into the batch; counts[] holds {overflows,
     * periods, markers, reserved, tags per channel 0..64, time base} and carries the time base.
     */
    private static void decode(final int[] recs, final int from, final int n, final boolean v1, final TagBatch batch,
                               final long[] counts) {
        final int baseSlot = 4 + HydraT2State.CHANNELS;
        for (int i = from; i < from + n; i++) {
            final int rec = recs[i];
            final boolean special = rec < 0;
            final int ch = (rec >>> 25) & 63;
            final long tt = rec & 0x1FF_FFFF;
            if (special && ch == 63) {
                final long periods = v1 ? 1 : tt == 0 ? 1 : tt;
                counts[baseSlot] += v1 ? 33_552_000L : periods << 25;
                counts[0]++;
                counts[1] += periods;
            } else if (special && ch != 0) {
                counts[ch <= 15 ? 2 : 3]++;
            } else {
                final int channel = special ? 0 : ch + 1;
                batch.add(counts[baseSlot] + tt, channel);
                counts[4 + channel]++;
            }
        }
    }
}
