// firmware_tests.cpp -- C++ tests of the pairgate firmware through the device C ABI (pairgate.h).
//
// Every test drives libpairgate_rtl.so and, where frames are compared, the same operations on the
// reference model (ref_model.h); frames are compared word for word. The harness mirrors every
// device call on the model (the tag words the device accepted, register writes, frame releases),
// so the model's host ring, and with it every merge, follows the device's exactly. Clock counts
// (dead time, O(K) sync runs) come from the library's test probe (pairgate_rtl_probe.h).
// Prints one line per failure and a final "firmware tests: N passed, M failed"; exits non-zero
// on any failure.

#include "pairgate.h"
#include "pairgate_rtl_probe.h"
#include "ref_model.h"

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

// ---- a minimal check framework -----------------------------------------------------------------

static int g_checks_failed = 0;  // failures inside the current test
static bool g_skipped = false;    // the current test does not apply to the library's core shape
static bool g_default_shape = true;  // the library's core has the RTL default shape W2 D2 K8 B256
static std::string g_test;

// Hand-written expectations assume the default shape; libraries built with other shapes
// (make test-shapes) run only the shape-independent tests (reference-model comparisons).
#define DEFAULT_SHAPE_ONLY()            \
    do {                                \
        if (!g_default_shape) {         \
            g_skipped = true;           \
            return;                     \
        }                               \
    } while (0)

#define CHECK(cond)                                                                          \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            std::printf("  FAIL %s: %s:%d: %s\n", g_test.c_str(), __FILE__, __LINE__, #cond); \
            g_checks_failed++;                                                               \
        }                                                                                    \
    } while (0)

#define CHECK_EQ(a, b)                                                                              \
    do {                                                                                            \
        const auto va_ = (a);                                                                       \
        const auto vb_ = (b);                                                                       \
        if (!(va_ == vb_)) {                                                                        \
            std::printf("  FAIL %s: %s:%d: %s == %s (0x%" PRIx64 " vs 0x%" PRIx64 ")\n", g_test.c_str(), \
                        __FILE__, __LINE__, #a, #b, uint64_t(va_), uint64_t(vb_));                  \
            g_checks_failed++;                                                                      \
        }                                                                                           \
    } while (0)

struct TestCase {
    const char *name;
    std::function<void()> fn;
};
static std::vector<TestCase> &registry() {
    static std::vector<TestCase> r;
    return r;
}
struct Register {
    Register(const char *n, std::function<void()> f) { registry().push_back({n, std::move(f)}); }
};
#define TEST(name)                                   \
    static void test_##name();                       \
    static Register reg_##name(#name, test_##name);  \
    static void test_##name()

// ---- harness: device + reference model driven together ---------------------------------------

// One tag word: `n` identical tags (a sync run when n > 1 on the sync channel).
struct Tag {
    int64_t t;
    uint8_t ch;
    uint32_t n = 1;
};

static const char *field_name(const pg_layout &L, uint32_t i) {
#define F(x) if (i >= L.off_##x && i < L.off_##x + L.len_##x) return #x;
    F(magic) F(seq) F(first_trial) F(trials) F(flags) F(shape) F(words) F(merges) F(tags_sync) F(tags_det)
    F(tags_other) F(syncs) F(in_window) F(outside) F(before_first_sync) F(out_of_order) F(other_channel)
    F(sync_dropped) F(patterns) F(dn_pairs) F(dn_early) F(dn_late) F(dn_coinc) F(first_arrival) F(both_arrival)
    F(trailer)
#undef F
    return "?";
}

// "ring_frames=N" of an option string (8 when absent), for the reference model's ring.
static int ring_frames_of(const char *opts) {
    const char *p = opts ? std::strstr(opts, "ring_frames") : nullptr;
    if (!p) return 8;
    p = std::strchr(p, '=');
    return p ? std::atoi(p + 1) : 8;
}

// "record_capacity=N" of an option string (1024 when absent), for the reference model's records.
static size_t record_capacity_of(const char *opts) {
    const char *p = opts ? std::strstr(opts, "record_capacity") : nullptr;
    if (!p) return 1024;
    p = std::strchr(p, '=');
    return p ? size_t(std::atoi(p + 1)) : 1024;
}

// Sum of the tags the words stand for.
static uint64_t tag_count(const std::vector<Tag> &tags) {
    uint64_t n = 0;
    for (const Tag &t : tags) n += t.n;
    return n;
}

struct Rig {
    pg_device *dev = nullptr;
    RefModel *ref = nullptr;
    pg_layout L{};
    pg_record_layout RL{};
    uint32_t W = 0, D = 0, K = 0, B = 0;
    int ring_n = 8;
    size_t rec_cap = 1024;
    std::vector<std::vector<uint64_t>> recs;  // trial records read from the device
    uint64_t pushed_tags = 0;                // tags (sum of counts) the device accepted
    std::vector<std::vector<uint64_t>> got;  // frames read from the device

    explicit Rig(const char *opts = nullptr) : ring_n(ring_frames_of(opts)), rec_cap(record_capacity_of(opts)) {
        dev = pg_open(opts);
        CHECK(dev != nullptr);
        if (!dev) {
            std::printf("  pg_open: %s\n", pg_last_error(nullptr));
            return;
        }
        uint64_t shape = 0;
        CHECK_EQ(pg_reg_read(dev, PG_REG_SHAPE, &shape), PG_OK);
        W = uint32_t(shape & 0xFF);
        D = uint32_t((shape >> 8) & 0xFF);
        K = uint32_t((shape >> 16) & 0xFFFF);
        B = uint32_t(shape >> 32);
        pg_layout_init(&L, W, D, K, B);
        pg_record_layout_init(&RL, W, D, K, B);
        ref = new RefModel(W, D, K, B, ring_n, rec_cap);
    }
    ~Rig() {
        pg_close(dev);
        delete ref;
    }
    Rig(const Rig &) = delete;
    Rig &operator=(const Rig &) = delete;

    void set(uint32_t a, uint64_t v) {
        CHECK_EQ(pg_reg_write(dev, a, v), PG_OK);
        ref->write(a, v);
    }
    uint64_t get(uint32_t a) {
        uint64_t v = 0xDEADBEEF;
        CHECK_EQ(pg_reg_read(dev, a, &v), PG_OK);
        return v;
    }
    // releases the oldest ring frame on both
    void release() {
        CHECK_EQ(pg_frame_release(dev), PG_OK);
        ref->release();
    }
    // reads and releases the oldest ring frame (false when the ring is empty)
    bool take_one() {
        std::vector<uint64_t> buf(L.frame_words);
        int64_t n = pg_frame_read(dev, buf.data(), int64_t(buf.size()));
        CHECK(n >= 0);
        if (n <= 0) return false;
        got.push_back(buf);
        release();
        return true;
    }
    // reads and releases every frame in the ring
    void collect() {
        std::vector<uint64_t> buf(L.frame_words + 3);
        for (;;) {
            int64_t n = pg_frame_read(dev, buf.data(), int64_t(buf.size()));
            CHECK(n >= 0);
            if (n <= 0) break;
            CHECK_EQ(uint64_t(n), uint64_t(L.frame_words));
            got.emplace_back(buf.begin(), buf.begin() + L.frame_words);
            release();
        }
    }
    // One pg_push of tags[off..]; the reference takes exactly the words the device accepted and
    // must agree that the next one (if any) is refused. Returns the words accepted (or -1).
    int64_t push_once(const std::vector<Tag> &tags, size_t off = 0) {
        const size_t n = tags.size() - off;
        std::vector<int64_t> t(n);
        std::vector<uint8_t> c(n);
        std::vector<uint32_t> k(n);
        for (size_t i = 0; i < n; i++) {
            t[i] = tags[off + i].t;
            c[i] = tags[off + i].ch;
            k[i] = tags[off + i].n;
        }
        int64_t got_n = pg_push(dev, t.data(), c.data(), k.data(), int64_t(n));
        CHECK(got_n >= 0);
        if (got_n < 0) {
            std::printf("  pg_push: %s\n", pg_last_error(dev));
            return -1;
        }
        for (int64_t i = 0; i < got_n; i++) {
            CHECK(ref->tag(t[i], c[i], k[i]));
            pushed_tags += k[i];
        }
        if (size_t(got_n) < n) CHECK(!ref->accepts_tags());  // short only behind a waiting command
        return got_n;
    }
    // pushes all tags, releasing frames whenever the device refuses the input
    void push(const std::vector<Tag> &tags) {
        size_t off = 0;
        int guard = 0;
        while (off < tags.size()) {
            int64_t n = push_once(tags, off);
            if (n < 0) return;
            off += size_t(n);
            if (off < tags.size()) {
                CHECK_EQ(pg_frames_pending(dev), ring_n);
                collect();
            }
            if (++guard > 1000000) { CHECK(false); return; }
        }
    }
    // pushes in batches of `batch` words and empties the ring after each (a host that keeps up)
    void push_in_batches(const std::vector<Tag> &tags, size_t batch) {
        for (size_t off = 0; off < tags.size(); off += batch) {
            size_t end = off + batch < tags.size() ? off + batch : tags.size();
            push(std::vector<Tag>(tags.begin() + off, tags.begin() + end));
            collect();
        }
    }
    // One pg_record_read of up to `max` records on both; the records must be equal. Returns the
    // records read (or -1).
    int64_t read_records(size_t max) {
        std::vector<uint64_t> buf(max * RL.record_words + 1, 0xA5A5A5A5u);
        const int64_t n = pg_record_read(dev, buf.data(), int64_t(max * RL.record_words + (max ? RL.record_words - 1 : 0)));
        CHECK(n >= 0);
        if (n < 0) {
            std::printf("  pg_record_read: %s\n", pg_last_error(dev));
            return -1;
        }
        CHECK_EQ(uint64_t(n) % RL.record_words, 0u);
        const auto want = ref->read_records(max);
        const size_t got_n = size_t(n) / RL.record_words;
        CHECK_EQ(got_n, want.size());
        for (size_t i = 0; i < got_n && i < want.size(); i++) {
            std::vector<uint64_t> rec(buf.begin() + i * RL.record_words, buf.begin() + (i + 1) * RL.record_words);
            for (uint32_t k = 0; k < RL.record_words; k++) {
                if (rec[k] != want[i][k]) {
                    std::printf("  FAIL %s: record %zu (trial %" PRIu64 ") word %u: device 0x%" PRIx64 " ref 0x%" PRIx64 "\n",
                                g_test.c_str(), recs.size(), want[i][RL.off_trial], k, rec[k], want[i][k]);
                    g_checks_failed++;
                    break;
                }
            }
            recs.push_back(rec);
        }
        CHECK_EQ(buf[max * RL.record_words], uint64_t(0xA5A5A5A5u));  // nothing written beyond the records
        return int64_t(got_n);
    }
    // reads every record on both, `chunk` records per call
    void collect_records(size_t chunk = 7) {
        for (int guard = 0; guard < 1000000; guard++)
            if (read_records(chunk) <= 0) return;
    }
    int ring_frames() const { return ring_n; }
    void close() {
        set(PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);
        collect();
    }
    // compares every frame read so far with the reference, word for word, checks the invariants
    // of every frame, and the counting registers
    void compare() {
        collect();
        CHECK_EQ(got.size(), ref->frames.size());
        size_t n = got.size() < ref->frames.size() ? got.size() : ref->frames.size();
        int reported = 0;
        for (size_t f = 0; f < n; f++) {
            check_invariant(got[f]);
            for (uint32_t i = 0; i < L.frame_words; i++) {
                if (got[f][i] != ref->frames[f][i]) {
                    if (reported++ < 8)
                        std::printf("  FAIL %s: frame %zu word %u (%s): device 0x%" PRIx64 " ref 0x%" PRIx64 "\n",
                                    g_test.c_str(), f, i, field_name(L, i), got[f][i], ref->frames[f][i]);
                    g_checks_failed += reported <= 1;
                }
            }
        }
        CHECK_EQ(get(PG_REG_FRAMES), ref->read(PG_REG_FRAMES));
        CHECK_EQ(get(PG_REG_TRIALS), ref->read(PG_REG_TRIALS));
        CHECK_EQ(get(PG_REG_MERGES), ref->read(PG_REG_MERGES));
        CHECK_EQ(get(PG_REG_SYNC_PENDING), ref->read(PG_REG_SYNC_PENDING));
        CHECK_EQ(get(PG_REG_RECORDS_MADE), ref->read(PG_REG_RECORDS_MADE));
        CHECK_EQ(get(PG_REG_RECORDS_DROPPED), ref->read(PG_REG_RECORDS_DROPPED));
        CHECK_EQ(pg_records_pending(dev), int64_t(ref->records_readable()));
        collect_records();
    }
    // Every frame: each tag in exactly one category (incl. SYNC_DROPPED), each trial in exactly
    // one pattern, header words consistent.
    void check_invariant(const std::vector<uint64_t> &fr) {
        uint64_t roles = fr[L.off_tags_sync] + fr[L.off_tags_other];
        for (uint32_t d = 0; d < D; d++) roles += fr[L.off_tags_det + d];
        uint64_t categories = fr[L.off_out_of_order] + fr[L.off_other_channel] + fr[L.off_syncs]
                              + fr[L.off_sync_dropped] + fr[L.off_before_first_sync] + fr[L.off_in_window]
                              + fr[L.off_outside];
        CHECK_EQ(roles, categories);
        uint64_t patterns = 0;
        for (uint32_t p = 0; p < L.len_patterns; p++) patterns += fr[L.off_patterns + p];
        CHECK_EQ(patterns, fr[L.off_trials]);
        CHECK_EQ(fr[L.off_magic], PG_FRAME_MAGIC);
        CHECK_EQ(fr[L.off_words], uint64_t(L.frame_words));
        CHECK_EQ(fr[L.off_trailer], PG_TRAILER_BASE | (fr[L.off_seq] & 0xFFFFFF));
    }
    const std::vector<uint64_t> &frame(size_t i) {
        static const std::vector<uint64_t> empty;
        CHECK(i < got.size());
        return i < got.size() ? got[i] : empty;
    }
};

static std::vector<uint64_t> g_zero(1u << 16, 0);
static uint64_t at(const std::vector<uint64_t> &f, uint32_t i) { return i < f.size() ? f[i] : ~uint64_t(0); }

// Standard configuration: sync on channel 0, detectors on 1 and 2, windows [0,100) and [100,200).
static void std_config(Rig &r) {
    r.set(PG_REG_SYNC_CHANNEL, 0);
    r.set(PG_REG_DET_CHANNEL + 0, 1);
    r.set(PG_REG_DET_CHANNEL + 1, 2);
    r.set(PG_REG_WIN_START + 0, 0);
    r.set(PG_REG_WIN_LENGTH + 0, 100);
    r.set(PG_REG_WIN_START + 1, 100);
    r.set(PG_REG_WIN_LENGTH + 1, 100);
}

// ---- tests -----------------------------------------------------------------------------------

TEST(open_reads_id_shape_and_defaults) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    CHECK_EQ(r.get(PG_REG_ID), PG_ID_VALUE);
    CHECK_EQ(r.W, 2u);
    CHECK_EQ(r.D, 2u);
    CHECK_EQ(r.K, 8u);
    CHECK_EQ(r.B, 256u);
    CHECK_EQ(r.get(PG_REG_FRAME_WORDS), uint64_t(r.L.frame_words));
    CHECK_EQ(r.get(PG_REG_STATUS), uint64_t(PG_STATUS_IDLE | PG_STATUS_QUIET));
    CHECK_EQ(r.get(PG_REG_FRAMES), 0u);
    CHECK_EQ(r.get(PG_REG_TRIALS), 0u);
    CHECK_EQ(r.get(PG_REG_MERGES), 0u);
    CHECK_EQ(r.get(PG_REG_SYNC_PENDING), 0u);
    CHECK_EQ(r.get(PG_REG_SYNC_CHANNEL), 0u);
    CHECK_EQ(r.get(PG_REG_FRAME_TRIALS), 0u);
    CHECK_EQ(r.get(PG_REG_BIN_TICKS), 1u);
    CHECK_EQ(r.get(PG_REG_SYNC_DELAY), 0u);
    CHECK_EQ(r.get(PG_REG_CTRL), 0u);
    for (uint32_t d = 0; d < PG_MAX_DETECTORS; d++) {
        CHECK_EQ(r.get(PG_REG_DET_CHANNEL + d), d < r.D ? 0xFFu : 0u);
        CHECK_EQ(r.get(PG_REG_DET_DELAY + d), 0u);
    }
    for (uint32_t w = 0; w < PG_MAX_WINDOWS; w++) {
        CHECK_EQ(r.get(PG_REG_WIN_START + w), 0u);
        CHECK_EQ(r.get(PG_REG_WIN_LENGTH + w), 0u);
    }
    CHECK_EQ(pg_abi_version(), PG_ABI_VERSION);
    CHECK_EQ(PG_ABI_VERSION, 4);
}

