// ref_model.h -- a small, obviously-right reference of docs/frame-format.md (version 2) for the
// firmware tests.
//
// Deliberately written straight from the document, with none of the firmware's structure: one
// function per rule, plain loops, 64-bit wrap-around arithmetic in uint64_t. The only shortcut is
// for sync runs: once the open trial and the whole dN history are empty, a run of empty trial
// closes is added in O(K) (it changes nothing but PATTERNS[0], TRIALS and DN_PAIRS), so a test
// can push a run of 10^9 syncs.
//
// The model includes the host side the two banks interact with: a ring of `ring_n` frame slots.
// The test harness mirrors every device call on it (tag words the device accepted, register
// writes, frame releases), so a merge happens in the model exactly when the device's frozen bank
// is held by the host (the frozen frame waits because every ring slot holds an unreleased frame).
//
// Trial records (docs/frame-format.md "Trial records"): the host's record ring of
// `record_capacity` records and the core's record FIFO (PG_RECORD_FIFO_DEPTH) are one queue of
// record_capacity + PG_RECORD_FIFO_DEPTH records; a record made while it is full is dropped. The
// host reads (and removes) at most the oldest record_capacity of them: those are in its ring.

#ifndef PG_REF_MODEL_H
#define PG_REF_MODEL_H

#include "pairgate.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

struct RefModel {
    // shape
    uint32_t W, D, K, B;
    pg_layout L;

    // configuration (defaults as in the doc)
    uint64_t sync_channel = 0, frame_trials_cfg = 0, bin_ticks = 1, sync_delay = 0;
    uint64_t det_channel[PG_MAX_DETECTORS];
    uint64_t det_delay[PG_MAX_DETECTORS];
    uint64_t win_start[PG_MAX_WINDOWS];
    uint64_t win_length[PG_MAX_WINDOWS];

    // a sync word waiting in the sync-delay queue
    struct PendingSync {
        uint64_t effective_time;  // raw time + SYNC_DELAY (wraps)
        uint64_t count;           // syncs the word stands for
    };

    // trial state since reset
    int64_t last_time;
    bool trial_open;
    uint64_t sync_time;
    uint64_t pattern;
    std::vector<uint64_t> bins;       // first-arrival bin per pattern bit of the open trial
    std::deque<uint64_t> history;     // history[j] = pattern of trial n-1-j (at most K entries)
    std::deque<PendingSync> pending;  // the sync-delay queue, oldest first
    uint64_t trials_total;            // register TRIALS
    uint64_t merges_total;            // register MERGES
    uint64_t frames_written;          // register FRAMES: frames written into the ring since reset
    uint64_t seq;                     // SEQ of the next frame to close

    // the active bank
    std::vector<uint64_t> w;          // the open frame's words (counters only are meaningful)
    uint64_t first_trial;
    uint64_t trials_since_due;        // trials closed since the frame's start or its last merge

    // the frozen bank and the host ring
    int ring_n;
    int ring_count = 0;               // frames in the ring, not yet released
    bool frozen_held = false;         // the frozen bank holds a frame that waits for a ring slot
    std::vector<uint64_t> frozen;
    uint64_t cmd_pending = 0;         // CTRL bits waiting behind the frozen frame

    std::vector<std::vector<uint64_t>> frames;  // frames written into the ring, in order

    // trial records
    pg_record_layout RL;
    uint64_t records_enable = 0;      // register RECORDS_ENABLE (bit 0 kept)
    uint64_t records_made = 0, records_dropped = 0;
    std::size_t record_capacity;           // the host's record ring
    std::deque<std::vector<uint64_t>> records;  // ring + FIFO, oldest first

    RefModel(uint32_t W_, uint32_t D_, uint32_t K_, uint32_t B_, int ring_frames = 8, std::size_t record_capacity_ = 1024)
        : W(W_), D(D_), K(K_), B(B_), ring_n(ring_frames), record_capacity(record_capacity_) {
        pg_layout_init(&L, W, D, K, B);
        pg_record_layout_init(&RL, W, D, K, B);
        for (int i = 0; i < PG_MAX_DETECTORS; i++) { det_channel[i] = 0xFF; det_delay[i] = 0; }
        for (int i = 0; i < PG_MAX_WINDOWS; i++) { win_start[i] = 0; win_length[i] = 0; }
        reset();
    }

    // CTRL_RESET: counters, trial state, history, pending syncs, SEQ and the register counts;
    // the configuration, the ring and the frozen bank (always free here) stay.
    void reset() {
        last_time = INT64_MIN;
        trial_open = false;
        sync_time = 0;
        pattern = 0;
        bins.assign(W * D, 0);
        history.clear();
        pending.clear();
        trials_total = merges_total = frames_written = seq = 0;
        records_made = records_dropped = 0;  // records already made stay (ring and FIFO)
        start_frame();
    }

