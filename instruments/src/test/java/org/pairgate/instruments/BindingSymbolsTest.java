package org.pairgate.instruments;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.sun.jna.NativeLibrary;

import org.junit.jupiter.api.Test;

/**
 * The JNA bindings against the libraries' exported symbols: every {@code native} method of
 * {@link MHLib} and {@link HHLib} must resolve in the stand-in's dynamic symbol table (a missing
 * or misspelled function fails here, not in a lab's run), must be a name PicoQuant's published
 * headers declare (so a misspelling made twice, in binding and stand-in, fails too), and the
 * stand-in must export nothing else.
 */
class BindingSymbolsTest {
    /** Function names declared by PicoQuant's published mhlib.h (library 3.x) that pairgate maps. */
    static final Set<String> MHLIB_PUBLISHED = Set.of("MH_GetLibraryVersion", "MH_GetErrorString", "MH_OpenDevice",
        "MH_CloseDevice", "MH_Initialize", "MH_GetHardwareInfo", "MH_GetSerialNumber", "MH_GetFeatures", "MH_GetBaseResolution",
        "MH_GetNumOfInputChannels", "MH_SetSyncDiv", "MH_SetSyncEdgeTrg", "MH_SetSyncChannelOffset", "MH_SetSyncChannelEnable",
        "MH_SetSyncDeadTime", "MH_SetInputEdgeTrg", "MH_SetInputChannelOffset", "MH_SetInputDeadTime", "MH_SetInputHysteresis",
        "MH_SetInputChannelEnable", "MH_SetStopOverflow", "MH_SetBinning", "MH_SetOffset", "MH_SetHistoLen", "MH_SetMeasControl",
        "MH_SetTriggerOutput", "MH_ClearHistMem", "MH_StartMeas", "MH_StopMeas", "MH_CTCStatus", "MH_GetHistogram",
        "MH_GetAllHistograms", "MH_GetResolution", "MH_GetSyncPeriod", "MH_GetSyncRate", "MH_GetCountRate", "MH_GetAllCountRates",
        "MH_GetFlags", "MH_GetElapsedMeasTime", "MH_GetStartTime", "MH_GetWarnings", "MH_GetWarningsText", "MH_SetMarkerHoldoffTime",
        "MH_SetMarkerEdges", "MH_SetMarkerEnable", "MH_ReadFiFo");
    /** Function names declared by PicoQuant's published hhlib.h (library 3.x) that pairgate maps. */
    static final Set<String> HHLIB_PUBLISHED = Set.of("HH_GetLibraryVersion", "HH_GetErrorString", "HH_OpenDevice",
        "HH_CloseDevice", "HH_Initialize", "HH_GetHardwareInfo", "HH_GetSerialNumber", "HH_GetBaseResolution",
        "HH_GetNumOfInputChannels", "HH_GetNumOfModules", "HH_GetModuleInfo", "HH_GetModuleIndex", "HH_GetHardwareDebugInfo",
        "HH_Calibrate", "HH_SetSyncDiv", "HH_SetSyncCFD", "HH_SetSyncChannelOffset", "HH_SetInputCFD", "HH_SetInputChannelOffset",
        "HH_SetInputChannelEnable", "HH_SetStopOverflow", "HH_SetBinning", "HH_SetOffset", "HH_SetHistoLen", "HH_SetMeasControl",
        "HH_ClearHistMem", "HH_StartMeas", "HH_StopMeas", "HH_CTCStatus", "HH_GetHistogram", "HH_GetResolution", "HH_GetSyncRate",
        "HH_GetCountRate", "HH_GetFlags", "HH_GetElapsedMeasTime", "HH_GetWarnings", "HH_GetWarningsText", 
        "HH_SetMarkerEdges", "HH_SetMarkerEnable", "HH_SetMarkerHoldoffTime", "HH_ReadFiFo");

