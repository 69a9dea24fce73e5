package org.pairgate.host.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.pairgate.host.io.TagFileInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pairgate info FILE [--json]}: format, mode, record type, header fields, resolution and
 * per-channel counts of any supported file ({@link TagFileInfo}).
 *
 * <p>Exit codes: 0 done; 1 the file is unreadable or corrupt (one line on stderr), or its header
 * declares a record count other than what the file holds (the report is printed, then one line on
 * stderr says so); 2 wrong command line.
 */
@Command(name = "info", sortOptions = false,
    description = "Show a time-tag file's format, mode, record type, header, resolution and counts per channel.")
public final class InfoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "PTU, .pt2/.pt3/.ht2/.ht3/.t3r, quTAG (.qutag) or pairgate raw")
    private Path file;

    @Option(names = "--json", description = "print JSON instead of text")
    private boolean json;

    @Option(names = "--debug", description = "print stack traces of errors")
    private boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    private boolean help;

    @Override
    public Integer call() {
        final PrintWriter err = spec.commandLine().getErr();
        final PrintWriter out = spec.commandLine().getOut();
        final TagFileInfo info;
        try {
            info = TagFileInfo.inspect(file);
            out.print(json ? json(info) + "\n" : text(info));
            out.flush();
        } catch (final IOException e) {
            return fail(err, e, e.getMessage());
        } catch (final RuntimeException e) {
            return fail(err, e, "internal error: " + e);
        }
        final String discrepancy = info.recordCountDiscrepancy();
        if (discrepancy != null) {
            err.println(PairgateCli.errorLine(discrepancy));
            err.flush();
            return PairgateCli.EXIT_INPUT;
        }
        return PairgateCli.EXIT_OK;
    }

    /** The JSON document: the keys of issue 7 first, then the details. */
    static String json(final TagFileInfo info) throws JsonProcessingException {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", info.format());
        doc.put("mode", info.mode());
        doc.put("record_type", info.recordType());
        doc.put("records", info.records());
        doc.put("resolution_ps", number(info.resolutionPs()));
        final Map<String, Long> events = new LinkedHashMap<>();
        info.events().forEach((ch, n) -> events.put(Integer.toString(ch), n));
        doc.put("events", events);
        doc.put("declared_records", info.declaredRecords());
        doc.put("tick_ps", number(info.tickPs()));
        if ("T3".equals(info.mode())) {
            doc.put("sync_periods", info.syncPeriods());
            doc.put("empty_periods", info.emptyPeriods());
            doc.put("sync_period_ps", number(info.syncPeriodPs()));
        }
        doc.put("tags", info.tags());
        doc.put("first_time_ps", info.tags() == 0 ? null : ps(info.firstTick(), info.tickPs()));
        doc.put("last_time_ps", info.tags() == 0 ? null : ps(info.lastTick(), info.tickPs()));
        final Map<String, Object> header = new LinkedHashMap<>();
        info.header().forEach((k, v) -> header.put(k, v instanceof Double d ? finite(d) : v));
        doc.put("header", header);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    }

    static String text(final TagFileInfo info) {
        final StringBuilder sb = new StringBuilder();
        sb.append("file:        ").append(info.path()).append('\n');
        sb.append("format:      ").append(info.format()).append(", ").append(info.mode()).append('\n');
        sb.append("record type: ").append(info.recordType()).append('\n');
        sb.append("records:     ").append(info.records());
        if (info.declaredRecords() >= 0) {
            sb.append(" (header declares ").append(info.declaredRecords()).append(')');
        }
        sb.append('\n');
        sb.append("resolution:  ").append(number(info.resolutionPs())).append(" ps");
        if ("T3".equals(info.mode())) {
            sb.append(" dtime bin; tags in ticks of ").append(number(info.tickPs())).append(" ps, sync period ")
                .append(number(info.syncPeriodPs())).append(" ps\n");
            sb.append("sync periods: ").append(info.syncPeriods()).append(" (").append(info.emptyPeriods())
                .append(" without a photon)");
        }
        sb.append('\n');
        sb.append("events per channel:\n");
        if (info.events().isEmpty()) {
            sb.append("  (none)\n");
        }
        info.events().forEach((ch, n) -> sb.append("  ").append(ch).append(": ").append(n).append('\n'));
        sb.append("header:\n");
        info.header().forEach((k, v) -> sb.append("  ").append(k).append(" = ").append(v).append('\n'));
        return sb.toString();
    }

    /** ticks × tick as an exact decimal number of ps. */
    private static java.math.BigDecimal ps(final long ticks, final double tickPs) {
        final java.math.BigDecimal v = new java.math.BigDecimal(Double.toString(tickPs))
            .multiply(java.math.BigDecimal.valueOf(ticks)).stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    private static Object number(final double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object)(long)v : (Object)v;
    }

    private static Object finite(final double v) {
        return Double.isFinite(v) ? number(v) : null;
    }

    private int fail(final PrintWriter err, final Exception e, final String message) {
        err.println(PairgateCli.errorLine(message));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return PairgateCli.EXIT_INPUT;
    }
}