TEST(registers_read_back_and_slots_beyond_shape_read_zero) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    r.set(PG_REG_SYNC_DELAY, uint64_t(-12345));
    CHECK_EQ(r.get(PG_REG_SYNC_DELAY), uint64_t(-12345));
    r.set(PG_REG_WIN_LENGTH + 1, 0x123456789ull);
    CHECK_EQ(r.get(PG_REG_WIN_LENGTH + 1), 0x123456789ull);
    r.set(PG_REG_DET_DELAY + 1, 77);
    CHECK_EQ(r.get(PG_REG_DET_DELAY + 1), 77u);
    r.set(PG_REG_DET_CHANNEL + 5, 9);
    CHECK_EQ(r.get(PG_REG_DET_CHANNEL + 5), 0u);
    r.set(PG_REG_WIN_START + 9, 9);
    CHECK_EQ(r.get(PG_REG_WIN_START + 9), 0u);
    r.set(PG_REG_WIN_LENGTH + 15, 9);
    CHECK_EQ(r.get(PG_REG_WIN_LENGTH + 15), 0u);
}

TEST(empty_host_closed_frame) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    r.close();
    r.close();
    CHECK_EQ(r.got.size(), 2u);
    if (r.got.size() != 2) return;
    const auto &f = r.frame(0);
    CHECK_EQ(at(f, r.L.off_magic), PG_FRAME_MAGIC);
    CHECK_EQ(at(f, r.L.off_seq), 0u);
    CHECK_EQ(at(f, r.L.off_first_trial), 0u);
    CHECK_EQ(at(f, r.L.off_trials), 0u);
    CHECK_EQ(at(f, r.L.off_flags), uint64_t(PG_FLAG_HOST_CLOSE));
    CHECK_EQ(at(f, r.L.off_shape), 2u | (2u << 8) | (8u << 16) | (uint64_t(256) << 32));
    CHECK_EQ(at(f, r.L.off_words), uint64_t(r.L.frame_words));
    CHECK_EQ(at(f, r.L.off_merges), 0u);
    for (uint32_t i = r.L.off_tags_sync; i < r.L.off_trailer; i++) CHECK_EQ(at(f, i), 0u);
    CHECK_EQ(at(f, r.L.off_trailer), PG_TRAILER_BASE);
    CHECK_EQ(at(r.frame(1), r.L.off_seq), 1u);
    CHECK_EQ(at(r.frame(1), r.L.off_trailer), PG_TRAILER_BASE | 1u);
    CHECK_EQ(r.get(PG_REG_FRAMES), 2u);
    r.compare();
}

TEST(window_edges_start_inclusive_end_exclusive) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    r.set(PG_REG_DET_CHANNEL + 0, 1);
    r.set(PG_REG_WIN_START + 0, 10);
    r.set(PG_REG_WIN_LENGTH + 0, 5);  // [10, 15)
    const int64_t offs[] = {9, 10, 14, 15};
    std::vector<Tag> tags;
    int64_t t0 = 1000;
    for (int64_t o : offs) {
        tags.push_back({t0, 0});
        tags.push_back({t0 + o, 1});
        t0 += 1000;
    }
    tags.push_back({t0, 0});  // closes the 4th trial
    r.push(tags);
    r.close();
    r.compare();
    const auto &f = r.frame(0);
    CHECK_EQ(at(f, r.L.off_trials), 4u);
    CHECK_EQ(at(f, r.L.off_in_window), 2u);
    CHECK_EQ(at(f, r.L.off_outside), 2u);
    CHECK_EQ(at(f, r.L.off_patterns + 0), 2u);
    CHECK_EQ(at(f, r.L.off_patterns + 1), 2u);                // bit (w0, d0)
    CHECK_EQ(at(f, r.L.off_first_arrival + 0 * 256 + 0), 1u);  // at start: rel 0
    CHECK_EQ(at(f, r.L.off_first_arrival + 0 * 256 + 4), 1u);  // at start+len-1: rel 4
    CHECK_EQ(at(f, r.L.off_syncs), 5u);
}

TEST(negative_window_start_and_wrapping_times) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    r.set(PG_REG_DET_CHANNEL + 0, 1);
    r.set(PG_REG_WIN_START + 0, uint64_t(-50));
    r.set(PG_REG_WIN_LENGTH + 0, 100);  // [-50, 50)
    // detector tags before the sync in raw time can't be in-order after it; use delays instead.
    // Delayed sync and detector times both wrap around 2^63 (offsets stay right): SYNC_DELAY is
    // the most negative value (<= 0: no sync-delay queue), DET_DELAY = SYNC_DELAY - 60 wraps to
    // a large positive value, the net detector offset is -60.
    r.set(PG_REG_SYNC_DELAY, uint64_t(INT64_MIN));
    r.set(PG_REG_DET_DELAY + 0, uint64_t(INT64_MIN) - 60);
    int64_t big = INT64_MAX - 200;
    std::vector<Tag> tags = {{big - 1000, 0}, {big - 1000 + 15, 1},   // off -45: in, rel 5
                             {big - 500, 0},  {big - 500 + 5, 1},     // off -55: out
                             {big, 0},        {big + 0, 1}, {big + 109, 1}};  // -60 out, +49 in (rel 99)
    r.push(tags);
    r.push({{big + 99, 0}});  // out of order: dropped
    r.push({{INT64_MAX, 0}});
    r.close();
    r.compare();
    const auto &f = r.frame(0);
    CHECK_EQ(at(f, r.L.off_trials), 3u);
    CHECK_EQ(at(f, r.L.off_in_window), 2u);
    CHECK_EQ(at(f, r.L.off_outside), 2u);
    CHECK_EQ(at(f, r.L.off_out_of_order), 1u);
    CHECK_EQ(at(f, r.L.off_first_arrival + 5), 1u);
    CHECK_EQ(at(f, r.L.off_first_arrival + 99), 1u);
}

TEST(detector_delays_positive_and_negative) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.set(PG_REG_DET_DELAY + 0, 30);
    r.set(PG_REG_DET_DELAY + 1, uint64_t(-30));
    std::vector<Tag> tags = {
        {1000, 0}, {1069, 1}, {1129, 2},   // d0: 99 -> w0 bin 99; d1: 99 -> w0 bin 99
        {2000, 0}, {2070, 1}, {2130, 2},   // d0: 100 -> w1 bin 0; d1: 100 -> w1 bin 0
        {3000, 0}, {3020, 2},              // d1: -10 -> outside
        {4000, 0}};
    r.push(tags);
    r.close();
    r.compare();
    const auto &f = r.frame(0);
    CHECK_EQ(at(f, r.L.off_first_arrival + 0 * 256 + 99), 1u);
    CHECK_EQ(at(f, r.L.off_first_arrival + 1 * 256 + 99), 1u);
    CHECK_EQ(at(f, r.L.off_first_arrival + 2 * 256 + 0), 1u);
    CHECK_EQ(at(f, r.L.off_first_arrival + 3 * 256 + 0), 1u);
    CHECK_EQ(at(f, r.L.off_both_arrival + 0 * 256 + 99), 1u);
    CHECK_EQ(at(f, r.L.off_both_arrival + 1 * 256 + 0), 1u);
    CHECK_EQ(at(f, r.L.off_outside), 1u);
    CHECK_EQ(at(f, r.L.off_patterns + 0x3), 1u);
    CHECK_EQ(at(f, r.L.off_patterns + 0xC), 1u);
    CHECK_EQ(at(f, r.L.off_patterns + 0x0), 1u);
}

TEST(sync_delay_positive_and_negative) {
    DEFAULT_SHAPE_ONLY();
    for (int64_t sd : {int64_t(25), int64_t(-25)}) {
        Rig r;
        if (!r.dev) return;
        std_config(r);
        r.set(PG_REG_SYNC_DELAY, uint64_t(sd));
        std::vector<Tag> tags;
        for (int i = 0; i < 20; i++) {
            int64_t s = 10000 + 1000 * i;
            tags.push_back({s, 0});
            tags.push_back({s + 10 * i, 1});   // offset 10i - sd
            tags.push_back({s + 90 + i, 2});
        }
        tags.push_back({50000, 0});
        r.push(tags);
        r.close();
        r.compare();
        // offset of detector 0 in trial 0 is -sd: outside for sd > 0, bin 25 for sd < 0
        const auto &f = r.frame(0);
        if (sd > 0) CHECK_EQ(at(f, r.L.off_first_arrival + 0 * 256 + 0), 0u);
        else CHECK_EQ(at(f, r.L.off_first_arrival + 0 * 256 + 25), 1u);
    }
}

TEST(first_arrival_bin_division_non_power_of_two) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.set(PG_REG_WIN_LENGTH + 0, 1000000);
    r.set(PG_REG_BIN_TICKS, 3);
    std::vector<Tag> tags;
    const int64_t rels[] = {0, 2, 3, 5, 6, 299, 764, 765, 766, 767, 768, 769, 770, 999999};
    int64_t t0 = 0;
    for (int64_t rel : rels) {
        tags.push_back({t0, 0});
        tags.push_back({t0 + rel, 1});
        t0 += 2000000;
    }
    tags.push_back({t0, 0});
    r.push(tags);
    r.close();
    r.compare();
    const auto &f = r.frame(0);
    const uint32_t fa = r.L.off_first_arrival;
    CHECK_EQ(at(f, fa + 0), 2u);     // 0, 2
    CHECK_EQ(at(f, fa + 1), 2u);     // 3, 5
    CHECK_EQ(at(f, fa + 2), 1u);     // 6
    CHECK_EQ(at(f, fa + 99), 1u);    // 299
    CHECK_EQ(at(f, fa + 254), 1u);   // 764
    CHECK_EQ(at(f, fa + 255), 7u);   // 765..770 and 999999 saturate at 255
}

TEST(first_arrival_saturation_and_bin_ticks_extremes) {
    DEFAULT_SHAPE_ONLY();
    struct Case { uint64_t bt; int64_t rel; uint64_t bin; };
    const Case cases[] = {
        {0, 7, 7},                         // 0 acts as 1
        {1, 255, 255}, {1, 256, 255}, {1, 4000000000ll, 255},
        {2, 511, 255}, {2, 510, 255}, {2, 509, 254},
        {1000, 255999, 255}, {1000, 255000, 255}, {1000, 254999, 254},
        {0xFFFFFFFFull, 4294967294ll, 0},  // 2^32-1
        {0x100000000ull, 4294967294ll, 0}, // >= 2^32
        {~0ull, 123456, 0},
        {0x80000000ull, 4294967294ll, 1},
        {16777216ull, 4294967294ll, 255},  // 2^24 * 256 = 2^32 > rel: 255
        {16777217ull, 4294967294ll, 255},
        {16843009ull, 4294967294ll, 254},  // 16843009 * 255 = 4294967295 > rel -> 254
    };
    for (const Case &c : cases) {
        Rig r;
        if (!r.dev) return;
        std_config(r);
        r.set(PG_REG_WIN_LENGTH + 0, 0xFFFFFFFFull);
        r.set(PG_REG_BIN_TICKS, c.bt);
        r.push({{0, 0}, {c.rel, 1}, {c.rel + 1, 0}});
        r.close();
        r.compare();
        CHECK_EQ(at(r.frame(0), r.L.off_first_arrival + uint32_t(c.bin)), 1u);
    }
}

TEST(only_the_first_arrival_counts_and_overlapping_windows) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    r.set(PG_REG_DET_CHANNEL + 0, 1);
    r.set(PG_REG_DET_CHANNEL + 1, 2);
    r.set(PG_REG_WIN_START + 0, 0);
    r.set(PG_REG_WIN_LENGTH + 0, 100);
    r.set(PG_REG_WIN_START + 1, 50);
    r.set(PG_REG_WIN_LENGTH + 1, 100);  // overlaps [50,100)
    r.push({{0, 0}, {60, 1}, {61, 1}, {70, 1}, {120, 1}, {10, 2}, {1000, 0}});
    r.close();
    r.compare();
    const auto &f = r.frame(0);
    const uint32_t fa = r.L.off_first_arrival;
    CHECK_EQ(at(f, fa + 0 * 256 + 60), 1u);  // (w0,d0) first at 60
    CHECK_EQ(at(f, fa + 2 * 256 + 10), 1u);  // (w1,d0) first at 60: rel 10
    CHECK_EQ(at(f, r.L.off_patterns + 0x5), 1u);
    CHECK_EQ(at(f, r.L.off_in_window), 4u);   // 60, 61, 70, 120
    CHECK_EQ(at(f, r.L.off_outside), 0u);
    CHECK_EQ(at(f, r.L.off_out_of_order), 1u);  // {10,2} is out of order -> dropped
}

TEST(both_arrival_uses_the_later_first_arrival) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.push({{0, 0}, {5, 2}, {40, 1}, {150, 1}, {1000, 0}, {1030, 1}, {1033, 2}, {2000, 0}});
    r.close();
    r.compare();
    const auto &f = r.frame(0);
    CHECK_EQ(at(f, r.L.off_both_arrival + 40), 1u);
    CHECK_EQ(at(f, r.L.off_both_arrival + 33), 1u);
    CHECK_EQ(at(f, r.L.off_both_arrival + 256 + 50), 0u);
}

TEST(accounting_every_category) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    std_config(r);
    std::vector<Tag> tags = {
        {-100, 1},  // before first sync (d0)
        {-90, 2},   // before first sync (d1)
        {-80, 7},   // other channel
        {-85, 1},   // out of order (detector)
        {0, 0},     // sync
        {-5, 0},    // out of order (sync): does not close
        {10, 1},    // in window
        {500, 2},   // outside
        {499, 9},   // out of order (other)
        {600, 9},   // other
        {1000, 0},  // sync: closes trial 0
    };
    r.push(tags);
    r.close();
    r.compare();
    const auto &f = r.frame(0);
    CHECK_EQ(at(f, r.L.off_tags_sync), 3u);
    CHECK_EQ(at(f, r.L.off_tags_det + 0), 3u);
    CHECK_EQ(at(f, r.L.off_tags_det + 1), 2u);
    CHECK_EQ(at(f, r.L.off_tags_other), 3u);
    CHECK_EQ(at(f, r.L.off_syncs), 2u);
    CHECK_EQ(at(f, r.L.off_in_window), 1u);
    CHECK_EQ(at(f, r.L.off_outside), 1u);
    CHECK_EQ(at(f, r.L.off_before_first_sync), 2u);
    CHECK_EQ(at(f, r.L.off_out_of_order), 3u);
    CHECK_EQ(at(f, r.L.off_other_channel), 2u);
    CHECK_EQ(at(f, r.L.off_sync_dropped), 0u);
    CHECK_EQ(at(f, r.L.off_trials), 1u);
    CHECK_EQ(r.get(PG_REG_TRIALS), 1u);
}

