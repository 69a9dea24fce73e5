package org.pairgate.device;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * docs/frame-format.md (version 2) transcribed line by line, with no tricks: unsigned compares and
 * divisions through {@link Long}, every bit visited, a history list, every word of {@code count}
 * tags processed as {@code count} single tags (only the sync-delay queue holds whole words, as
 * the doc says), frames as fresh arrays, the ring and the frozen bank as plain objects. It is slow
 * and obvious on purpose, to check the tuned {@link SoftDevice} on shapes the RTL library is not
 * built with. It implements {@link Device} so that {@link Scenario#run} drives it exactly as it
 * drives the other engines (merges depend on when the host releases frames).
 *
 * <p>Keep it naive: no bulk paths, no fast paths. Runs are meant to be short here.
 */
final class ReferenceCore implements Device {
    private static final int QUEUE_DEPTH = 16;

    private final int nw;
    private final int nd;
    private final int nk;
    private final int nb;
    private final int ringFrames;
    private final PgMap.FrameLayout l;
    private final long[] regs = new long[0x40];

    private long[] frame;
    private long lastTime;
    private boolean opened;
    private long syncTime;
    private boolean[] bits;
    private long[] firstBin;
    private final List<boolean[]> history = new ArrayList<>();
    /** Pending sync words: {effective time, count}. */
    private final ArrayDeque<long[]> pending = new ArrayDeque<>();
    private long trials;
    private long trialsSinceMerge;
    private long merges;
    private long seq;
    private long framesWritten;
    private long firstTrial;

    private final ArrayDeque<long[]> ring = new ArrayDeque<>();
    /** The closed frame waiting for a ring slot (the frozen bank held by the host), or null. */
    private long[] frozen;
    /** CTRL bits of the command that waits behind the frozen frame, 0 for none. */
    private long waitingCommand;

    /** Trial records: the host ring (default capacity) and the core FIFO, as one list. */
    private final ArrayDeque<long[]> records = new ArrayDeque<>();
    private final PgMap.RecordLayout rl;
    private long recordsMade;
    private long recordsDropped;

    ReferenceCore(final int w, final int d, final int k, final int b, final int ringFrames) {
        nw = w;
        nd = d;
        nk = k;
        nb = b;
        this.ringFrames = ringFrames;
        l = new PgMap.FrameLayout(w, d, k, b);
        rl = PgMap.RecordLayout.of(l);
        regs[PgMap.REG_BIN_TICKS] = 1;
        for (int i = 0; i < d; i++) {
            regs[PgMap.REG_DET_CHANNEL + i] = 0xFF;
        }
        reset0();
    }

    private void reset0() {
        frame = new long[l.frameWords];
        lastTime = Long.MIN_VALUE;
        opened = false;
        bits = new boolean[nw * nd];
        firstBin = new long[nw * nd];
        history.clear();
        pending.clear();
        trials = 0;
        trialsSinceMerge = 0;
        merges = 0;
        seq = 0;
        framesWritten = 0;
        firstTrial = 0;
        recordsMade = 0;
        recordsDropped = 0;
    }

    @Override
    public String engine() {
        return "reference";
    }

    @Override
    public PgMap.FrameLayout layout() {
        return l;
    }

    @Override
    public long readRegister(final int address) {
        return switch (address) {
            case PgMap.REG_ID -> PgMap.ID_VALUE;
            case PgMap.REG_SHAPE -> l.shapeWord();
            case PgMap.REG_FRAME_WORDS -> l.frameWords;
            case PgMap.REG_STATUS -> (frozen != null ? PgMap.STATUS_FRAME_PENDING : PgMap.STATUS_IDLE)
                | (waitingCommand != 0 ? 0 : PgMap.STATUS_QUIET);
            case PgMap.REG_FRAMES -> framesWritten;
            case PgMap.REG_TRIALS -> trials;
            case PgMap.REG_MERGES -> merges;
            case PgMap.REG_SYNC_PENDING -> pending.size();
            case PgMap.REG_RECORDS_ENABLE -> regs[address] & 1;
            case PgMap.REG_RECORDS_MADE -> recordsMade;
            case PgMap.REG_RECORDS_DROPPED -> recordsDropped;
            default -> regs[address];
        };
    }

    @Override
    public void writeRegister(final int addr, final long value) {
        if (addr == PgMap.REG_CTRL) {
            if ((value & (PgMap.CTRL_CLOSE_FRAME | PgMap.CTRL_RESET)) == 0) {
                return;
            }
            if (waitingCommand != 0) {
                throw new DeviceException(DeviceException.ESTATE, "a CTRL command already waits");
            }
            waitingCommand = value & (PgMap.CTRL_CLOSE_FRAME | PgMap.CTRL_RESET);
            runWaitingCommand();
            return;
        }
        final boolean det = addr >= PgMap.REG_DET_CHANNEL && addr < PgMap.REG_DET_DELAY + PgMap.MAX_DETECTORS
            && (addr - PgMap.REG_DET_CHANNEL) % PgMap.MAX_DETECTORS >= nd;
        final boolean win = addr >= PgMap.REG_WIN_START && addr < PgMap.REG_WIN_LENGTH + PgMap.MAX_WINDOWS
            && (addr - PgMap.REG_WIN_START) % PgMap.MAX_WINDOWS >= nw;
        if (!det && !win) {
            regs[addr] = value;
        }
    }

    private void runWaitingCommand() {
        while (frozen == null && waitingCommand != 0) {
            if ((waitingCommand & PgMap.CTRL_CLOSE_FRAME) != 0) {
                waitingCommand &= ~PgMap.CTRL_CLOSE_FRAME;
                closeFrame(PgMap.FLAG_HOST_CLOSE);
            } else {
                waitingCommand = 0;
                reset0();
            }
        }
    }

    @Override
    public int push(final TagBatch batch, final int offset, final int count) {
        if (waitingCommand != 0) {
            return 0;
        }
        for (int i = offset; i < offset + count; i++) {
            if (batch.count(i) == 0) {
                throw new DeviceException(DeviceException.EINVAL, "count 0");
            }
        }
        for (int i = offset; i < offset + count; i++) {
            word(batch.time(i), batch.channel(i), batch.count(i));
        }
        return count;
    }

    @Override
    public int framesPending() {
        return ring.size();
    }

    @Override
    public int readFrame(final long[] dst) {
        if (ring.isEmpty()) {
            return 0;
        }
        System.arraycopy(ring.peekFirst(), 0, dst, 0, l.frameWords);
        return l.frameWords;
    }

    @Override
    public void releaseFrame() {
        if (ring.isEmpty()) {
            throw new DeviceException(DeviceException.ESTATE, "empty ring");
        }
        ring.pollFirst();
        if (frozen != null) {
            toRing(frozen);
            frozen = null;
        }
        runWaitingCommand();
    }

    @Override
    public int recordsPending() {
        return Math.min(records.size(), Devices.DEFAULT_RECORD_CAPACITY);
    }

    @Override
    public int readRecords(final long[] dst) {
        if (dst.length < rl.recordWords) {
            throw new DeviceException(DeviceException.ESMALL, "record buffer too small");
        }
        int words = 0;
        while (!records.isEmpty() && dst.length - words >= rl.recordWords) {
            System.arraycopy(records.pollFirst(), 0, dst, words, rl.recordWords);
            words += rl.recordWords;
        }
        return words;
    }

    @Override
    public void close() {
        // nothing to free
    }

    private int role(final int channel) {
        if (regs[PgMap.REG_SYNC_CHANNEL] == channel) {
            return -1;
        }
        for (int d = 0; d < nd; d++) {
            if (regs[PgMap.REG_DET_CHANNEL + d] == channel) {
                return d;
            }
        }
        return -2;
    }

    /** A tag word: {@code count} tags with this time and channel. */
    void word(final long time, final int channel, final long count) {
        final int role = role(channel);
        final int tagsCounter = role == -1 ? l.offTagsSync : role == -2 ? l.offTagsOther : l.offTagsDet + role;
        if (time < lastTime) {
            frame[tagsCounter] += count;
            frame[l.offOutOfOrder] += count;
            return;
        }
        lastTime = time;
        // pending syncs whose effective time <= time become effective, in queue order
        while (!pending.isEmpty() && pending.peekFirst()[0] <= time) {
            final long[] p = pending.pollFirst();
            for (long m = 0; m < p[1]; m++) {
                syncEffective(p[0]);
            }
        }
        if (role == -1) {
            final long e = time + regs[PgMap.REG_SYNC_DELAY];
            if (regs[PgMap.REG_SYNC_DELAY] <= 0 && pending.isEmpty()) {
                for (long m = 0; m < count; m++) {
                    frame[tagsCounter]++; // per member: a run may cross a frame boundary
                    frame[l.offSyncs]++;
                    syncEffective(e);
                }
            } else if (pending.size() < QUEUE_DEPTH) {
                frame[tagsCounter] += count;
                frame[l.offSyncs] += count;
                pending.addLast(new long[] {e, count});
            } else {
                frame[tagsCounter] += count;
                frame[l.offSyncDropped] += count;
            }
            return;
        }
        for (long m = 0; m < count; m++) {
            frame[tagsCounter]++;
            if (role == -2) {
                frame[l.offOtherChannel]++;
            } else if (!opened) {
                frame[l.offBeforeFirstSync]++;
            } else {
                detector(time, role);
            }
        }
    }

    private void syncEffective(final long e) {
        if (opened) {
            closeTrial();
        }
        opened = true;
        syncTime = e;
        bits = new boolean[nw * nd];
    }

    private void detector(final long time, final int role) {
        final long t = time + regs[PgMap.REG_DET_DELAY + role];
        final long off = t - syncTime;
        boolean in = false;
        for (int w = 0; w < nw; w++) {
            final long rel = off - regs[PgMap.REG_WIN_START + w];
            final long len = regs[PgMap.REG_WIN_LENGTH + w] & 0xFFFF_FFFFL;
            if (Long.compareUnsigned(rel, len) < 0) {
                in = true;
                final int bit = w * nd + role;
                if (!bits[bit]) {
                    bits[bit] = true;
                    final long binTicks = regs[PgMap.REG_BIN_TICKS] == 0 ? 1 : regs[PgMap.REG_BIN_TICKS];
                    final long q = Long.divideUnsigned(rel, binTicks);
                    firstBin[bit] = Long.compareUnsigned(q, nb - 1) < 0 ? q : nb - 1;
                }
            }
        }
        frame[in ? l.offInWindow : l.offOutside]++;
    }

    private void closeTrial() {
        final int wd = nw * nd;
        int p = 0;
        for (int i = 0; i < wd; i++) {
            if (bits[i]) {
                p |= 1 << i;
            }
        }
        if (p != 0 && (regs[PgMap.REG_RECORDS_ENABLE] & 1) != 0) {
            recordsMade++;
            if (records.size() == Devices.DEFAULT_RECORD_CAPACITY + PgMap.RECORD_FIFO_DEPTH) {
                recordsDropped++;
            } else {
                final long[] r = new long[rl.recordWords];
                r[rl.offTrial] = trials;
                r[rl.offSyncTime] = syncTime;
                r[rl.offPattern] = p;
                for (int i = 0; i < wd; i++) {
                    r[rl.offFirstBin + i] = bits[i] ? firstBin[i] : 0;
                }
                records.add(r);
            }
        }
        frame[l.offPatterns + p]++;
        frame[l.offTrials]++;
        final long n = trials;
        for (int dn = 1; dn <= nk; dn++) {
            if (n < dn) {
                continue;
            }
            final boolean[] h = history.get(history.size() - dn);
            frame[l.offDnPairs + dn - 1]++;
            for (int a = 0; a < wd; a++) {
                for (int b = 0; b < wd; b++) {
                    if (h[a] && bits[b]) {
                        frame[l.offDnCoinc + ((dn - 1) * wd + a) * wd + b]++;
                    }
                }
                if (h[a]) {
                    frame[l.offDnEarly + (dn - 1) * wd + a]++;
                }
                if (bits[a]) {
                    frame[l.offDnLate + (dn - 1) * wd + a]++;
                }
            }
        }
        for (int w = 0; w < nw; w++) {
            for (int d = 0; d < nd; d++) {
                if (bits[w * nd + d]) {
                    frame[l.offFirstArrival + (w * nd + d) * nb + (int) firstBin[w * nd + d]]++;
                }
            }
            if (nd >= 2 && bits[w * nd] && bits[w * nd + 1]) {
                frame[l.offBothArrival + w * nb + (int) Math.max(firstBin[w * nd], firstBin[w * nd + 1])]++;
            }
        }
        history.add(bits.clone());
        if (history.size() > nk) {
            history.remove(0); // only the last K trials are ever looked at
        }
        trials++;
        trialsSinceMerge++;
        if (regs[PgMap.REG_FRAME_TRIALS] != 0 && Long.compareUnsigned(trialsSinceMerge, regs[PgMap.REG_FRAME_TRIALS]) >= 0) {
            if (frozen != null) {
                frame[l.offMerges]++;
                merges++;
                trialsSinceMerge = 0;
            } else {
                closeFrame(PgMap.FLAG_TRIAL_CLOSE);
            }
        }
    }

    private void closeFrame(final int flags) {
        frame[l.offMagic] = PgMap.FRAME_MAGIC;
        frame[l.offFirstTrial] = firstTrial;
        frame[l.offFlags] = flags;
        frame[l.offShape] = l.shapeWord();
        frame[l.offWords] = l.frameWords;
        if (ring.size() < ringFrames) {
            toRing(frame);
        } else {
            frozen = frame;
        }
        frame = new long[l.frameWords];
        firstTrial = trials;
        trialsSinceMerge = 0;
    }

    private void toRing(final long[] f) {
        f[l.offSeq] = seq;
        f[l.offTrailer] = PgMap.TRAILER_BASE | (seq & 0xFFFFFF);
        ring.addLast(f);
        seq++;
        framesWritten++;
    }
}
