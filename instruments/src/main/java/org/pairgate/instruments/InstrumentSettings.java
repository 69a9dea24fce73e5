package org.pairgate.instruments;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The settings of a TTTR instrument ({@code --instrument FILE}): a Java properties file, every key
 * optional, with defaults a user can start from (those of PicoQuant's demos). docs/instruments.md
 * documents each key; an unknown key or a value out of the library's range is a one-line error.
 *
 * <pre>
 * reference = internal          # internal | external (10 MHz reference input)
 * sync.divider = 1              # 1..16
 * sync.level = -50              # mV: MultiHarp edge-trigger level; HydraHarp CFD discriminator level (default 50)
 * sync.edge = falling           # MultiHarp: rising | falling
 * sync.zerocross = 10           # HydraHarp CFD zero cross, mV
 * sync.offset = 0               # ps, -99999..99999
 * sync.deadtime = 0             # ps, MultiHarp only; 0 = off, else 800..160000
 * input.level / input.edge / input.zerocross / input.offset / input.deadtime   every input
 * input.N.level ... input.N.enable = true|false                                input N (0-based, as the library)
 * binning = 0                   # T3: dtime bin = base resolution x 2^binning
 * offset = 0                    # T3: ns (MultiHarp), ps (HydraHarp), as the library takes it
 * </pre>
 */
public final class InstrumentSettings {
    private static final Set<String> GLOBAL = Set.of("reference", "sync.divider", "sync.level", "sync.edge", "sync.zerocross",
        "sync.offset", "sync.deadtime", "binning", "offset");
    private static final Set<String> INPUT = Set.of("level", "edge", "zerocross", "offset", "deadtime", "enable");

    private final Map<String, String> values;
    private final String source;

    private InstrumentSettings(final Map<String, String> values, final String source) {
        this.values = values;
        this.source = source;
    }

    /** The defaults. */
    public static InstrumentSettings defaults() {
        return new InstrumentSettings(new LinkedHashMap<>(), "defaults");
    }

    /** Reads and checks {@code file}'s keys. */
    public static InstrumentSettings read(final Path file) throws IOException {
        final Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        final Map<String, String> values = new LinkedHashMap<>();
        for (final String key : p.stringPropertyNames()) {
            final String k = key.trim().toLowerCase(Locale.ROOT);
            if (!GLOBAL.contains(k) && !(k.startsWith("input.") && inputKey(k))) {
                throw new IOException(file + ": unknown setting '" + key + "' (docs/instruments.md lists them)");
            }
            values.put(k, p.getProperty(key).trim());
        }
        return new InstrumentSettings(values, file.toString());
    }

    private static boolean inputKey(final String k) {
        final String[] parts = k.split("\\.");
        if (parts.length == 2) {
            return INPUT.contains(parts[1]) && !"enable".equals(parts[1]);
        }
        return parts.length == 3 && parts[1].matches("\\d{1,2}") && INPUT.contains(parts[2]);
    }

    /** Where the settings came from (a file name or "defaults"). */
    public String source() {
        return source;
    }

    /** The keys the file set, for the report. */
    public Map<String, String> values() {
        return Map.copyOf(values);
    }

    int reference() throws IOException {
        final String v = values.getOrDefault("reference", "internal").toLowerCase(Locale.ROOT);
        if ("internal".equals(v)) {
            return 0;
        }
        if ("external".equals(v)) {
            return 1;
        }
        throw new IOException(source + ": reference must be internal or external, not '" + v + "'");
    }

    int syncDivider() throws IOException {
        return integer("sync.divider", 1);
    }

    int syncLevel(final boolean cfd) throws IOException {
        return integer("sync.level", cfd ? 50 : -50);
    }

    int syncEdgeOrZeroCross(final boolean cfd) throws IOException {
        return cfd ? integer("sync.zerocross", 10) : edge("sync.edge", "falling");
    }

    int syncOffset() throws IOException {
        return integer("sync.offset", 0);
    }

    int syncDeadTime() throws IOException {
        return integer("sync.deadtime", 0);
    }

    int inputLevel(final int ch, final boolean cfd) throws IOException {
        return integer(inputKey(ch, "level"), integer("input.level", cfd ? 50 : -50));
    }

    int inputEdgeOrZeroCross(final int ch, final boolean cfd) throws IOException {
        return cfd ? integer(inputKey(ch, "zerocross"), integer("input.zerocross", 10))
            : edge(inputKey(ch, "edge"), values.getOrDefault("input.edge", "falling"));
    }

    int inputOffset(final int ch) throws IOException {
        return integer(inputKey(ch, "offset"), integer("input.offset", 0));
    }

    int inputDeadTime(final int ch) throws IOException {
        return integer(inputKey(ch, "deadtime"), integer("input.deadtime", 0));
    }

    boolean inputEnabled(final int ch) throws IOException {
        final String v = values.getOrDefault(inputKey(ch, "enable"), "true").toLowerCase(Locale.ROOT);
        if ("true".equals(v) || "false".equals(v)) {
            return "true".equals(v);
        }
        throw new IOException(source + ": " + inputKey(ch, "enable") + " must be true or false, not '" + v + "'");
    }

    int binning() throws IOException {
        return integer("binning", 0);
    }

    int offset() throws IOException {
        return integer("offset", 0);
    }

    private static String inputKey(final int ch, final String what) {
        return "input." + ch + "." + what;
    }

    private int integer(final String key, final int missing) throws IOException {
        final String v = values.get(key);
        if (v == null) {
            return missing;
        }
        try {
            return Integer.parseInt(v);
        } catch (final NumberFormatException e) {
            throw new IOException(source + ": " + key + " must be an integer, not '" + v + "'");
        }
    }

    private int edge(final String key, final String missing) throws IOException {
        final String v = values.getOrDefault(key, missing).toLowerCase(Locale.ROOT);
        if ("rising".equals(v)) {
            return 1;
        }
        if ("falling".equals(v)) {
            return 0;
        }
        throw new IOException(source + ": " + key + " must be rising or falling, not '" + v + "'");
    }
}
