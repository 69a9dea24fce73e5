package org.pairgate.host.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import org.pairgate.host.analysis.AnalysisResult;

/**
 * Writes {@code report.json} and {@code report.md} into a directory (created when missing). The
 * JSON is pretty-printed with "\n" line ends on every platform, so the same analysis gives the
 * same bytes anywhere.
 */
public final class ReportWriter {
    public static final String JSON = "report.json";
    public static final String MARKDOWN = "report.md";

    private static final ObjectWriter WRITER;

    static {
        final DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        WRITER = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).writer(pretty);
    }

    private ReportWriter() {
    }

    /** The JSON report as text, ending with a newline. */
    public static String json(final AnalysisResult result) throws IOException {
        return WRITER.writeValueAsString(ReportJson.of(result)) + "\n";
    }

    /** Writes both reports; returns the directory. */
    public static Path write(final AnalysisResult result, final Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JSON), json(result), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(MARKDOWN), ReportMarkdown.of(result), StandardCharsets.UTF_8);
        return dir;
    }
}
