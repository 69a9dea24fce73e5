package org.pairgate.host.journal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pairgate.device.PgMap;
import org.pairgate.host.analysis.AnalysisConfig;

/**
 * What a journal says about its run, enough to recompute the report from the frames alone: the
 * analysis configuration in ticks, the source and its tick, the engine and its frame shape, a
 * calibration label and the versions of what produced it.
 *
 * <p>Stored as JSON in the first excerpt: readable with any Chronicle dump tool, and tolerant of
 * keys added later. Times stay in ticks (exact integers); the resolution turns them into ps.
 *
 * @param config       the analysis configuration (ticks)
 * @param source       the source's description
 * @param resolutionPs ps per tick of the source
 * @param engine       "soft" or "rtl"
 * @param layout       the core's frame shape
 * @param label        calibration label ({@code --label}), "" when none
 * @param versions     component → version (pairgate, chronicle-queue, java, ...)
 * @param run          free-form run facts (start time, wait strategy, realtime, limits)
 */
public record JournalMetadata(AnalysisConfig config, String source, double resolutionPs, String engine,
    PgMap.FrameLayout layout, String label, Map<String, String> versions, Map<String, String> run) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public JournalMetadata {
        run = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(run));
        versions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }

    /** The metadata as one JSON line. */
    public String toJson() {
        final ObjectNode root = NODES.objectNode();
        root.put("format", "pairgate-journal");
        root.put("format_version", JournalFormat.VERSION);
        root.put("label", label);
        root.put("source", source);
        root.put("resolution_ps", resolutionPs);
        root.put("engine", engine);
        final ObjectNode shape = root.putObject("shape");
        shape.put("windows", layout.windows);
        shape.put("detectors", layout.detectors);
        shape.put("max_dn", layout.maxDn);
        shape.put("bins", layout.bins);
        shape.put("frame_words", layout.frameWords);
        final ObjectNode c = root.putObject("config");
        c.put("sync_channel", config.syncChannel());
        final ArrayNode det = c.putArray("detector_channels");
        for (final int ch : config.detectorChannels()) {
            det.add(ch);
        }
        final ArrayNode windows = c.putArray("windows");
        final long[] starts = config.windowStarts();
        final long[] lengths = config.windowLengths();
        for (int w = 0; w < config.windows(); w++) {
            final ObjectNode win = windows.addObject();
            win.put("name", config.windowNames().get(w));
            win.put("start_ticks", starts[w]);
            win.put("length_ticks", lengths[w]);
        }
        final ObjectNode delays = c.putObject("delay_ticks");
        config.delays().forEach((ch, ticks) -> delays.put(Integer.toString(ch), ticks));
        c.put("max_dn", config.maxDn());
        c.put("bin_ticks", config.binTicks());
        c.put("engine", config.engine());
        c.put("frame_trials", config.frameTrials());
        final ObjectNode v = root.putObject("versions");
        versions.forEach(v::put);
        final ObjectNode r = root.putObject("run");
        run.forEach(r::put);
        return root.toString();
    }

    /**
     * Parses the JSON of {@link #toJson()}.
     *
     * @throws IOException when it is not a pairgate journal's metadata or a field is missing or invalid
     */
    public static JournalMetadata fromJson(final String json) throws IOException {
        final JsonNode root = MAPPER.readTree(json);
        if (root == null || !"pairgate-journal".equals(root.path("format").asText())) {
            throw new IOException("not a pairgate journal (metadata without format 'pairgate-journal')");
        }
        final int version = root.path("format_version").asInt(-1);
        if (version != JournalFormat.VERSION) {
            throw new IOException(JournalFormat.unsupported(version));
        }
        try {
            final JsonNode s = need(root, "shape");
            final PgMap.FrameLayout layout = new PgMap.FrameLayout(need(s, "windows").asInt(), need(s, "detectors").asInt(),
                need(s, "max_dn").asInt(), need(s, "bins").asInt());
            if (layout.frameWords != need(s, "frame_words").asInt()) {
                throw new IOException("journal metadata: shape gives " + layout.frameWords + " frame words, metadata says "
                    + s.get("frame_words").asInt());
            }
            final JsonNode c = need(root, "config");
            final JsonNode det = need(c, "detector_channels");
            final int[] detectors = new int[det.size()];
            for (int d = 0; d < detectors.length; d++) {
                detectors[d] = det.get(d).asInt();
            }
            final JsonNode wins = need(c, "windows");
            final List<String> names = new ArrayList<>();
            final long[] starts = new long[wins.size()];
            final long[] lengths = new long[wins.size()];
            for (int w = 0; w < wins.size(); w++) {
                final JsonNode win = wins.get(w);
                names.add(need(win, "name").asText());
                starts[w] = need(win, "start_ticks").asLong();
                lengths[w] = need(win, "length_ticks").asLong();
            }
            final Map<Integer, Long> delays = new LinkedHashMap<>();
            final Iterator<Map.Entry<String, JsonNode>> it = need(c, "delay_ticks").fields();
            while (it.hasNext()) {
                final Map.Entry<String, JsonNode> e = it.next();
                delays.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
            }
            final AnalysisConfig config = new AnalysisConfig(need(c, "sync_channel").asInt(), detectors, names, starts, lengths,
                delays, need(c, "max_dn").asInt(), need(c, "bin_ticks").asLong(), need(c, "engine").asText(),
                need(c, "frame_trials").asLong());
            return new JournalMetadata(config, need(root, "source").asText(), need(root, "resolution_ps").asDouble(),
                need(root, "engine").asText(), layout, root.path("label").asText(""), strings(root.path("versions")),
                strings(root.path("run")));
        } catch (final IllegalArgumentException e) {
            throw new IOException("journal metadata is invalid: " + e.getMessage(), e);
        }
    }

    private static JsonNode need(final JsonNode node, final String key) throws IOException {
        final JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new IOException("journal metadata lacks '" + key + "'");
        }
        return v;
    }

    private static Map<String, String> strings(final JsonNode node) {
        final Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
