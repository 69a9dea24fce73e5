package org.pairgate.host.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.pairgate.host.analysis.DeviceFactory;

/**
 * analyze's command line read by hand, without picocli: the start-up fast path (issue 15).
 *
 * <p>picocli builds a command's model by reflection over its annotations (a dynamic proxy per
 * annotation type, the annotated fields' converters, the help's texts) before it reads a single
 * argument: about 100 ms of CPU in a fresh JVM, a third of a whole {@code pairgate analyze} of a
 * small file (docs/benchmarks.md "Time to first result"). This parser knows analyze's options
 * and nothing else, and is deliberately narrow: it takes a command line only when it is plainly
 * well-formed ({@code --name value} or {@code --name=value}, each single-valued option at most
 * once, every required one there, numbers in plain decimal, a window and a delay that parse) and
 * otherwise declines ({@code null}), and then picocli reads the same line and says what is wrong
 * with it, or prints the help: every error of the command line stays picocli's, word for word.
 * What it accepts it must read exactly as picocli does ({@code AnalyzeArgsTest} holds the two to
 * each other on the analyze options); what happens after parsing (the checks of the values
 * against each other and the file, the run, the output) is {@link AnalyzeCommand}'s either way.
 */
final class AnalyzeArgs {
    /** analyze's options that take one value, at most once (picocli refuses a second one). */
    private static final Set<String> SINGLE = Set.of("--sync", "--detectors", "--max-dn", "--bin", "--engine",
        "--frame-trials", "--out", "--records");

    private AnalyzeArgs() {
    }

    /**
     * The command {@code args} (with {@code args[0]} = "analyze") describes, or null when this
     * parser leaves the line to picocli.
     */
    static AnalyzeCommand parse(final String[] args, final DeviceFactory devices) {
        if (args.length < 1 || !"analyze".equals(args[0])) {
            return null;
        }
        Path file = null;
        final Map<String, String> single = new HashMap<>();   // the single-valued options as given
        final List<WindowSpec> windows = new ArrayList<>();
        final List<DelaySpec> delays = new ArrayList<>();
        boolean debug = false;
        try {
            for (int i = 1; i < args.length; i++) {
                final String arg = args[i];
                if (arg.startsWith("@") || arg.equals("--")) {
                    return null;                     // picocli's argument files and end of options
                }
                if (!arg.startsWith("-")) {
                    if (file != null) {
                        return null;                 // a second FILE: picocli's "Unmatched argument"
                    }
                    file = Path.of(arg);
                    continue;
                }
                if (arg.equals("--debug")) {
                    if (debug) {
                        return null;
                    }
                    debug = true;
                    continue;
                }
                final int eq = arg.indexOf('=');
                final boolean inline = eq > 2 && arg.startsWith("--");
                final String name = inline ? arg.substring(0, eq) : arg;
                final String value;
                if (inline) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length && !args[i + 1].startsWith("-") && !args[i + 1].startsWith("@")) {
                    value = args[++i];
                } else {
                    return null;                     // no value, or one picocli might read as an option
                }
                if (name.equals("--window")) {
                    windows.add(WindowSpec.parse(value));
                } else if (name.equals("--delay")) {
                    delays.add(DelaySpec.parse(value));
                } else if (!SINGLE.contains(name) || single.putIfAbsent(name, value) != null) {
                    return null;                     // -h, --help, an option analyze lacks, or one given twice
                }
            }
        } catch (final IllegalArgumentException e) {   // InvalidPathException too
            return null;                             // a window, delay or path picocli will refuse in its words
        }
        final String detectors = single.get("--detectors");
        if (file == null || detectors == null || windows.isEmpty() || !single.containsKey("--out")) {
            return null;                             // picocli's "Missing required ..."
        }
        final int[] channels = channels(detectors);
        final long sync = decimal(single.getOrDefault("--sync", GatingOptions.DEFAULT_SYNC), 9);
        final long maxDn = decimal(single.getOrDefault("--max-dn", GatingOptions.DEFAULT_MAX_DN), 9);
        final long frameTrials = decimal(single.getOrDefault("--frame-trials", AnalyzeCommand.DEFAULT_FRAME_TRIALS), 18);
        if (channels == null || sync < 0 || maxDn < 0 || frameTrials < 0) {
            return null;
        }
        final Path out;
        final Path records;
        try {
            out = Path.of(single.get("--out"));
            records = single.containsKey("--records") ? Path.of(single.get("--records")) : null;
        } catch (final IllegalArgumentException e) {   // InvalidPathException
            return null;
        }
        final GatingOptions gating = new GatingOptions((int) sync, channels, windows, delays, (int) maxDn,
            single.getOrDefault("--bin", GatingOptions.DEFAULT_BIN), single.getOrDefault("--engine", GatingOptions.DEFAULT_ENGINE));
        return new AnalyzeCommand(devices, file, gating, frameTrials, out, records, debug);
    }

    /** "1,2,3" as ints, or null unless every part is a {@link #decimal} int. */
    private static int[] channels(final String text) {
        int parts = 1;
        for (int i = 0; i < text.length(); i++) {
            parts += text.charAt(i) == ',' ? 1 : 0;
        }
        final int[] channels = new int[parts];
        int from = 0;
        for (int p = 0; p < parts; p++) {
            int to = text.indexOf(',', from);
            to = to < 0 ? text.length() : to;
            final long ch = decimal(text.substring(from, to), 9);
            if (ch < 0) {
                return null;
            }
            channels[p] = (int) ch;
            from = to + 1;
        }
        return channels;
    }

    /**
     * A number of at most {@code maxDigits} ASCII digits with no sign and no leading zero (which
     * picocli and this parser read alike), else -1 (the line goes to picocli).
     */
    private static long decimal(final String text, final int maxDigits) {
        final int n = text.length();
        if (n == 0 || n > maxDigits || (n > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
