/*
 * pg_soft_t2.c: the two-pass kernel of FastSoftDevice (bindings) in C, for raw HydraHarp-family
 * T2 records (issue 15). The Java kernel (FastSoftDevice.block and its passes) is the spec of
 * this file, line for line; FastVersusSoftTest and FusedT2VersusSoftTest hold both to SoftDevice
 * frame for frame with the native kernel on and off.
 *
 * Per block of at most `block` records (its arrays stay in L1/L2):
 *   1. split: decode, classify by the top 7 bits (table loads, no branch on what a record is),
 *      store each detector record as its offset from its slot's sync and (slot, detector);
 *   2. gate: the clicks of the slots that close in the block: pattern bits, first-arrival bins,
 *      FIRST_ARRIVAL, BOTH_ARRIVAL, IN_WINDOW, OUTSIDE;
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

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "pg_soft_t2.c reads the little-endian records in place: a big-endian host needs a byte swap here"
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
    uint64_t *planes;
    uint64_t *moved;
    int32_t *hist;
    int32_t detector0_mask;
    /* pass 1's results */
    int32_t blk_syncs, blk_clicks;
    int64_t blk_out_of_order, blk_other_out_of_order, blk_last_sync;
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
    s->offsets = calloc((size_t) s->block, sizeof *s->offsets);
    s->info = calloc((size_t) s->block, sizeof *s->info);
    s->pats = calloc((size_t) (s->k + s->block + 1), sizeof *s->pats);
    s->first_bin = calloc((size_t) (s->block + 1) * (size_t) s->wd, sizeof *s->first_bin);
    s->planes = calloc((size_t) s->plane_words * (size_t) s->wd + 1, sizeof *s->planes);
    s->moved = calloc((size_t) s->plane_words + 1, sizeof *s->moved);
    s->hist = calloc((size_t) s->k + 1, sizeof *s->hist);
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
    free(s->planes);
    free(s->moved);
    free(s->hist);
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

