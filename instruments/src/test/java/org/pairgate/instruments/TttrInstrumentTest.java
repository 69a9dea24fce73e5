package org.pairgate.instruments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.sun.jna.Library;
import com.sun.jna.Native;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TttrInstrument} against the MHLib stand-in: the FIFO blocks deliver the replayed file's
 * records exactly, in blocks no larger than MH_ReadFiFo's 1,048,576; the acquisition time passed to
 * the start call ends the stream through the CTC status; a stop ends it at the next block.
 */
class TttrInstrumentTest {
    interface LibC extends Library {
        LibC C = Native.load("c", LibC.class);

        int setenv(String name, String value, int overwrite);
    }

    @TempDir
    static Path dir;
    static Path ptu;
    static int[] records;

    /** 1.5 s of generic T2 records: a sync every 10 µs, an input-0 click 300 ns after every third, overflows. */
    @BeforeAll
    static void file() throws IOException {
        final ByteBuffer r = ByteBuffer.allocate(4 << 20).order(ByteOrder.LITTLE_ENDIAN);
        long base = 0;
        for (long t = 0; t < 1_500_000_000_000L; t += 10_000_000L) {
            for (int k = 0; k < (t / 10_000_000L % 3 == 0 ? 2 : 1); k++) {
                final long time = t + k * 300_000L;
                while (time - base >= 1L << 25) {
                    r.putInt(0xFE00_0001);   // overflow, count 1
                    base += 1L << 25;
                }
                r.putInt(k == 0 ? 0x8000_0000 | (int) (time - base) : (int) (time - base));
            }
        }
        r.flip();
        records = new int[r.remaining() / 4];
        r.asIntBuffer().get(records);
        final ByteBuffer h = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        h.put("PQTTTR\0\0".getBytes(StandardCharsets.US_ASCII)).put("1.0.00\0\0".getBytes(StandardCharsets.US_ASCII));
        tag(h, "TTResultFormat_TTTRRecType", 0x10000008, 0x00010207);
        tag(h, "MeasDesc_GlobalResolution", 0x20000008, Double.doubleToLongBits(1e-12));
        tag(h, "TTResult_SyncRate", 0x10000008, 100_000);
        tag(h, "Header_End", 0xFFFF0008, 0);
        h.flip();
        ptu = dir.resolve("t2.ptu");
        try (FileChannel ch = FileChannel.open(ptu, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(h);
            r.rewind();
            while (r.hasRemaining()) {
                ch.write(r);
            }
        }
    }

    private static void tag(final ByteBuffer b, final String name, final int type, final long value) {
        final byte[] ident = new byte[32];
        final byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, ident, 0, n.length);
        b.put(ident).putInt(-1).putInt(type).putLong(value);
    }

    private static TttrInstrument open(final String speed) throws IOException {
        LibC.C.setenv("PAIRGATE_STANDIN_PTU", ptu.toString(), 1);
        LibC.C.setenv("PAIRGATE_STANDIN_SPEED", speed, 1);
        LibC.C.setenv("PAIRGATE_STANDIN_FAULT", "", 1);
        final TttrInstrument i = new TttrInstrument(VendorLibraries.load("multiharp",
            BindingSymbolsTest.standIn("libmhlib_standin.so")), 0, 2, InstrumentSettings.defaults());
        i.open();
        return i;
    }

    @AfterEach
    void noFaults() {
        LibC.C.setenv("PAIRGATE_STANDIN_FAULT", "", 1);
    }

    @Test
    void blocksDeliverTheFileExactly() throws IOException {
        try (TttrInstrument i = open("max")) {
            assertEquals(1.0, i.resolutionPs(), 1e-9);
            assertEquals(4 * MHLib.TTREADMAX, i.buffer().capacity());
            i.start(100_000);
            final int[] got = new int[records.length];
            int n = 0;
            int blocks = 0;
            int k;
            while ((k = i.readBlock()) >= 0) {
                assertTrue(k <= MHLib.TTREADMAX);
                i.buffer().asIntBuffer().get(got, n, k);   // the test copies; the pipeline decodes in place
                n += k;
                blocks += k > 0 ? 1 : 0;
            }
            assertEquals(records.length, n);
            assertArrayEquals(records, got);
            assertEquals((records.length + MHLib.TTREADMAX - 1) / MHLib.TTREADMAX, blocks, "full blocks when read as fast as possible");
            assertEquals("acquisition time over", i.report().get("end"));
            assertTrue(!i.lostData());
            // the count rates the library reports (the stand-in: the file's mean rates), kept for the report
            assertEquals(100_000, ((Number) i.report().get("sync_count_rate_hz")).doubleValue(), 100);
            assertEquals(33_334, ((int[]) i.report().get("input_count_rates_hz"))[0], 100);
        }
    }

    @Test
    void theAcquisitionTimeEndsTheStreamThroughTheCtcStatus() throws IOException {
        try (TttrInstrument i = open("1")) {
            i.start(200);    // 200 ms of a 1.5 s recording, replayed at its recorded rate
            long n = 0;
            int k;
            while ((k = i.readBlock()) >= 0) {
                n += k;
            }
            assertEquals("acquisition time over", i.report().get("end"));
            assertTrue(n > 0 && n < records.length * 0.5, n + " of " + records.length);
            assertTrue(((Number) i.report().get("empty_reads")).longValue() > 0, "paced: the FIFO was read empty in between");
        }
    }

    @Test
    void aStopEndsTheStreamAtTheNextBlock() throws IOException {
        try (TttrInstrument i = open("1")) {
            i.start(100_000);
            assertTrue(i.readBlock() >= 0);
            i.stop();
            assertEquals(-1, i.readBlock());
            assertEquals("stopped", i.report().get("end"));
        }
    }

    @Test
    void vendorErrorsCarryTheLibrarysTextAndCode() throws IOException {
        LibC.C.setenv("PAIRGATE_STANDIN_FAULT", "error=1000:-24", 1);
        try (TttrInstrument i = openWithFaults()) {
            i.start(100_000);
            final InstrumentException e = assertThrows(InstrumentException.class, () -> {
                while (i.readBlock() >= 0) {
                    // read until the scripted error
                }
            });
            assertEquals("multiharp 0: DMA failure (code -24)", e.getMessage());
            assertEquals(-24, e.code());
            assertEquals("MH_ReadFiFo", e.call());
        }
    }

    private static TttrInstrument openWithFaults() throws IOException {
        LibC.C.setenv("PAIRGATE_STANDIN_PTU", ptu.toString(), 1);
        LibC.C.setenv("PAIRGATE_STANDIN_SPEED", "max", 1);
        final TttrInstrument i = new TttrInstrument(VendorLibraries.load("multiharp",
            BindingSymbolsTest.standIn("libmhlib_standin.so")), 0, 2, InstrumentSettings.defaults());
        i.open();
        return i;
    }
}
