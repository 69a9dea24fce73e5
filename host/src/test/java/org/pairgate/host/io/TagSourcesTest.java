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
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format detection, the raw and quTAG formats, and the legacy files against libpicoquant's output. */
class TagSourcesTest {
    @TempDir
    Path dir;

    @Test
    void opensTheBundledPtuT2ByItsMagic() throws IOException {
        try (TagFile file = TagSources.open(TestFiles.v30())) {
            assertEquals("PTU", file.format());
            assertEquals("T2", file.mode());
            assertEquals(305_565, TestFiles.readAll(file, 1 << 16).size());
            assertEquals(305_565, file.events(1));
            assertEquals(435_319, file.recordsRead());
        }
    }

    @Test
    void rawRoundTripKeepsEveryTagExactly() throws IOException {
        final Path file = dir.resolve("x.pgraw");
        final long[] times = {Long.MIN_VALUE, -5, 0, 0, 7, 1L << 40, Long.MAX_VALUE};
        final int[] channels = {0, 1, 2, 254, 3, 1, 0};
        try (RawTagWriter w = RawTagWriter.create(file, 0.5)) {
            for (int i = 0; i < times.length; i++) {
                w.write(times[i], channels[i]);
            }
        }
        assertEquals(RawTagWriter.HEADER_BYTES + times.length * RawTagWriter.RECORD_BYTES, Files.size(file));
        try (TagFile in = TagSources.open(file)) {
            assertEquals("pairgate-raw", in.format());
            assertEquals(0.5, in.resolutionPs());
            assertEquals(times.length, in.declaredRecords());
            final TestFiles.Tags tags = TestFiles.readAll(in, 3);
            assertArrayEquals(times, tags.times());
            assertArrayEquals(channels, tags.channels());
        }
    }

    @Test
    void rawWriterRefusesTheReservedChannel() throws IOException {
        try (RawTagWriter w = RawTagWriter.create(dir.resolve("r.pgraw"), 1)) {
            assertThrows(IllegalArgumentException.class, () -> w.write(0, 255));
        }
    }

    @Test
    void truncatedRawFileFailsAfterDeliveringWholeRecords() throws IOException {
        final Path file = dir.resolve("t.pgraw");
        try (RawTagWriter w = RawTagWriter.create(file, 1)) {
            w.write(1, 1);
            w.write(2, 2);
        }
        final byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        try (TagFile in = TagSources.open(file)) {
            final org.pairgate.device.TagBatch batch = new org.pairgate.device.TagBatch(8);
            assertEquals(1, in.read(batch));
            final IOException ex = assertThrows(IOException.class, () -> in.read(batch));
            assertTrue(ex.getMessage().contains("truncated final record") && ex.getMessage().contains("header declares 2"),
                ex.getMessage());
        }
    }

    @Test
    void qutagRecordsByExtension() throws IOException {
        final ByteBuffer b = ByteBuffer.allocate(40 + 3 * 10).order(ByteOrder.LITTLE_ENDIAN);
        b.position(40);
        b.putLong(100).putShort((short)5).putLong(150).putShort((short)1).putLong(151).putShort((short)2);
        final Path file = Files.write(dir.resolve("a.qutag"), b.array());
        try (TagFile in = TagSources.open(file)) {
            assertEquals("quTAG", in.format());
            final TestFiles.Tags tags = TestFiles.readAll(in, 2);
            assertArrayEquals(new long[] {100, 150, 151}, tags.times());
            assertArrayEquals(new int[] {5, 1, 2}, tags.channels());
        }
        b.putShort(48, (short)300);
        Files.write(file, b.array());
        try (TagFile in = TagSources.open(file)) {
            final IOException ex = assertThrows(IOException.class, () -> TestFiles.readAll(in, 8));
            assertTrue(ex.getMessage().contains("channel 300"), ex.getMessage());
        }
    }

