/*
 * standin.h: the replay engine behind pairgate's stand-ins of PicoQuant's TTTR libraries.
 *
 * A TEST FIXTURE, not a driver: it "measures" by replaying the records of a PTU file, so that
 * pairgate's JNA bindings and live acquisition path can be tested without the instrument and
 * without the vendor's library (which may not be redistributed). Controlled by environment
 * variables, read when the device is opened:
 *
 *   PAIRGATE_STANDIN_PTU    the PTU file to replay (required: without it no device is found)
 *   PAIRGATE_STANDIN_SPEED  1 (default): at the file's recorded rate; F > 0: F times faster;
 *                           "max": as fast as the caller reads
 *   PAIRGATE_STANDIN_FAULT  comma-separated scripted faults:
 *       open          OpenDevice fails (ERROR_DEVICE_OPEN_FAIL)
 *       fifofull=N    after N records the FIFO overruns: FLAG_FIFOFULL, nothing more is delivered
 *       dropped=N     after N records FLAG_CNTS_DROPPED is raised (the records are not altered)
 *       slow=MS       every FIFO read takes at least MS milliseconds
 *       error=N:CODE  after N records every FIFO read returns CODE (e.g. -37)
 *       warnings=BITS GetWarnings returns BITS (decimal or 0x hex)
 *
 * Only HydraHarp-family records (HydraHarp V1/V2, TimeHarp 260, MultiHarp generic) can be
 * replayed: their layout is what MHLib and HHLib deliver. One device (index 0) per process.
 */
#ifndef STANDIN_H
#define STANDIN_H

#include <stdint.h>

typedef struct standin_info {
    int record_type;          /* TTResultFormat_TTTRRecType of the file */
    int mode;                 /* 2 (T2) or 3 (T3), from the record type */
    double global_res_s;      /* MeasDesc_GlobalResolution */
    double res_s;             /* MeasDesc_Resolution (T3 dtime bin), or global in T2 */
    int sync_rate;            /* TTResult_SyncRate */
} standin_info;

/* open: 0 or a negative PQ error code; the device index must be 0 */
int standin_open(int devidx, char *serial);
int standin_close(int devidx);
int standin_check(int devidx);                 /* 0, or the error for a device not open */
int standin_initialize(int devidx, int mode);
const standin_info *standin_file(void);
int standin_start(int devidx, int tacq_ms);
int standin_stop(int devidx);
int standin_ctc(int devidx, int *done);
int standin_flags(int devidx, int *flags);
int standin_warnings(int devidx, int *warnings);
int standin_warnings_text(int devidx, char *text, int warnings);
/* reads up to max records into buffer */
int standin_read(int devidx, unsigned int *buffer, int max, int *nactual);
const char *standin_error_text(int code);
/* mean rates of the replayed file (per second): the sync, and input channel (0-based) */
int standin_sync_rate_measured(void);
int standin_count_rate(int channel);

#endif
