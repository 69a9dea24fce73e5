package org.pairgate.instruments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.NativeLibrary;

/**
 * Finds and binds the vendor's library. pairgate never ships one: the user's installation
 * is used, from {@code --lib PATH} or else from where the vendor's Linux installer puts it,
 * then the system library path (ldconfig, {@code LD_LIBRARY_PATH}, {@code jna.library.path}).
 * A library that is nowhere gives one line that says where pairgate looked.
 */
public final class VendorLibraries {
    private VendorLibraries() {
    }

    /** The instrument kinds pairgate has bindings for. */
    public static final List<String> KINDS = List.of("multiharp", "hydraharp", "timeharp");

    /** Files tried, in order, when no --lib is given. */
    public static List<Path> installLocations(final String kind) {
        switch (kind) {
            case "multiharp":
                return List.of(Path.of("/usr/local/lib64/mh150/mhlib.so"), Path.of("/usr/local/lib/mh150/mhlib.so"),
                    Path.of("/opt/mh150/mhlib.so"));
            case "hydraharp":
                return List.of(Path.of("/usr/local/lib64/hh400/hhlib.so"), Path.of("/usr/local/lib/hh400/hhlib.so"),
                    Path.of("/opt/hh400/hhlib.so"));
            case "timeharp":
                return List.of(Path.of("/usr/local/lib64/th260/th260lib.so"), Path.of("/usr/local/lib/th260/th260lib.so"),
                    Path.of("/opt/th260/th260lib.so"));
            default:
                throw new IllegalArgumentException("unknown instrument kind: " + kind);
        }
    }

    /** The name the library is linked as (lib<name>.so on the system path). */
    public static String systemName(final String kind) {
        return "multiharp".equals(kind) ? "mh150" : "hydraharp".equals(kind) ? "hh400" : "th260lib";
    }

    /**
     * Loads the library of {@code kind} from {@code lib} (null: the defaults) and binds the
     * natives.
     *
     * @throws IOException when no library is found (the message lists where pairgate looked) or
     *                     the library lacks a function pairgate maps (the message names it)
     */
    public static TttrLibrary load(final String kind, final Path lib) throws IOException {
        final NativeLibrary library;
        if (lib != null) {
            if (!Files.isRegularFile(lib)) {
                throw new IOException(kind + ": --lib " + lib + ": no such file");
            }
            library = loadFile(kind, lib.toAbsolutePath().toString());
        } else {
            library = locate(kind);
        }
        try {
            return "multiharp".equals(kind) ? MHLib.bind(library) : "hydraharp".equals(kind) ? HHLib.bind(library)
                : TH260Lib.bind(library);
        } catch (final UnsatisfiedLinkError e) {
            throw new IOException(kind + ": " + describe(library) + " lacks a function pairgate needs: " + e.getMessage()
                + " (library version too old, or not PicoQuant's " + ("multiharp".equals(kind) ? "MHLib" : "hydraharp".equals(kind) ? "HHLib"
                : "TH260Lib") + "?)", e);
        } catch (final IllegalStateException e) {
            throw new IOException(kind + ": " + e.getMessage(), e);
        }
    }

    private static NativeLibrary locate(final String kind) throws IOException {
        final List<String> looked = new ArrayList<>();
        for (final Path p : installLocations(kind)) {
            looked.add(p.toString());
            if (Files.isRegularFile(p)) {
                return loadFile(kind, p.toString());
            }
        }
        final String name = systemName(kind);
        looked.add("lib" + name + ".so on the system library path");
        try {
            return NativeLibrary.getInstance(name);
        } catch (final UnsatisfiedLinkError e) {
            throw new IOException(kind + ": vendor library not found; looked in " + String.join(", ", looked)
                + "; install PicoQuant's library or give its file with --lib PATH (docs/instruments.md)", e);
        }
    }

    private static NativeLibrary loadFile(final String kind, final String path) throws IOException {
        try {
            return NativeLibrary.getInstance(path);
        } catch (final UnsatisfiedLinkError e) {
            throw new IOException(kind + ": cannot load " + path + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String describe(final NativeLibrary library) {
        return library.getFile() != null ? library.getFile().getPath() : library.getName();
    }

    private static String firstLine(final String s) {
        return s == null ? "unknown error" : s.split("\n")[0];
    }
}
