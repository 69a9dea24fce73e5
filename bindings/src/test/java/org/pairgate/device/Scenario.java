package org.pairgate.device;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A reproducible random workload for a core: register writes, a tag stream and CTRL commands at
 * fixed stream positions, plus the driving pattern (batch sizes, when frames are read, ring size).
 *
 * <p>Built for the differential test: delays of both signs, empty trials and bursts of syncs,
 * tags before the first sync, out-of-order tags, other channels, duplicate channel assignments,
 * windows that overlap, are disabled or carry high bits in WIN_LENGTH, odd bin widths, frequent
 * FRAME_TRIALS boundaries, host closes (sometimes twice in a row) and resets at random points, and
 * times near both ends of the 64-bit range so that delayed times wrap.
 *
 * <p>CTRL commands sit at stream positions, not at call counts, so two engines that accept
 * different numbers of tags per push still see the same command at the same place in the stream.
 *
 * <p>{@link #of} makes the workloads of frame format 2: run words, positive sync delays, a full
 * sync queue, and phases in which the host releases nothing (merges).
 *
 * <p>Trial records: two scenarios in three turn RECORDS_ENABLE on (sometimes off and on again at
 * a stream position) and get a record ring of 1..1024 records, so that the small ones fill and
 * drop; the driver reads records at random into buffers of random size. The choice comes from its
 * own random generator, so the tag streams and events of the frame tests are those of before.
 */
final class Scenario {
    final long seed;
    final int windows;
    final int detectors;
    final List<long[]> writes = new ArrayList<>();
    final TagBatch tags;
    /** (stream position, register, value): CTRL commands and FRAME_TRIALS changes, sorted by position. */
    final List<long[]> events = new ArrayList<>();
    final int ringFrames;
    final int maxBatch;
    final String summary;
    /**
     * Stream ranges {from, to} in which the driver never releases a frame unless the core makes it
     * (a CTRL command waits behind the frozen frame): the ring fills and trial closes merge.
     */
    final List<int[]> holds = new ArrayList<>();
    /** Trial-record ring of the device (records); RECORDS_ENABLE is written when {@link #records}. */
    int recordCapacity = Devices.DEFAULT_RECORD_CAPACITY;
    boolean records;

    /** The v2 workload families (see {@link #of}); the classic one is {@link #random}. */
    enum Family {
        /** run words: sync runs of 1..50 (sometimes 10^5..10^6), detector and other words of small counts, SYNC_DELAY of both signs */
        RUNS,
        /** a periodic trigger with a positive SYNC_DELAY: T − a (windows before the recorded edge) or longer than T */
        DELAYED,
        /** SYNC_DELAY of 17..36 periods with syncs every period: the queue fills and syncs are dropped */
        OVERFLOW,
        /** long phases in which the host releases nothing: the ring fills, closes merge, then the host catches up */
        HOLD
    }

    private Scenario(final long seed, final int windows, final int detectors, final TagBatch tags, final int ringFrames,
                     final int maxBatch, final String summary) {
        this.seed = seed;
        this.windows = windows;
        this.detectors = detectors;
        this.tags = tags;
        this.ringFrames = ringFrames;
        this.maxBatch = maxBatch;
        this.summary = summary;
    }

    /** A random scenario for a core with (at least) W windows and D detectors; resets only when allowed. */
    static Scenario random(final long seed, final int w, final int d) {
        return random(seed, w, d, true);
    }

    static Scenario random(final long seed, final int w, final int d, final boolean resets) {
        final Random r = new Random(seed * 0x9E3779B97F4A7C15L + 12345);
        final int syncCh = r.nextInt(16);
        final int[] detCh = new int[d];
        for (int i = 0; i < d; i++) {
            detCh[i] = 16 + 3 * i + r.nextInt(3);
        }
        if (d > 1 && r.nextInt(8) == 0) {
            detCh[d - 1] = detCh[0]; // duplicate: the lowest detector wins
        }
        if (r.nextInt(10) == 0) {
            detCh[0] = syncCh; // sync wins over the detector
        }
        final int[] otherCh = {40, 41, 77, 200, 254};
        if (r.nextInt(12) == 0) {
            detCh[r.nextInt(d)] += 0x100; // a register value no 8-bit channel equals: that detector never clicks
        }
        // sometimes every delay carries the same huge shift: each delayed time wraps, offsets do not change
        final long shift = r.nextInt(12) == 0 ? (r.nextBoolean() ? 3L : -3L) << 61 : 0;
        final long syncDelay = r.nextInt(601) - 300 + shift;
        final long[] detDelay = new long[d];
        for (int i = 0; i < d; i++) {
            detDelay[i] = r.nextInt(601) - 300 + shift;
        }
        final int period = 100 + r.nextInt(900);
        final long[] start = new long[w];
        final long[] length = new long[w];
        for (int i = 0; i < w; i++) {
            start[i] = r.nextInt(period + 400) - 200;
            length[i] = r.nextInt(6) == 0 ? 0 : 1 + r.nextInt(period);
            if (r.nextInt(20) == 0) {
                start[i] = -(1L << 31);
                length[i] = 0xFFFF_FFFFL; // the widest window: every bin saturates
            } else if (r.nextInt(8) == 0) {
                length[i] |= (1L + r.nextInt(7)) << 32; // only the low 32 bits count
            }
        }
        final long[] binChoices = {0, 1, 2, 3, 4, 5, 7, 16, 64, 1000, 0xFFFF_FFFFL, 1L << 32, -1};
        final long binTicks = binChoices[r.nextInt(binChoices.length)];
        final long[] ftChoices = {0, 0, 1, 2, 3, 5, 17};
        final long frameTrials = ftChoices[r.nextInt(ftChoices.length)];

        final int trials = 20 + r.nextInt(300);
        final boolean jumps = r.nextInt(5) == 0; // gaps up to 2^40 ticks between some trials
        final long span = (long) trials * (6L * period + 100 + (jumps ? 1L << 40 : 0)) + 100_000;
        final long base = switch (r.nextInt(5)) {
            case 0 -> Long.MAX_VALUE - span;           // delayed times wrap past MAX
            case 1 -> Long.MIN_VALUE;                  // first tag at the initial last_time: in order
            case 2 -> -(long) r.nextInt(1_000_000);
            default -> r.nextInt(1_000_000);
        };

        final List<long[]> stream = new ArrayList<>();
        long cur = base;
        final int before = r.nextInt(6);
        for (int i = 0; i < before; i++) {
            cur += r.nextInt(50);
            stream.add(new long[] {cur, r.nextBoolean() ? detCh[r.nextInt(d)] : otherCh[r.nextInt(otherCh.length)]});
        }
        for (int n = 0; n < trials; n++) {
            final int g = r.nextInt(10);
            cur += g == 0 ? r.nextInt(20) : g == 1 ? 3L * period + r.nextInt(period)
                : g == 2 && jumps ? r.nextLong() >>> 24 : period / 2 + r.nextInt(period);
            stream.add(new long[] {cur, syncCh});
            final int k = r.nextInt(4) == 0 ? 0 : r.nextInt(8);
            long t = cur;
            for (int i = 0; i < k; i++) {
                final int kind = r.nextInt(20);
                if (kind == 0 && t > Long.MIN_VALUE + 400) {
                    // out of order: earlier than the last in-order tag (sync channel too)
                    final int ch = r.nextInt(3) == 0 ? syncCh : detCh[r.nextInt(d)];
                    stream.add(new long[] {t - 1 - r.nextInt(300), ch});
                    continue;
                }
                t += r.nextInt(period / 4 + 1);
                final int ch = kind < 3 ? otherCh[r.nextInt(otherCh.length)] : detCh[r.nextInt(d)];
                stream.add(new long[] {t, ch});
            }
            cur = t;
        }
        final TagBatch batch = new TagBatch(stream.size());
        for (final long[] tag : stream) {
            batch.add(tag[0], (int) tag[1]);
        }

        final Scenario s = new Scenario(seed, w, d, batch, 2 + r.nextInt(3), 1 + r.nextInt(r.nextBoolean() ? 8 : 700),
            String.format("seed %d: sync ch %d%+d, det ch %s%s, windows %s len %s, bin %d, FRAME_TRIALS %d, base %d, %d tags",
                seed, syncCh, syncDelay, Arrays.toString(detCh), Arrays.toString(detDelay), Arrays.toString(start),
                Arrays.toString(length), binTicks, frameTrials, base, stream.size()));
        s.writes.add(new long[] {PgMap.REG_SYNC_CHANNEL, syncCh});
        s.writes.add(new long[] {PgMap.REG_SYNC_DELAY, syncDelay});
        s.writes.add(new long[] {PgMap.REG_BIN_TICKS, binTicks});
        s.writes.add(new long[] {PgMap.REG_FRAME_TRIALS, frameTrials});
        for (int i = 0; i < d; i++) {
            s.writes.add(new long[] {PgMap.REG_DET_CHANNEL + i, detCh[i]});
            s.writes.add(new long[] {PgMap.REG_DET_DELAY + i, detDelay[i]});
        }
        for (int i = 0; i < w; i++) {
            s.writes.add(new long[] {PgMap.REG_WIN_START + i, start[i]});
            s.writes.add(new long[] {PgMap.REG_WIN_LENGTH + i, length[i]});
        }
        final int closes = r.nextInt(6);
        for (int i = 0; i < closes; i++) {
            final int pos = r.nextInt(stream.size() + 1);
            s.events.add(new long[] {pos, PgMap.REG_CTRL, PgMap.CTRL_CLOSE_FRAME});
            if (r.nextInt(3) == 0) {
                s.events.add(new long[] {pos, PgMap.REG_CTRL, PgMap.CTRL_CLOSE_FRAME}); // an empty frame
            }
        }
        if (resets && r.nextInt(4) == 0) {
            s.events.add(new long[] {r.nextInt(stream.size() + 1), PgMap.REG_CTRL,
                r.nextInt(4) == 0 ? PgMap.CTRL_CLOSE_FRAME | PgMap.CTRL_RESET : PgMap.CTRL_RESET});
        }
        if (r.nextInt(4) == 0) {
            // FRAME_TRIALS changed mid-run (possibly below the trials already in the frame)
            s.events.add(new long[] {r.nextInt(stream.size() + 1), PgMap.REG_FRAME_TRIALS, ftChoices[r.nextInt(ftChoices.length)]});
        }
        s.chooseRecords(1);
        s.events.sort((a, b) -> Long.compare(a[0], b[0]));
        return s;
    }

    /**
     * A random v2 workload of one {@link Family} for a core with (at least) W windows and D
     * detectors. {@code bigRuns}: some sync runs of 10^5..10^6, with FRAME_TRIALS 0 or at least
     * 10^5 so that a run crosses few frame boundaries (the RTL streams every frame out).
     */
    static Scenario of(final Family family, final long seed, final int w, final int d, final boolean resets,
                       final boolean bigRuns) {
        final Random r = new Random(seed * 0x9E3779B97F4A7C15L + 7919L * (family.ordinal() + 1) + (bigRuns ? 1 : 0));
        final int syncCh = r.nextInt(16);
        final int[] detCh = new int[d];
        for (int i = 0; i < d; i++) {
            detCh[i] = 16 + 3 * i + r.nextInt(3);
        }
        final int[] otherCh = {40, 41, 77, 200, 254};
        final int period = 100 + r.nextInt(900);
        final long[] detDelay = new long[d];
        for (int i = 0; i < d; i++) {
            detDelay[i] = r.nextInt(601) - 300;
        }
        final long syncDelay = delayFor(family, r, period);
        final long[] start = new long[w];
        final long[] length = new long[w];
        for (int i = 0; i < w; i++) {
            start[i] = family == Family.DELAYED && r.nextBoolean() ? -r.nextInt(period / 2 + 1) : r.nextInt(period + 400) - 200;
            length[i] = r.nextInt(8) == 0 ? 0 : 1 + r.nextInt(period);
        }
        final long[] binChoices = {0, 1, 2, 3, 4, 7, 16, 64, 1000};
        final long binTicks = binChoices[r.nextInt(binChoices.length)];
        final long[] ftChoices = bigRuns ? new long[] {0, 100_000, 250_000, 1_000_000}
            : family == Family.HOLD ? new long[] {1, 2, 3, 5, 10} : new long[] {0, 1, 2, 3, 5, 17};
        final long frameTrials = ftChoices[r.nextInt(ftChoices.length)];
        final boolean periodic = family == Family.DELAYED || family == Family.OVERFLOW;

        final int trials = 20 + r.nextInt(250);
        final long base = switch (r.nextInt(4)) {
            case 0 -> Long.MIN_VALUE;
            case 1 -> -(long) r.nextInt(1_000_000);
            default -> r.nextInt(1_000_000);
        };
        final List<long[]> stream = new ArrayList<>();
        long cur = base;
        final int before = r.nextInt(6);
        for (int i = 0; i < before; i++) {
            cur += r.nextInt(50);
            stream.add(new long[] {cur, r.nextBoolean() ? detCh[r.nextInt(d)] : otherCh[r.nextInt(otherCh.length)], 1});
        }
        long runs = 0;
        long maxRun = 1;
        long edge = cur + 50;
        for (int n = 0; n < trials; n++) {
            if (periodic) {
                // a jittered trigger; now and then a few periods without a sync word
                edge += (r.nextInt(15) == 0 ? 1 + r.nextInt(4) : 1) * (long) period + r.nextInt(5) - 2;
                cur = Math.max(cur, edge);
            } else {
                final int g = r.nextInt(10);
                cur += g == 0 ? r.nextInt(20) : g == 1 ? 3L * period + r.nextInt(period) : period / 2 + r.nextInt(period);
            }
            final long count = syncCount(family, r, bigRuns);
            if (count > 1) {
                runs++;
                maxRun = Math.max(maxRun, count);
            }
            stream.add(new long[] {cur, syncCh, count});
            if (family == Family.OVERFLOW && r.nextInt(8) == 0) {
                // a burst of sync words in one period
                final int burst = 3 + r.nextInt(18);
                for (int b = 0; b < burst; b++) {
                    cur += r.nextInt(period / 80 + 1);
                    stream.add(new long[] {cur, syncCh, r.nextInt(4) == 0 ? 1 + r.nextInt(5) : 1});
                }
            }
            final int k = r.nextInt(4) == 0 ? 0 : r.nextInt(8);
            long t = cur;
            for (int i = 0; i < k; i++) {
                final int kind = r.nextInt(20);
                final long c = r.nextInt(6) == 0 ? 1 + r.nextInt(5) : 1;
                if (kind == 0 && t > Long.MIN_VALUE + 400) {
                    final int ch = r.nextInt(3) == 0 ? syncCh : detCh[r.nextInt(d)];
                    stream.add(new long[] {t - 1 - r.nextInt(300), ch, c}); // out of order, whole word
                    continue;
                }
                t += r.nextInt((periodic ? period / 10 : period / 4) + 1);
                final int ch = kind < 3 ? otherCh[r.nextInt(otherCh.length)] : detCh[r.nextInt(d)];
                stream.add(new long[] {t, ch, c});
            }
            cur = t;
        }
        final TagBatch batch = new TagBatch(stream.size());
        for (final long[] tag : stream) {
            batch.add(tag[0], (int) tag[1], tag[2]);
        }
        final Scenario s = new Scenario(seed, w, d, batch, 2 + r.nextInt(3), 1 + r.nextInt(r.nextBoolean() ? 8 : 700),
            String.format("%s seed %d%s: sync ch %d%+d, period %d, det ch %s%s, windows %s len %s, bin %d, FRAME_TRIALS %d,"
                + " base %d, %d words, %d runs (longest %d)", family, seed, bigRuns ? " (big runs)" : "", syncCh, syncDelay,
                period, Arrays.toString(detCh), Arrays.toString(detDelay), Arrays.toString(start), Arrays.toString(length),
                binTicks, frameTrials, base, stream.size(), runs, maxRun));
        s.writes.add(new long[] {PgMap.REG_SYNC_CHANNEL, syncCh});
        s.writes.add(new long[] {PgMap.REG_SYNC_DELAY, syncDelay});
        s.writes.add(new long[] {PgMap.REG_BIN_TICKS, binTicks});
        s.writes.add(new long[] {PgMap.REG_FRAME_TRIALS, frameTrials});
        for (int i = 0; i < d; i++) {
            s.writes.add(new long[] {PgMap.REG_DET_CHANNEL + i, detCh[i]});
            s.writes.add(new long[] {PgMap.REG_DET_DELAY + i, detDelay[i]});
        }
        for (int i = 0; i < w; i++) {
            s.writes.add(new long[] {PgMap.REG_WIN_START + i, start[i]});
            s.writes.add(new long[] {PgMap.REG_WIN_LENGTH + i, length[i]});
        }
        final int size = stream.size();
        final int closes = r.nextInt(5);
        for (int i = 0; i < closes; i++) {
            final int pos = r.nextInt(size + 1);
            s.events.add(new long[] {pos, PgMap.REG_CTRL, PgMap.CTRL_CLOSE_FRAME});
            if (r.nextInt(3) == 0) {
                s.events.add(new long[] {pos, PgMap.REG_CTRL, PgMap.CTRL_CLOSE_FRAME});
            }
        }
        if (resets && r.nextInt(4) == 0) {
            s.events.add(new long[] {r.nextInt(size + 1), PgMap.REG_CTRL,
                r.nextInt(4) == 0 ? PgMap.CTRL_CLOSE_FRAME | PgMap.CTRL_RESET : PgMap.CTRL_RESET});
        }
        if (r.nextInt(4) == 0) {
            s.events.add(new long[] {r.nextInt(size + 1), PgMap.REG_FRAME_TRIALS, ftChoices[r.nextInt(ftChoices.length)]});
        }
        if (family != Family.RUNS && r.nextInt(3) == 0) {
            // SYNC_DELAY changed while syncs are pending, also to a value <= 0 (a sync then queues behind
            // the pending ones instead of being effective at once)
            for (int i = 1 + r.nextInt(3); i > 0; i--) {
                s.events.add(new long[] {r.nextInt(size + 1), PgMap.REG_SYNC_DELAY,
                    r.nextBoolean() ? -r.nextInt(300) : delayFor(family, r, period)});
            }
        }
        s.events.sort((a, b) -> Long.compare(a[0], b[0]));
        final int holds = family == Family.HOLD ? 1 + r.nextInt(3) : r.nextInt(3) == 0 ? 1 : 0;
        for (int i = 0; i < holds; i++) {
            final int from = r.nextInt(size + 1);
            s.holds.add(new int[] {from, from + r.nextInt(size - from + 1)});
        }
        s.chooseRecords(2 + family.ordinal());
        s.events.sort((a, b) -> Long.compare(a[0], b[0]));
        return s;
    }

    /** Trial records for two scenarios in three (own generator: the rest of the scenario is unchanged). */
    private void chooseRecords(final long salt) {
        final Random rr = new Random(seed * 0x2545F4914F6CDD1DL + salt);
        if (rr.nextInt(3) == 0) {
            return;
        }
        records = true;
        final int[] capacities = {1, 2, 3, 8, 64, Devices.DEFAULT_RECORD_CAPACITY};
        recordCapacity = capacities[rr.nextInt(capacities.length)];
        writes.add(new long[] {PgMap.REG_RECORDS_ENABLE, 1});
        if (rr.nextInt(4) == 0) {
            final int n = tags.size() + 1;
            events.add(new long[] {rr.nextInt(n), PgMap.REG_RECORDS_ENABLE, 0});
            events.add(new long[] {rr.nextInt(n), PgMap.REG_RECORDS_ENABLE, rr.nextBoolean() ? 1 : 3});
        }
    }

    private static long delayFor(final Family family, final Random r, final int period) {
        return switch (family) {
            case RUNS -> r.nextBoolean() ? -r.nextInt(300) : r.nextInt(period);
            case DELAYED -> r.nextInt(3) == 0
                ? period - r.nextInt(period / 2 + 1)                          // T - a: windows a ticks before the edge
                : (1L + r.nextInt(12)) * period + r.nextInt(period);           // longer than a period
            case OVERFLOW -> (17L + r.nextInt(20)) * period;
            case HOLD -> r.nextInt(3) == 0 ? r.nextInt(2 * period) : -r.nextInt(300);
        };
    }

    private static long syncCount(final Family family, final Random r, final boolean bigRuns) {
        if (bigRuns && r.nextInt(15) == 0) {
            return 100_000 + r.nextInt(900_001);
        }
        return switch (family) {
            case RUNS, HOLD -> r.nextInt(3) == 0 ? 1 + r.nextInt(50) : 1;
            case DELAYED -> r.nextInt(6) == 0 ? 1 + r.nextInt(20) : 1;
            case OVERFLOW -> r.nextInt(5) == 0 ? 1 + r.nextInt(10) : 1;
        };
    }

    /**
     * What a core produced for this scenario.
     *
     * @param frames         every frame, in order
     * @param pushes         what every push accepted
     * @param registersAtEvents TRIALS, FRAMES, MERGES, SYNC_PENDING, STATUS and frames in the ring after each event and at the end
     * @param refusedCommands CTRL writes refused with ESTATE (a command already held behind a waiting frame)
     * @param shortPushes    pushes that accepted fewer words than offered (a command waits behind the frozen frame)
     * @param records        every trial record read, in order
     */
    record Result(List<long[]> frames, List<Integer> pushes, List<String> registersAtEvents, int refusedCommands,
                  int shortPushes, List<long[]> records) { }

    /**
     * Drives a device through the scenario: writes, pushes of random sizes (reading and releasing
     * frames at random, and always when the core pushes back), CTRL commands at their stream
     * positions, then a final host close and a full drain.
     */
    Result run(final Device dev) {
        final Random r = new Random(seed ^ 0x5DEECE66DL);
        final Random rr = new Random(seed ^ 0x7F4A7C15L); // record reads: their own generator
        final List<long[]> recs = new ArrayList<>();
        final int recordWords = dev.recordLayout().recordWords;
        final List<long[]> frames = new ArrayList<>();
        final List<Integer> pushes = new ArrayList<>();
        final List<String> trace = new ArrayList<>();
        final long[] buf = new long[dev.layout().frameWords];
        for (final long[] wr : writes) {
            dev.writeRegister((int) wr[0], wr[1]);
        }
        final int n = tags.size();
        int pos = 0;
        int e = 0;
        int refused = 0;
        int shortPushes = 0;
        while (true) {
            final int target = e < events.size() ? (int) events.get(e)[0] : n;
            while (pos < target) {
                final int size = 1 + r.nextInt(Math.min(maxBatch, target - pos));
                final int got = dev.push(tags, pos, size);
                assertTrue(got >= 0 && got <= size, "push returned " + got + " of " + size);
                pushes.add(got);
                pos += got;
                if (got < size) {
                    shortPushes++;
                    if (dev.framesPending() == 0) {
                        fail(dev.engine() + ": push accepted " + got + " of " + size + " with an empty frame ring (" + summary + ")");
                    }
                    read(dev, buf, frames, 1 + r.nextInt(3));
                } else if (r.nextInt(3) == 0) {
                    final int max = r.nextInt(3);
                    if (!held(pos)) {
                        read(dev, buf, frames, max);
                    }
                }
                if (records && rr.nextInt(4) == 0) {
                    // a buffer of 1..4 records, sometimes with a few words to spare
                    final long[] dst = new long[(1 + rr.nextInt(4)) * recordWords + (rr.nextBoolean() ? rr.nextInt(recordWords) : 0)];
                    readRecords(dev, dst, recs);
                }
            }
            if (e == events.size()) {
                break;
            }
            final long[] ev = events.get(e);
            while (true) {
                try {
                    dev.writeRegister((int) ev[1], ev[2]);
                    break;
                } catch (final DeviceException x) {
                    if (x.code() != DeviceException.ESTATE || dev.framesPending() == 0) {
                        throw x;
                    }
                    // the core holds one command behind a waiting frame (engine link: one register
                    // write of any kind, behind tags that wait for it): release a frame, retry
                    refused++;
                    read(dev, buf, frames, 1);
                }
            }
            trace.add(registers(dev, "after event " + e + " at tag " + pos));
            e++;
        }
        while (true) {
            try {
                dev.requestFrameClose();
                break;
            } catch (final DeviceException x) {
                if (x.code() != DeviceException.ESTATE || dev.framesPending() == 0) {
                    throw x;
                }
                refused++;
                read(dev, buf, frames, 1);
            }
        }
        read(dev, buf, frames, Integer.MAX_VALUE);
        trace.add(registers(dev, "at the end"));
        final long[] all = new long[64 * recordWords];
        while (readRecords(dev, all, recs) > 0) {
            assertTrue(dev.recordsPending() >= 0);
        }
        if (dev.readRegister(PgMap.REG_STATUS) != (PgMap.STATUS_IDLE | PgMap.STATUS_QUIET)) {
            fail(dev.engine() + ": STATUS " + dev.readRegister(PgMap.REG_STATUS) + " after the final drain (" + summary + ")");
        }
        return new Result(frames, pushes, trace, refused, shortPushes, recs);
    }

    private boolean held(final int pos) {
        for (final int[] h : holds) {
            if (pos >= h[0] && pos < h[1]) {
                return true;
            }
        }
        return false;
    }

    private static String registers(final Device dev, final String when) {
        return when + ": TRIALS " + dev.readRegister(PgMap.REG_TRIALS) + ", FRAMES " + dev.readRegister(PgMap.REG_FRAMES)
            + ", MERGES " + dev.readRegister(PgMap.REG_MERGES) + ", SYNC_PENDING " + dev.readRegister(PgMap.REG_SYNC_PENDING)
            + ", STATUS " + dev.readRegister(PgMap.REG_STATUS) + ", frames in the ring " + dev.framesPending()
            + ", RECORDS_ENABLE " + dev.readRegister(PgMap.REG_RECORDS_ENABLE) + ", RECORDS_MADE "
            + dev.readRegister(PgMap.REG_RECORDS_MADE) + ", RECORDS_DROPPED " + dev.readRegister(PgMap.REG_RECORDS_DROPPED)
            + ", records in the ring " + dev.recordsPending();
    }

    /** One readRecords into dst; the records read are appended. Returns how many. */
    private static int readRecords(final Device dev, final long[] dst, final List<long[]> recs) {
        final int words = dev.recordLayout().recordWords;
        final int n = dev.readRecords(dst);
        assertTrue(n >= 0 && n % words == 0 && n <= dst.length, dev.engine() + ": readRecords returned " + n);
        for (int i = 0; i < n; i += words) {
            recs.add(Arrays.copyOfRange(dst, i, i + words));
        }
        return n / words;
    }

    private static void read(final Device dev, final long[] buf, final List<long[]> frames, final int max) {
        for (int i = 0; i < max && dev.readFrame(buf) > 0; i++) {
            frames.add(buf.clone());
            dev.releaseFrame();
        }
    }

    @Override
    public String toString() {
        return summary;
    }
}
