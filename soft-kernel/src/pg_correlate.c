/*
 * pg_correlate.c: correlate's native kernel (issue 15); the contract is in pg_correlate.h.
 *
 * Design: one pass over the records, each decoded by one row of a 128-entry table on its top seven
 * bits (special bit + channel: tag or not, pair tag on A or on B, overflow), with no branch on what
 * the record is. A pair is counted when its later tag (in stream order) arrives, as the Java does:
 * a tag on A pairs with the earlier B tags at t_A - t_B <= R, a tag on B with the earlier A tags at
 * t_B - t_A < R (A = B: every earlier tag at d = t - t' <= R, at -d and, d < R, at +d). Since the
 * pair tags come in time order, only the newest tags of the other side can pair: one unsigned
 * compare of t with the other side's newest time (kept per side in a small array indexed by the
 * row: in registers, selected by conditional moves, they spilled the loop's pointers and ran 14 %
 * slower; the table gives non-pair records a limit of 0) decides, and at ordinary rates it says
 * "none" for most tags, so the branch into the pair loop is rarely taken. The
 * pair loop walks the merged pair-tag array (time, side) back from the tag. That array holds the
 * block's pair tags after the history (the tags within R of the last pair time, all a later tag
 * can pair with), kept at the end of each block of BLOCK records.
 *
 * Where the library is built with AVX-512 F (-march=native on such a CPU; PG_T2_VEC of
 * pg_t2_vec.h), a block goes through block_vec instead of that loop, with the same results: 8
 * records a step decoded (the time base as a prefix sum over the lanes), the pair tags compressed
 * into the same array, then 8 pair tags a step: the order check and the tags whose newest partner
 * is within R (a running max per side over the lanes; A = B: the tag just before), whose pairs
 * pairs_of counts. A block with a pair tag out of order goes back to the scalar loop, which stops
 * at it. The decode prefetches 4 KB ahead (the hardware prefetchers stop at each page). The scalar
 * loop stays for other CPUs (-march=x86-64-v2 builds) and for the tests (pg_corr_scalar).
 *
 * Every pair with -R <= t_B - t_A < R among the tags seen so far is counted once, so the histogram
 * equals the Java Correlator's (the fallback and the reference) after every call. The ring capacity
 * the Java's growable rings would reach (Correlator.ringCapacity) is followed exactly too: per block,
 * a pair tag with `cap` pair tags before it within R is looked at more closely (rare).
 *
 * The bin: a shift when W is a power of two; else, when 2R <= 2^32 and W < 2^31, the high half of
 * (2x) * ceil(2^63 / W), exact for x < 2^32 (as Correlator.binMagic); else a division. Record
 * times are >= 0 (overflow periods plus a timetag); decoded tags (pg_corr_tags) may be any times
 * above INT64_MIN + 2R.
 */
#include "pg_correlate.h"
#include "pg_t2_vec.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 4096
/* slots before m[0] and side[0] (m[-1] = INT64_MIN: "no pair tag before", read by the vector
 * order check) and after the capacity (a vector's loads and stores past the last pair tag) */
/* records prefetched ahead of the decode */
#define PREFETCH 1024
#define FRONT 8
#define BACK 16
#define V1_WRAP 33552000LL

enum { BIN_SHIFT = 0, BIN_MAGIC = 1, BIN_DIVIDE = 2 };

/* One row per top seven bits of a record. */
struct top_entry {
    int64_t check; /* pair tag: -1 (its time is held to the last pair time), else INT64_MIN */
    int64_t tag;   /* a tag (channel 0..64): -1 (its time joins the span), else 0 */
    int64_t ovf;   /* an overflow record: -1, else 0 */
    uint64_t lim;  /* pair tag: d = t - t_other counts while d < lim (A: R + 1, B: R); else 0 */
    int32_t pair;  /* 1 for a pair tag */
    int32_t side;  /* 1 for a tag on B (A != B) */
    int32_t slot;  /* where its time goes in the newest-per-side slots: 0 A, 1 B, 2 none */
    int32_t other; /* the slot of the side it pairs with: 1 for A (0 when A = B), 0 for B, 3 (never read as a partner: lim 0) */
    int64_t pad[2]; /* to 64 bytes: a row is found by a shift (no alignment asked: calloc's is enough) */
};

