// link_tests.cpp -- C++ tests of the link front end (fpga/rtl/pg_link_*.v) through the device ABI.
//
// Usage: pg_link_tests LIBRTL LIBLINK. Each test drives libpairgate_link.so the way a time tagger's
// FPGA link does (one link word per clock, never waiting; signed link channels) and the bare core
// libpairgate_rtl.so with the same tags as the core sees them (each link channel mapped through the
// same table, unmapped tags left out, every sync a single tag word: no coalescing). The bare core
// equals the Java model SoftDevice word for word (RtlVersusSoftTest), so equal frames here mean:
// the front end changes no count. Where the link is overloaded, frames cannot be equal (words are
// dropped); there the test checks that every tag is in exactly one category:
//   LINK_TAGS = LINK_UNMAPPED + LINK_DROPPED_TAGS + the tags of every frame (TAGS_SYNC + TAGS_DET + TAGS_OTHER)
// and each frame's own accounting invariant.
// Prints one line per failure and "link tests: N passed, M failed"; exits non-zero on a failure.

#include "link_api.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

static int g_failed_checks = 0;
static std::string g_test;

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            std::printf("  FAIL %s: %s:%d: %s\n", g_test.c_str(), __FILE__, __LINE__, #cond); \
            g_failed_checks++;                                                             \
        }                                                                                  \
    } while (0)

#define CHECK_EQ(a, b)                                                                                    \
    do {                                                                                                  \
        const uint64_t va_ = uint64_t(a), vb_ = uint64_t(b);                                              \
        if (va_ != vb_) {                                                                                 \
            std::printf("  FAIL %s: %s:%d: %s == %s (%" PRIu64 " vs %" PRIu64 ")\n", g_test.c_str(), __FILE__, \
                        __LINE__, #a, #b, va_, vb_);                                                      \
            g_failed_checks++;                                                                            \
        }                                                                                                 \
    } while (0)

static PgApi *g_rtl;
static PgApi *g_link;

// ---- a stream of tags on the link ------------------------------------------------------------

struct Tags {
    std::vector<int64_t> time;
    std::vector<uint8_t> channel;  // link channel, int8: +n rising edge of input n, -n falling
    void add(int64_t t, int ch) {
        time.push_back(t);
        channel.push_back(uint8_t(int8_t(ch)));
    }
    size_t size() const { return time.size(); }
};

// The map of every test: input 1 rising = sync (core 0), input 2 rising = detector 0 (core 1),
// input 3 FALLING = detector 1 (core 2), input 4 rising = another channel (core 7: counted
// OTHER_CHANNEL by the core), input 5 rising and input 2 falling unmapped.
static const int kSync = 1, kDet0 = 2, kDet1 = -3, kOther = 4, kUnmapped1 = 5, kUnmapped2 = -2;
static int core_channel(int link) {
    switch (link) {
        case kSync: return 0;
        case kDet0: return 1;
        case kDet1: return 2;
        case kOther: return 7;
        default: return -1;
    }
}

struct Config {
    int64_t sync_delay = 0;
    uint64_t frame_trials = 500;  // a frame streams FRAME_WORDS (1772) clocks: frames closer than that stall the core
    bool coalesce = true;
};

static void configure(const PgApi &api, pg_device *d, const Config &c, bool link) {
    api.wr(d, PG_REG_SYNC_CHANNEL, 0);
    api.wr(d, PG_REG_DET_CHANNEL + 0, 1);
    api.wr(d, PG_REG_DET_CHANNEL + 1, 2);
    api.wr(d, PG_REG_DET_DELAY + 1, 7);
    api.wr(d, PG_REG_WIN_START + 0, 100);
    api.wr(d, PG_REG_WIN_LENGTH + 0, 400);
    api.wr(d, PG_REG_WIN_START + 1, 600);
    api.wr(d, PG_REG_WIN_LENGTH + 1, 800);
    api.wr(d, PG_REG_BIN_TICKS, 16);
    api.wr(d, PG_REG_SYNC_DELAY, uint64_t(c.sync_delay));
    api.wr(d, PG_REG_FRAME_TRIALS, c.frame_trials);
    if (link) {
        for (int ch : {kSync, kDet0, kDet1, kOther}) api.wr(d, PG_REG_LINK_MAP + (uint32_t(ch) & 63u), uint64_t(core_channel(ch)));
        api.wr(d, PG_REG_LINK_COALESCE, c.coalesce ? PG_LINK_COALESCE_ON : 0);
    }
    api.wr(d, PG_REG_CTRL, PG_CTRL_RESET);
}

struct Run {
    std::vector<std::vector<uint64_t>> frames;
    uint64_t link_tags = 0, unmapped = 0, dropped_tags = 0, dropped_words = 0, runs = 0, fifo_max = 0;
    // PG_ESTATE of pg_reg_write; the count of them the device reports (LINK_WRITES_REFUSED +
    // pg_writes_refused_by_library), and the bus's part alone
    uint64_t refusals = 0, writes_refused = 0, writes_refused_on_bus = 0;
    pg_link_clocks clocks{};
};

static void drain(const PgApi &api, pg_device *d, uint32_t words, Run &r) {
    std::vector<uint64_t> f(words);
    while (api.frames_pending(d) > 0) {
        CHECK_EQ(api.frame_read(d, f.data(), words), words);
        r.frames.push_back(f);
        CHECK_EQ(api.frame_release(d), PG_OK);
    }
}

// Pushes `tags` (link channels) into the link library, or their core image into the bare core,
// in batches, draining frames after each; closes the last frame.
static Run run(bool link, const Tags &tags, const Config &c, const char *options) {
    const PgApi &api = link ? *g_link : *g_rtl;
    pg_device *d = api.open(options);
    Run r;
    if (!d) {
        std::printf("  FAIL %s: pg_open(%s): %s\n", g_test.c_str(), options, api.last_error(nullptr));
        g_failed_checks++;
        return r;
    }
    configure(api, d, c, link);
    const uint32_t words = uint32_t(api.reg(d, PG_REG_FRAME_WORDS));
    std::vector<int64_t> t;
    std::vector<uint8_t> ch;
    const size_t batch = 4096;
    for (size_t at = 0; at < tags.size(); at += batch) {
        t.clear();
        ch.clear();
        for (size_t i = at; i < tags.size() && i < at + batch; i++) {
            if (link) {
                t.push_back(tags.time[i]);
                ch.push_back(tags.channel[i]);
            } else {
                const int cc = core_channel(int(int8_t(tags.channel[i])));
                if (cc < 0) continue;  // unmapped: the front end counts it and the core never sees it
                t.push_back(tags.time[i]);
                ch.push_back(uint8_t(cc));
            }
        }
        const int64_t n = api.push(d, t.data(), ch.data(), nullptr, int64_t(t.size()));
        CHECK_EQ(n, int64_t(t.size()));
        drain(api, d, words, r);
    }
    api.wr(d, PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);
    drain(api, d, words, r);
    if (link) {
        r.link_tags = api.reg(d, PG_REG_LINK_TAGS);
        r.unmapped = api.reg(d, PG_REG_LINK_UNMAPPED);
        r.dropped_tags = api.reg(d, PG_REG_LINK_DROPPED_TAGS);
        r.dropped_words = api.reg(d, PG_REG_LINK_DROPPED_WORDS);
        r.runs = api.reg(d, PG_REG_LINK_RUNS);
        r.fifo_max = api.reg(d, PG_REG_LINK_FIFO_MAX);
        api.link_probe(d, &r.clocks);
    }
    api.close(d);
    return r;
}

static pg_layout layout_default() {
    pg_layout l;
    pg_layout_init(&l, 2, 2, 8, 256);
    return l;
}

// Σ over frames of the tags the core received, and each frame's accounting invariant.
static uint64_t core_tags(const Run &r) {
    const pg_layout l = layout_default();
    uint64_t sum = 0;
    for (const auto &f : r.frames) {
        uint64_t tags = f[l.off_tags_sync] + f[l.off_tags_other];
        for (uint32_t k = 0; k < l.len_tags_det; k++) tags += f[l.off_tags_det + k];
        const uint64_t cats = f[l.off_syncs] + f[l.off_in_window] + f[l.off_outside] + f[l.off_before_first_sync]
                              + f[l.off_out_of_order] + f[l.off_other_channel] + f[l.off_sync_dropped];
        CHECK_EQ(tags, cats);
        sum += tags;
    }
    return sum;
}

static uint64_t trials(const Run &r) {
    const pg_layout l = layout_default();
    uint64_t n = 0;
    for (const auto &f : r.frames) n += f[l.off_trials];
    return n;
}

static void check_same_frames(const Run &a, const Run &b) {
    CHECK_EQ(a.frames.size(), b.frames.size());
    for (size_t i = 0; i < a.frames.size() && i < b.frames.size(); i++) {
        if (a.frames[i] != b.frames[i]) {
            size_t w = 0;
            while (a.frames[i][w] == b.frames[i][w]) w++;
            std::printf("  FAIL %s: frame %zu differs first at word %zu (%" PRIu64 " vs %" PRIu64 ")\n", g_test.c_str(), i,
                        w, a.frames[i][w], b.frames[i][w]);
            g_failed_checks++;
            return;
        }
    }
}

// ---- streams ------------------------------------------------------------------------------

// A random stream: trials `period` ticks apart (the sync), clicks with probability p per trial on
// the detectors (rising input 2, falling input 3), other and unmapped channels, runs of empty
// trials, and now and then a tag out of order.
static Tags random_stream(uint32_t seed, size_t n_trials, int64_t period, double p_click, double p_ooo) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    Tags tags;
    int64_t t = 1000;
    for (size_t k = 0; k < n_trials; k++) {
        tags.add(t, kSync);
        std::vector<std::pair<int64_t, int>> ev;
        if (u(rng) < p_click) {
            const int clicks = 1 + int(rng() % 3);
            for (int c = 0; c < clicks; c++) {
                const int64_t dt = 1 + int64_t(rng() % uint64_t(period - 2));
                const double r = u(rng);
                const int ch = r < 0.4 ? kDet0 : r < 0.8 ? kDet1 : r < 0.9 ? kOther : r < 0.95 ? kUnmapped1 : kUnmapped2;
                ev.push_back({t + dt, ch});
            }
        }
        std::sort(ev.begin(), ev.end());
        for (auto &e : ev) {
            if (u(rng) < p_ooo) e.first -= int64_t(rng() % uint64_t(3 * period));  // out of order
            tags.add(e.first, e.second);
        }
        t += period;
    }
    return tags;
}

