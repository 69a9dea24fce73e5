/*
 * pg_soft_t2.c: the two-pass kernel of FastSoftDevice (bindings) in C, for raw HydraHarp-family
 * T2 records (issue 15). The Java kernel (FastSoftDevice.block and its passes) is the spec of
 * what this file counts; FusedT2VersusSoftTest holds the Java kernel, this one and this one with
 * its scalar pass 1 to SoftDevice frame for frame. Where it differs in how (same counts):
 * records per top value and PATTERNS in 4 banks, only the clicks inside a window stored (OUTSIDE
 * and OTHER_CHANNEL follow at the end of a run), two disjoint windows stored as (window, offset
 * from its start), a branch on a click's first hit, the bit planes made by a transpose of the
 * patterns after the gate (make_planes), an AVX-512 pass 1 (split_vec) and a VPOPCNTQ DN_COINC
 * (coinc_vec) where the library is built for a CPU that has them, and the records prefetched
 * 2 KiB ahead (docs/benchmarks.md "Fifth pass: native kernel"; test/pg_soft_t2_harness.c times
 * this file alone on a PTU file and is what `perf record` was run on).
 *
 * Per block of at most `block` records (its arrays stay in L1/L2):
 *   1. split: decode, classify by the top 7 bits (table loads, no branch on what a record is),
 *      store each detector record as its offset from its slot's sync and (slot, detector);
 *   2. gate: the clicks of the slots that close in the block: pattern bits, first-arrival bins,
 *      FIRST_ARRIVAL, BOTH_ARRIVAL, IN_WINDOW, OUTSIDE; then the bit planes of the patterns;
 *   3. close: PATTERNS, then DN_COINC and the per-bit counts from bit planes of the patterns, and
 *      the ring of recent nonzero patterns.
 * The clicks after the block's last sync (the trial left open) are gated into the open trial's
 * pattern and first-arrival offsets, where Java's other paths expect them.
 *
 * State: a pgs_t2 made by pgs_t2_create. Java reads and writes its header h[] (H_* below) and the
 * arrays pgs_t2_array names, through their addresses: no call copies an array. The counts a run
 * makes (frame counters, records per top value, per-bit counts, nonzero closes) are deltas that
 * Java adds to its own state after each run and zeroes (FastSoftDevice.runNative).
 *
 * A run stops after the block whose closes reach the trial at which the frame is due (h[H_DUE_AT]),
 * so that Java closes the frame before any later count: every count of a run belongs to one frame.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pg_soft.h"

#ifdef __SSE2__
#include <immintrin.h>   /* SSE2 on every x86-64; the AVX-512 paths where the build has it */
#endif

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "pg_soft_t2.c reads the little-endian records in place: a big-endian host needs a byte swap here"
#endif

/* class bits of a top value for the vector pass 1 */
#define PGS_C_TAG 1
#define PGS_C_SYNC 2
#define PGS_C_CLICK 4
#define PGS_C_OVERFLOW 8
#define PGS_C_HOT 16       /* a sync, detector or overflow value: counted by the vector pass */

#if defined(__AVX512F__) && defined(__AVX512VL__) && defined(__AVX512DQ__)
#define PGS_SPLIT_AVX512_BUILD 1
#endif

struct pgs_t2 {
    int64_t h[PGS_T2_HEADER];
    int32_t w, d, k, wd, bins, block, ring_mask, plane_words, frame_words;
    int32_t off_syncs, off_other, off_out_of_order, off_in_window, off_outside, off_patterns, off_first, off_both, off_coinc;
    /* shared with Java (pgs_t2_array) */
    int64_t *arr[PGS_T2_ARRAYS];
    /* scratch of one block */
    int64_t *offsets;
    int32_t *info;
    int32_t *pats;
    int32_t *first_bin;
    uint64_t *planes;      /* plane b at planes + b * plane_words */
    uint64_t *planes_mem;
    uint64_t *moved;
    int32_t *hist;
    int32_t detector0_mask;
    /* what a record is, by its top 7 bits: pass 1's one table (made from the Java-written arrays each run) */
    struct top_entry {
        int64_t not_tag;    /* 0 for a tag, INT64_MAX else */
        int64_t delay;      /* the detector's delay, else 0 */
        int64_t overflow;   /* -1 for an overflow record */
        int32_t sync;       /* 1 for a sync */
        int32_t click;      /* 1 for a detector record */
        int32_t det;        /* the detector index */
        int32_t other;      /* 1 for a tag on another channel */
    } tops[128];
    /* records per top value in 4 banks by record index (no store-to-load chain when equal records follow), folded at the end of a run */
    int64_t per_top4[4 * 128];
    /* a run's stored clicks (all in a window) and out-of-order clicks and other-channel tags */
    int64_t run_hits, run_click_out_of_order, run_other_out_of_order;
    /* PATTERNS in 4 banks by slot (W·D <= 8), folded at the end of a run; NULL for a larger W·D */
    int64_t *pat4;
    /* pass 1's results */
    int32_t blk_syncs, blk_clicks;
    int64_t blk_out_of_order, blk_last_sync;
    /* the vector pass 1: class bits by top value (PGS_C_*), the detectors' delays, the hot set
       (sync, detector and overflow values) and its counts, folded at the end of a run */
    int64_t cls[128];
    uint8_t cls8[128];   /* the same as bytes: PGS_C_* in bits 0-4, the detector in bits 5-7 */
    int64_t det_delay[8];
    int32_t nhot, vector;
    /* simple_hot: every hot value has one role of sync, overflow, detector 0, detector 1 (at most
       one value a role, D <= 2), so the vector pass counts them from its class masks; role_hot:
       the hot index of each role's value, or -1 */
    int32_t simple_hot;
    int32_t role_hot[4];
    int32_t disjoint;   /* W = 2 and the two windows do not overlap (set each run) */
    int64_t hot_top[16];
    int64_t hot_count[16];
    /* the disjoint gate's table by info bits 0-4 (detector, window): pattern bit, the other of
       detectors 0 and 1's bit, 1 when BOTH_ARRIVAL counts, the FIRST_ARRIVAL and BOTH_ARRIVAL rows */
    struct gate_entry {
        int32_t bit, other_bit, both, first_base, both_base;
    } gtab[32];
};