struct pg_corr {
    int32_t channel_a;
    int32_t channel_b;
    int32_t autoc;
    int64_t range;
    int64_t bin;
    int32_t bins;
    int32_t shift;
    uint64_t magic;
    int32_t mode;
    int64_t *counts;
    struct top_entry table[128];
    /* pair tags in stream order: [0, hist) the history, [hist, n) the block in progress */
    int64_t *m;
    uint8_t *side;
    int64_t *mbuf;   /* m - FRONT: the allocation */
    uint8_t *sbuf;   /* side - FRONT */
    int32_t *cand;   /* the vector path's block: pair tags that may close a pair (BLOCK + 16) */
    int64_t hot[5];  /* the vector path's tops counted in registers: A, B, overflow and two more */
    int32_t scalar;  /* 1: the scalar decode even where the vector one is built (tests) */
    int32_t hist, n, cap;
    int64_t newest_a, newest_b; /* newest pair-tag time per side (INT64_MIN: none) */
    int64_t tags, first_time, last_time, last_pair, tags_a, tags_b, fail_time;
    int32_t fail_channel;
    int64_t ring_capacity; /* as the Java LongRing's: >= 1024, a power of two, >= the most tags of one side in the window */
};

static int top_of(int32_t channel) {
    if (channel == 0) {
        return 64;
    }
    return channel >= 1 && channel <= 64 ? channel - 1 : -1;
}

pg_corr *pg_corr_create(int32_t channel_a, int32_t channel_b, int64_t range, int64_t bin) {
    if (range <= 0 || bin <= 0 || range > (INT64_MAX >> 2) || (2 * range) % bin != 0 || 2 * range / bin > (1 << 26)) {
        return NULL;
    }
    pg_corr *c = calloc(1, sizeof *c);
    if (c == NULL) {
        return NULL;
    }
    c->channel_a = channel_a;
    c->channel_b = channel_b;
    c->autoc = channel_a == channel_b;
    c->range = range;
    c->bin = bin;
    c->bins = (int32_t)(2 * range / bin);
    c->counts = calloc((size_t)c->bins, sizeof(int64_t));
    c->cap = 4 * BLOCK;
    c->mbuf = malloc((size_t)(c->cap + FRONT + BACK) * sizeof(int64_t));
    c->sbuf = calloc((size_t)(c->cap + FRONT + BACK), 1);
    c->cand = malloc((size_t)(BLOCK + BACK) * sizeof(int32_t));
    if (c->counts == NULL || c->mbuf == NULL || c->sbuf == NULL || c->cand == NULL) {
        pg_corr_destroy(c);
        return NULL;
    }
    c->m = c->mbuf + FRONT;
    c->side = c->sbuf + FRONT;
    c->m[-1] = INT64_MIN;
    if ((bin & (bin - 1)) == 0) {
        c->mode = BIN_SHIFT;
        c->shift = __builtin_ctzll((unsigned long long)bin);
    } else if (2 * range <= (1LL << 32) && bin < (1LL << 31)) {
        c->mode = BIN_MAGIC;
        c->magic = (UINT64_C(1) << 63) / (uint64_t)bin + 1;
    } else {
        c->mode = BIN_DIVIDE;
    }
    const int ta = top_of(channel_a), tb = top_of(channel_b);
    /* the hot set: A, B (255: no top), the overflow, then the first two of the sync and inputs
     * 1..4 that are neither (a record outside the set is counted apart, slower) */
    c->hot[0] = ta < 0 ? 255 : ta;
    c->hot[1] = tb < 0 || c->autoc ? 255 : tb;
    c->hot[2] = 127;
    const int extra[5] = {64, 0, 1, 2, 3};
    for (int k = 0, h = 3; k < 5 && h < 5; k++) {
        if (extra[k] != ta && extra[k] != tb) {
            c->hot[h++] = extra[k];
        }
    }
    for (int top = 0; top < 128; top++) {
        struct top_entry *e = &c->table[top];
        const int tag = top <= 64;
        const int on_a = tag && top == ta;
        const int on_b = tag && top == tb && !c->autoc;
        e->check = on_a || on_b ? -1 : INT64_MIN;
        e->tag = tag ? -1 : 0;
        e->ovf = top == 127 ? -1 : 0;
        e->lim = on_a ? (uint64_t)range + 1 : on_b ? (uint64_t)range : 0;
        e->pair = on_a || on_b;
        e->side = on_b;
        e->slot = on_a ? 0 : on_b ? 1 : 2;
        e->other = on_a ? (c->autoc ? 0 : 1) : on_b ? 0 : 3;
    }
    c->first_time = 0;
    c->last_time = INT64_MIN;
    c->last_pair = INT64_MIN;
    c->newest_a = INT64_MIN;
    c->newest_b = INT64_MIN;
    c->fail_channel = -1;
    c->ring_capacity = 1024;
    return c;
}