TEST(roles_sync_wins_and_lowest_detector_wins) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.set(PG_REG_DET_CHANNEL + 0, 3);
    r.set(PG_REG_DET_CHANNEL + 1, 3);   // both detectors on channel 3: d0 wins
    r.push({{0, 0}, {10, 3}, {20, 3}, {1000, 0}});
    r.set(PG_REG_DET_CHANNEL + 0, 0);   // detector 0 on the sync channel: sync wins
    r.push({{2000, 0}, {2010, 3}, {3000, 0}});
    r.close();
    r.compare();
    const auto &f = r.frame(0);
    CHECK_EQ(at(f, r.L.off_tags_det + 0), 2u);
    CHECK_EQ(at(f, r.L.off_tags_det + 1), 1u);
    CHECK_EQ(at(f, r.L.off_tags_sync), 4u);
}

TEST(default_det_channel_0xff_matches_channel_255_literally) {
    DEFAULT_SHAPE_ONLY();
    // docs: detector d for the lowest d with channel == DET_CHANNEL[d]; the default 0xFF means
    // "none" only as long as no tag arrives on channel 255.
    Rig r;
    if (!r.dev) return;
    r.push({{0, 0}, {10, 255}, {20, 254}});
    r.close();
    r.compare();
    CHECK_EQ(at(r.frame(0), r.L.off_tags_det + 0), 1u);
    CHECK_EQ(at(r.frame(0), r.L.off_tags_other), 1u);
}

TEST(sync_channel_compares_all_64_bits) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    r.set(PG_REG_SYNC_CHANNEL, 0x100);  // matches no 8-bit channel
    r.push({{0, 0}, {10, 0}});
    r.close();
    r.compare();
    CHECK_EQ(at(r.frame(0), r.L.off_tags_sync), 0u);
    CHECK_EQ(at(r.frame(0), r.L.off_other_channel), 2u);
}

static std::vector<Tag> random_stream(std::mt19937_64 &rng, size_t n, int ndet_ch, double p_sync, double p_ooo,
                                      int64_t period, int64_t t0 = 0) {
    std::vector<Tag> v;
    v.reserve(n);
    int64_t t = t0;
    std::uniform_real_distribution<double> u(0, 1);
    for (size_t i = 0; i < n; i++) {
        double x = u(rng);
        if (x < p_sync) {
            t += period / 2 + int64_t(rng() % uint64_t(period));
            v.push_back({t, 0});
        } else {
            t += int64_t(rng() % uint64_t(period / 4 + 1));
            int64_t tt = t;
            if (u(rng) < p_ooo) tt -= int64_t(rng() % 200);
            v.push_back({tt, uint8_t(1 + rng() % uint64_t(ndet_ch))});
        }
    }
    return v;
}

static void random_config(Rig &r, std::mt19937_64 &rng) {
    r.set(PG_REG_SYNC_CHANNEL, 0);
    r.set(PG_REG_DET_CHANNEL + 0, 1);
    r.set(PG_REG_DET_CHANNEL + 1, 2);
    r.set(PG_REG_DET_DELAY + 0, uint64_t(int64_t(rng() % 81) - 40));
    r.set(PG_REG_DET_DELAY + 1, uint64_t(int64_t(rng() % 81) - 40));
    r.set(PG_REG_SYNC_DELAY, uint64_t(int64_t(rng() % 61) - 30));
    r.set(PG_REG_WIN_START + 0, uint64_t(int64_t(rng() % 100) - 20));
    r.set(PG_REG_WIN_LENGTH + 0, 50 + rng() % 400);
    r.set(PG_REG_WIN_START + 1, 100 + rng() % 300);
    r.set(PG_REG_WIN_LENGTH + 1, 50 + rng() % 400);
    const uint64_t bts[] = {1, 2, 3, 5, 7, 0};
    r.set(PG_REG_BIN_TICKS, bts[rng() % 6]);
}

TEST(random_streams_match_reference_word_for_word) {
    for (uint64_t seed : {1ull, 2ull, 3ull, 4ull, 5ull}) {
        std::mt19937_64 rng(seed);
        Rig r;
        if (!r.dev) return;
        random_config(r, rng);
        if (seed % 2) r.set(PG_REG_FRAME_TRIALS, 1 + rng() % 40);
        for (int chunk = 0; chunk < 4; chunk++) {
            r.push(random_stream(rng, 3000, 4, 0.2, 0.03, 600));
            if (chunk % 2) r.close();
        }
        r.close();
        r.compare();
        CHECK(r.got.size() >= 3);
    }
}

TEST(dn_counters_across_frames_add_up_to_one_long_frame) {
    std::mt19937_64 rng(77);
    std::mt19937_64 rng_cfg(78);
    std::vector<Tag> stream = random_stream(rng, 6000, 2, 0.25, 0.0, 500);
    // one long frame
    Rig one;
    if (!one.dev) return;
    random_config(one, rng_cfg);
    one.push(stream);
    one.close();
    one.compare();
    // FRAME_TRIALS = 7, plus host closes in the middle
    std::mt19937_64 rng_cfg2(78);
    Rig many;
    if (!many.dev) return;
    random_config(many, rng_cfg2);
    many.set(PG_REG_FRAME_TRIALS, 7);
    size_t half = stream.size() / 2;
    many.push_in_batches(std::vector<Tag>(stream.begin(), stream.begin() + half), 150);
    many.close();
    many.push(std::vector<Tag>(stream.begin() + half, stream.end()));  // the ring fills: merges
    many.close();
    many.compare();
    CHECK(many.got.size() > 20);
    const pg_layout &L = one.L;
    std::vector<uint64_t> sum(L.frame_words, 0);
    uint64_t expect_first = 0;
    for (size_t i = 0; i < many.got.size(); i++) {
        const auto &f = many.got[i];
        CHECK_EQ(at(f, L.off_seq), uint64_t(i));
        CHECK_EQ(at(f, L.off_first_trial), expect_first);
        expect_first += at(f, L.off_trials);
        if (at(f, L.off_flags) == PG_FLAG_TRIAL_CLOSE) CHECK_EQ(at(f, L.off_trials), 7 * (1 + at(f, L.off_merges)));
        for (uint32_t w = L.off_trials; w < L.off_trailer; w++) {
            if (w == L.off_flags || w == L.off_shape || w == L.off_words || w == L.off_merges) continue;
            sum[w] += f[w];
        }
    }
    const auto &f1 = one.frame(0);
    int bad = 0;
    for (uint32_t w = L.off_tags_sync; w < L.off_trailer; w++) bad += sum[w] != f1[w];
    CHECK_EQ(bad, 0);
    CHECK_EQ(sum[L.off_trials], at(f1, L.off_trials));
    CHECK(at(f1, L.off_dn_pairs + one.K - 1) > 0);
    CHECK(many.get(PG_REG_MERGES) > 0);
}

TEST(frame_trials_auto_close_flags_and_first_trial) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.set(PG_REG_FRAME_TRIALS, 2);
    std::vector<Tag> tags;
    for (int i = 0; i < 6; i++) {
        tags.push_back({1000 * i, 0});
        tags.push_back({1000 * i + 5 + i, uint8_t(1 + i % 2)});
    }
    r.push(tags);  // 5 trials closed: frames [0,1], [2,3]; trial 4 open in frame 2
    CHECK_EQ(pg_frames_pending(r.dev), 2);
    r.close();
    r.compare();
    CHECK_EQ(r.got.size(), 3u);
    CHECK_EQ(at(r.frame(0), r.L.off_flags), uint64_t(PG_FLAG_TRIAL_CLOSE));
    CHECK_EQ(at(r.frame(1), r.L.off_first_trial), 2u);
    CHECK_EQ(at(r.frame(2), r.L.off_first_trial), 4u);
    CHECK_EQ(at(r.frame(2), r.L.off_trials), 1u);
    CHECK_EQ(at(r.frame(2), r.L.off_flags), uint64_t(PG_FLAG_HOST_CLOSE));
    CHECK_EQ(at(r.frame(2), r.L.off_dn_pairs + 3), 1u);  // trial 4 with trial 0
    CHECK_EQ(r.get(PG_REG_FRAMES), 3u);
    CHECK_EQ(r.get(PG_REG_TRIALS), 5u);
}

TEST(lowering_frame_trials_closes_at_the_next_trial_close) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.set(PG_REG_FRAME_TRIALS, 10);
    r.push({{0, 0}, {1000, 0}, {2000, 0}, {3000, 0}, {4000, 0}});  // 4 trials in the frame
    CHECK_EQ(pg_frames_pending(r.dev), 0);
    r.set(PG_REG_FRAME_TRIALS, 2);  // below the 4 already counted: ">=" closes at the next close
    r.push({{5000, 0}});
    CHECK_EQ(pg_frames_pending(r.dev), 1);
    r.push({{6000, 0}, {7000, 0}});
    r.close();
    r.compare();
    CHECK_EQ(r.got.size(), 3u);
    CHECK_EQ(at(r.frame(0), r.L.off_trials), 5u);
    CHECK_EQ(at(r.frame(1), r.L.off_trials), 2u);
    CHECK_EQ(at(r.frame(2), r.L.off_trials), 0u);
    CHECK_EQ(at(r.frame(2), r.L.off_flags), uint64_t(PG_FLAG_HOST_CLOSE));
}

TEST(status_is_idle_after_every_call) {
    DEFAULT_SHAPE_ONLY();
    Rig r("ring_frames=4");
    if (!r.dev) return;
    std_config(r);
    std::mt19937_64 rng(5);
    for (int k = 0; k < 5; k++) {
        r.push(random_stream(rng, 500, 2, 0.3, 0.02, 300, 100000 * k));
        CHECK_EQ(r.get(PG_REG_STATUS), uint64_t(PG_STATUS_IDLE | PG_STATUS_QUIET));
        r.close();
        CHECK_EQ(r.get(PG_REG_STATUS), uint64_t(PG_STATUS_IDLE | PG_STATUS_QUIET));
    }
    r.compare();
    CHECK_EQ(r.get(PG_REG_FRAMES), 5u);
    CHECK_EQ(r.get(PG_REG_TRIALS), r.ref->trials_total);
}

TEST(dn_counters_hand_checked) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    std_config(r);
    // trial patterns: t0 = bit0, t1 = bit1|bit2, t2 = 0, t3 = bit0|bit3
    r.push({{0, 0}, {10, 1},
            {1000, 0}, {1010, 2}, {1110, 1},
            {2000, 0},
            {3000, 0}, {3001, 1}, {3150, 2},
            {4000, 0}});
    r.close();
    r.compare();
    const auto &f = r.frame(0);
    const pg_layout &L = r.L;
    CHECK_EQ(at(f, L.off_dn_pairs + 0), 3u);
    CHECK_EQ(at(f, L.off_dn_pairs + 1), 2u);
    CHECK_EQ(at(f, L.off_dn_pairs + 2), 1u);
    CHECK_EQ(at(f, L.off_dn_pairs + 3), 0u);
    // dN = 1 pairs: (t0,t1), (t1,t2), (t2,t3): early sums: bit0 1, bit1 1, bit2 1; late: bit1 1, bit2 1, bit0 1, bit3 1
    CHECK_EQ(at(f, L.off_dn_early + 0), 1u);
    CHECK_EQ(at(f, L.off_dn_early + 1), 1u);
    CHECK_EQ(at(f, L.off_dn_early + 2), 1u);
    CHECK_EQ(at(f, L.off_dn_late + 0), 1u);
    CHECK_EQ(at(f, L.off_dn_late + 3), 1u);
    CHECK_EQ(at(f, L.off_dn_coinc + 0 * 4 + 1), 1u);  // a=0 (t0) b=1 (t1)
    CHECK_EQ(at(f, L.off_dn_coinc + 0 * 4 + 2), 1u);
    // dN = 3: (t0, t3): a=0, b in {0, 3}
    CHECK_EQ(at(f, L.off_dn_coinc + (2 * 4 + 0) * 4 + 0), 1u);
    CHECK_EQ(at(f, L.off_dn_coinc + (2 * 4 + 0) * 4 + 3), 1u);
    CHECK_EQ(at(f, L.off_dn_coinc + (2 * 4 + 0) * 4 + 1), 0u);
}

TEST(reset_clears_state_but_keeps_configuration) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.set(PG_REG_BIN_TICKS, 3);
    r.push({{5000, 0}, {5010, 1}, {6000, 0}, {6020, 2}, {7000, 0}});
    r.close();
    r.set(PG_REG_CTRL, PG_CTRL_RESET);
    CHECK_EQ(r.get(PG_REG_FRAMES), 0u);
    CHECK_EQ(r.get(PG_REG_TRIALS), 0u);
    CHECK_EQ(r.get(PG_REG_MERGES), 0u);
    CHECK_EQ(r.get(PG_REG_SYNC_PENDING), 0u);
    CHECK_EQ(r.get(PG_REG_BIN_TICKS), 3u);
    CHECK_EQ(r.get(PG_REG_DET_CHANNEL + 1), 2u);
    CHECK_EQ(r.get(PG_REG_WIN_LENGTH + 1), 100u);
    CHECK_EQ(r.get(PG_REG_STATUS), uint64_t(PG_STATUS_IDLE | PG_STATUS_QUIET));
    // earlier times are in order again, detectors are before the first sync again, no history
    r.push({{10, 1}, {100, 0}, {130, 1}, {1100, 0}, {1110, 2}, {2100, 0}});
    r.close();
    r.compare();
    CHECK_EQ(r.got.size(), 2u);
    const auto &f = r.frame(1);
    CHECK_EQ(at(f, r.L.off_seq), 0u);
    CHECK_EQ(at(f, r.L.off_first_trial), 0u);
    CHECK_EQ(at(f, r.L.off_trials), 2u);
    CHECK_EQ(at(f, r.L.off_before_first_sync), 1u);
    CHECK_EQ(at(f, r.L.off_out_of_order), 0u);
    CHECK_EQ(at(f, r.L.off_dn_pairs + 0), 1u);
    CHECK_EQ(at(f, r.L.off_dn_pairs + 1), 0u);
    CHECK_EQ(at(f, r.L.off_first_arrival + 10), 1u);  // 30 / 3
    CHECK_EQ(at(f, r.L.off_trailer), PG_TRAILER_BASE);
}

TEST(reset_and_close_in_one_write_closes_first) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.push({{0, 0}, {10, 1}, {1000, 0}});
    r.set(PG_REG_CTRL, PG_CTRL_CLOSE_FRAME | PG_CTRL_RESET);
    r.close();
    r.compare();
    CHECK_EQ(r.got.size(), 2u);
    CHECK_EQ(at(r.frame(0), r.L.off_trials), 1u);
    CHECK_EQ(at(r.frame(1), r.L.off_seq), 0u);
}

