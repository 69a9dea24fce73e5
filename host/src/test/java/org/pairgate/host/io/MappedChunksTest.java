package org.pairgate.host.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.agrona.UnsafeAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pairgate.device.HydraT2Sink;
import org.pairgate.device.HydraT2State;

/**
 * The T2 reader over map windows ({@link MappedChunks}) against the same reader copying into a
 * buffer ({@link ChunkedFile}): the same tags, counts, raw records handed to a fused sink and
 * end-of-file errors, for windows small enough that the bundled file (435,319 records after a
 * 4392-byte header: its data starts off any page boundary) spans hundreds to thousands of them
 * (a map costs ~0.1 ms here: smaller windows make a slow test, not a stronger one), and a window
 * whose size is not a whole number of records (406 bytes: rounded down to 101 records, so that
 * no record is ever split between two windows).
 */
class MappedChunksTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {406, 4100, 65536, PtuT2Reader.DEFAULT_CHUNK_BYTES})
    void windowsGiveTheStreamAndCountsOfTheBuffer(final int windowBytes) throws IOException {
        final Path file = PtuT2ReaderTest.bundled();
        final PtuT2ReaderTest.Tags reference;
        final long[] referenceCounts;
        try (PtuT2Reader r = PtuT2Reader.open(file, PtuT2Reader.DEFAULT_CHUNK_BYTES, false)) {
            reference = PtuT2ReaderTest.readAll(r, 4096);
            referenceCounts = r.counts();
        }
        try (PtuT2Reader r = PtuT2Reader.open(file, windowBytes, true)) {
            final PtuT2ReaderTest.Tags tags = PtuT2ReaderTest.readAll(r, 1000);
            assertArrayEquals(reference.times(), tags.times());
            assertArrayEquals(reference.channels(), tags.channels());
            assertArrayEquals(referenceCounts, r.counts());
            assertEquals(435_319L, r.recordsRead());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 4100, 65536, PtuT2Reader.DEFAULT_CHUNK_BYTES})
    void fusedSinkSeesEveryRecordOnceInPlaceAcrossWindows(final int windowBytes) throws IOException {
        final Path file = PtuT2ReaderTest.bundled();
        final byte[] bytes = Files.readAllBytes(file);
        final long dataOffset;
        try (PtuT2Reader r = PtuT2Reader.open(file)) {
            dataOffset = r.header().dataOffset();
        }
        final ByteBuffer data = ByteBuffer.wrap(bytes, (int) dataOffset, bytes.length - (int) dataOffset)
            .slice().order(ByteOrder.LITTLE_ENDIAN);
        final int[] expected = new int[data.remaining() / 4];
        data.asIntBuffer().get(expected);

        final long[] bufferCounts;
        try (PtuT2Reader r = PtuT2Reader.open(file, PtuT2Reader.DEFAULT_CHUNK_BYTES, false)) {
            drainFused(r, new Collector(expected.length, 777));
            bufferCounts = r.counts();
        }
        try (PtuT2Reader r = PtuT2Reader.open(file, windowBytes, true)) {
            final Collector c = drainFused(r, new Collector(expected.length, 777));
            assertArrayEquals(expected, Arrays.copyOf(c.records, c.n), "every record once, in order");
            assertTrue(c.calls > expected.length / 777, "the sink took at most 777 records a call: " + c.calls);
            assertArrayEquals(bufferCounts, r.counts());
        }
    }

    /** {@link RecordWindows} read or mapped, windows of whole records whatever size is asked: the file's records, in order, once. */
    @ParameterizedTest
    @ValueSource(ints = {406, 4100, 1 << 20})
    void recordWindowsReadOrMappedHoldTheFilesRecords(final int windowBytes) throws IOException {
        final Path file = PtuT2ReaderTest.bundled();
        final byte[] bytes = Files.readAllBytes(file);
        final long dataOffset;
        try (PtuT2Reader r = PtuT2Reader.open(file)) {
            dataOffset = r.header().dataOffset();
        }
        final int[] expected = new int[(bytes.length - (int) dataOffset) / 4];
        ByteBuffer.wrap(bytes, (int) dataOffset, expected.length * 4).slice().order(ByteOrder.LITTLE_ENDIAN)
            .asIntBuffer().get(expected);
        for (final boolean mapped : new boolean[] {false, true}) {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file);
                 RecordWindows w = new RecordWindows(ch, dataOffset, 4, windowBytes, mapped)) {
                assertEquals(expected.length, w.fileRecords());
                final int[] got = new int[expected.length];
                long done = 0;
                int windows = 0;
                while (done < got.length) {
                    final long n = w.map(done, got.length - done);
                    assertTrue(n > 0 && n <= Math.max(1, Math.min(windowBytes, mapped ? windowBytes : RecordWindows.READ_WINDOW_BYTES) / 4),
                        n + " records in a window of " + windowBytes + " bytes");
                    assertEquals(done, w.first());
                    for (int i = 0; i < n; i++) {
                        got[(int) done + i] = UnsafeAccess.UNSAFE.getInt(w.address() + 4L * i);
                    }
                    done += n;
                    windows++;
                }
                assertArrayEquals(expected, got, (mapped ? "mapped" : "read") + " windows of " + windowBytes + " bytes");
                assertTrue(windows >= expected.length * 4L / Math.max(windowBytes, 1 << 18) , "windows " + windows);
                assertEquals(0, w.map(done, 0));
                if (!mapped) {
                    assertThrows(java.io.EOFException.class, () -> w.map(expected.length, 10), "past the end");
                }
            }
        }
    }

    @Test
    void incompleteFinalRecordIsTheSameErrorMappedOrNot() throws IOException {
        final byte[] bytes = Files.readAllBytes(PtuT2ReaderTest.bundled());
        final Path file = Files.write(dir.resolve("torn.ptu"), Arrays.copyOf(bytes, bytes.length - 2));
        final String buffered = endError(file, false);
        assertTrue(buffered.contains("2 bytes") || buffered.contains("record"), buffered);
        assertEquals(buffered, endError(file, true));
    }

    @Test
    void fewerRecordsThanDeclaredIsTheSameErrorMappedOrNot() throws IOException {
        final byte[] bytes = Files.readAllBytes(PtuT2ReaderTest.bundled());
        final Path file = Files.write(dir.resolve("short.ptu"), Arrays.copyOf(bytes, bytes.length - 4 * 1000));
        assertEquals(endError(file, false), endError(file, true));
    }

    /** The message of the end-of-file error, after the records that are there were all delivered. */
    private static String endError(final Path file, final boolean mapped) throws IOException {
        try (PtuT2Reader r = PtuT2Reader.open(file, 4100, mapped)) {
            final IOException e = assertThrows(IOException.class, () -> PtuT2ReaderTest.readAll(r, 999));
            return e.getMessage() + " after " + r.recordsRead();
        }
    }

    private static <S extends HydraT2Sink> S drainFused(final PtuT2Reader r, final S sink) throws IOException {
        int n;
        while ((n = r.readFused(sink, 5000)) >= 0) {
            assertTrue(n <= 5000);
        }
        return sink;
    }

    /** Copies the records it is handed (at most {@code perCall} a call) and counts them into the state as the kernels do. */
    private static final class Collector implements HydraT2Sink {
        final int[] records;
        final int perCall;
        int n;
        int calls;

        Collector(final int capacity, final int perCall) {
            this.records = new int[capacity];
            this.perCall = perCall;
        }

        @Override
        public int pushHydraHarpT2(final long address, final int count, final HydraT2State state) {
            final int k = Math.min(count, perCall);
            for (int i = 0; i < k; i++) {
                final int rec = UnsafeAccess.UNSAFE.getInt(address + 4L * i);
                records[n++] = rec;
                final int top = rec >>> 25;
                if (top == 127) {
                    final long timetag = rec & 0x01FF_FFFF;
                    final long periods = state.v1 ? 1 : timetag == 0 ? 1 : timetag;
                    state.timeBase += state.v1 ? HydraT2State.V1_WRAP : periods << 25;
                    state.overflows++;
                    state.overflowPeriods += periods;
                } else if (top <= 64) {
                    state.tags[top == 64 ? 0 : top + 1]++;
                } else if ((top & 0x3F) <= 15) {
                    state.markers++;
                } else {
                    state.reservedSpecials++;
                }
            }
            calls++;
            return k;
        }
    }
}
