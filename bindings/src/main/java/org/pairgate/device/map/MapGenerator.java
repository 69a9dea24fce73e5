package org.pairgate.device.map;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Generates the register map and frame layout in Verilog, C and Java from {@code fpga/pairgate.map}.
 *
 * <p>The firmware, the C ABI and the Java model must agree on every register address and every
 * frame word; a hand-copied table drifts. This generator is the only writer of the three outputs,
 * and {@code GeneratedMapTest} regenerates them in memory and fails when a checked-in copy differs.
 *
 * <p>It uses the JDK only, so it also runs as a single-file program:
 * {@code java bindings/src/main/java/org/pairgate/device/map/MapGenerator.java ROOT}.
 */
public final class MapGenerator {
    /** Project-relative paths of the generated files. */
    public static final String VERILOG = "fpga/rtl/pg_map.vh";
    public static final String C_HEADER = "hw-sim/include/pairgate_map.h";
    public static final String JAVA = "bindings/src/main/java/org/pairgate/device/PgMap.java";
    public static final String SOURCE = "fpga/pairgate.map";
    /** The firmware README, whose frame-layout table (between two markers) is generated too. */
    public static final String README = "fpga/README.md";
    static final String README_BEGIN = "<!-- BEGIN GENERATED FRAME LAYOUT (make -C fpga gen; do not edit) -->";
    static final String README_END = "<!-- END GENERATED FRAME LAYOUT -->";
    /** Shapes whose offsets the README table lists: the RTL defaults and the `make synth-ice40` shape. */
    private static final String[] TABLE_SHAPE_NAMES = {"default W=2 D=2 K=8 B=256", "ice40 W=1 D=1 K=1 B=256"};
    private static final long[][] TABLE_SHAPES = {{2, 2, 8, 256}, {1, 1, 1, 256}};

    private static final Pattern SIZE_EXPR = Pattern.compile("[0-9WDKB*+<() ]+");

    record Const(String name, String value, String doc) { }
    record Reg(String name, int address, String access, int count, String doc) { }
    record Field(String name, String size, String doc) { }

    private final List<Const> consts = new ArrayList<>();
    private final List<Reg> regs = new ArrayList<>();
    private final List<Field> fields = new ArrayList<>();
    /** The trial-record layout ({@code record} entries): a second, much smaller word layout. */
    private final List<Field> records = new ArrayList<>();

    private MapGenerator(final String text) {
        int lineNo = 0;
        for (final String raw : text.split("\n", -1)) {
            lineNo++;
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final int dd = line.indexOf("--");
            final String doc = dd >= 0 ? line.substring(dd + 2).strip() : "";
            final String body = (dd >= 0 ? line.substring(0, dd) : line).strip();
            final String[] t = body.split("\\s+", 3);
            try {
                switch (t[0]) {
                    case "const" -> consts.add(new Const(t[1], t[2].strip(), doc));
                    case "reg" -> {
                        final String[] r = body.split("\\s+");
                        final int count = r.length >= 6 && r[4].equals("count") ? Integer.parseInt(r[5]) : 1;
                        regs.add(new Reg(r[1], Integer.decode(r[2]), r[3], count, doc));
                    }
                    case "frame", "record" -> {
                        final String size = t[2].strip();
                        if (!SIZE_EXPR.matcher(size).matches()) {
                            throw new IllegalArgumentException("size expression may only use W, D, K, B, integers, * + << ( )");
                        }
                        (t[0].equals("frame") ? fields : records).add(new Field(t[1], size, doc));
                    }
                    default -> throw new IllegalArgumentException("unknown entry '" + t[0] + "'");
                }
            } catch (final RuntimeException e) {
                throw new IllegalArgumentException(SOURCE + ":" + lineNo + ": " + e.getMessage(), e);
            }
        }
        if (fields.isEmpty() || records.isEmpty()) {
            throw new IllegalArgumentException(SOURCE + ": needs frame and record entries");
        }
    }