TEST(ring_full_trial_closes_merge_and_push_takes_everything) {
    // version 1 stalled the input while a frame waited for ring space; version 2 keeps counting
    // into the active bank and merges the frames FRAME_TRIALS would close
    Rig r("ring_frames=2");
    if (!r.dev) return;
    std_config(r);
    r.set(PG_REG_FRAME_TRIALS, 1);
    std::vector<Tag> tags;
    for (int i = 0; i < 10; i++) {
        tags.push_back({1000 * i, 0});
        tags.push_back({1000 * i + 10 + i, 1});
    }
    // trials 0, 1 -> frames 0, 1 (ring full); trial 2 -> frame 2 held in the frozen bank;
    // trials 3..8 each make the active frame due again: 6 merges
    CHECK_EQ(r.push_once(tags), int64_t(tags.size()));
    CHECK_EQ(pg_frames_pending(r.dev), 2);
    CHECK_EQ(r.get(PG_REG_STATUS), uint64_t(PG_STATUS_FRAME_PENDING | PG_STATUS_QUIET));  // held: not idle, nothing else in flight
    CHECK_EQ(r.get(PG_REG_FRAMES), 2u);
    CHECK_EQ(r.get(PG_REG_TRIALS), 9u);
    CHECK_EQ(r.get(PG_REG_MERGES), 6u);
    r.close();  // waits behind frame 2, runs when collect() releases frame 0
    r.compare();
    CHECK_EQ(r.got.size(), 4u);
    const auto &f3 = r.frame(3);
    CHECK_EQ(at(f3, r.L.off_seq), 3u);
    CHECK_EQ(at(f3, r.L.off_first_trial), 3u);
    CHECK_EQ(at(f3, r.L.off_trials), 6u);
    CHECK_EQ(at(f3, r.L.off_merges), 6u);
    CHECK_EQ(at(f3, r.L.off_flags), uint64_t(PG_FLAG_HOST_CLOSE));
    CHECK_EQ(at(f3, r.L.off_syncs), 6u);  // syncs 4..9 close trials 3..8 (sync 3 closed frame 2)
    CHECK_EQ(at(r.frame(2), r.L.off_merges), 0u);
}

TEST(host_close_with_full_ring_waits_in_the_core) {
    Rig r("ring_frames=2");
    if (!r.dev) return;
    std_config(r);
    r.push({{0, 0}, {10, 1}, {1000, 0}});
    r.set(PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);
    r.set(PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);
    CHECK_EQ(pg_frames_pending(r.dev), 2);
    CHECK_EQ(r.get(PG_REG_STATUS), uint64_t(PG_STATUS_IDLE | PG_STATUS_QUIET));  // ring full, frozen bank free
    r.set(PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);  // closes; the frame waits in the frozen bank
    CHECK_EQ(r.get(PG_REG_STATUS), uint64_t(PG_STATUS_FRAME_PENDING | PG_STATUS_QUIET));  // held: not idle, nothing else in flight
    CHECK_EQ(r.get(PG_REG_FRAMES), 2u);  // the held frame is not in the ring yet
    CHECK_EQ(pg_frames_pending(r.dev), 2);
    r.set(PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);  // queued behind the held frame
    CHECK(r.get(PG_REG_STATUS) & PG_STATUS_FRAME_PENDING);
    // a second command cannot queue behind the waiting frame
    uint64_t lib_refused = 9;
    CHECK_EQ(pg_writes_refused_by_library(r.dev, &lib_refused), PG_OK);
    CHECK_EQ(lib_refused, 0u);
    CHECK_EQ(pg_reg_write(r.dev, PG_REG_CTRL, PG_CTRL_CLOSE_FRAME), PG_ESTATE);
    CHECK_EQ(r.ref->write(PG_REG_CTRL, PG_CTRL_CLOSE_FRAME), PG_ESTATE);
    CHECK_EQ(pg_writes_refused_by_library(r.dev, &lib_refused), PG_OK);
    CHECK_EQ(lib_refused, 1u);  // refused before the bus: the library counts it (ABI version 4)
    CHECK_EQ(pg_writes_refused_by_library(r.dev, nullptr), PG_EINVAL);
    CHECK_EQ(pg_writes_refused_by_library(nullptr, &lib_refused), PG_EINVAL);
    CHECK_EQ(r.push_once({{5, 1}}), 0);  // the waiting command stops the input
    std::vector<uint64_t> buf(r.L.frame_words);
    CHECK_EQ(pg_frame_read(r.dev, buf.data(), int64_t(buf.size())), int64_t(r.L.frame_words));
    r.release();  // the held frame flows in, the queued close runs and waits in the frozen bank
    CHECK_EQ(pg_frames_pending(r.dev), 2);
    r.got.push_back(buf);
    r.collect();
    CHECK_EQ(r.get(PG_REG_STATUS), uint64_t(PG_STATUS_IDLE | PG_STATUS_QUIET));
    r.compare();
    CHECK_EQ(r.got.size(), 4u);
    CHECK_EQ(at(r.frame(0), r.L.off_trials), 1u);
}

TEST(bad_arguments) {
    CHECK(pg_open("ring_frames=1") == nullptr);
    CHECK(std::strstr(pg_last_error(nullptr), "ring_frames") != nullptr);
    CHECK(pg_open("ring_frames=abc") == nullptr);
    CHECK(pg_open("colour=blue") == nullptr);
    CHECK(std::strstr(pg_last_error(nullptr), "colour") != nullptr);
    CHECK(pg_open("record_capacity=0") == nullptr);
    CHECK(std::strstr(pg_last_error(nullptr), "record_capacity") != nullptr);
    pg_close(nullptr);
    pg_device *d = pg_open("ring_frames=3");
    CHECK(d != nullptr);
    if (!d) return;
    uint64_t v = 0;
    CHECK_EQ(pg_reg_read(d, 0x41, &v), PG_EINVAL);  // after LANES (0x40): outside the map
    CHECK(std::strlen(pg_last_error(d)) > 0);
    CHECK_EQ(pg_reg_read(d, 0xFF, &v), PG_EINVAL);
    CHECK_EQ(pg_reg_read(d, PG_REG_LANES, &v), PG_OK);
    CHECK(v == 1 || v == 2 || v == 4);
    CHECK_EQ(pg_reg_write(d, PG_REG_LANES, 1), PG_EINVAL);
    CHECK_EQ(pg_reg_read(d, PG_REG_RECORDS_ENABLE, &v), PG_OK);
    CHECK_EQ(pg_reg_read(d, PG_REG_RECORDS_DROPPED, &v), PG_OK);
    CHECK_EQ(pg_reg_read(d, PG_REG_MERGES, &v), PG_OK);
    CHECK_EQ(pg_reg_read(d, PG_REG_SYNC_PENDING, &v), PG_OK);
    CHECK_EQ(pg_reg_read(d, 0xFFFFFFFFu, &v), PG_EINVAL);
    CHECK_EQ(pg_reg_read(d, PG_REG_ID, nullptr), PG_EINVAL);
    CHECK_EQ(pg_reg_write(d, PG_REG_SYNC_PENDING, 1), PG_EINVAL);
    CHECK_EQ(pg_reg_write(d, PG_REG_MERGES, 1), PG_EINVAL);
    CHECK_EQ(pg_reg_write(d, 0x41, 1), PG_EINVAL);
    CHECK_EQ(pg_reg_write(d, PG_REG_RECORDS_MADE, 1), PG_EINVAL);
    CHECK_EQ(pg_reg_write(d, PG_REG_RECORDS_DROPPED, 1), PG_EINVAL);
    CHECK_EQ(pg_reg_write(d, PG_REG_ID, 1), PG_EINVAL);
    CHECK_EQ(pg_reg_write(d, PG_REG_STATUS, 1), PG_EINVAL);
    CHECK_EQ(pg_reg_write(d, 0x100, 1), PG_EINVAL);
    int64_t t = 0;
    uint8_t c = 0;
    CHECK_EQ(pg_push(d, nullptr, &c, nullptr, 1), PG_EINVAL);
    CHECK_EQ(pg_push(d, &t, nullptr, nullptr, 1), PG_EINVAL);
    CHECK_EQ(pg_push(d, &t, &c, nullptr, -1), PG_EINVAL);
    CHECK_EQ(pg_push(d, nullptr, nullptr, nullptr, 0), 0);
    CHECK_EQ(pg_push(d, &t, &c, nullptr, 0), 0);
    std::vector<uint64_t> buf(4096);
    CHECK_EQ(pg_frame_read(d, nullptr, 4096), PG_EINVAL);
    CHECK_EQ(pg_frame_read(d, buf.data(), -1), PG_EINVAL);
    CHECK_EQ(pg_frame_read(d, buf.data(), 4096), 0);
    CHECK_EQ(pg_frame_release(d), PG_ESTATE);
    CHECK_EQ(pg_reg_write(d, PG_REG_CTRL, PG_CTRL_CLOSE_FRAME), PG_OK);
    uint64_t fw = 0;
    CHECK_EQ(pg_reg_read(d, PG_REG_FRAME_WORDS, &fw), PG_OK);
    CHECK_EQ(pg_frame_read(d, buf.data(), int64_t(fw) - 1), PG_ESMALL);
    CHECK_EQ(pg_frame_read(d, buf.data(), int64_t(fw)), int64_t(fw));
    CHECK_EQ(pg_frames_pending(d), 1);
    CHECK_EQ(pg_frame_release(d), PG_OK);
    CHECK_EQ(pg_frames_pending(d), 0);
    CHECK_EQ(pg_reg_read(nullptr, PG_REG_ID, &v), PG_EINVAL);
    CHECK_EQ(pg_push(nullptr, &t, &c, nullptr, 1), PG_EINVAL);
    CHECK_EQ(pg_frames_pending(nullptr), PG_EINVAL);
    CHECK_EQ(pg_frame_release(nullptr), PG_EINVAL);
    CHECK(pg_last_error(nullptr) != nullptr);
    pg_close(d);
    pg_device *d2 = pg_open("");
    CHECK(d2 != nullptr);
    pg_close(d2);
    pg_device *d3 = pg_open(" ring_frames = 2 ,");
    CHECK(d3 != nullptr);
    pg_close(d3);
}

TEST(handles_are_independent) {
    Rig a, b;
    if (!a.dev || !b.dev) return;
    std_config(a);
    a.set(PG_REG_BIN_TICKS, 5);
    CHECK_EQ(b.get(PG_REG_BIN_TICKS), 1u);
    a.push({{0, 0}, {10, 1}, {1000, 0}});
    b.push({{0, 0}, {1000, 0}, {2000, 0}});
    a.close();
    b.close();
    a.compare();
    b.compare();
    CHECK_EQ(at(a.frame(0), a.L.off_trials), 1u);
    CHECK_EQ(at(b.frame(0), b.L.off_trials), 2u);
}

TEST(large_random_batch_with_small_ring) {
    std::mt19937_64 rng(99);
    Rig r("ring_frames=2");
    if (!r.dev) return;
    random_config(r, rng);
    r.set(PG_REG_FRAME_TRIALS, 3);
    std::vector<Tag> stream = random_stream(rng, 20000, 3, 0.3, 0.01, 400);
    r.push_in_batches(std::vector<Tag>(stream.begin(), stream.begin() + 10000), 40);  // a host that keeps up
    r.push(std::vector<Tag>(stream.begin() + 10000, stream.end()));  // one batch: merges
    r.close();
    r.compare();
    CHECK(r.got.size() > 100);
    CHECK(r.get(PG_REG_MERGES) > 100);
}

// ---- version 2: tag counts, sync runs, the sync-delay queue, two banks with merges ----------

// Mixture of a random v2 stream: sync runs, detector / other words with counts, out-of-order words.
struct StreamMix {
    double p_sync = 0.2;         // a word is a sync word
    double p_ooo = 0.02;         // a non-sync word is moved before the previous one
    uint32_t max_run = 1;        // sync words stand for 1..max_run syncs
    double p_long_run = 0.0;     // ... or, with this probability, 1000..100000 syncs
    uint32_t max_det_count = 1;  // detector / other words stand for 1..max_det_count tags
    int ndet_ch = 3;             // non-sync words on channels 1..ndet_ch
    int64_t period = 600;        // sync period, ticks
};

static std::vector<Tag> random_run_stream(std::mt19937_64 &rng, size_t n, const StreamMix &m, int64_t t0 = 0) {
    std::vector<Tag> v;
    v.reserve(n);
    int64_t t = t0;
    std::uniform_real_distribution<double> u(0, 1);
    for (size_t i = 0; i < n; i++) {
        if (u(rng) < m.p_sync) {
            uint32_t k = 1 + uint32_t(rng() % m.max_run);
            if (u(rng) < m.p_long_run) k = 1000 + uint32_t(rng() % 99001);
            t += m.period / 2 + int64_t(rng() % uint64_t(m.period)) + int64_t(k - 1) * m.period;
            v.push_back({t, 0, k});  // the time of the run's last sync
        } else {
            t += int64_t(rng() % uint64_t(m.period / 4 + 1));
            int64_t tt = t;
            if (u(rng) < m.p_ooo) tt -= int64_t(rng() % 200);
            v.push_back({tt, uint8_t(1 + rng() % uint64_t(m.ndet_ch)), 1 + uint32_t(rng() % m.max_det_count)});
        }
    }
    return v;
}

// The same stream with every word of count c written as c single tags (same time, same channel).
static std::vector<Tag> expanded(const std::vector<Tag> &tags) {
    std::vector<Tag> v;
    for (const Tag &t : tags)
        for (uint32_t i = 0; i < t.n; i++) v.push_back({t.t, t.ch, 1});
    return v;
}

// Bit of detector d in window w, and the histogram offsets of the rig's shape.
static uint32_t bit_of(const Rig &r, uint32_t w, uint32_t d) { return w * r.D + d; }
static uint32_t first_arrival_at(const Rig &r, uint32_t w, uint32_t d, uint32_t bin) {
    return r.L.off_first_arrival + bit_of(r, w, d) * r.B + bin;
}
static uint32_t dn_early_at(const Rig &r, uint32_t dn, uint32_t a) { return r.L.off_dn_early + (dn - 1) * r.W * r.D + a; }

static uint64_t sum_field(const std::vector<std::vector<uint64_t>> &frames, uint32_t off) {
    uint64_t s = 0;
    for (const auto &f : frames) s += at(f, off);
    return s;
}

static uint64_t roles_of(const Rig &r, const std::vector<uint64_t> &f) {
    uint64_t n = at(f, r.L.off_tags_sync) + at(f, r.L.off_tags_other);
    for (uint32_t d = 0; d < r.D; d++) n += at(f, r.L.off_tags_det + d);
    return n;
}

// Clock counts of the library's loop (test probe).
static pg_rtl_clocks clocks_of(const Rig &r) {
    pg_rtl_clocks c{};
    CHECK_EQ(pg_rtl_probe_clocks(r.dev, &c), PG_OK);
    return c;
}

// Clocks one sync word may cost the core (fpga/README.md, latency): the process stage, the
// dividers draining (QB + 2), per member 1 + a trial close of max(K, W*D) + 1, the frame-due
// step; doubled for slack. A frame stream costs nothing.
static uint64_t sync_clock_budget(const Rig &r) {
    uint32_t qb = 0;
    while ((1u << qb) < r.B) qb++;
    uint32_t close = (r.K > r.W * r.D ? r.K : r.W * r.D) + 1;
    return 2 * (qb + 2 + 2 * (close + 1) + 4);
}

