// pg_bench -- tag throughput of the Verilator library through the C ABI (make -C hw-sim bench).
//
// Usage:
//   pg_bench [tags (4000000)] [tags per trial P (8)]
//       a sync every P tags, P - 1 detector clicks (2 detectors, 2 windows) in between.
//   pg_bench runs [photons (1000000)] [syncs per photon S (100)]
//       a T3-like stream (a fast laser, a photon every ~S syncs): the empty sync periods before
//       each photon are one sync-run word (count = the syncs, time = the last one's), then the
//       photon. Reports tags/s (syncs + photons), tag words/s and trials/s.
// Both push batches of 65536 words with FRAME_TRIALS = 100000 and read and release frames as
// they come. Single thread.
#include "pairgate.h"
#include "pairgate_rtl_probe.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr int64_t kBatch = 65536;

// A batch of tag words, filled by a stream generator.
struct Batch {
    std::vector<int64_t> times;
    std::vector<uint8_t> channels;
    std::vector<uint32_t> counts;
    int64_t size = 0;
    uint64_t tags = 0;  // tags the words stand for
    Batch() : times(kBatch), channels(kBatch), counts(kBatch) {}
    void clear() { size = 0; tags = 0; }
    void add(int64_t t, uint8_t ch, uint32_t n) {
        times[size] = t;
        channels[size] = ch;
        counts[size] = n;
        size++;
        tags += n;
    }
};

pg_device *open_configured() {
    pg_device *d = pg_open("ring_frames=8");
    if (!d) {
        std::fprintf(stderr, "pg_open: %s\n", pg_last_error(nullptr));
        std::exit(1);
    }
    pg_reg_write(d, PG_REG_SYNC_CHANNEL, 0);
    pg_reg_write(d, PG_REG_DET_CHANNEL + 0, 1);
    pg_reg_write(d, PG_REG_DET_CHANNEL + 1, 2);
    pg_reg_write(d, PG_REG_WIN_START + 0, 0);
    pg_reg_write(d, PG_REG_WIN_LENGTH + 0, 100);
    pg_reg_write(d, PG_REG_WIN_START + 1, 100);
    pg_reg_write(d, PG_REG_WIN_LENGTH + 1, 100);
    pg_reg_write(d, PG_REG_FRAME_TRIALS, 100000);
    return d;
}

