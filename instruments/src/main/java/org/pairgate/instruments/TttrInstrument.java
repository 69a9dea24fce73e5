package org.pairgate.instruments;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * One PicoQuant instrument in a TTTR run, as the vendor's demos drive it: open, initialize (mode,
 * reference), calibrate (HydraHarp), settings, start with an acquisition time; then one thread
 * reads blocks: flags and warnings, one FIFO read into a single reused off-heap buffer of the
 * vendor's size, and on an empty read the CTC status (is the acquisition time over?); stop, close.
 *
 * <p>Nothing is silent: every block's flags and warnings are read and kept (the union of what was
 * seen, the record count at which each loss flag first appeared); FIFO full ends the stream, as the
 * vendor's demos do, because the records after an overrun are not contiguous. A vendor error
 * becomes an {@link InstrumentException} with the library's text and code.
 *
 * <p>{@link #readBlock()} runs on one thread (the source thread); {@link #stop()} and the status
 * getters are safe from any other (the live view, Ctrl-C).
 */
public final class TttrInstrument implements AutoCloseable {
    /** Flags that mean records were lost or times are invalid. */
    public static final int LOSS_FLAGS = Flags.FIFOFULL | Flags.CNTS_DROPPED | Flags.SYNC_LOST | Flags.REF_LOST | Flags.SYSERROR;
    /** Wait after an empty FIFO read before the next (the vendor's FIFO fills in blocks anyway). */
    static final long EMPTY_READ_PARK_NANOS = 500_000L;
    /**
     * Count rates are read at most this often (before the warnings of that block): the libraries
     * derive their warnings from the last count-rate reading, and on a device each reading is a
     * transaction with the instrument, so once per block would be too often at high block rates.
     */
    static final long COUNT_RATE_INTERVAL_NANOS = 100_000_000L;
    /** Wait after the settings before the first rate reading (the demos' 200 ms; the manuals ask for more than 100 ms). */
    static final long RATES_SETTLE_NANOS = 200_000_000L;

    private final TttrLibrary lib;
    private final int index;
    private final int mode;
    private final InstrumentSettings settings;
    private final ByteBuffer buffer;
    private final Pointer pointer;
    private final int[] out = new int[1];
    private final int[] flagsOut = new int[1];
    private final int[] syncRateOut = new int[1];
    private final int[] inputRates = new int[64];
    private long ratesReadNanos;

    private boolean opened;
    private boolean started;
    private volatile boolean stopRequested;
    private volatile boolean ended;

    private String model = "";
    private String partNumber = "";
    private String hardwareVersion = "";
    private String serial = "";
    private String libraryVersion = "";
    private int inputs;
    private double resolutionPs;
    private int syncRate;

    private volatile int flagsSeen;
    private volatile int warningsSeen;
    private volatile String warningsText = "";
    private volatile long records;
    private volatile long blocks;
    private volatile long emptyReads;
    private volatile long maxReadNanos;
    private volatile long fifoFullAtRecord = -1;
    private volatile long droppedAtRecord = -1;
    private volatile long syncLostAtRecord = -1;
    private volatile String endReason = "";

    public TttrInstrument(final TttrLibrary lib, final int index, final int mode, final InstrumentSettings settings) {
        if (mode != 2 && mode != 3) {
            throw new IllegalArgumentException("mode must be 2 (T2) or 3 (T3): " + mode);
        }
        this.lib = lib;
        this.index = index;
        this.mode = mode;
        this.settings = settings;
        this.buffer = ByteBuffer.allocateDirect(lib.fifoRecords() * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        this.pointer = Native.getDirectBufferPointer(buffer);
    }

    /** Opens, initializes and configures the device; reads resolution, sync rate and warnings. */
    public void open() throws IOException {
        final byte[] text = new byte[16];
        lib.libraryVersion(text);
        libraryVersion = Strings.c(text);
        final byte[] serialBytes = new byte[16];
        check("OpenDevice", lib.open(index, serialBytes));
        opened = true;
        serial = Strings.c(serialBytes);
        check("Initialize", lib.initialize(index, mode, settings.reference()));
        final byte[] m = new byte[32];
        final byte[] p = new byte[16];
        final byte[] v = new byte[16];
        check("GetHardwareInfo", lib.hardwareInfo(index, m, p, v));
        model = Strings.c(m);
        partNumber = Strings.c(p);
        hardwareVersion = Strings.c(v);
        check("GetNumOfInputChannels", lib.inputChannels(index, out));
        inputs = out[0];
        check("Calibrate", lib.calibrate(index));
        configure();
        final double[] res = new double[1];
        check("GetResolution", lib.resolution(index, res));
        resolutionPs = res[0];
        // the vendors' rule: count rates are valid only >100 ms after Initialize or SetSyncDiv
        LockSupport.parkNanos(RATES_SETTLE_NANOS);
        check("GetSyncRate", lib.syncRate(index, out));
        syncRate = out[0];
        readCountRates(System.nanoTime());
        readWarnings();
    }

    private void readCountRates(final long now) throws IOException {
        check("MH_".equals(lib.prefix()) ? "GetAllCountRates" : "GetCountRate", lib.countRates(index, inputs, syncRateOut, inputRates));
        ratesReadNanos = now;
    }

    private void configure() throws IOException {
        final boolean cfd = lib.cfd(model);
        check("SetSyncDiv", lib.setSyncDiv(index, settings.syncDivider()));
        check(cfd ? "SetSyncCFD" : "SetSyncEdgeTrg",
            lib.setSyncTrigger(index, settings.syncLevel(cfd), settings.syncEdgeOrZeroCross(cfd)));
        check("SetSyncChannelOffset", lib.setSyncOffset(index, settings.syncOffset()));
        final int syncDead = settings.syncDeadTime();
        if (syncDead != 0) {
            check("SetSyncDeadTime", lib.setSyncDeadTime(index, 1, syncDead));
        }
        for (int ch = 0; ch < inputs; ch++) {
            check(cfd ? "SetInputCFD" : "SetInputEdgeTrg",
                lib.setInputTrigger(index, ch, settings.inputLevel(ch, cfd), settings.inputEdgeOrZeroCross(ch, cfd)));
            check("SetInputChannelOffset", lib.setInputOffset(index, ch, settings.inputOffset(ch)));
            final int dead = settings.inputDeadTime(ch);
            if (dead != 0) {
                check("SetInputDeadTime", lib.setInputDeadTime(index, ch, 1, dead));
            }
            check("SetInputChannelEnable", lib.setInputEnable(index, ch, settings.inputEnabled(ch) ? 1 : 0));
        }
        if (mode == 3) {
            check("SetBinning", lib.setBinning(index, settings.binning()));
            check("SetOffset", lib.setOffset(index, settings.offset()));
        }
    }

    /** Starts the measurement for {@code tacqMs} (clamped to the library's 1 ms .. 100 h). */
    public void start(final long tacqMs) throws IOException {
        final int t = (int) Math.max(1, Math.min(tacqMs, Flags.ACQTMAX));
        check("StartMeas", lib.startMeasurement(index, t));
        started = true;
    }

    /**
     * One block: flags and warnings, then one FIFO read. Returns the records now in
     * {@link #buffer()} (from byte 0); 0 when the FIFO was empty but the acquisition goes on (the
     * caller reads again, this thread parks briefly first); -1 when the stream has ended (the
     * acquisition time is over, the FIFO overran, or {@link #stop()} was asked).
     */
    public int readBlock() throws IOException {
        if (ended) {
            return -1;
        }
        if (stopRequested) {
            return end("stopped");
        }
        check("GetFlags", lib.flags(index, flagsOut));
        noteFlags(flagsOut[0]);
        final long now = System.nanoTime();
        if (now - ratesReadNanos >= COUNT_RATE_INTERVAL_NANOS) {
            readCountRates(now);
        }
        readWarnings();
        if ((flagsOut[0] & Flags.FIFOFULL) != 0) {
            return end("FIFO overrun");
        }
        final long t0 = System.nanoTime();
        final int code = lib.readFifo(index, pointer, out);
        final long took = System.nanoTime() - t0;
        if (took > maxReadNanos) {
            maxReadNanos = took;
        }
        blocks++;
        check("ReadFiFo", code);
        final int n = out[0];
        if (n < 0 || n > lib.fifoRecords()) {
            throw new InstrumentException(lib.kind() + " " + index + ": ReadFiFo returned " + n + " records (buffer holds "
                + lib.fifoRecords() + ")", 0);
        }
        if (n > 0) {
            records += n;
            return n;
        }
        emptyReads++;
        check("CTCStatus", lib.ctcStatus(index, out));
        if (out[0] != 0) {
            // the FIFO was read empty after the time ran out: nothing more will come
            check("GetFlags", lib.flags(index, flagsOut));
            noteFlags(flagsOut[0]);
            return end((flagsOut[0] & Flags.FIFOFULL) != 0 ? "FIFO overrun" : "acquisition time over");
        }
        LockSupport.parkNanos(EMPTY_READ_PARK_NANOS);
        return 0;
    }

    private int end(final String why) {
        ended = true;
        endReason = why;
        return -1;
    }

    private void noteFlags(final int f) {
        final int fresh = f & ~flagsSeen & ~Flags.ACTIVE;
        if (fresh != 0) {
            if ((fresh & Flags.FIFOFULL) != 0) {
                fifoFullAtRecord = records;
            }
            if ((fresh & Flags.CNTS_DROPPED) != 0) {
                droppedAtRecord = records;
            }
            if ((fresh & Flags.SYNC_LOST) != 0) {
                syncLostAtRecord = records;
            }
            flagsSeen = flagsSeen | fresh;
        }
    }

    private void readWarnings() throws IOException {
        check("GetWarnings", lib.warnings(index, out));
        final int w = out[0];
        if ((w & ~warningsSeen) != 0) {
            warningsSeen = warningsSeen | w;
            final byte[] text = new byte[16384];
            check("GetWarningsText", lib.warningsText(index, text, warningsSeen));
            warningsText = Strings.c(text).replaceAll("\\s*\\R\\s*", "; ");
        }
    }

    private void check(final String call, final int code) throws InstrumentException {
        if (code < 0) {
            throw InstrumentException.of(lib, index, lib.prefix() + call, code);
        }
    }

    /** Asks {@link #readBlock()} to end the stream at its next call (Ctrl-C); any thread. */
    public void stop() {
        stopRequested = true;
    }

    /** The FIFO buffer: records little-endian from byte 0, as many as the last {@link #readBlock()} returned. */
    public ByteBuffer buffer() {
        return buffer;
    }

    public String kind() {
        return lib.kind();
    }

    public int index() {
        return index;
    }

    /** 2 (T2) or 3 (T3). */
    public int mode() {
        return mode;
    }

    /** The PTU record type of this run's records. */
    public int recordType() {
        return lib.recordType(mode, model);
    }

    /** Resolution in ps from the library (T2: time tag unit; T3: dtime bin). */
    public double resolutionPs() {
        return resolutionPs;
    }

    /** Sync rate (per second) from the library at the start of the run. */
    public int syncRate() {
        return syncRate;
    }

    public int flagsSeen() {
        return flagsSeen;
    }

    /** True when a flag of {@link #LOSS_FLAGS} was seen. */
    public boolean lostData() {
        return (flagsSeen & LOSS_FLAGS) != 0;
    }

    public long records() {
        return records;
    }

    /** A short text for the live view: records read and any flag or warning seen. */
    public String liveStatus() {
        final StringBuilder sb = new StringBuilder(lib.kind()).append(' ').append(index).append(": ")
            .append(records).append(" records");
        final List<String> names = Flags.names(flagsSeen & ~Flags.ACTIVE);
        if (!names.isEmpty()) {
            sb.append(", ").append(String.join(", ", names).toUpperCase(java.util.Locale.ROOT));
        }
        if (warningsSeen != 0) {
            sb.append(", warnings 0x").append(Integer.toHexString(warningsSeen));
        }
        return sb.toString();
    }

    /** One line for the summary when data were lost, else null. */
    public String lossSummary() {
        if (!lostData()) {
            return null;
        }
        final List<String> parts = new ArrayList<>();
        if (fifoFullAtRecord >= 0) {
            parts.add("FIFO overrun after " + fifoFullAtRecord + " records (the run ended there)");
        }
        if (droppedAtRecord >= 0) {
            parts.add("counts dropped (flag first seen after " + droppedAtRecord + " records)");
        }
        if (syncLostAtRecord >= 0) {
            parts.add("sync lost (first seen after " + syncLostAtRecord + " records)");
        }
        for (final String f : Flags.names(flagsSeen & (Flags.REF_LOST | Flags.SYSERROR))) {
            parts.add(f);
        }
        return String.join("; ", parts);
    }

    /** What the report keeps about the instrument and its run, in a stable order. */
    public Map<String, Object> report() {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", lib.kind());
        m.put("index", index);
        m.put("model", model);
        m.put("part_number", partNumber);
        m.put("hardware_version", hardwareVersion);
        m.put("serial", serial);
        m.put("library_version", libraryVersion);
        m.put("mode", mode == 3 ? "T3" : "T2");
        m.put("record_type", String.format("0x%08X", recordType()));
        m.put("resolution_ps", resolutionPs);
        m.put("sync_rate_hz", syncRate);
        m.put("input_channels", inputs);
        m.put("sync_count_rate_hz", syncRateOut[0]);
        m.put("input_count_rates_hz", java.util.Arrays.copyOf(inputRates, inputs));
        m.put("settings", settings.source());
        m.put("fifo_block_records", lib.fifoRecords());
        m.put("records", records);
        m.put("fifo_reads", blocks);
        m.put("empty_reads", emptyReads);
        m.put("max_read_ms", Math.round(maxReadNanos / 1e3) / 1e3);
        m.put("flags_seen", Flags.names(flagsSeen & ~Flags.ACTIVE));
        m.put("fifo_full_at_record", fifoFullAtRecord);
        m.put("counts_dropped_at_record", droppedAtRecord);
        m.put("sync_lost_at_record", syncLostAtRecord);
        m.put("warnings", warningsSeen);
        m.put("warnings_text", warningsText);
        m.put("data_lost", lostData());
        m.put("end", endReason.isEmpty() && stopRequested ? "stopped" : endReason);
        return m;
    }

    /** Stops the measurement (when started) and closes the device (when opened); errors here are not raised. */
    @Override
    public void close() {
        if (started) {
            started = false;
            lib.stopMeasurement(index);
        }
        if (opened) {
            opened = false;
            lib.close(index);
        }
    }

    /** The flag bits of MH_GetFlags / HH_GetFlags and the limits the run uses (mhdefin.h, hhdefin.h). */
    public static final class Flags {
        public static final int OVERFLOW = 0x0001;
        public static final int FIFOFULL = 0x0002;
        public static final int SYNC_LOST = 0x0004;
        public static final int REF_LOST = 0x0008;
        public static final int SYSERROR = 0x0010;
        public static final int ACTIVE = 0x0020;
        public static final int CNTS_DROPPED = 0x0040;
        /** Longest acquisition time StartMeas takes: 100 h in ms. */
        public static final int ACQTMAX = 360_000_000;

        private static final String[] NAMES = {"overflow", "fifo_full", "sync_lost", "ref_lost", "system_error", "active",
            "counts_dropped"};

        private Flags() {
        }

        /** The names of the bits set in {@code flags}, low bit first; unknown bits as hex. */
        public static List<String> names(final int flags) {
            final List<String> out = new ArrayList<>();
            for (int b = 0; b < 32; b++) {
                if ((flags & (1 << b)) != 0) {
                    out.add(b < NAMES.length ? NAMES[b] : String.format("0x%04X", 1 << b));
                }
            }
            return out;
        }
    }
}
