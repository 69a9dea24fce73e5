/*
 * pg_t2_scan_harness.c: the two-core split's prefix scan (pg_t2_scan.c) alone (issue 15).
 *
 *   make -C soft-kernel harness
 *   soft-kernel/target/pg_t2_scan_harness [FILE.ptu [passes]]
 *
 * Always: random record streams (both variants, every length 0..300 and a few long ones, start
 * offsets not a multiple of the vector, overflow records with timetags 0, 1, random and 2^25 - 1
 * in runs long enough to fill the 32-bit lane sums) through the vector and the scalar path and a
 * reference loop written here, failing (exit 1) unless all three agree. With a file (HydraHarp
 * T2 PTU): times both paths over its records, mapped as Java maps them (no MAP_POPULATE: the
 * first pass takes the page faults, later passes do not), and prints CPU ns a record per pass.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pg_soft.h"
#include "pg_ptu_map.h"

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t next32(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t) (rng >> 16);
}

static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

/* A record: mostly tags on a few channels and syncs, overflow records in runs or alone. */
static uint32_t random_record(int overflow_permille) {
    const uint32_t u = next32() % 1000;
    const uint32_t tt = next32() & 0x01FFFFFFu;
    if (u < (uint32_t) overflow_permille) {
        static const uint32_t edge[] = {0, 1, 0x01FFFFFFu, 2};
        const uint32_t v = next32() % 8;
        return (127u << 25) | (v < 4 ? edge[v] : tt);
    }
    static const uint32_t tops[] = {64, 0, 1, 2, 63, 65, 66, 126};   /* sync, detectors, others, markers */
    return (tops[next32() % 8] << 25) | tt;
}

static void reference(const uint32_t *rec, int64_t n, uint32_t sync_top, int v1, int64_t *out) {
    out[0] = 0;
    out[1] = 0;
    for (int64_t i = 0; i < n; i++) {
        if (rec[i] >> 25 == sync_top) {
            out[0]++;
        }
        if (rec[i] >> 25 == 127) {
            const uint32_t tt = rec[i] & 0x01FFFFFFu;
            out[1] += v1 ? 1 : tt == 0 ? 1 : tt;
        }
    }
}

static int check(const uint32_t *rec, int64_t n, uint32_t sync_top, int v1) {
    int64_t want[2], vec[2], sca[2];
    reference(rec, n, sync_top, v1, want);
    pgs_t2_prefix_scan(rec, n, (int32_t) sync_top, v1, 0, vec);
    pgs_t2_prefix_scan(rec, n, (int32_t) sync_top, v1, 1, sca);
    if (vec[0] != want[0] || vec[1] != want[1] || sca[0] != want[0] || sca[1] != want[1]) {
        fprintf(stderr, "n %lld sync %u v1 %d: want %lld %lld, vector %lld %lld, scalar %lld %lld\n", (long long) n,
                sync_top, v1, (long long) want[0], (long long) want[1], (long long) vec[0], (long long) vec[1],
                (long long) sca[0], (long long) sca[1]);
        return 1;
    }
    return 0;
}

static int random_streams(void) {
    enum { MAX = 1 << 20 };
    uint32_t *buf = malloc(sizeof(uint32_t) * (MAX + 16));
    int bad = 0;
    int checks = 0;
    for (int v1 = 0; v1 <= 1; v1++) {
        for (int64_t n = 0; n <= 300; n++) {
            const int64_t off = next32() % 16;
            for (int64_t i = 0; i < n; i++) {
                buf[off + i] = random_record(100);
            }
            bad |= check(buf + off, n, 64, v1);
            bad |= check(buf + off, n, next32() % 64, v1);
            checks += 2;
        }
        /* long streams: all overflows of the largest count (the lane sums' bound), and mixes */
        const int permille[] = {1000, 500, 30, 0};
        for (int k = 0; k < 4; k++) {
            const int64_t n = MAX - (next32() % 64);
            const int64_t off = next32() % 16;
            for (int64_t i = 0; i < n; i++) {
                buf[off + i] = k == 0 ? (127u << 25) | 0x01FFFFFFu : random_record(permille[k]);
            }
            bad |= check(buf + off, n, 64, v1);
            checks++;
        }
    }
    int64_t probe[2];
    const int vector = pgs_t2_prefix_scan(buf, 32, 64, 0, 0, probe);
    free(buf);
    printf("random streams: %d checks, vector %s, %s\n", checks, vector ? "and scalar" : "(none built): scalar",
           bad ? "FAILED" : "equal");
    return bad;
}

int main(int argc, char **argv) {
    int64_t probe[2];
    const uint32_t one[32] = {0};
    printf("pg_t2_scan: %s, vector path %s\n", pgs_build_info(),
           pgs_t2_prefix_scan(one, 32, 64, 0, 0, probe) ? "AVX-512" : "none (scalar only)");
    if (random_streams()) {
        return 1;
    }
    if (argc < 2) {
        return 0;
    }
    const int passes = argc > 2 ? atoi(argv[2]) : 5;
    int fd;
    int64_t data, n;
    const uint8_t *map = ptu_map_records(argv[1], MAP_SHARED, &fd, &data, &n);
    if (map == NULL) {
        return 2;
    }
    const uint32_t *rec = (const uint32_t *) (map + data);
    int64_t first[2] = {-1, -1};
    for (int p = 0; p < passes; p++) {
        for (int scalar = 0; scalar <= 1; scalar++) {
            int64_t out[2];
            const double t0 = cpu_now();
            pgs_t2_prefix_scan(rec, n, 64, 0, scalar, out);
            const double t = cpu_now() - t0;
            if (first[0] < 0) {
                first[0] = out[0];
                first[1] = out[1];
            } else if (out[0] != first[0] || out[1] != first[1]) {
                fprintf(stderr, "pass %d scalar %d: %lld %lld, not %lld %lld\n", p, scalar, (long long) out[0],
                        (long long) out[1], (long long) first[0], (long long) first[1]);
                return 1;
            }
            printf("pass %d %s: %lld records, %lld syncs, %lld periods, %.3f ns a record (CPU)\n", p,
                   scalar ? "scalar" : "vector", (long long) n, (long long) out[0], (long long) out[1], 1e9 * t / n);
        }
    }
    return 0;
}