pgs_t2 *pgs_t2_create(const int64_t *params) {
    pgs_t2 *s = calloc(1, sizeof *s);
    if (s == NULL) {
        return NULL;
    }
    s->w = (int32_t) params[0];
    s->d = (int32_t) params[1];
    s->k = (int32_t) params[2];
    s->bins = (int32_t) params[3];
    s->block = (int32_t) params[4];
    const int32_t ring = (int32_t) params[5];
    s->frame_words = (int32_t) params[6];
    s->off_syncs = (int32_t) params[7];
    s->off_other = (int32_t) params[8];
    s->off_out_of_order = (int32_t) params[9];
    s->off_in_window = (int32_t) params[10];
    s->off_outside = (int32_t) params[11];
    s->off_patterns = (int32_t) params[12];
    s->off_first = (int32_t) params[13];
    s->off_both = (int32_t) params[14];
    s->off_coinc = (int32_t) params[15];
    s->wd = s->w * s->d;
    s->ring_mask = ring - 1;
    s->plane_words = (s->k + s->block + 63) >> 6;
    for (int32_t w = 0; w < s->w; w++) {
        s->detector0_mask |= 1 << (w * s->d);
    }
    const int64_t lengths[PGS_T2_ARRAYS] = {
        [PGS_A_COUNTERS] = s->frame_words, [PGS_A_PER_TOP] = 128, [PGS_A_BIT_COUNT] = s->wd,
        [PGS_A_NOT_TAG] = 128, [PGS_A_DELAY] = 128, [PGS_A_OVERFLOW] = 128, [PGS_A_SYNC] = 128,
        [PGS_A_CLICK] = 128, [PGS_A_DET] = 128, [PGS_A_OTHER] = 128, [PGS_A_WIN_START] = s->w,
        [PGS_A_WIN_LENGTH] = s->w, [PGS_A_OTHER_OF] = s->d, [PGS_A_BOTH_OF] = s->d, [PGS_A_FIRST_REL] = s->wd,
        [PGS_A_RING_TRIAL] = ring, [PGS_A_RING_PATTERN] = ring,
    };
    int ok = 1;
    for (int i = 0; i < PGS_T2_ARRAYS; i++) {
        s->arr[i] = calloc((size_t) (lengths[i] > 0 ? lengths[i] : 1), sizeof(int64_t));
        ok &= s->arr[i] != NULL;
    }
    s->offsets = calloc((size_t) s->block + 16, sizeof *s->offsets);   /* + 16: the vector pass stores 8 lanes */
    s->info = calloc((size_t) s->block + 16, sizeof *s->info);
    s->pats = calloc((size_t) s->plane_words * 64 + 64, sizeof *s->pats);   /* whole plane words: make_planes reads 64 a word */
    s->first_bin = calloc((size_t) (s->block + 1) * (size_t) s->wd, sizeof *s->first_bin);
    /* each plane has two zero words before it (the vector count_planes reads below word 0) */
    s->plane_words += 2;
    s->planes_mem = calloc((size_t) s->plane_words * (size_t) s->wd + 8, sizeof *s->planes);
    s->planes = s->planes_mem == NULL ? NULL : s->planes_mem + 2;
    s->moved = calloc((size_t) s->plane_words + 1, sizeof *s->moved);
    s->hist = calloc((size_t) s->k + 1, sizeof *s->hist);
    if (s->wd <= 8) {
        s->pat4 = calloc((size_t) 4 << s->wd, sizeof *s->pat4);
        ok &= s->pat4 != NULL;
    }
#ifdef PGS_SPLIT_AVX512_BUILD
    s->h[PGS_H_SIMD] = 1;
#endif
    if (!ok || !s->offsets || !s->info || !s->pats || !s->first_bin || !s->planes || !s->moved || !s->hist) {
        pgs_t2_free(s);
        return NULL;
    }
    return s;
}

void pgs_t2_free(pgs_t2 *s) {
    if (s == NULL) {
        return;
    }
    for (int i = 0; i < PGS_T2_ARRAYS; i++) {
        free(s->arr[i]);
    }
    free(s->offsets);
    free(s->info);
    free(s->pats);
    free(s->first_bin);
    free(s->planes_mem);
    free(s->moved);
    free(s->hist);
    free(s->pat4);
    free(s);
}

int64_t *pgs_t2_header(pgs_t2 *s) { return s->h; }

int64_t *pgs_t2_array(pgs_t2 *s, int32_t which) {
    return which >= 0 && which < PGS_T2_ARRAYS ? s->arr[which] : NULL;
}

static inline int64_t mul_high(int64_t a, int64_t b) {
    return (int64_t) (((__int128) a * b) >> 64);
}

static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int32_t max32(int32_t a, int32_t b) { return a > b ? a : b; }

/* The first-arrival bin of an offset rel in [0, 2^32) from its window start (FastSoftDevice.binOf). */
static inline int32_t bin_of(const pgs_t2 *s, int64_t rel) {
    const int64_t shift = s->h[PGS_H_BIN_SHIFT];
    const int64_t b = shift >= 0 ? (int64_t) ((uint64_t) rel >> shift) : rel / s->h[PGS_H_BIN_DIVISOR];
    return (int32_t) min64(b, s->bins - 1);
}

/*
 * Pass 1 over records [0, n): FastSoftDevice.splitBlock, with two changes that give the same
 * counts: records per top value go to 4 banks (per_top4), and only the clicks that fall in a
 * window are stored (a click in no window changes nothing but OUTSIDE, counted here in bulk);
 * W is a constant where the caller specializes it (1, 2), so the window tests unroll.
 * Returns the records taken.
 */
static inline __attribute__((always_inline)) int64_t split_w(pgs_t2 *s, const uint32_t *restrict rec, int64_t i0,
                                                             int64_t n, int32_t sync_limit, const int32_t W,
                                                             const int V1, const int LIMIT) {
    /* two windows that do not overlap: a stored click keeps its offset from its window's start and
       the window in info bit 4 (gate_clicks then tests no window) */
    const int DISJ = W == 2 && s->disjoint;
    int64_t *restrict per_top = s->per_top4;
    const struct top_entry *restrict tops = s->tops;
    int64_t *restrict offsets = s->offsets;
    int32_t *restrict info = s->info;
    const int64_t *starts = s->arr[PGS_A_WIN_START];
    const int64_t *lengths = s->arr[PGS_A_WIN_LENGTH];
    int64_t st[16], ln[16];
    for (int32_t w = 0; w < W; w++) {
        st[w] = starts[w];
        ln[w] = lengths[w];
    }
    const int64_t sync_delay = s->h[PGS_H_SYNC_DELAY];
    int64_t base = s->h[PGS_H_TIME_BASE];
    int64_t last = s->h[PGS_H_LAST_TIME];
    int64_t sync = s->h[PGS_H_SYNC_TIME];
    int32_t ns = s->blk_syncs;
    int32_t nc = s->blk_clicks;
    int64_t out_of_order = 0;
    int64_t click_out_of_order = 0;
    int64_t other_out_of_order = 0;
    int64_t i = i0;
    for (; i < n; i++) {
        __builtin_prefetch((const char *) (rec + i) + 2048);   /* read once from the mapped file (split_vec says why) */
        const uint32_t r = rec[i];
        const uint32_t top = r >> 25;
        const int64_t timetag = (int64_t) (r & 0x01FFFFFFu);
        const int64_t t = base + timetag;
        per_top[((i & 3) << 7) | top]++;
        const struct top_entry *e = &tops[top];
        const int64_t not_tag_mask = e->not_tag;
        if (__builtin_expect((t | not_tag_mask) < last, 0)) {
            out_of_order++;
            other_out_of_order += e->other;
            click_out_of_order += e->click;
            continue;
        }
        last = (t & ~not_tag_mask) | (last & not_tag_mask);
        /* an overflow: V1 one wrap, V2 timetag periods of 2^25 (0 counts as 1) */
        base += (V1 ? PGS_V1_WRAP : (timetag + (timetag == 0)) << 25) & e->overflow;
        const int64_t sy = e->sync;
        sync += (t + sync_delay - sync) & -sy;
        ns += (int32_t) sy;
        const int64_t off = t + e->delay - sync;
        if (DISJ) {
            const int64_t rel0 = off - st[0];
            const int64_t rel1 = off - st[1];
            const int32_t in1 = (int32_t) ((uint64_t) ((rel1 - ln[1]) & ~rel1) >> 63);
            const int64_t in = ((rel0 - ln[0]) & ~rel0) | ((rel1 - ln[1]) & ~rel1);
            offsets[nc] = in1 ? rel1 : rel0;
            info[nc] = ns << 5 | in1 << 4 | e->det;
            nc += e->click & (int32_t) ((uint64_t) in >> 63);
        } else {
            int64_t in = 0;
            for (int32_t w = 0; w < W; w++) {
                const int64_t rel = off - st[w];
                in |= (rel - ln[w]) & ~rel;
            }
            offsets[nc] = off;
            info[nc] = ns << 5 | e->det;
            nc += e->click & (int32_t) ((uint64_t) in >> 63);
        }
        if (LIMIT && ns == sync_limit) {
            i++;
            break;
        }
    }
    s->h[PGS_H_TIME_BASE] = base;
    s->h[PGS_H_LAST_TIME] = last;
    /* OUTSIDE and OTHER_CHANNEL from the records per top value when the run ends (fold_banks) */
    s->h[PGS_H_SYNC_TIME] = sync;
    s->run_click_out_of_order += click_out_of_order;
    s->run_other_out_of_order += other_out_of_order;
    s->blk_syncs = ns;
    s->blk_clicks = nc;
    s->blk_out_of_order += out_of_order;
    return i;
}

