/*
 * pq_abi.h: the parts of PicoQuant's MHLib (MultiHarp 150/160, library 3.x) and HHLib
 * (HydraHarp 400, library 3.x) ABIs that pairgate's TTTR acquisition uses, declared here from
 * the function signatures and constants PicoQuant publishes in mhlib.h / mhdefin.h, hhlib.h /
 * hhdefin.h and errorcodes.h (its public demo repositories). Written for pairgate's stand-ins:
 * this is not PicoQuant's header and the stand-ins are not PicoQuant's libraries.
 *
 * Every function returns int: 0 on success, a negative error code otherwise. Channels are
 * indexed 0..N-1 at this API level. On Linux the calling convention is the C default (the
 * headers' _stdcall is defined empty there).
 */
#ifndef PQ_ABI_H
#define PQ_ABI_H

/* shared by both libraries (mhdefin.h / hhdefin.h) */
#define PQ_MAXDEVNUM        8
#define PQ_MODE_HIST        0
#define PQ_MODE_T2          2
#define PQ_MODE_T3          3
#define PQ_EDGE_RISING      1
#define PQ_EDGE_FALLING     0
#define PQ_ACQTMIN          1           /* ms */
#define PQ_ACQTMAX          360000000   /* ms = 100 h */
#define PQ_SYNCDIVMIN       1
#define PQ_SYNCDIVMAX       16
#define PQ_CHANOFFSMIN      (-99999)    /* ps */
#define PQ_CHANOFFSMAX      99999       /* ps */

/* MH_GetFlags / HH_GetFlags bits */
#define PQ_FLAG_OVERFLOW      0x0001    /* histogram mode only */
#define PQ_FLAG_FIFOFULL      0x0002
#define PQ_FLAG_SYNC_LOST     0x0004
#define PQ_FLAG_REF_LOST      0x0008
#define PQ_FLAG_SYSERROR      0x0010
#define PQ_FLAG_ACTIVE        0x0020
#define PQ_FLAG_CNTS_DROPPED  0x0040    /* MultiHarp */

/* MH_GetWarnings bits (the ones the stand-in can raise) */
#define PQ_WARNING_SYNC_RATE_ZERO     0x0001
#define PQ_WARNING_INPT_RATE_ZERO     0x0010
#define PQ_WARNING_INPT_RATE_TOO_HIGH 0x0040
#define PQ_WARNING_COUNTS_DROPPED     0x2000

/* FIFO block sizes: MHLib's MH_ReadFiFo has no count and fills up to TTREADMAX records */
#define MH_TTREADMAX  1048576
#define HH_TTREADMAX  131072
#define HH_TTREADMIN  128

/* errorcodes.h (the same numbers in both libraries, prefixed MH_ERROR_ / HH_ERROR_) */
#define PQ_ERROR_NONE                 0
#define PQ_ERROR_DEVICE_OPEN_FAIL    (-1)
#define PQ_ERROR_DEVICE_BUSY         (-2)
#define PQ_ERROR_DEVICE_NOT_OPEN     (-10)
#define PQ_ERROR_INSTANCE_RUNNING    (-16)
#define PQ_ERROR_INVALID_ARGUMENT    (-17)
#define PQ_ERROR_INVALID_MODE        (-18)
#define PQ_ERROR_INVALID_MEMORY      (-20)
#define PQ_ERROR_NOT_INITIALIZED     (-22)
#define PQ_ERROR_DMA_FAIL            (-24)
#define PQ_ERROR_USB_BULKRD_FAIL     (-37)

/* MHLib */
int MH_GetLibraryVersion(char *vers);
int MH_GetErrorString(char *errstring, int errcode);
int MH_OpenDevice(int devidx, char *serial);
int MH_CloseDevice(int devidx);
int MH_Initialize(int devidx, int mode, int refsource);
int MH_GetHardwareInfo(int devidx, char *model, char *partno, char *version);
int MH_GetSerialNumber(int devidx, char *serial);
int MH_GetNumOfInputChannels(int devidx, int *nchannels);
int MH_SetSyncDiv(int devidx, int div);
int MH_SetSyncEdgeTrg(int devidx, int level, int edge);
int MH_SetSyncChannelOffset(int devidx, int value);
int MH_SetSyncDeadTime(int devidx, int on, int deadtime);
int MH_SetInputEdgeTrg(int devidx, int channel, int level, int edge);
int MH_SetInputChannelOffset(int devidx, int channel, int value);
int MH_SetInputDeadTime(int devidx, int channel, int on, int deadtime);
int MH_SetInputChannelEnable(int devidx, int channel, int enable);
int MH_SetBinning(int devidx, int binning);
int MH_SetOffset(int devidx, int offset);
int MH_StartMeas(int devidx, int tacq);
int MH_StopMeas(int devidx);
int MH_CTCStatus(int devidx, int *ctcstatus);
int MH_GetResolution(int devidx, double *resolution);
int MH_GetSyncRate(int devidx, int *syncrate);
int MH_GetAllCountRates(int devidx, int *syncrate, int *cntrates);   /* cntrates: one per input (up to 64) */
int MH_GetFlags(int devidx, int *flags);
int MH_GetWarnings(int devidx, int *warnings);
int MH_GetWarningsText(int devidx, char *text, int warnings);
int MH_ReadFiFo(int devidx, unsigned int *buffer, int *nactual);

