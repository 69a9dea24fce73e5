package org.pairgate.host.io;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

import org.agrona.UnsafeAccess;
import org.agrona.concurrent.UnsafeBuffer;
import org.pairgate.device.HydraT2Sink;
import org.pairgate.device.HydraT2State;
import org.pairgate.device.TagBatch;

/**
 * Streams the T2 records of a PicoQuant PTU file as time tags, in constant memory whatever the
 * file's size: one direct buffer of {@link #DEFAULT_CHUNK_BYTES} is refilled through a
 * {@link FileChannel} (or, with {@code -Dpairgate.io.map=true}, the records are read in place
 * through read-only map windows of {@link #MAP_WINDOW_BYTES}, {@link MappedChunks}) and decoded
 * straight into the caller's {@link TagBatch} or handed to a fused sink, with no allocation per
 * record or per batch.
 *
 * <h2>Records</h2>
 * HydraHarp-family records (HydraHarp V1/V2, TimeHarp 260 N/P, MultiHarp/generic): bit 31
 * special, bits 30..25 channel, bits 24..0 timetag. A regular record on input {@code c} yields
 * channel {@code c + 1}; a special record with channel 0 is the sync and yields channel 0; channel
 * 63 is an overflow; 1..15 are markers; 16..62 are undefined and only counted
 * ({@link #reservedSpecials()}). PicoHarp records: bits 31..28 channel, 27..0 timetag; channel 15 is
 * special (markers in the low 4 bits, or an overflow when those are 0); other channels are yielded
 * as recorded (PicoHarp's own numbering already has the sync input as channel 0).
 *
 * <p>Times are absolute ticks of {@link #resolutionPs()}: the sum of all overflows so far plus the
 * timetag. The overflow rule is per record type (see {@link PtuRecordType}); getting it wrong
 * (as some third-party readers do for HydraHarp V2) skews every time by a few ns per second.
 * Markers and overflows are not tags: they are counted, as are records and tags per channel.
 *
 * <h2>Damaged files</h2>
 * Everything that is there is delivered first. Then, on the call that would return 0, a file that
 * ends inside a record or holds fewer records than its header's {@code TTResult_NumberOfRecords}
 * raises an {@link IOException} saying so (and keeps raising it); {@link #recordsRead()} and
 * {@link #declaredRecords()} tell what was read against what was promised. More records than
 * declared (a header never patched) are read without complaint.
 *
 * <p>Not thread-safe: one reader, one consumer thread.
 */
public final class PtuT2Reader implements TagFile {
    /**
     * Bytes read from the file at a time: 256 KiB, which the chunk and the soft kernel's block
     * arrays share the core's L2 with; 1 MiB (the size before) cost the fused soft path and fused
     * correlate ~4.5 % more CPU a record, 64 and 128 KiB more again (in-process A/B on the 24M
     * bench file, 2026-12-07).
     */
    public static final int DEFAULT_CHUNK_BYTES = 1 << 18;
    /** Bytes of a file mapped at a time when the records are read in place ({@link MappedChunks}). */
    static final long MAP_WINDOW_BYTES = 8L << 20;
    /** Channels this reader can yield: 0 (sync) to 64 (HydraHarp-family input 63). */
    public static final int MAX_CHANNELS = 65;

    private static final boolean NATIVE_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    /** A count of 1 as the batch stores it (little-endian uint32), for a raw native-order store. */
    private static final int ONE_LE = NATIVE_LE ? 1 : Integer.reverseBytes(1);
    private static final int RECORD_BYTES = 4;
    private static final int COUNT_SLOTS = 512;
    private static final int COUNT_MASK = COUNT_SLOTS - 1;
    private static final int HH_TIMETAG_MASK = 0x01FF_FFFF;
    private static final int PH_TIMETAG_MASK = 0x0FFF_FFFF;
    private static final int PH_SPECIAL = 0xF;

    /** Closed with this reader (when {@link #ownsChannel}): the file's channel, or a live instrument's stream. */
    private final java.io.Closeable channel;
    /** The file's channel; null for a live instrument's records ({@link #fileRecords()} and {@link #fork} need a file). */
    private final FileChannel fileChannel;
    /** False for a {@link #fork}: it reads the file through its parent's channel and leaves it open. */
    private final boolean ownsChannel;
    private final int chunkBytes;
    /** Set by {@link #absorb}: a fork read the rest of the file, so this reader is at its end. */
    private boolean absorbed;
    /** A fork's records before its start on its sync channel: see {@link #syncsBeforeFork}. */
    private long syncsBeforeFork = -1;
    private final PtuHeader header;
    private final String fileName;
    private final String format;
    private final int recordType;
    private final PtuRecordType.T2Family family;
    private final double resolutionPs;
    private final RecordChunks file;
    private final long maxOverflowPeriods;
    /**
     * Tags per channel not yet folded into {@link #tagTotals}: four interleaved slots per channel
     * (channel c at 4c..4c+3) so that a run of tags on one channel is not one read-modify-write
     * chain, ints because they are folded at every refill (a chunk holds far fewer than 2^31
     * records), and a power-of-two length so that the masked index needs no range check.
     */
    private final int[] pendingCounts = new int[COUNT_SLOTS];
    private final long[] tagTotals = new long[MAX_CHANNELS];