/* split_w specialized: W of 1 or 2 (else any), V1 or V2 records, with or without a sync limit inside the block. */
#define SPLIT_W(V1, LIMIT) \
    switch (s->w) { \
        case 1: return split_w(s, rec, 0, n, sync_limit, 1, V1, LIMIT); \
        case 2: return split_w(s, rec, 0, n, sync_limit, 2, V1, LIMIT); \
        default: return split_w(s, rec, 0, n, sync_limit, s->w, V1, LIMIT); \
    }

#if defined(__AVX512F__) && defined(__AVX512VL__) && defined(__AVX512DQ__)
#define PGS_SPLIT_AVX512 1
#include <immintrin.h>

/* lanes moved up by k (k = 1, 2, 4), the low k lanes from fill's top lanes */
#define UP(x, fill, k) _mm512_alignr_epi64((x), (fill), 8 - (k))

/* prefix_count[m][i]: the set bits of m at or below bit i (the slot of lane i from the syncs' mask) */
static uint8_t prefix_count[256][8];

__attribute__((constructor)) static void make_prefix_count(void) {
    for (int m = 0; m < 256; m++) {
        for (int i = 0; i < 8; i++) {
            prefix_count[m][i] = (uint8_t) __builtin_popcount(m & ((2 << i) - 1));
        }
    }
}

/* the scalar split over 8 records [i, i + 8) (a group the vector path does not take) */
static void split_group_scalar(pgs_t2 *s, const uint32_t *rec, int64_t i, const int V1) {
    switch (s->w) {
        case 1: split_w(s, rec, i, i + 8, 0, 1, V1, 0); break;
        case 2: split_w(s, rec, i, i + 8, 0, 2, V1, 0); break;
        default: split_w(s, rec, i, i + 8, 0, s->w, V1, 0); break;
    }
}

/*
 * Pass 1 with AVX-512 (the library is built with -march=native: on a CPU with AVX-512 F/VL/DQ),
 * 8 records a step, for blocks without a sync limit inside them: the same results as split_w.
 * What was a loop-carried chain per record is a prefix scan over 8 lanes: the time base (sum of
 * the overflows before a record), LAST_TIME (max of the tags so far), the open trial's sync (max
 * of the syncs' effective times so far, which is the latest one as they are in order) and the
 * slot (count of the syncs so far); the clicks in a window are compressed into the block's
 * arrays. A step with a tag out of order, a sync whose time would go back, or a record of a
 * value outside the hot set (sync, detectors, overflow) goes through split_w instead.
 */
static inline __attribute__((always_inline)) int64_t split_vec(pgs_t2 *s, const uint32_t *restrict rec, int64_t n,
                                                               const int V1, const int32_t W, const int32_t NHOT,
                                                               const int SIMPLE) {
#ifndef __AVX512VBMI__
    const int64_t *restrict cls = s->cls;
#endif
    const int32_t nhot = s->nhot;
    const __m512i zero = _mm512_setzero_si512();
    const __m512i low25 = _mm512_set1_epi64(0x01FFFFFF);
    const __m512i sync_delay = _mm512_set1_epi64(s->h[PGS_H_SYNC_DELAY]);
    int same_delay = 1;
    for (int32_t d = 1; d < 8; d++) {
        same_delay &= d >= s->d || s->det_delay[d] == s->det_delay[0];
    }
    const __m512i delays = same_delay ? _mm512_set1_epi64(s->det_delay[0]) : _mm512_loadu_si512(s->det_delay);
    const __m512i wrap = _mm512_set1_epi64(PGS_V1_WRAP);
    const __m512i one = _mm512_set1_epi64(1);
    const __m512i idx7 = _mm512_set1_epi64(7);
    __m512i st[16], ln[16];
    for (int32_t w = 0; w < W; w++) {
        st[w] = _mm512_set1_epi64(s->arr[PGS_A_WIN_START][w]);
        ln[w] = _mm512_set1_epi64(s->arr[PGS_A_WIN_LENGTH][w]);
    }
    int64_t *restrict offsets = s->offsets;
    int32_t *restrict info = s->info;
    int64_t *restrict hot_count = s->hot_count;
    const __m512i sixteen = _mm512_set1_epi64(16);
    const int disjoint = s->disjoint;
#ifdef __AVX512VBMI__
    const __m512i cls_lo = _mm512_loadu_si512(s->cls8);
    const __m512i cls_hi = _mm512_loadu_si512(s->cls8 + 64);
    const __m512i byte0 = _mm512_set1_epi64(0xFF);
#endif
    /* the carried state as broadcast vectors (no store-to-load or reduction on the loop-carried
       path); LAST_TIME as a per-lane max of the tags taken (its max is LAST_TIME: they are in order)
       and prev_v, the value the order test compares lane 0 with */
    __m512i base_v = _mm512_set1_epi64(s->h[PGS_H_TIME_BASE]);
    __m512i last_acc = _mm512_set1_epi64(s->h[PGS_H_LAST_TIME]);
    __m512i prev_v = last_acc;
    __m512i sync_v = _mm512_set1_epi64(s->h[PGS_H_SYNC_TIME]);
    int32_t ns = s->blk_syncs;
    int32_t nc = s->blk_clicks;
    __m512i hot_acc[NHOT], hot_v[NHOT];
    for (int32_t h = 0; h < NHOT; h++) {
        hot_acc[h] = zero;
        hot_v[h] = _mm512_set1_epi64(h < nhot ? s->hot_top[h] : 255);   /* 255: no top value */
    }
    int64_t n_sync = 0, n_ovf = 0, n_click = 0, n_det1 = 0;
    int64_t i = 0;
    while (i + 8 <= n) {
        /* the records are read once from the mapped file and the hardware prefetcher left this loop
           waiting on them (perf: the samples on the first use of the load): ask 2 KiB ahead */
        _mm_prefetch((const char *) (rec + i) + 2048, _MM_HINT_T0);
        const __m512i r = _mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i *) (rec + i)));
        const __m512i top = _mm512_srli_epi64(r, 25);
        const __m512i tt = _mm512_and_si512(r, low25);
#ifdef __AVX512VBMI__
        /* the class byte of each lane's top value: one byte permute over the 128-byte table */
        const __m512i c = _mm512_and_si512(_mm512_permutex2var_epi8(cls_lo, top, cls_hi), byte0);
#else
        const __m512i c = _mm512_i64gather_epi64(top, (const void *) cls, 8);
