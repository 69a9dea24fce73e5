/*
 * pg_soft.h: the C ABI of libpairgate_soft.so, the soft engine's native kernels (issue 15).
 *
 * Called from Java through JNA direct mapping (org.pairgate.device.SoftKernel): every argument is
 * a primitive or an address (the mapped file, native memory the Java side allocated); no call
 * copies an array. Each kernel's state layout is documented beside its function.
 */
#ifndef PG_SOFT_H
#define PG_SOFT_H

#include <stdint.h>

/* Version of this ABI; the Java loader refuses a library of another version (a stale build).
 * 1: T2 kernel, correlate; 2: + pg_corr_scalar / pg_corr_vector (correlate decode test hooks);
 * 3: + pgs_t2_prefix_scan (the two-core split's scan). */
#define PG_SOFT_ABI_VERSION 3

int32_t pgs_abi_version(void);

/* The compiler flags the library was built with (for reports: which kernel ran, for which CPU). */
const char *pgs_build_info(void);

/* Sum of the n 32-bit little-endian words at words (a smoke test of the binding: pointers in, a value out). */
int64_t pgs_sum_words(const uint32_t *words, int64_t n);

/*
 * The two-pass T2 kernel (pg_soft_t2.c; Java: FastSoftDevice's native path, NativeT2Kernel).
 *
 * params of pgs_t2_create, int64 each: W, D, K, bins, records per block, ring size (a power of
 * two >= K), frame words, then the frame offsets of SYNCS, OTHER_CHANNEL, OUT_OF_ORDER,
 * IN_WINDOW, OUTSIDE, PATTERNS, FIRST_ARRIVAL, BOTH_ARRIVAL, DN_COINC. NULL when out of memory.
 */
typedef struct pgs_t2 pgs_t2;

#define PGS_T2_HEADER 32
/* header words (int64), read and written by Java between runs */
#define PGS_H_TIME_BASE   0   /* decoder time base (in/out) */
#define PGS_H_LAST_TIME   1   /* LAST_TIME (in/out) */
#define PGS_H_SYNC_TIME   2   /* the open trial's sync (in/out) */
#define PGS_H_PATTERN     3   /* the open trial's pattern (in/out) */
#define PGS_H_TRIALS      4   /* trials closed since the reset (in/out) */
#define PGS_H_DUE_AT      5   /* the trial number at which the frame is due (in) */
#define PGS_H_RING_HEAD   6   /* ring of recent nonzero patterns: next slot (in/out) */
#define PGS_H_RING_COUNT  7   /* entries held (in/out) */
#define PGS_H_NONZERO     8   /* nonzero closes counted (delta: Java adds and zeroes) */
#define PGS_H_BLOCKS      9   /* blocks counted (delta) */
#define PGS_H_SYNC_DELAY 10   /* SYNC_DELAY (<= 0 here) (in) */
#define PGS_H_V1         11   /* 1 for HydraHarp V1 records (in) */
#define PGS_H_BIN_SHIFT  12   /* log2 BIN_TICKS, or -1 (in) */
#define PGS_H_BIN_MAGIC  13   /* ceil(2^63 / BIN_TICKS) when not a power of two (in) */
#define PGS_H_BIN_DIVISOR 14  /* BIN_TICKS (in) */
#define PGS_H_SCALAR     15   /* 1: the scalar pass 1 even where the SIMD one could run (tests) (in) */
#define PGS_H_SIMD       16   /* 1 when the library has the SIMD pass 1 (AVX-512, built with -march=native) (out) */

/* arrays of int64 shared with Java (pgs_t2_array) */
#define PGS_A_COUNTERS     0  /* frame counters, frame layout (delta) */
#define PGS_A_PER_TOP      1  /* records per top-7-bit value (delta) */
#define PGS_A_BIT_COUNT    2  /* closes per pattern bit (delta) */
#define PGS_A_NOT_TAG      3  /* tables by the top 7 bits (in): 0 for a tag, INT64_MAX else */
#define PGS_A_DELAY        4  /*   the detector's delay, else 0 */
#define PGS_A_OVERFLOW     5  /*   -1 for an overflow record, else 0 */
#define PGS_A_SYNC         6  /*   1 for a sync */
#define PGS_A_CLICK        7  /*   1 for a detector record */
#define PGS_A_DET          8  /*   the detector index of a detector record, else 0 */
#define PGS_A_OTHER        9  /*   1 for a tag on another channel */
#define PGS_A_WIN_START   10  /* window starts (in) */
#define PGS_A_WIN_LENGTH  11  /* window lengths, below 2^32 (in) */
#define PGS_A_OTHER_OF    12  /* the other one of detectors 0 and 1 (D >= 2), else d (in) */
#define PGS_A_BOTH_OF     13  /* 1 for detectors 0 and 1 (D >= 2), else 0 (in) */
#define PGS_A_FIRST_REL   14  /* the open trial's first-arrival offsets, per pattern bit (in/out) */
#define PGS_A_RING_TRIAL  15  /* ring: trial numbers (in/out) */
#define PGS_A_RING_PATTERN 16 /* ring: patterns (in/out) */
#define PGS_T2_ARRAYS     17

#define PGS_V1_WRAP 33552000LL

pgs_t2 *pgs_t2_create(const int64_t *params);
void pgs_t2_free(pgs_t2 *s);
int64_t *pgs_t2_header(pgs_t2 *s);
int64_t *pgs_t2_array(pgs_t2 *s, int32_t which);

/*
 * Decodes, gates and counts n records at `records` (the mapped file) in blocks; stops after the
 * block whose closes reach h[PGS_H_DUE_AT] (Java then closes the frame). Returns the records taken.
 * Preconditions (FastSoftDevice.pushHydraHarpT2): SYNC_DELAY <= 0 with no sync pending, a trial
 * open, no trial records, K <= 64, trials closed >= K, non-negative times, exact bins.
 */
int64_t pgs_t2_run(pgs_t2 *s, const uint32_t *records, int64_t n);

/*
 * The prefix scan of a two-core split (pg_t2_scan.c; Java: host T2PrefixScan, which is the spec):
 * of the n little-endian HydraHarp-family T2 records at `records`, out[0] = the records whose
 * top seven bits (special bit and channel) are sync_top, out[1] = the overflow periods (a record
 * with top 127: 1 when v1 != 0, else its timetag, 0 meaning 1). scalar != 0 takes the plain loop
 * even where the AVX-512 one is built (tests). Returns 1 when the AVX-512 loop ran, else 0.
 */
int32_t pgs_t2_prefix_scan(const uint32_t *records, int64_t n, int32_t sync_top, int32_t v1, int32_t scalar,
                           int64_t *out);

#endif
