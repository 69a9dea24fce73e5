package org.pairgate.host.analysis;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.pairgate.device.PgMap;

/**
 * Writes trial records as CSV, one line per trial with a click (docs/formats.md, "Trial records
 * CSV"), and checks each record on the way: trial indices strictly increase, the pattern is
 * non-zero and within the shape, a first-arrival bin is below B for a set bit and 0 for a clear
 * one. A record that breaks one of these is an error, never a line.
 *
 * <p>Columns: {@code trial} (index since the analysis started), {@code sync_time} (the trial's
 * effective sync time, source ticks), {@code pattern} (bit w·D + d = detector d clicked in window
 * w), then one {@code bin_<window>_d<d>} per pattern bit (first-arrival bin, BIN_TICKS ticks each;
 * empty when the bit is clear).
 */
public final class TrialRecordCsv implements TrialRecordSink, Closeable {
    private final BufferedWriter out;
    private final List<String> windowNames;
    private final StringBuilder line = new StringBuilder(128);
    private PgMap.FrameLayout shape;        // set by the header: the core's shape
    private PgMap.RecordLayout layout;
    private long lastTrial = -1;
    private long written;

    /** Creates (or replaces) {@code file}; the window names (configuration order) name the bin columns. */
    public TrialRecordCsv(final Path file, final List<String> windowNames) throws IOException {
        this.windowNames = List.copyOf(Objects.requireNonNull(windowNames));
        this.out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
    }

    /** Records written so far. */
    public long written() {
        return written;
    }

    @Override
    public void write(final long[] records, final int words, final PgMap.FrameLayout core) throws IOException {
        if (shape == null) {
            begin(core);
        } else if (shape.windows != core.windows || shape.detectors != core.detectors || shape.bins != core.bins) {
            throw new AnalysisException("trial records of two core shapes in one file");
        }
        final int bits = layout.lenFirstBin;
        for (int at = 0; at + layout.recordWords <= words; at += layout.recordWords) {
            final long trial = records[at + layout.offTrial];
            final long pattern = records[at + layout.offPattern];
            if (trial <= lastTrial) {
                throw new AnalysisException("trial record out of order: trial " + trial + " after " + lastTrial);
            }
            if (pattern == 0 || (bits < 64 && (pattern >>> bits) != 0)) {
                throw new AnalysisException("trial record of trial " + trial + " has pattern 0x" + Long.toHexString(pattern)
                    + " (a record needs a click, " + bits + " pattern bits)");
            }
            lastTrial = trial;
            line.setLength(0);
            line.append(trial).append(',').append(records[at + layout.offSyncTime]).append(',').append(pattern);
            for (int b = 0; b < bits; b++) {
                final long bin = records[at + layout.offFirstBin + b];
                line.append(',');
                if ((pattern >>> b & 1) != 0) {
                    if (bin < 0 || bin >= shape.bins) {
                        throw new AnalysisException("trial record of trial " + trial + ": first-arrival bin " + bin
                            + " of bit " + b + " outside 0.." + (shape.bins - 1));
                    }
                    line.append(bin);
                } else if (bin != 0) {
                    throw new AnalysisException("trial record of trial " + trial + ": bin " + bin + " for the clear bit " + b);
                }
            }
            line.append('\n');
            out.append(line);
            written++;
        }
    }

    /** Writes the header line (the bin columns depend on the core's shape); once. */
    @Override
    public void begin(final PgMap.FrameLayout core) throws IOException {
        if (shape != null) {
            return;
        }
        shape = core;
        layout = PgMap.RecordLayout.of(core);
        final StringBuilder h = new StringBuilder("trial,sync_time,pattern");
        for (int b = 0; b < shape.windows * shape.detectors; b++) {
            final int w = b / shape.detectors;
            final String window = w < windowNames.size() ? windowNames.get(w) : "w" + w;
            h.append(",bin_").append(window).append("_d").append(b % shape.detectors);
        }
        out.append(h).append('\n');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
