package org.pairgate.instruments;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * PicoQuant's TH260Lib (TimeHarp 260 N and P, library 3.x) through JNA direct mapping: the TTTR
 * subset, with the names, signatures and constants of the published th260lib.h / th260defin.h /
 * errorcodes.h. Direct mapping binds each {@code native} method to the library's symbol once,
 * at {@link #bind}: a misspelled or missing function fails there, with the symbol's name, and
 * every later call costs about what a JNI call costs (no per-call reflection or boxing).
 *
 * <p>One library per JVM: the natives belong to this class. The library is the user's
 * ({@code --lib}, or the vendor's install locations, see {@link VendorLibraries}); pairgate
 * never ships it.
 */
public final class TH260Lib implements TttrLibrary {
    /** Most records one TH260_ReadFiFo may be asked for (128 Ki records, 512 KiB), as HHLib. */
    public static final int TTREADMAX = 131_072;
    /** PTU record types of TimeHarp 260 N and P data (the HydraHarp V2 layout and overflow rule). */
    public static final int RECORD_TYPE_N_T2 = 0x00010205;
    public static final int RECORD_TYPE_N_T3 = 0x00010305;
    public static final int RECORD_TYPE_P_T2 = 0x00010206;
    public static final int RECORD_TYPE_P_T3 = 0x00010306;

    /** TH260_ERROR_INVALID_ARGUMENT (errorcodes.h). */
    static final int INVALID_ARGUMENT = -17;

    private static volatile String boundPath;

    /** Set by {@link #hardwareInfo}: a TimeHarp 260 N (edge triggers) rather than a P (CFDs). */
    private boolean nanoModel;
    /** Scratch for TH260_GetCountRate (one reader thread per instrument). */
    private final int[] one = new int[1];

    TH260Lib() {
    }

    /** Binds the natives to {@code library} (once per JVM; again with the same path is a no-op). */
    static synchronized TH260Lib bind(final NativeLibrary library) {
        if (boundPath == null) {
            Native.register(TH260Lib.class, library);
            boundPath = library.getFile() != null ? library.getFile().getPath() : library.getName();
        } else if (!sameLibrary(library)) {
            throw new IllegalStateException("TH260Lib is already bound to " + boundPath + " in this process");
        }
        return new TH260Lib();
    }

    private static boolean sameLibrary(final NativeLibrary library) {
        final String path = library.getFile() != null ? library.getFile().getPath() : library.getName();
        return path.equals(boundPath);
    }

    static native int TH260_GetLibraryVersion(byte[] vers);
    static native int TH260_GetErrorString(byte[] errstring, int errcode);
    static native int TH260_OpenDevice(int devidx, byte[] serial);
    static native int TH260_CloseDevice(int devidx);
    static native int TH260_Initialize(int devidx, int mode);
    static native int TH260_GetHardwareInfo(int devidx, byte[] model, byte[] partno, byte[] version);
    static native int TH260_GetSerialNumber(int devidx, byte[] serial);
    static native int TH260_GetNumOfInputChannels(int devidx, int[] nchannels);
    static native int TH260_SetSyncDiv(int devidx, int div);
    static native int TH260_SetSyncCFD(int devidx, int level, int zerocross);
    static native int TH260_SetSyncEdgeTrg(int devidx, int level, int edge);
    static native int TH260_SetSyncChannelOffset(int devidx, int value);
    static native int TH260_SetInputCFD(int devidx, int channel, int level, int zerocross);
    static native int TH260_SetInputEdgeTrg(int devidx, int channel, int level, int edge);
    static native int TH260_SetInputChannelOffset(int devidx, int channel, int value);
    static native int TH260_SetInputChannelEnable(int devidx, int channel, int enable);
    static native int TH260_SetBinning(int devidx, int binning);
    static native int TH260_SetOffset(int devidx, int offset);
    static native int TH260_StartMeas(int devidx, int tacq);
    static native int TH260_StopMeas(int devidx);
    static native int TH260_CTCStatus(int devidx, int[] ctcstatus);
    static native int TH260_GetResolution(int devidx, double[] resolution);
    static native int TH260_GetSyncRate(int devidx, int[] syncrate);
    static native int TH260_GetCountRate(int devidx, int channel, int[] cntrate);
    static native int TH260_GetFlags(int devidx, int[] flags);
    static native int TH260_GetWarnings(int devidx, int[] warnings);
    static native int TH260_GetWarningsText(int devidx, byte[] text, int warnings);
    static native int TH260_ReadFiFo(int devidx, Pointer buffer, int count, int[] nactual);

    @Override
    public String kind() {
        return "timeharp";
    }

    @Override
    public String prefix() {
        return "TH260_";
    }

    @Override
    public int fifoRecords() {
        return TTREADMAX;
    }

    @Override
    public int recordType(final int mode, final String model) {
        return nano(model) ? (mode == 3 ? RECORD_TYPE_N_T3 : RECORD_TYPE_N_T2) : (mode == 3 ? RECORD_TYPE_P_T3 : RECORD_TYPE_P_T2);
    }

    /** TimeHarp 260 N ("Nano": edge triggers) rather than P ("Pico": CFDs), by the model name GetHardwareInfo gives. */
    static boolean nano(final String model) {
        return model != null && (model.contains("260 N") || model.toLowerCase(java.util.Locale.ROOT).contains("nano"));
    }

    @Override
    public boolean cfd(final String model) {
        return !nano(model);
    }

    @Override
    public int libraryVersion(final byte[] version8) {
        return TH260_GetLibraryVersion(version8);
    }

    @Override
    public String errorText(final int code) {
        final byte[] text = new byte[40];
        return TH260_GetErrorString(text, code) == 0 ? Strings.c(text) : "error " + code;
    }

    @Override
    public int open(final int dev, final byte[] serial8) {
        return TH260_OpenDevice(dev, serial8);
    }

    @Override
    public int close(final int dev) {
        return TH260_CloseDevice(dev);
    }

    @Override
    public int initialize(final int dev, final int mode, final int refsource) {
        return refsource == 0 ? TH260_Initialize(dev, mode) : INVALID_ARGUMENT;   // no reference-source choice in TH260Lib
    }

    @Override
    public int hardwareInfo(final int dev, final byte[] model24, final byte[] partno8, final byte[] version16) {
        final int code = TH260_GetHardwareInfo(dev, model24, partno8, version16);
        nanoModel = code >= 0 && nano(Strings.c(model24));   // which trigger functions this model has
        return code;
    }

    @Override
    public int serialNumber(final int dev, final byte[] serial8) {
        return TH260_GetSerialNumber(dev, serial8);
    }

    @Override
    public int inputChannels(final int dev, final int[] n) {
        return TH260_GetNumOfInputChannels(dev, n);
    }

    @Override
    public int calibrate(final int dev) {
        return 0;   // TH260Lib has no calibration call
    }

    @Override
    public int setSyncDiv(final int dev, final int div) {
        return TH260_SetSyncDiv(dev, div);
    }

    @Override
    public int setSyncTrigger(final int dev, final int level, final int edge) {
        return nanoModel ? TH260_SetSyncEdgeTrg(dev, level, edge) : TH260_SetSyncCFD(dev, level, edge);
    }

    @Override
    public int setSyncOffset(final int dev, final int ps) {
        return TH260_SetSyncChannelOffset(dev, ps);
    }

    @Override
    public int setSyncDeadTime(final int dev, final int on, final int ps) {
        return on == 0 ? 0 : INVALID_ARGUMENT;   // not mapped: TH260Lib takes a dead-time code, not ps
    }

    @Override
    public int setInputTrigger(final int dev, final int channel, final int level, final int edge) {
        return nanoModel ? TH260_SetInputEdgeTrg(dev, channel, level, edge) : TH260_SetInputCFD(dev, channel, level, edge);
    }

    @Override
    public int setInputOffset(final int dev, final int channel, final int ps) {
        return TH260_SetInputChannelOffset(dev, channel, ps);
    }

    @Override
    public int setInputDeadTime(final int dev, final int channel, final int on, final int ps) {
        return on == 0 ? 0 : INVALID_ARGUMENT;
    }

    @Override
    public int setInputEnable(final int dev, final int channel, final int enable) {
        return TH260_SetInputChannelEnable(dev, channel, enable);
    }

    @Override
    public int setBinning(final int dev, final int binning) {
        return TH260_SetBinning(dev, binning);
    }

    @Override
    public int setOffset(final int dev, final int offset) {
        return TH260_SetOffset(dev, offset);
    }

    @Override
    public int startMeasurement(final int dev, final int tacqMs) {
        return TH260_StartMeas(dev, tacqMs);
    }

    @Override
    public int stopMeasurement(final int dev) {
        return TH260_StopMeas(dev);
    }

    @Override
    public int ctcStatus(final int dev, final int[] done) {
        return TH260_CTCStatus(dev, done);
    }

    @Override
    public int resolution(final int dev, final double[] ps) {
        return TH260_GetResolution(dev, ps);
    }

    @Override
    public int syncRate(final int dev, final int[] perSecond) {
        return TH260_GetSyncRate(dev, perSecond);
    }

    @Override
    public int countRates(final int dev, final int inputCount, final int[] sync, final int[] inputs) {
        int code = TH260_GetSyncRate(dev, sync);
        for (int ch = 0; ch < inputCount && code >= 0; ch++) {
            code = TH260_GetCountRate(dev, ch, one);
            inputs[ch] = one[0];
        }
        return code;
    }

    @Override
    public int flags(final int dev, final int[] flags) {
        return TH260_GetFlags(dev, flags);
    }

    @Override
    public int warnings(final int dev, final int[] warnings) {
        return TH260_GetWarnings(dev, warnings);
    }

    @Override
    public int warningsText(final int dev, final byte[] text16k, final int warnings) {
        return TH260_GetWarningsText(dev, text16k, warnings);
    }

    @Override
    public int readFifo(final int dev, final Pointer buffer, final int[] n) {
        return TH260_ReadFiFo(dev, buffer, TTREADMAX, n);
    }
}