// ---- tests --------------------------------------------------------------------------------

static std::string opts(int64_t ticks_per_clock) {
    return "ring_frames=4096,ticks_per_clock=" + std::to_string(ticks_per_clock);
}

// Within the envelope (paced: a trial every 2000 ticks, 100 ticks per clock = a sync every 20
// clocks): nothing dropped, frames identical to the bare core fed the same tags.
static void within_envelope_frames_equal_the_core() {
    const Tags tags = random_stream(1, 20000, 2000, 0.3, 0.02);
    Config c;
    const Run l = run(true, tags, c, opts(100).c_str());
    const Run r = run(false, tags, c, "ring_frames=4096");
    std::printf("  %s: %" PRIu64 " clocks simulated, link clock %" PRIu64 ", %" PRIu64 " words, FIFO max %" PRIu64 "\n",
                g_test.c_str(), l.clocks.clocks, l.clocks.link_clock, l.clocks.words, l.fifo_max);
    CHECK_EQ(l.dropped_tags, 0);
    CHECK(l.frames.size() > 10);
    check_same_frames(l, r);
    CHECK_EQ(l.link_tags, tags.size());
    CHECK_EQ(l.link_tags, l.unmapped + l.dropped_tags + core_tags(l));
}

// At the link's full rate (ticks_per_clock 0: a full word every clock, nothing waits): the paper's
// shape, a slow trigger with clicks on every lane of every clock between syncs (detectors in and
// out of the windows, other and unmapped channels), is within the envelope: nothing dropped and
// the frames of the bare core fed the same tags.
static void full_rate_words_within_the_envelope_equal_the_core() {
    Tags tags;
    std::mt19937_64 rng(7);
    int64_t t = 1000;
    for (int k = 0; k < 12; k++) {
        tags.add(t, kSync);
        for (int i = 1; i <= 6000; i++) {
            const int r = int(rng() % 20);
            const int ch = r < 8 ? kDet0 : r < 16 ? kDet1 : r < 18 ? kOther : r == 18 ? kUnmapped1 : kUnmapped2;
            tags.add(t + int64_t(i) * 3, ch);
        }
        t += 20000;
    }
    Config c;
    c.frame_trials = 3;
    const Run l = run(true, tags, c, opts(0).c_str());
    const Run r = run(false, tags, c, "ring_frames=4096");
    std::printf("  %s: %zu tags in %" PRIu64 " link words, %" PRIu64 " clocks simulated, FIFO max %" PRIu64 "\n", g_test.c_str(),
                tags.size(), l.clocks.words, l.clocks.clocks, l.fifo_max);
    CHECK_EQ(l.dropped_tags, 0);
    CHECK(l.clocks.words * 4 >= tags.size());  // full words
    check_same_frames(l, r);
    CHECK_EQ(l.link_tags, tags.size());
    CHECK_EQ(l.link_tags, l.unmapped + core_tags(l));
}

