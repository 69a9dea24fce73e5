package org.pairgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.jna.Library;
import com.sun.jna.Native;

import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.Engines;
import org.pairgate.host.io.InstrumentSource;
import org.pairgate.host.pipeline.Acquisition;
import org.pairgate.host.pipeline.AcquisitionResult;
import org.pairgate.host.pipeline.PipelineConfig;
import org.pairgate.host.pipeline.WaitStrategyOption;
import org.pairgate.instruments.InstrumentSettings;
import org.pairgate.instruments.TttrInstrument;
import org.pairgate.instruments.VendorLibraries;

/**
 * The live path of the harness ({@code acquire-live}): {@code acquire} from the MultiHarp
 * stand-in (instruments/native, MHLib's ABI through JNA) replaying the bench's T2 file at its
 * recorded rate, frames every 100 trials (1 kHz at the bench data's 100 kHz trigger) and a host
 * close after 1 ms without one: what a lab's live run looks like, minus the USB link.
 */
final class LiveBench {
    private LiveBench() {
    }

    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /** The stand-in of MHLib built by instruments/Makefile. */
    static Path standIn() {
        return Path.of(System.getProperty("pairgate.root", "."), "instruments", "target", "native", "libmhlib_standin.so");
    }

    static Worker.Iteration acquire(final Path file, final Path journal) throws IOException {
        final Path lib = standIn();
        if (!Files.isRegularFile(lib)) {
            throw new IOException(lib + ": the MHLib stand-in is not built (make -C instruments lib)");
        }
        // the stand-in reads its script from the environment at open: this process's, set through libc
        final LibC c = Native.load("c", LibC.class);
        c.setenv("PAIRGATE_STANDIN_PTU", file.toString(), 1);
        c.setenv("PAIRGATE_STANDIN_SPEED", "1", 1);
        c.setenv("PAIRGATE_STANDIN_FAULT", "", 1);
        final AnalysisConfig config = BenchData.t2Config("soft", 100);
        // as `acquire --source multiharp` sets it up: statistics on the device thread
        final PipelineConfig pipeline = PipelineConfig.of(WaitStrategyOption.DEFAULT, false, 0, 0).withFrameInterval(1_000_000L)
            .withStatisticsOnDevice(!Boolean.getBoolean("pairgate.bench.statisticsThread"));
        final long t0 = System.nanoTime();
        final AcquisitionResult r;
        final long records;
        final TttrInstrument instrument = new TttrInstrument(VendorLibraries.load("multiharp", lib), 0, 2,
            InstrumentSettings.defaults());
        instrument.open();
        try (InstrumentSource src = InstrumentSource.of(instrument, true, TttrInstrument.Flags.ACQTMAX)) {
            r = new Acquisition(config, pipeline, Engines.INSTANCE).run(src, journal, "bench", Map.of(), null, false);
            records = instrument.records();
            if (instrument.lostData()) {
                throw new IOException("the stand-in reported lost data: " + instrument.lossSummary());
            }
        }
        final long nanos = System.nanoTime() - t0;
        final JsonNode p = r.pipeline();
        final JsonNode lat = p.get("latency_us");
        final Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("pipeline_elapsed_s", p.get("elapsed_s").asDouble());
        extra.put("frames", p.get("frames").asLong());
        extra.put("statistics", p.path("statistics_thread").asText("own"));
        extra.put("lat_frames", lat.get("frames").asLong());
        extra.put("lat_p50_us", lat.get("p50").asDouble());
        extra.put("lat_p99_us", lat.get("p99").asDouble());
        extra.put("lat_p99_9_us", lat.get("p99_9").asDouble());
        extra.put("lat_max_us", lat.get("max").asDouble());
        Worker.deleteTree(journal);
        return new Worker.Iteration(nanos, records, p.get("tags_pushed").asLong(), r.analysis().statistics().trials(), extra);
    }
}
