package org.pairgate.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.io.PtuHeader;
import org.pairgate.host.io.PtuRecordType;
import org.pairgate.host.io.PtuT2Writer;

/**
 * The harness's own input data, deterministic for a seed.
 *
 * <h2>T2 (HydraHarp V2 records, 1 ps ticks, written by {@link PtuT2Writer})</h2>
 * A trigger (sync, channel 0) every {@value #T2_PERIOD_PS} ps (100 kHz); per trial 0..3 detector clicks
 * (mean {@value #T2_MEAN_CLICKS}) on channels 1 and 2, 80 % of them inside 50..450 ns after the sync
 * (where the windows {@code pre=100ns:100ns}, {@code meas=280ns:120ns} are), 20 % anywhere in the period.
 * With the overflow records this is about 2.8 records per trial (about 10 % overflows).
 *
 * <h2>T3 (HydraHarp V2 T3, 80 MHz sync, 16 ps dtime bins)</h2>
 * Every period is a trial; a photon in a period with probability {@value #T3_PHOTON_PROBABILITY}
 * (detector input 0 or 1, dtime uniform over the first 10 ns): almost every trial is empty, so the
 * records are mostly photons and the sync-counter overflows (one per 1024 periods).
 */
public final class BenchData {
    public static final long T2_PERIOD_PS = 10_000_000L;
    public static final double T2_MEAN_CLICKS = 1.5;
    public static final long T3_SYNC_HZ = 80_000_000L;
    public static final double T3_DTIME_S = 16e-12;
    public static final double T3_PHOTON_PROBABILITY = 0.002;
    /** Bumped whenever the generated content changes, so cached files are rebuilt. */
    public static final int VERSION = 1;

    private BenchData() {
    }

    /** Writes a T2 file of at least {@code records} records (tags plus overflows); returns the records written. */
    public static long writeT2(final Path file, final long records, final long seed) throws IOException {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final long[] times = new long[4];
        final int[] chans = new int[4];
        try (PtuT2Writer w = PtuT2Writer.create(file, 1.0, 1_000_000_000_000L / T2_PERIOD_PS)) {
            long sync = 0;
            while (w.records() < records) {
                w.write(sync, 0);
                final double u = rnd.nextDouble();
                // 0..3 clicks with mean 1.5: P = 0.125, 0.375, 0.375, 0.125
                final int k = u < 0.125 ? 0 : u < 0.5 ? 1 : u < 0.875 ? 2 : 3;
                for (int i = 0; i < k; i++) {
                    final long dt = rnd.nextDouble() < 0.8 ? 50_000 + rnd.nextLong(400_000) : rnd.nextLong(T2_PERIOD_PS);
                    times[i] = sync + dt;
                    chans[i] = 1 + rnd.nextInt(2);
                }
                sortPairs(times, chans, k);
                for (int i = 0; i < k; i++) {
                    w.write(times[i], chans[i]);
                }
                sync += T2_PERIOD_PS;
            }
            // the sync closing the last trial
            w.write(sync, 0);
            return w.records();
        }
    }

    private static void sortPairs(final long[] t, final int[] c, final int k) {
        for (int i = 1; i < k; i++) {
            final long tv = t[i];
            final int cv = c[i];
            int j = i - 1;
            while (j >= 0 && t[j] > tv) {
                t[j + 1] = t[j];
                c[j + 1] = c[j];
                j--;
            }
            t[j + 1] = tv;
            c[j + 1] = cv;
        }
    }