// The host's coalescer rule (SyncRunCoalescer, for T3 files) applied to the core image of `tags`:
// a run of syncs with no other mapped tag between them becomes one word of count k at the time of
// its last sync (unmapped tags never reach the core: not "between"; runs in time order only).
static Run run_core_with_host_runs(const Tags &tags, const Config &c) {
    std::vector<int64_t> t;
    std::vector<uint8_t> ch;
    std::vector<uint32_t> n;
    int64_t last = INT64_MIN;
    for (size_t i = 0; i < tags.size(); i++) {
        const int cc = core_channel(int(int8_t(tags.channel[i])));
        if (cc < 0) continue;
        const bool in_order = tags.time[i] >= last;
        if (cc == 0 && in_order && !n.empty() && ch.back() == 0 && n.back() < (1u << 30)) {
            t.back() = tags.time[i];
            n.back()++;
        } else {
            t.push_back(tags.time[i]);
            ch.push_back(uint8_t(cc));
            n.push_back(1);
        }
        if (in_order) last = tags.time[i];
    }
    pg_device *d = g_rtl->open("ring_frames=4096");
    Run r;
    configure(*g_rtl, d, c, false);
    const uint32_t words = uint32_t(g_rtl->reg(d, PG_REG_FRAME_WORDS));
    for (size_t at = 0; at < t.size(); at += 4096) {
        const int64_t k = int64_t(std::min<size_t>(4096, t.size() - at));
        CHECK_EQ(g_rtl->push(d, t.data() + at, ch.data() + at, n.data() + at, k), k);
        drain(*g_rtl, d, words, r);
    }
    g_rtl->wr(d, PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);
    drain(*g_rtl, d, words, r);
    g_rtl->close(d);
    return r;
}

// Mostly empty trials (an 80 MHz-like sync with a click in ten trials): the front end makes sync
// runs, and the frames equal those of the core fed every sync as its own tag word.
static void firmware_sync_runs_equal_single_syncs() {
    const Tags tags = random_stream(2, 60000, 300, 0.1, 0.0);
    Config c;
    const Run l = run(true, tags, c, opts(25).c_str());  // a sync every 12 clocks, 1 in 10 trials clicked
    const Run r = run(false, tags, c, "ring_frames=4096");
    CHECK(l.runs > 1000);
    CHECK_EQ(l.dropped_tags, 0);
    check_same_frames(l, r);
    // and the frames of the bare core fed the host coalescer's run words
    const Run h = run_core_with_host_runs(tags, c);
    check_same_frames(l, h);
    CHECK_EQ(trials(l), trials(r));
    CHECK_EQ(l.link_tags, l.unmapped + core_tags(l));
    std::printf("  %s: %" PRIu64 " run words for %zu tags, %" PRIu64 " clocks, FIFO max %" PRIu64 "\n", g_test.c_str(),
                l.runs, tags.size(), l.clocks.clocks, l.fifo_max);
}

// The same with coalescing off (LINK_COALESCE = 0) and with SYNC_DELAY > 0 (where runs are not
// exact, so the front end must not make them): frames equal, no run made.
static void no_runs_when_off_or_delayed() {
    const Tags tags = random_stream(3, 5000, 3000, 0.3, 0.01);
    Config off;
    off.coalesce = false;
    Run l = run(true, tags, off, opts(100).c_str());
    Run r = run(false, tags, off, "ring_frames=4096");
    CHECK_EQ(l.runs, 0);
    check_same_frames(l, r);
    Config delayed;
    delayed.sync_delay = 2500;
    l = run(true, tags, delayed, opts(100).c_str());
    r = run(false, tags, delayed, "ring_frames=4096");
    CHECK_EQ(l.runs, 0);
    CHECK_EQ(l.dropped_tags, 0);
    check_same_frames(l, r);
}

// Channel mapping: falling edges of input 3 are detector 1, input 4 is counted OTHER_CHANNEL by the
// core, inputs 5 and -2 are unmapped: counted in LINK_UNMAPPED and seen nowhere else.
static void channel_map_falling_edges_and_unmapped() {
    Tags tags;
    int64_t t = 0;
    size_t unmapped = 0, det1 = 0, other = 0;
    for (int k = 0; k < 500; k++) {
        tags.add(t, kSync);
        tags.add(t + 150, kDet1);
        det1++;
        tags.add(t + 160, kUnmapped1);
        tags.add(t + 170, kUnmapped2);
        unmapped += 2;
        tags.add(t + 180, kOther);
        other++;
        if (k % 3 == 0) tags.add(t + 700, kDet0);
        t += 2000;
    }
    Config c;
    c.frame_trials = 0;
    const Run l = run(true, tags, c, opts(50).c_str());
    const Run r = run(false, tags, c, "ring_frames=4096");
    check_same_frames(l, r);
    CHECK_EQ(l.unmapped, unmapped);
    CHECK_EQ(l.link_tags, tags.size());
    const pg_layout lay = layout_default();
    CHECK_EQ(l.frames.size(), 1u);
    if (!l.frames.empty()) {
        const auto &f = l.frames[0];
        CHECK_EQ(f[lay.off_tags_det + 1], det1);
        CHECK_EQ(f[lay.off_tags_other], other);
        CHECK_EQ(f[lay.off_other_channel], other);
        // the falling edge at +150 (+7 DET_DELAY) is in window 0 [100, 500) of every trial
        CHECK_EQ(f[lay.off_patterns + 0], 0u);  // no trial without detector 1 in window 0
    }
    CHECK_EQ(l.link_tags, l.unmapped + core_tags(l));
}

