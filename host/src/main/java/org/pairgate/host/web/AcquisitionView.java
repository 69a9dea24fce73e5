package org.pairgate.host.web;

import java.io.IOException;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pairgate.dashboard.SnapshotSource;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.pipeline.LiveSums;
import org.pairgate.host.report.ReportJson;
import org.pairgate.host.stats.RunStatistics;
import org.pairgate.host.stats.Statistics;

/**
 * The snapshots of a running acquisition: on every tick of the dashboard's publisher it takes
 * the latest {@link LiveSums.Sample} (published by the statistics thread; nothing here touches the
 * pipeline) and computes report.json's sections from it with the same {@link Statistics} and
 * {@link ReportJson} the final report uses. Once the run is over, {@link #finish} switches to the
 * report itself, so the last snapshot equals report.json in every key report.json has.
 *
 * <p>The decay fit of g2(0) versus gate ({@link GateFits}) is made for the finished snapshot only:
 * a fit costs a few hundred milliseconds of a core (13 Levenberg–Marquardt starts) and would
 * compete with the pipeline for the machine's cores if repeated while it runs.
 *
 * <p>Not thread-safe beyond that contract: {@link #snapshot} on the publisher thread only,
 * {@link #finish} from any thread (the switch is a volatile write).
 */
final class AcquisitionView implements SnapshotSource {
    private final LiveSums sums;
    private final AnalysisConfig config;
    private final String source;
    private final double resolutionPs;
    private final String[] channels;
    private final RateHistory history;
    private volatile ObjectNode finalReport;
    private byte[] finished;
    private LiveSums.Sample lastSample;
    private long snapshots;
    private long computeNanos;
    private long computeMaxNanos;

    AcquisitionView(final LiveSums sums, final AnalysisConfig config, final String source, final double resolutionPs) {
        this.sums = sums;
        this.config = config;
        this.source = source;
        this.resolutionPs = resolutionPs;
        this.channels = Snapshots.channels(config.syncChannel(), config.detectorChannels());
        this.history = new RateHistory(channels);
    }

    /** From now on the snapshot is the finished run's: report.json's text plus the history. */
    void finish(final String reportJson) throws IOException {
        finalReport = Snapshots.parse(reportJson);
    }

    @Override
    public byte[] snapshot() {
        final ObjectNode done = finalReport;
        if (done != null) {
            if (finished == null) {
                final LiveSums.Sample s = sums.latest();
                if (s != null && s != lastSample) {
                    addSample(s, Statistics.compute(s.sum(), config.maxDn(), config.binTicks(), config.windowLengths()));
                }
                final ObjectNode root = Snapshots.finished(done, channels, history);
                root.set("view", viewCost());
                finished = Snapshots.bytes(root);
            }
            return finished;
        }
        final long now = System.nanoTime();
        final LiveSums.Sample s = sums.latest();
        final double elapsedS = sums.elapsedNanos(now) / 1e9;
        if (s == null) {
            final ObjectNode root = Snapshots.NODES.objectNode();
            root.put("state", sums.started() ? "running" : "starting");
            root.put("trials", 0);
            root.put("source", source);
            root.set("progress", Snapshots.progress(0, elapsedS, sums.fraction(0, sums.elapsedNanos(now))));
            return Snapshots.bytes(root);
        }
        final long t0 = System.nanoTime();
        final RunStatistics stats = Statistics.compute(s.sum(), config.maxDn(), config.binTicks(), config.windowLengths());
        final ObjectNode report = ReportJson.of(new AnalysisResult(config, source, resolutionPs, sums.engine(), sums.layout(), stats));
        if (s != lastSample) {
            addSample(s, stats);
        }
        final ObjectNode root = Snapshots.withState("running", report);
        final long trials = stats.trials();
        root.set("progress", Snapshots.progress(trials, elapsedS, sums.fraction(trials, sums.elapsedNanos(now))));
        final long[] tags = Snapshots.channelTags(report.path("accounting"), channels);
        root.set("rates", Snapshots.rates(trials, elapsedS, channels, tags, history));
        final ObjectNode lat = root.putObject("latency_us");
        final double[] l = s.latencyUs();
        lat.put("frames", (long) l[0]);
        Snapshots.putDouble(lat, "p50", l[1]);
        Snapshots.putDouble(lat, "p99", l[2]);
        Snapshots.putDouble(lat, "max", l[3]);
        lat.set("series", history.latencySeries());
        root.set("view", viewCost());
        final byte[] bytes = Snapshots.bytes(root);
        final long took = System.nanoTime() - t0;
        snapshots++;
        computeNanos += took;
        computeMaxNanos = Math.max(computeMaxNanos, took);
        return bytes;
    }

    /** What the running snapshots cost the publisher thread (wall time, so it includes waiting for a core). */
    private ObjectNode viewCost() {
        final ObjectNode v = Snapshots.NODES.objectNode();
        v.put("snapshots", snapshots);
        Snapshots.putDouble(v, "compute_ms_mean", snapshots > 0 ? computeNanos / 1e6 / snapshots : Double.NaN);
        v.put("compute_ms_max", computeMaxNanos / 1e6);
        return v;
    }

    private void addSample(final LiveSums.Sample s, final RunStatistics stats) {
        lastSample = s;
        final long[] tags = new long[channels.length];
        tags[0] = stats.accounting().tagsSync();
        final long[] det = stats.accounting().tagsDetector();
        for (int d = 0; d < det.length && d + 1 < channels.length - 1; d++) {
            tags[d + 1] = det[d];
        }
        tags[channels.length - 1] = stats.accounting().tagsOther();
        final double[] l = s.latencyUs();
        history.add(s.elapsedNanos() / 1e9, tags, l[1], l[2], l[3]);
    }
}