TEST(pg_push_rejects_count_zero_up_front_and_null_counts_mean_one) {
    Rig r;
    if (!r.dev) return;
    std_config(r);
    const int64_t t[3] = {0, 10, 20};
    const uint8_t c[3] = {0, 1, 0};
    const uint32_t bad[3] = {1, 1, 0};
    CHECK_EQ(pg_push(r.dev, t, c, bad, 3), PG_EINVAL);  // the 0 is last: nothing of it is pushed
    CHECK(std::strstr(pg_last_error(r.dev), "count") != nullptr);
    CHECK_EQ(pg_push(r.dev, t, c, nullptr, 3), 3);
    for (int i = 0; i < 3; i++) r.ref->tag(t[i], c[i]);
    r.close();
    r.compare();
    CHECK_EQ(at(r.frame(0), r.L.off_tags_sync), 2u);
    CHECK_EQ(roles_of(r, r.frame(0)), 3u);
}

TEST(detector_and_other_words_with_count_add_count) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.push({{-100, 1, 6},   // 6 before the first sync (d0)
            {-90, 7, 4},    // 4 other
            {-95, 2, 3},    // 3 out of order (d1)
            {0, 0},         // sync: trial 0
            {10, 1, 5},     // 5 in window (w0, d0): pattern and first arrival once
            {20, 1, 2},     // 2 more in window, pattern bit already set
            {500, 2, 7},    // 7 outside
            {1000, 0},      // closes trial 0
            {900, 0, 9}});  // an out-of-order sync word: 9 OUT_OF_ORDER, closes nothing
    r.close();
    r.compare();
    const auto &f = r.frame(0);
    CHECK_EQ(at(f, r.L.off_tags_det + 0), 13u);
    CHECK_EQ(at(f, r.L.off_tags_det + 1), 10u);
    CHECK_EQ(at(f, r.L.off_tags_other), 4u);
    CHECK_EQ(at(f, r.L.off_tags_sync), 11u);
    CHECK_EQ(at(f, r.L.off_before_first_sync), 6u);
    CHECK_EQ(at(f, r.L.off_other_channel), 4u);
    CHECK_EQ(at(f, r.L.off_out_of_order), 12u);
    CHECK_EQ(at(f, r.L.off_in_window), 7u);
    CHECK_EQ(at(f, r.L.off_outside), 7u);
    CHECK_EQ(at(f, r.L.off_syncs), 2u);
    CHECK_EQ(at(f, r.L.off_trials), 1u);
    CHECK_EQ(at(f, r.L.off_patterns + 1), 1u);
    CHECK_EQ(at(f, first_arrival_at(r, 0, 0, 10)), 1u);
    CHECK_EQ(at(f, first_arrival_at(r, 0, 0, 20)), 0u);
}

// The flat counters add in two halves with a registered carry (pg_count_bank): counts of 2^32 - 1
// per lane carry out of the low half at consecutive clocks, and the frame holds the exact sums.
TEST(flat_counters_carry_past_2_to_the_32) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    std_config(r);
    const uint32_t big = 0xFFFFFFFFu;
    std::vector<Tag> tags;
    for (int k = 0; k < 9; k++) tags.push_back({-1000 + k, 7, big});   // other channel
    for (int k = 0; k < 5; k++) tags.push_back({-900 + k, 1, big});    // d0 before the first sync
    tags.push_back({0, 0});
    for (int k = 0; k < 3; k++) tags.push_back({500 + k, 2, big});     // d1 outside the windows
    tags.push_back({600, 7, 1});
    r.push(tags);
    r.close();
    r.compare();
    const auto &f = r.frame(0);
    CHECK_EQ(at(f, r.L.off_tags_other), 9 * uint64_t(big) + 1);
    CHECK_EQ(at(f, r.L.off_other_channel), 9 * uint64_t(big) + 1);
    CHECK_EQ(at(f, r.L.off_tags_det + 0), 5 * uint64_t(big));
    CHECK_EQ(at(f, r.L.off_before_first_sync), 5 * uint64_t(big));
    CHECK_EQ(at(f, r.L.off_tags_det + 1), 3 * uint64_t(big));
    CHECK_EQ(at(f, r.L.off_outside), 3 * uint64_t(big));
}

TEST(sync_run_words_of_1_to_50_equal_expanded_singles_and_reference) {
    for (uint64_t seed : {11ull, 12ull, 13ull}) {
        std::mt19937_64 rng(seed);
        StreamMix mix;
        mix.max_run = 50;
        mix.max_det_count = 3;
        std::vector<Tag> stream = random_run_stream(rng, 1500, mix);
        // a ring large enough for every frame: both see the same host (no merges)
        Rig runs("ring_frames=1024"), singles("ring_frames=1024");
        if (!runs.dev || !singles.dev) return;
        std::mt19937_64 cfg_a(seed + 100), cfg_b(seed + 100);
        random_config(runs, cfg_a);
        random_config(singles, cfg_b);
        // runs are one word only while syncs are effective at once (SYNC_DELAY <= 0, docs)
        runs.set(PG_REG_SYNC_DELAY, uint64_t(-7));
        singles.set(PG_REG_SYNC_DELAY, uint64_t(-7));
        runs.set(PG_REG_FRAME_TRIALS, 17 + seed);  // runs cross frame boundaries
        singles.set(PG_REG_FRAME_TRIALS, 17 + seed);
        CHECK_EQ(runs.push_once(stream), int64_t(stream.size()));
        const std::vector<Tag> one_by_one = expanded(stream);
        CHECK_EQ(singles.push_once(one_by_one), int64_t(one_by_one.size()));
        runs.close();
        singles.close();
        runs.compare();
        singles.compare();
        CHECK_EQ(runs.got.size(), singles.got.size());
        int differ = 0;
        for (size_t i = 0; i < runs.got.size() && i < singles.got.size(); i++) differ += runs.got[i] != singles.got[i];
        CHECK_EQ(differ, 0);
        CHECK(runs.got.size() > 20);
    }
}

TEST(sync_run_crossing_frame_trials_boundaries_counts_each_member_in_its_frame) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.set(PG_REG_FRAME_TRIALS, 7);
    // trial 0 has a click (w0, d0); the run's member 1 closes it, members 2..20 close the empty
    // trials 1..19: frames close after trials 6 and 13 inside the run
    r.push({{0, 0}, {10, 1}, {5000, 0, 20}});
    r.close();
    r.compare();
    CHECK_EQ(r.got.size(), 3u);
    if (r.got.size() != 3) return;
    const pg_layout &L = r.L;
    const uint64_t syncs[3] = {8, 7, 6};  // sync 0 + members 1..7 | members 8..14 | members 15..20
    const uint64_t trials[3] = {7, 7, 6};
    for (int i = 0; i < 3; i++) {
        CHECK_EQ(at(r.frame(i), L.off_syncs), syncs[i]);
        CHECK_EQ(at(r.frame(i), L.off_tags_sync), syncs[i]);
        CHECK_EQ(at(r.frame(i), L.off_trials), trials[i]);
        CHECK_EQ(at(r.frame(i), L.off_first_trial), uint64_t(7 * i));
    }
    CHECK_EQ(at(r.frame(0), L.off_flags), uint64_t(PG_FLAG_TRIAL_CLOSE));
    CHECK_EQ(at(r.frame(2), L.off_flags), uint64_t(PG_FLAG_HOST_CLOSE));
    // the history crosses the frame boundary: trial 0's click pairs with trials 1..8
    for (uint32_t dn = 1; dn <= 8; dn++) CHECK_EQ(at(r.frame(dn <= 6 ? 0 : 1), dn_early_at(r, dn, 0)), 1u);
    CHECK_EQ(at(r.frame(0), L.off_patterns + 1), 1u);
    CHECK_EQ(at(r.frame(0), L.off_patterns + 0), 6u);
    CHECK_EQ(at(r.frame(0), L.off_dn_pairs + 0), 6u);  // trials 1..6 with their predecessor
    CHECK_EQ(at(r.frame(0), L.off_dn_pairs + 7), 0u);
    CHECK_EQ(at(r.frame(1), L.off_dn_pairs + 7), 6u);  // trials 8..13
    // the same as 20 single syncs
    Rig s;
    if (!s.dev) return;
    std_config(s);
    s.set(PG_REG_FRAME_TRIALS, 7);
    s.push(expanded({{0, 0}, {10, 1}, {5000, 0, 20}}));
    s.close();
    s.compare();
    CHECK(s.got == r.got);
}

// Issue 3, throughput: inside a trial, words of clicks (in windows, outside, count > 1, other
// channels, out of order, first arrivals that start divisions) go at one input word per clock,
// LANES tags per word, with no refused clock; the results equal the one-tag-at-a-time reference.
TEST(click_words_go_one_per_clock_without_bubbles) {
    Rig r;
    if (!r.dev) return;
    std_config(r);
    const uint64_t lanes = r.get(PG_REG_LANES);
    r.push({{0, 0}});  // the trial is open; nothing in flight
    std::mt19937_64 rng(7);
    std::vector<Tag> tags;
    int64_t t = 0;
    const size_t n = 6000 * lanes;
    for (size_t i = 0; i < n; i++) {
        t += int64_t(rng() % 3);
        const uint32_t kind = uint32_t(rng() % 16);
        if (kind == 0) {
            tags.push_back({t - 50, 1});             // out of order
        } else if (kind == 1) {
            tags.push_back({t, 7});                  // other channel
        } else if (kind == 2) {
            tags.push_back({t, 2, 1 + uint32_t(rng() % 5)});  // a word of identical clicks
        } else {
            tags.push_back({t, uint8_t(1 + rng() % 2)});
        }
    }
    const pg_rtl_clocks c0 = clocks_of(r);
    r.push(tags);
    const pg_rtl_clocks c1 = clocks_of(r);
    const uint64_t words = (n + lanes - 1) / lanes;
    CHECK_EQ(c1.tag_offered - c0.tag_offered, words);
    CHECK_EQ(c1.tag_refused - c0.tag_refused, 0u);
    std::printf("  (measured: %zu tags in %" PRIu64 " words of %" PRIu64 " lanes: %" PRIu64 " input clocks, %" PRIu64
                " refused; %" PRIu64 " clocks in all)\n",
                n, words, lanes, c1.tag_offered - c0.tag_offered, c1.tag_refused - c0.tag_refused, c1.clocks - c0.clocks);
    r.push({{t + 1000, 0}});
    r.close();
    r.compare();
}

// Trial-close throughput (issue 13; fpga/README.md "Latency and throughput"), in clocks of the
// model (deterministic, not wall time), any shape:
//   - a stream of single syncs (every tag a sync, no click): 1 clock per empty trial (the sync
//     engine applies a single sync in the clock of its own segment);
//   - the dense stream of pg_bench (a sync every 8 tags, 7 clicks on 2 detectors in 2 windows):
//     per clicked trial the input needs its words + 2 clocks (the sync lane's segment, the clock
//     that recomputes the lane bits for the new window bounds; 4 at LANES 4), the close engine
//     ceil(K / 2) (dN steps of 2 rows) and W*D (one arrival per set bit); the larger of the three.
// Plus a fixed allowance for the pipeline's fill and drain.
TEST(empty_trial_one_clock_clicked_trial_its_words_plus_two) {
    Rig r;
    if (!r.dev) return;
    std_config(r);
    const uint64_t lanes = r.get(PG_REG_LANES);
    const uint64_t n = 4000;
    {
        std::vector<Tag> tags;
        for (uint64_t i = 0; i < n; i++) tags.push_back({int64_t(1000 + 1000 * i), 0});
        const pg_rtl_clocks c0 = clocks_of(r);
        r.push(tags);
        const pg_rtl_clocks c1 = clocks_of(r);
        CHECK(c1.clocks - c0.clocks <= n + 64);
        std::printf("  (measured: %" PRIu64 " single syncs in %" PRIu64 " clocks)\n", n, c1.clocks - c0.clocks);
    }
    {
        std::vector<Tag> tags;
        int64_t t = 10000000;
        for (uint64_t i = 0; i < n; i++) {
            t += 100000;
            tags.push_back({t, 0});
            for (int k = 1; k < 8; k++) tags.push_back({t + 23 * k, uint8_t(1 + k % 2)});
        }
        const uint64_t words = (8 + lanes - 1) / lanes;
        uint64_t per = words + 2;
        const uint64_t close_a = (r.K + 1) / 2, close_b = uint64_t(r.W) * r.D;
        if (close_a > per) per = close_a;
        if (close_b > per) per = close_b;
        const pg_rtl_clocks c0 = clocks_of(r);
        r.push(tags);
        const pg_rtl_clocks c1 = clocks_of(r);
        CHECK(c1.clocks - c0.clocks <= per * n + 64);
        std::printf("  (measured: %" PRIu64 " clicked trials in %" PRIu64 " clocks = %.2f per trial, bound %" PRIu64 ")\n", n,
                    c1.clocks - c0.clocks, double(c1.clocks - c0.clocks) / double(n), per);
    }
    r.close();
    r.compare();
}

TEST(sync_run_of_a_million_closes_in_bulk) {
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.push({{0, 0}, {10, 1}});
    const pg_rtl_clocks before = clocks_of(r);
    const uint64_t n = 1000000;
    r.push({{5000, 0, uint32_t(n)}});
    const pg_rtl_clocks after = clocks_of(r);
    CHECK(after.clocks - before.clocks < 20 * sync_clock_budget(r));  // O(K) clocks, not O(count)
    std::printf("  (measured: a run of %" PRIu64 " syncs took %" PRIu64 " clocks)\n", n, after.clocks - before.clocks);
    CHECK_EQ(r.get(PG_REG_TRIALS), n);
    r.close();
    r.compare();
    const auto &f = r.frame(0);
    const pg_layout &L = r.L;
    CHECK_EQ(at(f, L.off_trials), n);
    CHECK_EQ(at(f, L.off_syncs), n + 1);
    CHECK_EQ(at(f, L.off_tags_sync), n + 1);
    CHECK_EQ(at(f, L.off_patterns + 0), n - 1);
    CHECK_EQ(at(f, L.off_patterns + 1), 1u);  // trial 0: (w0, d0)
    for (uint32_t dn = 1; dn <= r.K; dn++) {
        CHECK_EQ(at(f, L.off_dn_pairs + dn - 1), n - dn);
        CHECK_EQ(at(f, dn_early_at(r, dn, 0)), 1u);
    }
}

TEST(sync_run_of_a_billion_splits_at_frame_boundaries) {
    Rig r;
    if (!r.dev) return;
    std_config(r);
    const uint64_t ft = 400000000, n = 1000000000;
    r.set(PG_REG_FRAME_TRIALS, ft);
    const pg_rtl_clocks before = clocks_of(r);
    r.push({{0, 0}, {1000, 0, uint32_t(n)}});  // 10^9 trials closed
    const pg_rtl_clocks after = clocks_of(r);
    CHECK(after.clocks - before.clocks < 2 * uint64_t(r.L.frame_words) + 40 * sync_clock_budget(r));
    r.close();
    r.compare();
    CHECK_EQ(r.got.size(), 3u);
    if (r.got.size() != 3) return;
    const pg_layout &L = r.L;
    CHECK_EQ(at(r.frame(0), L.off_syncs), ft + 1);
    CHECK_EQ(at(r.frame(1), L.off_syncs), ft);
    CHECK_EQ(at(r.frame(2), L.off_syncs), n - 2 * ft);
    CHECK_EQ(at(r.frame(2), L.off_trials), n - 2 * ft);
    CHECK_EQ(at(r.frame(1), L.off_patterns + 0), ft);
    CHECK_EQ(at(r.frame(1), L.off_dn_pairs + r.K - 1), ft);
    CHECK_EQ(at(r.frame(0), L.off_dn_pairs + r.K - 1), ft - r.K);
    CHECK_EQ(r.get(PG_REG_TRIALS), n);
}