    /** Writes a T3 file of {@code periods} sync periods at {@value #T3_SYNC_HZ} Hz; returns the records written. */
    public static long writeT3(final Path file, final long periods, final long seed) throws IOException {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final ByteBuffer out = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        long records = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
            final ByteBuffer header = t3Header();
            final int countOffset = header.getInt(header.limit() - 4);
            header.limit(header.limit() - 4);
            write(ch, header);
            long wrapped = 0; // periods covered by overflow records so far (multiples of 1024)
            final double logq = Math.log1p(-T3_PHOTON_PROBABILITY);
            long n = (long) Math.floor(Math.log(1 - rnd.nextDouble()) / logq);
            final int maxDtime = (int) Math.round(10e-9 / T3_DTIME_S);
            while (n < periods) {
                while (n - wrapped >= 1024) {
                    final long count = Math.min((n - wrapped) >>> 10, 1023);
                    put(ch, out, 0x8000_0000 | (63 << 25) | (int) count);
                    records++;
                    wrapped += count << 10;
                }
                final int input = rnd.nextInt(2);
                final int dtime = rnd.nextInt(maxDtime);
                put(ch, out, (input << 25) | (dtime << 10) | (int) (n - wrapped));
                records++;
                n += 1 + (long) Math.floor(Math.log(1 - rnd.nextDouble()) / logq);
            }
            // overflows up to the last period, so that the file reaches it
            while (periods - 1 - wrapped >= 1024) {
                final long count = Math.min((periods - 1 - wrapped) >>> 10, 1023);
                put(ch, out, 0x8000_0000 | (63 << 25) | (int) count);
                records++;
                wrapped += count << 10;
            }
            out.flip();
            write(ch, out);
            final ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, records);
            long at = countOffset;
            while (count.hasRemaining()) {
                at += ch.write(count, at);
            }
        }
        return records;
    }

    private static void put(final FileChannel ch, final ByteBuffer out, final int record) throws IOException {
        if (!out.hasRemaining()) {
            out.flip();
            write(ch, out);
            out.clear();
        }
        out.putInt(record);
    }

    private static void write(final FileChannel ch, final ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** The T3 header; its last int (beyond the limit-4) is the offset of the record count's value. */
    private static ByteBuffer t3Header() {
        final ByteBuffer h = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        h.put("PQTTTR\0\0".getBytes(StandardCharsets.US_ASCII)).put("1.0.00\0\0".getBytes(StandardCharsets.US_ASCII));
        tag(h, PtuHeader.TAG_MEASUREMENT_MODE, PtuHeader.TY_INT8, 3);
        tag(h, PtuHeader.TAG_RECORD_TYPE, PtuHeader.TY_INT8, PtuRecordType.HYDRAHARP_V2_T3);
        tag(h, PtuHeader.TAG_BITS_PER_RECORD, PtuHeader.TY_INT8, 32);
        tag(h, PtuHeader.TAG_RESOLUTION, PtuHeader.TY_FLOAT8, Double.doubleToLongBits(T3_DTIME_S));
        tag(h, PtuHeader.TAG_GLOBAL_RESOLUTION, PtuHeader.TY_FLOAT8, Double.doubleToLongBits(1.0 / T3_SYNC_HZ));
        tag(h, PtuHeader.TAG_SYNC_RATE, PtuHeader.TY_INT8, T3_SYNC_HZ);
        final int countAt = h.position() + 32 + 8;
        tag(h, PtuHeader.TAG_NUMBER_OF_RECORDS, PtuHeader.TY_INT8, 0);
        tag(h, PtuHeader.HEADER_END, PtuHeader.TY_EMPTY8, 0);
        h.putInt(countAt);
        h.flip();
        return h;
    }

    private static void tag(final ByteBuffer h, final String name, final int type, final long value) {
        final byte[] ident = Arrays.copyOf(name.getBytes(StandardCharsets.US_ASCII), 32);
        h.put(ident).putInt(-1).putInt(type).putLong(value);
    }

    /** The analysis of the T2 files: sync 0, detectors 1,2, pre=100ns:100ns, meas=280ns:120ns, bin 1ns, K = 8. */
    public static AnalysisConfig t2Config(final String engine, final long frameTrials) {
        return new AnalysisConfig(0, new int[] {1, 2}, List.of("pre", "meas"), new long[] {100_000, 280_000},
            new long[] {100_000, 120_000}, Map.of(), 8, 1_000, engine, frameTrials);
    }

    /** The CLI form of {@link #t2Config}. */
    public static List<String> t2CliArgs() {
        return List.of("--sync", "0", "--detectors", "1,2", "--window", "pre=100ns:100ns", "--window", "meas=280ns:120ns",
            "--bin", "1ns", "--max-dn", "8");
    }

    /** The analysis of the T3 file (1 ps ticks, period 12.5 ns): pre=1ns:4ns, meas=6ns:4ns, bin 1ns, K = 8. */
    public static AnalysisConfig t3Config(final String engine) {
        return new AnalysisConfig(0, new int[] {1, 2}, List.of("pre", "meas"), new long[] {1_000, 6_000},
            new long[] {4_000, 4_000}, Map.of(), 8, 1_000, engine, 0);
    }

    /** Whether {@code file} exists with the given stamp beside it (same generator version and size). */
    public static boolean cached(final Path file, final String stamp) throws IOException {
        final Path s = file.resolveSibling(file.getFileName() + ".stamp");
        return Files.isRegularFile(file) && Files.isRegularFile(s) && Files.readString(s).equals(stamp);
    }

    public static void stamp(final Path file, final String stamp) throws IOException {
        Files.writeString(file.resolveSibling(file.getFileName() + ".stamp"), stamp);
    }
}
