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
 *   - A tag stream in: pg_push() hands the core a batch of tag words (time, channel, count),
 *     time-ordered; a word stands for `count` identical tags (a sync run: k empty sync periods in
 *     one word). It returns how many words the core accepted.
 *   - Two frame banks in the core: the active bank counts, the frozen bank holds the last closed
 *     frame while it streams out. Tags keep flowing while a frame streams or waits.
 *   - A frame ring out: every closed frame (fixed size, PG_REG_FRAME_WORDS words, layout in
 *     docs/frame-format.md) is written into a ring of `ring_frames` slots in host memory. The host
 *     reads the oldest frame with pg_frame_read() and acknowledges it with pg_frame_release().
 *     A frame is never overwritten before it is released. When every slot holds an unreleased
 *     frame, the next closed frame waits in the frozen bank (STATUS_FRAME_PENDING), and while it
 *     waits the frames that FRAME_TRIALS would close are merged into the active one (frame word and
 *     register MERGES count them): no count is lost, frames just get longer.
 *   - A trial-record ring out (optional, register RECORDS_ENABLE): every closed trial with a
 *     non-zero pattern makes a record (pg_record_layout in pairgate_map.h: trial index, sync time,
 *     pattern, first-arrival bins) that goes into a ring of `record_capacity` records in host
 *     memory, read and removed with pg_record_read(). When the ring is full, the core's record
 *     FIFO (PG_RECORD_FIFO_DEPTH records) holds further records; when that is full too, a new
 *     record is dropped and counted (RECORDS_DROPPED). Records never stop the input or the frames
 *     (histograms stay exact); they come out in trial order.
 *
 * Backpressure: the only thing that stops the input is a CTRL command (a host close or a reset)
 * that waits behind the frozen frame because the ring is full. pg_push() then returns fewer words
 * than offered; release a frame (which lets the frozen frame into the ring and runs the command)
 * and push the rest. A full ring alone never shortens a push.
 *
 * Ordering guarantee: every effect of the tags accepted by pg_push() is complete when pg_push()
 * returns, so a CTRL_CLOSE_FRAME written afterwards closes a frame that contains all of them. Each
 * call clocks the core until it has nothing left to do but wait for the host: seen from the host,
 * streaming a frame into a free slot and running a command are immediate. This keeps the device
 * deterministic (the same calls give the same frames, as in the Java model).
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

/* ABI versions: 2 added tag counts to pg_push; 3 added the trial-record ring (record_capacity,
 * pg_record_read, pg_records_pending) and register map version 3 (LANES, RECORDS_*); 4 added
 * pg_writes_refused_by_library (every PG_ESTATE of pg_reg_write counted somewhere). */
#define PG_ABI_VERSION 4

/* Error codes (negative return values). */
#define PG_OK        0
#define PG_EINVAL   -1  /* bad argument: null pointer, unknown or read-only register, negative count, tag count 0, bad option */
#define PG_ESMALL   -2  /* pg_frame_read: destination smaller than one frame */
#define PG_EFATAL   -3  /* the core stopped ($fatal / internal error); close the handle */
#define PG_ESTATE   -4  /* call not allowed in the current state */

typedef struct pg_device pg_device;

/** ABI version implemented by this library (PG_ABI_VERSION). */
int pg_abi_version(void);

/**
 * Opens a device. `options` is NULL or a comma-separated list of key=value:
 *   ring_frames=N       frame ring slots in host memory (default 8, at least 2)
 *   record_capacity=N   trial records the host record ring holds (default 1024, 1..2^24)
 * Returns NULL on failure; pg_last_error(NULL) then tells why (per thread).
 * The core starts reset, with default configuration (see docs/device-abi.md).
 */
pg_device *pg_open(const char *options);

/** Closes the handle and frees everything it owns. NULL is ignored. */
void pg_close(pg_device *dev);

/** Text of the last error on this handle (or of the last failed pg_open on this thread when dev is NULL). Never NULL. */
const char *pg_last_error(const pg_device *dev);

/**
 * Reads register `addr` into *value. Besides the configuration: STATUS (STATUS_IDLE,
 * STATUS_FRAME_PENDING = the frozen bank holds a closed frame, i.e. after a call: a frame waits for
 * a ring slot), FRAMES (frames written into the ring since reset, not one waiting in the frozen
 * bank), TRIALS (trials closed since reset), MERGES (frame closes absorbed since reset because the
 * host held the frozen bank), SYNC_PENDING (sync words waiting in the sync-delay queue, at most
 * PG_SYNC_QUEUE_DEPTH; they are counted in SYNCS already and become trials later).
 * Reading CTRL gives 0. PG_EINVAL for an address outside the map.
 * The RTL libraries clock the model once per read (no tag offered, no write), as a bus read does:
 * the firmware's STATUS is the state at the previous clock edge (fpga/README "Register read"), so
 * the value is the state the last call left. That clock changes no frame or record.
 */
