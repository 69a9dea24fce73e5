/*
 * pg_soft.c: the library's version and build information, and a smoke-test function for the
 * binding (SoftKernelTest). The kernels live in their own files (pg_soft_t2.c, ...).
 */
#include "pg_soft.h"

#ifndef PGS_MARCH
#define PGS_MARCH ""
#endif
#define PGS_BUILD_FLAGS "gcc " __VERSION__ " -O3 " PGS_MARCH

int32_t pgs_abi_version(void) { return PG_SOFT_ABI_VERSION; }

const char *pgs_build_info(void) {
#if defined(__AVX512F__) && defined(__AVX512VL__) && defined(__AVX512DQ__) && defined(__AVX512VBMI__)
    return PGS_BUILD_FLAGS ", AVX-512 pass 1 (VBMI class table)";
#elif defined(__AVX512F__) && defined(__AVX512VL__) && defined(__AVX512DQ__)
    return PGS_BUILD_FLAGS ", AVX-512 pass 1";
#elif defined(__AVX2__)
    return PGS_BUILD_FLAGS ", AVX2 (scalar pass 1)";
#elif defined(__SSE4_2__)
    return PGS_BUILD_FLAGS ", SSE4.2";
#else
    return PGS_BUILD_FLAGS;
#endif
}

int64_t pgs_sum_words(const uint32_t *words, int64_t n) {
    int64_t s = 0;
    for (int64_t i = 0; i < n; i++) {
        s += words[i];
    }
    return s;
}
