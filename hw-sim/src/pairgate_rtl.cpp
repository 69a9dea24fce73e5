// pairgate_rtl.cpp -- the device C ABI (pairgate.h) over the Verilator model of fpga/rtl/pg_core.
//
// Each handle owns a VerilatedContext and a Vpg_core. The clock loop lives here: pg_push drives
// the tag stream from the caller's arrays and clocks the core over the whole batch; the frame
// stream is collected into a ring of `ring_frames` slots, m_frame_ready is low while every slot
// holds an unreleased frame. The trial-record stream (m_rec_*) is collected the same way into a
// ring of `record_capacity` records, in the same clock loop: m_rec_ready is low while that ring
// is full, and the core's record FIFO (PG_RECORD_FIFO_DEPTH records) holds what does not fit,
// then drops (RECORDS_DROPPED). A trial close takes at least 3 clocks and a record leaves the FIFO
// within 2, so a record is dropped exactly when, at its trial close, the ring is full and the FIFO
// holds PG_RECORD_FIFO_DEPTH records: ring + FIFO act as one queue of record_capacity +
// PG_RECORD_FIFO_DEPTH records (the Java model's rule).
//
// Every call clocks the core until it is *settled*: nothing left to do but wait for the host
// (see settled()). That makes the device deterministic seen from the host: whether a frame due
// while the frozen bank is busy merges depends only on the ring (held by the host or not), never
// on how many clocks the host happened to give the core.
//
// One clock = set inputs, clk=0 eval (combinational settle, handshakes sampled), clk=1 eval.
//
// Built with -DPG_LINK it is libpairgate_link.so instead: the same ABI over fpga/rtl/pg_link_top
// (the link front end + the core), fed the way a time tagger's FPGA link feeds it (fpga/README.md
// "Link front end"): one link word of up to WORD_WIDTH tags per clock, never waiting for the core
// (there is no ready; the front end drops whole words when its FIFO is full and counts them);
// pg_push's channels are the link's signed channels (int8: +n rising edge of input n, -n falling)
// and a word of count k is k tags on the link. Pacing (pg_open option ticks_per_clock=N): a tag of
// time t is due at link clock (t - t0) / N (t0 = the first time after open or reset); 0 (the
// default) = no pacing, a full word every clock. Clocks in which nothing is due and nothing is in
// flight are skipped (they change nothing), so a sparse stream costs no simulated time.

#include "pairgate.h"
#include "pairgate_rtl_probe.h"

#ifdef PG_LINK
#include "Vpg_link_top.h"
using Vtop = Vpg_link_top;
#define PG_TOP_NAME "pg_link_top"
#else
#include "Vpg_core.h"
using Vtop = Vpg_core;
#define PG_TOP_NAME "pg_core"
#endif
#include "verilated.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

struct pg_device {
    VerilatedContext *ctx = nullptr;
    Vtop *top = nullptr;
    uint32_t frame_words = 0;
    int lanes = 1;               // register LANES: tags per input word
    int ring_n = 8;
    std::vector<uint64_t> ring;  // ring_n * frame_words
    int ring_head = 0;           // oldest complete frame
    int ring_count = 0;          // complete, unreleased frames
    uint32_t fill = 0;           // words of the frame being received (into slot head+count)
    uint32_t rec_words = 0;      // words of one trial record (PG_RECORD_WORDS of the shape)
    int rec_n = 1024;            // record ring capacity (records)
    std::vector<uint64_t> rec_ring;  // rec_n * rec_words
    int rec_head = 0;            // oldest record
    int rec_count = 0;           // records in the ring
    pg_rtl_clocks clocks{};      // test probe (pairgate_rtl_probe.h)
#ifdef PG_LINK
    int64_t ticks_per_clock = 0;  // pacing: 0 = a full link word every clock
    bool t0_set = false;         // t0 and the link clock restart at open and at CTRL_RESET
    int64_t t0 = 0;
    uint64_t link_clock = 0;     // link time in clocks since t0 (simulated + skipped)
    uint64_t last_due = 0;       // due clock of the last tag offered (dues never go backwards)
    pg_link_clocks link{};       // test probe
#endif
    uint64_t refused_by_library = 0;  // pg_reg_write's PG_ESTATE refusals that never reached the bus
    bool fatal = false;
    std::string err;
};