#endif
        const __mmask8 is_tag = _mm512_test_epi64_mask(c, _mm512_set1_epi64(PGS_C_TAG));
        const __mmask8 is_sync = _mm512_test_epi64_mask(c, _mm512_set1_epi64(PGS_C_SYNC));
        const __mmask8 is_click = _mm512_test_epi64_mask(c, _mm512_set1_epi64(PGS_C_CLICK));
        const __mmask8 is_ovf = _mm512_test_epi64_mask(c, _mm512_set1_epi64(PGS_C_OVERFLOW));
        const __mmask8 hot = _mm512_test_epi64_mask(c, _mm512_set1_epi64(PGS_C_HOT));
        /* time base: the overflows before each record (exclusive prefix sum) */
        /* V2: timetag periods of 2^25, 0 counting as 1 */
        const __m512i ovf = V1 ? _mm512_maskz_mov_epi64(is_ovf, wrap) : _mm512_maskz_slli_epi64(is_ovf, _mm512_max_epu64(tt, one), 25);
        __m512i ps = _mm512_add_epi64(ovf, UP(ovf, zero, 1));
        ps = _mm512_add_epi64(ps, UP(ps, zero, 2));
        ps = _mm512_add_epi64(ps, UP(ps, zero, 4));
        const __m512i t = _mm512_add_epi64(base_v, _mm512_add_epi64(_mm512_sub_epi64(ps, ovf), tt));
        /* order: no tag below the max of the tags before it. In the stream as a sequence of a tag's
           time or, at an overflow, the time base after it, this is that no lane goes below the one
           before: a tag before an overflow is below the base after it (timetags are below one
           period), a tag after it is at or above. So one compare with the lanes moved up by one
           instead of a max scan (a step this refuses that the scan would take goes scalar: same counts) */
        const __m512i val = _mm512_mask_add_epi64(t, is_ovf, base_v, ps);
        const __mmask8 down = _mm512_cmplt_epi64_mask(val, UP(val, prev_v, 1));
        /* the open trial's sync at each lane: the syncs' effective times compressed, then picked by
           the count of syncs at or before the lane (0: the sync carried in) */
        const __m512i e = _mm512_add_epi64(t, sync_delay);
        const __m512i syncs = _mm512_maskz_compress_epi64(is_sync, e);
        const __m512i seen = _mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *) prefix_count[is_sync]));
        const __m512i sy = _mm512_permutex2var_epi64(UP(syncs, sync_v, 1), seen, UP(zero, syncs, 1));
        const __mmask8 back = down | _mm512_mask_cmplt_epi64_mask(is_sync, e, sync_v);
        if (__builtin_expect((back != 0) | (hot != 0xFF), 0)) {
            /* a step the vector path does not take: the scalar split from the same state */
            s->h[PGS_H_TIME_BASE] = _mm_cvtsi128_si64(_mm512_castsi512_si128(base_v));
            s->h[PGS_H_LAST_TIME] = _mm512_reduce_max_epi64(last_acc);
            s->h[PGS_H_SYNC_TIME] = _mm_cvtsi128_si64(_mm512_castsi512_si128(sync_v));
            s->blk_syncs = ns;
            s->blk_clicks = nc;
            split_group_scalar(s, rec, i, V1);
            base_v = _mm512_set1_epi64(s->h[PGS_H_TIME_BASE]);
            last_acc = _mm512_set1_epi64(s->h[PGS_H_LAST_TIME]);
            prev_v = last_acc;
            sync_v = _mm512_set1_epi64(s->h[PGS_H_SYNC_TIME]);
            ns = s->blk_syncs;
            nc = s->blk_clicks;
            i += 8;
            continue;
        }
        /* slot: the syncs so far in the block (inclusive prefix count) */
        const __m512i slot = _mm512_add_epi64(seen, _mm512_set1_epi64(ns));
        /* offset from the slot's sync, the detector's delay applied; in a window? */
#ifdef __AVX512VBMI__
        const __m512i det = _mm512_srli_epi64(c, 5);
#else
        const __m512i det = _mm512_and_si512(_mm512_srli_epi64(c, 8), idx7);
#endif
        /* one delay for every detector (most setups): no permute by detector */
        const __m512i off = _mm512_sub_epi64(_mm512_add_epi64(t, same_delay ? delays : _mm512_permutexvar_epi64(det, delays)), sy);
        __mmask8 in = 0;
        __m512i kept = off;
        __m512i slot_det = _mm512_or_si512(_mm512_slli_epi64(slot, 5), det);
        if (W == 2 && disjoint) {
            /* the offset from the start of the window hit, the window in info bit 4 */
            const __m512i rel0 = _mm512_sub_epi64(off, st[0]);
            const __m512i rel1 = _mm512_sub_epi64(off, st[1]);
            const __mmask8 in1 = _mm512_cmplt_epu64_mask(rel1, ln[1]);
            in = _mm512_cmplt_epu64_mask(rel0, ln[0]) | in1;
            kept = _mm512_mask_mov_epi64(rel0, in1, rel1);
            slot_det = _mm512_mask_or_epi64(slot_det, in1, slot_det, sixteen);
        } else {
            for (int32_t w = 0; w < W; w++) {
                in |= _mm512_cmplt_epu64_mask(_mm512_sub_epi64(off, st[w]), ln[w]);
            }
        }
        const __mmask8 keep = in & is_click;
        _mm512_storeu_si512(offsets + nc, _mm512_maskz_compress_epi64(keep, kept));
        const __m256i inf = _mm512_cvtepi64_epi32(slot_det);
        _mm256_storeu_si256((__m256i *) (info + nc), _mm256_maskz_compress_epi32(keep, inf));
        nc += __builtin_popcount(keep);
        ns += __builtin_popcount(is_sync);
        /* the carried state: lane 7 of the scans, broadcast */
        base_v = _mm512_add_epi64(base_v, _mm512_permutexvar_epi64(idx7, ps));
        last_acc = _mm512_mask_max_epi64(last_acc, is_tag, last_acc, t);
        prev_v = _mm512_permutexvar_epi64(idx7, val);
        sync_v = _mm512_permutexvar_epi64(idx7, sy);
        if (SIMPLE) {
            /* records per top value from the class masks (s->simple_hot: one top value a role) */
            n_sync += __builtin_popcount(is_sync);
            n_ovf += __builtin_popcount(is_ovf);
            n_click += __builtin_popcount(is_click);
            n_det1 += __builtin_popcount(is_click & _mm512_test_epi64_mask(det, one));
        } else {
            /* records per top value of the hot set, per lane in registers */
            for (int32_t h = 0; h < NHOT; h++) {
                hot_acc[h] = _mm512_mask_add_epi64(hot_acc[h], _mm512_cmpeq_epi64_mask(top, hot_v[h]), hot_acc[h], one);
            }
        }
        i += 8;
    }
    if (SIMPLE) {
        const int64_t role_count[4] = {n_sync, n_ovf, n_click - n_det1, n_det1};
        for (int32_t role = 0; role < 4; role++) {
            if (s->role_hot[role] >= 0) {
                hot_count[s->role_hot[role]] += role_count[role];
            }
        }
    } else {
        for (int32_t h = 0; h < NHOT && h < nhot; h++) {
            hot_count[h] += _mm512_reduce_add_epi64(hot_acc[h]);
        }
    }
    s->h[PGS_H_TIME_BASE] = _mm_cvtsi128_si64(_mm512_castsi512_si128(base_v));
    s->h[PGS_H_LAST_TIME] = _mm512_reduce_max_epi64(last_acc);
    s->h[PGS_H_SYNC_TIME] = _mm_cvtsi128_si64(_mm512_castsi512_si128(sync_v));
    s->blk_syncs = ns;
    s->blk_clicks = nc;
    return i;
}

static int64_t split_block_vec(pgs_t2 *s, const uint32_t *rec, int64_t n) {
    const int v1 = s->h[PGS_H_V1] != 0;
    int64_t i;
    if (s->w == 2 && s->simple_hot) {
        i = v1 ? split_vec(s, rec, n, 1, 2, 1, 1) : split_vec(s, rec, n, 0, 2, 1, 1);
    } else if (s->simple_hot) {
        i = v1 ? split_vec(s, rec, n, 1, s->w, 1, 1) : split_vec(s, rec, n, 0, s->w, 1, 1);
    } else if (s->w == 2 && s->nhot <= 4) {
        i = v1 ? split_vec(s, rec, n, 1, 2, 4, 0) : split_vec(s, rec, n, 0, 2, 4, 0);
    } else {
        i = v1 ? split_vec(s, rec, n, 1, s->w, 16, 0) : split_vec(s, rec, n, 0, s->w, 16, 0);
    }
    switch (s->w) {   /* the tail */
        case 1: return v1 ? split_w(s, rec, i, n, 0, 1, 1, 0) : split_w(s, rec, i, n, 0, 1, 0, 0);
        case 2: return v1 ? split_w(s, rec, i, n, 0, 2, 1, 0) : split_w(s, rec, i, n, 0, 2, 0, 0);
        default: return v1 ? split_w(s, rec, i, n, 0, s->w, 1, 0) : split_w(s, rec, i, n, 0, s->w, 0, 0);
    }
}
#endif