void pg_corr_destroy(pg_corr *c) {
    if (c != NULL) {
        free(c->counts);
        free(c->mbuf);
        free(c->sbuf);
        free(c->cand);
        free(c);
    }
}

int32_t pg_corr_bins(const pg_corr *c) {
    return c->bins;
}

void pg_corr_counts(const pg_corr *c, int64_t *out) {
    memcpy(out, c->counts, (size_t)c->bins * sizeof(int64_t));
}

void pg_corr_read(const pg_corr *c, int64_t *out) {
    out[PG_CORR_TAGS] = c->tags;
    out[PG_CORR_FIRST_TIME] = c->first_time;
    out[PG_CORR_LAST_TIME] = c->last_time;
    out[PG_CORR_LAST_PAIR] = c->last_pair;
    out[PG_CORR_TAGS_A] = c->tags_a;
    out[PG_CORR_TAGS_B] = c->tags_b;
    out[PG_CORR_FAIL_TIME] = c->fail_time;
    out[PG_CORR_FAIL_CHANNEL] = c->fail_channel;
    out[PG_CORR_RING_CAPACITY] = c->ring_capacity;
}

/* Room for a block of BLOCK after the history. */
static int ensure_room(pg_corr *c) {
    if (c->n + BLOCK > c->cap) {
        int32_t cap = c->cap;
        while (c->n + BLOCK > cap) {
            cap *= 2;
        }
        int64_t *p = realloc(c->mbuf, (size_t)(cap + FRONT + BACK) * sizeof(int64_t));
        if (p == NULL) {
            return -1;
        }
        c->mbuf = p;
        c->m = p + FRONT;
        uint8_t *q = realloc(c->sbuf, (size_t)(cap + FRONT + BACK));
        if (q == NULL) {
            return -1;
        }
        c->sbuf = q;
        c->side = q + FRONT;
        c->cap = cap;
    }
    return 0;
}

static inline __attribute__((always_inline)) uint64_t bin_of(const pg_corr *c, uint64_t x) {
    if (c->mode == BIN_SHIFT) {
        return x >> c->shift;
    }
    if (c->mode == BIN_MAGIC) {
        return (uint64_t)(((unsigned __int128)(x << 1) * c->magic) >> 64);
    }
    return x / (uint64_t)c->bin;
}

/* The pairs the pair tag at m[p] (time t, side s) closes with the earlier pair tags: the rare path. */
static __attribute__((noinline)) void pairs_of(pg_corr *c, int32_t p, int64_t t, int s) {
    const int64_t *m = c->m;
    const uint8_t *sd = c->side;
    int64_t *cnt = c->counts;
    const uint64_t r = (uint64_t)c->range;
    if (c->autoc) {
        for (int32_t k = p - 1; k >= 0; k--) {
            const uint64_t d = (uint64_t)t - (uint64_t)m[k];
            if (d > r) {
                break;
            }
            if (d == r) {
                cnt[0]++; /* d = R: -R only (+R is outside [-R, R)) */
            } else {
                cnt[bin_of(c, r - d)]++;
                cnt[bin_of(c, r + d)]++;
            }
        }
        return;
    }
    const uint64_t lim = s ? r : r + 1; /* B: t_B - t_A < R; A: t_A - t_B <= R */
    for (int32_t k = p - 1; k >= 0; k--) {
        const uint64_t d = (uint64_t)t - (uint64_t)m[k];
        if (d > r) {
            break;
        }
        if (sd[k] != s && d < lim) {
            cnt[bin_of(c, s ? r + d : r - d)]++;
        }
    }
}

