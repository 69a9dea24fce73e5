/*
 * mhlib_standin.c: a stand-in for PicoQuant's MHLib (MultiHarp 150/160), TTTR subset.
 * A TEST FIXTURE that replays a PTU file (standin.h); never a driver, never the vendor's library.
 * Signatures as MHLib 3.x publishes them (pq_abi.h); same names, same error codes.
 */
#include <stdio.h>
#include <string.h>

#include "pq_abi.h"
#include "standin.h"

#define CHANNELS 4

int MH_GetLibraryVersion(char *vers) {
    if (!vers) return PQ_ERROR_INVALID_ARGUMENT;
    strcpy(vers, "3.1");
    return 0;
}

int MH_GetErrorString(char *errstring, int errcode) {
    if (!errstring) return PQ_ERROR_INVALID_ARGUMENT;
    snprintf(errstring, 40, "%s", standin_error_text(errcode));
    return 0;
}

int MH_OpenDevice(int devidx, char *serial) { return standin_open(devidx, serial); }
int MH_CloseDevice(int devidx) { return standin_close(devidx); }
int MH_Initialize(int devidx, int mode, int refsource) {
    if (refsource < 0 || refsource > 7) return PQ_ERROR_INVALID_ARGUMENT;
    return standin_initialize(devidx, mode);
}

int MH_GetHardwareInfo(int devidx, char *model, char *partno, char *version) {
    int r = standin_check(devidx);
    if (r) return r;
    if (!model || !partno || !version) return PQ_ERROR_INVALID_ARGUMENT;
    strcpy(model, "MultiHarp 150 4N (stand-in)");
    strcpy(partno, "STANDIN");
    strcpy(version, "1.0");
    return 0;
}

int MH_GetSerialNumber(int devidx, char *serial) {
    int r = standin_check(devidx);
    if (r) return r;
    if (!serial) return PQ_ERROR_INVALID_ARGUMENT;
    snprintf(serial, 8, "SI%05d", 1);
    return 0;
}

int MH_GetNumOfInputChannels(int devidx, int *nchannels) {
    int r = standin_check(devidx);
    if (r) return r;
    if (!nchannels) return PQ_ERROR_INVALID_ARGUMENT;
    *nchannels = CHANNELS;
    return 0;
}

static int check_channel(int devidx, int channel) {
    int r = standin_check(devidx);
    if (r) return r;
    return channel < 0 || channel >= CHANNELS ? PQ_ERROR_INVALID_ARGUMENT : 0;
}

int MH_SetSyncDiv(int devidx, int div) {
    int r = standin_check(devidx);
    if (r) return r;
    return div < PQ_SYNCDIVMIN || div > PQ_SYNCDIVMAX ? PQ_ERROR_INVALID_ARGUMENT : 0;
}
int MH_SetSyncEdgeTrg(int devidx, int level, int edge) {
    int r = standin_check(devidx);
    if (r) return r;
    return level < -1200 || level > 1200 || (edge != 0 && edge != 1) ? PQ_ERROR_INVALID_ARGUMENT : 0;
}
int MH_SetSyncChannelOffset(int devidx, int value) {
    int r = standin_check(devidx);
    if (r) return r;
    return value < PQ_CHANOFFSMIN || value > PQ_CHANOFFSMAX ? PQ_ERROR_INVALID_ARGUMENT : 0;
}
int MH_SetSyncDeadTime(int devidx, int on, int deadtime) {
    int r = standin_check(devidx);
    if (r) return r;
    return on && (deadtime < 800 || deadtime > 160000) ? PQ_ERROR_INVALID_ARGUMENT : 0;
}
int MH_SetInputEdgeTrg(int devidx, int channel, int level, int edge) {
    int r = check_channel(devidx, channel);
    if (r) return r;
    return level < -1200 || level > 1200 || (edge != 0 && edge != 1) ? PQ_ERROR_INVALID_ARGUMENT : 0;
}
int MH_SetInputChannelOffset(int devidx, int channel, int value) {
    int r = check_channel(devidx, channel);
    if (r) return r;
    return value < PQ_CHANOFFSMIN || value > PQ_CHANOFFSMAX ? PQ_ERROR_INVALID_ARGUMENT : 0;
}
int MH_SetInputDeadTime(int devidx, int channel, int on, int deadtime) {
    int r = check_channel(devidx, channel);
    if (r) return r;
    return on && (deadtime < 800 || deadtime > 160000) ? PQ_ERROR_INVALID_ARGUMENT : 0;
}
int MH_SetInputChannelEnable(int devidx, int channel, int enable) {
    int r = check_channel(devidx, channel);
    if (r) return r;
    return enable != 0 && enable != 1 ? PQ_ERROR_INVALID_ARGUMENT : 0;
}
int MH_SetBinning(int devidx, int binning) {
    int r = standin_check(devidx);
    if (r) return r;
    return binning < 0 || binning > 24 ? PQ_ERROR_INVALID_ARGUMENT : 0;
}
int MH_SetOffset(int devidx, int offset) {
    int r = standin_check(devidx);
    if (r) return r;
    return offset < 0 || offset > 100000000 ? PQ_ERROR_INVALID_ARGUMENT : 0;
}

int MH_StartMeas(int devidx, int tacq) { return standin_start(devidx, tacq); }
int MH_StopMeas(int devidx) { return standin_stop(devidx); }
int MH_CTCStatus(int devidx, int *ctcstatus) { return standin_ctc(devidx, ctcstatus); }

int MH_GetResolution(int devidx, double *resolution) {
    int r = standin_check(devidx);
    if (r) return r;
    if (!resolution) return PQ_ERROR_INVALID_ARGUMENT;
    *resolution = standin_file()->res_s * 1e12;   /* ps */
    return 0;
}

int MH_GetSyncRate(int devidx, int *syncrate) {
    int r = standin_check(devidx);
    if (r) return r;
    if (!syncrate) return PQ_ERROR_INVALID_ARGUMENT;
    *syncrate = standin_file()->sync_rate;
    return 0;
}

int MH_GetAllCountRates(int devidx, int *syncrate, int *cntrates) {
    int r = standin_check(devidx);
    if (r) return r;
    if (!syncrate || !cntrates) return PQ_ERROR_INVALID_ARGUMENT;
    *syncrate = standin_sync_rate_measured();
    for (int c = 0; c < CHANNELS; c++) {
        cntrates[c] = standin_count_rate(c);
    }
    return 0;
}

int MH_GetFlags(int devidx, int *flags) { return standin_flags(devidx, flags); }
int MH_GetWarnings(int devidx, int *warnings) { return standin_warnings(devidx, warnings); }
int MH_GetWarningsText(int devidx, char *text, int warnings) { return standin_warnings_text(devidx, text, warnings); }

/* No count: the caller's buffer must hold MH_TTREADMAX records. */
int MH_ReadFiFo(int devidx, unsigned int *buffer, int *nactual) {
    return standin_read(devidx, buffer, MH_TTREADMAX, nactual);
}
