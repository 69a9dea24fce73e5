package org.pairgate.host.pipeline;

/**
 * How the acquisition pipeline is sized and when it stops. Sizes are powers of two (Disruptor
 * rings).
 *
 * @param waitStrategy       how consumers wait
 * @param batchTags          tags per batch event (one device push)
 * @param tagRingBatches     batch events in the tag ring (source → device)
 * @param frameRingFrames    frame events in the frame ring (device → consumers)
 * @param framesPerExcerpt   most frames per journal excerpt
 * @param realtime           pace the source at its recorded rate
 * @param trialLimit         stop after this many complete trials (0: no limit)
 * @param durationNanos      stop after this much wall-clock time (0: no limit)
 * @param frameIntervalNanos ask the core for a frame when none came for this long (0: never), so that the
 *                           live view and the journal advance even at low trigger rates
 * @param statisticsOnDevice sum and publish each frame on the device thread, right after reading it, instead of
 *                           on a statistics thread behind the frame ring: no thread hop (no wake-up) between a
 *                           frame's close and its statistics. The choice for live and paced runs on few cores,
 *                           where that wake-up is the latency tail; a full-speed run keeps the parallel thread.
 */
public record PipelineConfig(WaitStrategyOption waitStrategy, int batchTags, int tagRingBatches, int frameRingFrames,
    int framesPerExcerpt, boolean realtime, long trialLimit, long durationNanos, long frameIntervalNanos,
    boolean statisticsOnDevice) {

    /** Tags per batch when the source is not paced (as analyze). */
    public static final int BATCH_TAGS = 1 << 16;
    /** Tags per batch when paced: a batch is published when its last tag is due, so small batches keep the view live. */
    public static final int REALTIME_BATCH_TAGS = 1 << 12;
    public static final int TAG_RING_BATCHES = 8;
    public static final int FRAME_RING_FRAMES = 256;
    public static final long FRAME_INTERVAL_NANOS = 100_000_000L;

    public PipelineConfig {
        if (waitStrategy == null) {
            throw new IllegalArgumentException("a wait strategy is needed");
        }
        if (batchTags < 1 || Integer.bitCount(tagRingBatches) != 1 || Integer.bitCount(frameRingFrames) != 1) {
            throw new IllegalArgumentException("batch size must be positive and ring sizes powers of two");
        }
        if (framesPerExcerpt < 1 || trialLimit < 0 || durationNanos < 0 || frameIntervalNanos < 0) {
            throw new IllegalArgumentException("frames per excerpt must be positive; limits and intervals not negative");
        }
    }

    /** The defaults, with the given wait strategy, pacing and limits. */
    public static PipelineConfig of(final WaitStrategyOption wait, final boolean realtime, final long trialLimit,
                                    final long durationNanos) {
        return new PipelineConfig(wait, realtime ? REALTIME_BATCH_TAGS : BATCH_TAGS, TAG_RING_BATCHES, FRAME_RING_FRAMES,
            org.pairgate.host.journal.JournalFormat.DEFAULT_FRAMES_PER_EXCERPT, realtime, trialLimit, durationNanos,
            FRAME_INTERVAL_NANOS, realtime);
    }

    public PipelineConfig withFrameInterval(final long nanos) {
        return new PipelineConfig(waitStrategy, batchTags, tagRingBatches, frameRingFrames, framesPerExcerpt, realtime,
            trialLimit, durationNanos, nanos, statisticsOnDevice);
    }

    public PipelineConfig withFrameRing(final int frames) {
        return new PipelineConfig(waitStrategy, batchTags, tagRingBatches, frames, framesPerExcerpt, realtime,
            trialLimit, durationNanos, frameIntervalNanos, statisticsOnDevice);
    }

    /** Statistics on the device thread (true) or on their own thread behind the frame ring (false). */
    public PipelineConfig withStatisticsOnDevice(final boolean onDevice) {
        return new PipelineConfig(waitStrategy, batchTags, tagRingBatches, frameRingFrames, framesPerExcerpt, realtime,
            trialLimit, durationNanos, frameIntervalNanos, onDevice);
    }

    public PipelineConfig withBatchTags(final int tags) {
        return new PipelineConfig(waitStrategy, tags, tagRingBatches, frameRingFrames, framesPerExcerpt, realtime,
            trialLimit, durationNanos, frameIntervalNanos, statisticsOnDevice);
    }
}