static int64_t split_block(pgs_t2 *s, const uint32_t *rec, int64_t n, int32_t sync_limit) {
    s->blk_syncs = 0;
    s->blk_clicks = 0;
    s->blk_out_of_order = 0;
    const int limit = sync_limit <= n;   /* else the block ends before its sync limit: no test per record */
#ifdef PGS_SPLIT_AVX512
    if (s->vector && s->h[PGS_H_SCALAR] == 0) {
        if (!limit) {
            return split_block_vec(s, rec, n);
        }
        /* The frame is due within a block's syncs (every block of the last ~block trials before each
           frame: with the limit tested per record they all ran the scalar pass, ~20 us a frame at
           analyze's cadence, issue 15). The records before the sync_limit-th record of a sync's top
           hold fewer syncs than the limit (an out-of-order sync counts none), so the limit cannot
           end the block in them: the vector pass takes them, the scalar one with the limit the rest
           (from that record, which usually ends the block). */
        int64_t j = 0;
        for (int32_t seen = 0; j < n; j++) {
            seen += s->tops[rec[j] >> 25].sync;
            if (seen == sync_limit) {
                break;
            }
        }
        if (j == n) {
            return split_block_vec(s, rec, n);   /* fewer syncs than the limit in the whole block */
        }
        if (j >= 64) {
            split_block_vec(s, rec, j);
            const int v1 = s->h[PGS_H_V1] != 0;
            switch (s->w) {
                case 1: return v1 ? split_w(s, rec, j, n, sync_limit, 1, 1, 1) : split_w(s, rec, j, n, sync_limit, 1, 0, 1);
                case 2: return v1 ? split_w(s, rec, j, n, sync_limit, 2, 1, 1) : split_w(s, rec, j, n, sync_limit, 2, 0, 1);
                default: return v1 ? split_w(s, rec, j, n, sync_limit, s->w, 1, 1) : split_w(s, rec, j, n, sync_limit, s->w, 0, 1);
            }
        }
    }
#endif
    if (s->h[PGS_H_V1]) {
        if (limit) { SPLIT_W(1, 1) } else { SPLIT_W(1, 0) }
    } else {
        if (limit) { SPLIT_W(0, 1) } else { SPLIT_W(0, 0) }
    }
}

/*
 * Pass 2 where the two windows do not overlap: pass 1 stored each click (all in a window) as its
 * offset from its window's start, the window in info bit 4. SHIFT: a power-of-two bin (a shift),
 * else the multiply. The pattern of the click's slot is kept in a register: the clicks come in
 * slot order and a slot's pattern is 0 before its first click (slot 0: the carried one), so no
 * load waits on the store of the click before (a store-to-load chain through pats when a trial
 * has two clicks); what a click's (detector, window) means comes from one table entry (gtab).
 */
static inline __attribute__((always_inline)) void gate_disjoint(pgs_t2 *s, int32_t clicks, const int SHIFT) {
    const int64_t *restrict offsets = s->offsets;
    const int32_t *restrict info = s->info;
    int32_t *restrict pats = s->pats;
    int32_t *restrict fb = s->first_bin;
    int64_t *restrict c = s->arr[PGS_A_COUNTERS];
    const struct gate_entry *restrict gtab = s->gtab;
    const int64_t shift = s->h[PGS_H_BIN_SHIFT];
    const int64_t magic = s->h[PGS_H_BIN_MAGIC];
    const int64_t last_bin = s->bins - 1;
    const int32_t k = s->k;
    const int32_t wd = s->wd;
    int32_t pj = 0;
    int32_t p = pats[k];
    for (int32_t i = 0; i < clicks; i++) {
        const int32_t ci = info[i];
        const int32_t j = (int32_t) ((uint32_t) ci >> 5);
        const struct gate_entry e = gtab[ci & 31];
        p &= -(int32_t) (j == pj);
        pj = j;
        if (__builtin_expect(((p >> e.bit) & 1) == 0, 1)) {
            /* the first hit of this bit in its trial (most are): its bin, FIRST_ARRIVAL and, when the
               other of detectors 0 and 1 hit this window before, BOTH_ARRIVAL at the later bin. A
               branch: adding 0 to a bin for every repeated hit made store-to-load stalls. */
            const int64_t rel = offsets[i];
            const int64_t q = SHIFT ? (int64_t) ((uint64_t) rel >> shift) : mul_high(rel * 2, magic);
            const int32_t b = (int32_t) min64(q, last_bin);
            c[e.first_base + b]++;
            const int32_t at = j * wd;
            fb[at + e.bit] = b;
            const int32_t both_hit = (p >> e.other_bit) & e.both;
            c[e.both_base + max32(b, fb[at + e.other_bit])] += both_hit;
        }
        p |= 1 << e.bit;
        pats[k + j] = p;
    }
}

/* Pass 2: the clicks [0, clicks) of slots that close in the block (FastSoftDevice.gateClicks). */
static void gate_clicks(pgs_t2 *s, int32_t clicks) {
    const int64_t *restrict offsets = s->offsets;
    const int32_t *restrict info = s->info;
    int32_t *restrict pats = s->pats;
    int32_t *restrict fb = s->first_bin;
    int64_t *restrict c = s->arr[PGS_A_COUNTERS];
    const int64_t *starts = s->arr[PGS_A_WIN_START];
    const int64_t *lengths = s->arr[PGS_A_WIN_LENGTH];
    const int64_t *other_det = s->arr[PGS_A_OTHER_OF];
    const int64_t *both_det = s->arr[PGS_A_BOTH_OF];
    const int64_t shift = s->h[PGS_H_BIN_SHIFT];
    const int64_t magic = s->h[PGS_H_BIN_MAGIC];
    const int64_t last_bin = s->bins - 1;
    const int32_t nb = s->bins;
    const int32_t arrival = s->off_first;
    const int32_t both = s->off_both;
    const int32_t k = s->k;
    const int32_t w0 = s->w;
    const int32_t d0 = s->d;
    const int32_t wd = s->wd;
    int64_t in_window = 0;
    if (s->disjoint) {
        /* two windows that do not overlap: pass 1 stored each click (all in a window) as its offset
           from its window's start, the window in info bit 4 */
        if (shift >= 0) {
            gate_disjoint(s, clicks, 1);
        } else {
            gate_disjoint(s, clicks, 0);
        }
        in_window = clicks;
    } else {
        for (int32_t i = 0; i < clicks; i++) {
            const int32_t ci = info[i];
            const int32_t j = (int32_t) ((uint32_t) ci >> 5);
            const int32_t d = ci & 15;
            const int64_t off = offsets[i];
            int32_t p = pats[k + j];
            const int32_t at = j * wd;
            int32_t hit = 0;
            for (int32_t w = 0, bit = d; w < w0; w++, bit += d0) {
                const int64_t rel = off - starts[w];
                const int32_t in = (int32_t) ((uint64_t) ((rel - lengths[w]) & ~rel) >> 63);
                const int32_t first = in & ~((uint32_t) p >> bit) & 1;
                const int64_t q = shift >= 0 ? (int64_t) ((uint64_t) rel >> shift) : mul_high(rel * 2, magic);
                const int32_t b = (int32_t) min64(q, last_bin) & -first;
                c[arrival + bit * nb + b] += first;
                fb[at + bit] = b | (fb[at + bit] & (first - 1));
                const int32_t other_bit = w * d0 + (int32_t) other_det[d];
                c[both + w * nb + max32(b, fb[at + other_bit])] += first & (int32_t) ((uint32_t) p >> other_bit) & (int32_t) both_det[d];
                p |= in << bit;
                hit |= in;
            }
            pats[k + j] = p;
            in_window += hit;
        }
    }
    c[s->off_in_window] += in_window;
    c[s->off_outside] += clicks - in_window;
}

/*
 * The bit planes of the block's closed patterns: bit `bit` of plane word w of plane `bit` is bit
 * `bit` of pats[64 w + i] for the positions k .. k + ns - 1, zero at the others (count_planes puts
 * the K patterns before the block below k). A transpose after the gate rather than a
 * read-modify-write of a plane word per click (which chained the clicks of 64 slots through one word).
 */