TEST(sync_delay_tag_between_s_and_s_plus_delay_stays_in_the_previous_trial) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.set(PG_REG_SYNC_DELAY, 50);
    r.push({{1000, 0}, {1020, 1}});  // the sync waits until 1050: the click is before the first trial
    CHECK_EQ(r.get(PG_REG_SYNC_PENDING), 1u);
    r.push({{1060, 1},               // releases it: trial 0 from 1050, offset 10
            {2000, 0},               // pending until 2050
            {2030, 2}});             // still trial 0: offset 980, outside
    CHECK_EQ(r.get(PG_REG_SYNC_PENDING), 1u);
    CHECK_EQ(r.get(PG_REG_TRIALS), 0u);
    r.push({{2050, 2},               // raw time = s + delay: released first; trial 1, offset 0
            {3000, 0}, {3100, 7}});  // an other-channel tag releases the third sync: closes trial 1
    CHECK_EQ(r.get(PG_REG_SYNC_PENDING), 0u);
    CHECK_EQ(r.get(PG_REG_TRIALS), 2u);
    r.close();
    r.compare();
    const auto &f = r.frame(0);
    CHECK_EQ(at(f, r.L.off_before_first_sync), 1u);
    CHECK_EQ(at(f, r.L.off_outside), 1u);
    CHECK_EQ(at(f, r.L.off_in_window), 2u);
    CHECK_EQ(at(f, r.L.off_patterns + 1), 1u);  // trial 0: (w0, d0)
    CHECK_EQ(at(f, r.L.off_patterns + 2), 1u);  // trial 1: (w0, d1)
    CHECK_EQ(at(f, first_arrival_at(r, 0, 0, 10)), 1u);
    CHECK_EQ(at(f, first_arrival_at(r, 0, 1, 0)), 1u);
}

TEST(periodic_trigger_with_delay_period_minus_a_catches_clicks_before_the_edge) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    const int64_t T = 1000, a = 100;
    r.set(PG_REG_DET_CHANNEL + 0, 1);
    r.set(PG_REG_DET_CHANNEL + 1, 2);
    r.set(PG_REG_WIN_START + 0, 0);
    r.set(PG_REG_WIN_LENGTH + 0, 2 * a);  // [edge - a, edge + a) around the next recorded edge
    r.set(PG_REG_SYNC_DELAY, uint64_t(T - a));
    // recorded edges k*T, k = 1..12; each with a click 30 before (d0) and 50 after (d1)
    std::vector<Tag> tags;
    for (int64_t k = 1; k <= 12; k++) {
        tags.push_back({k * T - 30, 1});
        tags.push_back({k * T, 0});
        tags.push_back({k * T + 50, 2});
    }
    r.push(tags);
    CHECK_EQ(r.get(PG_REG_SYNC_PENDING), 1u);  // edge 12 waits for a tag at >= 12900
    r.close();
    r.compare();
    const auto &f = r.frame(0);
    // the trial of edge k starts at (k+1)*T - a and holds both clicks of edge k+1
    CHECK_EQ(at(f, r.L.off_trials), 10u);
    CHECK_EQ(at(f, r.L.off_syncs), 12u);
    CHECK_EQ(at(f, r.L.off_before_first_sync), 2u);  // the clicks of edge 1
    CHECK_EQ(at(f, r.L.off_in_window), 22u);
    CHECK_EQ(at(f, r.L.off_outside), 0u);
    CHECK_EQ(at(f, r.L.off_patterns + 3), 10u);
    CHECK_EQ(at(f, first_arrival_at(r, 0, 0, a - 30)), 10u);
    CHECK_EQ(at(f, first_arrival_at(r, 0, 1, a + 50)), 10u);
    CHECK_EQ(at(f, r.L.off_both_arrival + a + 50), 10u);
}

TEST(sync_queue_holds_16_words_then_counts_sync_dropped) {
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.set(PG_REG_SYNC_DELAY, 1000000);
    std::vector<Tag> syncs;
    for (int i = 1; i <= 20; i++) syncs.push_back({i, 0, uint32_t(i == 3 ? 5 : 1)});  // word 3 is a run of 5
    r.push(syncs);
    CHECK_EQ(r.get(PG_REG_SYNC_PENDING), uint64_t(PG_SYNC_QUEUE_DEPTH));
    CHECK_EQ(r.get(PG_REG_TRIALS), 0u);
    r.close();
    CHECK_EQ(r.get(PG_REG_SYNC_PENDING), uint64_t(PG_SYNC_QUEUE_DEPTH));  // a host close keeps them
    r.push({{2000000, 1}});  // releases all 16 words: 20 effective syncs, 19 trials
    CHECK_EQ(r.get(PG_REG_SYNC_PENDING), 0u);
    CHECK_EQ(r.get(PG_REG_TRIALS), 19u);
    r.close();
    r.compare();
    CHECK_EQ(r.got.size(), 2u);
    if (r.got.size() != 2) return;
    const pg_layout &L = r.L;
    CHECK_EQ(at(r.frame(0), L.off_tags_sync), 24u);
    CHECK_EQ(at(r.frame(0), L.off_syncs), 20u);        // 16 words, one of 5 syncs
    CHECK_EQ(at(r.frame(0), L.off_sync_dropped), 4u);  // words 17..20
    CHECK_EQ(at(r.frame(0), L.off_trials), 0u);
    CHECK_EQ(at(r.frame(1), L.off_syncs), 0u);         // counted when they arrived
    CHECK_EQ(at(r.frame(1), L.off_trials), 19u);
    CHECK_EQ(at(r.frame(1), L.off_patterns + 0), 19u);
}

TEST(ctrl_close_keeps_pending_syncs_and_ctrl_reset_discards_them) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.set(PG_REG_SYNC_DELAY, 500);
    r.push({{1000, 0}, {1100, 0}, {1200, 0}});  // effective at 1500, 1600, 1700
    CHECK_EQ(r.get(PG_REG_SYNC_PENDING), 3u);
    r.close();
    CHECK_EQ(r.get(PG_REG_SYNC_PENDING), 3u);
    r.push({{1650, 1}});  // releases two: trial 0 [1500, 1600) closes; the click is at 50 in trial 1
    CHECK_EQ(r.get(PG_REG_SYNC_PENDING), 1u);
    CHECK_EQ(r.get(PG_REG_TRIALS), 1u);
    r.close();
    r.set(PG_REG_CTRL, PG_CTRL_RESET);
    CHECK_EQ(r.get(PG_REG_SYNC_PENDING), 0u);
    r.push({{5000, 1}});  // the discarded sync never opens a trial
    r.close();
    r.compare();
    CHECK_EQ(r.got.size(), 3u);
    if (r.got.size() != 3) return;
    CHECK_EQ(at(r.frame(0), r.L.off_syncs), 3u);
    CHECK_EQ(at(r.frame(0), r.L.off_trials), 0u);
    CHECK_EQ(at(r.frame(1), r.L.off_trials), 1u);
    CHECK_EQ(at(r.frame(1), r.L.off_in_window), 1u);
    CHECK_EQ(at(r.frame(1), r.L.off_patterns + 0), 1u);
    CHECK_EQ(at(r.frame(2), r.L.off_seq), 0u);
    CHECK_EQ(at(r.frame(2), r.L.off_before_first_sync), 1u);
    CHECK_EQ(at(r.frame(2), r.L.off_trials), 0u);
}

TEST(merges_with_a_ring_of_two_never_released) {
    Rig r("ring_frames=2");
    if (!r.dev) return;
    std_config(r);
    r.set(PG_REG_FRAME_TRIALS, 10);
    std::vector<Tag> tags;
    for (int i = 0; i <= 100; i++) {
        tags.push_back({1000 * i, 0});
        if (i % 3 == 0) tags.push_back({1000 * i + 5, 1});
    }
    // trials 0..99: frames 0, 1 in the ring, frame 2 (trials 20..29) held in the frozen bank,
    // trials 30..99 in the active bank, made due 7 times: 7 merges
    CHECK_EQ(r.push_once(tags), int64_t(tags.size()));
    CHECK_EQ(pg_frames_pending(r.dev), 2);
    CHECK_EQ(r.get(PG_REG_STATUS), uint64_t(PG_STATUS_FRAME_PENDING | PG_STATUS_QUIET));
    CHECK_EQ(r.get(PG_REG_FRAMES), 2u);
    CHECK_EQ(r.get(PG_REG_TRIALS), 100u);
    CHECK_EQ(r.get(PG_REG_MERGES), 7u);
    // a host close is never merged: it waits behind the held frame and stops the input
    r.set(PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);
    const std::vector<Tag> more = {{101000, 0}, {101005, 1}, {102000, 0}};
    CHECK_EQ(r.push_once(more), 0);
    CHECK_EQ(r.get(PG_REG_TRIALS), 100u);
    CHECK(r.take_one());  // frame 2 into the ring; the close runs: frame 3 is held now
    CHECK_EQ(pg_frames_pending(r.dev), 2);
    CHECK_EQ(r.get(PG_REG_FRAMES), 3u);
    CHECK_EQ(r.push_once(more), int64_t(more.size()));  // the input flows again
    r.close();
    r.compare();
    CHECK_EQ(r.got.size(), 5u);
    if (r.got.size() != 5) return;
    const pg_layout &L = r.L;
    const auto &f3 = r.frame(3);
    CHECK_EQ(at(f3, L.off_first_trial), 30u);
    CHECK_EQ(at(f3, L.off_trials), 70u);
    CHECK_EQ(at(f3, L.off_merges), 7u);
    CHECK_EQ(at(f3, L.off_flags), uint64_t(PG_FLAG_HOST_CLOSE));
    CHECK_EQ(at(r.frame(4), L.off_trials), 2u);
    CHECK_EQ(at(r.frame(4), L.off_merges), 0u);
    CHECK_EQ(sum_field(r.got, L.off_trials), 102u);  // no trial lost or counted twice
    CHECK_EQ(sum_field(r.got, L.off_merges), r.get(PG_REG_MERGES));
    // a merged frame that closes by FRAME_TRIALS holds (1 + MERGES) * FRAME_TRIALS trials
    tags.clear();
    for (int i = 0; i < 300; i++) tags.push_back({200000 + 1000 * i, 0});
    CHECK_EQ(r.push_once(tags), int64_t(tags.size()));
    CHECK(r.take_one());  // the held frame goes into the ring: the frozen bank is free again
    tags.clear();
    for (int i = 0; i < 10; i++) tags.push_back({600000 + 1000 * i, 0});
    CHECK_EQ(r.push_once(tags), int64_t(tags.size()));
    r.close();
    r.compare();
    uint64_t merged = 0;
    for (const auto &f : r.got) {
        if (at(f, L.off_flags) != PG_FLAG_TRIAL_CLOSE) continue;
        CHECK_EQ(at(f, L.off_trials), 10 * (1 + at(f, L.off_merges)));
        merged += at(f, L.off_merges) > 0;
    }
    CHECK_EQ(merged, 1u);
}

TEST(close_and_reset_in_one_write_with_a_full_ring_reset_waits_for_the_bank) {
    // each part of a command needs the frozen bank free: the close swaps, and the frame it made
    // is held (ring full), so the reset waits behind it and the input stays stopped
    Rig r("ring_frames=2");
    if (!r.dev) return;
    std_config(r);
    r.push({{0, 0}, {10, 1}, {1000, 0}});
    r.set(PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);
    r.set(PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);  // the ring is full now
    r.push({{2000, 0}});
    r.set(PG_REG_CTRL, PG_CTRL_CLOSE_FRAME | PG_CTRL_RESET);
    CHECK_EQ(r.get(PG_REG_STATUS), uint64_t(PG_STATUS_FRAME_PENDING));
    CHECK_EQ(r.get(PG_REG_TRIALS), 2u);  // not reset yet
    CHECK_EQ(r.push_once({{3000, 0}}), 0);
    CHECK(r.take_one());  // the held frame into the ring, then the reset runs
    CHECK_EQ(r.get(PG_REG_TRIALS), 0u);
    CHECK_EQ(r.get(PG_REG_FRAMES), 0u);
    CHECK_EQ(r.push_once({{3000, 0}, {3010, 2}, {4000, 0}}), 3);
    r.close();
    r.compare();
    CHECK_EQ(r.got.size(), 4u);
    if (r.got.size() != 4) return;
    CHECK_EQ(at(r.frame(2), r.L.off_seq), 2u);
    CHECK_EQ(at(r.frame(2), r.L.off_trials), 1u);
    CHECK_EQ(at(r.frame(3), r.L.off_seq), 0u);
    CHECK_EQ(at(r.frame(3), r.L.off_trials), 1u);
}

TEST(frame_due_while_the_previous_frame_streams_waits_and_never_merges) {
    // back-to-back syncs with FRAME_TRIALS 1: each frame is due while the previous one still
    // streams into a free slot; that close waits for the stream, it is not merged
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.set(PG_REG_FRAME_TRIALS, 1);
    CHECK_EQ(r.push_once({{0, 0}, {1, 0}, {2, 0}, {3, 0}, {4, 0}, {5, 0}, {6, 0}}), 7);
    CHECK_EQ(pg_frames_pending(r.dev), 6);
    CHECK_EQ(r.get(PG_REG_MERGES), 0u);
    r.close();
    r.compare();
    CHECK_EQ(r.got.size(), 7u);
    for (size_t i = 0; i + 1 < r.got.size(); i++) {
        CHECK_EQ(at(r.frame(i), r.L.off_trials), 1u);
        CHECK_EQ(at(r.frame(i), r.L.off_merges), 0u);
    }
}

