package org.pairgate.host.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Test helper for the instrument stand-ins (instruments/native): where they are, how to script
 * them (their environment variables, set in this process through libc, which the stand-in reads
 * at open), and a T3 PTU writer for files to replay.
 */
final class StandIns {
    private StandIns() {
    }

    interface LibC extends Library {
        LibC C = Native.load("c", LibC.class);

        int setenv(String name, String value, int overwrite);

        int unsetenv(String name);
    }

    static Path library(final String kind) {
        final String dir = System.getProperty("pairgate.standin.dir",
            Path.of(System.getProperty("pairgate.root", ".."), "instruments", "target", "native").toString());
        return Path.of(dir, "multiharp".equals(kind) ? "libmhlib_standin.so"
            : "hydraharp".equals(kind) ? "libhhlib_standin.so" : "libth260lib_standin.so");
    }

    /** Scripts the stand-in: the file to replay, the speed ("max", "1", ...), the faults (null: none). */
    static void script(final Path ptu, final String speed, final String faults) {
        set("PAIRGATE_STANDIN_PTU", ptu == null ? null : ptu.toString());
        set("PAIRGATE_STANDIN_SPEED", speed);
        set("PAIRGATE_STANDIN_FAULT", faults);
    }

    private static void set(final String name, final String value) {
        if (value == null) {
            LibC.C.unsetenv(name);
        } else {
            LibC.C.setenv(name, value, 1);
        }
    }

    /**
     * A MultiHarp-style T3 PTU file (generic T3 records): {@code periods} sync periods of
     * {@code 1e12 / syncRate} ps, dtime bins of 25 ps; per period, with a fixed seed, nothing
     * (most periods), one click, or a pair on inputs 0 and 1 (channels 1 and 2) at dtimes spread
     * over the first 800 ns.
     */
    static void writeT3(final Path file, final long periods, final int syncRate, final long seed) throws IOException {
        writeT3(file, periods, syncRate, seed, 0x00010307);
    }

    /** As {@link #writeT3(Path, long, int, long)} with another HydraHarp-layout T3 record type (e.g. TimeHarp 260 N). */
    static void writeT3(final Path file, final long periods, final int syncRate, final long seed, final int recordType)
        throws IOException {
        final Random rnd = new Random(seed);
        final ByteBuffer records = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 64, periods * 12 + 4096))
            .order(ByteOrder.LITTLE_ENDIAN);
        long base = 0;
        long count = 0;
        for (long n = 0; n < periods; n++) {
            final double u = rnd.nextDouble();
            final int clicks = u < 0.6 ? 0 : u < 0.9 ? 1 : 2;
            for (int c = 0; c < clicks; c++) {
                while (n - base >= 1024) {
                    records.putInt(0xFE00_0001);            // overflow, count 1
                    base += 1024;
                    count++;
                }
                final int input = clicks == 2 ? c : rnd.nextInt(2);
                final int dtime = clicks == 2 && rnd.nextBoolean() ? 11_200 + rnd.nextInt(4_800) : rnd.nextInt(32_000);
                records.putInt((input << 25) | (dtime << 10) | (int) (n - base));
                count++;
            }
        }
        final ByteBuffer header = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        header.put("PQTTTR\0\0".getBytes(StandardCharsets.US_ASCII)).put("1.0.00\0\0".getBytes(StandardCharsets.US_ASCII));
        tag(header, "Measurement_Mode", 0x10000008, 3);
        tag(header, "TTResultFormat_TTTRRecType", 0x10000008, recordType);
        tag(header, "TTResultFormat_BitsPerRecord", 0x10000008, 32);
        tag(header, "MeasDesc_GlobalResolution", 0x20000008, Double.doubleToLongBits(1.0 / syncRate));
        tag(header, "MeasDesc_Resolution", 0x20000008, Double.doubleToLongBits(25e-12));
        tag(header, "TTResult_SyncRate", 0x10000008, syncRate);
        tag(header, "TTResult_NumberOfRecords", 0x10000008, count);
        tag(header, "Header_End", 0xFFFF0008, 0);
        header.flip();
        records.flip();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
            while (header.hasRemaining()) {
                ch.write(header);
            }
            while (records.hasRemaining()) {
                ch.write(records);
            }
        }
    }

    private static void tag(final ByteBuffer b, final String name, final int type, final long value) {
        final byte[] ident = new byte[32];
        final byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, ident, 0, n.length);
        b.put(ident).putInt(-1).putInt(type).putLong(value);
    }
}