// Overload: clicked trials every few clocks at full rate (the core needs ~6 clocks per clicked
// trial): the FIFO fills, whole words are dropped and counted, and every tag is in exactly one
// category; frames stay valid (each frame's invariant, trials consistent).
static void overload_drops_are_counted_and_balanced() {
    const Tags tags = random_stream(4, 40000, 400, 1.0, 0.01);
    Config c;
    const Run l = run(true, tags, c, opts(0).c_str());
    CHECK(l.dropped_tags > 0);
    CHECK(l.dropped_words > 0);
    CHECK(l.dropped_tags >= l.dropped_words);
    CHECK(l.fifo_max > 0);
    CHECK_EQ(l.link_tags, tags.size());
    CHECK_EQ(l.link_tags, l.unmapped + l.dropped_tags + core_tags(l));
    const pg_layout lay = layout_default();
    uint64_t first = 0;
    for (const auto &f : l.frames) {
        CHECK_EQ(f[lay.off_first_trial], first);
        first += f[lay.off_trials];
    }
    std::printf("  %s: %" PRIu64 " of %zu tags dropped at the input in %" PRIu64 " words\n", g_test.c_str(), l.dropped_tags,
                tags.size(), l.dropped_words);
}

// A CTRL_RESET written while the host holds a frame stays in the front end (the write returns:
// the command waits for the host) and goes into the core in the first clock of the next push,
// together with that push's first link word. The word reaches the core after the reset, so it
// belongs to the counts after it: LINK_TAGS = the tags of the frames after the reset. (Until
// 2026-12-06 the reset also cleared that word's pending LINK_TAGS increment: one tag short.)
static void reset_behind_a_held_frame_counts_the_next_word() {
    pg_device *d = g_link->open("ring_frames=2,ticks_per_clock=0");
    Config c;
    c.frame_trials = 1;      // a frame per trial: three syncs fill the ring of two and the frozen bank
    c.coalesce = false;
    configure(*g_link, d, c, true);
    const uint32_t words = uint32_t(g_link->reg(d, PG_REG_FRAME_WORDS));
    Tags a;
    for (int k = 0; k < 4; k++) a.add(1000 + 2000 * k, kSync);
    CHECK_EQ(g_link->push(d, a.time.data(), a.channel.data(), nullptr, int64_t(a.size())), int64_t(a.size()));
    CHECK(g_link->frames_pending(d) == 2);
    CHECK((g_link->reg(d, PG_REG_STATUS) & PG_STATUS_FRAME_PENDING) != 0);  // the third frame waits
    CHECK_EQ(g_link->reg_write(d, PG_REG_CTRL, PG_CTRL_RESET), PG_OK);
    // the command is still queued: a second one is refused until the host releases a frame
    CHECK_EQ(g_link->reg_write(d, PG_REG_CTRL, PG_CTRL_CLOSE_FRAME), PG_ESTATE);
    Tags b;
    b.add(50000, kDet0);  // one tag: the first word after the reset
    b.add(60000, kSync);
    b.add(60100, kOther);
    CHECK_EQ(g_link->push(d, b.time.data(), b.channel.data(), nullptr, int64_t(b.size())), int64_t(b.size()));
    Run r;
    drain(*g_link, d, words, r);
    CHECK_EQ(g_link->reg_write(d, PG_REG_CTRL, PG_CTRL_CLOSE_FRAME), PG_OK);
    drain(*g_link, d, words, r);
    // the frames after the reset: from the last one whose SEQ is 0
    const pg_layout l = layout_default();
    size_t from = 0;
    for (size_t i = 0; i < r.frames.size(); i++)
        if (r.frames[i][l.off_seq] == 0) from = i;
    Run after;
    after.frames.assign(r.frames.begin() + long(from), r.frames.end());
    const uint64_t link_tags = g_link->reg(d, PG_REG_LINK_TAGS);
    std::printf("  %s: %zu frames, %zu after the reset; LINK_TAGS %" PRIu64 ", tags in them %" PRIu64 "\n", g_test.c_str(),
                r.frames.size(), after.frames.size(), link_tags, core_tags(after));
    CHECK(from > 0);
    CHECK_EQ(link_tags, b.size());
    CHECK_EQ(link_tags, core_tags(after));
    g_link->close(d);
}

// Pushes all of `tags` (core image when !link), releasing one frame (kept in r) whenever the
// device takes fewer: the bare core while a command waits behind the held frame, the link while a
// register write waits in its front end. Returns the pushes that came back short.
static int push_all(const PgApi &api, pg_device *d, bool link, const Tags &tags, uint32_t words, Run &r) {
    std::vector<int64_t> t;
    std::vector<uint8_t> ch;
    for (size_t i = 0; i < tags.size(); i++) {
        const int cc = core_channel(int(int8_t(tags.channel[i])));
        if (!link && cc < 0) continue;
        t.push_back(tags.time[i]);
        ch.push_back(link ? tags.channel[i] : uint8_t(cc));
    }
    int shorts = 0;
    std::vector<uint64_t> f(words);
    for (int64_t at = 0; at < int64_t(t.size());) {
        const int64_t n = api.push(d, t.data() + at, ch.data() + at, nullptr, int64_t(t.size()) - at);
        CHECK(n >= 0);
        if (n < 0) return shorts;
        at += n;
        if (at < int64_t(t.size())) {
            shorts++;
            CHECK(api.frames_pending(d) > 0);
            if (api.frames_pending(d) == 0) return shorts;
            CHECK_EQ(api.frame_read(d, f.data(), words), words);
            r.frames.push_back(f);
            CHECK_EQ(api.frame_release(d), PG_OK);
        }
    }
    return shorts;
}

