package org.pairgate.instruments;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * PicoQuant's MHLib (MultiHarp 150/160, library 3.x) through JNA direct mapping: the TTTR
 * subset, with the names, signatures and constants of the published mhlib.h / mhdefin.h /
 * errorcodes.h. Direct mapping binds each {@code native} method to the library's symbol once,
 * at {@link #bind}: a misspelled or missing function fails there, with the symbol's name, and
 * every later call costs about what a JNI call costs (no per-call reflection or boxing).
 *
 * <p>One library per JVM: the natives belong to this class. The library is the user's
 * ({@code --lib}, or the vendor's install locations, see {@link VendorLibraries}); pairgate
 * never ships it.
 */
public final class MHLib implements TttrLibrary {
    /** MH_ReadFiFo has no count: its buffer must hold this many records (4 MiB). */
    public static final int TTREADMAX = 1_048_576;
    /** PTU record types of MultiHarp data ("generic" T2 and T3). */
    public static final int RECORD_TYPE_T2 = 0x00010207;
    public static final int RECORD_TYPE_T3 = 0x00010307;

    private static volatile String boundPath;

    MHLib() {
    }

    /** Binds the natives to {@code library} (once per JVM; again with the same path is a no-op). */
    static synchronized MHLib bind(final NativeLibrary library) {
        if (boundPath == null) {
            Native.register(MHLib.class, library);
            boundPath = library.getFile() != null ? library.getFile().getPath() : library.getName();
        } else if (!sameLibrary(library)) {
            throw new IllegalStateException("MHLib is already bound to " + boundPath + " in this process");
        }
        return new MHLib();
    }

    private static boolean sameLibrary(final NativeLibrary library) {
        final String path = library.getFile() != null ? library.getFile().getPath() : library.getName();
        return path.equals(boundPath);
    }

    static native int MH_GetLibraryVersion(byte[] vers);
    static native int MH_GetErrorString(byte[] errstring, int errcode);
    static native int MH_OpenDevice(int devidx, byte[] serial);
    static native int MH_CloseDevice(int devidx);
    static native int MH_Initialize(int devidx, int mode, int refsource);
    static native int MH_GetHardwareInfo(int devidx, byte[] model, byte[] partno, byte[] version);
    static native int MH_GetSerialNumber(int devidx, byte[] serial);
    static native int MH_GetNumOfInputChannels(int devidx, int[] nchannels);
    static native int MH_SetSyncDiv(int devidx, int div);
    static native int MH_SetSyncEdgeTrg(int devidx, int level, int edge);
    static native int MH_SetSyncChannelOffset(int devidx, int value);
    static native int MH_SetSyncDeadTime(int devidx, int on, int deadtime);
    static native int MH_SetInputEdgeTrg(int devidx, int channel, int level, int edge);
    static native int MH_SetInputChannelOffset(int devidx, int channel, int value);
    static native int MH_SetInputDeadTime(int devidx, int channel, int on, int deadtime);
    static native int MH_SetInputChannelEnable(int devidx, int channel, int enable);
    static native int MH_SetBinning(int devidx, int binning);
    static native int MH_SetOffset(int devidx, int offset);
    static native int MH_StartMeas(int devidx, int tacq);
    static native int MH_StopMeas(int devidx);
    static native int MH_CTCStatus(int devidx, int[] ctcstatus);
    static native int MH_GetResolution(int devidx, double[] resolution);
    static native int MH_GetSyncRate(int devidx, int[] syncrate);
    static native int MH_GetAllCountRates(int devidx, int[] syncrate, int[] cntrates);
    static native int MH_GetFlags(int devidx, int[] flags);
    static native int MH_GetWarnings(int devidx, int[] warnings);
    static native int MH_GetWarningsText(int devidx, byte[] text, int warnings);
    static native int MH_ReadFiFo(int devidx, Pointer buffer, int[] nactual);

    @Override
    public String kind() {
        return "multiharp";
    }

    @Override
    public String prefix() {
        return "MH_";
    }

    @Override
    public int fifoRecords() {
        return TTREADMAX;
    }

    @Override
    public int recordType(final int mode, final String model) {
        return mode == 3 ? RECORD_TYPE_T3 : RECORD_TYPE_T2;
    }

    @Override
    public boolean cfd(final String model) {
        return false;
    }

    @Override
    public int libraryVersion(final byte[] version8) {
        return MH_GetLibraryVersion(version8);
    }

    @Override
    public String errorText(final int code) {
        final byte[] text = new byte[40];
        return MH_GetErrorString(text, code) == 0 ? Strings.c(text) : "error " + code;
    }

    @Override
    public int open(final int dev, final byte[] serial8) {
        return MH_OpenDevice(dev, serial8);
    }

    @Override
    public int close(final int dev) {
        return MH_CloseDevice(dev);
    }

    @Override
    public int initialize(final int dev, final int mode, final int refsource) {
        return MH_Initialize(dev, mode, refsource);
    }

    @Override
    public int hardwareInfo(final int dev, final byte[] model24, final byte[] partno8, final byte[] version16) {
        return MH_GetHardwareInfo(dev, model24, partno8, version16);
    }

    @Override
    public int serialNumber(final int dev, final byte[] serial8) {
        return MH_GetSerialNumber(dev, serial8);
    }

    @Override
    public int inputChannels(final int dev, final int[] n) {
        return MH_GetNumOfInputChannels(dev, n);
    }

    @Override
    public int calibrate(final int dev) {
        return 0;
    }

    @Override
    public int setSyncDiv(final int dev, final int div) {
        return MH_SetSyncDiv(dev, div);
    }

    @Override
    public int setSyncTrigger(final int dev, final int level, final int edge) {
        return MH_SetSyncEdgeTrg(dev, level, edge);
    }

    @Override
    public int setSyncOffset(final int dev, final int ps) {
        return MH_SetSyncChannelOffset(dev, ps);
    }

    @Override
    public int setSyncDeadTime(final int dev, final int on, final int ps) {
        return MH_SetSyncDeadTime(dev, on, ps);
    }

    @Override
    public int setInputTrigger(final int dev, final int channel, final int level, final int edge) {
        return MH_SetInputEdgeTrg(dev, channel, level, edge);
    }

    @Override
    public int setInputOffset(final int dev, final int channel, final int ps) {
        return MH_SetInputChannelOffset(dev, channel, ps);
    }

    @Override
    public int setInputDeadTime(final int dev, final int channel, final int on, final int ps) {
        return MH_SetInputDeadTime(dev, channel, on, ps);
    }

    @Override
    public int setInputEnable(final int dev, final int channel, final int enable) {
        return MH_SetInputChannelEnable(dev, channel, enable);
    }

    @Override
    public int setBinning(final int dev, final int binning) {
        return MH_SetBinning(dev, binning);
    }

    @Override
    public int setOffset(final int dev, final int offset) {
        return MH_SetOffset(dev, offset);
    }

    @Override
    public int startMeasurement(final int dev, final int tacqMs) {
        return MH_StartMeas(dev, tacqMs);
    }

    @Override
    public int stopMeasurement(final int dev) {
        return MH_StopMeas(dev);
    }

    @Override
    public int ctcStatus(final int dev, final int[] done) {
        return MH_CTCStatus(dev, done);
    }

    @Override
    public int resolution(final int dev, final double[] ps) {
        return MH_GetResolution(dev, ps);
    }

    @Override
    public int syncRate(final int dev, final int[] perSecond) {
        return MH_GetSyncRate(dev, perSecond);
    }

    @Override
    public int countRates(final int dev, final int inputCount, final int[] sync, final int[] inputs) {
        return MH_GetAllCountRates(dev, sync, inputs);
    }

    @Override
    public int flags(final int dev, final int[] flags) {
        return MH_GetFlags(dev, flags);
    }

    @Override
    public int warnings(final int dev, final int[] warnings) {
        return MH_GetWarnings(dev, warnings);
    }

    @Override
    public int warningsText(final int dev, final byte[] text16k, final int warnings) {
        return MH_GetWarningsText(dev, text16k, warnings);
    }

    @Override
    public int readFifo(final int dev, final Pointer buffer, final int[] n) {
        return MH_ReadFiFo(dev, buffer, n);
    }
}