    @Test
    void unknownFormatsAreNamed() throws IOException {
        final Path file = Files.writeString(dir.resolve("what.bin"), "GIF89a and so on");
        final IOException ex = assertThrows(IOException.class, () -> TagSources.open(file));
        assertTrue(ex.getMessage().contains("unknown file format") && ex.getMessage().contains("GIF89a"), ex.getMessage());
        final IOException missing = assertThrows(IOException.class, () -> TagSources.open(dir.resolve("nope.ptu")));
        assertTrue(missing.getMessage().endsWith("no such file"), missing.getMessage());
    }

    /**
     * The legacy files decode as libpicoquant's .data says, with its conventions translated (inputs
     * from 0, sync = number of inputs in T2, HydraHarp T3 dtime in ps, TimeHarp dtime in bins, T2
     * times truncated to whole ps). The samples are cut short of their declared record counts,
     * which must be reported at the end.
     */
    @Test
    void legacyFilesMatchTheirDataCompanions() throws IOException {
        for (final String name : List.of("v10.ht2", "v20.ht2", "v10.ht3", "v20.ht3", "v50.t3r")) {
            final Path path = TestFiles.resource("/legacy/" + name);
            final List<String> data = Files.readAllLines(TestFiles.resource("/legacy/" + name + ".data"));
            try (TagFile file = TagSources.open(path)) {
                final boolean t3 = "T3".equals(file.mode());
                final long inputs = file.headerFields().get("InputChannelsPresent") instanceof Long l ? l : -1;
                final org.pairgate.device.TagBatch batch = new org.pairgate.device.TagBatch(1024);
                final java.util.ArrayList<String> mine = new java.util.ArrayList<>();
                long period = -1;
                final PtuT3Reader r3 = t3 ? (PtuT3Reader)file : null;
                String endError = null;
                try {
                    int n;
                    while ((n = file.read(batch)) > 0) {
                        for (int i = 0; i < n; i++) {
                            final int ch = batch.channel(i);
                            if (t3 && ch == 0) {
                                period++;
                            } else if (t3) {
                                final long offset = batch.time(i) - period * r3.periodTicks();
                                final long dtime = "T3R".equals(file.format()) ? offset / r3.dtimeTicks()
                                    : Math.round(offset * file.resolutionPs());
                                mine.add((ch - 1) + "," + period + "," + dtime);
                            } else {
                                mine.add((ch == 0 ? inputs : ch - 1) + "," + (long)Math.floor(batch.time(i) * file.resolutionPs()));
                            }
                        }
                    }
                } catch (final IOException end) {
                    endError = end.getMessage();
                }
                for (int i = 0; i < data.size(); i++) {
                    assertEquals(data.get(i).strip(), mine.get(i), name + " record " + i);
                }
                if ("v20.ht3".equals(name)) {
                    assertEquals(null, endError);
                    assertEquals(file.declaredRecords(), file.recordsRead());
                } else {
                    assertTrue(endError != null && endError.contains("truncat"), name + ": " + endError);
                }
            }
        }
    }

    @Test
    void legacyFormatsAndTicks() throws IOException {
        try (TagFile f = TagSources.open(TestFiles.resource("/legacy/v10.ht2"))) {
            assertEquals("HT2", f.format());
            assertEquals(0.5, f.resolutionPs());
            assertTrue(f.recordTypeName().contains("HydraHarp V1 T2"), f.recordTypeName());
        }
        try (TagFile f = TagSources.open(TestFiles.resource("/legacy/v20.ht3"))) {
            assertEquals("HT3", f.format());
            assertTrue(f.recordTypeName().contains("HydraHarp V2 T3"), f.recordTypeName());
        }
        try (TagFile f = TagSources.open(TestFiles.resource("/legacy/v50.t3r"))) {
            assertEquals("T3R", f.format());
            assertEquals(100_000 / 70.237, ((PtuT3Reader)f).periodTicks(), 1.0);
        }
    }
}