// Pushes the whole batch, reading and releasing frames as they come. Returns frames released.
int64_t push_all(pg_device *d, const Batch &b, std::vector<uint64_t> &frame) {
    int64_t off = 0, frames = 0;
    while (off < b.size) {
        int64_t a = pg_push(d, b.times.data() + off, b.channels.data() + off, b.counts.data() + off, b.size - off);
        if (a < 0) {
            std::fprintf(stderr, "pg_push: %s\n", pg_last_error(d));
            std::exit(1);
        }
        off += a;
        while (pg_frames_pending(d) > 0) {
            pg_frame_read(d, frame.data(), int64_t(frame.size()));
            pg_frame_release(d);
            frames++;
        }
    }
    return frames;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// "L lanes, C clocks, N ns per clock" for the run so far (the test probe counts the clocks)
std::string clock_note(pg_device *d, double seconds) {
    uint64_t lanes = 0;
    pg_reg_read(d, PG_REG_LANES, &lanes);
    pg_rtl_clocks c{};
    pg_rtl_probe_clocks(d, &c);
    char buf[160];
    std::snprintf(buf, sizeof buf, "%llu lane%s, %.2f M clocks, %.0f ns per clock", (unsigned long long)lanes, lanes == 1 ? "" : "s",
                  double(c.clocks) / 1e6, seconds * 1e9 / double(c.clocks ? c.clocks : 1));
    return buf;
}

int bench_tags(int64_t n, int64_t per) {
    pg_device *d = open_configured();
    uint64_t fw = 0;
    pg_reg_read(d, PG_REG_FRAME_WORDS, &fw);
    std::vector<uint64_t> frame(fw);
    Batch b;
    int64_t t = 0, done = 0, frames = 0;
    auto start = std::chrono::steady_clock::now();
    while (done < n) {
        int64_t m = std::min(kBatch, n - done);
        b.clear();
        for (int64_t i = 0; i < m; i++) {
            int64_t k = done + i;
            if (k % per == 0) {
                t += 100000;
                b.add(t, 0, 1);
            } else {
                b.add(t + (k % per) * 23, uint8_t(1 + (k % 2)), 1);
            }
        }
        frames += push_all(d, b, frame);
        done += m;
    }
    double s = seconds_since(start);
    pg_rtl_clocks c{};
    pg_rtl_probe_clocks(d, &c);
    const double trials = double((n + per - 1) / per);
    std::printf("pg_bench: %lld tags in %.3f s = %.2f M tags/s (%s, a sync every %lld tags, %lld frames, "
                "%.2f clocks per trial)\n",
                (long long)n, s, n / s / 1e6, clock_note(d, s).c_str(), (long long)per, (long long)frames,
                double(c.clocks) / trials);
    pg_close(d);
    return 0;
}

// T3-like: sync period 1000 ticks, a photon after a geometric number of syncs (mean S), in one
// of the two windows on one of the two detectors.
int bench_sync_runs(int64_t photons, int64_t syncs_per_photon) {
    pg_device *d = open_configured();
    uint64_t fw = 0, trials0 = 0, trials1 = 0;
    pg_reg_read(d, PG_REG_FRAME_WORDS, &fw);
    std::vector<uint64_t> frame(fw);
    std::mt19937_64 rng(1);
    std::geometric_distribution<uint32_t> gap(1.0 / double(syncs_per_photon));
    const int64_t period = 1000;
    Batch b;
    int64_t t = 0, done = 0, frames = 0;
    uint64_t tags = 0, words = 0;
    pg_reg_read(d, PG_REG_TRIALS, &trials0);
    auto start = std::chrono::steady_clock::now();
    while (done < photons) {
        b.clear();
        while (b.size + 2 <= kBatch && done < photons) {
            const uint32_t syncs = 1 + gap(rng);  // the syncs up to and including the photon's
            t += int64_t(syncs) * period;
            b.add(t, 0, syncs);
            b.add(t + int64_t(rng() % 200), uint8_t(1 + rng() % 2), 1);
            done++;
        }
        frames += push_all(d, b, frame);
        tags += b.tags;
        words += uint64_t(b.size);
    }
    double s = seconds_since(start);
    pg_reg_read(d, PG_REG_TRIALS, &trials1);
    const double trials = double(trials1 - trials0);
    std::printf("pg_bench: sync runs, %lld photons (a photon every ~%lld syncs): %llu tags in %llu words, %.3f s = "
                "%.2f M tags/s, %.2f M words/s, %.2f M trials/s (%s, %lld frames)\n",
                (long long)photons, (long long)syncs_per_photon, (unsigned long long)tags, (unsigned long long)words, s,
                double(tags) / s / 1e6, double(words) / s / 1e6, trials / s / 1e6, clock_note(d, s).c_str(),
                (long long)frames);
    pg_close(d);
    return 0;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc > 1 && std::strcmp(argv[1], "runs") == 0) {
        const int64_t photons = argc > 2 ? std::atoll(argv[2]) : 1000000;
        const int64_t per = argc > 3 ? std::atoll(argv[3]) : 100;
        if (photons <= 0 || per <= 0) {
            std::fprintf(stderr, "usage: pg_bench runs [photons] [syncs per photon]\n");
            return 2;
        }
        return bench_sync_runs(photons, per);
    }
    const int64_t n = argc > 1 ? std::atoll(argv[1]) : 4000000;
    const int64_t per = argc > 2 ? std::atoll(argv[2]) : 8;
    if (n <= 0 || per <= 0) {
        std::fprintf(stderr, "usage: pg_bench [tags] [tags per trial] | pg_bench runs [photons] [syncs per photon]\n");
        return 2;
    }
    return bench_tags(n, per);
}