/*
 * The Java rings' capacity over the block's pair tags [from, n): it doubles while a side has more
 * tags in its window than the capacity (A: (t - R, t], B and A = B: [t - R, t], each tag counted
 * with the tags before it). Only a tag with `cap` pair tags before it within R can, which the
 * first loop tests with one compare; that tag's side is then counted exactly.
 */
/* The exact count at pair tag j (one with `cap` pair tags before it within R): the capacity doubled
 * while its side's window holds more tags. */
static __attribute__((noinline)) void grow_for(pg_corr *c, int32_t j) {
    const int64_t *m = c->m;
    const uint8_t *sd = c->side;
    const uint64_t r = (uint64_t)c->range;
    const int s = sd[j];
    const uint64_t lim = c->autoc || s ? r + 1 : r;
    int64_t size = 0;
    for (int32_t k = j; k >= 0 && (uint64_t)m[j] - (uint64_t)m[k] < lim; k--) {
        size += sd[k] == s;
    }
    while (size > c->ring_capacity) {
        c->ring_capacity <<= 1;
    }
}

static void follow_capacity(pg_corr *c, int32_t from) {
    const int64_t *m = c->m;
    const uint64_t r = (uint64_t)c->range;
    int32_t j = from;
#ifdef PG_T2_VEC
    /* 8 tags a step (a tag below index cap cannot qualify); the cap read per step: a lane found
     * with a smaller one is only a superset, which the exact count sorts out */
    const __m512i rv = _mm512_set1_epi64((int64_t)r);
    for (;;) {
        const int64_t cap = c->ring_capacity;
        if (j < cap) {
            j = cap < c->n ? (int32_t)cap : c->n;
        }
        if (j + 8 > c->n) {
            break;
        }
        const __m512i d = _mm512_sub_epi64(_mm512_loadu_si512(m + j), _mm512_loadu_si512(m + j - cap));
        for (unsigned k = _mm512_cmple_epu64_mask(d, rv); k != 0; k &= k - 1) {
            grow_for(c, j + __builtin_ctz(k));
        }
        j += 8;
    }
#endif
    for (; j < c->n; j++) {
        const int64_t cap = c->ring_capacity;
        if (j - cap < 0 || (uint64_t)m[j] - (uint64_t)m[j - cap] > r) {
            continue;
        }
        grow_for(c, j);
    }
}

/* End of a block: the capacity followed, the counts per side, then only the pair tags a later tag
 * can pair with kept (T - t <= R, T the last pair time), moved to the front. */
static void close_block(pg_corr *c) {
    const int32_t from = c->hist;
    if (c->n > from) {
        follow_capacity(c, from);
        int32_t on_b = 0;
        for (int32_t j = from; j < c->n; j++) {
            on_b += c->side[j];
        }
        if (c->autoc) {
            c->tags_a += c->n - from;
            c->tags_b += c->n - from;
        } else {
            c->tags_a += c->n - from - on_b;
            c->tags_b += on_b;
        }
    }
    const uint64_t r = (uint64_t)c->range;
    int32_t first = c->n;
    while (first > 0 && (uint64_t)c->last_pair - (uint64_t)c->m[first - 1] <= r) {
        first--;
    }
    if (first > 0 && first < c->n) {
        memmove(c->m, c->m + first, (size_t)(c->n - first) * sizeof(int64_t));
        memmove(c->side, c->side + first, (size_t)(c->n - first));
    }
    c->n -= first;
    c->hist = c->n;
}

/*
 * Records [i, stop): returns the index after the last one decoded; *failed set at an
 * out-of-order pair tag (decoded and counted per top, then the stop).
 */
