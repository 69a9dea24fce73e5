// link_api.h -- loads a library of the device C ABI (pairgate.h) with dlopen, so that one program
// can drive libpairgate_rtl.so (the bare core) and libpairgate_link.so (link front end + core)
// side by side: both export the same pg_* symbols, so each is opened RTLD_LOCAL and called
// through its own table.

#ifndef PG_LINK_API_H
#define PG_LINK_API_H

#include "pairgate.h"
#include "pairgate_rtl_probe.h"

#include <dlfcn.h>
#include <cstdio>
#include <cstdlib>
#include <string>

struct PgApi {
    void *handle = nullptr;
    pg_device *(*open)(const char *) = nullptr;
    void (*close)(pg_device *) = nullptr;
    const char *(*last_error)(const pg_device *) = nullptr;
    int (*reg_read)(pg_device *, uint32_t, uint64_t *) = nullptr;
    int (*reg_write)(pg_device *, uint32_t, uint64_t) = nullptr;
    int64_t (*push)(pg_device *, const int64_t *, const uint8_t *, const uint32_t *, int64_t) = nullptr;
    int (*frames_pending)(pg_device *) = nullptr;
    int64_t (*frame_read)(pg_device *, uint64_t *, int64_t) = nullptr;
    int (*frame_release)(pg_device *) = nullptr;
    int (*writes_refused_by_library)(const pg_device *, uint64_t *) = nullptr;  // ABI version 4
    int (*link_probe)(const pg_device *, pg_link_clocks *) = nullptr;  // link library only

    template <typename F>
    void bind(F &f, const char *name, bool required = true) {
        f = reinterpret_cast<F>(dlsym(handle, name));
        if (!f && required) {
            std::fprintf(stderr, "%s: no symbol %s\n", dlerror(), name);
            std::exit(2);
        }
    }

    explicit PgApi(const std::string &path) {
        handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            std::fprintf(stderr, "cannot load %s: %s\n", path.c_str(), dlerror());
            std::exit(2);
        }
        bind(open, "pg_open");
        bind(close, "pg_close");
        bind(last_error, "pg_last_error");
        bind(reg_read, "pg_reg_read");
        bind(reg_write, "pg_reg_write");
        bind(push, "pg_push");
        bind(frames_pending, "pg_frames_pending");
        bind(frame_read, "pg_frame_read");
        bind(frame_release, "pg_frame_release");
        bind(writes_refused_by_library, "pg_writes_refused_by_library");
        bind(link_probe, "pg_link_probe_clocks", false);
    }

    uint64_t reg(pg_device *d, uint32_t a) const {
        uint64_t v = 0;
        if (reg_read(d, a, &v) != PG_OK) {
            std::fprintf(stderr, "pg_reg_read(0x%x): %s\n", a, last_error(d));
            std::exit(2);
        }
        return v;
    }
    // pg_reg_write's PG_ESTATE refusals the library counted (never on the bus)
    uint64_t refused_by_library(pg_device *d) const {
        uint64_t v = 0;
        if (writes_refused_by_library(d, &v) != PG_OK) {
            std::fprintf(stderr, "pg_writes_refused_by_library: %s\n", last_error(d));
            std::exit(2);
        }
        return v;
    }
    // every PG_ESTATE refusal of pg_reg_write: withdrawn from the bus and counted by the link
    // firmware (LINK_WRITES_REFUSED; none on the bare core) plus those the library refused first
    uint64_t refused_all(pg_device *d, bool link) const {
        return (link ? reg(d, PG_REG_LINK_WRITES_REFUSED) : 0) + refused_by_library(d);
    }
    void wr(pg_device *d, uint32_t a, uint64_t v) const {
        if (reg_write(d, a, v) != PG_OK) {
            std::fprintf(stderr, "pg_reg_write(0x%x): %s\n", a, last_error(d));
            std::exit(2);
        }
    }
};

#endif
