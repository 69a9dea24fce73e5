package org.pairgate.host.journal;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.pairgate.device.FrameSum;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisException;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.stats.RunStatistics;
import org.pairgate.host.stats.SinglesBlocks;
import org.pairgate.host.stats.Statistics;

/**
 * Recomputes a run's statistics from its journal alone: the metadata gives the configuration and
 * the frame shape, the frames go through the same {@link FrameSum} (so each is validated again:
 * magic, shape, trailer, sequence from 0 without a gap, trial continuity, pattern sum,
 * accounting invariant) and the same {@link Statistics} as during the run.
 *
 * <p>A journal cut short by a kill replays up to its last complete excerpt: the result covers
 * every frame before it and says the run is incomplete. A complete journal's totals are checked
 * against its end marker.
 */
public final class Replay {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Replay() {
    }

    /**
     * What a replay recovered.
     *
     * @param result   the statistics, as the run computed them (or would have, up to its last frame)
     * @param metadata the journal's metadata
     * @param frames   frames replayed
     * @param merges   frame closes the core absorbed into those frames (the sum of their MERGES words)
     * @param end      the end marker's JSON, or null when the journal ends without one
     */
    public record Result(AnalysisResult result, JournalMetadata metadata, long frames, long merges, JsonNode end) {
        public boolean complete() {
            return end != null;
        }
    }

    /**
     * Replays the journal in {@code dir}.
     *
     * @throws IOException       when it is not a readable journal or is corrupt
     * @throws AnalysisException when a frame fails validation or the totals disagree with the end marker
     */
    public static Result of(final Path dir) throws IOException {
        try (JournalReader reader = JournalReader.open(dir)) {
            final JournalMetadata meta = reader.metadata();
            final FrameSum sum = new FrameSum(meta.layout());
            final SinglesBlocks blocks = new SinglesBlocks(meta.layout());
            final boolean complete;
            try {
                complete = reader.readFrames(frame -> {
                    sum.add(frame);
                    blocks.add(frame);
                });
            } catch (final FrameSum.FrameException e) {
                throw new AnalysisException(dir + ": journal frame " + sum.frames() + " is invalid: " + e.getMessage(), e);
            }
            final JsonNode end = complete ? MAPPER.readTree(reader.end()) : null;
            if (end != null && (end.path("frames").asLong(-1) != sum.frames() || end.path("trials").asLong(-1) != sum.trials()
                || end.path("tags").asLong(-1) != sum.tagsIn() || end.path("merges").asLong(-1) != sum.merges())) {
                throw new AnalysisException(dir + ": the end marker says " + end.path("frames").asLong() + " frames, "
                    + end.path("trials").asLong() + " trials, " + end.path("tags").asLong() + " tags, "
                    + end.path("merges").asLong() + " merges; the journal holds " + sum.frames() + ", " + sum.trials() + ", " + sum.tagsIn() + ", "
                    + sum.merges());
            }
            if (end != null && end.has("dropped_at_input")) {
                // engine link: tags the front end dropped before the core are in no frame
                sum.addDroppedAtInput(end.get("dropped_at_input").asLong());
            }
            final AnalysisConfig cfg = meta.config();
            final RunStatistics stats;
            try {
                stats = Statistics.compute(sum, blocks, cfg.maxDn(), cfg.binTicks(), cfg.windowLengths());
            } catch (final IllegalArgumentException e) {
                throw new AnalysisException(dir + ": the journal's counters are inconsistent: " + e.getMessage(), e);
            }
            if (!stats.accounting().balanced()) {
                throw new AnalysisException(dir + ": the accounting of the journal's frames does not balance");
            }
            final AnalysisResult result = new AnalysisResult(cfg, meta.source(), meta.resolutionPs(), meta.engine(),
                meta.layout(), stats);
            return new Result(result, meta, sum.frames(), sum.merges(), end);
        }
    }
}
