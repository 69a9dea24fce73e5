package org.pairgate.host.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.HdrHistogram.Histogram;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.report.ReportJson;
import org.pairgate.host.report.ReportMarkdown;
import org.pairgate.host.report.ReportWriter;

/**
 * The reports of an acquisition or a replay: analyze's report.json ({@link ReportJson}, same keys
 * and order) with a {@code pipeline} section added at the end, and analyze's report.md.
 *
 * <p>Composed from the report package rather than changing it: the statistics sections come from
 * {@link ReportJson#of} unchanged, so acquire, replay and analyze of the same tags agree on them
 * byte for byte. The pipeline section of a complete run is stored in the journal's end marker
 * and copied from there by replay, so replay reproduces the whole file.
 */
public final class PipelineReport {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter WRITER;

    static {
        final DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        WRITER = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).writer(pretty);
    }

    private PipelineReport() {
    }

    /** report.json's text: the analysis report plus {@code pipeline}. */
    public static String json(final AnalysisResult result, final ObjectNode pipeline) throws IOException {
        final ObjectNode root = ReportJson.of(result);
        root.set("pipeline", pipeline);
        return WRITER.writeValueAsString(root) + "\n";
    }

    /** Writes report.json and report.md into {@code dir} (created when missing). */
    public static Path write(final AnalysisResult result, final ObjectNode pipeline, final Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(ReportWriter.JSON), json(result, pipeline), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(ReportWriter.MARKDOWN), ReportMarkdown.of(result) + markdown(pipeline),
            StandardCharsets.UTF_8);
        return dir;
    }

    private static String markdown(final ObjectNode p) {
        final StringBuilder sb = new StringBuilder("\n## Pipeline\n\n| key | value |\n|---|---|\n");
        p.fields().forEachRemaining(e -> sb.append("| ").append(e.getKey()).append(" | ").append(e.getValue().toString())
            .append(" |\n"));
        return sb.toString();
    }

    /** Parses a pipeline section stored in a journal's end marker. */
    public static ObjectNode parse(final String json) throws IOException {
        return (ObjectNode) MAPPER.readTree(json);
    }

    /**
     * Microseconds (nanosecond resolution). A double, not a BigDecimal: the section makes a round
     * trip through the journal's end marker, and a double prints the same after parsing while a
     * decimal such as 1.500 would come back as 1.5 and change replay's bytes.
     */
    static double micros(final long nanos) {
        return nanos / 1000.0;
    }

    /** Seconds, rounded to the millisecond (a double, for the same reason as {@link #micros}). */
    static double seconds(final long nanos) {
        return Math.round(nanos / 1e6) / 1000.0;
    }

    static ObjectNode latency(final Histogram h, final long clamped) {
        final ObjectNode node = NODES.objectNode();
        node.put("frames", h.getTotalCount());
        if (h.getTotalCount() > 0) {
            node.put("p50", micros(h.getValueAtPercentile(50)));
            node.put("p99", micros(h.getValueAtPercentile(99)));
            node.put("p99_9", micros(h.getValueAtPercentile(99.9)));
            node.put("max", micros(h.getMaxValue()));
        } else {
            node.putNull("p50");
            node.putNull("p99");
            node.putNull("p99_9");
            node.putNull("max");
        }
        node.put("clamped_at_60s", clamped);
        return node;
    }

    /**
     * The section of a journal that ends without its end marker (a killed run): what replay
     * recovered. {@code merges} is the sum of the frames' MERGES words and {@code syncDropped} of
     * their SYNC_DROPPED words, as {@code acquire} reports them.
     */
    public static ObjectNode recovered(final long frames, final long merges, final long syncDropped) {
        final ObjectNode node = NODES.objectNode();
        node.put("complete", false);
        node.put("stop", "journal_ends_without_end_marker");
        node.put("frames", frames);
        node.put("frame_merges", merges);
        node.put("records_dropped", syncDropped);
        return node;
    }
}
