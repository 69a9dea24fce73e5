package org.pairgate.instruments;

import com.sun.jna.Pointer;

/**
 * The calls of a PicoQuant TTTR library that a live acquisition makes, as one vendor-neutral
 * face over MHLib ({@link MHLib}) and HHLib ({@link HHLib}): the same protocol, small
 * differences (edge triggers or CFDs, a FIFO read with or without a count, calibration).
 *
 * <p>Every method returns the library's code: 0 on success, a negative error code otherwise
 * ({@link #errorText(int)} says what it means). Output arguments are one-element arrays and
 * byte buffers of the sizes the vendor's headers state. Channels are indexed 0..N-1 here, as in
 * the library; pairgate numbers them +1 (sync = 0).
 */
public interface TttrLibrary {
    /** "multiharp" or "hydraharp": the name used on the command line and in messages. */
    String kind();

    /** The library's function prefix (MH_, HH_, TH260_), for messages. */
    String prefix();

    /** Records one FIFO read may deliver, and so the size of the buffer it must be given. */
    int fifoRecords();

    /** The PTU record type of the records in {@code mode} (2 = T2, 3 = T3) of the instrument {@code model}. */
    int recordType(int mode, String model);

    /**
     * Whether the sync and input triggers of {@code model} (from {@link #hardwareInfo}) are
     * constant-fraction discriminators (HydraHarp, TimeHarp 260 P) rather than edge triggers.
     */
    boolean cfd(String model);

    int libraryVersion(byte[] version8);

    /** The library's text for {@code code}, or "error N" when it gives none. */
    String errorText(int code);

    int open(int dev, byte[] serial8);

    int close(int dev);

    int initialize(int dev, int mode, int refsource);

    int hardwareInfo(int dev, byte[] model24, byte[] partno8, byte[] version16);

    int serialNumber(int dev, byte[] serial8);

    int inputChannels(int dev, int[] n);

    /** HHLib's calibration (needed after initialize); MHLib has none and returns 0. */
    int calibrate(int dev);

    int setSyncDiv(int dev, int div);

    /** MultiHarp: level mV and edge (1 rising, 0 falling); HydraHarp: CFD level mV and zero cross mV. */
    int setSyncTrigger(int dev, int level, int edgeOrZeroCross);

    int setSyncOffset(int dev, int ps);

    /** MultiHarp only (0 elsewhere when off; an error when asked on a library without it). */
    int setSyncDeadTime(int dev, int on, int ps);

    int setInputTrigger(int dev, int channel, int level, int edgeOrZeroCross);

    int setInputOffset(int dev, int channel, int ps);

    int setInputDeadTime(int dev, int channel, int on, int ps);

    int setInputEnable(int dev, int channel, int enable);

    int setBinning(int dev, int binning);

    int setOffset(int dev, int offset);

    int startMeasurement(int dev, int tacqMs);

    int stopMeasurement(int dev);

    /** {@code done[0]} becomes non-zero when the acquisition time is over. */
    int ctcStatus(int dev, int[] done);

    /** Resolution in ps (T2: the time tag unit; T3: the dtime bin). */
    int resolution(int dev, double[] ps);

    int syncRate(int dev, int[] perSecond);

    /**
     * The sync rate and every input's count rate (per second) into {@code sync[0]} and
     * {@code inputs[0..n-1]} (64 entries); the libraries derive their warnings from these readings.
     */
    int countRates(int dev, int inputCount, int[] sync, int[] inputs);

    int flags(int dev, int[] flags);

    int warnings(int dev, int[] warnings);

    /** Text of {@code warnings}; the buffer holds 16384 bytes as the headers ask. */
    int warningsText(int dev, byte[] text16k, int warnings);

    /** One FIFO read into {@code buffer}, which holds {@link #fifoRecords()} records; {@code n[0]} records read. */
    int readFifo(int dev, Pointer buffer, int[] n);
}
