/*
 * pg_soft_t2_harness.c: the T2 kernel (pg_soft_t2.c) alone on a HydraHarp V2 T2 PTU file, for
 * profiling (perf record) and timing without the JVM (issue 15).
 *
 *   make -C soft-kernel harness
 *   soft-kernel/target/pg_soft_t2_harness FILE.ptu [passes [profile]]
 *
 * The analysis is the bench's (bench/BenchData.t2Config): sync on channel 0 (top 0x40), detectors
 * on channels 1 and 2 (tops 0 and 1), windows pre=100ns:100ns and meas=280ns:120ns, 1 ns bins of
 * 1 ps ticks (BIN_TICKS 1000: the multiply path), K = 8, blocks of 2048 records, the file fed in
 * chunks of 2^18 records as the reader does, one frame for the whole file. Each pass runs the
 * kernel twice over the file, once with the SIMD pass 1 (where built) and once with the scalar one,
 * and fails (exit 1) unless every count is equal; it prints records/s and CPU ns per record of
 * the default pass 1, and a checksum of the counts (equal across builds and kernel changes that
 * keep the counts: the Java tests, FusedT2VersusSoftTest, hold them to SoftDevice).
 *
 * How the records reach the kernel (environment PGS_HARNESS_READ; the timed passes include it):
 *   map     (default) one map of the whole file, populated once and read again by every pass:
 *           no copy and no page-table work in a pass: the kernel's own cost
 *   pread   each chunk pread() into one 256 KiB buffer (65536 records), as the Java reader's
 *           ChunkedFile: what one pass over a file costs with its read
 *   window  8 MiB read-only windows mapped and unmapped per pass, as MappedChunks (-Dpairgate.io.map);
 *           PGS_HARNESS_POPULATE=1 maps them with MAP_POPULATE
 * On this project's VM (2026-12-07, load ~6): map 2.7-2.9 ns a record, pread 3.1-3.3, window 4.9-5.8
 * (4.6-5.8 populated): page-table setup costs more than the copy, so the Java reader copies.
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

enum { W = 2, D = 2, K = 8, BINS = 120, BLOCK = 2048, RING = 8, CHUNK = 1 << 18 };
enum { WD = W * D };
enum {
    OFF_SYNCS = 0, OFF_OTHER, OFF_OOO, OFF_IN, OFF_OUT, OFF_PATTERNS,
    OFF_FIRST = OFF_PATTERNS + (1 << WD), OFF_BOTH = OFF_FIRST + WD * BINS, OFF_COINC = OFF_BOTH + W * BINS,
    FRAME_WORDS = OFF_COINC + K * WD * WD
};

/* the file, for the pread and window modes */
static int file_fd;
static int64_t file_data;

static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

static double wall_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double) t.tv_sec + 1e-9 * (double) t.tv_nsec;
}