    // ---- host side ---------------------------------------------------------------------------

    // Register write as the device sees it (slots beyond the shape are ignored). Returns PG_OK,
    // or PG_ESTATE for a CTRL command while another one waits behind the frozen frame.
    int write(uint32_t a, uint64_t v) {
        if (a == PG_REG_SYNC_CHANNEL) sync_channel = v;
        else if (a == PG_REG_FRAME_TRIALS) frame_trials_cfg = v;
        else if (a == PG_REG_BIN_TICKS) bin_ticks = v;
        else if (a == PG_REG_SYNC_DELAY) sync_delay = v;
        else if (a == PG_REG_RECORDS_ENABLE) records_enable = v & 1;
        else if (slot(a, PG_REG_DET_CHANNEL, D, PG_MAX_DETECTORS)) det_channel[a - PG_REG_DET_CHANNEL] = v;
        else if (slot(a, PG_REG_DET_DELAY, D, PG_MAX_DETECTORS)) det_delay[a - PG_REG_DET_DELAY] = v;
        else if (slot(a, PG_REG_WIN_START, W, PG_MAX_WINDOWS)) win_start[a - PG_REG_WIN_START] = v;
        else if (slot(a, PG_REG_WIN_LENGTH, W, PG_MAX_WINDOWS)) win_length[a - PG_REG_WIN_LENGTH] = v;
        else if (a == PG_REG_CTRL) {
            const uint64_t cmd = v & (PG_CTRL_CLOSE_FRAME | PG_CTRL_RESET);
            if (cmd == 0) return PG_OK;
            if (cmd_pending) return PG_ESTATE;
            cmd_pending = cmd;
            run_command();
        }
        return PG_OK;
    }

    // Register read (the counters the model keeps; configuration reads are the tests' business).
    uint64_t read(uint32_t a) const {
        if (a == PG_REG_FRAMES) return frames_written;
        if (a == PG_REG_TRIALS) return trials_total;
        if (a == PG_REG_MERGES) return merges_total;
        if (a == PG_REG_SYNC_PENDING) return pending.size();
        if (a == PG_REG_RECORDS_ENABLE) return records_enable;
        if (a == PG_REG_RECORDS_MADE) return records_made;
        if (a == PG_REG_RECORDS_DROPPED) return records_dropped;
        if (a == PG_REG_STATUS)
            return (cmd_pending || frozen_held ? 0 : uint64_t(PG_STATUS_IDLE)) | (frozen_held ? uint64_t(PG_STATUS_FRAME_PENDING) : 0)
                 | (cmd_pending ? 0 : uint64_t(PG_STATUS_QUIET));
        return ~uint64_t(0);
    }

    // The host releases the oldest ring frame: the frozen frame (if any) streams into the freed
    // slot, then a command that waited for the bank runs.
    void release() {
        if (ring_count > 0) ring_count--;
        if (frozen_held) {
            frozen_held = false;
            write_into_ring(frozen);
        }
        run_command();
    }

    // Records the host can read: those in its ring.
    std::size_t records_readable() const { return records.size() < record_capacity ? records.size() : record_capacity; }

    // The host reads and removes up to `max` records from its ring (oldest first).
    std::vector<std::vector<uint64_t>> read_records(std::size_t max) {
        std::vector<std::vector<uint64_t>> out;
        std::size_t n = records_readable() < max ? records_readable() : max;
        for (std::size_t i = 0; i < n; i++) {
            out.push_back(records.front());
            records.pop_front();
        }
        return out;
    }

    // No tag is accepted while a CTRL command waits behind the frozen frame.
    bool accepts_tags() const { return cmd_pending == 0; }

    // Syncs of the pending words (each word stands for `count` syncs).
    uint64_t pending_syncs() const {
        uint64_t n = 0;
        for (const PendingSync &p : pending) n += p.count;
        return n;
    }

    // ---- tag words ---------------------------------------------------------------------------

    // One tag word of `count` identical tags (count 0 acts as 1, as in the firmware). Returns
    // false, changing nothing, when the device would not accept it (a command waits).
    bool tag(int64_t time, uint8_t channel, uint32_t count = 1) {
        if (!accepts_tags()) return false;
        const uint64_t c = count == 0 ? 1 : count;
        const int role = role_of(channel);
        if (time < last_time) {
            count_role(role, c);
            w[L.off_out_of_order] += c;
            return true;
        }
        last_time = time;
        release_pending(time);
        if (role == kOther) {
            count_role(role, c);
            w[L.off_other_channel] += c;
        } else if (role == kSync) {
            sync_word(time, c);
        } else {
            detector_word(time, role, c);
        }
        return true;
    }

private:
    static constexpr int kSync = -1, kOther = -2;

