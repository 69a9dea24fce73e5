package org.pairgate.host.io;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of every reader through the code path of {@code pairgate info}
 * ({@link TagFileInfo#inspect}): mutated real and generated files must each end, within a time
 * limit, in either a clean decode or an {@link IOException} with a message. Anything else (another
 * exception, an error such as OutOfMemoryError, a hang) fails the test with the seed and the
 * mutation to reproduce it.
 */
class FuzzTest {
    private static final long SEED = 0x5EED_0007L;
    private static final int ROUNDS = 2000;
    private static final int PREFIX = 48 * 1024;

    @TempDir
    Path dir;

    /** The seeds: prefixes of the bundled real files (whole records), plus generated T3, raw and quTAG. */
    private List<byte[]> seeds() throws IOException {
        final List<byte[]> seeds = new ArrayList<>();
        seeds.add(prefix(Files.readAllBytes(TestFiles.v30()), PREFIX));
        for (final String name : List.of("v10.ht2", "v20.ht2", "v10.ht3", "v20.ht3", "v50.t3r")) {
            seeds.add(prefix(Files.readAllBytes(TestFiles.resource("/legacy/" + name)), PREFIX));
        }
        seeds.add(PtuT3ReaderTest.t3Header(PtuRecordType.HYDRAHARP_V2_T3, 16e-12, 80_000_000, 6)
            .int8("MeasDesc_AcquisitionTime", 100).end()
            .records(PtuT3ReaderTest.hh3(0, 10, 2), PtuT3ReaderTest.hh3Overflow(3), PtuT3ReaderTest.hh3(1, 5, 1),
                PtuT3ReaderTest.ph3(1, 1, 1), PtuBytes.hhSpecial(2, 0), PtuT3ReaderTest.hh3(0, 1, 1000))
            .bytes());
        seeds.add(PtuT3ReaderTest.t3Header(PtuRecordType.PICOHARP_T3, 4e-12, 40_000_000, 3).end()
            .records(PtuT3ReaderTest.ph3(1, 100, 7), PtuT3ReaderTest.ph3(15, 0, 0), PtuT3ReaderTest.ph3(2, 1, 2))
            .bytes());
        final Path raw = dir.resolve("seed.pgraw");
        try (RawTagWriter w = RawTagWriter.create(raw, 1.0)) {
            for (int i = 0; i < 500; i++) {
                w.write(i * 1000L, 1 + (i % 3));
            }
        }
        seeds.add(Files.readAllBytes(raw));
        final ByteBuffer q = ByteBuffer.allocate(40 + 200 * 10).order(ByteOrder.LITTLE_ENDIAN);
        q.position(40);
        for (int i = 0; i < 200; i++) {
            q.putLong(i * 777L).putShort((short)(1 + i % 2));
        }
        seeds.add(q.array());
        return seeds;
    }

    /** The first {@code n} bytes, cut to the PTU header plus whole records when a PTU. */
    private static byte[] prefix(final byte[] bytes, final int n) {
        return Arrays.copyOf(bytes, Math.min(bytes.length, n));
    }

    @Test
    void mutatedFilesDecodeOrFailWithAMessage() throws IOException {
        final List<byte[]> seeds = seeds();
        final SplittableRandom random = new SplittableRandom(SEED);
        int decoded = 0;
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            final int which = random.nextInt(seeds.size());
            final byte[] seed = seeds.get(which);
            final StringBuilder how = new StringBuilder("round " + round + ", seed file " + which);
            final byte[] mutated = mutate(seed, seeds.get(random.nextInt(seeds.size())), random, how);
            final String ext = which == seeds.size() - 1 ? ".qutag" : ".bin";
            final Path file = Files.write(dir.resolve("fuzz" + ext), mutated);
            final String context = how.toString();
            final boolean ok = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                try {
                    TagFileInfo.inspect(file);
                    return true;
                } catch (final IOException e) {
                    if (e.getMessage() == null || e.getMessage().isBlank()) {
                        fail(context + ": IOException without a message", e);
                    }
                    if (e.getMessage().contains("\n")) {
                        fail(context + ": message on more than one line: " + e.getMessage());
                    }
                    return false;
                } catch (final RuntimeException | Error e) {
                    fail(context + ": " + e, e);
                    return false;
                }
            }, context);
            if (ok) {
                decoded++;
            } else {
                refused++;
            }
        }
        assertTrue(decoded > 50 && refused > 50, "both outcomes exercised: " + decoded + " decoded, " + refused + " refused");
    }

    /** One to three mutations: bit flips, byte runs, truncation, splices, header field rewrites. */
    private static byte[] mutate(final byte[] seed, final byte[] other, final SplittableRandom random, final StringBuilder how) {
        byte[] b = seed.clone();
        final int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            final int kind = random.nextInt(7);
            final int at = b.length == 0 ? 0 : random.nextInt(b.length);
            switch (kind) {
                case 0: {
                    final int flips = 1 + random.nextInt(16);
                    // mostly in the header, where the interesting decisions are
                    for (int f = 0; f < flips && b.length > 0; f++) {
                        final int pos = random.nextInt(4) == 0 ? random.nextInt(b.length) : random.nextInt(Math.min(b.length, 1024));
                        b[pos] ^= (byte)(1 << random.nextInt(8));
                    }
                    how.append(", ").append(flips).append(" bit flips");
                    break;
                }
                case 1:
                    b = Arrays.copyOf(b, at);
                    how.append(", truncated to ").append(at);
                    break;
                case 2: {
                    final int from = other.length == 0 ? 0 : random.nextInt(other.length);
                    final int len = Math.min(other.length - from, 1 + random.nextInt(4096));
                    final byte[] spliced = Arrays.copyOf(b, at + len);
                    System.arraycopy(other, from, spliced, at, len);
                    b = spliced;
                    how.append(", spliced ").append(len).append(" bytes of another seed at ").append(at);
                    break;
                }
                case 3: {
                    // rewrite a 4- or 8-byte header field with an extreme value
                    final long[] extremes = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE,
                        0x7FFF_FFFF_FFFFL, 4096, 64};
                    final long value = extremes[random.nextInt(extremes.length)];
                    final int pos = Math.min(random.nextInt(Math.min(b.length + 1, 2048)), Math.max(0, b.length - 8));
                    if (b.length >= 8) {
                        final ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
                        if (random.nextBoolean()) {
                            bb.putLong(pos, value);
                        } else {
                            bb.putInt(pos, (int)value);
                        }
                    }
                    how.append(", field at ").append(pos).append(" := ").append(value);
                    break;
                }
                case 4: {
                    final int len = 1 + random.nextInt(512);
                    final byte[] garbage = new byte[len];
                    for (int i = 0; i < len; i++) {
                        garbage[i] = (byte)random.nextInt(256);
                    }
                    final byte[] grown = Arrays.copyOf(b, b.length + len);
                    System.arraycopy(b, at, grown, at + len, b.length - at);
                    System.arraycopy(garbage, 0, grown, at, len);
                    b = grown;
                    how.append(", ").append(len).append(" garbage bytes inserted at ").append(at);
                    break;
                }
                case 5: {
                    final byte fill = (byte)(random.nextBoolean() ? 0xFF : 0x00);
                    final int len = Math.min(b.length - at, 1 + random.nextInt(2048));
                    Arrays.fill(b, at, at + len, fill);
                    how.append(", ").append(len).append(" bytes of ").append(fill).append(" at ").append(at);
                    break;
                }
                default: {
                    // a record-count or length field set to a lie: the value of a tag found by name
                    final int pos = find(b, random.nextBoolean() ? "TTResult_NumberOfRecords" : "File_Comment");
                    if (pos >= 0 && pos + 48 <= b.length) {
                        final long lie = random.nextBoolean() ? 0 : random.nextLong();
                        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(pos + 40, lie);
                        how.append(", tag value at ").append(pos).append(" := ").append(lie);
                    } else {
                        how.append(", (no tag to rewrite)");
                    }
                    break;
                }
            }
        }
        return b;
    }

    private static int find(final byte[] haystack, final String name) {
        final byte[] needle = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i <= haystack.length - needle.length && i < 8192; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
