package org.pairgate.host.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.pairgate.host.analysis.Analysis;
import org.pairgate.host.analysis.AnalysisConfig;
import org.pairgate.host.analysis.AnalysisResult;
import org.pairgate.host.analysis.Engines;
import org.pairgate.host.io.PtuT2Reader;

/**
 * report.json is written without an ObjectMapper (start-up, issue 15): the bytes are exactly
 * those the mapper's pretty writer gave, for a real analysis and for every kind of node.
 */
class ReportWriterTest {
    /** The writer report.json used before issue 15. */
    private static final ObjectWriter MAPPER_WRITER = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
        .writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n")));

    @Test
    void analysisReportHasTheMappersBytes() throws IOException, URISyntaxException {
        final Path file = Path.of(ReportWriterTest.class.getResource("/ptu/v30_t2.ptu").toURI());
        final AnalysisConfig cfg = new AnalysisConfig(0, new int[] {1, 2}, List.of("pre", "meas"), new long[] {0, 20_000},
            new long[] {20_000, 20_000}, Map.of(), 4, 100, "soft", 1000);
        final AnalysisResult result;
        try (PtuT2Reader reader = PtuT2Reader.open(file)) {
            result = new Analysis(cfg, Engines.INSTANCE).run(reader);
        }
        assertEquals(MAPPER_WRITER.writeValueAsString(ReportJson.of(result)) + "\n", ReportWriter.json(result));
    }

    @Test
    void everyNodeKindHasTheMappersBytes() throws IOException {
        final JsonNodeFactory f = JsonNodeFactory.instance;
        final ObjectNode root = f.objectNode();
        root.put("int", 7).put("long", 1L << 40).put("double", 0.1).put("nan", Double.NaN).put("inf", Double.NEGATIVE_INFINITY)
            .put("big", new BigDecimal("1.25E-7")).put("text", "a \"quoted\" µs\n").put("yes", true).putNull("none");
        root.putArray("empty");
        root.putObject("nothing");
        root.putArray("mixed").add(1).add(2.5).add("x").addNull().addObject().put("k", new BigDecimal("12345678901234567890.5"));
        final JsonNode tree = root;
        assertEquals(MAPPER_WRITER.writeValueAsString(tree), ReportWriter.pretty(tree));
    }

    /**
     * report.md and the summary format numbers with Locale.US (no locale providers loaded in a
     * fresh JVM); the text is what Locale.ROOT gave, for the formats they use, on this JDK.
     */
    @Test
    void usNumbersAreRootNumbers() {
        final java.util.Random random = new java.util.Random(15);
        final List<Double> values = new java.util.ArrayList<>(List.of(0.0, -0.0, 1.0, -1.5, 0.00005, 0.99995, 1e-300, 1e300,
            123456789.123456, -4.8123456, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY));
        for (int i = 0; i < 2000; i++) {
            values.add((random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20));
        }
        for (final String format : new String[] {"%.4f", "%.4g", "%.0f", "%.2f", "%.3f", "%-12s|%d|%,d%n"}) {
            for (final double v : values) {
                final Object[] args = format.startsWith("%-") ? new Object[] {"w" + v, (long) v, (long) v} : new Object[] {v};
                assertEquals(String.format(java.util.Locale.ROOT, format, args), String.format(java.util.Locale.US, format, args),
                    format + " " + v);
            }
        }
    }
}
