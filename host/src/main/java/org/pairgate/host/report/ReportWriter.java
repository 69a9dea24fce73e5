package org.pairgate.host.report;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pairgate.host.analysis.AnalysisResult;

/**
 * Writes {@code report.json} and {@code report.md} into a directory (created when missing). The
 * JSON is pretty-printed with "\n" line ends on every platform, so the same analysis gives the
 * same bytes anywhere.
 *
 * <p>The tree is walked onto a bare {@link JsonGenerator}, not written through an {@code
 * ObjectMapper}: building a mapper (its serializer factories, type introspection, some 300
 * classes) was a fifth of the time to a first result (issue 15). The bytes are the mapper's
 * ({@code ReportWriterTest}).
 */
public final class ReportWriter {
    public static final String JSON = "report.json";
    public static final String MARKDOWN = "report.md";

    /** Big decimals as written (plain, never in E notation). */
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));

    private ReportWriter() {
    }

    /** The JSON report as text, ending with a newline. */
    public static String json(final AnalysisResult result) throws IOException {
        return pretty(ReportJson.of(result)) + "\n";
    }

    /** A tree as the report's pretty-printed JSON (two-space indents, "\n" line ends), without a final newline. */
    public static String pretty(final JsonNode tree) throws IOException {
        final StringWriter text = new StringWriter(1 << 16);
        try (JsonGenerator g = FACTORY.createGenerator(text)) {
            g.setPrettyPrinter(PRETTY.createInstance());
            write(g, tree);
        }
        return text.toString();
    }

    /** What each node's own {@code serialize} writes (which needs a mapper's serializer provider). */
    private static void write(final JsonGenerator g, final JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (final var it = node.fields(); it.hasNext(); ) {
                    final var field = it.next();
                    g.writeFieldName(field.getKey());
                    write(g, field.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (final JsonNode element : node) {
                    write(g, element);
                }
                g.writeEndArray();
            }
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> g.writeNumber(node.intValue());
                    case LONG -> g.writeNumber(node.longValue());
                    case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
                    case FLOAT -> g.writeNumber(node.floatValue());
                    case DOUBLE -> g.writeNumber(node.doubleValue());
                    case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
                    default -> throw new IOException("report.json: unexpected number type " + node.numberType());
                }
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            default -> throw new IOException("report.json: unexpected node type " + node.getNodeType());
        }
    }

    /**
     * Starts a daemon thread that runs the reports' library code once on a small tree and a few
     * numbers (Jackson's factory, generator and nodes, Formatter's floating-point conversions),
     * so that their classes are initialised and their first, interpreted runs are over by the time
     * the analysis it runs beside ends: for a small file most of writing the reports is that
     * first-run cost, and the analysis keeps to one core (issue 15, time to first result). It
     * writes nothing and touches no state the reports read; a run that fails has lost a few ms of
     * the other core.
     */
    public static void warmUp() {
        final Thread thread = new Thread(() -> {
            try {
                final JsonNodeFactory f = JsonNodeFactory.instance;
                final ObjectNode root = f.objectNode();
                for (int i = 0; i < 64; i++) {
                    final ObjectNode o = root.putObject("k" + i);
                    o.put("l", (long) i << 40).put("i", i).put("d", i / 7.0).put("s", "x").put("b", true).putNull("n");
                    o.put("m", BigDecimal.valueOf(i, 3));
                    o.putArray("a").add(i).add(i * 0.5);
                }
                pretty(root);
                for (int i = 0; i < 64; i++) {
                    String.format(Locale.US, "%.4f %.4g %.2f %d %s", i / 3.0, i * 1e-7, i * 0.5, i, "x");
                }
            } catch (final IOException | RuntimeException e) {
                // only a warm-up: the reports meet any real problem themselves
            }
        }, "pairgate-report-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /**
     * Writes both reports; returns the directory. report.md is made on a second thread while this
     * one makes report.json: in a fresh JVM each is mostly first-run cost (class initialisation,
     * code not yet compiled; ~70 and ~40 ms of a ~0.25 s analyze of a small file, a run later
     * 2 and 5 ms), and both only read the finished result, so on a machine with a free core the
     * two overlap (issue 15, time to first result).
     */
    public static Path write(final AnalysisResult result, final Path dir) throws IOException {
        Files.createDirectories(dir);
        final FutureTask<String> markdown = new FutureTask<>(() -> ReportMarkdown.of(result));
        final Thread thread = new Thread(markdown, "pairgate-report-md");
        thread.setDaemon(true);
        thread.start();
        Files.writeString(dir.resolve(JSON), json(result), StandardCharsets.UTF_8);
        final String md;
        try {
            md = markdown.get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while report.md was made");
        } catch (final ExecutionException e) {
            final Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException("report.md: " + cause, cause);
        }
        Files.writeString(dir.resolve(MARKDOWN), md, StandardCharsets.UTF_8);
        return dir;
    }
}