    /** Function names declared by PicoQuant's published th260lib.h (library 3.1) that pairgate maps. */
    static final Set<String> TH260LIB_PUBLISHED = Set.of("TH260_GetLibraryVersion", "TH260_GetErrorString", "TH260_OpenDevice",
        "TH260_CloseDevice", "TH260_Initialize", "TH260_GetHardwareInfo", "TH260_GetSerialNumber", "TH260_GetFeatures",
        "TH260_GetBaseResolution", "TH260_GetNumOfInputChannels", "TH260_SetSyncDiv", "TH260_SetSyncCFD", "TH260_SetSyncEdgeTrg",
        "TH260_SetSyncChannelOffset", "TH260_SetInputCFD", "TH260_SetInputEdgeTrg", "TH260_SetInputChannelOffset",
        "TH260_SetInputChannelEnable", "TH260_SetInputDeadTime", "TH260_SetTimingMode", "TH260_SetStopOverflow", "TH260_SetBinning",
        "TH260_SetOffset", "TH260_SetHistoLen", "TH260_SetMeasControl", "TH260_SetTriggerOutput", "TH260_ClearHistMem",
        "TH260_StartMeas", "TH260_StopMeas", "TH260_CTCStatus", "TH260_GetHistogram", "TH260_GetResolution", "TH260_GetSyncRate",
        "TH260_GetCountRate", "TH260_GetFlags", "TH260_GetElapsedMeasTime", "TH260_GetSyncPeriod", "TH260_GetWarnings",
        "TH260_GetWarningsText", "TH260_GetHardwareDebugInfo", "TH260_SetMarkerEdges", "TH260_SetMarkerEnable",
        "TH260_SetMarkerHoldoffTime", "TH260_ReadFiFo");

    static Path standIn(final String file) {
        return Path.of(System.getProperty("pairgate.standin.dir", "target/native"), file);
    }

    static List<String> natives(final Class<?> c) {
        final List<String> names = new ArrayList<>();
        for (final Method m : c.getDeclaredMethods()) {
            if (Modifier.isNative(m.getModifiers())) {
                assertTrue(Modifier.isStatic(m.getModifiers()), m + ": direct mapping needs static natives");
                assertEquals(int.class, m.getReturnType(), m + ": every vendor function returns int");
                names.add(m.getName());
            }
        }
        return names;
    }

    /** The defined dynamic symbols of {@code lib}, read from its ELF .dynsym by binutils' nm. */
    static Set<String> exported(final Path lib) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder("nm", "-D", "--defined-only", lib.toString()).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        final Set<String> names = new TreeSet<>();
        for (final String line : out.split("\n")) {
            final String[] f = line.trim().split("\\s+");
            if (f.length == 3 && "T".equals(f[1])) {
                names.add(f[2]);
            }
        }
        return names;
    }

    private static void check(final Class<?> binding, final String file, final Set<String> published) throws Exception {
        final Path lib = standIn(file);
        final NativeLibrary library = NativeLibrary.getInstance(lib.toString());
        final List<String> mapped = natives(binding);
        assertTrue(mapped.size() >= 25, "the TTTR subset is mapped: " + mapped);
        for (final String name : mapped) {
            assertTrue(published.contains(name), name + " is not a function of the vendor's published header");
            assertDoesNotThrow(() -> library.getFunction(name), name + " is not exported by " + lib);
        }
        // what the stand-in exports is exactly what the binding maps: no helper leaks into the ABI
        assertEquals(new TreeSet<>(mapped), exported(lib));
    }

    @Test
    void mhlibBindingMatchesTheStandInsSymbols() throws Exception {
        check(MHLib.class, "libmhlib_standin.so", MHLIB_PUBLISHED);
    }

    @Test
    void hhlibBindingMatchesTheStandInsSymbols() throws Exception {
        check(HHLib.class, "libhhlib_standin.so", HHLIB_PUBLISHED);
    }

    @Test
    void th260libBindingMatchesTheStandInsSymbols() throws Exception {
        check(TH260Lib.class, "libth260lib_standin.so", TH260LIB_PUBLISHED);
    }

    @Test
    void aMisspelledFunctionFailsToResolve() {
        final NativeLibrary library = NativeLibrary.getInstance(standIn("libmhlib_standin.so").toString());
        final UnsatisfiedLinkError e = org.junit.jupiter.api.Assertions.assertThrows(UnsatisfiedLinkError.class,
            () -> library.getFunction("MH_ReadFifo"));
        assertTrue(e.getMessage().contains("MH_ReadFifo"), e.getMessage());
    }
}