static void make_planes(pgs_t2 *s, int32_t ns) {
    const int32_t k = s->k;
    const int32_t wd = s->wd;
    const int32_t pw = s->plane_words;
    const int32_t words = (k + ns + 63) >> 6;
    int32_t *restrict pats = s->pats;
    uint64_t *restrict planes = s->planes;
    memset(pats, 0, (size_t) k * sizeof *pats);
    memset(pats + k + ns, 0, (size_t) (words * 64 - k - ns) * sizeof *pats);
#if defined(__AVX512F__) && defined(__AVX512BW__)
    for (int32_t w = 0; w < words; w++) {
        const __m512i v0 = _mm512_loadu_si512(pats + 64 * w);
        const __m512i v1 = _mm512_loadu_si512(pats + 64 * w + 16);
        const __m512i v2 = _mm512_loadu_si512(pats + 64 * w + 32);
        const __m512i v3 = _mm512_loadu_si512(pats + 64 * w + 48);
        for (int32_t bit = 0; bit < wd; bit++) {
            const __m512i m = _mm512_set1_epi32(1 << bit);
            const __mmask32 lo = _mm512_kunpackw(_mm512_test_epi32_mask(v1, m), _mm512_test_epi32_mask(v0, m));
            const __mmask32 hi = _mm512_kunpackw(_mm512_test_epi32_mask(v3, m), _mm512_test_epi32_mask(v2, m));
            planes[bit * pw + w] = _cvtmask64_u64(_mm512_kunpackd(hi, lo));
        }
    }
#else
#ifdef __SSE2__
    if (wd <= 8) {
        /* SSE2 (every x86-64): 16 patterns packed to bytes, each bit moved to a byte's top bit and
           gathered by movemask */
        for (int32_t w = 0; w < words; w++) {
            uint64_t acc[8] = {0};
            for (int32_t q = 0; q < 4; q++) {
                const __m128i *src = (const __m128i *) (pats + 64 * w + 16 * q);
                const __m128i lo = _mm_packs_epi32(_mm_loadu_si128(src), _mm_loadu_si128(src + 1));
                const __m128i hi = _mm_packs_epi32(_mm_loadu_si128(src + 2), _mm_loadu_si128(src + 3));
                const __m128i bytes = _mm_packus_epi16(lo, hi);
                for (int32_t bit = 0; bit < wd; bit++) {
                    const uint32_t m = (uint32_t) _mm_movemask_epi8(_mm_sll_epi16(bytes, _mm_cvtsi32_si128(7 - bit)));
                    acc[bit] |= (uint64_t) m << (16 * q);
                }
            }
            for (int32_t bit = 0; bit < wd; bit++) {
                planes[bit * pw + w] = acc[bit];
            }
        }
        return;
    }
#endif
    for (int32_t w = 0; w < words; w++) {
        const int32_t *pw64 = pats + 64 * w;
        uint64_t acc[32] = {0};
        for (int32_t i = 0; i < 64; i++) {
            const uint32_t p = (uint32_t) pw64[i];
            for (int32_t bit = 0; bit < wd; bit++) {
                acc[bit] |= (uint64_t) ((p >> bit) & 1) << i;
            }
        }
        for (int32_t bit = 0; bit < wd; bit++) {
            planes[bit * pw + w] = acc[bit];
        }
    }
#endif
}

/* dst[dn - 1] = the pattern of trial `at` - dn, dn = 1..K, from the ring (FastSoftDevice.recentPatterns). */
static void recent_patterns(pgs_t2 *s, int32_t *dst, int64_t at) {
    memset(dst, 0, (size_t) s->k * sizeof *dst);
    const int64_t *trials = s->arr[PGS_A_RING_TRIAL];
    const int64_t *pats = s->arr[PGS_A_RING_PATTERN];
    const int32_t mask = s->ring_mask;
    int32_t idx = (int32_t) s->h[PGS_H_RING_HEAD];
    const int64_t held = s->h[PGS_H_RING_COUNT];
    for (int64_t i = 0; i < held; i++) {
        idx = (idx - 1) & mask;
        const int64_t dn = at - trials[idx];
        if (dn > s->k) {
            break;
        }
        dst[dn - 1] = (int32_t) pats[idx];
    }
}

#if defined(__AVX512F__) && defined(__AVX512VPOPCNTDQ__)
/*
 * DN_COINC of the block from the bit planes, 8 plane words a step: plane a moved up by dn
 * positions (two loads, two shifts), ANDed with each plane b and counted by vector popcount; one
 * horizontal sum per (dn, a, b). WD: W·D, a constant where the caller specializes it.
 */
static inline __attribute__((always_inline)) void coinc_vec(pgs_t2 *s, int64_t *c, int32_t words, int32_t first_word,
                                                            uint64_t first_mask, const int32_t wd) {
    const int32_t k = s->k;
    const int32_t pw = s->plane_words;
    const uint64_t *planes = s->planes;
    const int32_t late = words - first_word;
    for (int32_t dn = 1; dn <= k; dn++) {
        const __m128i sh = _mm_cvtsi32_si128(dn & 63);
        const __m128i shr = _mm_cvtsi32_si128(64 - (dn & 63));
        const int32_t word_shift = dn >> 6;
        for (int32_t a = 0; a < wd; a++) {
            const uint64_t *pa = planes + a * pw;
            __m512i acc[8];
            for (int32_t b = 0; b < wd; b++) {
                acc[b] = _mm512_setzero_si512();
            }
            for (int32_t x = 0; x < late; x += 8) {
                const __mmask8 m = late - x >= 8 ? 0xFF : (__mmask8) ((1u << (late - x)) - 1);
                const int32_t w = first_word + x;
                /* words at src and src - 1 (zero below word 0: the planes have two zero words before) */
                const __m512i hi = _mm512_maskz_loadu_epi64(m, pa + w - word_shift);
                const __m512i lo = _mm512_maskz_loadu_epi64(m, pa + w - word_shift - 1);
                __m512i mv = _mm512_or_si512(_mm512_sll_epi64(hi, sh), _mm512_srl_epi64(lo, shr));
                if (x == 0) {
                    mv = _mm512_and_si512(mv, _mm512_set_epi64(-1, -1, -1, -1, -1, -1, -1, (int64_t) first_mask));
                }
                for (int32_t b = 0; b < wd; b++) {
                    const __m512i pb = _mm512_maskz_loadu_epi64(m, planes + b * pw + w);
                    acc[b] = _mm512_add_epi64(acc[b], _mm512_popcnt_epi64(_mm512_and_si512(mv, pb)));
                }
            }
            const int32_t row = s->off_coinc + ((dn - 1) * wd + a) * wd;
            for (int32_t b = 0; b < wd; b++) {
                c[row + b] += _mm512_reduce_add_epi64(acc[b]);
            }
        }
    }
}
#endif

/* DN_COINC and the per-bit counts of the block's ns closes from bit planes (FastSoftDevice.countPlanes). */
static void count_planes(pgs_t2 *s, int32_t ns, int64_t n0) {
    const int32_t k = s->k;
    const int32_t wd = s->wd;
    int32_t *hist = s->hist;
    recent_patterns(s, hist, n0);
    const int32_t words = (k + ns + 63) >> 6;
    const int32_t pw = s->plane_words;
    uint64_t *restrict planes = s->planes;
    for (int32_t dn = 1; dn <= k; dn++) {
        const int32_t pos = k - dn;
        for (uint32_t m = (uint32_t) hist[dn - 1]; m != 0; m &= m - 1) {
            planes[__builtin_ctz(m) * pw + (pos >> 6)] |= 1ULL << (pos & 63);
        }
    }
    const int32_t first_word = k >> 6;
    const uint64_t first_mask = ~0ULL << (k & 63);
    int64_t *bc = s->arr[PGS_A_BIT_COUNT];
    for (int32_t bit = 0; bit < wd; bit++) {
        const uint64_t *pb = planes + bit * pw;
        int64_t sum = __builtin_popcountll(pb[first_word] & first_mask);
        for (int32_t w = first_word + 1; w < words; w++) {
            sum += __builtin_popcountll(pb[w]);
        }
        bc[bit] += sum;
    }
    int64_t *c = s->arr[PGS_A_COUNTERS];
#if defined(__AVX512F__) && defined(__AVX512VPOPCNTDQ__)
    if (wd == 4) {   /* W·D = 4 (two windows, two detectors): the accumulators stay in registers */
        coinc_vec(s, c, words, first_word, first_mask, 4);
        return;
    }
    if (wd <= 8) {
        coinc_vec(s, c, words, first_word, first_mask, wd);
        return;
    }
#endif
    uint64_t *restrict moved = s->moved;
    const int32_t late = words - first_word;
    for (int32_t dn = 1; dn <= k; dn++) {
        const int32_t sh = dn & 63;
        const int32_t word_shift = dn >> 6;
        for (int32_t a = 0; a < wd; a++) {
            const uint64_t *pa = planes + a * pw;
            for (int32_t w = first_word; w < words; w++) {
                const int32_t src = w - word_shift;
                const uint64_t hi = src >= 0 ? pa[src] : 0;
                const uint64_t lo = src >= 1 ? pa[src - 1] : 0;
                moved[w - first_word] = sh == 0 ? hi : (hi << sh) | (lo >> (64 - sh));
            }
            moved[0] &= first_mask;
            const int32_t row = s->off_coinc + ((dn - 1) * wd + a) * wd;
            for (int32_t b = 0; b < wd; b++) {
                const uint64_t *pb = planes + b * pw + first_word;
                int64_t sum = 0;
                for (int32_t w = 0; w < late; w++) {
                    sum += __builtin_popcountll(moved[w] & pb[w]);
                }
                c[row + b] += sum;
            }
        }
    }
}

