/*
 * pg_correlate_harness: runs the native correlate kernel on a PTU file (HydraHarp-family T2),
 * mmapped, in chunks of 65536 records as the Java reader hands them over, and
 *   - prints the time of each repetition (records/s), the pairs, tags and span;
 *   - with --check, compares the histogram bin for bin with a plain reference written here
 *     (decode every record, then each pair tag against all earlier pair tags in a window kept by a
 *     simple scan; nothing shared with the kernel but the header);
 *   - with --dump FILE, writes the bins, one a line, to compare with the Java Correlator's.
 *
 *   - with --scalar, runs the scalar decode loop where the AVX-512 block path is built.
 *
 * usage: pg_correlate_harness FILE A B RANGE_TICKS BIN_TICKS [REPS] [--check] [--scalar] [--dump OUT]
 */
#define _GNU_SOURCE
#include "pg_correlate.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* CPU time of this thread: on a shared, loaded machine the wall time is mostly other people's. */
static double cpu(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The PTU tagged header: returns the offset of the first record; *type the TTTRRecType. */
static long ptu_header(const unsigned char *p, size_t size, long long *type) {
    if (size < 16 || memcmp(p, "PQTTTR", 6) != 0) {
        return -1;
    }
    size_t off = 16;
    *type = -1;
    while (off + 48 <= size) {
        char ident[33];
        memcpy(ident, p + off, 32);
        ident[32] = 0;
        uint32_t kind;
        int64_t value;
        memcpy(&kind, p + off + 36, 4);
        memcpy(&value, p + off + 40, 8);
        off += 48;
        if (strcmp(ident, "TTResultFormat_TTTRRecType") == 0) {
            *type = value;
        }
        if (kind == 0xFFFF0001u || kind == 0x4001FFFFu || kind == 0xFFFFFFFFu) {
            off += (size_t)value; /* string or blob: value is its length */
        }
        if (strcmp(ident, "Header_End") == 0) {
            return (long)off;
        }
    }
    return -1;
}

/* The reference: an independent, plain computation. */
static int64_t *reference(const uint32_t *rec, long n, int v1, int ca, int cb, int64_t r, int64_t w) {
    const int64_t bins = 2 * r / w;
    int64_t *h = calloc((size_t)bins, sizeof(int64_t));
    int64_t *ta = malloc((size_t)n * sizeof(int64_t));
    int64_t *tb = malloc((size_t)n * sizeof(int64_t));
    long na = 0, nb = 0;
    int64_t base = 0;
    for (long i = 0; i < n; i++) {
        const uint32_t x = rec[i];
        const int special = x >> 31;
        const int ch = (x >> 25) & 63;
        const int64_t tt = x & 0x1FFFFFF;
        if (special && ch == 63) {
            base += v1 ? 33552000LL : (tt == 0 ? 1 : tt) * (1LL << 25);
            continue;
        }
        int channel;
        if (!special) {
            channel = ch + 1;
        } else if (ch == 0) {
            channel = 0;
        } else {
            continue;
        }
        if (channel == ca) {
            ta[na++] = base + tt;
        }
        if (channel == cb && ca != cb) {
            tb[nb++] = base + tt;
        }
    }
    if (ca == cb) {
        /* ordered pairs i != j */
        long lo = 0;
        for (long i = 0; i < na; i++) {
            while (ta[i] - ta[lo] > r) {
                lo++;
            }
            for (long j = lo; j < na && ta[j] - ta[i] <= r; j++) {
                const int64_t d = ta[j] - ta[i];
                if (j != i && d >= -r && d < r) {
                    h[(d + r) / w]++;
                }
            }
        }
    } else {
        long lo = 0;
        for (long i = 0; i < na; i++) {
            while (lo < nb && tb[lo] < ta[i] - r) {
                lo++;
            }
            for (long j = lo; j < nb && tb[j] - ta[i] < r; j++) {
                h[(tb[j] - ta[i] + r) / w]++;
            }
        }
    }
    free(ta);
    free(tb);
    return h;
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: %s FILE A B RANGE_TICKS BIN_TICKS [REPS] [--check] [--scalar] [--dump OUT]\n", argv[0]);
        return 2;
    }
    const int ca = atoi(argv[2]), cb = atoi(argv[3]);
    const int64_t r = atoll(argv[4]), w = atoll(argv[5]);
    int reps = 5, check = 0, scalar = 0;
    const char *dump = NULL;
    for (int i = 6; i < argc; i++) {
        if (strcmp(argv[i], "--check") == 0) {
            check = 1;
        } else if (strcmp(argv[i], "--scalar") == 0) {
            scalar = 1;
        } else if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc) {
            dump = argv[++i];
        } else {
            reps = atoi(argv[i]);
        }
    }
    const int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(argv[1]);
        return 1;
    }
    const unsigned char *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    long long type = -1;
    const long off = ptu_header(map, (size_t)st.st_size, &type);
    const long long low = type & 0xFFFF;
    if (off < 0 || low < 0x0204 || low > 0x0207) {
        fprintf(stderr, "%s: not a HydraHarp-family T2 PTU (type %llx)\n", argv[1], type);
        return 1;
    }
    const int v1 = type == 0x00010204;
    const uint32_t *rec = (const uint32_t *)(map + off);
    const long n = (long)((st.st_size - off) / 4);
    int64_t *io = calloc(PG_CORR_IO_LONGS, sizeof(int64_t));
    int64_t state[PG_CORR_STATE_LONGS];
    pg_corr *c = NULL;
    double best = 1e30;
    for (int rep = 0; rep < reps; rep++) {
        pg_corr_destroy(c);
        c = pg_corr_create(ca, cb, r, w);
        if (c == NULL) {
            fprintf(stderr, "pg_corr_create failed\n");
            return 1;
        }
        pg_corr_scalar(c, scalar);
        memset(io, 0, PG_CORR_IO_LONGS * sizeof(int64_t));
        const double t0 = now(), c0 = cpu();
        for (long i = 0; i < n;) {
            const int32_t chunk = n - i < 65536 ? (int32_t)(n - i) : 65536;
            const int32_t done = pg_corr_t2(c, rec + i, chunk, v1, io);
            if (done < 0) {
                fprintf(stderr, "out of memory\n");
                return 1;
            }
            i += done;
            pg_corr_read(c, state);
            if (state[PG_CORR_FAIL_CHANNEL] >= 0) {
                fprintf(stderr, "record %ld: pair tag on channel %lld out of order\n", i - 1,
                        (long long)state[PG_CORR_FAIL_CHANNEL]);
                return 1;
            }
        }
        const double dt = now() - t0, ct = cpu() - c0;
        best = ct < best ? ct : best;
        printf("rep %d: wall %.4f s, cpu %.4f s: %.1f M records/s of CPU time\n", rep, dt, ct, n / ct / 1e6);
    }
    const int32_t bins = pg_corr_bins(c);
    int64_t *h = malloc((size_t)bins * sizeof(int64_t));
    pg_corr_counts(c, h);
    pg_corr_read(c, state);
    int64_t pairs = 0;
    for (int32_t i = 0; i < bins; i++) {
        pairs += h[i];
    }
    printf("decode %s; ", scalar || !pg_corr_vector() ? "scalar" : "AVX-512 blocks");
    printf("records %ld (v1 %d), bins %d, pairs %lld, tags %lld, tagsA %lld, tagsB %lld, span %lld, ring %lld, "
           "base %lld, best (CPU time) %.1f M records/s\n", n, v1, bins, (long long)pairs, (long long)state[PG_CORR_TAGS],
           (long long)state[PG_CORR_TAGS_A], (long long)state[PG_CORR_TAGS_B],
           (long long)(state[PG_CORR_LAST_TIME] - state[PG_CORR_FIRST_TIME]), (long long)state[PG_CORR_RING_CAPACITY],
           (long long)io[PG_CORR_IO_TIME_BASE], n / best / 1e6);
    int rc = 0;
    if (check) {
        int64_t *ref = reference(rec, n, v1, ca, cb, r, w);
        long bad = 0;
        for (int32_t i = 0; i < bins; i++) {
            if (ref[i] != h[i]) {
                if (bad++ < 10) {
                    fprintf(stderr, "bin %d: kernel %lld, reference %lld\n", i, (long long)h[i], (long long)ref[i]);
                }
            }
        }
        printf("check against the reference: %s (%ld bins differ)\n", bad == 0 ? "equal in every bin" : "DIFFERENT", bad);
        rc = bad != 0;
        free(ref);
    }
    if (dump != NULL) {
        FILE *f = fopen(dump, "w");
        for (int32_t i = 0; i < bins; i++) {
            fprintf(f, "%lld\n", (long long)h[i]);
        }
        fclose(f);
    }
    pg_corr_destroy(c);
    free(h);
    free(io);
    return rc;
}
