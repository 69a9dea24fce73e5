package org.pairgate.host.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The pipeline section survives the round trip through the journal's end marker unchanged. */
class PipelineReportTest {
    @Test
    void numbersComeBackFromTheEndMarkerAsTheyWereWritten() throws IOException {
        final Histogram h = new Histogram(60_000_000_000L, 3);
        for (final long v : new long[] {1_500, 10_000, 120_000, 1_000_000, 59_000_000_000L}) {
            h.recordValue(v);
        }
        final ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("elapsed_s", PipelineReport.seconds(1_500_000_000L));
        node.put("elapsed_round", PipelineReport.seconds(2_000_000_000L));
        node.set("latency_us", PipelineReport.latency(h, 0));
        final String written = node.toString();
        assertEquals(written, PipelineReport.parse(written).toString());
        assertEquals(1.5, node.get("elapsed_s").asDouble());
    }
}
