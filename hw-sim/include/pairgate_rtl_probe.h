/*
 * pairgate_rtl_probe.h -- test-only view into the clock loop of the Verilator library
 * (libpairgate_rtl.so). NOT part of the device ABI (pairgate.h): a board has no such counters, the
 * Java host never calls it. The firmware tests use it to measure the core's dead time (clocks in
 * which the input was refused), which frames alone cannot show.
 */
#ifndef PAIRGATE_RTL_PROBE_H
#define PAIRGATE_RTL_PROBE_H

#include <stdint.h>
#include "pairgate.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Clock counts since pg_open, kept by the library's clock loop. */
typedef struct pg_rtl_clocks {
    uint64_t clocks;             /* rising clock edges */
    uint64_t tag_offered;        /* edges with a tag word offered (s_tag_valid) */
    uint64_t tag_refused;        /* of those, edges with s_tag_ready low: the input stalled */
    uint64_t frame_streaming;    /* edges with a frame word moving out (m_frame_valid && m_frame_ready) */
    uint64_t refused_streaming;  /* edges with a tag refused while a frame word moved out */
} pg_rtl_clocks;

/** Copies the handle's clock counts into *out. PG_EINVAL when dev or out is NULL. */
int pg_rtl_probe_clocks(const pg_device *dev, pg_rtl_clocks *out);

/** The link library's (libpairgate_link.so) view of the link since pg_open. */
typedef struct pg_link_clocks {
    uint64_t clocks;      /* simulated rising edges */
    uint64_t link_clock;  /* link time in clocks since the first tag (simulated + skipped idle clocks) */
    uint64_t words;       /* edges with a link word (s_axis_tvalid) */
    uint64_t tags;        /* tags put on the link */
} pg_link_clocks;

/** libpairgate_link.so only: copies the link counts into *out. PG_EINVAL when dev or out is NULL. */
int pg_link_probe_clocks(const pg_device *dev, pg_link_clocks *out);

/**
 * libpairgate_link.so only: sets the pacing of the tags pushed from now on (the pg_open option
 * ticks_per_clock): a tag of time t is on the link at clock (t - t0) / ticks_per_clock, 0 = a full
 * word every clock. PG_EINVAL for a negative value. On a board the link paces itself.
 */
int pg_link_pace(pg_device *dev, int64_t ticks_per_clock);

#ifdef __cplusplus
}
#endif

#endif /* PAIRGATE_RTL_PROBE_H */
