/* standin.c: the replay engine of pairgate's PicoQuant stand-ins (see standin.h). */
#define _GNU_SOURCE
#include "standin.h"
#include "pq_abi.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TAG_IDENT 32
#define TY_INT8   0x10000008u
#define TY_FLOAT8 0x20000008u

static struct {
    int open;
    int initialized;
    int running;
    int ended;                 /* all records delivered, overrun or time over */
    FILE *file;
    standin_info info;
    unsigned int *records;     /* the whole file's records (a fixture replays small files) */
    long count;
    long next;                 /* next record to deliver */
    /* pacing */
    double speed;              /* <= 0: as fast as read */
    double tick_s;             /* seconds per time unit of record_time() */
    uint64_t base;             /* overflow base of the record at 'next' */
    struct timespec start;
    long tacq_ms;
    /* faults */
    int fault_open;
    long fifofull_after;       /* -1: never */
    long dropped_after;
    long slow_ms;
    long error_after;
    int error_code;
    int warnings;
    int flags;
    /* mean rates over the file, per second */
    int sync_rate;
    int input_rate[64];
} S;

static const struct { int code; const char *text; } ERRORS[] = {
    { PQ_ERROR_NONE, "no error" },
    { PQ_ERROR_DEVICE_OPEN_FAIL, "device open failed (stand-in: no device at this index, or PAIRGATE_STANDIN_PTU unset or unreadable)" },
    { PQ_ERROR_DEVICE_BUSY, "device busy" },
    { PQ_ERROR_DEVICE_NOT_OPEN, "device not open" },
    { PQ_ERROR_INSTANCE_RUNNING, "measurement running" },
    { PQ_ERROR_INVALID_ARGUMENT, "invalid argument" },
    { PQ_ERROR_INVALID_MODE, "invalid mode (stand-in: the replayed file holds the other mode)" },
    { PQ_ERROR_INVALID_MEMORY, "invalid memory" },
    { PQ_ERROR_NOT_INITIALIZED, "not initialized" },
    { PQ_ERROR_DMA_FAIL, "DMA failure" },
    { PQ_ERROR_USB_BULKRD_FAIL, "USB bulk read failed" },
};

const char *standin_error_text(int code) {
    for (size_t i = 0; i < sizeof ERRORS / sizeof ERRORS[0]; i++) {
        if (ERRORS[i].code == code) {
            return ERRORS[i].text;
        }
    }
    return "unknown error";
}

static long env_long(const char *spec, const char *key, long missing) {
    const char *p = spec ? strstr(spec, key) : NULL;
    if (!p) {
        return missing;
    }
    p += strlen(key);
    if (*p != '=') {
        return missing;
    }
    return strtol(p + 1, NULL, 0);
}

static void read_faults(void) {
    const char *f = getenv("PAIRGATE_STANDIN_FAULT");
    S.fault_open = f && (strstr(f, "open") == f || strstr(f, ",open"));
    S.fifofull_after = env_long(f, "fifofull", -1);
    S.dropped_after = env_long(f, "dropped", -1);
    S.slow_ms = env_long(f, "slow", 0);
    S.warnings = (int) env_long(f, "warnings", 0);
    S.error_after = -1;
    S.error_code = 0;
    const char *e = f ? strstr(f, "error=") : NULL;
    if (e) {
        char *colon;
        S.error_after = strtol(e + 6, &colon, 0);
        S.error_code = *colon == ':' ? (int) strtol(colon + 1, NULL, 0) : PQ_ERROR_USB_BULKRD_FAIL;
    }
    const char *speed = getenv("PAIRGATE_STANDIN_SPEED");
    if (speed && strcmp(speed, "max") == 0) {
        S.speed = 0;
    } else {
        S.speed = speed ? strtod(speed, NULL) : 1.0;
    }
}