TEST(no_dead_time_tags_flow_while_a_frame_streams) {
    // one frame per trial, 3000 input words (3000 * LANES detector tags) per trial: every frame
    // streams (FRAME_WORDS clocks) while the next trial's words arrive; the input must not wait for it
    {
        Rig r;
        if (!r.dev) return;
        std_config(r);
        r.set(PG_REG_FRAME_TRIALS, 1);
        const int lanes = int(r.get(PG_REG_LANES));
        std::vector<Tag> tags;
        int64_t t = 0;
        for (int k = 0; k < 6; k++) {
            tags.push_back({t, 0});
            for (int i = 0; i < 3000 * lanes; i++) tags.push_back({t + 1 + i / 32, uint8_t(1 + i % 2)});
            t += 100000;
        }
        const pg_rtl_clocks c0 = clocks_of(r);
        r.push(tags);
        const pg_rtl_clocks c1 = clocks_of(r);
        r.close();
        r.compare();
        CHECK_EQ(r.got.size(), 6u);
        const uint64_t streamed = c1.frame_streaming - c0.frame_streaming;
        const uint64_t refused = c1.refused_streaming - c0.refused_streaming;
        CHECK(streamed >= 5 * uint64_t(r.L.frame_words));
        CHECK(refused <= 5 * 2);  // at most a handover clock or two per frame
        std::printf("  (measured: %" PRIu64 " input clocks refused during %" PRIu64 " frame-streaming clocks)\n", refused, streamed);
    }
    // a long random stream with sparse syncs, once with a frame every 4 trials and once with no
    // frame until the end: the frames may cost the input the swap clock each, nothing more
    // (the syncs cost the same clocks in both runs, whether a frame streams meanwhile or not)
    uint64_t refused[2] = {0, 0}, frames[2] = {0, 0}, streamed[2] = {0, 0}, L_words = 0;
    uint32_t B_shape = 2;
    for (int with_frames = 0; with_frames < 2; with_frames++) {
        std::mt19937_64 rng(2024);
        Rig r;
        if (!r.dev) return;
        random_config(r, rng);
        r.set(PG_REG_SYNC_DELAY, 0);
        r.set(PG_REG_FRAME_TRIALS, with_frames ? 4 : 0);
        // random clicks, a sync every 1000 * LANES tags: frames are due every ~4000 clocks, so
        // none has to wait for the previous one to finish streaming (FRAME_WORDS clocks; docs
        // allow that wait)
        const size_t lanes = size_t(r.get(PG_REG_LANES));
        StreamMix mix;
        mix.p_sync = 0.0;
        mix.p_ooo = 0.0;
        mix.period = 2000;
        std::vector<Tag> clicks = random_run_stream(rng, 120000 * lanes, mix), tags;
        for (size_t i = 0; i < clicks.size(); i++) {
            if (i % (1000 * lanes) == 0) tags.push_back({clicks[i].t, 0});
            tags.push_back(clicks[i]);
        }
        const pg_rtl_clocks c0 = clocks_of(r);
        r.push_in_batches(tags, 30000);
        const pg_rtl_clocks c1 = clocks_of(r);
        r.close();
        r.compare();
        refused[with_frames] = c1.tag_refused - c0.tag_refused;
        streamed[with_frames] = c1.frame_streaming - c0.frame_streaming;
        frames[with_frames] = r.got.size() - 1;
        L_words = r.L.frame_words;
        B_shape = r.B;
    }
    CHECK_EQ(frames[0], 0u);
    CHECK(frames[1] >= 20);
    CHECK(streamed[1] >= frames[1] * uint64_t(L_words));
    CHECK(refused[1] >= refused[0]);
    // per frame: the swap clock, and the wait for the trial-close engine to finish the frame's last
    // trial (its divisions, QB + 2 clocks after its last click, then the first-arrival increments
    // and the histogram pipeline: pg_trial_close); version 1: + FRAME_WORDS per frame
    uint32_t qb = 0;
    while ((1u << qb) < B_shape) qb++;
    CHECK(refused[1] - refused[0] <= uint64_t(qb + 13) * frames[1]);
    std::printf("  (measured: refused input clocks %" PRIu64 " with %" PRIu64 " frames, %" PRIu64 " without)\n", refused[1],
                frames[1], refused[0]);
}

// End to end, any shape: runs, detector counts, out-of-order words, a sync delay long enough to
// overflow the queue, a small ring that the host releases irregularly (merges, short pushes
// behind waiting closes). Every frame against the reference, the per-frame invariants, and the
// totals against what was pushed.
TEST(end_to_end_accounting_with_runs_queue_drops_and_merges) {
    for (uint64_t seed : {31ull, 32ull, 33ull, 34ull}) {
        std::mt19937_64 rng(seed);
        Rig r(seed % 2 ? "ring_frames=2" : "ring_frames=3");
        if (!r.dev) return;
        random_config(r, rng);
        StreamMix mix;
        mix.max_run = 40;
        mix.p_long_run = 0.01;
        mix.max_det_count = 4;
        mix.ndet_ch = 4;
        mix.p_ooo = 0.03;
        const uint64_t ft = 5 + rng() % 20;
        r.set(PG_REG_FRAME_TRIALS, ft);
        // first half: syncs effective at once; second half: a delay longer than 16 sync words
        r.set(PG_REG_SYNC_DELAY, uint64_t(-int64_t(rng() % 30)));
        std::vector<Tag> a = random_run_stream(rng, 4000, mix);
        std::vector<Tag> b = random_run_stream(rng, 4000, mix, a.back().t + 1000);
        size_t off = 0;
        while (off < a.size()) {
            size_t n = 1 + rng() % 700;
            if (off + n > a.size()) n = a.size() - off;
            r.push(std::vector<Tag>(a.begin() + off, a.begin() + off + n));
            off += n;
            if (rng() % 3 == 0) r.set(PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);  // may wait behind a held frame
            for (int k = int(rng() % 3); k > 0; k--) r.take_one();
        }
        r.set(PG_REG_SYNC_DELAY, uint64_t(2000 * mix.period));  // ~100 sync words: the queue overflows
        r.push(b);
        const uint64_t pending_syncs = r.ref->pending_syncs();
        const bool trial_open = r.ref->trial_open;
        r.close();
        r.compare();
        const pg_layout &L = r.L;
        uint64_t roles = 0, expect_first = 0;
        for (size_t i = 0; i < r.got.size(); i++) {
            const auto &f = r.got[i];
            roles += roles_of(r, f);
            CHECK_EQ(at(f, L.off_seq), uint64_t(i));
            CHECK_EQ(at(f, L.off_first_trial), expect_first);
            expect_first += at(f, L.off_trials);
            if (at(f, L.off_flags) == PG_FLAG_TRIAL_CLOSE) CHECK_EQ(at(f, L.off_trials), ft * (1 + at(f, L.off_merges)));
        }
        CHECK_EQ(roles, r.pushed_tags);
        CHECK_EQ(r.pushed_tags, tag_count(a) + tag_count(b));
        CHECK_EQ(expect_first, r.get(PG_REG_TRIALS));
        CHECK_EQ(sum_field(r.got, L.off_merges), r.get(PG_REG_MERGES));
        // every sync counted in SYNCS is a closed trial, the open one, or pending
        CHECK_EQ(sum_field(r.got, L.off_syncs), r.get(PG_REG_TRIALS) + (trial_open ? 1 : 0) + pending_syncs);
        CHECK(sum_field(r.got, L.off_sync_dropped) > 0);
        CHECK(r.get(PG_REG_MERGES) > 0);
        CHECK_EQ(r.get(PG_REG_SYNC_PENDING), uint64_t(r.ref->pending.size()));
    }
}

// Random sequences of everything a host does: pushes (runs, counts, out-of-order words), CTRL
// commands (close, reset, both; refused while one waits), partial releases, configuration
// changes mid-run (FRAME_TRIALS lowered and raised, SYNC_DELAY flipping sign with syncs pending).
// PG_FUZZ_SEEDS=n runs n seeds instead of 6.
TEST(fuzz_host_operations_match_reference) {
    const char *env = std::getenv("PG_FUZZ_SEEDS");
    const uint64_t seeds = env ? std::strtoull(env, nullptr, 10) : 6;
    uint64_t short_pushes = 0, refused_commands = 0, merges = 0, dropped = 0, frames = 0;
    for (uint64_t seed = 1000; seed < 1000 + seeds; seed++) {
        std::mt19937_64 rng(seed);
        // records on in every other seed, into a ring of 2 or 4 records (so the FIFO fills and drops)
        Rig r(seed % 3 == 0 ? "ring_frames=2,record_capacity=2" : seed % 3 == 1 ? "ring_frames=3,record_capacity=4" : "ring_frames=5");
        if (!r.dev) return;
        random_config(r, rng);
        if (seed % 2 == 0) r.set(PG_REG_RECORDS_ENABLE, 1);
        StreamMix mix;
        mix.max_run = 1 + uint32_t(rng() % 30);
        mix.p_long_run = 0.005;
        mix.max_det_count = 1 + uint32_t(rng() % 4);
        mix.ndet_ch = 4;
        mix.p_ooo = 0.02;
        int64_t t = 0;
        uint64_t seed_refused = 0;  // this rig's PG_ESTATE refusals of pg_reg_write
        for (int op = 0; op < 60; op++) {
            const uint64_t what = rng() % 10;
            if (what < 5) {
                std::vector<Tag> tags = random_run_stream(rng, 1 + rng() % 400, mix, t);
                t = tags.back().t;
                int64_t n = r.push_once(tags);
                if (n >= 0 && size_t(n) < tags.size()) {
                    short_pushes++;
                    CHECK(r.take_one());  // one release lets the waiting command run
                    r.push(std::vector<Tag>(tags.begin() + n, tags.end()));
                }
            } else if (what == 5) {
                const uint64_t cmd = 1 + rng() % 3;
                const int rc = pg_reg_write(r.dev, PG_REG_CTRL, cmd);
                CHECK_EQ(rc, r.ref->write(PG_REG_CTRL, cmd));
                refused_commands += rc == PG_ESTATE;
                seed_refused += rc == PG_ESTATE;
                if (cmd & PG_CTRL_RESET) t = 0;
            } else if (what == 6) {
                for (int k = int(rng() % 4); k > 0; k--) r.take_one();
                r.read_records(1 + rng() % 5);
            } else if (what == 7) {
                r.set(PG_REG_FRAME_TRIALS, rng() % 4 == 0 ? 0 : 1 + rng() % 25);
            } else if (what == 8) {
                const uint64_t kind = rng() % 3;  // <= 0, a few periods, beyond the queue's 16 words
                const int64_t d = kind == 0 ? -int64_t(rng() % 100)
                                  : kind == 1 ? int64_t(rng() % (30 * mix.period))
                                              : int64_t(2000 * mix.period);
                r.set(PG_REG_SYNC_DELAY, uint64_t(d));
            } else {
                CHECK_EQ(r.get(PG_REG_SYNC_PENDING), r.ref->read(PG_REG_SYNC_PENDING));
                CHECK_EQ(r.get(PG_REG_TRIALS), r.ref->read(PG_REG_TRIALS));
                CHECK_EQ(r.get(PG_REG_MERGES), r.ref->read(PG_REG_MERGES));
                CHECK_EQ(r.get(PG_REG_FRAMES), r.ref->read(PG_REG_FRAMES));
                CHECK_EQ(r.get(PG_REG_STATUS), r.ref->read(PG_REG_STATUS));
                CHECK_EQ(pg_frames_pending(r.dev), r.ref->ring_count);
                CHECK_EQ(r.get(PG_REG_RECORDS_MADE), r.ref->read(PG_REG_RECORDS_MADE));
                CHECK_EQ(r.get(PG_REG_RECORDS_DROPPED), r.ref->read(PG_REG_RECORDS_DROPPED));
                CHECK_EQ(pg_records_pending(r.dev), int64_t(r.ref->records_readable()));
            }
            if (g_checks_failed) {
                std::printf("  (seed %" PRIu64 ", operation %d)\n", seed, op);
                return;
            }
        }
        r.collect();  // runs a command that waits, so the final close is not refused
        uint64_t lib_refused = 0;  // every refusal counted by the library (the bare core has no bus counter)
        CHECK_EQ(pg_writes_refused_by_library(r.dev, &lib_refused), PG_OK);
        CHECK_EQ(lib_refused, seed_refused);
        r.close();
        r.compare();
        merges += sum_field(r.got, r.L.off_merges);
        dropped += sum_field(r.got, r.L.off_sync_dropped);
        frames += r.got.size();
        if (g_checks_failed) {
            std::printf("  (seed %" PRIu64 ")\n", seed);
            return;
        }
    }
    if (env)
        std::printf("  fuzz: %" PRIu64 " seeds, %" PRIu64 " frames, %" PRIu64 " merges, %" PRIu64 " syncs dropped, %" PRIu64
                    " short pushes, %" PRIu64 " commands refused\n",
                    seeds, frames, merges, dropped, short_pushes, refused_commands);
}

// ---- trial records (docs/frame-format.md "Trial records") --------------------------------------

// Trials with clicks (std_config: windows [0,100) and [100,200), detectors on channels 1 and 2),
// one every 1000 ticks; every `empty_every`-th trial empty.
static std::vector<Tag> clicky_trials(std::mt19937_64 &rng, int trials, int empty_every, int64_t t0 = 0) {
    std::vector<Tag> v;
    int64_t t = t0;
    for (int i = 0; i < trials; i++) {
        t += 1000;
        v.push_back({t, 0});
        if (empty_every && i % empty_every == empty_every - 1) continue;
        const int clicks = 1 + int(rng() % 4);
        int64_t c = t;
        for (int k = 0; k < clicks; k++) {
            c += 1 + int64_t(rng() % 90);
            // the first click is detector 0 in window 0 (any shape), so the trial is never empty
            v.push_back({c, uint8_t(k == 0 ? 1 : 1 + rng() % 2)});
        }
    }
    return v;
}

TEST(records_match_reference_random_streams) {
    uint64_t made = 0;
    for (uint64_t seed : {11ull, 12ull, 13ull, 14ull}) {
        std::mt19937_64 rng(seed);
        Rig r;
        if (!r.dev) return;
        random_config(r, rng);
        r.set(PG_REG_RECORDS_ENABLE, 1);
        if (seed % 2) r.set(PG_REG_FRAME_TRIALS, 1 + rng() % 40);
        for (int chunk = 0; chunk < 3; chunk++) {
            r.push(random_stream(rng, 3000, 4, 0.2, 0.03, 600));
            r.read_records(1 + rng() % 50);
        }
        r.close();
        r.compare();
        made += r.get(PG_REG_RECORDS_MADE);
        CHECK_EQ(r.get(PG_REG_RECORDS_DROPPED), 0u);
        CHECK_EQ(uint64_t(r.recs.size()), r.get(PG_REG_RECORDS_MADE));
        // trial order, increasing indices, non-zero patterns, bins only where bits are set
        for (size_t i = 0; i < r.recs.size(); i++) {
            const auto &x = r.recs[i];
            CHECK(x[r.RL.off_pattern] != 0);
            if (i) CHECK(x[r.RL.off_trial] > r.recs[i - 1][r.RL.off_trial]);
            for (uint32_t b = 0; b < r.RL.len_first_bin; b++)
                if (!((x[r.RL.off_pattern] >> b) & 1)) CHECK_EQ(x[r.RL.off_first_bin + b], 0u);
        }
    }
    CHECK(made > 500);
}

TEST(records_hand_checked_trial_sync_time_pattern_and_bins) {
    DEFAULT_SHAPE_ONLY();
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.set(PG_REG_BIN_TICKS, 10);
    r.set(PG_REG_SYNC_DELAY, uint64_t(-5));
    r.set(PG_REG_RECORDS_ENABLE, 1);
    // trial 0 at 1000 (effective 995): d0 at 1020 (window 0, bin 2), d1 at 1130 (window 1, bin 3);
    // trial 1 at 2000: empty; trial 2 at 3000 (2995): d1 at 3000 (window 0, bin 0); trial 3 open
    r.push({{1000, 0}, {1020, 1}, {1130, 2}, {2000, 0}, {3000, 0}, {3000, 2}, {4000, 0}});
    CHECK_EQ(r.get(PG_REG_RECORDS_MADE), 2u);
    CHECK_EQ(pg_records_pending(r.dev), 2);
    r.collect_records(1);
    CHECK_EQ(r.recs.size(), 2u);
    if (r.recs.size() == 2) {
        const auto &a = r.recs[0], &b = r.recs[1];
        CHECK_EQ(a[0], 0u);       // TRIAL
        CHECK_EQ(a[1], 995u);     // SYNC_TIME (delayed)
        CHECK_EQ(a[2], 0b1001u);  // PATTERN: w0d0, w1d1
        CHECK_EQ(a[3], 2u);
        CHECK_EQ(a[4], 0u);
        CHECK_EQ(a[5], 0u);
        CHECK_EQ(a[6], 3u);       // 1130 - 995 - 100 = 35 -> bin 3
        CHECK_EQ(b[0], 2u);
        CHECK_EQ(b[1], 2995u);
        CHECK_EQ(b[2], 0b0010u);  // w0d1
        CHECK_EQ(b[4], 0u);       // 3000 - 2995 = 5 -> bin 0
    }
    CHECK_EQ(pg_records_pending(r.dev), 0);
    r.close();
    r.compare();
}