    // a is slot i < n (the shape's) of a register array at base (n <= max slots)
    static bool slot(uint32_t a, uint32_t base, uint32_t n, uint32_t max) {
        return a >= base && a - base < n && a - base < max;
    }

    int role_of(uint8_t channel) const {
        if (channel == sync_channel) return kSync;
        for (uint32_t d = 0; d < D; d++)
            if (channel == det_channel[d]) return int(d);
        return kOther;
    }

    void count_role(int role, uint64_t c) {
        if (role == kSync) w[L.off_tags_sync] += c;
        else if (role == kOther) w[L.off_tags_other] += c;
        else w[L.off_tags_det + uint32_t(role)] += c;
    }

    // pending syncs whose effective time <= time become effective, oldest first
    void release_pending(int64_t time) {
        while (!pending.empty() && int64_t(pending.front().effective_time) <= time) {
            PendingSync p = pending.front();
            pending.pop_front();
            effective_syncs(p.effective_time, p.count, false);
        }
    }

    void sync_word(int64_t time, uint64_t c) {
        const uint64_t e = uint64_t(time) + sync_delay;
        if (int64_t(sync_delay) <= 0 && pending.empty()) {
            effective_syncs(e, c, true);  // counted member by member
        } else if (pending.size() < PG_SYNC_QUEUE_DEPTH) {
            count_role(kSync, c);
            w[L.off_syncs] += c;
            pending.push_back({e, c});
        } else {
            count_role(kSync, c);
            w[L.off_sync_dropped] += c;
        }
    }

    void detector_word(int64_t time, int d, uint64_t c) {
        count_role(d, c);
        if (!trial_open) {
            w[L.off_before_first_sync] += c;
            return;
        }
        const uint64_t off = uint64_t(time) + det_delay[d] - sync_time;
        bool any = false;
        for (uint32_t win = 0; win < W; win++) {
            const uint64_t rel = off - win_start[win];
            if (rel >= (win_length[win] & 0xFFFFFFFFu)) continue;
            any = true;
            const uint32_t bit = win * D + uint32_t(d);
            if ((pattern >> bit) & 1) continue;
            pattern |= uint64_t(1) << bit;
            const uint64_t q = rel / (bin_ticks == 0 ? 1 : bin_ticks);
            bins[bit] = q < B - 1 ? q : B - 1;
        }
        if (any) w[L.off_in_window] += c;
        else w[L.off_outside] += c;
    }

    // `c` syncs become effective at e. `counted`: the word was effective at once, so each member
    // is counted (TAGS_SYNC, SYNCS) just before it closes a trial, in the frame that is active then.
    void effective_syncs(uint64_t e, uint64_t c, bool counted) {
        while (c > 0) {
            if (trial_open && only_empty_closes_ahead()) {
                const uint64_t m = empty_closes_until_due(c);
                bulk_empty_closes(m, counted);
                sync_time = e;  // the trial the last of them opens
                c -= m;
                continue;
            }
            if (counted) {
                count_role(kSync, 1);
                w[L.off_syncs] += 1;
            }
            if (trial_open) close_trial();
            trial_open = true;
            sync_time = e;
            pattern = 0;
            c--;
        }
    }

    // The open trial and every history entry are empty: closing empty trials only counts.
    bool only_empty_closes_ahead() const {
        if (pattern != 0) return false;
        for (uint64_t h : history)
            if (h != 0) return false;
        return true;
    }

    // How many of `c` empty closes to take in one step: up to the next frame due point.
    uint64_t empty_closes_until_due(uint64_t c) const {
        if (frame_trials_cfg == 0) return c;
        const uint64_t to_due = frame_trials_cfg > trials_since_due ? frame_trials_cfg - trials_since_due : 1;
        return c < to_due ? c : to_due;
    }

    // m syncs each closing an empty trial and opening the next one (same sync_time: the run's).
    void bulk_empty_closes(uint64_t m, bool counted) {
        if (counted) {
            count_role(kSync, m);
            w[L.off_syncs] += m;
        }
        const uint64_t n0 = trials_total;  // index of the first trial closed here
        for (uint32_t dn = 1; dn <= K; dn++) {
            const uint64_t first_paired = n0 > dn ? n0 : dn;  // closes n >= dn have a partner
            if (n0 + m > first_paired) w[L.off_dn_pairs + dn - 1] += n0 + m - first_paired;
        }
        w[L.off_patterns + 0] += m;
        for (uint64_t i = 0; i < m && history.size() < K; i++) history.push_front(0);
        trials_total += m;
        w[L.off_trials] += m;
        trials_since_due += m;
        check_frame_due();
    }