static inline __attribute__((always_inline)) int32_t decode(pg_corr *c, const uint32_t *restrict records, int32_t i,
                                                            int32_t stop, const int v1, int64_t *restrict per_top,
                                                            int64_t *base_io, int64_t *last_io, int *failed) {
    const struct top_entry *restrict tab = c->table;
    int64_t *restrict m = c->m;
    uint8_t *restrict sd = c->side;
    int64_t base = *base_io, last = *last_io;
    /* in the loop, times are >= 0: 0 stands for "no pair tag yet" in the order check */
    int64_t last_pair = c->last_pair < 0 ? 0 : c->last_pair;
    /* the newest pair-tag time per side in memory, by slot (a register pair selected per record
     * spilled the loop's state); slot 2 takes the other records' times, slot 3 is never a partner */
    int64_t newest[4] = {c->newest_a, c->newest_b, 0, INT64_MIN};
    int32_t np = c->n;
    for (; i < stop; i++) {
        const uint32_t rec = records[i];
        const uint32_t top = rec >> 25;
        const int64_t timetag = rec & 0x01FFFFFF;
        const struct top_entry *e = &tab[top];
        per_top[top]++;
        const int64_t t = base + timetag;
        if (__builtin_expect(t < (last_pair & e->check), 0)) {
            *failed = 1;
            i++;
            break;
        }
        const int64_t tt = t & e->tag;
        last = tt > last ? tt : last;
        const int64_t step = v1 ? V1_WRAP : (timetag + (timetag == 0)) << 25;
        base += step & e->ovf;
        m[np] = t;
        sd[np] = (uint8_t)e->side;
        if (__builtin_expect((uint64_t)t - (uint64_t)newest[e->other] < e->lim, 0)) {
            pairs_of(c, np, t, e->side);
        }
        np += e->pair;
        newest[e->slot] = t;
        last_pair = e->pair ? t : last_pair;
    }
    if (np > c->n || c->last_pair != INT64_MIN) {
        c->last_pair = last_pair;
    }
    c->n = np;
    c->newest_a = newest[0];
    c->newest_b = c->autoc ? newest[0] : newest[1];
    *base_io = base;
    *last_io = last;
    return i;
}

#ifdef PG_T2_VEC
/* The records of a vector group outside the hot set, counted one by one (markers, other inputs). */
static __attribute__((noinline)) void count_others(int64_t *per_top, __m512i top, unsigned mask) {
    int64_t tops[8];
    _mm512_storeu_si512(tops, top);
    for (; mask != 0; mask &= mask - 1) {
        per_top[tops[__builtin_ctz(mask)]]++;
    }
}

/*
 * The vector path over one block, records [i0, stop), with what decode does, in two passes:
 *   1. 8 records a step (pg_t2_decode8): the times, LAST_TIME as a running max, the pair tags
 *      compressed into m/side after the history, the records per top counted in registers for
 *      the hot set (apart for the rest);
 *   2. over the block's pair tags, 8 a step: the order check (each >= the one before; m[-1] is
 *      INT64_MIN) and the candidates, tags within R of the pair tag before them (any side): only
 *      those can close a pair (the tags are in order), and pairs_of counts them exactly.
 * Returns 1 with the state moved; 0 (the state as before, the hot-set-outside counts taken back)
 * when a pair tag in the block is out of order: the scalar decode then takes the block and stops
 * at that record as the contract says.
 */