TEST(records_none_from_bulk_sync_runs) {
    std::mt19937_64 rng(5);
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.set(PG_REG_RECORDS_ENABLE, 1);
    std::vector<Tag> v = clicky_trials(rng, 20, 0);
    const int64_t t = v.back().t + 1000;
    v.push_back({t + 999999 * 1000, 0, 1000000});  // a run of 10^6 syncs: 10^6 empty trials
    std::vector<Tag> more = clicky_trials(rng, 5, 0, t + 999999 * 1000);
    v.insert(v.end(), more.begin(), more.end());
    r.push(v);
    r.close();
    r.compare();
    // 20 + 5 clicky trials; the last one is open; the run's trials make none
    CHECK_EQ(r.get(PG_REG_RECORDS_MADE), 24u);
    CHECK_EQ(r.recs.size(), 24u);
    if (r.recs.size() == 24) {
        CHECK_EQ(r.recs[19][r.RL.off_trial], 19u);
        CHECK_EQ(r.recs[20][r.RL.off_trial], 20u + 1000000u);  // the gap is explicit in the index
    }
}

TEST(records_disabled_make_none) {
    std::mt19937_64 rng(6);
    Rig r;
    if (!r.dev) return;
    std_config(r);
    r.push(clicky_trials(rng, 50, 3));
    CHECK_EQ(r.get(PG_REG_RECORDS_MADE), 0u);
    CHECK_EQ(r.get(PG_REG_RECORDS_ENABLE), 0u);
    r.set(PG_REG_RECORDS_ENABLE, 0xFFFFFFFFFFFFFFFEull);  // bit 0 clear: still off, reads 0
    CHECK_EQ(r.get(PG_REG_RECORDS_ENABLE), 0u);
    r.push(clicky_trials(rng, 50, 3, 100000));
    CHECK_EQ(pg_records_pending(r.dev), 0);
    r.set(PG_REG_RECORDS_ENABLE, 3);
    CHECK_EQ(r.get(PG_REG_RECORDS_ENABLE), 1u);
    r.push(clicky_trials(rng, 10, 0, 200000));
    r.set(PG_REG_RECORDS_ENABLE, 0);
    r.push(clicky_trials(rng, 10, 0, 300000));
    r.close();
    r.compare();
    // the 10 trials closed while enabled: the first closes the trial open when records were
    // turned on (a record is made when its trial closes)
    CHECK_EQ(r.get(PG_REG_RECORDS_MADE), 10u);
    CHECK_EQ(r.recs.size(), 10u);
}

TEST(records_drop_exactly_when_ring_and_fifo_are_full) {
    std::mt19937_64 rng(7);
    Rig r("record_capacity=3");
    if (!r.dev) return;
    std_config(r);
    r.set(PG_REG_RECORDS_ENABLE, 1);
    const int fifo = PG_RECORD_FIFO_DEPTH;
    r.push(clicky_trials(rng, 3 + fifo + 11, 0));  // 3 + fifo + 10 closed trials with clicks
    CHECK_EQ(r.get(PG_REG_RECORDS_MADE), uint64_t(3 + fifo + 10));
    CHECK_EQ(r.get(PG_REG_RECORDS_DROPPED), 10u);
    CHECK_EQ(pg_records_pending(r.dev), 3);
    // reading 2 moves 2 from the FIFO into the ring; then 2 more records fit, the third drops
    CHECK_EQ(r.read_records(2), 2);
    CHECK_EQ(pg_records_pending(r.dev), 3);
    r.push(clicky_trials(rng, 3, 0, 10000000));
    CHECK_EQ(r.get(PG_REG_RECORDS_DROPPED), 11u);
    r.close();
    r.compare();
    CHECK_EQ(r.recs.size(), size_t(3 + fifo + 2));
    // the kept records are the oldest, in trial order, then the two made after the read
    for (size_t i = 0; i + 2 < r.recs.size(); i++) CHECK_EQ(r.recs[i][r.RL.off_trial], uint64_t(i));
    // a too small destination is PG_ESMALL
    uint64_t one[1];
    CHECK_EQ(pg_record_read(r.dev, one, 1), int64_t(PG_ESMALL));
    CHECK_EQ(pg_record_read(r.dev, nullptr, 100), int64_t(PG_EINVAL));
}

TEST(records_and_drops_leave_histograms_exact) {
    std::mt19937_64 rng_a(8), rng_b(8), rng_cfg_a(9), rng_cfg_b(9);
    Rig plain, rec("record_capacity=1");
    if (!plain.dev || !rec.dev) return;
    random_config(plain, rng_cfg_a);
    random_config(rec, rng_cfg_b);
    plain.set(PG_REG_FRAME_TRIALS, 17);
    rec.set(PG_REG_FRAME_TRIALS, 17);
    rec.set(PG_REG_RECORDS_ENABLE, 1);
    for (int chunk = 0; chunk < 3; chunk++) {
        plain.push(random_stream(rng_a, 2000, 4, 0.2, 0.03, 600));
        rec.push(random_stream(rng_b, 2000, 4, 0.2, 0.03, 600));
    }
    plain.close();
    rec.close();
    plain.compare();
    rec.compare();
    CHECK(rec.get(PG_REG_RECORDS_DROPPED) > 100);
    CHECK_EQ(plain.got.size(), rec.got.size());
    for (size_t f = 0; f < plain.got.size() && f < rec.got.size(); f++) CHECK(plain.got[f] == rec.got[f]);
}

TEST(records_reset_clears_counters_keeps_records_made) {
    std::mt19937_64 rng(10);
    Rig r("record_capacity=2");
    if (!r.dev) return;
    std_config(r);
    r.set(PG_REG_RECORDS_ENABLE, 1);
    r.push(clicky_trials(rng, 30, 0));
    CHECK(r.get(PG_REG_RECORDS_DROPPED) > 0);
    r.set(PG_REG_CTRL, PG_CTRL_RESET);
    CHECK_EQ(r.get(PG_REG_RECORDS_MADE), 0u);
    CHECK_EQ(r.get(PG_REG_RECORDS_DROPPED), 0u);
    CHECK_EQ(r.get(PG_REG_RECORDS_ENABLE), 1u);  // configuration stays
    CHECK_EQ(pg_records_pending(r.dev), 2);      // records already made stay
    r.push(clicky_trials(rng, 4, 0));
    r.collect();
    r.compare();
    CHECK_EQ(r.recs.size(), size_t(2 + PG_RECORD_FIFO_DEPTH));
    if (r.recs.size() >= 1) CHECK_EQ(r.recs.back()[r.RL.off_trial], uint64_t(PG_RECORD_FIFO_DEPTH + 1));  // before the reset
}

// ---- register read contract (fw20s): STATUS is registered, a read is one clock -----------------
// STATUS is the core's status at the previous clock edge (pg_regs' snapshot; fpga/README "Register
// read") and pg_reg_read clocks the model once with the input idle. Read right after a call that
// changed the state, STATUS must show the state the call left (without the read clock it shows the
// state one clock before the core settled: not IDLE), and the read costs exactly one clock in
// which no tag is offered and no frame word moves.
TEST(status_read_right_after_push_and_drain_shows_the_settled_state) {
    Rig r("ring_frames=2");
    if (!r.dev) return;
    std_config(r);
    const uint64_t idle = PG_STATUS_IDLE | PG_STATUS_QUIET;
    r.push({{0, 0}, {10, 1}, {150, 2}, {1000, 0}});  // the last sync closes trial 0
    CHECK_EQ(r.get(PG_REG_STATUS), idle);
    CHECK_EQ(r.get(PG_REG_TRIALS), 1u);
    pg_rtl_clocks c0 = clocks_of(r);
    CHECK_EQ(r.get(PG_REG_STATUS), idle);
    pg_rtl_clocks c1 = clocks_of(r);
    CHECK_EQ(c1.clocks, c0.clocks + 1);  // one read = one clock
    CHECK_EQ(c1.tag_offered, c0.tag_offered);
    CHECK_EQ(c1.frame_streaming, c0.frame_streaming);
    r.set(PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);  // the frame streams into the ring during the call
    CHECK_EQ(r.get(PG_REG_STATUS), idle);
    CHECK_EQ(r.get(PG_REG_FRAMES), 1u);
    r.set(PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);  // the ring is full now
    CHECK_EQ(r.get(PG_REG_STATUS), idle);
    r.push({{2000, 0}, {2010, 1}, {3000, 0}});
    r.set(PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);  // held in the frozen bank: not idle
    CHECK_EQ(r.get(PG_REG_STATUS), uint64_t(PG_STATUS_FRAME_PENDING | PG_STATUS_QUIET));
    CHECK_EQ(r.get(PG_REG_STATUS), uint64_t(PG_STATUS_FRAME_PENDING | PG_STATUS_QUIET));  // a read clock moves nothing
    CHECK_EQ(pg_frames_pending(r.dev), 2);
    CHECK(r.take_one());  // the held frame moves into the ring during the release
    CHECK_EQ(r.get(PG_REG_STATUS), idle);
    CHECK_EQ(r.get(PG_REG_FRAMES), 3u);
    r.compare();
}

// Register reads between pushes (each one clock with the input idle) leave every frame and record
// as they are without them: the same stream and host calls on two devices, one of them reading
// every read-only register (and a configuration one) before and after every call, including while a
// frame is held and a command waits behind it; frames and records word for word equal, both equal
// to the reference, the same words taken, and the reading device's extra clocks at most its reads.
TEST(reads_between_pushes_leave_frames_and_records_unchanged) {
    for (uint64_t seed : {31ull, 32ull, 33ull}) {
        const char *opts = seed == 32 ? "ring_frames=2,record_capacity=3" : "ring_frames=3,record_capacity=64";
        Rig a(opts), b(opts);
        if (!a.dev || !b.dev) return;
        for (Rig *r : {&a, &b}) {
            std::mt19937_64 rng_cfg(seed);
            random_config(*r, rng_cfg);
            r->set(PG_REG_FRAME_TRIALS, 5 + seed % 7);
            r->set(PG_REG_RECORDS_ENABLE, 1);
        }
        uint64_t reads = 0;
        auto read_all = [&]() {
            const uint32_t regs[] = {PG_REG_STATUS, PG_REG_FRAMES, PG_REG_TRIALS, PG_REG_MERGES, PG_REG_SYNC_PENDING,
                                     PG_REG_RECORDS_MADE, PG_REG_RECORDS_DROPPED, PG_REG_SYNC_DELAY, PG_REG_STATUS};
            for (uint32_t reg : regs) {
                uint64_t v = 0;
                CHECK_EQ(pg_reg_read(a.dev, reg, &v), PG_OK);
                if (reg != PG_REG_SYNC_DELAY) CHECK_EQ(v, a.ref->read(reg));
                reads++;
            }
        };
        std::mt19937_64 rng(seed);
        StreamMix mix;
        mix.max_run = 4;
        mix.max_det_count = 3;
        std::vector<Tag> stream = random_run_stream(rng, 2400, mix);
        const pg_rtl_clocks a0 = clocks_of(a), b0 = clocks_of(b);
        uint64_t reads0 = reads;
        size_t off = 0;
        for (int step = 0; off < stream.size(); step++) {
            const size_t n = 1 + size_t(rng() % 300);
            const std::vector<Tag> part(stream.begin() + off, stream.begin() + (off + n < stream.size() ? off + n : stream.size()));
            read_all();
            const int64_t na = a.push_once(part), nb = b.push_once(part);
            CHECK_EQ(na, nb);
            if (na < 0 || na != nb) return;
            read_all();
            off += size_t(na);
            if (step % 5 == 4) {  // a command, maybe behind a held frame (then read while it waits)
                a.set(PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);
                b.set(PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);
                read_all();
            }
            if (size_t(na) < part.size() || step % 3 == 2) {
                a.take_one();
                b.take_one();
                read_all();
                a.read_records(1 + step % 4);
                b.read_records(1 + step % 4);
                read_all();
            }
            if (g_checks_failed) {
                std::printf("  (seed %" PRIu64 ", step %d)\n", seed, step);
                return;
            }
        }
        const pg_rtl_clocks a1 = clocks_of(a), b1 = clocks_of(b);
        // the same words taken; a read clock may be one the core needed anyway before its next
        // word (the window bits recomputed after a sync, a configuration settling), so the reading
        // device's pushes may wait fewer clocks, never more
        CHECK_EQ((a1.tag_offered - a1.tag_refused) - (a0.tag_offered - a0.tag_refused),
                 (b1.tag_offered - b1.tag_refused) - (b0.tag_offered - b0.tag_refused));
        CHECK(a1.clocks - a0.clocks <= (b1.clocks - b0.clocks) + (reads - reads0));
        CHECK(a1.tag_refused - a0.tag_refused <= b1.tag_refused - b0.tag_refused);
        CHECK_EQ(a1.frame_streaming - a0.frame_streaming, b1.frame_streaming - b0.frame_streaming);
        std::printf("  seed %" PRIu64 ": %zu frames, %zu records, %" PRIu64 " reads, clocks %" PRIu64 " vs %" PRIu64
                    " (refused %" PRIu64 " vs %" PRIu64 ")\n",
                    seed, a.got.size(), a.recs.size(), reads - reads0, uint64_t(a1.clocks - a0.clocks),
                    uint64_t(b1.clocks - b0.clocks), uint64_t(a1.tag_refused - a0.tag_refused),
                    uint64_t(b1.tag_refused - b0.tag_refused));
        for (Rig *r : {&a, &b}) {
            r->close();
            r->collect_records();
            r->compare();
        }
        CHECK_EQ(a.got.size(), b.got.size());
        CHECK(a.got == b.got);
        CHECK_EQ(a.recs.size(), b.recs.size());
        CHECK(a.recs == b.recs);
        CHECK(a.got.size() >= 10);
        CHECK(!a.recs.empty());
    }
}

// ---- main ------------------------------------------------------------------------------------

int main() {
    int passed = 0, failed = 0, skipped = 0;
    {
        pg_device *d = pg_open(nullptr);
        uint64_t shape = 0;
        if (d && pg_reg_read(d, PG_REG_SHAPE, &shape) == PG_OK) {
            g_default_shape = shape == (2u | (2u << 8) | (8u << 16) | (uint64_t(256) << 32));
            std::printf("core shape: W=%u D=%u K=%u B=%u%s\n", unsigned(shape & 0xFF), unsigned((shape >> 8) & 0xFF),
                        unsigned((shape >> 16) & 0xFFFF), unsigned(shape >> 32),
                        g_default_shape ? "" : " (not the default: shape-specific tests are skipped)");
        }
        pg_close(d);
    }
    for (const TestCase &t : registry()) {
        g_test = t.name;
        g_checks_failed = 0;
        g_skipped = false;
        t.fn();
        if (g_skipped && g_checks_failed == 0) {
            skipped++;
            std::printf("skip %s\n", t.name);
        } else if (g_checks_failed == 0) {
            passed++;
            std::printf("ok   %s\n", t.name);
        } else {
            failed++;
            std::printf("FAIL %s (%d checks)\n", t.name, g_checks_failed);
        }
    }
    if (skipped) std::printf("(%d shape-specific tests skipped)\n", skipped);
    std::printf("firmware tests: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