int pg_reg_read(pg_device *dev, uint32_t addr, uint64_t *value);

/**
 * Writes register `addr` (PG_EINVAL for a read-only register or an address outside the map).
 * A CTRL command is queued behind every tag already accepted and executed in order; the call
 * clocks the core until the command has completed, or until it waits behind the frozen frame
 * (the ring is full): CTRL_CLOSE_FRAME and CTRL_RESET need the frozen bank free. A waiting
 * command stops the input (pg_push returns short) until pg_frame_release lets the frozen frame
 * into the ring; then it runs. One command may wait; another CTRL write meanwhile is refused
 * with PG_ESTATE (release frames first).
 * libpairgate_link.so: a core register write (address < 0x80) waits in the link front end until
 * the tags before it are in the core; a second one meanwhile is stalled on the register bus and,
 * when the first cannot go in without the host (its tags wait for a held frame), withdrawn:
 * PG_ESTATE, never applied, counted in LINK_WRITES_REFUSED (fpga/README.md "Link front end").
 * Every PG_ESTATE of this call is counted exactly once: in LINK_WRITES_REFUSED when the write was
 * on the register bus and withdrawn, else by the library (pg_writes_refused_by_library).
 */
int pg_reg_write(pg_device *dev, uint32_t addr, uint64_t value);

/**
 * ABI version 4. Stores in *count the register writes this handle refused with PG_ESTATE without
 * putting them on the register bus, since pg_open (CTRL_RESET does not clear it): a CTRL command
 * written while the core's own command waits behind the frozen frame (the core would merge it
 * into the waiting one, so the library refuses it up front). On libpairgate_link.so a write that
 * was on the bus and withdrawn (another write held in the front end) is counted by the firmware in
 * LINK_WRITES_REFUSED instead, never here: the two add up to every PG_ESTATE of pg_reg_write. A
 * board's driver keeps the same count (the firmware cannot see a write that never reached it).
 * PG_EINVAL when dev or count is NULL.
 */
int pg_writes_refused_by_library(const pg_device *dev, uint64_t *count);

/**
 * Pushes up to `count` tag words: times[i] (signed ticks) on channels[i], standing for counts[i]
 * identical tags (counts NULL: every word is one tag). Every count must be at least 1: any 0 is
 * PG_EINVAL and nothing is pushed (checked before the first word). Returns the number of words
 * accepted (0..count), or a negative error. It accepts fewer than `count` only when a CTRL
 * command waits behind the frozen frame (see pg_reg_write), not merely because the ring is full.
 */
int64_t pg_push(pg_device *dev, const int64_t *times, const uint8_t *channels, const uint32_t *counts, int64_t count);

/** Frames waiting in the ring (closed, not yet released). */
int pg_frames_pending(pg_device *dev);

/**
 * Copies the oldest unreleased frame into dst (capacity in 64-bit words). Returns its word count,
 * 0 when the ring is empty, PG_ESMALL when capacity is less than one frame. Does not release it.
 */
int64_t pg_frame_read(pg_device *dev, uint64_t *dst, int64_t capacity_words);

/**
 * Releases the oldest frame, freeing its ring slot, then clocks the core until the frozen frame
 * (if any) has streamed into the ring and a waiting CTRL command has run (or waits again behind
 * the next frozen frame), so that, seen from the host, releasing is immediate. PG_ESTATE when the
 * ring is empty.
 */
int pg_frame_release(pg_device *dev);

/** Trial records waiting in the record ring (whole records; the core's FIFO is not counted). */
int64_t pg_records_pending(pg_device *dev);

/**
 * Copies the oldest whole records of the record ring into dst (capacity in 64-bit words; as many
 * records as fit, each pg_record_layout.record_words words, in trial order) and removes them from
 * the ring. Returns the number of words copied (a multiple of the record size), 0 when the ring
 * is empty, PG_ESMALL when capacity is less than one record. Records held in the core's FIFO then
 * move into the freed slots (the call clocks the core until they have).
 */
int64_t pg_record_read(pg_device *dev, uint64_t *dst, int64_t capacity_words);

#ifdef __cplusplus
}
#endif

#endif /* PAIRGATE_H */
