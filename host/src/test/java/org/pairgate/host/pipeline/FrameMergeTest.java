package org.pairgate.host.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairgate.device.Devices;
import org.pairgate.device.PgMap;
import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.analysis.DeviceFactory;
import org.pairgate.host.analysis.Engines;
import org.pairgate.host.journal.Replay;
import org.pairgate.host.report.ReportJson;
import org.pairgate.host.sim.ToyModel;
import org.pairgate.host.sim.ToyPairSource;

/**
 * Frame merges through the pipeline: a core with a two-frame ring, frames every 20 trials, 65536-tag
 * batches (about a thousand frame closes per push) and a frame consumer that stalls. The core
 * cannot hand out frames as fast as they fall due, so it merges closes into the frame it is
 * accumulating; the report says how many (the sum of the frames' MERGES words), and every total
 * is still analyze's.
 */
class FrameMergeTest {
    private static final long TRIALS = 200_000;
    private static final long FRAME_TRIALS = 20;

    @TempDir
    Path dir;

    @Test
    void mergedFramesLoseNothingAndAreReported() throws Exception {
        final AnalysisConfig cfg = StalledConsumerTest.config(FRAME_TRIALS);
        final AnalysisResult expected = new Analysis(cfg, Engines.INSTANCE).run(new ToyPairSource(ToyModel.standard(TRIALS), 3));

        final DeviceFactory tinyRing = (engine, wanted) ->
            Devices.open(engine, wanted.windows, wanted.detectors, wanted.maxDn, wanted.bins, 2);
        final PipelineConfig pc = PipelineConfig.of(WaitStrategyOption.BLOCKING, false, 0, 0).withFrameInterval(0)
            .withFrameRing(4);
        final long[] seen = new long[4];   // frames, trials, merges, merged frames whose TRIALS broke the rule
        final Acquisition acq = new Acquisition(cfg, pc, tinyRing).tap((long[] w, PgMap.FrameLayout l) -> {
            if (seen[0] == 3) {
                Thread.sleep(300);
            }
            seen[0]++;
            seen[1] += w[l.offTrials];
            seen[2] += w[l.offMerges];
            if ((w[l.offFlags] & PgMap.FLAG_TRIAL_CLOSE) != 0 && w[l.offTrials] != (1 + w[l.offMerges]) * FRAME_TRIALS) {
                seen[3]++;
            }
        });
        final AcquisitionResult result = acq.run(new ToyPairSource(ToyModel.standard(TRIALS), 3), dir.resolve("journal"),
            "", Map.of(), null, false);

        final long merges = result.pipeline().get("frame_merges").asLong();
        assertTrue(merges > 0, "the two-frame ring made the core merge: " + result.pipeline());
        assertEquals(seen[2], merges, "frame_merges is the sum of the frames' MERGES words");
        assertEquals(0, seen[3], "a merged frame holds (1 + MERGES) * FRAME_TRIALS trials");
        assertEquals(TRIALS, seen[1]);
        assertEquals(result.analysis().statistics().frames(), seen[0]);
        assertEquals(0, result.pipeline().get("records_dropped").asLong());

        // nothing lost: every statistic and the whole accounting are analyze's; only the frame count differs
        final ObjectNode got = ReportJson.of(result.analysis());
        final ObjectNode want = ReportJson.of(expected);
        assertTrue(got.get("frames").asLong() < want.get("frames").asLong(), "merges mean fewer frames");
        assertEquals(merges, got.get("frame_merges").asLong(), "report.json's frame_merges is the pipeline's");
        assertEquals(want.get("frames").asLong() + want.get("frame_merges").asLong(),
            got.get("frames").asLong() + got.get("frame_merges").asLong(), "every frame close is a frame or a merge");
        for (final ObjectNode r : new ObjectNode[] {got, want}) {
            ReportJson.withoutFrameDependent(r);   // frames, merges and the stationarity blocks (runs of frames)
        }
        assertEquals(want.toString(), got.toString());
        assertEquals(TRIALS, result.analysis().statistics().trials());

        // the journal holds the merged frames as they are, and replay reports the same merges
        final Replay.Result replay = Replay.of(dir.resolve("journal"));
        assertTrue(replay.complete());
        assertEquals(merges, replay.merges());
        assertEquals(merges, replay.end().get("merges").asLong());
        assertEquals(ReportJson.of(result.analysis()).toString(), ReportJson.of(replay.result()).toString());
    }
}
