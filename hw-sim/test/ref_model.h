// ref_model.h -- a tiny, obviously-right reference of docs/frame-format.md for the firmware tests.
//
// Deliberately written straight from the document, with none of the firmware's structure: one
// function per rule, plain loops, 64-bit wrap-around arithmetic in uint64_t.

#ifndef PG_REF_MODEL_H
#define PG_REF_MODEL_H

#include "pairgate.h"

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

    // state since reset
    int64_t last_time;
    bool trial_open;
    uint64_t sync_time;
    uint64_t pattern;
    std::vector<uint64_t> bins;     // first-arrival bin per pattern bit of the open trial
    std::deque<uint64_t> history;   // history[j] = pattern of trial n-1-j
    uint64_t trials_total, seq, first_trial, frame_trials;
    std::vector<uint64_t> w;        // the open frame's words (counters only are meaningful)

    std::vector<std::vector<uint64_t>> frames;  // emitted frames, in order

    RefModel(uint32_t W_, uint32_t D_, uint32_t K_, uint32_t B_) : W(W_), D(D_), K(K_), B(B_) {
        pg_layout_init(&L, W, D, K, B);
        for (int i = 0; i < PG_MAX_DETECTORS; i++) { det_channel[i] = 0xFF; det_delay[i] = 0; }
        for (int i = 0; i < PG_MAX_WINDOWS; i++) { win_start[i] = 0; win_length[i] = 0; }
        reset();
    }

    void reset() {
        last_time = INT64_MIN;
        trial_open = false;
        sync_time = 0;
        pattern = 0;
        bins.assign(W * D, 0);
        history.clear();
        trials_total = seq = first_trial = frame_trials = 0;
        w.assign(L.frame_words, 0);
    }

    // register write as the device sees it (slots beyond the shape are ignored)
    void write(uint32_t a, uint64_t v) {
        if (a == PG_REG_SYNC_CHANNEL) sync_channel = v;
        else if (a == PG_REG_FRAME_TRIALS) frame_trials_cfg = v;
        else if (a == PG_REG_BIN_TICKS) bin_ticks = v;
        else if (a == PG_REG_SYNC_DELAY) sync_delay = v;
        else if (a >= PG_REG_DET_CHANNEL && a - PG_REG_DET_CHANNEL < D && a - PG_REG_DET_CHANNEL < PG_MAX_DETECTORS) det_channel[a - PG_REG_DET_CHANNEL] = v;
        else if (a >= PG_REG_DET_DELAY && a - PG_REG_DET_DELAY < D && a - PG_REG_DET_DELAY < PG_MAX_DETECTORS) det_delay[a - PG_REG_DET_DELAY] = v;
        else if (a >= PG_REG_WIN_START && a - PG_REG_WIN_START < W && a - PG_REG_WIN_START < PG_MAX_WINDOWS) win_start[a - PG_REG_WIN_START] = v;
        else if (a >= PG_REG_WIN_LENGTH && a - PG_REG_WIN_LENGTH < W && a - PG_REG_WIN_LENGTH < PG_MAX_WINDOWS) win_length[a - PG_REG_WIN_LENGTH] = v;
        else if (a == PG_REG_CTRL) {
            if (v & PG_CTRL_CLOSE_FRAME) emit(PG_FLAG_HOST_CLOSE);
            if (v & PG_CTRL_RESET) reset();
        }
    }

    void tag(int64_t time, uint8_t channel) {
        // role
        int role;  // -1 sync, 0..D-1 detector, -2 other
        if (channel == sync_channel) {
            role = -1;
        } else {
            role = -2;
            for (uint32_t d = 0; d < D; d++) {
                if (channel == det_channel[d]) { role = int(d); break; }
            }
        }
        if (role == -1) w[L.off_tags_sync]++;
        else if (role == -2) w[L.off_tags_other]++;
        else w[L.off_tags_det + role]++;

        if (time < last_time) { w[L.off_out_of_order]++; return; }
        last_time = time;

        if (role == -2) { w[L.off_other_channel]++; return; }
        if (role == -1) {
            w[L.off_syncs]++;
            if (trial_open) close_trial();
            trial_open = true;
            sync_time = uint64_t(time) + sync_delay;
            pattern = 0;
            return;
        }
        if (!trial_open) { w[L.off_before_first_sync]++; return; }
        uint64_t t = uint64_t(time) + det_delay[role];
        uint64_t off = t - sync_time;
        bool any = false;
        for (uint32_t win = 0; win < W; win++) {
            uint64_t rel = off - win_start[win];
            if (rel < (win_length[win] & 0xFFFFFFFFu)) {
                any = true;
                uint32_t bit = win * D + uint32_t(role);
                if (!((pattern >> bit) & 1)) {
                    pattern |= uint64_t(1) << bit;
                    uint64_t bt = bin_ticks == 0 ? 1 : bin_ticks;
                    uint64_t q = rel / bt;
                    bins[bit] = q < B - 1 ? q : B - 1;
                }
            }
        }
        if (any) w[L.off_in_window]++;
        else w[L.off_outside]++;
    }

    void close_trial() {
        const uint32_t WD = W * D;
        uint64_t n = trials_total;
        uint64_t p = pattern;
        w[L.off_patterns + p]++;
        for (uint32_t dn = 1; dn <= K; dn++) {
            if (n < dn) continue;
            uint64_t h = history[dn - 1];
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
                    uint64_t b0 = bins[win * D], b1 = bins[win * D + 1];
                    w[L.off_both_arrival + win * B + (b0 > b1 ? b0 : b1)]++;
                }
            }
        }
        history.push_front(p);
        if (history.size() > K) history.pop_back();
        trials_total++;
        frame_trials++;
        // ">=": lowering FRAME_TRIALS below the trials already in the frame closes it at the next trial close
        if (frame_trials_cfg != 0 && frame_trials >= frame_trials_cfg) emit(PG_FLAG_TRIAL_CLOSE);
    }

    void emit(uint64_t flags) {
        w[L.off_magic] = PG_FRAME_MAGIC;
        w[L.off_seq] = seq;
        w[L.off_first_trial] = first_trial;
        w[L.off_trials] = frame_trials;
        w[L.off_flags] = flags;
        w[L.off_shape] = W | (D << 8) | (uint64_t(K) << 16) | (uint64_t(B) << 32);
        w[L.off_words] = L.frame_words;
        w[L.off_reserved] = 0;
        w[L.off_trailer] = PG_TRAILER_BASE | (seq & 0xFFFFFF);
        frames.push_back(w);
        seq++;
        first_trial = trials_total;
        frame_trials = 0;
        w.assign(L.frame_words, 0);
    }
};

#endif  // PG_REF_MODEL_H
