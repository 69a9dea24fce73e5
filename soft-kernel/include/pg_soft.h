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

/* Version of this ABI; the Java loader refuses a library of another version (a stale build). */
#define PG_SOFT_ABI_VERSION 1

int32_t pgs_abi_version(void);

/* The compiler flags the library was built with (for reports: which kernel ran, for which CPU). */
const char *pgs_build_info(void);

/* Sum of the n 32-bit little-endian words at words (a smoke test of the binding: pointers in, a value out). */
int64_t pgs_sum_words(const uint32_t *words, int64_t n);

#endif