static inline __attribute__((always_inline)) int block_vec(pg_corr *c, const uint32_t *restrict rec, const int32_t i0,
                                                           const int32_t stop, const int v1, int64_t *restrict per_top,
                                                           int64_t *base_io, int64_t *last_io) {
    int64_t *restrict m = c->m;
    uint8_t *restrict sd = c->side;
    const int32_t np0 = c->n;
    int32_t np = np0;
    const __m512i zero = _mm512_setzero_si512();
    const __m512i one = _mm512_set1_epi64(1);
    const __m512i last_tag_top = _mm512_set1_epi64(64);
    __m512i base_v = _mm512_set1_epi64(*base_io);
    __m512i last_v = _mm512_set1_epi64(*last_io);
    const __m512i h0 = _mm512_set1_epi64(c->hot[0]), h1 = _mm512_set1_epi64(c->hot[1]),
                  h2 = _mm512_set1_epi64(c->hot[2]), h3 = _mm512_set1_epi64(c->hot[3]),
                  h4 = _mm512_set1_epi64(c->hot[4]);
    __m512i a0 = zero, a1 = zero, a2 = zero, a3 = zero, a4 = zero;
    for (int32_t i = i0; i < stop; i += 8) {
        const int32_t left = stop - i;
        const __mmask8 valid = left >= 8 ? 0xFF : (__mmask8)((1u << left) - 1);
        /* 4 KB ahead: the streaming prefetchers stop at each 4 KB page, and a file read straight
         * from memory (the harness's mmap, a large chunk) otherwise stalls on every load: 276 ->
         * 417 M records/s of CPU time on the 24M file, 1,2 (harness, 2026-12-07 14:38 UTC) */
        __builtin_prefetch(rec + i + PREFETCH);
        uint32_t tail[8] = {0};
        if (left < 8) {
            memcpy(tail, rec + i, (size_t)left * sizeof(uint32_t));   /* the last group: not past the chunk */
        }
        const pg_t2_group g = pg_t2_decode8(left < 8 ? tail : rec + i, valid, &base_v, v1);
        const __mmask8 on_a = _mm512_mask_cmpeq_epi64_mask(valid, g.top, h0);
        const __mmask8 on_b = _mm512_mask_cmpeq_epi64_mask(valid, g.top, h1);
        const __mmask8 k3 = _mm512_mask_cmpeq_epi64_mask(valid, g.top, h3);
        const __mmask8 k4 = _mm512_mask_cmpeq_epi64_mask(valid, g.top, h4);
        a0 = _mm512_mask_add_epi64(a0, on_a, a0, one);
        a1 = _mm512_mask_add_epi64(a1, on_b, a1, one);
        a2 = _mm512_mask_add_epi64(a2, g.ovf, a2, one);
        a3 = _mm512_mask_add_epi64(a3, k3, a3, one);
        a4 = _mm512_mask_add_epi64(a4, k4, a4, one);
        const unsigned other = valid & (unsigned)~(on_a | on_b | g.ovf | k3 | k4);
        if (__builtin_expect(other != 0, 0)) {
            count_others(per_top, g.top, other);
        }
        const __mmask8 tag = _mm512_mask_cmple_epu64_mask(valid, g.top, last_tag_top);
        last_v = _mm512_mask_max_epi64(last_v, tag, last_v, g.time);
        const __mmask8 pair = on_a | on_b;
        _mm512_storeu_si512(m + np, _mm512_maskz_compress_epi64(pair, g.time));
        const __m512i side = _mm512_maskz_compress_epi64(pair, _mm512_maskz_mov_epi64(on_b, one));
        _mm_storel_epi64((__m128i *)(sd + np), _mm512_cvtepi64_epi8(side));
        np += __builtin_popcount(pair);
    }
    (void)h2;
    /* the 8 slots past the block's pair tags (the most pass 2 reads there) set to a time later than
     * any, on B: a lane past np that leaked into a result would change it in every test, rather
     * than by what the heap held there (it once did: the running max of B) */
    _mm512_storeu_si512(m + np, _mm512_set1_epi64(INT64_MAX));
    _mm_storel_epi64((__m128i *)(sd + np), _mm_set1_epi8(1));
    const __m512i rv = _mm512_set1_epi64(c->range);
    const __m512i rv1 = _mm512_set1_epi64(c->range + 1);
    const __m512i lanes = _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0);
    const __m512i lowest = _mm512_set1_epi64(INT64_MIN);
    const __m512i idx7 = _mm512_set1_epi64(7);
    /* A != B: the newest tag of each side before each tag (a running max: they are in order) */
    __m512i newest_a = _mm512_set1_epi64(c->newest_a), newest_b = _mm512_set1_epi64(c->newest_b);
    const int autoc = c->autoc;
    int32_t *restrict cand = c->cand;
    int32_t nc = 0;
    for (int32_t j = np0; j < np; j += 8) {
        const int32_t left = np - j;
        const __mmask8 valid = left >= 8 ? 0xFF : (__mmask8)((1u << left) - 1);
        /* plain loads (within the BACK slots past the capacity); the lanes past np masked below */
        const __m512i cur = _mm512_loadu_si512(m + j);
        const __m512i prev = _mm512_loadu_si512(m + j - 1);
        if (__builtin_expect(_mm512_mask_cmplt_epi64_mask(valid, cur, prev) != 0, 0)) {
            /* out of order: take back the counts made apart, leave the block to the scalar decode */
            for (int32_t i = i0; i < stop; i++) {
                const int64_t top = rec[i] >> 25;
                if (top != c->hot[0] && top != c->hot[1] && top != 127 && top != c->hot[3] && top != c->hot[4]) {
                    per_top[top]--;
                }
            }
            return 0;
        }
        __mmask8 near;
        if (autoc) {
            /* every earlier tag within R pairs: the one just before decides */
            near = _mm512_mask_cmple_epu64_mask(valid, _mm512_sub_epi64(cur, prev), rv);
        } else {
            /* a tag on A pairs when the newest B before it is at t_A - t_B <= R, one on B when the
             * newest A is at t_B - t_A < R */
            /* lanes past np (stale or never written memory) take part in nothing, the carry included */
            const __mmask8 b = valid & _mm512_test_epi64_mask(_mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *)(sd + j))), one);
            __m512i pa = _mm512_mask_mov_epi64(lowest, valid & (__mmask8)~b, cur);
            __m512i pb = _mm512_mask_mov_epi64(lowest, b, cur);
            pa = _mm512_max_epi64(pa, PG_T2_UP(pa, lowest, 1));
            pb = _mm512_max_epi64(pb, PG_T2_UP(pb, lowest, 1));
            pa = _mm512_max_epi64(pa, PG_T2_UP(pa, lowest, 2));
            pb = _mm512_max_epi64(pb, PG_T2_UP(pb, lowest, 2));
            pa = _mm512_max_epi64(pa, PG_T2_UP(pa, lowest, 4));
            pb = _mm512_max_epi64(pb, PG_T2_UP(pb, lowest, 4));
            const __m512i before_a = _mm512_max_epi64(PG_T2_UP(pa, lowest, 1), newest_a);
            const __m512i before_b = _mm512_max_epi64(PG_T2_UP(pb, lowest, 1), newest_b);
            const __m512i other = _mm512_mask_mov_epi64(before_b, b, before_a);
            const __m512i lim = _mm512_mask_mov_epi64(rv1, b, rv);
            near = _mm512_mask_cmplt_epu64_mask(valid, _mm512_sub_epi64(cur, other), lim);
            newest_a = _mm512_max_epi64(newest_a, _mm512_permutexvar_epi64(idx7, pa));
            newest_b = _mm512_max_epi64(newest_b, _mm512_permutexvar_epi64(idx7, pb));
        }
        const __m512i idx = _mm512_add_epi64(_mm512_set1_epi64(j), lanes);
        _mm256_storeu_si256((__m256i *)(cand + nc), _mm512_cvtepi64_epi32(_mm512_maskz_compress_epi64(near, idx)));
        nc += __builtin_popcount(near);
    }
    for (int32_t q = 0; q < nc; q++) {
        const int32_t j = cand[q];
        pairs_of(c, j, m[j], sd[j]);
    }
    /* commit */
    c->n = np;
    if (np > np0) {
        c->last_pair = m[np - 1];
        if (autoc) {
            c->newest_a = c->newest_b = m[np - 1];
        } else {
            c->newest_a = _mm_cvtsi128_si64(_mm512_castsi512_si128(newest_a));
            c->newest_b = _mm_cvtsi128_si64(_mm512_castsi512_si128(newest_b));
        }
    }
    *base_io = _mm_cvtsi128_si64(_mm512_castsi512_si128(base_v));
    *last_io = _mm512_reduce_max_epi64(last_v);
    const __m512i acc[5] = {a0, a1, a2, a3, a4};
    for (int h = 0; h < 5; h++) {
        if (c->hot[h] != 255) {
            per_top[c->hot[h]] += _mm512_reduce_add_epi64(acc[h]);
        }
    }
    return 1;
}
#endif