    private boolean closed;
    /** Set once the stream has failed: every later read raises it again. */
    private String failure;

    private long timeBase;
    private long recordsRead;
    private long overflows;
    private long overflowPeriods;
    private long markers;
    private long reservedSpecials;
    /** The state handed to a fused sink (HydraHarp families), synchronised with the fields above around each call. */
    private final HydraT2State fusedState;

    /** For {@link LegacyHeaders}: the records of a legacy file behind a header translated to PTU tags. */
    PtuT2Reader(
        final FileChannel channel,
        final PtuHeader header,
        final String format,
        final String fileName,
        final int chunkBytes) throws IOException {
        this(channel, header, format, fileName, chunkBytes, MappedChunks.enabled());
    }

    /** As above, the records mapped ({@code mapped}) or read into a buffer whatever {@link MappedChunks#enabled()} says. */
    private PtuT2Reader(
        final FileChannel channel,
        final PtuHeader header,
        final String format,
        final String fileName,
        final int chunkBytes,
        final boolean mapped) throws IOException {
        this(channel, channel, header, format, fileName, chunkBytes,
            fileChunks(channel, header.dataOffset(), chunkBytes, mapped), true);
    }

    /** Records from {@code chunks} (a file or a live instrument's FIFO) behind {@code header}; {@code closer} on close. */
    PtuT2Reader(
        final java.io.Closeable closer,
        final PtuHeader header,
        final String format,
        final String fileName,
        final RecordChunks chunks) throws IOException {
        this(closer, null, header, format, fileName, 0, chunks, true);
    }

    private PtuT2Reader(
        final java.io.Closeable closer,
        final FileChannel fileChannel,
        final PtuHeader header,
        final String format,
        final String fileName,
        final int chunkBytes,
        final RecordChunks chunks,
        final boolean ownsChannel) throws IOException {
        this.channel = closer;
        this.fileChannel = fileChannel;
        this.ownsChannel = ownsChannel;
        this.chunkBytes = chunkBytes;
        this.header = header;
        this.fileName = fileName;
        this.format = format;

        final long type = header.recordType();
        final PtuRecordType.T2Family t2 = type >= 0 && type <= 0xFFFF_FFFFL ? PtuRecordType.t2Family((int)type) : null;
        if (t2 == null) {
            if (PtuRecordType.isT3(type)) {
                throw new IOException(header.source() + ": T3 record type " + PtuRecordType.describe(type)
                    + " not supported yet (PtuT2Reader decodes T2 files only)");
            }
            throw new IOException(header.source() + ": unknown record type " + PtuRecordType.describe(type)
                + " in " + PtuHeader.TAG_RECORD_TYPE + " (not a PicoQuant T2 format this reader knows)");
        }
        this.recordType = (int)type;
        this.family = t2;

        final long bits = header.getLong(PtuHeader.TAG_BITS_PER_RECORD, 32);
        if (bits != 32) {
            throw new IOException(header.source() + ": " + PtuHeader.TAG_BITS_PER_RECORD + " is " + bits
                + ", but record type " + PtuRecordType.describe(type) + " has 32-bit records");
        }
        final double seconds = header.globalResolutionSeconds();
        if (!(seconds > 0) || !Double.isFinite(seconds) || seconds > 1.0) {
            throw new IOException(header.source() + ": " + PtuHeader.TAG_GLOBAL_RESOLUTION
                + (Double.isNaN(seconds) ? " is missing" : " is " + seconds + " s")
                + ": a T2 file needs the tick length to give times");
        }
        this.resolutionPs = picoseconds(seconds);
        final long wrap = t2 == PtuRecordType.T2Family.PICOHARP ? PtuRecordType.PICOHARP_T2_WRAP
            : t2 == PtuRecordType.T2Family.HYDRAHARP_V1 ? PtuRecordType.HYDRAHARP_V1_T2_WRAP
            : PtuRecordType.HYDRAHARP_V2_T2_WRAP;
        // time = periods x wrap + timetag (< 2^28) exactly, and periods only grow, so checking the
        // period count after each decode pass catches any wrap past 2^63 ticks within it. A real
        // measurement stays far below (2^63 ps is 106 days); a hostile file must not wrap negative.
        this.maxOverflowPeriods = (Long.MAX_VALUE - (1L << 28)) / wrap;

        this.fusedState = t2 == PtuRecordType.T2Family.PICOHARP ? null : new HydraT2State(t2 == PtuRecordType.T2Family.HYDRAHARP_V1);
        this.file = chunks;
    }