    /** Reads the map under {@code root} and returns generated file contents keyed by project-relative path. */
    public static Map<String, String> generate(final Path root) throws IOException {
        final MapGenerator g = new MapGenerator(Files.readString(root.resolve(SOURCE), StandardCharsets.UTF_8));
        final Map<String, String> out = new LinkedHashMap<>();
        out.put(VERILOG, g.verilog());
        out.put(C_HEADER, g.cHeader());
        out.put(JAVA, g.java());
        out.put(README, g.readme(Files.readString(root.resolve(README), StandardCharsets.UTF_8)));
        return out;
    }

    /**
     * {@code MapGenerator [--check] [ROOT]}: writes the generated files under ROOT (default "."),
     * or with {@code --check} only compares them and exits 1 when any is stale.
     */
    public static void main(final String[] args) throws IOException {
        final boolean check = args.length > 0 && args[0].equals("--check");
        final int rootArg = check ? 1 : 0;
        final Path root = Path.of(args.length > rootArg ? args[rootArg] : ".");
        int stale = 0;
        for (final Map.Entry<String, String> e : generate(root).entrySet()) {
            final Path file = root.resolve(e.getKey());
            final boolean same = Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(e.getValue());
            if (check) {
                if (!same) {
                    System.err.println("MapGenerator: " + e.getKey() + " is stale: run make -C fpga gen");
                    stale++;
                }
            } else if (!same) {
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
                System.out.println("wrote " + e.getKey());
            }
        }
        if (check) {
            if (stale > 0) {
                System.exit(1);
            }
            System.out.println("MapGenerator: generated files up to date");
        }
    }

