/*
 * pairgate.h -- the pairgate device C ABI.
 *
 * One ABI for every implementation of the pairgate core: the Verilator build of the firmware
 * (hw-sim/libpairgate_rtl.so) and, later, a real board's driver. The Java host talks to it through
 * JNA direct mapping, so every call that moves data takes caller memory and a count and crosses
 * the boundary once per batch.
 *
 * Model of the device (the same as a board behind PCIe/USB):
 *   - 64-bit registers, addressed in words (PG_REG_* in pairgate_map.h, generated from
 *     fpga/pairgate.map). Configuration registers are written before tags are pushed.
 *   - A tag stream in: pg_push() hands the core a batch of (time, channel) tags, time-ordered,
 *     and returns how many the core accepted. It accepts fewer than offered only when the frame
 *     ring is full (backpressure): read and release frames, then push the rest.
 *   - A frame ring out: every closed frame (fixed size, PG_REG_FRAME_WORDS words, layout in
 *     docs/frame-format.md) is written into a ring of `ring_frames` slots in host memory. The host
 *     reads the oldest frame with pg_frame_read() and acknowledges it with pg_frame_release().
 *     A frame is never overwritten before it is released.
 *
 * Ordering guarantee: every effect of the tags accepted by pg_push() is complete when pg_push()
 * returns, so a CTRL_CLOSE_FRAME written afterwards closes a frame that contains all of them.
 *
 * Threads: a handle is used by one thread at a time. Handles are independent (each Verilator
 * handle owns its own VerilatedContext).
 *
 * Errors: functions returning int or int64_t return a negative PG_E* code on failure and set the
 * handle's last error text (pg_last_error). No function calls exit() or abort(): a $fatal in the
 * firmware puts the handle into the PG_EFATAL state.
 */
#ifndef PAIRGATE_H
#define PAIRGATE_H

#include <stdint.h>
#include "pairgate_map.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PG_ABI_VERSION 1

/* Error codes (negative return values). */
#define PG_OK        0
#define PG_EINVAL   -1  /* bad argument: null pointer, unknown register, negative count, bad option */
#define PG_ESMALL   -2  /* pg_frame_read: destination smaller than one frame */
#define PG_EFATAL   -3  /* the core stopped ($fatal / internal error); close the handle */
#define PG_ESTATE   -4  /* call not allowed in the current state */

typedef struct pg_device pg_device;

/** ABI version implemented by this library (PG_ABI_VERSION). */
int pg_abi_version(void);

/**
 * Opens a device. `options` is NULL or a comma-separated list of key=value:
 *   ring_frames=N   frame ring slots in host memory (default 8, at least 2)
 * Returns NULL on failure; pg_last_error(NULL) then tells why (per thread).
 * The core starts reset, with default configuration (see docs/device-abi.md).
 */
pg_device *pg_open(const char *options);

/** Closes the handle and frees everything it owns. NULL is ignored. */
void pg_close(pg_device *dev);

/** Text of the last error on this handle (or of the last failed pg_open on this thread when dev is NULL). Never NULL. */
const char *pg_last_error(const pg_device *dev);

/** Reads register `addr` into *value. */
int pg_reg_read(pg_device *dev, uint32_t addr, uint64_t *value);

/**
 * Writes register `addr`. A CTRL command is queued behind every tag already accepted and executed
 * in order: CTRL_CLOSE_FRAME closes the frame at once if the ring has room, otherwise the closed
 * frame waits inside the core (STATUS_FRAME_PENDING) until pg_frame_release frees a slot; no tag
 * is accepted while a frame waits.
 */
int pg_reg_write(pg_device *dev, uint32_t addr, uint64_t value);

/**
 * Pushes up to `count` tags: times[i] (signed ticks) on channels[i]. Returns the number accepted
 * (0..count; fewer only when the frame ring is full), or a negative error.
 */
int64_t pg_push(pg_device *dev, const int64_t *times, const uint8_t *channels, int64_t count);

/** Frames waiting in the ring (closed, not yet released). */
int pg_frames_pending(pg_device *dev);

/**
 * Copies the oldest unreleased frame into dst (capacity in 64-bit words). Returns its word count,
 * 0 when the ring is empty, PG_ESMALL when capacity is less than one frame. Does not release it.
 */
int64_t pg_frame_read(pg_device *dev, uint64_t *dst, int64_t capacity_words);

/** Releases the oldest frame, freeing its ring slot. PG_ESTATE when the ring is empty. */
int pg_frame_release(pg_device *dev);

#ifdef __cplusplus
}
#endif

#endif /* PAIRGATE_H */