int32_t pg_corr_t2(pg_corr *c, const uint32_t *records, int32_t n, int32_t v1, int64_t *io) {
    int64_t *restrict per_top = io + PG_CORR_IO_PER_TOP;
    int64_t base = io[PG_CORR_IO_TIME_BASE];
    int32_t i = 0;
    int failed = 0;
    c->fail_channel = -1;
    /* the first tag of the stream, one record at a time (its time is the span's start) */
    while (c->tags == 0 && i < n && c->table[records[i] >> 25].tag == 0) {
        const uint32_t rec = records[i];
        const uint32_t top = rec >> 25;
        per_top[top]++;
        const int64_t timetag = rec & 0x01FFFFFF;
        base += (v1 ? V1_WRAP : (timetag + (timetag == 0)) << 25) & c->table[top].ovf;
        i++;
    }
    if (c->tags == 0 && i < n) {
        c->first_time = base + (records[i] & 0x01FFFFFF);
    }
    /* tags: from the per-top counts (records on tops 0..64), before and after */
    int64_t before = 0;
    for (int top = 0; top <= 64; top++) {
        before += per_top[top];
    }
    int64_t last = c->last_time < 0 ? 0 : c->last_time;
    while (i < n && !failed) {
        if (ensure_room(c) != 0) {
            return -1;
        }
        const int32_t stop = n - i < BLOCK ? n : i + BLOCK;
#ifdef PG_T2_VEC
        if (!c->scalar && (v1 ? block_vec(c, records, i, stop, 1, per_top, &base, &last)
                              : block_vec(c, records, i, stop, 0, per_top, &base, &last))) {
            i = stop;
            close_block(c);
            continue;
        }
#endif
        i = v1 ? decode(c, records, i, stop, 1, per_top, &base, &last, &failed)
               : decode(c, records, i, stop, 0, per_top, &base, &last, &failed);
        close_block(c);
    }
    int64_t after = 0;
    for (int top = 0; top <= 64; top++) {
        after += per_top[top];
    }
    c->tags += after - before;
    if (c->tags > 0) {
        c->last_time = last;
    }
    if (failed) {
        const uint32_t rec = records[i - 1];
        const uint32_t top = rec >> 25;
        c->fail_time = base + (rec & 0x01FFFFFF);
        c->fail_channel = top == 64 ? 0 : (int32_t)top + 1;
    }
    io[PG_CORR_IO_TIME_BASE] = base;
    return i;
}

