/*
 * pg_correlate.c: correlate's native kernel (issue 15); the contract is in pg_correlate.h.
 *
 * Design. The records (or tags) go through in blocks of BLOCK:
 *   pass 1  decodes every record by one table load on its top seven bits (special bit + channel:
 *           tag, on A, on B, overflow) with no branch on what it is: the time base, the span, the
 *           per-top counts, and the pair tags' times appended to the A array and the B array
 *           (both written, each index advanced by its bit);
 *   pass 2  counts every pair with at least one tag in the block: each B tag of the block against
 *           the A tags (history + block) in (t_B - R, t_B + R], two monotone pointers; each A tag
 *           of the block against the B history (which precedes it, so t_B <= t_A) from t_A - R on.
 *           A = B: each tag of the block against the tags before it within R, at -d and (d < R)
 *           at +d.
 *   Then only the tags a later tag can pair with stay as the history (A: T - t_A < R, B: T - t_B
 *   <= R, T the last pair time), moved to the front of their array.
 * Every pair with -R <= t_B - t_A < R among the tags seen so far is counted exactly once, whatever
 * the block boundaries (a pair is counted in the block of its later tag in stream order), so the
 * histogram equals the Java Correlator's at every call boundary. Pass 2 has no branch on the tag's
 * side (the two sides are two loops), which in the one-loop Java kernel is a ~50 % mispredicted
 * branch per pair tag.
 *
 * The bin: a shift when W is a power of two; else, when 2R <= 2^32 and W < 2^31, the high half of
 * (2x) * ceil(2^63 / W), exact for x < 2^32 (as Correlator.binMagic); else a division.
 */
#include "pg_correlate.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 4096
#define KIND_TAG 1u
#define KIND_PAIR 2u
#define KIND_B 4u /* side: a tag on B (A != B) */
#define KIND_OVERFLOW 8u
#define V1_WRAP 33552000LL

enum { BIN_SHIFT = 0, BIN_MAGIC = 1, BIN_DIVIDE = 2 };

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
    uint8_t kind[128];
    struct top_entry {
        int64_t check; /* pair tag: -1 (its time is held to the last pair time), else INT64_MIN */
        int64_t tag;   /* tag: -1 (its time joins the span), else 0 */
        int64_t ovf;   /* overflow record: -1, else 0 */
        int32_t pair;  /* 1 for a pair tag */
        int32_t side;  /* 1 for a tag on B (A != B) */
    } table[128];
    /* the block in progress: pair tags in stream order, time and side (0 A, 1 B) */
    int64_t *m;
    uint8_t *side;
    int32_t np;
    /* pair-tag times per side, the history a later tag can pair with, then the block's (A = B: a) */
    int64_t *a;
    int32_t a_n, a_cap;
    int64_t *b;
    int32_t b_n, b_cap;
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
    c->m = malloc(BLOCK * sizeof(int64_t));
    c->side = malloc(BLOCK);
    c->a_cap = c->b_cap = 4 * BLOCK;
    c->a = malloc((size_t)c->a_cap * sizeof(int64_t));
    c->b = malloc((size_t)c->b_cap * sizeof(int64_t));
    if (c->counts == NULL || c->m == NULL || c->side == NULL || c->a == NULL || c->b == NULL) {
        pg_corr_destroy(c);
        return NULL;
    }
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
    for (int top = 0; top < 128; top++) {
        uint8_t k = 0;
        if (top == 127) {
            k = KIND_OVERFLOW;
        } else if (top <= 64) {
            k = KIND_TAG;
            if (top == ta) {
                k |= KIND_PAIR;
            } else if (top == tb) {
                k |= KIND_PAIR | KIND_B;
            }
        }
        c->kind[top] = k;
        c->table[top].check = (k & KIND_PAIR) ? -1 : INT64_MIN;
        c->table[top].tag = (k & KIND_TAG) ? -1 : 0;
        c->table[top].ovf = (k & KIND_OVERFLOW) ? -1 : 0;
        c->table[top].pair = (k & KIND_PAIR) ? 1 : 0;
        c->table[top].side = (k & KIND_B) ? 1 : 0;
    }
    c->first_time = 0;
    c->last_time = INT64_MIN;
    c->last_pair = INT64_MIN;
    c->fail_channel = -1;
    c->ring_capacity = 1024;
    return c;
}