    /** {@code text} with the table between the README markers regenerated. */
    private String readme(final String text) {
        final int b = text.indexOf(README_BEGIN);
        final int e = text.indexOf(README_END);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException(README + ": the frame layout markers are missing");
        }
        final StringBuilder t = new StringBuilder("| field | words | ");
        for (final String name : TABLE_SHAPE_NAMES) {
            t.append("offset (").append(name).append(") | ");
        }
        t.append("meaning |\n|---|---|").append("---|".repeat(TABLE_SHAPES.length)).append("---|\n");
        final long[] offsets = new long[TABLE_SHAPES.length];
        for (final Field f : fields) {
            t.append("| ").append(f.name()).append(" | `").append(f.size()).append("` | ");
            for (int i = 0; i < offsets.length; i++) {
                t.append(offsets[i]).append(i + 1 < offsets.length ? " | " : "");
                offsets[i] += new SizeExpression(f.size(), TABLE_SHAPES[i]).value();
            }
            t.append(" | ").append(f.doc().replace("|", "\\|")).append(" |\n");
        }
        t.append("| (FRAME_WORDS) | | ");
        for (int i = 0; i < offsets.length; i++) {
            t.append(offsets[i]).append(i + 1 < offsets.length ? " | " : "");
        }
        t.append(" | words per frame |");
        return text.substring(0, b) + README_BEGIN + "\n" + t + "\n" + text.substring(e);
    }

    /** Evaluates a size expression ({@code * + << ( )}, integers, W D K B) with C precedence. */
    private static final class SizeExpression {
        private final String text;
        private final long[] shape;
        private int at;

        SizeExpression(final String text, final long[] shape) {
            this.text = text.replace(" ", "");
            this.shape = shape;
        }

        long value() {
            final long v = shift();
            if (at != text.length()) {
                throw new IllegalArgumentException("bad size expression '" + text + "' at " + at);
            }
            return v;
        }

        private long shift() {
            long v = sum();
            while (text.startsWith("<<", at)) {
                at += 2;
                v <<= sum();
            }
            return v;
        }

        private long sum() {
            long v = product();
            while (at < text.length() && text.charAt(at) == '+') {
                at++;
                v += product();
            }
            return v;
        }

        private long product() {
            long v = atom();
            while (at < text.length() && text.charAt(at) == '*') {
                at++;
                v *= atom();
            }
            return v;
        }

        private long atom() {
            final char c = text.charAt(at);
            if (c == '(') {
                at++;
                final long v = shift();
                at++; // ')'
                return v;
            }
            final int slot = "WDKB".indexOf(c);
            if (slot >= 0) {
                at++;
                return shape[slot];
            }
            final int from = at;
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            return Long.parseLong(text.substring(from, at));
        }
    }

    private static final String BANNER = "GENERATED from fpga/pairgate.map by MapGenerator: do not edit; run `make -C fpga gen`.";

    private static String offsetExpr(final List<Field> fields, final int upTo, final String prefix) {
        if (upTo == 0) {
            return "0";
        }
        return prefix + fields.get(upTo - 1).name() + " + " + prefix.replace("OFF", "LEN") + fields.get(upTo - 1).name();
    }

    private static String hexLiteral(final String value, final String lang) {
        final long v = Long.decode(value.length() > 18 ? value : value);
        final boolean wide = value.startsWith("0x") && value.length() > 10;
        return switch (lang) {
            case "v" -> wide ? "64'h" + value.substring(2).toUpperCase() : String.valueOf(v);
            case "c" -> wide ? "UINT64_C(" + value + ")" : String.valueOf(v);
            default -> wide ? value + "L" : String.valueOf(v);
        };
    }

    private String verilog() {
        final StringBuilder s = new StringBuilder();
        s.append("// ").append(BANNER).append('\n');
        s.append("// Include inside a module that declares integer parameters W, D, K and B.\n");
        s.append("/* verilator lint_off UNUSEDPARAM */\n");
        for (final Const c : consts) {
            final boolean wide = c.value().startsWith("0x") && c.value().length() > 10;
            s.append(wide ? "localparam [63:0] " : "localparam integer ").append("PG_").append(c.name())
                .append(" = ").append(hexLiteral(c.value(), "v")).append(";  // ").append(c.doc()).append('\n');
        }
        for (final Reg r : regs) {
            s.append("localparam integer PG_REG_").append(r.name()).append(" = ").append(r.address()).append(";  // ")
                .append(r.access()).append(r.count() > 1 ? " x" + r.count() : "").append(": ").append(r.doc()).append('\n');
        }
        for (int i = 0; i < fields.size(); i++) {
            final Field f = fields.get(i);
            s.append("localparam integer PG_LEN_").append(f.name()).append(" = ").append(f.size()).append(";  // ")
                .append(f.doc()).append('\n');
            s.append("localparam integer PG_OFF_").append(f.name()).append(" = ").append(offsetExpr(fields, i, "PG_OFF_"))
                .append(";\n");
        }
        final Field last = fields.get(fields.size() - 1);
        s.append("localparam integer PG_FRAME_WORDS_N = PG_OFF_").append(last.name()).append(" + PG_LEN_").append(last.name()).append(";\n");
        s.append("// trial record words\n");
        for (int i = 0; i < records.size(); i++) {
            final Field f = records.get(i);
            s.append("localparam integer PG_REC_LEN_").append(f.name()).append(" = ").append(f.size()).append(";  // ")
                .append(f.doc()).append('\n');
            s.append("localparam integer PG_REC_OFF_").append(f.name()).append(" = ").append(offsetExpr(records, i, "PG_REC_OFF_"))
                .append(";\n");
        }
        final Field lastRec = records.get(records.size() - 1);
        s.append("localparam integer PG_RECORD_WORDS_N = PG_REC_OFF_").append(lastRec.name()).append(" + PG_REC_LEN_")
            .append(lastRec.name()).append(";\n");
        s.append("/* verilator lint_on UNUSEDPARAM */\n");
        return s.toString();
    }

    private String cHeader() {
        final StringBuilder s = new StringBuilder();
        s.append("/* ").append(BANNER).append(" */\n");
        s.append("#ifndef PAIRGATE_MAP_H\n#define PAIRGATE_MAP_H\n\n#include <stdint.h>\n\n");
        for (final Const c : consts) {
            s.append("#define PG_").append(c.name()).append(' ').append(hexLiteral(c.value(), "c")).append("  /* ").append(c.doc()).append(" */\n");
        }
        s.append('\n');
        for (final Reg r : regs) {
            s.append("#define PG_REG_").append(r.name()).append(" 0x").append(String.format("%02Xu", r.address())).append("  /* ")
                .append(r.access()).append(r.count() > 1 ? " x" + r.count() : "").append(": ").append(r.doc()).append(" */\n");
        }
        s.append("\n/** Word offsets (off_*) and lengths (len_*) of every frame field for one core shape. */\n");
        s.append("typedef struct pg_layout {\n");
        for (final Field f : fields) {
            s.append("    uint32_t off_").append(f.name().toLowerCase()).append(", len_").append(f.name().toLowerCase())
                .append(";  /* ").append(f.doc()).append(" */\n");
        }
        s.append("    uint32_t frame_words;\n} pg_layout;\n\n");
        s.append("static inline void pg_layout_init(pg_layout *l, uint32_t W, uint32_t D, uint32_t K, uint32_t B)\n{\n");
        s.append("    (void)W; (void)D; (void)K; (void)B;\n");
        String prev = null;
        for (final Field f : fields) {
            final String n = f.name().toLowerCase();
            s.append("    l->len_").append(n).append(" = ").append(f.size()).append(";\n");
            s.append("    l->off_").append(n).append(" = ").append(prev == null ? "0" : "l->off_" + prev + " + l->len_" + prev).append(";\n");
            prev = n;
        }
        s.append("    l->frame_words = l->off_").append(prev).append(" + l->len_").append(prev).append(";\n}\n\n");
        s.append("/** Word offsets (off_*) and lengths (len_*) of every trial-record field for one core shape. */\n");
        s.append("typedef struct pg_record_layout {\n");
        for (final Field f : records) {
            s.append("    uint32_t off_").append(f.name().toLowerCase()).append(", len_").append(f.name().toLowerCase())
                .append(";  /* ").append(f.doc()).append(" */\n");
        }
        s.append("    uint32_t record_words;\n} pg_record_layout;\n\n");
        s.append("static inline void pg_record_layout_init(pg_record_layout *l, uint32_t W, uint32_t D, uint32_t K, uint32_t B)\n{\n");
        s.append("    (void)W; (void)D; (void)K; (void)B;\n");
        prev = null;
        for (final Field f : records) {
            final String n = f.name().toLowerCase();
            s.append("    l->len_").append(n).append(" = ").append(f.size()).append(";\n");
            s.append("    l->off_").append(n).append(" = ").append(prev == null ? "0" : "l->off_" + prev + " + l->len_" + prev).append(";\n");
            prev = n;
        }
        s.append("    l->record_words = l->off_").append(prev).append(" + l->len_").append(prev).append(";\n}\n\n");
        s.append("#endif /* PAIRGATE_MAP_H */\n");
        return s.toString();
    }

    private static String camel(final String upper) {
        final StringBuilder b = new StringBuilder();
        boolean up = false;
        for (final char ch : upper.toLowerCase().toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return b.toString();
    }

    private String java() {
        final StringBuilder s = new StringBuilder();
        s.append("// ").append(BANNER).append('\n');
        s.append("package org.pairgate.device;\n\n");
        s.append("/** Register map, constants and frame layout of the pairgate core (see docs/frame-format.md). */\n");
        s.append("public final class PgMap {\n    private PgMap() { }\n\n");
        for (final Const c : consts) {
            final boolean wide = c.value().startsWith("0x") && c.value().length() > 10;
            s.append("    /** ").append(c.doc()).append(" */\n");
            s.append("    public static final ").append(wide ? "long " : "int ").append(c.name()).append(" = ")
                .append(hexLiteral(c.value(), "j")).append(";\n");
        }
        s.append('\n');
        for (final Reg r : regs) {
            s.append("    /** ").append(r.access()).append(r.count() > 1 ? " x" + r.count() : "").append(": ").append(r.doc()).append(" */\n");
            s.append("    public static final int REG_").append(r.name()).append(" = 0x").append(String.format("%02X", r.address())).append(";\n");
        }
        s.append("\n    /** Word offsets and lengths of every frame field for one core shape (W, D, K, B). */\n");
        s.append("    public static final class FrameLayout {\n");
        s.append("        public final int windows, detectors, maxDn, bins;\n");
        for (final Field f : fields) {
            final String n = camel(f.name());
            s.append("        /** ").append(f.doc()).append(" */\n");
            s.append("        public final int off").append(Character.toUpperCase(n.charAt(0))).append(n.substring(1))
                .append(", len").append(Character.toUpperCase(n.charAt(0))).append(n.substring(1)).append(";\n");
        }
        s.append("        /** Words in one frame. */\n        public final int frameWords;\n\n");
        s.append("        @SuppressWarnings(\"checkstyle:ParameterName\")\n");
        s.append("        public FrameLayout(final int W, final int D, final int K, final int B) {\n");
        s.append("            this.windows = W;\n            this.detectors = D;\n            this.maxDn = K;\n            this.bins = B;\n");
        String prev = null;
        for (final Field f : fields) {
            final String n = camel(f.name());
            final String cap = Character.toUpperCase(n.charAt(0)) + n.substring(1);
            s.append("            len").append(cap).append(" = ").append(f.size()).append(";\n");
            s.append("            off").append(cap).append(" = ").append(prev == null ? "0" : "off" + prev + " + len" + prev).append(";\n");
            prev = cap;
        }
        s.append("            frameWords = off").append(prev).append(" + len").append(prev).append(";\n        }\n\n");
        s.append("        /** The SHAPE word of this layout: W | D<<8 | K<<16 | B<<32. */\n");
        s.append("        public long shapeWord() {\n            return windows | (long) detectors << 8 | (long) maxDn << 16 | (long) bins << 32;\n        }\n\n");
        s.append("        /** The layout described by a SHAPE word. */\n");
        s.append("        public static FrameLayout ofShape(final long shape) {\n");
        s.append("            return new FrameLayout((int) (shape & 0xFF), (int) (shape >>> 8 & 0xFF), (int) (shape >>> 16 & 0xFFFF), (int) (shape >>> 32));\n        }\n    }\n\n");
        s.append("    /** Word offsets and lengths of every trial-record field for one core shape (W, D, K, B). */\n");
        s.append("    public static final class RecordLayout {\n");
        for (final Field f : records) {
            final String n = camel(f.name());
            s.append("        /** ").append(f.doc()).append(" */\n");
            s.append("        public final int off").append(Character.toUpperCase(n.charAt(0))).append(n.substring(1))
                .append(", len").append(Character.toUpperCase(n.charAt(0))).append(n.substring(1)).append(";\n");
        }
        s.append("        /** Words in one record. */\n        public final int recordWords;\n\n");
        s.append("        @SuppressWarnings({\"checkstyle:ParameterName\", \"unused\"})\n");
        s.append("        public RecordLayout(final int W, final int D, final int K, final int B) {\n");
        prev = null;
        for (final Field f : records) {
            final String n = camel(f.name());
            final String cap = Character.toUpperCase(n.charAt(0)) + n.substring(1);
            s.append("            len").append(cap).append(" = ").append(f.size()).append(";\n");
            s.append("            off").append(cap).append(" = ").append(prev == null ? "0" : "off" + prev + " + len" + prev).append(";\n");
            prev = cap;
        }
        s.append("            recordWords = off").append(prev).append(" + len").append(prev).append(";\n        }\n\n");
        s.append("        /** The record layout of a frame layout's shape. */\n");
        s.append("        public static RecordLayout of(final FrameLayout l) {\n");
        s.append("            return new RecordLayout(l.windows, l.detectors, l.maxDn, l.bins);\n        }\n    }\n}\n");
        return s.toString();
    }
}
