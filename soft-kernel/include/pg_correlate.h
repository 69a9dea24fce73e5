/*
 * pg_correlate.h: the native kernel of pairgate's correlate (issue 15), the exact start-multi-stop
 * histogram of t_B - t_A over all pairs of a tag on channel A and a tag on channel B with
 * -R <= t_B - t_A < R, bin (t_B - t_A + R) / W by integer division, as the Java
 * org.pairgate.host.correlate.Correlator computes it (that class is the fallback and the reference:
 * CorrelatorTest holds the two equal bin for bin). A = B: the ordered pairs (i, j), i != j, both
 * signs, the zero-delay self pair never counted.
 *
 * Two entry points feed one state:
 *   pg_corr_t2    HydraHarp-family 32-bit T2 records straight from a reader's chunk (mmapped or
 *                 read buffer): decode (overflows, channel numbering) and pairs in one call;
 *   pg_corr_tags  a decoded tag batch (times, channels, counts: TagBatch's three arrays).
 * Pair tags (on A or B) must come in non-decreasing time order; the first one that does not stops
 * the call and is reported through pg_corr_read (PG_CORR_FAIL_CHANNEL >= 0), after the tags before
 * it were counted, as the Java raises its IOException.
 *
 * The Java side calls these by JNA direct mapping with every pointer as a Java long (LP64).
 * Not thread-safe: one state per thread.
 */
#ifndef PG_CORRELATE_H
#define PG_CORRELATE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pg_corr pg_corr;

/* Slots of pg_corr_read's output (int64 each). */
enum {
    PG_CORR_TAGS = 0,          /* tags seen on any channel (the span's tags) */
    PG_CORR_FIRST_TIME = 1,    /* time of the first tag (meaningful when TAGS > 0) */
    PG_CORR_LAST_TIME = 2,     /* latest tag time, INT64_MIN before the first */
    PG_CORR_LAST_PAIR = 3,     /* latest pair-tag time, INT64_MIN before the first */
    PG_CORR_TAGS_A = 4,
    PG_CORR_TAGS_B = 5,
    PG_CORR_FAIL_TIME = 6,     /* the out-of-order pair tag's time */
    PG_CORR_FAIL_CHANNEL = 7,  /* its channel, -1 when the last call met none */
    PG_CORR_RING_CAPACITY = 8, /* the Java LongRing capacity the window needed (>= 1024, a power of two) */
    PG_CORR_STATE_LONGS = 9
};

/* Slots of pg_corr_t2's io array (int64 each). */
enum {
    PG_CORR_IO_TIME_BASE = 0,  /* in/out: ticks of all overflows so far */
    PG_CORR_IO_PER_TOP = 1,    /* 128 counters, records per top-7-bit value (added to) */
    PG_CORR_IO_LONGS = 129
};

/* A state for channels a, b (a == b: autocorrelation), R = range > 0 and W = bin > 0 ticks,
 * W dividing 2R and 2R / W <= 2^26 (the Java constructor checks these first). NULL when out of
 * memory or the arguments are invalid. */
pg_corr *pg_corr_create(int32_t channel_a, int32_t channel_b, int64_t range, int64_t bin);

void pg_corr_destroy(pg_corr *c);

/* Counts the pairs of n records at `records` (little-endian HydraHarp V1 when v1 != 0, else V2 /
 * TimeHarp 260 / MultiHarp / generic: overflow timetag = periods of 2^25 ticks, 0 meaning 1).
 * Returns the records consumed (n, or up to and including an out-of-order pair tag), -1 when out
 * of memory. */
int32_t pg_corr_t2(pg_corr *c, const uint32_t *records, int32_t n, int32_t v1, int64_t *io);

/* Counts the pairs of n tags (a count word c > 1: c tags at that time; 0 or 1: one tag). Returns
 * the tags consumed (n, or up to and including an out-of-order pair tag), -1 when out of memory. */
int32_t pg_corr_tags(pg_corr *c, const int64_t *times, const uint8_t *channels, const uint32_t *counts,
                     int32_t n);

/* The state (PG_CORR_STATE_LONGS slots) into out. */
void pg_corr_read(const pg_corr *c, int64_t *out);

/* The bins (2R / W of them) into out. */
void pg_corr_counts(const pg_corr *c, int64_t *out);

/* 2R / W. */
int32_t pg_corr_bins(const pg_corr *c);

/* Tests: on != 0 makes c decode with the scalar loop even where the vector one is built (the two
 * give the same results; CorrelatorTest runs both). */
void pg_corr_scalar(pg_corr *c, int32_t on);

/* 1 when the library was built with the AVX-512 decode of pg_t2_vec.h (the default path then), else 0. */
int32_t pg_corr_vector(void);

#ifdef __cplusplus
}
#endif

#endif
