package org.pairgate.host.analysis;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.pairgate.device.PgMap;

/**
 * What an analysis is asked to do, with every time already in ticks of the source.
 *
 * <p>Channels are numbered as the source numbers them (PicoQuant T2: sync = 0, input i = i + 1).
 * The HBT pair of every window is the first two detectors.
 *
 * @param syncChannel      channel of the sync (trigger)
 * @param detectorChannels channel of detector d, in order (at least two: the HBT pair)
 * @param windowNames      names of the windows, in order (report keys)
 * @param windowStarts     start of window w after the delayed sync, ticks
 * @param windowLengths    length of window w, ticks (1..2^32 − 1)
 * @param delays           signed ticks added to every time of a channel (sync or detector), by channel
 * @param maxDn            largest trial distance ΔN reported
 * @param binTicks         arrival-histogram bin width, ticks
 * @param engine           "soft" or "rtl"
 * @param frameTrials      close a frame every this many trials (0: one frame for the run)
 */
public record AnalysisConfig(int syncChannel, int[] detectorChannels, List<String> windowNames, long[] windowStarts,
    long[] windowLengths, Map<Integer, Long> delays, int maxDn, long binTicks, String engine, long frameTrials) {

    /** The largest B the soft engine is given: arrival histograms of more bins need a coarser --bin. */
    public static final int MAX_BINS = 65536;

    public AnalysisConfig {
        detectorChannels = detectorChannels.clone();
        windowNames = List.copyOf(windowNames);
        windowStarts = windowStarts.clone();
        windowLengths = windowLengths.clone();
        delays = java.util.Collections.unmodifiableMap(new TreeMap<>(delays));
        if (detectorChannels.length < 2) {
            throw new IllegalArgumentException("at least two detector channels are needed (the HBT pair), got "
                + detectorChannels.length);
        }
        if (windowNames.isEmpty()) {
            throw new IllegalArgumentException("at least one window is needed");
        }
        if (windowStarts.length != windowNames.size() || windowLengths.length != windowNames.size()) {
            throw new IllegalArgumentException("one start and one length per window");
        }
        if (windowNames.stream().distinct().count() != windowNames.size()) {
            throw new IllegalArgumentException("window names must be distinct: " + windowNames);
        }
        for (int w = 0; w < windowLengths.length; w++) {
            if (windowLengths[w] < 1 || windowLengths[w] > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("window " + windowNames.get(w) + ": length of " + windowLengths[w]
                    + " ticks is outside 1..2^32-1");
            }
        }
        final int[] all = Arrays.copyOf(detectorChannels, detectorChannels.length + 1);
        all[detectorChannels.length] = syncChannel;
        for (final int ch : all) {
            if (ch < 0 || ch > 255) {
                throw new IllegalArgumentException("channel " + ch + " outside 0..255");
            }
        }
        if (Arrays.stream(all).distinct().count() != all.length) {
            throw new IllegalArgumentException("the sync and detector channels must all differ: sync " + syncChannel
                + ", detectors " + Arrays.toString(detectorChannels));
        }
        for (final int ch : delays.keySet()) {
            if (Arrays.stream(all).noneMatch(c -> c == ch)) {
                throw new IllegalArgumentException("a delay is given for channel " + ch
                    + ", which is neither the sync nor a detector");
            }
        }
        if (maxDn < 0 || maxDn > 0xFFFF) {
            throw new IllegalArgumentException("max ΔN must be 0..65535: " + maxDn);
        }
        if (binTicks < 1) {
            throw new IllegalArgumentException("the arrival bin must be at least one tick: " + binTicks);
        }
        if (frameTrials < 0) {
            throw new IllegalArgumentException("frame trials must not be negative: " + frameTrials);
        }
    }

    @Override
    public int[] detectorChannels() {
        return detectorChannels.clone();
    }

    @Override
    public long[] windowStarts() {
        return windowStarts.clone();
    }

    @Override
    public long[] windowLengths() {
        return windowLengths.clone();
    }

    public int windows() {
        return windowNames.size();
    }

    public int detectors() {
        return detectorChannels.length;
    }

    /** Delay of a channel in ticks, 0 when none was given. */
    public long delayOf(final int channel) {
        return delays.getOrDefault(channel, 0L);
    }

    /** Arrival-histogram bins needed to cover the longest window: ceil(length / bin). */
    public long binsNeeded() {
        long needed = 1;
        for (final long len : windowLengths) {
            needed = Math.max(needed, (len + binTicks - 1) / binTicks);
        }
        return needed;
    }

    /** The core configuration this analysis writes. */
    public org.pairgate.device.GateConfig gateConfig() {
        final long[] detDelays = new long[detectorChannels.length];
        for (int d = 0; d < detDelays.length; d++) {
            detDelays[d] = delayOf(detectorChannels[d]);
        }
        return new org.pairgate.device.GateConfig(syncChannel, delayOf(syncChannel), detectorChannels, detDelays,
            windowStarts, windowLengths, binTicks, frameTrials);
    }

    /**
     * A fixed-shape core must match this configuration. Windows and detectors must equal the
     * core's W and D, not merely fit: the pattern counters are indexed by w·D + d with the core's
     * D, and a core window or detector left unconfigured would still own pattern bits, so a report
     * would either mix in empty bits or need re-indexing; requiring equality keeps the pattern list
     * as the core counted it.
     *
     * @throws AnalysisException (a usage error) naming the option to change
     */
    public void checkFits(final String engine, final PgMap.FrameLayout layout) {
        if (layout.windows != windows() || layout.detectors != detectors()) {
            throw new AnalysisException("the " + engine + " engine is built for " + layout.windows + " windows and "
                + layout.detectors + " detectors; configure exactly that many (got " + windows() + " windows, "
                + detectors() + " detectors)", true);
        }
        if (maxDn() > layout.maxDn) {
            throw new AnalysisException("--max-dn " + maxDn() + " exceeds the " + engine + " engine's K = " + layout.maxDn,
                true);
        }
        if (binsNeeded() > layout.bins) {
            throw new AnalysisException("covering the longest window needs " + binsNeeded()
                + " arrival bins but the " + engine + " engine has " + layout.bins + "; choose a coarser --bin", true);
        }
    }
}