    /** Opens {@code path} with the default chunk size; the header is read and checked at once. */
    public static PtuT2Reader open(final Path path) throws IOException {
        return open(path, DEFAULT_CHUNK_BYTES);
    }

    /**
     * Opens {@code path}, reading {@code chunkBytes} (rounded down to whole records) at a time.
     *
     * @throws IOException when the file cannot be read, its header is corrupt, or its record type is
     *                     not a supported T2 type (T3 files included)
     */
    public static PtuT2Reader open(final Path path, final int chunkBytes) throws IOException {
        return open(path, chunkBytes, MappedChunks.enabled());
    }

    /**
     * As {@link #open(Path, int)}, the records read in place through map windows of {@code
     * chunkBytes} ({@code mapped}; {@link #MAP_WINDOW_BYTES} for {@link #DEFAULT_CHUNK_BYTES}) or
     * copied into a buffer of that size, whatever {@link MappedChunks#enabled()} says: tests of both.
     */
    static PtuT2Reader open(final Path path, final int chunkBytes, final boolean mapped) throws IOException {
        final FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            final PtuHeader header = PtuHeader.read(channel, path.toString());
            return new PtuT2Reader(channel, header, "PTU", TagSources.fileName(path), chunkBytes, mapped);
        } catch (final IOException | RuntimeException ex) {
            TagSources.closeQuietly(channel, ex);
            throw ex;
        }
    }

    @Override
    public int read(final TagBatch batch) throws IOException {
        if (closed) {
            throw new IOException(header.source() + ": reader is closed");
        }
        batch.clear();
        if (failure != null) {
            throw new IOException(failure);
        }
        if (absorbed) {
            return 0;
        }
        final int capacity = batch.capacity();
        int n = 0;
        while (n < capacity) {
            if (file.recordsInChunk() == 0) {
                foldCounts();
                if (n > 0 && file.waits()) {
                    break;   // live: deliver what this block gave rather than wait for the next
                }
                if (!file.ensure()) {
                    break;
                }
            }
            n = family == PtuRecordType.T2Family.PICOHARP
                ? decodePicoHarp(batch, n, capacity)
                : decodeHydraHarp(batch, n, capacity);
            if (overflowPeriods > maxOverflowPeriods) {
                batch.clear();
                failure = header.source() + ": times pass 2^63 ticks after " + overflowPeriods
                    + " overflow periods (by record " + recordsRead + "): corrupt file?";
                throw new IOException(failure);
            }
        }
        batch.size(n);
        if (n == 0) {
            checkEnd();
        }
        return n;
    }

    /**
     * The records of a file from byte {@code start}: read in place through map windows of
     * {@link #MAP_WINDOW_BYTES} ({@code chunkBytes} when a caller chose a size other than the
     * default) when {@code mapped}, else copied into a buffer of {@code chunkBytes}.
     */
    private static RecordChunks fileChunks(final FileChannel channel, final long start, final int chunkBytes,
                                           final boolean mapped) {
        return mapped
            ? new MappedChunks(channel, start, chunkBytes == DEFAULT_CHUNK_BYTES ? MAP_WINDOW_BYTES : chunkBytes, RECORD_BYTES)
            : new ChunkedFile(channel, start, chunkBytes, RECORD_BYTES);
    }

    /** Whether {@link #readFused} works for this file: the HydraHarp family (every type but PicoHarp's). */
    public boolean fusable() {
        return fusedState != null;
    }

    /**
     * The fused path: hands up to {@code maxRecords} raw records of the current chunk (reading the
     * next when it is used up) to {@code sink}, which decodes and gates them in one pass with this
     * reader's decoder state; the counts of {@link #overflows()}, {@link #markers()}, {@link
     * #tags(int)} and the rest stay those of {@link #read}. The two may be mixed on one reader.
     *
     * @return records the sink consumed (0 when it took none now), or -1 at the end of the file
     * @throws IOException as {@link #read}, and for a file of PicoHarp records ({@link #fusable()})
     */
    public int readFused(final HydraT2Sink sink, final int maxRecords) throws IOException {
        if (closed) {
            throw new IOException(header.source() + ": reader is closed");
        }
        if (failure != null) {
            throw new IOException(failure);
        }
        if (fusedState == null) {
            throw new IOException(header.source() + ": the fused path decodes HydraHarp-family records only");
        }
        if (absorbed) {
            return -1;
        }
        if (file.recordsInChunk() == 0) {
            foldCounts();
            if (!file.ensure()) {
                checkEnd();
                return -1;
            }
        }
        final HydraT2State s = fusedState;
        s.timeBase = timeBase;
        final int start = file.position();
        final int done = sink.pushHydraHarpT2(file.buffer().addressOffset() + start, Math.min(file.recordsInChunk(), maxRecords), s);
        timeBase = s.timeBase;
        overflows += s.overflows;
        overflowPeriods += s.overflowPeriods;
        markers += s.markers;
        reservedSpecials += s.reservedSpecials;
        s.overflows = 0;
        s.overflowPeriods = 0;
        s.markers = 0;
        s.reservedSpecials = 0;
        recordsRead += done;
        file.position(start + (done << 2));
        if (overflowPeriods > maxOverflowPeriods) {
            failure = header.source() + ": times pass 2^63 ticks after " + overflowPeriods
                + " overflow periods (by record " + recordsRead + "): corrupt file?";
            throw new IOException(failure);
        }
        return done;
    }

    /**
     * For a caller that moves this reader's raw records to another thread and decodes them there
     * ({@link #readFused} with a sink that copies, the acquisition's fused path): a fresh decoder
     * state for this file's record family, null for PicoHarp records ({@link #fusable()}).
     */
    public HydraT2State newDecoderState() {
        return fusedState == null ? null : new HydraT2State(fusedState.v1);
    }

    /**
     * The top seven bits (special bit and channel) of a HydraHarp-family record on {@code channel}
     * as this reader yields channels (0 the sync input's special record, c + 1 input c); -1 for a
     * channel no record has. For callers that look at raw records ({@link #newDecoderState}).
     */
    public static int hydraHarpTop(final int channel) {
        return T2PrefixScan.topOf(channel);
    }

    /**
     * Adds the counts a decoder state gathered from this reader's records elsewhere (see {@link
     * #newDecoderState}): overflows, overflow periods, markers, undefined specials and tags per
     * channel, so that this reader's counts are those of decoding the records itself; the state's
     * counts are zeroed. Not to be called while another thread reads this reader.
     *
     * @throws IOException when the periods pass 2^63 ticks, as {@link #read} would have said
     */
    public void addDecoded(final HydraT2State decoded) throws IOException {
        foldCounts();
        overflows += decoded.overflows;
        overflowPeriods += decoded.overflowPeriods;
        markers += decoded.markers;
        reservedSpecials += decoded.reservedSpecials;
        for (int channel = 0; channel < MAX_CHANNELS; channel++) {
            tagTotals[channel] += decoded.tags[channel];
        }
        decoded.overflows = 0;
        decoded.overflowPeriods = 0;
        decoded.markers = 0;
        decoded.reservedSpecials = 0;
        Arrays.fill(decoded.tags, 0L);
        checkPeriods(overflowPeriods);
    }

    /**
     * The reader's error when {@code periods} overflow periods, reached by record {@code record},
     * pass 2^63 ticks (a corrupt file), else null. Reads only what never changes: safe from the
     * thread that decodes this reader's records elsewhere.
     */
    public String periodsProblem(final long periods, final long record) {
        return periods > maxOverflowPeriods ? header.source() + ": times pass 2^63 ticks after " + periods
            + " overflow periods (by record " + record + "): corrupt file?" : null;
    }

    private void checkPeriods(final long periods) throws IOException {
        final String problem = periodsProblem(periods, recordsRead);
        if (problem != null) {
            failure = problem;
            throw new IOException(failure);
        }
    }

    /** Whole records between the header and the end of the file (what a complete read yields). */
    public long fileRecords() throws IOException {
        if (fileChannel == null) {
            return -1;   // a live instrument: no end known
        }
        return (fileChannel.size() - header.dataOffset()) / RECORD_BYTES;
    }

    /**
     * A second reader of the same HydraHarp-family file from record {@code from} on, for a second
     * core (issue 15): its own chunk buffer and decoder state, positional reads through this
     * reader's channel (its {@link #close} leaves the channel open), {@link #recordsRead()}
     * starting at {@code from} so that its end check is the file's, and its time base and the
     * records on {@code syncChannel} before {@code from} ({@link #syncsBeforeFork()}) found by one
     * pass over the records before {@code from} in place ({@link T2PrefixScan}, in the calling
     * thread). Its other counts start at 0.
     *
     * @param syncChannel the sync's channel as this reader yields channels (0 the sync input, c + 1 input c)
     */
    public PtuT2Reader fork(final long from, final int syncChannel) throws IOException {
        return fork(from, syncChannel, Integer.MAX_VALUE, m -> false);
    }

    /**
     * As {@link #fork(long, int)}, with a start found while scanning: the fork starts at the first
     * multiple m of {@code step} records before {@code from} for which {@code startHere} holds
     * (asked once per step scanned, in the calling thread), else at {@code from}; its {@link
     * #recordsRead()} says where (a two-core split whose point follows the first core's progress,
     * issue 15).
     */
    public PtuT2Reader fork(final long from, final int syncChannel, final int step,
                            final java.util.function.LongPredicate startHere) throws IOException {
        return fork(0, 0, 0, from, syncChannel, step, startHere);
    }

    /**
     * As {@link #fork(long, int)}, from a point {@code known} (at or before {@code from}) where
     * the time base ({@code timeBaseThere}, as {@link #timeBase()} gives it) and the records on
     * {@code syncChannel} before it ({@code syncsBeforeThere}) are known, as another fork of this
     * file published them while it read: only [known, from) is scanned. For a core that takes the
     * tail of another's part (issue 15: {@code ParallelRun}'s steal).
     */
    public PtuT2Reader forkAfter(final long known, final long timeBaseThere, final long syncsBeforeThere, final long from,
                                 final int syncChannel) throws IOException {
        if (known < 0 || known > from) {
            throw new IOException(header.source() + ": cannot fork at " + from + " from what is known at " + known);
        }
        return fork(known, timeBaseThere, syncsBeforeThere, from, syncChannel, Integer.MAX_VALUE, m -> false);
    }

    private PtuT2Reader fork(final long known, final long timeBaseThere, final long syncsBeforeThere, final long from,
                             final int syncChannel, final int step, final java.util.function.LongPredicate startHere)
        throws IOException {
        if (fusedState == null || fileChannel == null) {
            throw new IOException(header.source() + ": only a file of HydraHarp-family records can be split");
        }
        final int syncTop = T2PrefixScan.topOf(syncChannel);
        if (syncTop < 0) {
            throw new IOException(header.source() + ": no HydraHarp-family record has channel " + syncChannel);
        }
        if (from < 0 || from > fileRecords()) {
            throw new IOException(header.source() + ": cannot split at record " + from + ": the file has " + fileRecords());
        }
        // the fork's chunk is the buffer its scan read into (SpareChunk): touched before its start is chosen, not after
        final boolean mapped = file instanceof MappedChunks;
        final T2PrefixScan before = T2PrefixScan.scanUntil(fileChannel, header.dataOffset() + RECORD_BYTES * known,
            from - known, syncTop, fusedState.v1, step, known == 0 ? startHere : m -> startHere.test(known + m),
            T2PrefixScan.Kernel.chosen(), !mapped);
        final long start = known + before.records;
        final long at = header.dataOffset() + RECORD_BYTES * start;
        final PtuT2Reader f = new PtuT2Reader(channel, fileChannel, header, format, fileName, chunkBytes,
            mapped ? fileChunks(fileChannel, at, chunkBytes, true) : new ChunkedFile(fileChannel, at, chunkBytes, RECORD_BYTES, before.buffer),
            false);
        f.timeBase = timeBaseThere + before.timeBase;
        f.syncsBeforeFork = syncsBeforeThere + before.syncs;
        f.recordsRead = start;
        return f;
    }

    /**
     * Whether a {@link #fork} made now scans the records before its start with the soft kernel
     * library's C loop (0.1-0.3 ns a record) rather than in Java (2-3): whenever the soft kernels
     * run natively. A split's share of the file follows from it (issue 15).
     */
    public static boolean nativeScan() {
        return T2PrefixScan.Kernel.chosen() != T2PrefixScan.Kernel.JAVA;
    }

    /**
     * For a {@link #fork}: the records before its start on the sync channel it was given, counted
     * by the fork's scan: what the second core needs to number the trials after its split without
     * reading the first half again (issue 15). -1 for a reader that is not a fork.
     */
    public long syncsBeforeFork() {
        return ownsChannel ? -1 : syncsBeforeFork;
    }

    /**
     * For a {@link #fork} before its first read (correlate's split, issue 15): the index of the
     * first record from the fork's start on {@code channelA} or {@code channelB} (as this reader
     * yields channels) whose time is more than {@code ticks} after the first such record's; -1
     * when the file ends before. Read in place; the fork's position does not move.
     */
    public long recordPast(final int channelA, final int channelB, final long ticks) throws IOException {
        final int topA = T2PrefixScan.topOf(channelA);
        final int topB = T2PrefixScan.topOf(channelB);
        if (ownsChannel || fileChannel == null || topA < 0 || topB < 0) {
            return -1;
        }
        return T2PrefixScan.firstPast(fileChannel, header.dataOffset(), recordsRead, fileRecords(), timeBase, topA, topB,
            fusedState.v1, ticks);
    }

    /**
     * The index of the {@code syncs}-th record on {@code syncChannel} (as {@link #fork}) from this
     * reader's position on, looked for in the chunk its next read takes, read now if it is not
     * yet (into a fork's chunk, the buffer its scan touched: no fresh memory and no second read of
     * the records, which {@link #findSyncRecord} costs a second core after its split is chosen,
     * issue 15); -1 when that chunk holds fewer, or the file holds no further record. The
     * position does not move.
     */
    public long syncRecordAhead(final int syncs, final int syncChannel) throws IOException {
        final int syncTop = T2PrefixScan.topOf(syncChannel);
        if (closed || failure != null || absorbed || syncTop < 0 || syncs < 1) {
            return -1;
        }
        if (file.recordsInChunk() == 0) {
            foldCounts();   // as readFused before a refill
            if (!file.ensure()) {
                return -1;
            }
        }
        final int i = nthOnTop(file.buffer(), file.position(), file.recordsInChunk(), syncTop, syncs);
        return i >= 0 ? recordsRead + i : -1;
    }

    /**
     * Among {@code n} little-endian records from byte {@code offset} of {@code b}: the index of the
     * {@code want}-th whose top seven bits are {@code top} (≥ 0), or when fewer are there, {@code
     * ~found} (−1 − found, < 0) with {@code found} those there. The one loop of {@link
     * #syncRecordAhead} and {@link #findSyncRecord}.
     */
    private static int nthOnTop(final UnsafeBuffer b, final int offset, final int n, final int top, final int want) {
        int found = 0;
        for (int i = 0; i < n; i++) {
            if (b.getInt(offset + 4 * i, ByteOrder.LITTLE_ENDIAN) >>> 25 == top && ++found == want) {
                return i;
            }
        }
        return ~found;
    }

    /**
     * The index of the {@code syncs}-th record on {@code syncChannel} (as {@link #fork}) at or
     * after record {@code from}, looking at most {@code maxRecords} records ahead (positional
     * reads; this reader's position is not moved); -1 when there is none. Reads 4 KiB first and
     * doubles up to 64 KiB a read, so the usual few hundred records cost one small read: on this
     * project's VMs a fresh 4 KiB page of memory costs ~10 µs at its first touch, and the buffer
     * of {@code maxRecords} read at once (256 KiB for a split) cost the second core about a
     * millisecond before it could count (issue 15).
     */
    public long findSyncRecord(final long from, final int syncs, final int maxRecords, final int syncChannel)
        throws IOException {
        final int syncTop = T2PrefixScan.topOf(syncChannel);
        if (fileChannel == null || syncTop < 0 || syncs < 1) {
            return -1;
        }
        int found = 0;
        long done = 0;   // records looked at
        int piece = 1024;
        java.nio.ByteBuffer b = null;
        UnsafeBuffer view = null;
        while (done < maxRecords) {
            final int want = (int) Math.min(piece, maxRecords - done);
            if (b == null || b.capacity() < 4 * want) {
                b = java.nio.ByteBuffer.allocate(4 * want).order(ByteOrder.LITTLE_ENDIAN);
                view = new UnsafeBuffer(b);
            }
            b.clear().limit(4 * want);
            long pos = header.dataOffset() + 4L * (from + done);
            boolean end = false;
            while (b.hasRemaining()) {
                final int n = fileChannel.read(b, pos);
                if (n < 0) {
                    end = true;
                    break;
                }
                pos += n;
            }
            final int got = b.position() / 4;
            final int i = nthOnTop(view, 0, got, syncTop, syncs - found);
            if (i >= 0) {
                return from + done + i;
            }
            found += ~i;
            done += got;
            if (end || got < want) {
                return -1;
            }
            piece = Math.min(piece * 2, 1 << 14);
        }
        return -1;
    }

    /**
     * The time base at this reader's position, in ticks: the overflow periods read so far times the
     * wrap (a fork's: from its start's). What another core needs, with the sync records before the
     * position, to fork from here ({@link #forkAfter}).
     */
    public long timeBase() {
        return timeBase;
    }

    /**
     * This reader's counts as one array: records read, overflows, overflow periods, markers,
     * undefined specials, then the tags of each channel 0..{@link #MAX_CHANNELS} - 1.
     */
    public long[] counts() {
        foldCounts();
        final long[] c = new long[5 + MAX_CHANNELS];
        c[0] = recordsRead;
        c[1] = overflows;
        c[2] = overflowPeriods;
        c[3] = markers;
        c[4] = reservedSpecials;
        System.arraycopy(tagTotals, 0, c, 5, MAX_CHANNELS);
        return c;
    }

    /**
     * After a {@link #fork} read the file from where this reader stopped to its end: takes over
     * the fork's counts from {@code forkAtJoin} ({@link #counts()} of the fork when it passed this
     * reader's position) to {@code forkAtEnd}, and the fork's records read; this reader is at the
     * end of the file from now on.
     */
    public void absorb(final long[] forkAtJoin, final long[] forkAtEnd) {
        foldCounts();
        recordsRead = forkAtEnd[0];
        overflows += forkAtEnd[1] - forkAtJoin[1];
        overflowPeriods += forkAtEnd[2] - forkAtJoin[2];
        markers += forkAtEnd[3] - forkAtJoin[3];
        reservedSpecials += forkAtEnd[4] - forkAtJoin[4];
        for (int ch = 0; ch < MAX_CHANNELS; ch++) {
            tagTotals[ch] += forkAtEnd[5 + ch] - forkAtJoin[5 + ch];
        }
        absorbed = true;
    }

    /**
     * Decodes HydraHarp-family records from the chunk's position into {@code batch} from index
     * {@code first}, as many as the chunk holds and the batch has room for (a record yields at most
     * one tag, so the loop needs a single bound).
     *
     * <p>The hot loop is branch-free on purpose: in real files overflow records are a large share
     * of the stream (30% in the bundled sample) and fall at random among the photons, so a branch
     * on the record kind would mispredict constantly. Every record's time and channel are stored
     * at slot {@code n}, and {@code n} advances only for tags; an overflow is added through a mask.
     * Only markers and undefined specials, which are rare, take a branch.
     *
     * <p>Memory is accessed through raw addresses, as the device ABI does with the same batch: the
     * bounds are proved once instead of checked three times a record. Reads stay below
     * the chunk's limit, inside its buffer; writes go to slot {@code n < first + (end - start) / 4 <=
     * batch.capacity()}.
     */
    private int decodeHydraHarp(final TagBatch batch, final int first, final int capacity) {
        final long in = file.buffer().addressOffset();   // a map window moves at each refill
        final long times = batch.timesAddress();
        final long channels = batch.channelsAddress();
        final long words = batch.countsAddress();
        final int[] counts = pendingCounts;
        final boolean v1 = family == PtuRecordType.T2Family.HYDRAHARP_V1;
        final int start = file.position();
        final int end = start + (Math.min(file.recordsInChunk(), capacity - first) << 2);
        long base = timeBase;
        long overflowRecords = 0;
        long periods = 0;
        int n = first;
        for (int i = start; i < end; i += RECORD_BYTES) {
            final int record = getIntLE(in + i);
            final int top = record >>> 25;                           // special bit + channel: 0..127
            final long timetag = record & HH_TIMETAG_MASK;
            final int isTag = (top - 65) >>> 31;                     // 0..63 input, 64 sync
            final int channel = (top + 1) & ((top - 64) >> 31);      // input c -> c + 1, sync -> 0
            putLongLE(times + ((long)n << 3), base + timetag);
            UnsafeAccess.UNSAFE.putByte(channels + n, (byte)channel);
            UnsafeAccess.UNSAFE.putInt(words + ((long)n << 2), ONE_LE);   // a T2 record is a single tag: count 1
            counts[((channel << 2) | ((i >> 2) & 3)) & COUNT_MASK] += isTag;
            n += isTag;

            final long isOverflow = (top + 1) >>> 7;                 // top == 127
            final long count = v1 ? 1 : timetag + ((timetag - 1) >>> 63);  // V2: 0 means 1
            base += (v1 ? PtuRecordType.HYDRAHARP_V1_T2_WRAP : count << 25) & -isOverflow;
            overflowRecords += isOverflow;
            periods += count & -isOverflow;
            if (top > 64 && top < 127) {
                special(top & 0x3F);
            }
        }
        timeBase = base;
        overflows += overflowRecords;
        overflowPeriods += periods;
        recordsRead += (end - start) >> 2;
        file.position(end);
        return n;
    }

    /** A HydraHarp-family special record that is neither sync nor overflow. */
    private void special(final int code) {
        if (code <= 15) {
            markers++;
        } else {
            reservedSpecials++;
        }
    }

    /** As {@link #decodeHydraHarp} for PicoHarp records (channel 15 = special). */
    private int decodePicoHarp(final TagBatch batch, final int first, final int capacity) {
        final long in = file.buffer().addressOffset();   // a map window moves at each refill
        final long times = batch.timesAddress();
        final long channels = batch.channelsAddress();
        final long words = batch.countsAddress();
        final int[] counts = pendingCounts;
        final int start = file.position();
        final int end = start + (Math.min(file.recordsInChunk(), capacity - first) << 2);
        long base = timeBase;
        long overflowRecords = 0;
        int n = first;
        for (int i = start; i < end; i += RECORD_BYTES) {
            final int record = getIntLE(in + i);
            final int channel = record >>> 28;
            final int isTag = (channel - PH_SPECIAL) >>> 31;         // channel < 15
            putLongLE(times + ((long)n << 3), base + (record & PH_TIMETAG_MASK));
            UnsafeAccess.UNSAFE.putByte(channels + n, (byte)channel);
            UnsafeAccess.UNSAFE.putInt(words + ((long)n << 2), ONE_LE);   // a T2 record is a single tag: count 1
            counts[((channel << 2) | ((i >> 2) & 3)) & COUNT_MASK] += isTag;
            n += isTag;

            final long isOverflow = (1 - isTag) & (((record & 0xF) - 1) >>> 31);  // special, no marker bit
            base += PtuRecordType.PICOHARP_T2_WRAP & -isOverflow;
            overflowRecords += isOverflow;
            if (isTag == 0 && isOverflow == 0) {
                markers++;
            }
        }
        timeBase = base;
        overflows += overflowRecords;
        overflowPeriods += overflowRecords;
        recordsRead += (end - start) >> 2;
        file.position(end);
        return n;
    }

    private static int getIntLE(final long address) {
        final int value = UnsafeAccess.UNSAFE.getInt(address);
        return NATIVE_LE ? value : Integer.reverseBytes(value);
    }

    private static void putLongLE(final long address, final long value) {
        UnsafeAccess.UNSAFE.putLong(address, NATIVE_LE ? value : Long.reverseBytes(value));
    }

    private void foldCounts() {
        final int[] pending = pendingCounts;
        for (int channel = 0; channel < MAX_CHANNELS; channel++) {
            final int slot = channel << 2;
            tagTotals[channel] += (long)pending[slot] + pending[slot + 1] + pending[slot + 2] + pending[slot + 3];
        }
        Arrays.fill(pending, 0);
        if (fusedState != null) {
            final long[] fused = fusedState.tags;
            for (int channel = 0; channel < MAX_CHANNELS; channel++) {
                tagTotals[channel] += fused[channel];
            }
            Arrays.fill(fused, 0L);
        }
    }

    /** At the end of the stream: the shared policy of {@link TagSources#endProblem}. */
    private void checkEnd() throws IOException {
        final String problem = TagSources.endProblem(header.source(), file.trailingBytes(), RECORD_BYTES,
            recordsRead, header.declaredRecords(), header.dataOffset());
        if (problem != null) {
            failure = problem;
            throw new IOException(failure);
        }
    }

    /** The file's header, with all its tags. */
    public PtuHeader header() {
        return header;
    }

    /** {@code TTResultFormat_TTTRRecType}, e.g. {@link PtuRecordType#HYDRAHARP_V2_T2}. */
    public int recordType() {
        return recordType;
    }

    /** {@code TTResult_NumberOfRecords} from the header, or -1 when absent. */
    @Override
    public long declaredRecords() {
        return header.declaredRecords();
    }

    /** Records decoded so far: tags, overflows, markers and any others. */
    @Override
    public long recordsRead() {
        return recordsRead;
    }

    /** Overflow records decoded so far. */
    public long overflows() {
        return overflows;
    }

    /** Overflow periods added to the time so far (HydraHarp V2 and later pack several per record). */
    public long overflowPeriods() {
        return overflowPeriods;
    }

    /** Marker records decoded so far (not tags). */
    public long markers() {
        return markers;
    }

    /** HydraHarp-family special records with a channel code the format leaves undefined (16..62). */
    public long reservedSpecials() {
        return reservedSpecials;
    }

    /** Tags yielded so far on {@code channel} (0 = sync); 0 for channels this reader never yields. */
    public long tags(final int channel) {
        if (channel < 0 || channel >= MAX_CHANNELS) {
            return 0;
        }
        foldCounts();
        return tagTotals[channel];
    }

    /** Tags yielded so far on all channels. */
    public long tags() {
        foldCounts();
        long sum = 0;
        for (final long count : tagTotals) {
            sum += count;
        }
        return sum;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public String mode() {
        return "T2";
    }

    @Override
    public String recordTypeName() {
        return PtuRecordType.describe(recordType);
    }

    @Override
    public long events(final int channel) {
        return tags(channel);
    }

    @Override
    public Map<String, Object> headerFields() {
        return header.tags();
    }

    @Override
    public double resolutionPs() {
        return resolutionPs;
    }

    @Override
    public String describe() {
        return format + " " + PtuRecordType.describe(recordType) + ", " + formatPs(resolutionPs) + " ps, "
            + (header.declaredRecords() >= 0 ? header.declaredRecords() + " records" : "record count not declared")
            + ": " + fileName;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            file.release();
            if (ownsChannel) {
                channel.close();
            }
        }
    }

    /**
     * Seconds to picoseconds, rounded to 1e-6 ps so that a header's 1e-12 s is exactly 1.0 ps
     * rather than the product's 0.9999999999999999-style residue.
     */
    static double picoseconds(final double seconds) {
        final double ps = seconds * 1e12;
        final double rounded = Math.rint(ps * 1e6) / 1e6;
        return rounded > 0 ? rounded : ps;
    }

    private static String formatPs(final double ps) {
        return ps == Math.rint(ps) ? Long.toString((long)ps) : Double.toString(ps);
    }
}
