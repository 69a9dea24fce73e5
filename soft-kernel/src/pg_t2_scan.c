/*
 * pg_t2_scan.c: the prefix scan of a two-core split (issue 15) in C: what a second core needs to
 * know of the HydraHarp-family T2 records before its start, the records of the sync's kind (the
 * trials they opened) and the overflow periods (the time base). The Java scan
 * (host T2PrefixScan.scanRange) is the spec and the fallback; T2PrefixScanNativeTest holds the
 * two equal on random records of both variants, and the harness (test/pg_t2_scan_harness.c) holds
 * this file's vector and scalar paths equal and times them on a PTU file.
 *
 * Why in C: the Java loop costs 1.7-2.7 ns a record against the count's 3-6, so a second core
 * that scans the first half before counting the second can take at best ~40 % of the file
 * (docs/benchmarks.md "Two cores"). Here a step of 16 records is one 512-bit load, a shift, two
 * compares and two masked adds into 32-bit lanes: the scan runs at the speed the mapped pages
 * come in.
 *
 * The 32-bit lanes: a V2 overflow adds at most 2^25 - 1 periods to a lane, so a lane is widened
 * into 64-bit sums every PGS_SCAN_FLUSH steps (64 x 2^25 < 2^32), well before it could wrap.
 */
#include <stdint.h>

#include "pg_soft.h"

#if defined(__AVX512F__)
#include <immintrin.h>
#define PGS_SCAN_AVX512 1
#endif

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "pg_t2_scan.c reads the little-endian records in place: a big-endian host needs a byte swap here"
#endif

#define PGS_TIMETAG_MASK 0x01FFFFFFu
#define PGS_OVERFLOW_TOP 127u
/* steps of 16 records between two widenings of the 32-bit lane sums (64 x (2^25 - 1) < 2^32) */
#define PGS_SCAN_FLUSH 64
/* bytes ahead the records are prefetched: the hardware prefetcher stops at each 4 KiB page of the map */
#define PGS_SCAN_PREFETCH 4096

/* The plain loop: the spec's, one record at a time (the compiler may vectorize it where it can). */
static void scan_scalar(const uint32_t *rec, int64_t n, uint32_t sync_top, int v1, int64_t *syncs, int64_t *periods) {
    int64_t s = 0;
    int64_t p = 0;
    for (int64_t i = 0; i < n; i++) {
        const uint32_t r = rec[i];
        const uint32_t top = r >> 25;
        const uint32_t tt = r & PGS_TIMETAG_MASK;
        s += top == sync_top;
        const uint32_t count = v1 || tt == 0 ? 1u : tt;   /* V2: 0 means 1 */
        p += top == PGS_OVERFLOW_TOP ? count : 0u;
    }
    *syncs = s;
    *periods = p;
}

#ifdef PGS_SCAN_AVX512
/* Widens the 16 32-bit lanes of v into the 8 64-bit lanes of acc. */
static inline __m512i widen_add(__m512i acc, __m512i v) {
    acc = _mm512_add_epi64(acc, _mm512_cvtepu32_epi64(_mm512_castsi512_si256(v)));
    return _mm512_add_epi64(acc, _mm512_cvtepu32_epi64(_mm512_extracti64x4_epi64(v, 1)));
}

/*
 * 16 records a step, two steps an iteration (two independent sums: the masked adds are a
 * dependency chain each). Syncs counted as a masked add of 1, overflow periods as a masked add
 * of max(timetag, 1), or of 1 for V1. The tail (n mod 32) goes to the scalar loop.
 */
static void scan_avx512(const uint32_t *rec, int64_t n, uint32_t sync_top, int v1, int64_t *syncs, int64_t *periods) {
    const __m512i sync = _mm512_set1_epi32((int) sync_top);
    const __m512i ovf = _mm512_set1_epi32((int) PGS_OVERFLOW_TOP);
    const __m512i mask = _mm512_set1_epi32((int) PGS_TIMETAG_MASK);
    const __m512i one = _mm512_set1_epi32(1);
    __m512i s64 = _mm512_setzero_si512();
    __m512i p64 = _mm512_setzero_si512();
    int64_t i = 0;
    const int64_t whole = n & ~(int64_t) 31;
    while (i < whole) {
        __m512i s0 = _mm512_setzero_si512(), s1 = _mm512_setzero_si512();
        __m512i p0 = _mm512_setzero_si512(), p1 = _mm512_setzero_si512();
        int64_t end = i + 32 * (PGS_SCAN_FLUSH / 2);
        if (end > whole) {
            end = whole;
        }
        for (; i < end; i += 32) {
            _mm_prefetch((const char *) (rec + i) + PGS_SCAN_PREFETCH, _MM_HINT_T0);
            _mm_prefetch((const char *) (rec + i) + PGS_SCAN_PREFETCH + 64, _MM_HINT_T0);
            const __m512i r0 = _mm512_loadu_si512((const void *) (rec + i));
            const __m512i r1 = _mm512_loadu_si512((const void *) (rec + i + 16));
            const __m512i t0 = _mm512_srli_epi32(r0, 25);
            const __m512i t1 = _mm512_srli_epi32(r1, 25);
            s0 = _mm512_mask_add_epi32(s0, _mm512_cmpeq_epi32_mask(t0, sync), s0, one);
            s1 = _mm512_mask_add_epi32(s1, _mm512_cmpeq_epi32_mask(t1, sync), s1, one);
            const __mmask16 o0 = _mm512_cmpeq_epi32_mask(t0, ovf);
            const __mmask16 o1 = _mm512_cmpeq_epi32_mask(t1, ovf);
            if (v1) {
                p0 = _mm512_mask_add_epi32(p0, o0, p0, one);
                p1 = _mm512_mask_add_epi32(p1, o1, p1, one);
            } else {
                p0 = _mm512_mask_add_epi32(p0, o0, p0, _mm512_max_epu32(_mm512_and_si512(r0, mask), one));
                p1 = _mm512_mask_add_epi32(p1, o1, p1, _mm512_max_epu32(_mm512_and_si512(r1, mask), one));
            }
        }
        s64 = widen_add(widen_add(s64, s0), s1);
        p64 = widen_add(widen_add(p64, p0), p1);
    }
    int64_t s = 0;
    int64_t p = 0;
    scan_scalar(rec + whole, n - whole, sync_top, v1, &s, &p);
    *syncs = _mm512_reduce_add_epi64(s64) + s;
    *periods = _mm512_reduce_add_epi64(p64) + p;
}
#endif

int32_t pgs_t2_prefix_scan(const uint32_t *records, int64_t n, int32_t sync_top, int32_t v1, int32_t scalar,
                           int64_t *out) {
    int64_t syncs = 0;
    int64_t periods = 0;
    if (n <= 0) {
        out[0] = 0;
        out[1] = 0;
        return 0;
    }
#ifdef PGS_SCAN_AVX512
    if (!scalar) {
        scan_avx512(records, n, (uint32_t) sync_top, v1 != 0, &syncs, &periods);
        out[0] = syncs;
        out[1] = periods;
        return 1;
    }
#else
    (void) scalar;
#endif
    scan_scalar(records, n, (uint32_t) sync_top, v1 != 0, &syncs, &periods);
    out[0] = syncs;
    out[1] = periods;
    return 0;
}