/* Pass 1 over records [0, n): see FastSoftDevice.splitBlock. Returns the records taken. */
static int64_t split_block(pgs_t2 *s, const uint32_t *rec, int64_t n, int32_t sync_limit) {
    int64_t *restrict per_top = s->arr[PGS_A_PER_TOP];
    const int64_t *restrict not_tag = s->arr[PGS_A_NOT_TAG];
    const int64_t *restrict delays = s->arr[PGS_A_DELAY];
    const int64_t *restrict overflow = s->arr[PGS_A_OVERFLOW];
    const int64_t *restrict is_sync = s->arr[PGS_A_SYNC];
    const int64_t *restrict is_click = s->arr[PGS_A_CLICK];
    const int64_t *restrict det_of = s->arr[PGS_A_DET];
    const int64_t *restrict is_other = s->arr[PGS_A_OTHER];
    int64_t *restrict offsets = s->offsets;
    int32_t *restrict info = s->info;
    const int64_t sync_delay = s->h[PGS_H_SYNC_DELAY];
    const int64_t wrap = s->h[PGS_H_V1] ? PGS_V1_WRAP : 0;
    const int64_t v2 = s->h[PGS_H_V1] ? 0 : -1;
    int64_t base = s->h[PGS_H_TIME_BASE];
    int64_t last = s->h[PGS_H_LAST_TIME];
    int64_t sync = s->h[PGS_H_SYNC_TIME];
    int32_t ns = 0;
    int32_t nc = 0;
    int64_t out_of_order = 0;
    int64_t other_out_of_order = 0;
    int64_t i = 0;
    for (; i < n; i++) {
        const uint32_t r = rec[i];
        const uint32_t top = r >> 25;
        const int64_t timetag = (int64_t) (r & 0x01FFFFFFu);
        const int64_t t = base + timetag;
        per_top[top]++;
        const int64_t not_tag_mask = not_tag[top];
        if (__builtin_expect((t | not_tag_mask) < last, 0)) {
            out_of_order++;
            other_out_of_order += is_other[top];
            continue;
        }
        last = (t & ~not_tag_mask) | (last & not_tag_mask);
        base += (wrap | ((int64_t) ((uint64_t) (timetag + (int64_t) ((uint64_t) (timetag - 1) >> 63)) << 25) & v2)) & overflow[top];
        const int64_t sy = is_sync[top];
        sync += (t + sync_delay - sync) & -sy;
        ns += (int32_t) sy;
        offsets[nc] = t + delays[top] - sync;
        info[nc] = ns << 4 | (int32_t) det_of[top];
        nc += (int32_t) is_click[top];
        if (ns == sync_limit) {
            i++;
            break;
        }
    }
    s->h[PGS_H_TIME_BASE] = base;
    s->h[PGS_H_LAST_TIME] = last;
    s->blk_syncs = ns;
    s->blk_clicks = nc;
    s->blk_out_of_order = out_of_order;
    s->blk_other_out_of_order = other_out_of_order;
    s->blk_last_sync = sync;
    return i;
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
    uint64_t *restrict planes = s->planes;
    const int32_t pw = s->plane_words;
    int64_t in_window = 0;
    if (w0 == 2 && (uint64_t) (starts[1] - starts[0]) >= (uint64_t) lengths[0]
        && (uint64_t) (starts[0] - starts[1]) >= (uint64_t) lengths[1]) {
        /* two windows that do not overlap: a click is in at most one, whose bin alone is taken */
        const int64_t start0 = starts[0], start1 = starts[1], length0 = lengths[0], length1 = lengths[1];
        for (int32_t i = 0; i < clicks; i++) {
            const int32_t ci = info[i];
            const int32_t j = (int32_t) ((uint32_t) ci >> 4);
            const int32_t d = ci & 15;
            const int64_t off = offsets[i];
            const int32_t p = pats[k + j];
            const int64_t rel0 = off - start0;
            const int64_t rel1 = off - start1;
            const int32_t in0 = (int32_t) ((uint64_t) ((rel0 - length0) & ~rel0) >> 63);
            const int32_t in1 = (int32_t) ((uint64_t) ((rel1 - length1) & ~rel1) >> 63);
            const int32_t hit = in0 | in1;
            const int32_t w = in1;
            const int64_t rel = in1 ? rel1 : rel0;
            const int32_t bit = d + (d0 & -w);
            const int32_t first = (hit & ~((uint32_t) p >> bit)) & 1;
            const int64_t q = shift >= 0 ? (int64_t) ((uint64_t) rel >> shift) : mul_high(rel * 2, magic);
            const int32_t b = (int32_t) min64(q, last_bin) & -first;
            c[arrival + bit * nb + b] += first;
            const int32_t at = j * wd;
            fb[at + bit] = b | (fb[at + bit] & (first - 1));
            const int32_t other_bit = (d0 & -w) + (int32_t) other_det[d];
            const int32_t both_hit = first & (int32_t) ((uint32_t) p >> other_bit) & (int32_t) both_det[d];
            const int32_t later = max32(b, fb[at + other_bit]);
            c[both + w * nb + later] += both_hit;
            pats[k + j] = p | (hit << bit);
            const int32_t pos = k + j;
            planes[bit * pw + (pos >> 6)] |= (uint64_t) hit << (pos & 63);
            in_window += hit;
        }
    } else {
        for (int32_t i = 0; i < clicks; i++) {
            const int32_t ci = info[i];
            const int32_t j = (int32_t) ((uint32_t) ci >> 4);
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
                const int32_t pos = k + j;
                planes[bit * pw + (pos >> 6)] |= (uint64_t) in << (pos & 63);
                hit |= in;
            }
            pats[k + j] = p;
            in_window += hit;
        }
    }
    c[s->off_in_window] += in_window;
    c[s->off_outside] += clicks - in_window;
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
    for (int32_t j = 0; j < ns; j++) {
        const int32_t p = pats[k + j];
        c[patterns + p]++;
        non_zero += p != 0;
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
    const int64_t *is_other = s->arr[PGS_A_OTHER];
    int64_t *per_top = s->arr[PGS_A_PER_TOP];
    int64_t other = 0;
    for (int top = 0; top < 128; top++) {
        other -= per_top[top] & -is_other[top];
    }
    const int64_t taken = split_block(s, rec, min64(n, s->block), sync_limit);
    for (int top = 0; top < 128; top++) {
        other += per_top[top] & -is_other[top];
    }
    s->h[PGS_H_BLOCKS]++;
    const int32_t ns = s->blk_syncs;
    const int32_t clicks = s->blk_clicks;
    const int32_t *info = s->info;
    int32_t closed_clicks = clicks;
    while (closed_clicks > 0 && (int32_t) ((uint32_t) info[closed_clicks - 1] >> 4) == ns) {
        closed_clicks--;
    }
    int64_t *c = s->arr[PGS_A_COUNTERS];
    c[s->off_syncs] += ns;
    c[s->off_other] += other - s->blk_other_out_of_order;
    c[s->off_out_of_order] += s->blk_out_of_order;
    const int32_t k = s->k;
    const int32_t wd = s->wd;
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
        const int32_t pw = s->plane_words;
        const int32_t words = (k + ns + 63) >> 6;
        for (int32_t bit = 0; bit < wd; bit++) {
            memset(s->planes + bit * pw, 0, (size_t) words * sizeof *s->planes);
        }
        for (uint32_t m = (uint32_t) carried; m != 0; m &= m - 1) {
            s->planes[__builtin_ctz(m) * pw + (k >> 6)] |= 1ULL << (k & 63);
        }
        gate_clicks(s, closed_clicks);
        close_slots(s, ns, n0);
    }
    int32_t pat = ns > 0 ? 0 : (int32_t) s->h[PGS_H_PATTERN];
    const int64_t *offsets = s->offsets;
    for (int32_t i = closed_clicks; i < clicks; i++) {
        pat = gate_open(s, offsets[i], info[i] & 15, pat);
    }
    s->h[PGS_H_PATTERN] = pat;
    s->h[PGS_H_SYNC_TIME] = s->blk_last_sync;
    if (ns > 0) {
        s->h[PGS_H_TRIALS] = n0 + ns;
    }
    return taken;
}

int64_t pgs_t2_run(pgs_t2 *s, const uint32_t *records, int64_t n) {
    int64_t at = 0;
    while (at < n) {
        const int64_t before = s->h[PGS_H_TRIALS];
        at += one_block(s, records + at, n - at);
        if (s->h[PGS_H_TRIALS] != before && s->h[PGS_H_TRIALS] >= s->h[PGS_H_DUE_AT]) {
            break;   /* Java closes the frame (or merges) before the next count */
        }
    }
    return at;
}
