/*
 * pg_t2_vec.h: the AVX-512 decode step of 8 HydraHarp-family T2 records (issue 15), for the soft
 * kernels' vector first passes: each record's top seven bits (special bit + channel), its timetag
 * and its time (the time base before it plus the timetag), the overflows turned from a
 * loop-carried chain into an exclusive prefix sum over the 8 lanes. Included by pg_correlate.c
 * (pg_soft_t2.c's split_vec computes the same scan inline and could share this one).
 *
 * Only where the compiler targets AVX-512 F (the library is built -march=native on the machine
 * that runs it); PG_T2_VEC is defined then. Header-only (static inline): no symbol, no ABI.
 */
#ifndef PG_T2_VEC_H
#define PG_T2_VEC_H

#if defined(__AVX512F__)
#define PG_T2_VEC 1
#include <immintrin.h>
#include <stdint.h>

/* lanes moved up by k (k = 1, 2, 4), the low k lanes from fill's top lanes */
#define PG_T2_UP(x, fill, k) _mm512_alignr_epi64((x), (fill), 8 - (k))

/* HydraHarp V1's fixed overflow period, ticks */
#define PG_T2_V1_WRAP 33552000LL

/* One decoded group of 8 records. */
typedef struct {
    __m512i top;   /* bits 31..25: 0..63 a regular record (tag on channel top + 1), 64 the sync, 127 an overflow */
    __m512i tt;    /* bits 24..0 */
    __m512i time;  /* base before the record + tt (meaningful for tags) */
    __mmask8 ovf;  /* the overflow records */
} pg_t2_group;

/*
 * Decodes 8 records at rec (32 readable bytes; lanes not in `valid` read as 0 and are never overflows) with the time
 * base *base (broadcast in every lane) before the first; *base moves past the group's overflows
 * (V1: PG_T2_V1_WRAP each; later types: the timetag's count of 2^25-tick periods, 0 meaning 1).
 */
static inline __attribute__((always_inline)) pg_t2_group pg_t2_decode8(const uint32_t *rec, __mmask8 valid,
                                                                        __m512i *base, const int v1) {
    const __m512i zero = _mm512_setzero_si512();
    /* a plain load: a masked one across a page boundary costs a microcode assist */
    const __m512i r = _mm512_maskz_mov_epi64(valid, _mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i *) rec)));
    pg_t2_group g;
    g.top = _mm512_srli_epi64(r, 25);
    g.tt = _mm512_and_si512(r, _mm512_set1_epi64(0x01FFFFFF));
    g.ovf = _mm512_mask_cmpeq_epi64_mask(valid, g.top, _mm512_set1_epi64(127));
    __m512i step = v1 ? _mm512_set1_epi64(PG_T2_V1_WRAP)
                      : _mm512_slli_epi64(_mm512_max_epu64(g.tt, _mm512_set1_epi64(1)), 25);
    step = _mm512_maskz_mov_epi64(g.ovf, step);
    __m512i ps = _mm512_add_epi64(step, PG_T2_UP(step, zero, 1));
    ps = _mm512_add_epi64(ps, PG_T2_UP(ps, zero, 2));
    ps = _mm512_add_epi64(ps, PG_T2_UP(ps, zero, 4));
    g.time = _mm512_add_epi64(*base, _mm512_add_epi64(_mm512_sub_epi64(ps, step), g.tt));
    *base = _mm512_add_epi64(*base, _mm512_permutexvar_epi64(_mm512_set1_epi64(7), ps));
    return g;
}
#endif

#endif