void pg_corr_destroy(pg_corr *c) {
    if (c != NULL) {
        free(c->counts);
        free(c->m);
        free(c->side);
        free(c->a);
        free(c->b);
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

/* Room for a block after the history in both side arrays. */
static int ensure_room(pg_corr *c) {
    if (c->a_n + BLOCK > c->a_cap) {
        int32_t cap = c->a_cap;
        while (c->a_n + BLOCK > cap) {
            cap *= 2;
        }
        int64_t *p = realloc(c->a, (size_t)cap * sizeof(int64_t));
        if (p == NULL) {
            return -1;
        }
        c->a = p;
        c->a_cap = cap;
    }
    if (c->b_n + BLOCK > c->b_cap) {
        int32_t cap = c->b_cap;
        while (c->b_n + BLOCK > cap) {
            cap *= 2;
        }
        int64_t *p = realloc(c->b, (size_t)cap * sizeof(int64_t));
        if (p == NULL) {
            return -1;
        }
        c->b = p;
        c->b_cap = cap;
    }
    return 0;
}

static inline __attribute__((always_inline)) uint64_t bin_of(int mode, int shift, uint64_t magic, uint64_t w, uint64_t x) {
    if (mode == BIN_SHIFT) {
        return x >> shift;
    }
    if (mode == BIN_MAGIC) {
        return (uint64_t)(((unsigned __int128)(x << 1) * magic) >> 64);
    }
    return x / w;
}

/* The ring capacity the Java would have grown to: doubled while the tag `cap` places before the
 * newest one of its side (index n) is still inside the window (d < lim). Rare. */
static __attribute__((noinline)) void grow_capacity(pg_corr *c, const int64_t *own, int32_t n, int64_t t, uint64_t lim) {
    while (n - c->ring_capacity >= 0 && (uint64_t)t - (uint64_t)own[n - c->ring_capacity] < lim) {
        c->ring_capacity <<= 1;
    }
}

/*
 * Pass 2, A != B: the block's pair tags in stream order, each counting its pairs with the earlier
 * tags of the other side (as the Java: the later tag counts the pair). A tag on A pairs with the
 * B tags at t_A - t_B <= R, a tag on B with the A tags at t_B - t_A < R; all earlier, so only the
 * newest ones can: one compare with the other side's newest tag decides, and is almost always
 * "none" at ordinary rates (a well-predicted branch instead of the Java's per-tag branch on the
 * side and its ring loops). The side selects arrays and counters by conditional moves.
 */
static inline __attribute__((always_inline)) void cross_pairs(pg_corr *c, const int mode) {
    const int64_t *restrict m = c->m;
    const uint8_t *restrict sd = c->side;
    int64_t *restrict a = c->a;
    int64_t *restrict b = c->b;
    int64_t *restrict cnt = c->counts;
    const int64_t r = c->range;
    const int shift = c->shift;
    const uint64_t magic = c->magic;
    const uint64_t w = (uint64_t)c->bin;
    const int32_t np = c->np;
    int32_t na = c->a_n, nb = c->b_n;
    const int32_t na0 = na;
    int64_t cap = c->ring_capacity;
    for (int32_t i = 0; i < np; i++) {
        const int64_t t = m[i];
        const int s = sd[i];                   /* 0: A, 1: B */
        /* the side's arrays and counters by masks, not a branch (it would be mispredicted half the time) */
        const uintptr_t sel = -(uintptr_t)s;
        const uintptr_t ab = (uintptr_t)a ^ (uintptr_t)b;
        int64_t *other = (int64_t *)((uintptr_t)b ^ (ab & sel));
        int64_t *own = (int64_t *)((uintptr_t)a ^ (ab & sel));
        const int32_t nsel = -(int32_t)s;
        const int32_t no = nb ^ ((na ^ nb) & nsel);
        const int32_t nown = na ^ ((na ^ nb) & nsel);
        const uint64_t lim = (uint64_t)r + 1 - (uint64_t)s;      /* B: t_B - t_A < R; A: t_A - t_B <= R */
        const uint64_t own_lim = (uint64_t)r + (uint64_t)s;      /* B's ring keeps d <= R, A's d < R */
        own[nown] = t;
        na += s ^ 1;
        nb += s;
        int32_t k = no - 1;
        if (__builtin_expect(k >= 0 && (uint64_t)t - (uint64_t)other[k] < lim, 0)) {
            do {
                const int64_t d = t - other[k];
                const uint64_t x = (uint64_t)(s ? r + d : r - d);
                cnt[bin_of(mode, shift, magic, w, x)]++;
                k--;
            } while (k >= 0 && (uint64_t)t - (uint64_t)other[k] < lim);
        }
        if (__builtin_expect(nown - cap >= 0 && (uint64_t)t - (uint64_t)own[nown - cap] < own_lim, 0)) {
            grow_capacity(c, own, nown, t, own_lim);
            cap = c->ring_capacity;
        }
    }
    c->tags_b += nb - c->b_n;
    c->tags_a += na - na0;
    c->a_n = na;
    c->b_n = nb;
}

/* Pass 2, A = B: each tag against the earlier ones within R (0 <= d = t - t' <= R), at -d (bin
 * (R - d) / W) and, when d < R, at +d: the ordered pairs (i, j), i != j. */
static inline __attribute__((always_inline)) void auto_pairs(pg_corr *c, const int mode) {
    const int64_t *restrict m = c->m;
    int64_t *restrict a = c->a;
    int64_t *restrict cnt = c->counts;
    const int64_t r = c->range;
    const uint64_t lim = (uint64_t)r + 1;
    const int shift = c->shift;
    const uint64_t magic = c->magic;
    const uint64_t w = (uint64_t)c->bin;
    const int32_t np = c->np;
    int32_t n = c->a_n;
    int64_t cap = c->ring_capacity;
    for (int32_t i = 0; i < np; i++) {
        const int64_t t = m[i];
        a[n] = t;
        int32_t k = n - 1;
        if (__builtin_expect(k >= 0 && (uint64_t)t - (uint64_t)a[k] < lim, 0)) {
            do {
                const int64_t d = t - a[k];
                if (d == r) {
                    cnt[0]++; /* d = R: -R only (+R is outside [-R, R)) */
                } else {
                    cnt[bin_of(mode, shift, magic, w, (uint64_t)(r - d))]++;
                    cnt[bin_of(mode, shift, magic, w, (uint64_t)(r + d))]++;
                }
                k--;
            } while (k >= 0 && (uint64_t)t - (uint64_t)a[k] < lim);
        }
        if (__builtin_expect(n - cap >= 0 && (uint64_t)t - (uint64_t)a[n - cap] < lim, 0)) {
            grow_capacity(c, a, n, t, lim);
            cap = c->ring_capacity;
        }
        n++;
    }
    c->tags_a += np;
    c->tags_b += np;
    c->a_n = n;
}

/* Keeps v[first..n) where first is the first tag with last - t < lim (unsigned). */
static int32_t retain(int64_t *v, int32_t n, int64_t last, uint64_t lim) {
    int32_t first = n;
    while (first > 0 && (uint64_t)last - (uint64_t)v[first - 1] < lim) {
        first--;
    }
    if (first > 0 && first < n) {
        memmove(v, v + first, (size_t)(n - first) * sizeof(int64_t));
    }
    return n - first;
}

/* Pass 2 for the block in progress, then the history kept (A: T - t < R, B and A = B: T - t <= R). */
static void close_block(pg_corr *c) {
    if (c->np > 0) {
        if (c->autoc) {
            switch (c->mode) {
            case BIN_SHIFT: auto_pairs(c, BIN_SHIFT); break;
            case BIN_MAGIC: auto_pairs(c, BIN_MAGIC); break;
            default: auto_pairs(c, BIN_DIVIDE); break;
            }
        } else {
            switch (c->mode) {
            case BIN_SHIFT: cross_pairs(c, BIN_SHIFT); break;
            case BIN_MAGIC: cross_pairs(c, BIN_MAGIC); break;
            default: cross_pairs(c, BIN_DIVIDE); break;
            }
        }
        c->np = 0;
    }
    /* the history must also hold the last ring_capacity tags of a side while they are in the window
     * (the capacity check looks back that far); they are, as every tag in the window is kept */
    const uint64_t r = (uint64_t)c->range;
    c->a_n = retain(c->a, c->a_n, c->last_pair, c->autoc ? r + 1 : r);
    c->b_n = retain(c->b, c->b_n, c->last_pair, r + 1);
}

/*
 * Pass 1 over records [i, stop): decode, count per top, the span, the overflows, the block's pair
 * tags; one table row per top and no branch but the (never taken) order error. Returns the index
 * after the last record decoded; *failed set at an out-of-order pair tag (decoded, counted).
 * Record times are >= 0 (a base of overflow periods plus a timetag), which the masks use.
 */
static inline __attribute__((always_inline)) int32_t decode(pg_corr *c, const uint32_t *restrict records, int32_t i,
                                                            int32_t stop, const int v1, int64_t *restrict per_top,
                                                            int64_t *base_io, int64_t *last_io, int64_t *lp_io,
                                                            int *failed) {
    const struct top_entry *restrict tab = c->table;
    int64_t *restrict m = c->m;
    uint8_t *restrict sd = c->side;
    int64_t base = *base_io, last = *last_io, last_pair = *lp_io;
    int32_t np = c->np;
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
        last_pair = e->pair ? t : last_pair;
        const int64_t step = v1 ? V1_WRAP : (timetag + (timetag == 0)) << 25;
        base += step & e->ovf;
        m[np] = t;
        sd[np] = (uint8_t)e->side;
        np += e->pair;
    }
    c->np = np;
    *base_io = base;
    *last_io = last;
    *lp_io = last_pair;
    return i;
}

int32_t pg_corr_t2(pg_corr *c, const uint32_t *records, int32_t n, int32_t v1, int64_t *io) {
    int64_t *restrict per_top = io + PG_CORR_IO_PER_TOP;
    int64_t base = io[PG_CORR_IO_TIME_BASE];
    int32_t i = 0;
    int failed = 0;
    /* the first tag of the stream one record at a time (its time is the span's start) */
    while (c->tags == 0 && i < n) {
        const uint32_t rec = records[i];
        const uint32_t top = rec >> 25;
        if (c->table[top].tag != 0) {
            break;
        }
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
    /* in the loop: times >= 0, so 0 stands for "none yet"; INT64_MIN comes back below */
    int64_t last = c->last_time < 0 ? 0 : c->last_time;
    int64_t last_pair = c->last_pair < 0 ? 0 : c->last_pair;
    while (i < n && !failed) {
        if (ensure_room(c) != 0) {
            return -1;
        }
        const int32_t stop = n - i < BLOCK ? n : i + BLOCK;
        i = v1 ? decode(c, records, i, stop, 1, per_top, &base, &last, &last_pair, &failed)
               : decode(c, records, i, stop, 0, per_top, &base, &last, &last_pair, &failed);
        if (c->np > 0 || c->last_pair != INT64_MIN) {
            c->last_pair = last_pair;
        }
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
    int32_t i = 0;
    if (ensure_room(c) != 0) {
        return -1;
    }
    for (; i < n; i++) {
        const int64_t t = times[i];
        const int32_t ch = channels[i];
        const uint32_t words = counts[i] <= 1 ? 1 : counts[i];
        const int isa = ch == ca, isb = ch == cb;
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
            if (c->np == BLOCK) {
                close_block(c);
                if (ensure_room(c) != 0) {
                    return -1;
                }
            }
            c->m[c->np] = t;
            c->side[c->np] = (uint8_t)(isa ? 0 : 1);
            c->np++;
        }
    }
    close_block(c);
    return i;
}