/* One kernel over the whole file; out gets the frame counters, then per-top, then bit counts, then nonzero. */
static void run_file(const uint32_t *rec, int64_t n, int scalar, int64_t *out, double *cpu, double *wall) {
    const int64_t params[] = {W, D, K, BINS, BLOCK, RING, FRAME_WORDS, OFF_SYNCS, OFF_OTHER, OFF_OOO, OFF_IN,
                              OFF_OUT, OFF_PATTERNS, OFF_FIRST, OFF_BOTH, OFF_COINC};
    pgs_t2 *s = pgs_t2_create(params);
    if (s == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    int64_t *h = pgs_t2_header(s);
    for (int top = 0; top < 128; top++) {
        const int sync = top == 0x40, click = top == 0 || top == 1, ovf = top == 0x7F;
        const int marker = top > 0x40 && top < 0x50;
        pgs_t2_array(s, PGS_A_NOT_TAG)[top] = ovf || marker ? INT64_MAX : 0;
        pgs_t2_array(s, PGS_A_DELAY)[top] = 0;
        pgs_t2_array(s, PGS_A_OVERFLOW)[top] = ovf ? -1 : 0;
        pgs_t2_array(s, PGS_A_SYNC)[top] = sync;
        pgs_t2_array(s, PGS_A_CLICK)[top] = click;
        pgs_t2_array(s, PGS_A_DET)[top] = click ? top : 0;
        pgs_t2_array(s, PGS_A_OTHER)[top] = !sync && !click && !ovf && !marker;
    }
    const int64_t starts[W] = {100000, 280000}, lengths[W] = {100000, 120000};
    for (int w = 0; w < W; w++) {
        pgs_t2_array(s, PGS_A_WIN_START)[w] = starts[w];
        pgs_t2_array(s, PGS_A_WIN_LENGTH)[w] = lengths[w];
    }
    pgs_t2_array(s, PGS_A_OTHER_OF)[0] = 1;
    pgs_t2_array(s, PGS_A_OTHER_OF)[1] = 0;
    pgs_t2_array(s, PGS_A_BOTH_OF)[0] = 1;
    pgs_t2_array(s, PGS_A_BOTH_OF)[1] = 1;
    h[PGS_H_SYNC_DELAY] = 0;
    h[PGS_H_V1] = 0;
    h[PGS_H_BIN_SHIFT] = -1;
    h[PGS_H_BIN_DIVISOR] = 1000;
    h[PGS_H_BIN_MAGIC] = (int64_t) ((1ULL << 63) / 1000 + 1);
    h[PGS_H_SCALAR] = scalar;
    h[PGS_H_TRIALS] = K;   /* the first K trials are Java's (initialPatterns): the kernel starts behind them */
    /* PGS_HARNESS_FRAME=F: a frame due every F trials, as analyze's cadence (a run ends at each; the counts are not
       taken apart here, so they stay those of one frame): what the kernel's per-run costs add per frame */
    const int64_t frame_trials = getenv("PGS_HARNESS_FRAME") != NULL ? atoll(getenv("PGS_HARNESS_FRAME")) : 0;
    h[PGS_H_DUE_AT] = frame_trials > 0 ? K + frame_trials : INT64_MAX;
    int64_t runs = 0;
    h[PGS_H_LAST_TIME] = 0;
    h[PGS_H_SYNC_TIME] = 0;
    const double c0 = cpu_now(), w0 = wall_now();
    const char *mode = getenv("PGS_HARNESS_READ") != NULL ? getenv("PGS_HARNESS_READ") : "map";
    const int pread_mode = strcmp(mode, "pread") == 0, window_mode = strcmp(mode, "window") == 0;
    const int populate = getenv("PGS_HARNESS_POPULATE") != NULL && atoi(getenv("PGS_HARNESS_POPULATE")) != 0;
    enum { READ_CHUNK = 1 << 16, WINDOW = 1 << 21 };   /* records: 256 KiB and 8 MiB */
    static uint32_t *buffer;
    if (pread_mode && buffer == NULL && (buffer = aligned_alloc(64, READ_CHUNK * 4)) == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    int64_t at = 0;
    while (at < n) {
        const int64_t span = pread_mode ? READ_CHUNK : window_mode ? WINDOW : CHUNK;
        const int64_t len = n - at < span ? n - at : span;
        const uint32_t *p = rec + at;
        void *window = NULL;
        size_t window_bytes = 0;
        if (pread_mode) {
            if (pread(file_fd, buffer, (size_t) len * 4, file_data + at * 4) != (ssize_t) (len * 4)) {
                perror("pread");
                exit(2);
            }
            p = buffer;
        } else if (window_mode) {
            const off_t pos = file_data + at * 4, page = pos & ~(off_t) 4095;
            window_bytes = (size_t) (len * 4 + (pos - page));
            window = mmap(NULL, window_bytes, PROT_READ, MAP_SHARED | (populate ? MAP_POPULATE : 0), file_fd, page);
            if (window == MAP_FAILED) {
                perror("mmap");
                exit(2);
            }
            p = (const uint32_t *) ((const char *) window + (pos - page));
        }
        for (int64_t off = 0; off < len; ) {
            /* pread and window: calls of at most 65536 records, as the reader's readFused hands them over */
            const int64_t most = pread_mode || window_mode ? READ_CHUNK : len;
            const int64_t call = len - off < most ? len - off : most;
            int64_t done = 0;
            while (done < call) {
                done += pgs_t2_run(s, p + off + done, call - done);
                runs++;
                while (frame_trials > 0 && h[PGS_H_TRIALS] >= h[PGS_H_DUE_AT]) {
                    h[PGS_H_DUE_AT] += frame_trials;
                }
            }
            off += call;
        }
        if (window != NULL) {
            munmap(window, window_bytes);
        }
        at += len;
    }
    *cpu = cpu_now() - c0;
    if (frame_trials > 0 && getenv("PGS_HARNESS_QUIET") == NULL) {
        fprintf(stderr, "frame every %lld trials: %lld runs\n", (long long) frame_trials, (long long) runs);
    }
    *wall = wall_now() - w0;
    memcpy(out, pgs_t2_array(s, PGS_A_COUNTERS), FRAME_WORDS * sizeof *out);
    memcpy(out + FRAME_WORDS, pgs_t2_array(s, PGS_A_PER_TOP), 128 * sizeof *out);
    memcpy(out + FRAME_WORDS + 128, pgs_t2_array(s, PGS_A_BIT_COUNT), WD * sizeof *out);
    out[FRAME_WORDS + 128 + WD] = h[PGS_H_NONZERO];
    out[FRAME_WORDS + 128 + WD + 1] = h[PGS_H_TRIALS];
    pgs_t2_free(s);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE.ptu [passes]\n", argv[0]);
        return 2;
    }
    const int passes = argc > 2 ? atoi(argv[2]) : 3;
    const int profile = argc > 3;   /* the default pass 1 only (for perf record): no scalar run, no check */
    int fd;
    int64_t data, n;
    const uint8_t *map = ptu_map_records(argv[1], MAP_PRIVATE | MAP_POPULATE, &fd, &data, &n);
    if (map == NULL) {
        return 2;
    }
    const uint32_t *rec = (const uint32_t *) (map + data);
    file_fd = fd;
    file_data = data;
    enum { OUT = FRAME_WORDS + 128 + WD + 2 };
    static int64_t a[OUT], b[OUT];
    printf("pg_soft_t2_harness: %s, %lld records, %s\n", argv[1], (long long) n, pgs_build_info());
    double best = 1e9;
    double cpu_s = 0, wall_s = 0;
    for (int p = 0; p < passes; p++) {
        double cpu, wall;
        run_file(rec, n, 0, a, &cpu, &wall);
        best = cpu < best ? cpu : best;
        if (profile) {
            printf("pass %d: default %.3f ns/record cpu\n", p, cpu / n * 1e9);
            continue;
        }
        run_file(rec, n, 1, b, &cpu_s, &wall_s);
        if (memcmp(a, b, sizeof a) != 0) {
            for (int i = 0; i < OUT; i++) {
                if (a[i] != b[i]) {
                    fprintf(stderr, "MISMATCH word %d: default %lld, scalar pass 1 %lld\n", i, (long long) a[i], (long long) b[i]);
                }
            }
            return 1;
        }
        uint64_t sum = 1469598103934665603ULL;
        for (int i = 0; i < OUT; i++) {
            sum = (sum ^ (uint64_t) a[i]) * 1099511628211ULL;
        }
        printf("pass %d: default %.1f M records/s (cpu %.3f ns/record), scalar pass 1 %.1f M/s (%.3f ns); trials %lld, in window %lld, "
               "outside %lld, checksum %016llx\n",
               p, n / wall / 1e6, cpu / n * 1e9, n / wall_s / 1e6, cpu_s / n * 1e9, (long long) a[OUT - 1],
               (long long) a[OFF_IN], (long long) a[OFF_OUT], (unsigned long long) sum);
    }
    printf("best cpu %.3f ns/record (%.1f M records/s of CPU)\n", best / n * 1e9, n / best / 1e6);
    return 0;
}