// A configuration write while words wait in the front end's FIFO (the core stopped: a CTRL
// command waits behind the frame the host holds) takes effect in stream order: the words pushed
// before it are gated with the old windows, those after it with the new, as in the bare core
// (which takes no word while its command waits). The write is held in the front end until the
// words before it are in the core, and the link library puts no tag on the link meanwhile (its
// push returns 0). Only CTRL closes, so no close merges: the frames must be identical. Until
// 2026-12-07 the write went into the core at once, ahead of the words in the FIFO (IN_WINDOW
// differed; LinkVersusSoftTest HOLD seed 5011).
static Run config_write_run(bool link, size_t b_trials, int *link_shorts, uint64_t *status_after_write) {
    const PgApi &api = link ? *g_link : *g_rtl;
    pg_device *d = api.open(link ? "ring_frames=2,ticks_per_clock=0" : "ring_frames=2");
    Run r;
    if (!d) {
        std::printf("  FAIL %s: pg_open: %s\n", g_test.c_str(), api.last_error(nullptr));
        g_failed_checks++;
        return r;
    }
    Config c;
    c.frame_trials = uint64_t(1) << 40;  // frames close on CTRL only
    configure(api, d, c, link);
    const uint32_t words = uint32_t(api.reg(d, PG_REG_FRAME_WORDS));
    const Tags a = random_stream(21, 300, 2000, 0.6, 0.0);
    // three closes fill the ring of two and the frozen bank; the fourth waits behind them
    int shorts = push_all(api, d, link, a, words, r);
    for (int k = 0; k < 3; k++) api.wr(d, PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);
    CHECK(api.frames_pending(d) == 2);
    CHECK_EQ(api.reg_write(d, PG_REG_CTRL, PG_CTRL_CLOSE_FRAME), PG_OK);
    // B: trials whose clicks the new window start gates differently (100 -> 300); they wait in the
    // FIFO (512 words: fewer tags than that, so that nothing drops at WORD_WIDTH 1 either)
    Tags b = random_stream(22, b_trials, 2000, 0.8, 0.0);
    for (size_t i = 0; i < b.size(); i++) b.time[i] += 1000000;
    shorts += push_all(api, d, link, b, words, r);
    CHECK_EQ(api.reg_write(d, PG_REG_WIN_START + 0, 300), PG_OK);
    *status_after_write = api.reg(d, PG_REG_STATUS);
    Tags cc = random_stream(23, 300, 2000, 0.8, 0.0);
    for (size_t i = 0; i < cc.size(); i++) cc.time[i] += 2000000;
    shorts += push_all(api, d, link, cc, words, r);
    for (int rc; (rc = api.reg_write(d, PG_REG_CTRL, PG_CTRL_CLOSE_FRAME)) != PG_OK;) {
        CHECK_EQ(rc, PG_ESTATE);  // the fourth close still waits: release a frame
        r.refusals++;
        std::vector<uint64_t> f(words);
        if (rc != PG_ESTATE || api.frame_read(d, f.data(), words) != words) break;
        r.frames.push_back(f);
        CHECK_EQ(api.frame_release(d), PG_OK);
    }
    drain(api, d, words, r);
    if (link) {
        r.link_tags = api.reg(d, PG_REG_LINK_TAGS);
        r.unmapped = api.reg(d, PG_REG_LINK_UNMAPPED);
        r.dropped_tags = api.reg(d, PG_REG_LINK_DROPPED_TAGS);
        r.writes_refused_on_bus = api.reg(d, PG_REG_LINK_WRITES_REFUSED);
    }
    r.writes_refused = api.refused_all(d, link);
    *link_shorts = shorts;
    api.close(d);
    return r;
}

static void config_write_behind_a_held_frame_takes_effect_in_stream_order() {
    for (const size_t b_trials : {20, 120, 160}) {
        int link_shorts = 0, core_shorts = 0;
        uint64_t link_status = 0, core_status = 0;
        const Run l = config_write_run(true, b_trials, &link_shorts, &link_status);
        const Run r = config_write_run(false, b_trials, &core_shorts, &core_status);
        std::printf("  %s: %zu trials wait: %zu / %zu frames, short pushes link %d core %d, STATUS after the write link %" PRIu64
                    ", closes refused link %" PRIu64 " (%" PRIu64 " on the bus) core %" PRIu64 "\n",
                    g_test.c_str(), b_trials, l.frames.size(), r.frames.size(), link_shorts, core_shorts, link_status,
                    l.refusals, l.writes_refused_on_bus, r.refusals);
        CHECK(core_shorts > 0);                            // the bare core stopped behind the held frame
        CHECK(link_shorts > 0);                            // the link held back the tags after the write
        CHECK((link_status & PG_STATUS_QUIET) == 0);        // the write waited in the front end
        CHECK_EQ(l.dropped_tags, 0);
        CHECK_EQ(l.link_tags, l.unmapped + core_tags(l));
        // every close either engine refused is counted, none silently: on the link withdrawn from
        // the bus (the WIN_START write still held) or refused by the library before it
        CHECK_EQ(l.writes_refused, l.refusals);
        CHECK_EQ(r.writes_refused, r.refusals);
        check_same_frames(l, r);
    }
}

