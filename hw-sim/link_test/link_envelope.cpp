// link_envelope.cpp -- the sustained envelope of the link front end + core (not a test; numbers in
// fpga/README.md "Link front end"). Re-run after a core change: `make -C hw-sim envelope`.
//
// Usage: pg_link_envelope LIBLINK [TRIALS]
//
// The link as a Time Tagger X drives it: times in 1/3 ps, a 333.33 MHz link clock (9000 ticks per
// clock, pacing ticks_per_clock=9000), up to WORD_WIDTH tags per word, never waiting. A periodic
// sync (input 1 rising) at rate R; per trial a Poisson number of clicks (mean c) uniformly in the
// trial on two detectors (inputs 2 and 3), inside one of two windows that cover the trial (so every
// click sets a pattern bit: the dearest trial close). Default shape of the library (W2 D2 K8 B256).
// For each c the largest R at which nothing is dropped in TRIALS trials (bisection on a log scale,
// 1 kHz .. 333 MHz), the click rate there, and what twice that rate drops (tags dropped at input of
// tags offered). Then the paper's shape: a 500 Hz trigger
// with clicks at the link's full rate (a full word every clock for the whole trial).

#include "link_api.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

static constexpr int64_t kTicksPerClock = 9000;     // 3 ns in 1/3 ps
static constexpr double kTicksPerSecond = 3e12;      // 1/3 ps

struct Result {
    uint64_t dropped = 0, tags = 0, clocks = 0, trials = 0;
};

