package org.pairgate.device;

import java.util.ArrayList;
import java.util.List;

/**
 * docs/frame-format.md transcribed line by line, with no tricks: unsigned compares and divisions
 * through {@link Long}, every bit visited, a growing history list, frames emitted at once into a
 * list (the ring does not change frame contents). It is slow and obvious on purpose, to check the
 * tuned {@link SoftDevice} on shapes the RTL library is not built with.
 */
final class ReferenceCore {
    private final int nw;
    private final int nd;
    private final int nk;
    private final int nb;
    private final PgMap.FrameLayout l;
    private final long[] regs = new long[0x40];
    final List<long[]> frames = new ArrayList<>();

    private long[] frame;
    private long lastTime;
    private boolean opened;
    private long syncTime;
    private boolean[] bits;
    private long[] firstBin;
    private final List<boolean[]> history = new ArrayList<>();
    private long trials;
    private long seq;
    private long firstTrial;

    ReferenceCore(final int w, final int d, final int k, final int b) {
        nw = w;
        nd = d;
        nk = k;
        nb = b;
        l = new PgMap.FrameLayout(w, d, k, b);
        regs[PgMap.REG_BIN_TICKS] = 1;
        for (int i = 0; i < d; i++) {
            regs[PgMap.REG_DET_CHANNEL + i] = 0xFF;
        }
        reset();
    }

    private void reset() {
        frame = new long[l.frameWords];
        lastTime = Long.MIN_VALUE;
        opened = false;
        bits = new boolean[nw * nd];
        firstBin = new long[nw * nd];
        history.clear();
        trials = 0;
        seq = 0;
        firstTrial = 0;
    }

    void write(final int addr, final long value) {
        if (addr == PgMap.REG_CTRL) {
            if ((value & PgMap.CTRL_CLOSE_FRAME) != 0) {
                closeFrame(PgMap.FLAG_HOST_CLOSE);
            }
            if ((value & PgMap.CTRL_RESET) != 0) {
                reset();
            }
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

    void tag(final long time, final int channel) {
        int role = -2;
        if (regs[PgMap.REG_SYNC_CHANNEL] == channel) {
            role = -1;
        } else {
            for (int d = nd - 1; d >= 0; d--) {
                if (regs[PgMap.REG_DET_CHANNEL + d] == channel) {
                    role = d;
                }
            }
        }
        frame[role == -1 ? l.offTagsSync : role == -2 ? l.offTagsOther : l.offTagsDet + role]++;
        if (time < lastTime) {
            frame[l.offOutOfOrder]++;
            return;
        }
        lastTime = time;
        if (role == -2) {
            frame[l.offOtherChannel]++;
        } else if (role == -1) {
            frame[l.offSyncs]++;
            if (opened) {
                closeTrial();
            }
            opened = true;
            syncTime = time + regs[PgMap.REG_SYNC_DELAY];
            bits = new boolean[nw * nd];
        } else if (!opened) {
            frame[l.offBeforeFirstSync]++;
        } else {
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
    }

    private void closeTrial() {
        final int wd = nw * nd;
        int p = 0;
        for (int i = 0; i < wd; i++) {
            if (bits[i]) {
                p |= 1 << i;
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
        trials++;
        if (regs[PgMap.REG_FRAME_TRIALS] != 0 && Long.compareUnsigned(frame[l.offTrials], regs[PgMap.REG_FRAME_TRIALS]) >= 0) {
            closeFrame(PgMap.FLAG_TRIAL_CLOSE);
        }
    }

    private void closeFrame(final int flags) {
        frame[l.offMagic] = PgMap.FRAME_MAGIC;
        frame[l.offSeq] = seq;
        frame[l.offFirstTrial] = firstTrial;
        frame[l.offFlags] = flags;
        frame[l.offShape] = l.shapeWord();
        frame[l.offWords] = l.frameWords;
        frame[l.offTrailer] = PgMap.TRAILER_BASE | (seq & 0xFFFFFF);
        frames.add(frame);
        frame = new long[l.frameWords];
        seq++;
        firstTrial = trials;
    }

    /** The frames of a scenario: its writes, its tags with CTRL commands at their positions, a final close. */
    static List<long[]> run(final Scenario s, final int w, final int d, final int k, final int b) {
        final ReferenceCore c = new ReferenceCore(w, d, k, b);
        for (final long[] wr : s.writes) {
            c.write((int) wr[0], wr[1]);
        }
        int e = 0;
        for (int i = 0; i <= s.tags.size(); i++) {
            while (e < s.events.size() && s.events.get(e)[0] == i) {
                c.write((int) s.events.get(e)[1], s.events.get(e)[2]);
                e++;
            }
            if (i < s.tags.size()) {
                c.tag(s.tags.time(i), s.tags.channel(i));
            }
        }
        c.write(PgMap.REG_CTRL, PgMap.CTRL_CLOSE_FRAME);
        return c.frames;
    }
}
