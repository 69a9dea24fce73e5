/*
 * th260lib_standin.c: a stand-in for PicoQuant's TH260Lib (TimeHarp 260 N and P), TTTR subset.
 * A TEST FIXTURE that replays a PTU file (standin.h); never a driver, never the vendor's library.
 * Signatures as TH260Lib 3.x publishes them (pq_abi.h); same names, same error codes.
 */
#include <stdio.h>
#include <string.h>

#include "pq_abi.h"
#include "standin.h"

#define CHANNELS 2

int TH260_GetLibraryVersion(char *vers) {
    if (!vers) return PQ_ERROR_INVALID_ARGUMENT;
    strcpy(vers, "3.1");
    return 0;
}

int TH260_GetErrorString(char *errstring, int errcode) {
    if (!errstring) return PQ_ERROR_INVALID_ARGUMENT;
    snprintf(errstring, 40, "%s", standin_error_text(errcode));
    return 0;
}

int TH260_OpenDevice(int devidx, char *serial) { return standin_open(devidx, serial); }
int TH260_CloseDevice(int devidx) { return standin_close(devidx); }
int TH260_Initialize(int devidx, int mode) { return standin_initialize(devidx, mode); }

/* The model follows the replayed file's hardware byte: 5 TimeHarp 260 N, else 260 P. */
static int nano(void) { return (standin_file()->record_type & 0xFF) == 5; }

int TH260_GetHardwareInfo(int devidx, char *model, char *partno, char *version) {
    int r = standin_check(devidx);
    if (r) return r;
    if (!model || !partno || !version) return PQ_ERROR_INVALID_ARGUMENT;
    strcpy(model, nano() ? "TimeHarp 260 N (stand-in)" : "TimeHarp 260 P (stand-in)");
    strcpy(partno, "STANDIN");
    strcpy(version, "1.0");
    return 0;
}

int TH260_GetSerialNumber(int devidx, char *serial) {
    int r = standin_check(devidx);
    if (r) return r;
    if (!serial) return PQ_ERROR_INVALID_ARGUMENT;
    snprintf(serial, 8, "SI%05d", 1);
    return 0;
}

int TH260_GetNumOfInputChannels(int devidx, int *nchannels) {
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

int TH260_SetSyncDiv(int devidx, int div) {
    int r = standin_check(devidx);
    if (r) return r;
    return div < PQ_SYNCDIVMIN || div > PQ_SYNCDIVMAX ? PQ_ERROR_INVALID_ARGUMENT : 0;
}
int TH260_SetSyncCFD(int devidx, int level, int zerocross) {
    int r = standin_check(devidx);
    if (r) return r;
    if (nano()) return PQ_ERROR_INVALID_ARGUMENT;     /* 260 Pico only */
    return level < 0 || level > 1000 || zerocross < 0 || zerocross > 40 ? PQ_ERROR_INVALID_ARGUMENT : 0;
}
int TH260_SetSyncEdgeTrg(int devidx, int level, int edge) {
    int r = standin_check(devidx);
    if (r) return r;
    if (!nano()) return PQ_ERROR_INVALID_ARGUMENT;
    return level < -1200 || level > 1200 || (edge != 0 && edge != 1) ? PQ_ERROR_INVALID_ARGUMENT : 0;
}

int TH260_SetSyncChannelOffset(int devidx, int value) {
    int r = standin_check(devidx);
    if (r) return r;
    return value < PQ_CHANOFFSMIN || value > PQ_CHANOFFSMAX ? PQ_ERROR_INVALID_ARGUMENT : 0;
}
int TH260_SetInputCFD(int devidx, int channel, int level, int zerocross) {
    int r = check_channel(devidx, channel);
    if (r) return r;
    if (nano()) return PQ_ERROR_INVALID_ARGUMENT;
    return level < 0 || level > 1000 || zerocross < 0 || zerocross > 40 ? PQ_ERROR_INVALID_ARGUMENT : 0;
}

int TH260_SetInputEdgeTrg(int devidx, int channel, int level, int edge) {
    int r = check_channel(devidx, channel);
    if (r) return r;
    if (!nano()) return PQ_ERROR_INVALID_ARGUMENT;   /* 260 Nano only */
    return level < -1200 || level > 1200 || (edge != 0 && edge != 1) ? PQ_ERROR_INVALID_ARGUMENT : 0;
}


int TH260_SetInputChannelOffset(int devidx, int channel, int value) {
    int r = check_channel(devidx, channel);
    if (r) return r;
    return value < PQ_CHANOFFSMIN || value > PQ_CHANOFFSMAX ? PQ_ERROR_INVALID_ARGUMENT : 0;
}
int TH260_SetInputChannelEnable(int devidx, int channel, int enable) {
    int r = check_channel(devidx, channel);
    if (r) return r;
    return enable != 0 && enable != 1 ? PQ_ERROR_INVALID_ARGUMENT : 0;
}
int TH260_SetBinning(int devidx, int binning) {
    int r = standin_check(devidx);
    if (r) return r;
    return binning < 0 || binning > 25 ? PQ_ERROR_INVALID_ARGUMENT : 0;
}
int TH260_SetOffset(int devidx, int offset) {
    int r = standin_check(devidx);
    if (r) return r;
    return offset < 0 || offset > 500000 ? PQ_ERROR_INVALID_ARGUMENT : 0;
}

int TH260_StartMeas(int devidx, int tacq) { return standin_start(devidx, tacq); }
int TH260_StopMeas(int devidx) { return standin_stop(devidx); }
int TH260_CTCStatus(int devidx, int *ctcstatus) { return standin_ctc(devidx, ctcstatus); }

int TH260_GetResolution(int devidx, double *resolution) {
    int r = standin_check(devidx);
    if (r) return r;
    if (!resolution) return PQ_ERROR_INVALID_ARGUMENT;
    *resolution = standin_file()->res_s * 1e12;   /* ps */
    return 0;
}

int TH260_GetSyncRate(int devidx, int *syncrate) {
    int r = standin_check(devidx);
    if (r) return r;
    if (!syncrate) return PQ_ERROR_INVALID_ARGUMENT;
    *syncrate = standin_file()->sync_rate;
    return 0;
}

int TH260_GetCountRate(int devidx, int channel, int *cntrate) {
    int r = check_channel(devidx, channel);
    if (r) return r;
    if (!cntrate) return PQ_ERROR_INVALID_ARGUMENT;
    *cntrate = standin_count_rate(channel);
    return 0;
}

int TH260_GetFlags(int devidx, int *flags) { return standin_flags(devidx, flags); }
int TH260_GetWarnings(int devidx, int *warnings) { return standin_warnings(devidx, warnings); }
int TH260_GetWarningsText(int devidx, char *text, int warnings) { return standin_warnings_text(devidx, text, warnings); }

/* count: at most HH_TTREADMAX records, at least HH_TTREADMIN */
int TH260_ReadFiFo(int devidx, unsigned int *buffer, int count, int *nactual) {
    if (count < HH_TTREADMIN || count > HH_TTREADMAX) return PQ_ERROR_INVALID_ARGUMENT;
    return standin_read(devidx, buffer, count, nactual);
}