    void close_trial() {
        const uint32_t WD = W * D;
        const uint64_t n = trials_total;
        const uint64_t p = pattern;
        if (records_enable && p != 0) make_record(n, p);
        w[L.off_patterns + p]++;
        for (uint32_t dn = 1; dn <= K; dn++) {
            if (n < dn) continue;
            const uint64_t h = history[dn - 1];
            w[L.off_dn_pairs + dn - 1]++;
            for (uint32_t a = 0; a < WD; a++) {
                w[L.off_dn_early + (dn - 1) * WD + a] += (h >> a) & 1;
                w[L.off_dn_late + (dn - 1) * WD + a] += (p >> a) & 1;
                for (uint32_t b = 0; b < WD; b++)
                    w[L.off_dn_coinc + ((dn - 1) * WD + a) * WD + b] += ((h >> a) & 1) & ((p >> b) & 1);
            }
        }
        for (uint32_t win = 0; win < W; win++)
            for (uint32_t d = 0; d < D; d++)
                if ((p >> (win * D + d)) & 1) w[L.off_first_arrival + (win * D + d) * B + bins[win * D + d]]++;
        if (D >= 2) {
            for (uint32_t win = 0; win < W; win++) {
                if (((p >> (win * D)) & 1) && ((p >> (win * D + 1)) & 1)) {
                    const uint64_t b0 = bins[win * D], b1 = bins[win * D + 1];
                    w[L.off_both_arrival + win * B + (b0 > b1 ? b0 : b1)]++;
                }
            }
        }
        history.push_front(p);
        if (history.size() > K) history.pop_back();
        trials_total++;
        w[L.off_trials]++;
        trials_since_due++;
        check_frame_due();
    }

    // The record of closing trial n (its sync_time and bins are still the open trial's).
    void make_record(uint64_t n, uint64_t p) {
        records_made++;
        if (records.size() >= record_capacity + PG_RECORD_FIFO_DEPTH) {
            records_dropped++;
            return;
        }
        std::vector<uint64_t> r(RL.record_words, 0);
        r[RL.off_trial] = n;
        r[RL.off_sync_time] = sync_time;
        r[RL.off_pattern] = p;
        for (uint32_t bit = 0; bit < RL.len_first_bin; bit++)
            if ((p >> bit) & 1) r[RL.off_first_bin + bit] = bins[bit];
        records.push_back(r);
    }

    // ">=": lowering FRAME_TRIALS below the trials already counted makes the next close due.
    void check_frame_due() {
        if (frame_trials_cfg == 0 || trials_since_due < frame_trials_cfg) return;
        if (frozen_held) {
            // the host holds the frozen bank: the close is absorbed, the active bank keeps counting
            w[L.off_merges]++;
            merges_total++;
            trials_since_due = 0;
        } else {
            close_frame(PG_FLAG_TRIAL_CLOSE);
        }
    }

    // A queued command runs when the frozen bank is free: the close first, then the reset
    // (each part waits for the bank).
    void run_command() {
        if ((cmd_pending & PG_CTRL_CLOSE_FRAME) && !frozen_held) {
            cmd_pending &= ~uint64_t(PG_CTRL_CLOSE_FRAME);
            close_frame(PG_FLAG_HOST_CLOSE);
        }
        if (cmd_pending == PG_CTRL_RESET && !frozen_held) {
            cmd_pending = 0;
            reset();
        }
    }

    // The banks swap: the active frame gets its header and goes to the frozen bank, which
    // streams it into the ring at once when a slot is free, else holds it.
    void close_frame(uint64_t flags) {
        w[L.off_magic] = PG_FRAME_MAGIC;
        w[L.off_seq] = seq;
        w[L.off_first_trial] = first_trial;
        w[L.off_flags] = flags;
        w[L.off_shape] = W | (D << 8) | (uint64_t(K) << 16) | (uint64_t(B) << 32);
        w[L.off_words] = L.frame_words;
        w[L.off_trailer] = PG_TRAILER_BASE | (seq & 0xFFFFFF);
        seq++;
        if (ring_count < ring_n) {
            write_into_ring(w);
        } else {
            frozen = w;
            frozen_held = true;
        }
        start_frame();
    }

    void write_into_ring(const std::vector<uint64_t> &f) {
        frames.push_back(f);
        ring_count++;
        frames_written++;
    }

    void start_frame() {
        w.assign(L.frame_words, 0);
        first_trial = trials_total;
        trials_since_due = 0;
    }
};

#endif  // PG_REF_MODEL_H