// A core write that arrives while another is held in the front end is not lost silently
// (pg_link_wrhold): the bus stalls it (reg_wready low); the library keeps it on the bus while the
// front end can make progress and, once nothing moves without the host, withdraws it: it is never
// applied, LINK_WRITES_REFUSED counts it and the caller gets PG_ESTATE. Link registers are not
// stalled. The held write itself goes in exactly once, when the words before it are in the core.
// CTRL_RESET keeps the count (a configuration write lost before a reset still matters after it).
// Until 2026-12-07 such a write was ignored by the firmware without a trace.
static void a_write_while_one_is_held_is_refused_and_counted() {
    pg_device *d = g_link->open("ring_frames=2,ticks_per_clock=0");
    Config c;
    c.frame_trials = uint64_t(1) << 40;
    configure(*g_link, d, c, true);
    const uint32_t words = uint32_t(g_link->reg(d, PG_REG_FRAME_WORDS));
    Run r;
    push_all(*g_link, d, true, random_stream(31, 300, 2000, 0.6, 0.0), words, r);
    for (int k = 0; k < 3; k++) g_link->wr(d, PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);
    CHECK_EQ(g_link->reg_write(d, PG_REG_CTRL, PG_CTRL_CLOSE_FRAME), PG_OK);  // waits behind the held frame
    Tags b = random_stream(32, 60, 2000, 0.8, 0.0);
    for (size_t i = 0; i < b.size(); i++) b.time[i] += 1000000;
    CHECK_EQ(g_link->push(d, b.time.data(), b.channel.data(), nullptr, int64_t(b.size())), int64_t(b.size()));
    CHECK_EQ(g_link->reg_write(d, PG_REG_WIN_START + 0, 300), PG_OK);  // held: words wait before it
    CHECK((g_link->reg(d, PG_REG_STATUS) & PG_STATUS_QUIET) == 0);
    CHECK_EQ(g_link->reg(d, PG_REG_LINK_WRITES_REFUSED), 0);
    // a second core write: stalled, withdrawn, counted, refused to the caller
    CHECK_EQ(g_link->reg_write(d, PG_REG_WIN_START + 1, 777), PG_ESTATE);
    CHECK_EQ(g_link->reg(d, PG_REG_LINK_WRITES_REFUSED), 1);
    CHECK_EQ(g_link->reg_write(d, PG_REG_CTRL, PG_CTRL_CLOSE_FRAME), PG_ESTATE);
    CHECK_EQ(g_link->reg(d, PG_REG_LINK_WRITES_REFUSED), 2);
    // a link register is written at once, hold or not
    CHECK_EQ(g_link->reg_write(d, PG_REG_LINK_HOLD_TICKS, 5), PG_OK);
    CHECK_EQ(g_link->reg(d, PG_REG_LINK_HOLD_TICKS), 5);
    CHECK_EQ(g_link->reg_write(d, PG_REG_LINK_HOLD_TICKS, 0), PG_OK);
    // the host releases frames: the waiting close goes, the words reach the core, the held write
    // goes in after them; the refused ones never do
    drain(*g_link, d, words, r);
    CHECK((g_link->reg(d, PG_REG_STATUS) & PG_STATUS_QUIET) != 0);
    CHECK_EQ(g_link->reg(d, PG_REG_WIN_START + 0), 300);
    CHECK_EQ(g_link->reg(d, PG_REG_WIN_START + 1), 600);
    CHECK_EQ(g_link->reg_write(d, PG_REG_WIN_START + 1, 777), PG_OK);  // nothing held now: taken
    CHECK_EQ(g_link->reg(d, PG_REG_WIN_START + 1), 777);
    g_link->wr(d, PG_REG_CTRL, PG_CTRL_RESET);
    CHECK_EQ(g_link->reg(d, PG_REG_LINK_WRITES_REFUSED), 2);
    CHECK_EQ(g_link->reg(d, PG_REG_LINK_DROPPED_TAGS), 0);
    g_link->close(d);
}

// Every PG_ESTATE of pg_reg_write is counted exactly once, in one of two places (ABI version 4):
//  A. a CTRL command while the core's own command waits behind the held frame (the front end is
//     empty): the library refuses it before the bus, since the core would merge it into the
//     waiting command; the firmware never sees it, so the library counts it
//     (pg_writes_refused_by_library), LINK_WRITES_REFUSED stays;
//  B. any core write while another is held in the front end: on the bus, stalled, withdrawn, and
//     counted by the firmware (LINK_WRITES_REFUSED), not by the library.
// The sum is what the host reports (Java: LinkDevice.writesRefused()). The bare core library has
// no bus counter: its refusals (case A only) are all the library's. Until 2026-12-07 case A was
// counted nowhere (LinkVersusSoftTest could only check LINK_WRITES_REFUSED <= the refusals).
static void every_refused_write_is_counted_once() {
    for (const bool link : {true, false}) {
        const PgApi &api = link ? *g_link : *g_rtl;
        pg_device *d = api.open(link ? "ring_frames=2,ticks_per_clock=0" : "ring_frames=2");
        Config c;
        c.frame_trials = uint64_t(1) << 40;
        configure(api, d, c, link);
        const uint32_t words = uint32_t(api.reg(d, PG_REG_FRAME_WORDS));
        Run r;
        push_all(api, d, link, random_stream(41, 300, 2000, 0.6, 0.0), words, r);
        for (int k = 0; k < 3; k++) api.wr(d, PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);
        CHECK_EQ(api.reg_write(d, PG_REG_CTRL, PG_CTRL_CLOSE_FRAME), PG_OK);  // waits in the core behind the held frame
        uint64_t refusals = 0;
        // A: refused before the bus, counted by the library
        for (const uint64_t cmd : {uint64_t(PG_CTRL_CLOSE_FRAME), uint64_t(PG_CTRL_RESET), uint64_t(PG_CTRL_CLOSE_FRAME | PG_CTRL_RESET)}) {
            const int rc = api.reg_write(d, PG_REG_CTRL, cmd);
            CHECK_EQ(rc, PG_ESTATE);
            refusals += rc == PG_ESTATE;
        }
        CHECK_EQ(api.refused_by_library(d), 3);
        if (link) CHECK_EQ(api.reg(d, PG_REG_LINK_WRITES_REFUSED), 0);
        CHECK_EQ(api.refused_all(d, link), refusals);
        if (link) {
            // B: words wait in the FIFO, a write is held behind them; two more are withdrawn from the bus
            Tags b = random_stream(42, 60, 2000, 0.8, 0.0);
            for (size_t i = 0; i < b.size(); i++) b.time[i] += 1000000;
            CHECK_EQ(api.push(d, b.time.data(), b.channel.data(), nullptr, int64_t(b.size())), int64_t(b.size()));
            CHECK_EQ(api.reg_write(d, PG_REG_WIN_START + 0, 300), PG_OK);  // held
            for (const auto &w : {std::pair<uint32_t, uint64_t>{PG_REG_WIN_START + 1, 777}, {PG_REG_CTRL, PG_CTRL_CLOSE_FRAME}}) {
                const int rc = api.reg_write(d, w.first, w.second);
                CHECK_EQ(rc, PG_ESTATE);
                refusals += rc == PG_ESTATE;
            }
            CHECK_EQ(api.reg(d, PG_REG_LINK_WRITES_REFUSED), 2);
            CHECK_EQ(api.refused_by_library(d), 3);  // not counted twice
        }
        CHECK_EQ(api.refused_all(d, link), refusals);
        drain(api, d, words, r);
        api.wr(d, PG_REG_CTRL, PG_CTRL_RESET);  // a reset keeps both counts
        CHECK_EQ(api.refused_all(d, link), refusals);
        std::printf("  %s: %s: %" PRIu64 " refusals, %" PRIu64 " counted by the library, %" PRIu64 " on the bus\n", g_test.c_str(),
                    link ? "link" : "bare core", refusals, api.refused_by_library(d),
                    link ? api.reg(d, PG_REG_LINK_WRITES_REFUSED) : 0);
        api.close(d);
    }
}