int32_t pg_corr_tags(pg_corr *c, const int64_t *times, const uint8_t *channels, const uint32_t *counts,
                     int32_t n) {
    const int32_t ca = c->channel_a, cb = c->channel_b;
    const uint64_t r = (uint64_t)c->range;
    int32_t i = 0;
    c->fail_channel = -1;
    if (ensure_room(c) != 0) {
        return -1;
    }
    for (; i < n; i++) {
        const int64_t t = times[i];
        const int32_t ch = channels[i];
        const uint32_t words = counts[i] <= 1 ? 1 : counts[i];
        const int isa = ch == ca, isb = ch == cb && !c->autoc;
        for (uint32_t w = 0; w < words; w++) {
            if (c->tags++ == 0) {
                c->first_time = t;
            }
            c->last_time = t > c->last_time ? t : c->last_time;
            if (!isa && !isb) {
                continue;
            }
            if (t < c->last_pair) {
                c->fail_time = t;
                c->fail_channel = ch;
                close_block(c);
                return i + 1;
            }
            c->last_pair = t;
            if (c->n - c->hist == BLOCK) {
                close_block(c);
                if (ensure_room(c) != 0) {
                    return -1;
                }
            }
            const int s = isb;
            const int64_t other = s ? c->newest_a : c->newest_b;
            c->m[c->n] = t;
            c->side[c->n] = (uint8_t)s;
            if (other != INT64_MIN && (uint64_t)t - (uint64_t)other < (s ? r : r + 1)) {
                pairs_of(c, c->n, t, s);
            }
            c->n++;
            if (s) {
                c->newest_b = t;
            } else {
                c->newest_a = t;
                if (c->autoc) {
                    c->newest_b = t;
                }
            }
        }
    }
    close_block(c);
    return i;
}

void pg_corr_scalar(pg_corr *c, int32_t on) {
    c->scalar = on != 0;
}

int32_t pg_corr_vector(void) {
#ifdef PG_T2_VEC
    return 1;
#else
    return 0;
#endif
}