/* Pass 3: closes slots [0, ns), trials n0 .. n0 + ns - 1 (FastSoftDevice.closeSlots; n0 >= K here). */
static void close_slots(pgs_t2 *s, int32_t ns, int64_t n0) {
    int64_t *restrict c = s->arr[PGS_A_COUNTERS];
    const int32_t *restrict pats = s->pats;
    const int32_t k = s->k;
    const int32_t patterns = s->off_patterns;
    int64_t non_zero = 0;
#if defined(__AVX512F__) && defined(__AVX512VPOPCNTDQ__)
    if (s->wd <= 4) {
        /* PATTERNS from the bit planes (before count_planes puts the K patterns before the block
           below position k: the planes hold only positions k .. k + ns - 1 here): the count of a
           nonzero pattern p is the popcount of the AND of plane b or its complement by p's bits;
           pattern 0 takes the rest. No read-modify-write a slot. */
        const int32_t wd = s->wd;
        const int32_t pw = s->plane_words;
        const int32_t words = (k + ns + 63) >> 6;
        const int32_t np = 1 << wd;
        __m512i acc[16];
        for (int32_t q = 1; q < np; q++) {
            acc[q] = _mm512_setzero_si512();
        }
        for (int32_t x = 0; x < words; x += 8) {
            const __mmask8 m = words - x >= 8 ? 0xFF : (__mmask8) ((1u << (words - x)) - 1);
            __m512i pl[4], inv[4];
            for (int32_t b = 0; b < wd; b++) {
                pl[b] = _mm512_maskz_loadu_epi64(m, s->planes + b * pw + x);
                inv[b] = _mm512_xor_si512(pl[b], _mm512_set1_epi64(-1));
            }
            for (int32_t q = 1; q < np; q++) {
                __m512i v = (q & 1) ? pl[0] : inv[0];
                for (int32_t b = 1; b < wd; b++) {
                    v = _mm512_and_si512(v, ((q >> b) & 1) ? pl[b] : inv[b]);
                }
                acc[q] = _mm512_add_epi64(acc[q], _mm512_popcnt_epi64(v));
            }
        }
        for (int32_t q = 1; q < np; q++) {
            const int64_t n = _mm512_reduce_add_epi64(acc[q]);
            c[patterns + q] += n;
            non_zero += n;
        }
        c[patterns] += ns - non_zero;   /* as the other paths (Java sets PATTERNS[0] from trial numbers at the frame close) */
    } else
#endif
    if (s->pat4 != NULL) {
        /* 4 banks: no store-to-load chain when equal patterns follow (most are 0) */
        int64_t *restrict bank = s->pat4;
        const int32_t wd = s->wd;
        for (int32_t j = 0; j < ns; j++) {
            const int32_t p = pats[k + j];
            bank[((j & 3) << wd) | p]++;
            non_zero += p != 0;
        }
    } else {
        for (int32_t j = 0; j < ns; j++) {
            const int32_t p = pats[k + j];
            c[patterns + p]++;
            non_zero += p != 0;
        }
    }
    s->h[PGS_H_NONZERO] += non_zero;
    if (k == 0) {
        return;
    }
    count_planes(s, ns, n0);
    int64_t *trials = s->arr[PGS_A_RING_TRIAL];
    int64_t *ring = s->arr[PGS_A_RING_PATTERN];
    for (int32_t j = ns - k > 0 ? ns - k : 0; j < ns; j++) {
        const int32_t p = pats[k + j];
        if (p != 0) {
            const int64_t head = s->h[PGS_H_RING_HEAD];
            trials[head] = n0 + j;
            ring[head] = p;
            s->h[PGS_H_RING_HEAD] = (head + 1) & s->ring_mask;
            if (s->h[PGS_H_RING_COUNT] <= s->ring_mask) {
                s->h[PGS_H_RING_COUNT]++;
            }
        }
    }
}

/* A click of the open trial (FastSoftDevice.gate with n = 1): its pattern bits and first-arrival offsets. */
static int32_t gate_open(pgs_t2 *s, int64_t off, int32_t role, int32_t pat) {
    const int64_t *starts = s->arr[PGS_A_WIN_START];
    const int64_t *lengths = s->arr[PGS_A_WIN_LENGTH];
    int64_t *first = s->arr[PGS_A_FIRST_REL];
    int32_t p = pat;
    int32_t hit = 0;
    for (int32_t w = 0, bit = role; w < s->w; w++, bit += s->d) {
        const int64_t rel = off - starts[w];
        const int32_t m = (int32_t) ((uint64_t) ((rel - lengths[w]) & ~rel) >> 63) << bit;
        hit |= m;
        const int64_t first_hit = -(int64_t) ((uint32_t) (m & ~p) >> bit);
        first[bit] = (rel & first_hit) | (first[bit] & ~first_hit);
        p |= m;
    }
    s->arr[PGS_A_COUNTERS][hit != 0 ? s->off_in_window : s->off_outside]++;
    return p;
}

/* One block from rec (at most `block` records of n, ending early at the frame-due sync); returns the records taken. */
static int64_t one_block(pgs_t2 *s, const uint32_t *rec, int64_t n) {
    const int64_t n0 = s->h[PGS_H_TRIALS];
    const int64_t due_in = s->h[PGS_H_DUE_AT] - n0;
    const int32_t sync_limit = due_in <= 1 ? 1 : (int32_t) min64(due_in, (int64_t) s->block + 1);
    const int64_t taken = split_block(s, rec, min64(n, s->block), sync_limit);
    s->run_hits += s->blk_clicks;
    s->blk_last_sync = s->h[PGS_H_SYNC_TIME];
    s->h[PGS_H_BLOCKS]++;
    const int32_t ns = s->blk_syncs;
    const int32_t clicks = s->blk_clicks;
    const int32_t *info = s->info;
    int32_t closed_clicks = clicks;
    while (closed_clicks > 0 && (int32_t) ((uint32_t) info[closed_clicks - 1] >> 5) == ns) {
        closed_clicks--;
    }
    int64_t *c = s->arr[PGS_A_COUNTERS];
    c[s->off_syncs] += ns;
    c[s->off_out_of_order] += s->blk_out_of_order;
    const int32_t k = s->k;
    int32_t *pats = s->pats;
    if (ns > 0) {
        const int32_t carried = (int32_t) s->h[PGS_H_PATTERN];
        const int64_t *first_rel = s->arr[PGS_A_FIRST_REL];
        int32_t *fb = s->first_bin;
        pats[k] = carried;
        for (uint32_t m = (uint32_t) carried; m != 0; m &= m - 1) {
            const int32_t bit = __builtin_ctz(m);
            const int32_t bin = bin_of(s, first_rel[bit]);
            fb[bit] = bin;
            c[s->off_first + bit * s->bins + bin]++;
        }
        if (s->d >= 2) {
            for (uint32_t m = (uint32_t) carried & ((uint32_t) carried >> 1) & (uint32_t) s->detector0_mask; m != 0; m &= m - 1) {
                const int32_t bit = __builtin_ctz(m);
                c[s->off_both + (bit / s->d) * s->bins + max32(fb[bit], fb[bit + 1])]++;
            }
        }
        memset(pats + k + 1, 0, (size_t) (ns - 1) * sizeof *pats);
        gate_clicks(s, closed_clicks);
        make_planes(s, ns);
        close_slots(s, ns, n0);
    }
    int32_t pat = ns > 0 ? 0 : (int32_t) s->h[PGS_H_PATTERN];
    const int64_t *offsets = s->offsets;
    for (int32_t i = closed_clicks; i < clicks; i++) {
        /* the offset from the slot's sync again (a disjoint pass 1 kept it from its window's start) */
        const int64_t off = s->disjoint ? offsets[i] + s->arr[PGS_A_WIN_START][(info[i] >> 4) & 1] : offsets[i];
        pat = gate_open(s, off, info[i] & 15, pat);
    }
    s->h[PGS_H_PATTERN] = pat;
    s->h[PGS_H_SYNC_TIME] = s->blk_last_sync;
    if (ns > 0) {
        s->h[PGS_H_TRIALS] = n0 + ns;
    }
    return taken;
}