/* Parses the PTU header for the fields the stand-in needs and loads the records. */
static int load(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        return -1;
    }
    char magic[16];
    if (fread(magic, 1, 16, f) != 16 || memcmp(magic, "PQTTTR", 6) != 0) {
        fclose(f);
        return -1;
    }
    memset(&S.info, 0, sizeof S.info);
    for (;;) {
        unsigned char tag[48];
        if (fread(tag, 1, 48, f) != 48) {
            fclose(f);
            return -1;
        }
        char ident[TAG_IDENT + 1];
        memcpy(ident, tag, TAG_IDENT);
        ident[TAG_IDENT] = 0;
        uint32_t type;
        int64_t value;
        memcpy(&type, tag + 36, 4);
        memcpy(&value, tag + 40, 8);
        double dvalue;
        memcpy(&dvalue, &value, 8);
        if (strcmp(ident, "Header_End") == 0) {
            break;
        }
        if ((type & 0xFFFFu) == 0xFFFFu) {           /* strings, arrays, blobs: value = length */
            if (value < 0 || fseek(f, (long) value, SEEK_CUR) != 0) {
                fclose(f);
                return -1;
            }
            continue;
        }
        if (type == TY_INT8 && strcmp(ident, "TTResultFormat_TTTRRecType") == 0) {
            S.info.record_type = (int) value;
        } else if (type == TY_INT8 && strcmp(ident, "TTResult_SyncRate") == 0) {
            S.info.sync_rate = (int) value;
        } else if (type == TY_FLOAT8 && strcmp(ident, "MeasDesc_GlobalResolution") == 0) {
            S.info.global_res_s = dvalue;
        } else if (type == TY_FLOAT8 && strcmp(ident, "MeasDesc_Resolution") == 0) {
            S.info.res_s = dvalue;
        }
    }
    const int hw = S.info.record_type & 0xFF;
    S.info.mode = (S.info.record_type >> 8) & 0xFF;
    if (hw < 4 || hw > 7 || (S.info.mode != 2 && S.info.mode != 3)) {
        fclose(f);
        return -1;                                   /* not a HydraHarp-family record layout */
    }
    if (S.info.mode == 2 && S.info.res_s <= 0) {
        S.info.res_s = S.info.global_res_s;
    }
    const long data = ftell(f);
    fseek(f, 0, SEEK_END);
    const long bytes = ftell(f) - data;
    fseek(f, data, SEEK_SET);
    S.count = bytes / 4;
    S.records = malloc((size_t) (S.count > 0 ? S.count : 1) * 4);
    if (!S.records || fread(S.records, 4, (size_t) S.count, f) != (size_t) S.count) {
        free(S.records);
        S.records = NULL;
        fclose(f);
        return -1;
    }
    fclose(f);
    return 0;
}

static uint64_t record_time(unsigned int rec);

/* Mean sync and input rates over the file: what the count-rate calls report. */
static void rates(void) {
    long syncs = 0;
    long inputs[64] = {0};
    uint64_t last = 0;
    S.base = 0;
    for (long i = 0; i < S.count; i++) {
        const unsigned int rec = S.records[i];
        last = record_time(rec);
        const int special = (int) (rec >> 31);
        const int channel = (int) ((rec >> 25) & 0x3F);
        if (!special) {
            inputs[channel]++;
        } else if (channel == 0 && S.info.mode == 2) {
            syncs++;
        }
    }
    S.base = 0;
    const double tick = S.info.mode == 2 ? S.info.global_res_s : (S.info.sync_rate > 0 ? 1.0 / S.info.sync_rate : 0);
    const double seconds = (double) last * tick;
    S.sync_rate = S.info.mode == 3 ? S.info.sync_rate : (seconds > 0 ? (int) (syncs / seconds) : 0);
    for (int c = 0; c < 64; c++) {
        S.input_rate[c] = seconds > 0 ? (int) (inputs[c] / seconds) : 0;
    }
}

int standin_sync_rate_measured(void) {
    return S.sync_rate;
}

int standin_count_rate(int channel) {
    return channel >= 0 && channel < 64 ? S.input_rate[channel] : 0;
}