namespace {

thread_local std::string t_open_error = "no error";
thread_local pg_device *t_current = nullptr;  // handle whose model is being evaluated

// Guard that marks `dev` as the handle being evaluated on this thread (for vl_fatal & co).
struct Current {
    pg_device *prev;
    explicit Current(pg_device *d) : prev(t_current) { t_current = d; }
    ~Current() { t_current = prev; }
};

constexpr uint64_t kWatchdog = 1u << 24;  // clocks without progress before the handle is declared hung

int fail(pg_device *dev, int code, const std::string &msg) {
    dev->err = msg;
    return code;
}

// ---- the register map, from the generated PG_REG_* constants (no address range by hand) -----

enum class Access { kRead, kWrite, kReadWrite };

struct RegSlots {
    uint32_t base;   // PG_REG_* address of slot 0
    uint32_t count;  // slots (1, or PG_MAX_DETECTORS / PG_MAX_WINDOWS for per-detector/window ones)
    Access access;
};

// Every register of fpga/pairgate.map. CTRL is write-only in the map; reading it gives 0 (the
// core's commands are self-clearing), so it is readable here as before.
constexpr RegSlots kRegisters[] = {
    {PG_REG_ID, 1, Access::kRead},
    {PG_REG_SHAPE, 1, Access::kRead},
    {PG_REG_FRAME_WORDS, 1, Access::kRead},
    {PG_REG_CTRL, 1, Access::kReadWrite},
    {PG_REG_STATUS, 1, Access::kRead},
    {PG_REG_FRAMES, 1, Access::kRead},
    {PG_REG_TRIALS, 1, Access::kRead},
    {PG_REG_MERGES, 1, Access::kRead},
    {PG_REG_SYNC_CHANNEL, 1, Access::kReadWrite},
    {PG_REG_FRAME_TRIALS, 1, Access::kReadWrite},
    {PG_REG_BIN_TICKS, 1, Access::kReadWrite},
    {PG_REG_SYNC_DELAY, 1, Access::kReadWrite},
    {PG_REG_SYNC_PENDING, 1, Access::kRead},
    {PG_REG_RECORDS_ENABLE, 1, Access::kReadWrite},
    {PG_REG_RECORDS_MADE, 1, Access::kRead},
    {PG_REG_RECORDS_DROPPED, 1, Access::kRead},
    {PG_REG_DET_CHANNEL, PG_MAX_DETECTORS, Access::kReadWrite},
    {PG_REG_DET_DELAY, PG_MAX_DETECTORS, Access::kReadWrite},
    {PG_REG_WIN_START, PG_MAX_WINDOWS, Access::kReadWrite},
    {PG_REG_WIN_LENGTH, PG_MAX_WINDOWS, Access::kReadWrite},
    {PG_REG_LANES, 1, Access::kRead},
#ifdef PG_LINK
    {PG_REG_LINK_ID, 1, Access::kRead},
    {PG_REG_LINK_WORD_WIDTH, 1, Access::kRead},
    {PG_REG_LINK_FIFO_DEPTH, 1, Access::kRead},
    {PG_REG_LINK_COALESCE, 1, Access::kReadWrite},
    {PG_REG_LINK_TAGS, 1, Access::kRead},
    {PG_REG_LINK_UNMAPPED, 1, Access::kRead},
    {PG_REG_LINK_DROPPED_TAGS, 1, Access::kRead},
    {PG_REG_LINK_DROPPED_WORDS, 1, Access::kRead},
    {PG_REG_LINK_RUNS, 1, Access::kRead},
    {PG_REG_LINK_FIFO_MAX, 1, Access::kRead},
    {PG_REG_LINK_TIME_BOUND, 1, Access::kRead},
    {PG_REG_LINK_FLUSH, 1, Access::kWrite},
    {PG_REG_LINK_HOLD_TICKS, 1, Access::kReadWrite},
    {PG_REG_LINK_WRITES_REFUSED, 1, Access::kRead},
    {PG_REG_LINK_MAP, PG_LINK_MAP_SLOTS, Access::kReadWrite},
#endif
};

// The core decodes 8 address bits: a slot above 0xFF would alias.
constexpr bool registers_fit_the_address_port() {
    for (const RegSlots &r : kRegisters)
        if (r.base + r.count > 0x100u) return false;
    return true;
}
static_assert(registers_fit_the_address_port(), "a register slot beyond reg_addr[7:0]");

constexpr bool registers_do_not_overlap() {
    for (const RegSlots &a : kRegisters)
        for (const RegSlots &b : kRegisters)
            if (&a != &b && a.base < b.base + b.count && b.base < a.base + a.count) return false;
    return true;
}
static_assert(registers_do_not_overlap(), "two registers share an address");

const RegSlots *find_register(uint32_t addr) {
    for (const RegSlots &r : kRegisters)
        if (addr >= r.base && addr - r.base < r.count) return &r;
    return nullptr;
}
bool reg_known(uint32_t addr) { return find_register(addr) != nullptr; }
bool reg_writable(uint32_t addr) {
    const RegSlots *r = find_register(addr);
    return r && r->access != Access::kRead;
}

// Half-clock: inputs are set by the caller; settle with clk low.
inline void settle(pg_device *d) {
    d->top->clk = 0;
    d->top->eval();
}
inline void rise(pg_device *d) {
    d->top->clk = 1;
    d->top->eval();
    if (d->ctx->gotFinish() && !d->fatal) {
        d->fatal = true;
        d->err = "the core stopped ($finish)";
    }
}

inline bool ring_full(const pg_device *d) { return d->ring_count >= d->ring_n; }
inline bool rec_ring_full(const pg_device *d) { return d->rec_count >= d->rec_n; }

// The ready inputs of both output streams: each is taken while its host ring has room.
inline void set_ready(pg_device *d) {
    d->top->m_frame_ready = !ring_full(d);
    d->top->m_rec_ready = !rec_ring_full(d);
}

// The frozen bank holds a closed frame that cannot stream: every ring slot is taken. Only the
// host (pg_frame_release) can end this.
inline bool frame_held_by_host(const pg_device *d) { return d->top->status_frame_pending && ring_full(d); }

// A CTRL command waits behind the held frame; it stops the input until the host releases a frame.
inline bool command_waits_for_host(const pg_device *d) {
    return d->top->status_cmd_pending && frame_held_by_host(d);
}

// Nothing left that the core can do without the host (sampled after settle()):
//  - idle: no tag, command or frame in flight, frozen bank free; or
//  - a command waits behind the held frame (each call settles, so no tag is in flight); or
//  - the frozen frame is held and nothing else is in flight (status_quiet: no tag, division,
//    command or trial close; status_idle additionally needs the frozen bank free).
// In every case, no trial record may still move into the record ring (one waits in the FIFO's
// output register while the ring has room): records never block, but they must be in the ring
// before a call returns, so that a full ring (and with it a drop) depends on the host's calls only.
inline bool settled(const pg_device *d) {
    const Vtop *t = d->top;
    if (t->m_rec_valid && !rec_ring_full(d)) return false;
    if (t->status_idle || command_waits_for_host(d)) return true;
    return frame_held_by_host(d) && t->status_quiet;
}

// Samples the frame stream (after settle): stores a word when valid && ready.
inline void take_frame_word(pg_device *d) {
    Vtop *t = d->top;
    if (t->m_frame_valid && t->m_frame_ready) {
        int slot = (d->ring_head + d->ring_count) % d->ring_n;
        if (d->fill < d->frame_words) d->ring[size_t(slot) * d->frame_words + d->fill] = t->m_frame_data;
        d->fill++;
        if (t->m_frame_last) {
            if (d->fill != d->frame_words && !d->fatal) {
                d->fatal = true;
                d->err = "frame of " + std::to_string(d->fill) + " words, expected " + std::to_string(d->frame_words);
            }
            d->fill = 0;
            d->ring_count++;
        }
    }
}

// Samples the record stream (after settle): stores a whole record when valid && ready. The record
// is m_rec_data, word k in bits [64k, 64k + 64) (Verilator: 32-bit words 2k and 2k + 1).
inline void take_record(pg_device *d) {
    Vtop *t = d->top;
    if (t->m_rec_valid && t->m_rec_ready) {
        const int slot = (d->rec_head + d->rec_count) % d->rec_n;
        uint64_t *dst = &d->rec_ring[size_t(slot) * d->rec_words];
        for (uint32_t k = 0; k < d->rec_words; k++)
            dst[k] = uint64_t(t->m_rec_data[2 * k]) | uint64_t(t->m_rec_data[2 * k + 1]) << 32;
        d->rec_count++;
    }
}

// Test probe: what this edge does with the tag input and the frame stream (after settle).
inline void count_edge(pg_device *d) {
    const Vtop *t = d->top;
    pg_rtl_clocks &c = d->clocks;
    const bool streaming = t->m_frame_valid && t->m_frame_ready;
#ifdef PG_LINK
    const bool offered = t->s_axis_tvalid;
    const bool refused = false;  // the link has no ready: drops are counted by the front end
    d->link.clocks++;
    d->link.words += offered;
#else
    const bool offered = t->s_tag_valid;
    const bool refused = t->s_tag_valid && !t->s_tag_ready;
#endif
    c.clocks++;
    c.tag_offered += offered;
    c.tag_refused += refused;
    c.frame_streaming += streaming;
    c.refused_streaming += refused && streaming;
}

// Sets lane `lane` (bits [lane*width +: width]) of a tag port: scalar ports (up to 64 bits) ...
template <typename T>
inline void set_lane(T &port, int lane, int width, uint64_t v) {
    const int pos = lane * width;
    const uint64_t mask = width >= 64 ? ~uint64_t(0) : ((uint64_t(1) << width) - 1);
    port = T((uint64_t(port) & ~(mask << pos)) | ((v & mask) << pos));
}
// ... and wide ports (Verilator's 32-bit words; the wide tag ports have 32- or 64-bit lanes)
template <std::size_t N>
inline void set_lane(VlWide<N> &port, int lane, int width, uint64_t v) {
    const int pos = lane * width;
    for (int b = 0; b < width; b += 32) port[size_t((pos + b) / 32)] = uint32_t(v >> b);
}

// No tag word on the input.
inline void idle_input(Vtop *t) {
#ifdef PG_LINK
    t->s_axis_tvalid = 0;
    t->s_axis_tkeep = 0;
#else
    t->s_tag_valid = 0;
    t->s_tag_keep = 0;
#endif
}

#ifndef PG_LINK
// Offers tags [i, i + n) as one word (n <= lanes; the lanes above n are not kept).
inline void offer_word(pg_device *d, const int64_t *times, const uint8_t *channels, const uint32_t *counts,
                       int64_t i, int n) {
    Vtop *t = d->top;
    t->s_tag_valid = n > 0;
    t->s_tag_keep = uint8_t((1u << n) - 1u);
    for (int l = 0; l < n; l++) {
        set_lane(t->s_tag_time, l, 64, uint64_t(times[i + l]));
        set_lane(t->s_tag_channel, l, 8, channels[i + l]);
        set_lane(t->s_tag_count, l, 32, counts ? counts[i + l] : 1u);
    }
}
#endif

// The second half of a clock whose inputs are set and settled: handshakes, then the edge.
inline void clock_edge(pg_device *d) {
    count_edge(d);
    take_frame_word(d);
    take_record(d);
    rise(d);
}

// Clocks the core with no tag offered until it is settled. Returns PG_OK or PG_EFATAL.
int drain(pg_device *d) {
    Vtop *t = d->top;
    idle_input(t);
    for (uint64_t n = 0;; n++) {
        if (d->fatal) return PG_EFATAL;
        set_ready(d);
        settle(d);
        if (settled(d)) return PG_OK;
        if (n > kWatchdog) {
            d->fatal = true;
            d->err = "the core does not settle (internal error)";
            return PG_EFATAL;
        }
        clock_edge(d);
    }
}

// One register read as a bus does it: the address on the read port (reg_raddr, its own: the
// write's reg_addr is not read) for one clock with no tag offered and no write, then reg_rdata,
// the register the address named in that clock (a registered read, 1 clock: fpga/README
// "Register read"). STATUS is the status of that clock, the state the last call left (every call
// returns settled: the clock changes nothing but the read registers and the status snapshots;
// hw-sim test reads_between_pushes_leave_frames_unchanged).
uint64_t read_clocked(pg_device *d, uint32_t addr) {
    Vtop *t = d->top;
    idle_input(t);
    t->reg_we = 0;
    t->reg_raddr = uint8_t(addr);  // the stream readies stay as the last call left them
    settle(d);
    clock_edge(d);
    settle(d);
    return t->reg_rdata;
}

std::string trim(const std::string &s) {
    size_t b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    size_t e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

int64_t parse_int(const std::string &v, bool *ok) {
    errno = 0;
    char *end = nullptr;
    long long x = std::strtoll(v.c_str(), &end, 10);
    *ok = !v.empty() && end && *end == '\0' && errno == 0;
    return x;
}

}  // namespace

// ---- Verilator hooks: never exit() or abort() the host process ------------------------------
// verilated.cpp is compiled with VL_USER_FINISH, VL_USER_STOP and VL_USER_FATAL.

static void mark_fatal(const char *what, const char *filename, int linenum, const char *msg) {
    pg_device *d = t_current;
    if (!d) return;
    if (d->ctx) d->ctx->gotFinish(true);
    d->fatal = true;
    d->err = std::string("the core stopped: ") + what + (msg && *msg ? std::string(": ") + msg : "")
             + (filename && *filename ? " (" + std::string(filename) + ":" + std::to_string(linenum) + ")" : "");
}

void vl_finish(const char *filename, int linenum, const char * /*hier*/) VL_MT_UNSAFE {
    mark_fatal("$finish", filename, linenum, nullptr);
}
void vl_stop(const char *filename, int linenum, const char * /*hier*/) VL_MT_UNSAFE {
    mark_fatal("$stop", filename, linenum, nullptr);
}
void vl_fatal(const char *filename, int linenum, const char * /*hier*/, const char *msg) VL_MT_UNSAFE {
    mark_fatal("fatal", filename, linenum, msg);
}

// ---- ABI ---------------------------------------------------------------------------------------

extern "C" {

int pg_abi_version(void) { return PG_ABI_VERSION; }

pg_device *pg_open(const char *options) {
    int ring_n = 8;
    int rec_n = 1024;
#ifdef PG_LINK
    int64_t ticks_per_clock = 0;
#endif
    if (options) {
        std::string opts(options);
        size_t pos = 0;
        while (pos <= opts.size()) {
            size_t comma = opts.find(',', pos);
            if (comma == std::string::npos) comma = opts.size();
            std::string item = opts.substr(pos, comma - pos);
            pos = comma + 1;
            if (trim(item).empty()) {
                if (comma == opts.size()) break;
                continue;
            }
            size_t eq = item.find('=');
            std::string key = trim(item.substr(0, eq));
            std::string val = eq == std::string::npos ? "" : trim(item.substr(eq + 1));
            if (key == "ring_frames") {
                bool ok = false;
                int64_t n = parse_int(val, &ok);
                if (!ok || n < 2 || n > (1 << 20)) {
                    t_open_error = "pg_open: ring_frames must be an integer in 2..1048576, got '" + val + "'";
                    return nullptr;
                }
                ring_n = int(n);
            } else if (key == "record_capacity") {
                bool ok = false;
                int64_t n = parse_int(val, &ok);
                if (!ok || n < 1 || n > (1 << 24)) {
                    t_open_error = "pg_open: record_capacity must be an integer in 1..16777216, got '" + val + "'";
                    return nullptr;
                }
                rec_n = int(n);
#ifdef PG_LINK
            } else if (key == "ticks_per_clock") {
                bool ok = false;
                int64_t n = parse_int(val, &ok);
                if (!ok || n < 0) {
                    t_open_error = "pg_open: ticks_per_clock must be an integer >= 0, got '" + val + "'";
                    return nullptr;
                }
                ticks_per_clock = n;
            } else {
                t_open_error = "pg_open: unknown option '" + key + "' (known: ring_frames, record_capacity, ticks_per_clock)";
                return nullptr;
            }
#else
            } else {
                t_open_error = "pg_open: unknown option '" + key + "' (known: ring_frames, record_capacity)";
                return nullptr;
            }
#endif
            if (comma == opts.size()) break;
        }
    }

    pg_device *d = new (std::nothrow) pg_device;
    if (!d) {
        t_open_error = "pg_open: out of memory";
        return nullptr;
    }
    Current cur(d);
    try {
        d->ctx = new VerilatedContext;
        d->ctx->fatalOnError(false);
        d->ctx->fatalOnVpiError(false);
        d->top = new Vtop(d->ctx, PG_TOP_NAME);
    } catch (const std::exception &e) {
        t_open_error = std::string("pg_open: ") + e.what();
        pg_close(d);
        return nullptr;
    }
    Vtop *t = d->top;
    idle_input(t);
    t->reg_we = 0;
    t->m_frame_ready = 0;
    t->m_rec_ready = 0;
    t->rst = 1;
    for (int i = 0; i < 4; i++) {
        settle(d);
        clock_edge(d);
    }
    t->rst = 0;
    d->frame_words = uint32_t(read_clocked(d, PG_REG_FRAME_WORDS));
    d->lanes = int(read_clocked(d, PG_REG_LANES));
    if (d->lanes < 1 || d->lanes > 8) {
        t_open_error = "pg_open: the core reports " + std::to_string(d->lanes) + " lanes";
        pg_close(d);
        return nullptr;
    }
    d->ring_n = ring_n;
#ifdef PG_LINK
    d->ticks_per_clock = ticks_per_clock;
#endif
    {
        const uint64_t shape = read_clocked(d, PG_REG_SHAPE);
        pg_record_layout rl;
        pg_record_layout_init(&rl, uint32_t(shape & 0xFF), uint32_t(shape >> 8 & 0xFF), uint32_t(shape >> 16 & 0xFFFF),
                              uint32_t(shape >> 32));
        d->rec_words = rl.record_words;
    }
    static_assert(sizeof(t->m_rec_data) * 8 >= 64, "m_rec_data is a wide (VlWide) port");
    if (sizeof(t->m_rec_data) < size_t(d->rec_words) * sizeof(uint64_t)) {
        t_open_error = "pg_open: the core's record port is narrower than the record layout (stale build)";
        pg_close(d);
        return nullptr;
    }
    d->rec_n = rec_n;
    try {
        d->ring.assign(size_t(ring_n) * d->frame_words, 0);
        d->rec_ring.assign(size_t(rec_n) * d->rec_words, 0);
    } catch (const std::exception &) {
        t_open_error = "pg_open: out of memory for the frame ring";
        pg_close(d);
        return nullptr;
    }
    if (drain(d) != PG_OK) {
        t_open_error = "pg_open: " + d->err;
        pg_close(d);
        return nullptr;
    }
    return d;
}

void pg_close(pg_device *dev) {
    if (!dev) return;
    {
        Current cur(dev);
        if (dev->top) {
            dev->top->final();
            delete dev->top;
        }
        delete dev->ctx;
    }
    delete dev;
}

const char *pg_last_error(const pg_device *dev) {
    if (!dev) return t_open_error.c_str();
    return dev->err.c_str();
}

int pg_reg_read(pg_device *dev, uint32_t addr, uint64_t *value) {
    if (!dev) return PG_EINVAL;
    if (!value) return fail(dev, PG_EINVAL, "pg_reg_read: value is NULL");
    if (!reg_known(addr)) return fail(dev, PG_EINVAL, "pg_reg_read: unknown register " + std::to_string(addr));
    if (dev->fatal) return PG_EFATAL;
    Current cur(dev);
    *value = read_clocked(dev, addr);
    return dev->fatal ? PG_EFATAL : PG_OK;
}

int pg_reg_write(pg_device *dev, uint32_t addr, uint64_t value) {
    if (!dev) return PG_EINVAL;
    if (!reg_known(addr)) return fail(dev, PG_EINVAL, "pg_reg_write: unknown register " + std::to_string(addr));
    if (!reg_writable(addr)) return fail(dev, PG_EINVAL, "pg_reg_write: register " + std::to_string(addr) + " is read-only");
    if (dev->fatal) return PG_EFATAL;
    Current cur(dev);
    Vtop *t = dev->top;
#ifdef PG_LINK
    // the core's own command queue (a command waits behind a held frame): a write the front end
    // would let into the core at once must not meet it; one held in the front end is the bus's
    const bool core_cmd_waits = t->status_cmd_pending && !t->status_write_held;
#else
    const bool core_cmd_waits = t->status_cmd_pending;
#endif
    if (addr == PG_REG_CTRL && (value & (PG_CTRL_CLOSE_FRAME | PG_CTRL_RESET)) && core_cmd_waits) {
        // not on the bus (the core would merge it into the waiting command): the firmware cannot
        // count it, the library does (pg_writes_refused_by_library)
        dev->refused_by_library++;
        return fail(dev, PG_ESTATE, "pg_reg_write: refused (counted by the library): a CTRL command is already queued "
                                    "behind a waiting frame; release frames first");
    }
    idle_input(t);
    t->reg_we = 1;
    t->reg_addr = uint8_t(addr);
    t->reg_wdata = value;
#ifdef PG_LINK
    // the bus's write handshake (pg_link_wrhold): a core write waits on the bus while another is
    // held in the front end (reg_wready low), as a bus master keeps a write until it is acked. The
    // library keeps it there while the front end can still make progress; once nothing moves
    // without the host (the held write waits behind tags that wait for a frame the host holds),
    // it gives up, as a bus master's time-out does: the write is withdrawn, the front end counts
    // it (LINK_WRITES_REFUSED, 2 clocks after the withdrawal) and the caller gets PG_ESTATE.
    for (uint64_t n = 0;; n++) {
        set_ready(dev);
        settle(dev);
        if (t->reg_wready) break;
        const bool stuck = settled(dev);
        clock_edge(dev);  // the write is on the bus at this edge and not taken
        if (dev->fatal) {
            t->reg_we = 0;
            return PG_EFATAL;
        }
        if (stuck || n > kWatchdog) {
            t->reg_we = 0;
            for (int k = 0; k < 2; k++) {  // the withdrawal is seen, then counted (pg_link_wrhold)
                set_ready(dev);
                settle(dev);
                clock_edge(dev);
            }
            if (dev->fatal) return PG_EFATAL;
            return fail(dev, PG_ESTATE, "pg_reg_write: refused (counted in LINK_WRITES_REFUSED): another register write waits "
                                        "in the link front end behind tags that wait for a held frame; release frames first");
        }
    }
#else
    set_ready(dev);
    settle(dev);
#endif
    clock_edge(dev);
    t->reg_we = 0;
    if (dev->fatal) return PG_EFATAL;
#ifdef PG_LINK
    if (addr == PG_REG_CTRL && (value & PG_CTRL_RESET)) dev->t0_set = false;  // pacing restarts with the next tag
#endif
#ifdef PG_LINK
    // a core write goes in once the words before it are in the core: done on return unless they
    // wait for a frame the host holds (then the write stays held and pg_push takes no tag until
    // it has gone in, so that it takes effect exactly between the tags pushed before and after it)
    if (addr < 0x80u) {
        // the edge above took it into the write hold's slot; it goes into the core from there, at
        // the next edge when the front end is empty (pg_link_wrhold since fw21r: the core's write
        // port is registers). Clock once so that it does before drain judges the state: a write
        // in the slot reads as a pending command, and drain would stop at it when a frame is held.
        if (t->status_write_held) {
            set_ready(dev);
            settle(dev);
            clock_edge(dev);
            if (dev->fatal) return PG_EFATAL;
        }
        return drain(dev);
    }
#endif
    if (addr == PG_REG_CTRL) return drain(dev);
    return PG_OK;
}

// Every count of a batch is at least 1 (checked before anything is pushed).
static bool counts_valid(const uint32_t *counts, int64_t count) {
    if (!counts) return true;
    for (int64_t i = 0; i < count; i++)
        if (counts[i] == 0) return false;
    return true;
}

#ifdef PG_LINK
// The link word of this clock: the next due tags, up to `lanes` (a word of count k is k tags).
// Returns the tags put on the link.
static int link_word(pg_device *d, const int64_t *times, const uint8_t *channels, const uint32_t *counts, int64_t count,
                     int64_t *i, uint32_t *used) {
    Vtop *t = d->top;
    int n = 0;
    while (n < d->lanes && *i < count) {
        const int64_t time = times[*i];
        if (!d->t0_set) {
            d->t0_set = true;
            d->t0 = time;
            d->link_clock = 0;
            d->last_due = 0;
        }
        if (d->ticks_per_clock > 0) {
            const uint64_t due_raw = time > d->t0 ? uint64_t(time - d->t0) / uint64_t(d->ticks_per_clock) : 0;
            const uint64_t due = due_raw > d->last_due ? due_raw : d->last_due;
            if (due > d->link_clock) break;  // not yet on the link
            d->last_due = due;
        }
        set_lane(t->s_axis_tagtime, n, 64, uint64_t(time));
        set_lane(t->s_axis_channel, n, 6, channels[*i]);
        n++;
        if (++*used >= (counts ? counts[*i] : 1u)) {
            *used = 0;
            ++*i;
        }
    }
    t->s_axis_tvalid = n > 0;
    t->s_axis_tkeep = uint8_t((1u << n) - 1u);
    d->link.tags += uint64_t(n);
    if (*i < count) t->s_axis_lowest_time_bound = uint64_t(times[*i]);
    return n;
}

// The link never waits: every word is offered at its clock and taken; a word the front end cannot
// hold is dropped and counted there (LINK_DROPPED_*). So pg_push takes all `count` words, except
// while a register write waits in the front end behind tags that wait for a frame the host holds
// (pg_reg_write): then it takes none (returns 0) until the host has released frames.
int64_t pg_push(pg_device *dev, const int64_t *times, const uint8_t *channels, const uint32_t *counts, int64_t count) {
    if (!dev) return PG_EINVAL;
    if (count < 0) return fail(dev, PG_EINVAL, "pg_push: negative count");
    if (count > 0 && (!times || !channels)) return fail(dev, PG_EINVAL, "pg_push: times or channels is NULL");
    if (!counts_valid(counts, count)) return fail(dev, PG_EINVAL, "pg_push: a tag count is 0 (nothing pushed)");
    for (int64_t k = 0; k < count; k++) {
        const int c = int(int8_t(channels[k]));
        if (c < -32 || c > 31)
            return fail(dev, PG_EINVAL, "pg_push: link channel " + std::to_string(c) + " outside the 6-bit signed range -32..31 (nothing pushed)");
    }
    if (dev->fatal) return PG_EFATAL;
    Current cur(dev);
    Vtop *t = dev->top;
    if (count > 0 && t->status_write_held) {
        // a register write waits in the front end for the words before it: no tag goes on the link
        // before it is in the core (it would overtake the write); if the words wait for a frame
        // the host holds, nothing is taken (a short push, as the bare core's while a command waits)
        const int rc = drain(dev);
        if (rc != PG_OK) return rc;
        if (t->status_write_held) return 0;
    }
    int64_t i = 0;
    uint32_t used = 0;  // tags of word i already on the link
    for (uint64_t idle = 0;;) {
        const int n = link_word(dev, times, channels, counts, count, &i, &used);
        set_ready(dev);
        settle(dev);
        if (n == 0) {
            if (settled(dev)) {
                if (i >= count) break;
                // nothing due, nothing in flight: skip to the clock the next tag is due
                const uint64_t due_raw = times[i] > dev->t0 ? uint64_t(times[i] - dev->t0) / uint64_t(dev->ticks_per_clock) : 0;
                dev->link_clock = due_raw > dev->last_due ? due_raw : dev->last_due;
                continue;
            }
            if (++idle > kWatchdog) {
                dev->fatal = true;
                dev->err = "pg_push: the link front end does not settle (internal error)";
                return PG_EFATAL;
            }
        } else {
            idle = 0;
        }
        clock_edge(dev);
        dev->link_clock++;
        if (dev->fatal) return PG_EFATAL;
    }
    idle_input(t);
    // a sync the front end holds for the next tag leaves now (a run split here is exact): every
    // effect of the pushed tags is complete on return, as the ABI promises
    if (count > 0) {
        t->reg_we = 1;
        t->reg_addr = uint8_t(PG_REG_LINK_FLUSH);
        t->reg_wdata = 1;
        set_ready(dev);
        settle(dev);
        clock_edge(dev);
        t->reg_we = 0;
        const int rc = drain(dev);
        if (rc != PG_OK) return rc;
    }
    return count;
}
#else
int64_t pg_push(pg_device *dev, const int64_t *times, const uint8_t *channels, const uint32_t *counts, int64_t count) {
    if (!dev) return PG_EINVAL;
    if (count < 0) return fail(dev, PG_EINVAL, "pg_push: negative count");
    if (count > 0 && (!times || !channels)) return fail(dev, PG_EINVAL, "pg_push: times or channels is NULL");
    if (!counts_valid(counts, count)) return fail(dev, PG_EINVAL, "pg_push: a tag count is 0 (nothing pushed)");
    if (dev->fatal) return PG_EFATAL;
    Current cur(dev);
    Vtop *t = dev->top;
    int64_t i = 0;
    int64_t offered = -1;  // first tag of the word on the ports (a refused word stays as it is)
    uint64_t stuck = 0;
    for (;;) {
        // one word of up to `lanes` tags per clock, held until the core takes it
        const int n = int(count - i < dev->lanes ? count - i : dev->lanes);
        const bool have = n > 0;
        if (offered != i) {
            offer_word(dev, times, channels, counts, i, n);
            offered = i;
        }
        set_ready(dev);
        settle(dev);
        if (!have && settled(dev)) break;
        // the input is refused until the host releases a frame: return what was accepted
        if (have && !t->s_tag_ready && command_waits_for_host(dev)) break;
        const bool accepted = have && t->s_tag_ready;
        clock_edge(dev);
        if (dev->fatal) return PG_EFATAL;
        if (accepted) {
            i += n;
            stuck = 0;
        } else if (++stuck > kWatchdog) {
            dev->fatal = true;
            dev->err = "pg_push: the core stopped accepting tags (internal error)";
            return PG_EFATAL;
        }
    }
    idle_input(t);
    return i;
}

#endif

int pg_frames_pending(pg_device *dev) {
    if (!dev) return PG_EINVAL;
    return dev->ring_count;
}

int64_t pg_frame_read(pg_device *dev, uint64_t *dst, int64_t capacity_words) {
    if (!dev) return PG_EINVAL;
    if (!dst) return fail(dev, PG_EINVAL, "pg_frame_read: dst is NULL");
    if (capacity_words < 0) return fail(dev, PG_EINVAL, "pg_frame_read: negative capacity");
    if (capacity_words < int64_t(dev->frame_words))
        return fail(dev, PG_ESMALL, "pg_frame_read: capacity " + std::to_string(capacity_words) + " words < frame of "
                                        + std::to_string(dev->frame_words));
    if (dev->ring_count == 0) return 0;
    std::memcpy(dst, &dev->ring[size_t(dev->ring_head) * dev->frame_words], size_t(dev->frame_words) * sizeof(uint64_t));
    return int64_t(dev->frame_words);
}

int pg_frame_release(pg_device *dev) {
    if (!dev) return PG_EINVAL;
    if (dev->ring_count == 0) return fail(dev, PG_ESTATE, "pg_frame_release: the ring is empty");
    dev->ring_head = (dev->ring_head + 1) % dev->ring_n;
    dev->ring_count--;
    if (dev->fatal) return PG_OK;  // the slot is freed; the core cannot run any more
    Current cur(dev);
    return drain(dev);
}

int64_t pg_records_pending(pg_device *dev) {
    if (!dev) return PG_EINVAL;
    return dev->rec_count;
}

int64_t pg_record_read(pg_device *dev, uint64_t *dst, int64_t capacity_words) {
    if (!dev) return PG_EINVAL;
    if (!dst) return fail(dev, PG_EINVAL, "pg_record_read: dst is NULL");
    if (capacity_words < 0) return fail(dev, PG_EINVAL, "pg_record_read: negative capacity");
    if (capacity_words < int64_t(dev->rec_words))
        return fail(dev, PG_ESMALL, "pg_record_read: capacity " + std::to_string(capacity_words) + " words < record of "
                                        + std::to_string(dev->rec_words));
    int64_t n = capacity_words / dev->rec_words;
    if (n > dev->rec_count) n = dev->rec_count;
    for (int64_t i = 0; i < n; i++) {
        std::memcpy(dst + size_t(i) * dev->rec_words, &dev->rec_ring[size_t(dev->rec_head) * dev->rec_words],
                    size_t(dev->rec_words) * sizeof(uint64_t));
        dev->rec_head = (dev->rec_head + 1) % dev->rec_n;
        dev->rec_count--;
    }
    if (n > 0 && !dev->fatal) {
        // records waiting in the core's FIFO move into the freed ring slots
        Current cur(dev);
        const int rc = drain(dev);
        if (rc != PG_OK) return rc;
    }
    return n * int64_t(dev->rec_words);
}

int pg_writes_refused_by_library(const pg_device *dev, uint64_t *count) {
    if (!dev || !count) return PG_EINVAL;
    *count = dev->refused_by_library;
    return PG_OK;
}

int pg_rtl_probe_clocks(const pg_device *dev, pg_rtl_clocks *out) {
    if (!dev || !out) return PG_EINVAL;
    *out = dev->clocks;
    return PG_OK;
}

#ifdef PG_LINK
int pg_link_pace(pg_device *dev, int64_t ticks_per_clock) {
    if (!dev) return PG_EINVAL;
    if (ticks_per_clock < 0) return fail(dev, PG_EINVAL, "pg_link_pace: negative ticks_per_clock");
    dev->ticks_per_clock = ticks_per_clock;
    return PG_OK;
}

int pg_link_probe_clocks(const pg_device *dev, pg_link_clocks *out) {
    if (!dev || !out) return PG_EINVAL;
    *out = dev->link;
    out->link_clock = dev->link_clock;
    return PG_OK;
}
#endif

}  // extern "C"