// LINK_HOLD_TICKS: a trailing sync leaves once lowest_time_bound shows the next tag more than
// LINK_HOLD_TICKS after it, instead of waiting for that tag (the trial before it, and at
// FRAME_TRIALS its frame, close without it). Syncs 4000 ticks apart, no other tag, paced (40
// clocks between syncs, the library's bound = the next tag's time): with 0 (default) every sync
// waits for the next and they merge into one run; with 1000 each leaves before the next arrives
// (no run word); with 8000 the bound is not far enough and they merge again. The frames equal the
// bare core's in all three (a run may be split anywhere).
static void hold_ticks_lets_a_sync_go_on_the_bound() {
    Tags tags;
    for (int k = 0; k < 200; k++) tags.add(1000 + 4000 * int64_t(k), kSync);
    Config c;
    c.frame_trials = 10;
    const Run core = run(false, tags, c, "ring_frames=4096");
    const uint64_t expect_runs[3] = {1, 0, 1};
    const uint64_t hold[3] = {0, 1000, 8000};
    for (int i = 0; i < 3; i++) {
        pg_device *d = g_link->open(opts(100).c_str());
        configure(*g_link, d, c, true);
        g_link->wr(d, PG_REG_LINK_HOLD_TICKS, hold[i]);
        CHECK_EQ(g_link->reg(d, PG_REG_LINK_HOLD_TICKS), hold[i]);
        const uint32_t words = uint32_t(g_link->reg(d, PG_REG_FRAME_WORDS));
        Run r;
        CHECK_EQ(g_link->push(d, tags.time.data(), tags.channel.data(), nullptr, int64_t(tags.size())), int64_t(tags.size()));
        r.runs = g_link->reg(d, PG_REG_LINK_RUNS);
        CHECK_EQ(g_link->reg(d, PG_REG_TRIALS), tags.size() - 1);
        drain(*g_link, d, words, r);
        g_link->wr(d, PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);
        drain(*g_link, d, words, r);
        std::printf("  %s: LINK_HOLD_TICKS %" PRIu64 ": %" PRIu64 " run words, %zu frames\n", g_test.c_str(), hold[i], r.runs,
                    r.frames.size());
        CHECK_EQ(r.runs, expect_runs[i]);
        check_same_frames(r, core);
        g_link->close(d);
    }
}

// A CTRL_RESET clears the front end's counters and its in-order mirror: after a reset, tags
// earlier than those before it are in order again (as in the core).
static void reset_clears_the_front_end() {
    pg_device *d = g_link->open(opts(0).c_str());
    Config c;
    configure(*g_link, d, c, true);
    Tags a = random_stream(5, 200, 2000, 0.5, 0.0);
    g_link->push(d, a.time.data(), a.channel.data(), nullptr, int64_t(a.size()));
    CHECK(g_link->reg(d, PG_REG_LINK_TAGS) == a.size());
    g_link->wr(d, PG_REG_CTRL, PG_CTRL_RESET);
    CHECK_EQ(g_link->reg(d, PG_REG_LINK_TAGS), 0);
    CHECK_EQ(g_link->reg(d, PG_REG_LINK_UNMAPPED), 0);
    CHECK_EQ(g_link->reg(d, PG_REG_LINK_ID), PG_LINK_ID_VALUE);
    const uint64_t ww = g_link->reg(d, PG_REG_LINK_WORD_WIDTH);
    CHECK(ww == 1 || ww == 4);
    CHECK_EQ(g_link->reg(d, PG_REG_LANES), ww);
    // a run of syncs at times below the ones before the reset: merged (in order after the reset)
    Tags b;
    for (int k = 0; k < 100; k++) b.add(10 + k, kSync);
    b.add(500, kDet0);
    g_link->push(d, b.time.data(), b.channel.data(), nullptr, int64_t(b.size()));
    CHECK_EQ(g_link->reg(d, PG_REG_LINK_RUNS), 1);
    CHECK_EQ(g_link->reg(d, PG_REG_TRIALS), 99);
    g_link->close(d);
}

// A positive SYNC_DELAY lowered to 0 without a reset: syncs queued meanwhile may still be pending,
// so the front end must not merge runs until the next CTRL_RESET (a run word takes one queue
// entry, its members one each); after the reset it merges again.
static void no_runs_after_a_positive_delay_until_reset() {
    pg_device *d = g_link->open(opts(0).c_str());
    Config c;
    c.sync_delay = 300;
    configure(*g_link, d, c, true);
    g_link->wr(d, PG_REG_SYNC_DELAY, 0);
    Tags b;
    for (int k = 0; k < 50; k++) b.add(1000 + 10 * k, kSync);
    b.add(5000, kDet0);
    g_link->push(d, b.time.data(), b.channel.data(), nullptr, int64_t(b.size()));
    CHECK_EQ(g_link->reg(d, PG_REG_LINK_RUNS), 0);
    g_link->wr(d, PG_REG_CTRL, PG_CTRL_RESET);
    g_link->push(d, b.time.data(), b.channel.data(), nullptr, int64_t(b.size()));
    CHECK_EQ(g_link->reg(d, PG_REG_LINK_RUNS), 1);
    CHECK_EQ(g_link->reg(d, PG_REG_TRIALS), 49);
    g_link->close(d);
}

// A link channel outside the 6-bit signed range is refused before anything is pushed.
static void channel_out_of_range_is_refused() {
    pg_device *d = g_link->open(nullptr);
    const int64_t t[2] = {1, 2};
    const uint8_t ch[2] = {1, 40};
    CHECK_EQ(g_link->push(d, t, ch, nullptr, 2), uint64_t(int64_t(PG_EINVAL)));
    CHECK_EQ(g_link->reg(d, PG_REG_LINK_TAGS), 0);
    g_link->close(d);
}