static Result run(const PgApi &api, const char *lib_opts, double rate_hz, double clicks, size_t trials, uint32_t seed,
                  bool full_rate_clicks) {
    pg_device *d = api.open(lib_opts);
    if (!d) {
        std::fprintf(stderr, "pg_open: %s\n", api.last_error(nullptr));
        std::exit(2);
    }
    const int64_t period = int64_t(kTicksPerSecond / rate_hz);
    api.wr(d, PG_REG_SYNC_CHANNEL, 0);
    api.wr(d, PG_REG_DET_CHANNEL + 0, 1);
    api.wr(d, PG_REG_DET_CHANNEL + 1, 2);
    api.wr(d, PG_REG_WIN_START + 0, 0);
    api.wr(d, PG_REG_WIN_LENGTH + 0, uint64_t(std::min<int64_t>(period / 2 + 1, 0xFFFFFFFF)));
    api.wr(d, PG_REG_WIN_START + 1, uint64_t(period / 2));
    api.wr(d, PG_REG_WIN_LENGTH + 1, uint64_t(std::min<int64_t>(period - period / 2, 0xFFFFFFFF)));
    api.wr(d, PG_REG_BIN_TICKS, uint64_t(std::max<int64_t>(1, period / 256)));
    api.wr(d, PG_REG_LINK_MAP + 1, 0);
    api.wr(d, PG_REG_LINK_MAP + 2, 1);
    api.wr(d, PG_REG_LINK_MAP + 3, 2);
    api.wr(d, PG_REG_CTRL, PG_CTRL_RESET);
    const uint64_t ww = api.reg(d, PG_REG_LINK_WORD_WIDTH);
    std::mt19937_64 rng(seed);
    std::poisson_distribution<int> pois(clicks > 0 ? clicks : 1e-9);
    std::vector<int64_t> t;
    std::vector<uint8_t> ch;
    std::vector<int64_t> ev;
    std::vector<uint64_t> frame(api.reg(d, PG_REG_FRAME_WORDS));
    Result r;
    int64_t s = 1'000'000;
    for (size_t k = 0; k < trials; k++) {
        t.push_back(s);
        ch.push_back(1);
        ev.clear();
        if (full_rate_clicks) {
            // a full link word every clock for the whole trial (minus a clock at each end)
            for (int64_t c = s + kTicksPerClock; c + kTicksPerClock < s + period; c += kTicksPerClock)
                for (uint64_t l = 0; l < ww; l++) ev.push_back(c + int64_t(l));
        } else {
            const int n = clicks > 0 ? pois(rng) : 0;
            for (int i = 0; i < n; i++) ev.push_back(s + 1 + int64_t(rng() % uint64_t(period - 1)));
            std::sort(ev.begin(), ev.end());
        }
        for (int64_t e : ev) {
            t.push_back(e);
            ch.push_back(uint8_t(2 + (rng() & 1)));
        }
        s += period;
        if (t.size() > 60000 || k + 1 == trials) {
            api.push(d, t.data(), ch.data(), nullptr, int64_t(t.size()));
            r.tags += t.size();
            t.clear();
            ch.clear();
            while (api.frames_pending(d) > 0) api.frame_release(d);
        }
    }
    api.wr(d, PG_REG_CTRL, PG_CTRL_CLOSE_FRAME);
    while (api.frames_pending(d) > 0) api.frame_release(d);
    r.dropped = api.reg(d, PG_REG_LINK_DROPPED_TAGS);
    r.trials = api.reg(d, PG_REG_TRIALS);
    pg_link_clocks c{};
    api.link_probe(d, &c);
    r.clocks = c.link_clock;
    api.close(d);
    return r;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s LIBPAIRGATE_LINK [TRIALS]\n", argv[0]);
        return 2;
    }
    PgApi api(argv[1]);
    const size_t trials = argc > 2 ? size_t(std::stoull(argv[2])) : 50000;
    const std::string o = "ring_frames=8,ticks_per_clock=" + std::to_string(kTicksPerClock);
    pg_device *probe = api.open(o.c_str());
    const uint64_t ww = api.reg(probe, PG_REG_LINK_WORD_WIDTH);
    const uint64_t depth = api.reg(probe, PG_REG_LINK_FIFO_DEPTH);
    api.close(probe);
    std::printf("link envelope: WORD_WIDTH %" PRIu64 ", FIFO %" PRIu64 " words, 333.33 MHz, %zu trials per point\n", ww, depth,
                trials);
    std::printf("%-16s %-22s %-14s %s\n", "clicks/trial", "max sync rate (MHz)", "clicks (M/s)", "at 2x that rate: dropped");
    for (double c : {0.0, 0.01, 0.1, 0.5, 1.0, 4.0, 16.0}) {
        double lo = 1e3, hi = 333.33e6;  // lo holds (checked), hi the first rate that drops
        Result at_lo = run(api, o.c_str(), lo, c, trials, 7, false);
        if (at_lo.dropped > 0) {
            std::printf("%-16g drops even at 1 kHz\n", c);
            continue;
        }
        if (run(api, o.c_str(), hi, c, trials, 7, false).dropped == 0) {
            lo = hi;
        } else {
            for (int it = 0; it < 12 && hi / lo > 1.02; it++) {
                const double mid = std::sqrt(lo * hi);
                if (run(api, o.c_str(), mid, c, trials, 7, false).dropped == 0) lo = mid;
                else hi = mid;
            }
        }
        const Result over = run(api, o.c_str(), std::min(2 * lo, 333.33e6), c, trials, 7, false);
        std::printf("%-16g %-22.3f %-14.3f %" PRIu64 " of %" PRIu64 " tags\n", c, lo / 1e6, lo * c / 1e6, over.dropped, over.tags);
        std::fflush(stdout);
    }
    // the paper's shape: 500 Hz trigger, clicks at the link's full rate (a full word every clock)
    const Result paper = run(api, o.c_str(), 500.0, 0, 3, 7, true);
    std::printf("500 Hz trigger, clicks at full link rate (%" PRIu64 " tags/clock): %" PRIu64 " tags in %" PRIu64
                " clocks, dropped %" PRIu64 ", trials %" PRIu64 "\n",
                ww, paper.tags, paper.clocks, paper.dropped, paper.trials);
    return 0;
}
