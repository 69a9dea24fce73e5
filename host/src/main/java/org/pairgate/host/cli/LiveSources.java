package org.pairgate.host.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

import org.pairgate.host.io.InstrumentSource;
import org.pairgate.host.io.LiveSource;
import org.pairgate.instruments.InstrumentSettings;
import org.pairgate.instruments.TttrInstrument;
import org.pairgate.instruments.VendorLibraries;

/**
 * The instrument sources of {@code acquire}: {@code multiharp[:INDEX]}, {@code hydraharp[:INDEX]},
 * {@code timeharp[:INDEX]} (PicoQuant's libraries through JNA, docs/instruments.md) and {@code idq:HOST[:PORT]} (not
 * implemented: the data stream is not publicly specified, see the docs).
 */
final class LiveSources {
    private LiveSources() {
    }

    /** Whether {@code source} names an instrument rather than a file or the simulator. */
    static boolean isInstrument(final String source) {
        final String kind = source.split(":", 2)[0].toLowerCase(Locale.ROOT);
        return VendorLibraries.KINDS.contains(kind) || "idq".equals(kind);
    }

    /**
     * Loads the vendor library, opens and configures the instrument; the measurement starts at the
     * stream's first read and lasts {@code durationNanos} (0: the library's maximum, 100 h).
     */
    static LiveSource open(final String source, final String mode, final Path lib, final Path settingsFile,
                           final long durationNanos) throws IOException {
        final String[] parts = source.split(":", 2);
        final String kind = parts[0].toLowerCase(Locale.ROOT);
        if ("idq".equals(kind)) {
            throw new UsageException("--source idq: not available: ID Quantique's time-tag stream is not publicly specified"
                + " precisely enough to implement honestly (docs/instruments.md says what is missing)");
        }
        final int index;
        try {
            index = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (final NumberFormatException e) {
            throw new UsageException("--source " + source + ": the device index must be a number 0..7");
        }
        if (index < 0 || index > 7) {
            throw new UsageException("--source " + source + ": the device index must be 0..7");
        }
        final int m;
        switch (mode.toUpperCase(Locale.ROOT)) {
            case "T2":
                m = 2;
                break;
            case "T3":
                m = 3;
                break;
            default:
                throw new UsageException("--mode must be T2 or T3, not '" + mode + "'");
        }
        if (settingsFile != null && !Files.isRegularFile(settingsFile)) {
            throw new NoSuchFileException(settingsFile.toString());
        }
        final InstrumentSettings settings = settingsFile == null ? InstrumentSettings.defaults()
            : InstrumentSettings.read(settingsFile);
        final TttrInstrument instrument = new TttrInstrument(VendorLibraries.load(kind, lib), index, m, settings);
        try {
            instrument.open();
            final long ms = durationNanos > 0 ? Math.max(1, (durationNanos + 999_999) / 1_000_000)
                : TttrInstrument.Flags.ACQTMAX;
            return InstrumentSource.of(instrument, true, ms);
        } catch (final IOException | RuntimeException e) {
            instrument.close();
            throw e;
        }
    }
}