/* The run's tables from the arrays Java wrote: one entry per top value. */
static void make_tops(pgs_t2 *s) {
    for (int top = 0; top < 128; top++) {
        struct top_entry *e = &s->tops[top];
        e->not_tag = s->arr[PGS_A_NOT_TAG][top];
        e->delay = s->arr[PGS_A_DELAY][top];
        e->overflow = s->arr[PGS_A_OVERFLOW][top];
        e->sync = (int32_t) s->arr[PGS_A_SYNC][top];
        e->click = (int32_t) s->arr[PGS_A_CLICK][top];
        e->det = (int32_t) s->arr[PGS_A_DET][top];
        e->other = (int32_t) s->arr[PGS_A_OTHER][top];
    }
    {
        const int64_t *st = s->arr[PGS_A_WIN_START];
        const int64_t *ln = s->arr[PGS_A_WIN_LENGTH];
        s->disjoint = s->w == 2 && (uint64_t) (st[1] - st[0]) >= (uint64_t) ln[0] && (uint64_t) (st[0] - st[1]) >= (uint64_t) ln[1];
    }
    /* the vector pass's tables: it takes a step only when all 8 records are hot values */
    s->nhot = 0;
    s->vector = 1;
    memset(s->det_delay, 0, sizeof s->det_delay);
    for (int top = 0; top < 128; top++) {
        const struct top_entry *e = &s->tops[top];
        int64_t c = (e->not_tag == 0 ? PGS_C_TAG : 0) | (e->sync ? PGS_C_SYNC : 0) | (e->click ? PGS_C_CLICK : 0)
            | (e->overflow ? PGS_C_OVERFLOW : 0) | ((int64_t) e->det << 8);
        /* hot: a tag that is a sync or a detector's, or an overflow that is no tag (the vector
           pass takes a lane as one or the other) */
        const int tag_kind = e->not_tag == 0 && (e->sync || e->click) && !e->overflow;
        const int ovf_kind = e->not_tag != 0 && e->overflow && !e->sync && !e->click;
        if ((tag_kind || ovf_kind) && s->nhot < 16) {
            c |= PGS_C_HOT;
            s->hot_top[s->nhot++] = top;
        }
        if (e->click && e->det < 8) {
            s->det_delay[e->det] = e->delay;
        }
        if (e->click && e->det >= 8) {
            s->vector = 0;
        }
        s->cls[top] = c;
        s->cls8[top] = (uint8_t) ((c & 31) | ((e->det & 7) << 5));
    }
    for (int32_t x = 0; x < 32; x++) {
        const int32_t d = (x & 15) < s->d ? x & 15 : 0;
        const int32_t w = s->w == 2 ? (x >> 4) & 1 : 0;
        struct gate_entry *g = &s->gtab[x];
        g->bit = w * s->d + d;
        g->other_bit = w * s->d + (int32_t) s->arr[PGS_A_OTHER_OF][d];
        g->both = (int32_t) s->arr[PGS_A_BOTH_OF][d] & 1;
        g->first_base = s->off_first + g->bit * s->bins;
        g->both_base = s->off_both + w * s->bins;
    }
    s->simple_hot = s->d <= 2;
    for (int32_t role = 0; role < 4; role++) {
        s->role_hot[role] = -1;
    }
    for (int32_t h = 0; h < s->nhot; h++) {
        const struct top_entry *e = &s->tops[s->hot_top[h]];
        const int32_t role = e->sync ? 0 : e->overflow ? 1 : e->det == 0 ? 2 : 3;
        if (e->sync + e->click + (e->overflow != 0) != 1 || (e->click && e->det > 1) || s->role_hot[role] >= 0) {
            s->simple_hot = 0;
        } else {
            s->role_hot[role] = h;
        }
    }
    /* a detector whose records have different delays cannot be one lane of the delay table */
    for (int top = 0; top < 128; top++) {
        const struct top_entry *e = &s->tops[top];
        if (e->click && e->det < 8 && s->det_delay[e->det] != e->delay) {
            s->vector = 0;
        }
    }
}

/* The banked counts of a run into the delta arrays Java folds (every count of a run is of one frame). */
static void fold_banks(pgs_t2 *s) {
    int64_t *per_top = s->arr[PGS_A_PER_TOP];
    int64_t clicks = 0;
    int64_t other = 0;
    for (int top = 0; top < 128; top++) {
        const int64_t n = s->per_top4[top] + s->per_top4[128 + top] + s->per_top4[256 + top] + s->per_top4[384 + top];
        per_top[top] += n;
        clicks += n & -(int64_t) s->tops[top].click;
        other += n & -(int64_t) s->tops[top].other;
    }
    memset(s->per_top4, 0, sizeof s->per_top4);
    for (int32_t h = 0; h < s->nhot; h++) {
        const int64_t n = s->hot_count[h];
        per_top[s->hot_top[h]] += n;
        clicks += n & -(int64_t) s->tops[s->hot_top[h]].click;
        other += n & -(int64_t) s->tops[s->hot_top[h]].other;
        s->hot_count[h] = 0;
    }
    /* every click in order that was not stored was in no window; other-channel tags in order */
    int64_t *cc = s->arr[PGS_A_COUNTERS];
    cc[s->off_outside] += clicks - s->run_click_out_of_order - s->run_hits;
    cc[s->off_other] += other - s->run_other_out_of_order;
    s->run_hits = 0;
    s->run_click_out_of_order = 0;
    s->run_other_out_of_order = 0;
    if (s->pat4 != NULL) {
        int64_t *c = s->arr[PGS_A_COUNTERS] + s->off_patterns;
        const int32_t np = 1 << s->wd;
        for (int32_t p = 0; p < np; p++) {
            c[p] += s->pat4[p] + s->pat4[np + p] + s->pat4[2 * np + p] + s->pat4[3 * np + p];
        }
        memset(s->pat4, 0, (size_t) (4 * np) * sizeof *s->pat4);
    }
}

int64_t pgs_t2_run(pgs_t2 *s, const uint32_t *records, int64_t n) {
    make_tops(s);
    int64_t at = 0;
    while (at < n) {
        const int64_t before = s->h[PGS_H_TRIALS];
        at += one_block(s, records + at, n - at);
        if (s->h[PGS_H_TRIALS] != before && s->h[PGS_H_TRIALS] >= s->h[PGS_H_DUE_AT]) {
            break;   /* Java closes the frame (or merges) before the next count */
        }
    }
    fold_banks(s);
    return at;
}
