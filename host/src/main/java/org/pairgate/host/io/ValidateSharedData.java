package org.pairgate.host.io;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.pairgate.device.TagBatch;

/**
 * Decodes the real instrument files of a shared data directory (see its README.md) and checks them
 * against the counts published with them. Not a unit test: the tests never read files outside the
 * repository (a user's clone has none, and the ETA files are GPL and may not be copied in), so CI
 * runs this separately when the directory exists.
 *
 * <p>Prints one line per check and then {@code shared-data: N passed, M failed}; the exit status is
 * 1 when anything failed, 2 on bad usage.
 *
 * <pre>java -cp ... org.pairgate.host.io.ValidateSharedData ../shared/data</pre>
 */
public final class ValidateSharedData {
    private final PrintStream out;
    private int passed;
    private int failed;

    /** What a T2 file's README entry promises. */
    private record Expected(String file, long recordType, double resolutionPs, long records, long[] tagsPerChannel) {
    }

    private static final Expected[] T2_FILES = {
        new Expected("libpicoquant/v30_t2.ptu", PtuRecordType.HYDRAHARP_V2_T2, 1.0, 435_319, new long[] {0, 305_565}),
        new Expected("eta/200204_HH400_T2_320MHz_HBT.timeres", PtuRecordType.HYDRAHARP_V2_T2, 1.0, 409_482,
            new long[] {0, 159_298, 224_721}),
    };

    private static final String[] T3_FILES = {
        "eta/200204_HH400_T3_320MHz_HBT.timeres",
        "eta/200213_HH400_T3_80MHz_HBT.timeres",
    };

    private ValidateSharedData(final PrintStream out) {
        this.out = out;
    }

    public static void main(final String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ValidateSharedData <shared data dir, e.g. ../shared/data>");
            System.exit(2);
        }
        System.exit(run(Path.of(args[0]), System.out) == 0 ? 0 : 1);
    }

    /** Runs every check on {@code dataDir}, printing to {@code out}; returns the number failed. */
    public static int run(final Path dataDir, final PrintStream out) {
        final ValidateSharedData v = new ValidateSharedData(out);
        for (final Expected expected : T2_FILES) {
            v.checkT2(dataDir, expected);
        }
        for (final String file : T3_FILES) {
            v.checkT3Refused(dataDir, file);
        }
        out.println("shared-data: " + v.passed + " passed, " + v.failed + " failed");
        return v.failed;
    }

    private void checkT2(final Path dataDir, final Expected expected) {
        final Path path = dataDir.resolve(expected.file());
        if (!Files.isRegularFile(path)) {
            fail(expected.file(), "missing");
            return;
        }
        final long[] counts = new long[PtuT2Reader.MAX_CHANNELS];
        final TagBatch batch = new TagBatch(1 << 16);
        long lastTime = Long.MIN_VALUE;
        long outOfOrder = 0;
        try (PtuT2Reader reader = PtuT2Reader.open(path)) {
            check(expected.file() + " record type", reader.recordType() == expected.recordType(),
                PtuRecordType.describe(reader.recordType()));
            check(expected.file() + " resolution", reader.resolutionPs() == expected.resolutionPs(),
                reader.resolutionPs() + " ps");
            check(expected.file() + " declared records", reader.declaredRecords() == expected.records(),
                Long.toString(reader.declaredRecords()));
            int n;
            while ((n = reader.read(batch)) > 0) {
                for (int i = 0; i < n; i++) {
                    final long t = batch.time(i);
                    if (t < lastTime) {
                        outOfOrder++;
                    }
                    lastTime = t;
                    counts[batch.channel(i)]++;
                }
            }
            check(expected.file() + " records read", reader.recordsRead() == expected.records(),
                reader.recordsRead() + " (" + reader.overflows() + " overflow records, "
                    + reader.markers() + " markers)");
            for (int ch = 0; ch < counts.length; ch++) {
                final long want = ch < expected.tagsPerChannel().length ? expected.tagsPerChannel()[ch] : 0;
                if (want != 0 || counts[ch] != 0 || ch < expected.tagsPerChannel().length) {
                    check(expected.file() + " tags on channel " + ch,
                        counts[ch] == want && reader.tags(ch) == want, Long.toString(counts[ch]));
                }
            }
            check(expected.file() + " times non-decreasing", outOfOrder == 0, outOfOrder + " out of order");
            final long acquisitionMs = reader.header().getLong("MeasDesc_AcquisitionTime", -1);
            if (acquisitionMs > 0) {
                // the last tag lands within the acquisition time, close to its end: a wrong overflow
                // rule (count ignored, or the wrong period) shows up here
                final double lastMs = lastTime * reader.resolutionPs() * 1e-9;
                check(expected.file() + " span matches acquisition time",
                    lastMs <= acquisitionMs && lastMs > 0.95 * acquisitionMs,
                    String.format("last tag at %.3f ms of %d ms", lastMs, acquisitionMs));
            }
        } catch (final IOException | RuntimeException ex) {
            fail(expected.file(), ex.toString());
        }
    }

    private void checkT3Refused(final Path dataDir, final String file) {
        final Path path = dataDir.resolve(file);
        if (!Files.isRegularFile(path)) {
            fail(file, "missing");
            return;
        }
        try (PtuT2Reader ignored = PtuT2Reader.open(path)) {
            fail(file + " refused as T3", "opened without error");
        } catch (final IOException ex) {
            check(file + " refused as T3", ex.getMessage().contains("T3 record type"), ex.getMessage());
        } catch (final RuntimeException ex) {
            fail(file + " refused as T3", ex.toString());
        }
    }

    private void check(final String what, final boolean ok, final String detail) {
        if (ok) {
            passed++;
            out.println("PASS " + what + ": " + detail);
        } else {
            fail(what, detail);
        }
    }

    private void fail(final String what, final String detail) {
        failed++;
        out.println("FAIL " + what + ": " + detail);
    }
}