// Register reads between pushes (fw20s: pg_reg_read clocks the model once with the link idle, STATUS
// being registered) change nothing the front end does: the same paced stream, pushed in the same
// random batches with LINK_HOLD_TICKS set (a trailing sync held across the batch end is flushed by
// pg_push; the bound compare runs behind), once with STATUS, the LINK_* counters and core counters
// read after every push and once without: frames word for word equal (and equal to the bare core's),
// equal front-end counters, the same link time, and the reading run's extra clocks = its reads.
// STATUS read right after each push is IDLE | QUIET (the ring never fills here).
static void reads_between_pushes_leave_link_frames_unchanged() {
    const Tags tags = random_stream(9, 3000, 2000, 0.4, 0.02);
    Config c;
    c.frame_trials = 97;
    const Run core = run(false, tags, c, "ring_frames=4096");
    Run with[2];
    uint64_t reads = 0;
    for (int pass = 0; pass < 2; pass++) {
        const bool read = pass == 0;
        pg_device *d = g_link->open(opts(100).c_str());
        configure(*g_link, d, c, true);
        g_link->wr(d, PG_REG_LINK_HOLD_TICKS, 2500);  // > the period: runs of empty trials merge
        const uint32_t words = uint32_t(g_link->reg(d, PG_REG_FRAME_WORDS));
        Run &r = with[pass];
        pg_link_clocks k0{};
        g_link->link_probe(d, &k0);
        std::mt19937_64 rng(4);
        for (size_t at = 0; at < tags.size();) {
            const size_t n = std::min(tags.size() - at, size_t(1 + rng() % 40));
            CHECK_EQ(g_link->push(d, tags.time.data() + at, tags.channel.data() + at, nullptr, int64_t(n)), int64_t(n));
            at += n;
            if (read) {
                CHECK_EQ(g_link->reg(d, PG_REG_STATUS), uint64_t(PG_STATUS_IDLE | PG_STATUS_QUIET));
                for (uint32_t a : {PG_REG_LINK_TAGS, PG_REG_LINK_RUNS, PG_REG_LINK_TIME_BOUND, PG_REG_LINK_FIFO_MAX,
                                   PG_REG_TRIALS, PG_REG_SYNC_PENDING, PG_REG_STATUS})
                    (void)g_link->reg(d, a);
                reads += 8;
            }
            drain(*g_link, d, words, r);
        }
        pg_link_clocks k1{};
        g_link->link_probe(d, &k1);
        r.clocks.clocks = k1.clocks - k0.clocks;
        r.clocks.link_clock = k1.link_clock;
        r.clocks.words = k1.words - k0.words;
        r.runs = g_link->reg(d, PG_REG_LINK_RUNS);
        r.link_tags = g_link->reg(d, PG_REG_LINK_TAGS);
        r.dropped_tags = g_link->reg(d, PG_REG_LINK_DROPPED_TAGS);
        g_link->wr(d, PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);
        drain(*g_link, d, words, r);
        g_link->close(d);
    }
    std::printf("  %s: %zu frames, %" PRIu64 " run words, %" PRIu64 " reads, clocks %" PRIu64 " vs %" PRIu64 "\n",
                g_test.c_str(), with[0].frames.size(), with[0].runs, reads, with[0].clocks.clocks, with[1].clocks.clocks);
    check_same_frames(with[0], with[1]);
    check_same_frames(with[0], core);
    CHECK(with[0].frames.size() > 10);
    CHECK(with[0].runs > 0);
    CHECK_EQ(with[0].runs, with[1].runs);
    CHECK_EQ(with[0].link_tags, tags.size());
    CHECK_EQ(with[0].link_tags, with[1].link_tags);
    CHECK_EQ(with[0].dropped_tags, 0);
    CHECK_EQ(with[0].clocks.link_clock, with[1].clocks.link_clock);
    CHECK_EQ(with[0].clocks.words, with[1].clocks.words);
    CHECK_EQ(with[0].clocks.clocks, with[1].clocks.clocks + reads);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s LIBPAIRGATE_RTL LIBPAIRGATE_LINK\n", argv[0]);
        return 2;
    }
    PgApi rtl(argv[1]), link(argv[2]);
    g_rtl = &rtl;
    g_link = &link;
    const std::vector<std::pair<const char *, std::function<void()>>> tests = {
        {"within_envelope_frames_equal_the_core", within_envelope_frames_equal_the_core},
        {"firmware_sync_runs_equal_single_syncs", firmware_sync_runs_equal_single_syncs},
        {"full_rate_words_within_the_envelope_equal_the_core", full_rate_words_within_the_envelope_equal_the_core},
        {"no_runs_when_off_or_delayed", no_runs_when_off_or_delayed},
        {"channel_map_falling_edges_and_unmapped", channel_map_falling_edges_and_unmapped},
        {"overload_drops_are_counted_and_balanced", overload_drops_are_counted_and_balanced},
        {"reset_clears_the_front_end", reset_clears_the_front_end},
        {"reset_behind_a_held_frame_counts_the_next_word", reset_behind_a_held_frame_counts_the_next_word},
        {"channel_out_of_range_is_refused", channel_out_of_range_is_refused},
        {"no_runs_after_a_positive_delay_until_reset", no_runs_after_a_positive_delay_until_reset},
        {"config_write_behind_a_held_frame_takes_effect_in_stream_order", config_write_behind_a_held_frame_takes_effect_in_stream_order},
        {"hold_ticks_lets_a_sync_go_on_the_bound", hold_ticks_lets_a_sync_go_on_the_bound},
        {"a_write_while_one_is_held_is_refused_and_counted", a_write_while_one_is_held_is_refused_and_counted},
        {"every_refused_write_is_counted_once", every_refused_write_is_counted_once},
        {"reads_between_pushes_leave_link_frames_unchanged", reads_between_pushes_leave_link_frames_unchanged},
    };
    int passed = 0, failed = 0;
    for (const auto &t : tests) {
        g_test = t.first;
        g_failed_checks = 0;
        t.second();
        if (g_failed_checks == 0) {
            std::printf("ok   %s\n", t.first);
            passed++;
        } else {
            std::printf("FAIL %s (%d checks)\n", t.first, g_failed_checks);
            failed++;
        }
    }
    std::printf("link tests: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
