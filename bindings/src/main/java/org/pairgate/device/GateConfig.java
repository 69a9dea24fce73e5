package org.pairgate.device;

import java.util.Arrays;

/**
 * What the host asks of the core: which channel is the sync, which are the detectors, their
 * delays, the windows, the arrival-histogram bin and the frame length. All times in ticks.
 *
 * @param syncChannel   input channel of the sync (trigger)
 * @param syncDelay     ticks added to every sync time
 * @param detChannels   input channel of detector d
 * @param detDelays     ticks added to every time of detector d
 * @param windowStarts  start of window w relative to the delayed sync
 * @param windowLengths length of window w (at most 2^32 − 1)
 * @param binTicks      arrival-histogram bin width
 * @param frameTrials   close a frame every this many trials (0: only when the host asks)
 */
public record GateConfig(
    int syncChannel,
    long syncDelay,
    int[] detChannels,
    long[] detDelays,
    long[] windowStarts,
    long[] windowLengths,
    long binTicks,
    long frameTrials) {

    public GateConfig {
        if (detChannels.length != detDelays.length) {
            throw new IllegalArgumentException("one delay per detector");
        }
        if (windowStarts.length != windowLengths.length) {
            throw new IllegalArgumentException("one length per window");
        }
        for (final long len : windowLengths) {
            if (len < 0 || len > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("window length outside 0..2^32-1 ticks: " + len);
            }
        }
        if (binTicks < 1) {
            throw new IllegalArgumentException("bin must be at least one tick: " + binTicks);
        }
        detChannels = detChannels.clone();
        detDelays = detDelays.clone();
        windowStarts = windowStarts.clone();
        windowLengths = windowLengths.clone();
    }

    public int windows() {
        return windowStarts.length;
    }

    public int detectors() {
        return detChannels.length;
    }

    @Override
    public String toString() {
        return "GateConfig[sync=" + syncChannel + "+" + syncDelay + ", det=" + Arrays.toString(detChannels)
            + "+" + Arrays.toString(detDelays) + ", starts=" + Arrays.toString(windowStarts)
            + ", lengths=" + Arrays.toString(windowLengths) + ", bin=" + binTicks + ", frameTrials=" + frameTrials + "]";
    }
}