int standin_open(int devidx, char *serial) {
    if (serial) {
        serial[0] = 0;
    }
    if (devidx < 0 || devidx >= PQ_MAXDEVNUM) {
        return PQ_ERROR_INVALID_ARGUMENT;
    }
    read_faults();
    const char *path = getenv("PAIRGATE_STANDIN_PTU");
    if (devidx != 0 || S.fault_open || !path) {
        return PQ_ERROR_DEVICE_OPEN_FAIL;
    }
    if (S.open) {
        return PQ_ERROR_DEVICE_BUSY;
    }
    if (load(path) != 0) {
        return PQ_ERROR_DEVICE_OPEN_FAIL;
    }
    S.open = 1;
    S.initialized = 0;
    rates();
    if (serial) {
        snprintf(serial, 8, "SI%05d", 1);
    }
    return 0;
}

int standin_close(int devidx) {
    if (devidx < 0 || devidx >= PQ_MAXDEVNUM) {
        return PQ_ERROR_INVALID_ARGUMENT;
    }
    if (devidx == 0 && S.open) {
        free(S.records);
        S.records = NULL;
        S.open = 0;
        S.running = 0;
    }
    return 0;
}

int standin_check(int devidx) {
    if (devidx != 0 || !S.open) {
        return PQ_ERROR_DEVICE_NOT_OPEN;
    }
    return 0;
}

int standin_initialize(int devidx, int mode) {
    int r = standin_check(devidx);
    if (r) {
        return r;
    }
    if (mode != PQ_MODE_T2 && mode != PQ_MODE_T3) {
        return PQ_ERROR_INVALID_MODE;    /* the stand-in has no histogram mode */
    }
    if (mode != S.info.mode) {
        return PQ_ERROR_INVALID_MODE;
    }
    S.initialized = 1;
    return 0;
}

const standin_info *standin_file(void) {
    return &S.info;
}

int standin_start(int devidx, int tacq_ms) {
    int r = standin_check(devidx);
    if (r) {
        return r;
    }
    if (!S.initialized) {
        return PQ_ERROR_NOT_INITIALIZED;
    }
    if (S.running) {
        return PQ_ERROR_INSTANCE_RUNNING;
    }
    if (tacq_ms < PQ_ACQTMIN || tacq_ms > PQ_ACQTMAX) {
        return PQ_ERROR_INVALID_ARGUMENT;
    }
    S.running = 1;
    S.ended = 0;
    S.next = 0;
    S.base = 0;
    S.flags = 0;
    S.tacq_ms = tacq_ms;
    /* one unit of record time: a T2 tick, or a T3 sync period */
    S.tick_s = S.info.mode == 2 ? S.info.global_res_s : (S.info.sync_rate > 0 ? 1.0 / S.info.sync_rate : 0);
    clock_gettime(CLOCK_MONOTONIC, &S.start);
    return 0;
}

int standin_stop(int devidx) {
    int r = standin_check(devidx);
    if (r) {
        return r;
    }
    S.running = 0;
    return 0;
}

static double elapsed_s(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double) (now.tv_sec - S.start.tv_sec) + (now.tv_nsec - S.start.tv_nsec) * 1e-9;
}

int standin_ctc(int devidx, int *done) {
    int r = standin_check(devidx);
    if (r) {
        return r;
    }
    if (!done) {
        return PQ_ERROR_INVALID_ARGUMENT;
    }
    *done = S.ended || !S.running || elapsed_s() * 1000.0 >= (double) S.tacq_ms;
    return 0;
}

int standin_flags(int devidx, int *flags) {
    int r = standin_check(devidx);
    if (r) {
        return r;
    }
    if (!flags) {
        return PQ_ERROR_INVALID_ARGUMENT;
    }
    *flags = S.flags | (S.running && !S.ended ? PQ_FLAG_ACTIVE : 0);
    return 0;
}

int standin_warnings(int devidx, int *warnings) {
    int r = standin_check(devidx);
    if (r) {
        return r;
    }
    if (!warnings) {
        return PQ_ERROR_INVALID_ARGUMENT;
    }
    *warnings = S.warnings;
    return 0;
}

