package org.pairgate.instruments;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * PicoQuant's HHLib (HydraHarp 400, library 3.x) through JNA direct mapping: the TTTR
 * subset, with the names, signatures and constants of the published hhlib.h / hhdefin.h /
 * errorcodes.h. Direct mapping binds each {@code native} method to the library's symbol once,
 * at {@link #bind}: a misspelled or missing function fails there, with the symbol's name, and
 * every later call costs about what a JNI call costs (no per-call reflection or boxing).
 *
 * <p>One library per JVM: the natives belong to this class. The library is the user's
 * ({@code --lib}, or the vendor's install locations, see {@link VendorLibraries}); pairgate
 * never ships it.
 */
public final class HHLib implements TttrLibrary {
    /** Most records one HH_ReadFiFo may be asked for (128 Ki records, 512 KiB). */
    public static final int TTREADMAX = 131_072;
    /** PTU record types of HydraHarp data with HHLib 3.x (HydraHarp V2 T2 and T3). */
    public static final int RECORD_TYPE_T2 = 0x01010204;
    public static final int RECORD_TYPE_T3 = 0x01010304;

    /** HH_ERROR_INVALID_ARGUMENT (errorcodes.h). */
    static final int INVALID_ARGUMENT = -17;

    private static volatile String boundPath;

    /** Scratch for HH_GetCountRate (one reader thread per instrument). */
    private final int[] one = new int[1];

    HHLib() {
    }

    /** Binds the natives to {@code library} (once per JVM; again with the same path is a no-op). */
    static synchronized HHLib bind(final NativeLibrary library) {
        if (boundPath == null) {
            Native.register(HHLib.class, library);
            boundPath = library.getFile() != null ? library.getFile().getPath() : library.getName();
        } else if (!sameLibrary(library)) {
            throw new IllegalStateException("HHLib is already bound to " + boundPath + " in this process");
        }
        return new HHLib();
    }

    private static boolean sameLibrary(final NativeLibrary library) {
        final String path = library.getFile() != null ? library.getFile().getPath() : library.getName();
        return path.equals(boundPath);
    }

    static native int HH_GetLibraryVersion(byte[] vers);
    static native int HH_GetErrorString(byte[] errstring, int errcode);
    static native int HH_OpenDevice(int devidx, byte[] serial);
    static native int HH_CloseDevice(int devidx);
    static native int HH_Initialize(int devidx, int mode, int refsource);
    static native int HH_GetHardwareInfo(int devidx, byte[] model, byte[] partno, byte[] version);
    static native int HH_GetSerialNumber(int devidx, byte[] serial);
    static native int HH_GetNumOfInputChannels(int devidx, int[] nchannels);
    static native int HH_SetSyncDiv(int devidx, int div);
    static native int HH_Calibrate(int devidx);
    static native int HH_SetSyncCFD(int devidx, int level, int zerocross);
    static native int HH_SetSyncChannelOffset(int devidx, int value);
    static native int HH_SetInputCFD(int devidx, int channel, int level, int zerocross);
    static native int HH_SetInputChannelOffset(int devidx, int channel, int value);
    static native int HH_SetInputChannelEnable(int devidx, int channel, int enable);
    static native int HH_SetBinning(int devidx, int binning);
    static native int HH_SetOffset(int devidx, int offset);
    static native int HH_StartMeas(int devidx, int tacq);
    static native int HH_StopMeas(int devidx);
    static native int HH_CTCStatus(int devidx, int[] ctcstatus);
    static native int HH_GetResolution(int devidx, double[] resolution);
    static native int HH_GetSyncRate(int devidx, int[] syncrate);
    static native int HH_GetCountRate(int devidx, int channel, int[] cntrate);
    static native int HH_GetFlags(int devidx, int[] flags);
    static native int HH_GetWarnings(int devidx, int[] warnings);
    static native int HH_GetWarningsText(int devidx, byte[] text, int warnings);
    static native int HH_ReadFiFo(int devidx, Pointer buffer, int count, int[] nactual);

    @Override
    public String kind() {
        return "hydraharp";
    }

    @Override
    public String prefix() {
        return "HH_";
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
        return true;
    }

    @Override
    public int libraryVersion(final byte[] version8) {
        return HH_GetLibraryVersion(version8);
    }

    @Override
    public String errorText(final int code) {
        final byte[] text = new byte[40];
        return HH_GetErrorString(text, code) == 0 ? Strings.c(text) : "error " + code;
    }

    @Override
    public int open(final int dev, final byte[] serial8) {
        return HH_OpenDevice(dev, serial8);
    }

    @Override
    public int close(final int dev) {
        return HH_CloseDevice(dev);
    }

    @Override
    public int initialize(final int dev, final int mode, final int refsource) {
        return HH_Initialize(dev, mode, refsource);
    }

    @Override
    public int hardwareInfo(final int dev, final byte[] model24, final byte[] partno8, final byte[] version16) {
        return HH_GetHardwareInfo(dev, model24, partno8, version16);
    }

    @Override
    public int serialNumber(final int dev, final byte[] serial8) {
        return HH_GetSerialNumber(dev, serial8);
    }

    @Override
    public int inputChannels(final int dev, final int[] n) {
        return HH_GetNumOfInputChannels(dev, n);
    }

    @Override
    public int calibrate(final int dev) {
        return HH_Calibrate(dev);
    }

    @Override
    public int setSyncDiv(final int dev, final int div) {
        return HH_SetSyncDiv(dev, div);
    }

    @Override
    public int setSyncTrigger(final int dev, final int level, final int edge) {
        return HH_SetSyncCFD(dev, level, edge);
    }

    @Override
    public int setSyncOffset(final int dev, final int ps) {
        return HH_SetSyncChannelOffset(dev, ps);
    }

    @Override
    public int setSyncDeadTime(final int dev, final int on, final int ps) {
        return on == 0 ? 0 : INVALID_ARGUMENT;   // HHLib has no programmable dead time
    }

    @Override
    public int setInputTrigger(final int dev, final int channel, final int level, final int edge) {
        return HH_SetInputCFD(dev, channel, level, edge);
    }

    @Override
    public int setInputOffset(final int dev, final int channel, final int ps) {
        return HH_SetInputChannelOffset(dev, channel, ps);
    }

    @Override
    public int setInputDeadTime(final int dev, final int channel, final int on, final int ps) {
        return on == 0 ? 0 : INVALID_ARGUMENT;
    }

    @Override
    public int setInputEnable(final int dev, final int channel, final int enable) {
        return HH_SetInputChannelEnable(dev, channel, enable);
    }

    @Override
    public int setBinning(final int dev, final int binning) {
        return HH_SetBinning(dev, binning);
    }

    @Override
    public int setOffset(final int dev, final int offset) {
        return HH_SetOffset(dev, offset);
    }

    @Override
    public int startMeasurement(final int dev, final int tacqMs) {
        return HH_StartMeas(dev, tacqMs);
    }

    @Override
    public int stopMeasurement(final int dev) {
        return HH_StopMeas(dev);
    }

    @Override
    public int ctcStatus(final int dev, final int[] done) {
        return HH_CTCStatus(dev, done);
    }

    @Override
    public int resolution(final int dev, final double[] ps) {
        return HH_GetResolution(dev, ps);
    }

    @Override
    public int syncRate(final int dev, final int[] perSecond) {
        return HH_GetSyncRate(dev, perSecond);
    }

    @Override
    public int countRates(final int dev, final int inputCount, final int[] sync, final int[] inputs) {
        int code = HH_GetSyncRate(dev, sync);
        for (int ch = 0; ch < inputCount && code >= 0; ch++) {
            code = HH_GetCountRate(dev, ch, one);
            inputs[ch] = one[0];
        }
        return code;
    }

    @Override
    public int flags(final int dev, final int[] flags) {
        return HH_GetFlags(dev, flags);
    }

    @Override
    public int warnings(final int dev, final int[] warnings) {
        return HH_GetWarnings(dev, warnings);
    }

    @Override
    public int warningsText(final int dev, final byte[] text16k, final int warnings) {
        return HH_GetWarningsText(dev, text16k, warnings);
    }

    @Override
    public int readFifo(final int dev, final Pointer buffer, final int[] n) {
        return HH_ReadFiFo(dev, buffer, TTREADMAX, n);
    }
}