/* HHLib */
int HH_GetLibraryVersion(char *vers);
int HH_GetErrorString(char *errstring, int errcode);
int HH_OpenDevice(int devidx, char *serial);
int HH_CloseDevice(int devidx);
int HH_Initialize(int devidx, int mode, int refsource);
int HH_GetHardwareInfo(int devidx, char *model, char *partno, char *version);
int HH_GetSerialNumber(int devidx, char *serial);
int HH_GetNumOfInputChannels(int devidx, int *nchannels);
int HH_Calibrate(int devidx);
int HH_SetSyncDiv(int devidx, int div);
int HH_SetSyncCFD(int devidx, int level, int zerocross);
int HH_SetSyncChannelOffset(int devidx, int value);
int HH_SetInputCFD(int devidx, int channel, int level, int zerocross);
int HH_SetInputChannelOffset(int devidx, int channel, int value);
int HH_SetInputChannelEnable(int devidx, int channel, int enable);
int HH_SetBinning(int devidx, int binning);
int HH_SetOffset(int devidx, int offset);
int HH_StartMeas(int devidx, int tacq);
int HH_StopMeas(int devidx);
int HH_CTCStatus(int devidx, int *ctcstatus);
int HH_GetResolution(int devidx, double *resolution);
int HH_GetSyncRate(int devidx, int *syncrate);
int HH_GetCountRate(int devidx, int channel, int *cntrate);
int HH_GetFlags(int devidx, int *flags);
int HH_GetWarnings(int devidx, int *warnings);
int HH_GetWarningsText(int devidx, char *text, int warnings);
int HH_ReadFiFo(int devidx, unsigned int *buffer, int count, int *nactual);

/* TH260Lib (TimeHarp 260 N and P, library 3.x): HHLib's shape, Initialize without a reference
   source, edge triggers on the N ("Nano"), CFDs on the P ("Pico") */
int TH260_GetLibraryVersion(char *vers);
int TH260_GetErrorString(char *errstring, int errcode);
int TH260_OpenDevice(int devidx, char *serial);
int TH260_CloseDevice(int devidx);
int TH260_Initialize(int devidx, int mode);
int TH260_GetHardwareInfo(int devidx, char *model, char *partno, char *version);
int TH260_GetSerialNumber(int devidx, char *serial);
int TH260_GetNumOfInputChannels(int devidx, int *nchannels);
int TH260_SetSyncDiv(int devidx, int div);
int TH260_SetSyncCFD(int devidx, int level, int zc);
int TH260_SetSyncEdgeTrg(int devidx, int level, int edge);
int TH260_SetSyncChannelOffset(int devidx, int value);
int TH260_SetInputCFD(int devidx, int channel, int level, int zc);
int TH260_SetInputEdgeTrg(int devidx, int channel, int level, int edge);
int TH260_SetInputChannelOffset(int devidx, int channel, int value);
int TH260_SetInputChannelEnable(int devidx, int channel, int enable);
int TH260_SetBinning(int devidx, int binning);
int TH260_SetOffset(int devidx, int offset);
int TH260_StartMeas(int devidx, int tacq);
int TH260_StopMeas(int devidx);
int TH260_CTCStatus(int devidx, int *ctcstatus);
int TH260_GetResolution(int devidx, double *resolution);
int TH260_GetSyncRate(int devidx, int *syncrate);
int TH260_GetCountRate(int devidx, int channel, int *cntrate);
int TH260_GetFlags(int devidx, int *flags);
int TH260_GetWarnings(int devidx, int *warnings);
int TH260_GetWarningsText(int devidx, char *text, int warnings);
int TH260_ReadFiFo(int devidx, unsigned int *buffer, int count, int *nactual);

#endif