int standin_warnings_text(int devidx, char *text, int warnings) {
    int r = standin_check(devidx);
    if (r) {
        return r;
    }
    if (!text) {
        return PQ_ERROR_INVALID_ARGUMENT;
    }
    text[0] = 0;
    if (warnings & PQ_WARNING_SYNC_RATE_ZERO) {
        strcat(text, "Sync signal rate is zero.\n");
    }
    if (warnings & PQ_WARNING_INPT_RATE_ZERO) {
        strcat(text, "Input count rate is zero on at least one enabled channel.\n");
    }
    if (warnings & PQ_WARNING_INPT_RATE_TOO_HIGH) {
        strcat(text, "Input count rate is very high.\n");
    }
    if (warnings & PQ_WARNING_COUNTS_DROPPED) {
        strcat(text, "Counts were dropped.\n");
    }
    return 0;
}

/* The record's time in units of S.tick_s, updating the overflow base (HydraHarp-family layout). */
static uint64_t record_time(unsigned int rec) {
    const int special = (int) (rec >> 31);
    const int channel = (int) ((rec >> 25) & 0x3F);
    const int v1 = (S.info.record_type >> 24) == 0 && (S.info.record_type & 0xFF) == 4;
    if (S.info.mode == 2) {
        const uint32_t timetag = rec & 0x1FFFFFFu;
        if (special && channel == 63) {
            S.base += v1 ? 33552000u : (uint64_t) (timetag == 0 ? 1 : timetag) << 25;
            return S.base;
        }
        return S.base + timetag;
    }
    const uint32_t nsync = rec & 0x3FFu;
    if (special && channel == 63) {
        S.base += v1 ? 1024u : 1024u * (uint64_t) (nsync == 0 ? 1 : nsync);
        return S.base;
    }
    return S.base + nsync;
}

static void sleep_ms(long ms) {
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

int standin_read(int devidx, unsigned int *buffer, int max, int *nactual) {
    int r = standin_check(devidx);
    if (r) {
        return r;
    }
    if (!buffer || !nactual) {
        return PQ_ERROR_INVALID_ARGUMENT;
    }
    *nactual = 0;
    if (!S.running) {
        return 0;
    }
    if (S.slow_ms > 0) {
        sleep_ms(S.slow_ms);
    }
    if (S.error_after >= 0 && S.next >= S.error_after) {
        return S.error_code;
    }
    if (S.ended) {
        return 0;
    }
    const double elapsed = elapsed_s();
    if (elapsed * 1000.0 >= (double) S.tacq_ms) {
        S.ended = 1;
        return 0;
    }
    /* records due by now at the requested speed; as fast as read: all */
    const int paced = S.speed > 0 && S.tick_s > 0;
    const double due = paced ? elapsed * S.speed / S.tick_s : 0;
    long limit = S.count;
    if (S.fifofull_after >= 0 && limit > S.fifofull_after) {
        limit = S.fifofull_after;
    }
    if (S.error_after >= 0 && limit > S.error_after) {
        limit = S.error_after;
    }
    int n = 0;
    while (n < max && S.next < limit) {
        const unsigned int rec = S.records[S.next];
        if (paced) {
            const uint64_t saved = S.base;
            if ((double) record_time(rec) > due) {
                S.base = saved;          /* not due yet: read it again next time */
                break;
            }
        } else {
            record_time(rec);
        }
        buffer[n++] = rec;
        S.next++;
    }
    *nactual = n;
    if (S.dropped_after >= 0 && S.next >= S.dropped_after) {
        S.flags |= PQ_FLAG_CNTS_DROPPED;
    }
    if (S.fifofull_after >= 0 && S.next >= S.fifofull_after && S.next < S.count) {
        S.flags |= PQ_FLAG_FIFOFULL;
        S.ended = 1;
    }
    if (S.next >= S.count) {
        S.ended = 1;               /* the replayed measurement is over */
    }
    return 0;
}
