// pg_bench -- tag throughput of the Verilator library through the C ABI (make -C hw-sim bench).
//
// Usage: pg_bench [tags (4000000)] [tags per trial P (8)]. Pushes the tags in batches of 65536:
// a sync every P tags, P - 1 detector clicks (2 detectors, 2 windows) in between,
// FRAME_TRIALS = 100000, frames read and released as they come. Prints tags/s. Single thread.
#include "pairgate.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char **argv) {
    const int64_t n = argc > 1 ? std::atoll(argv[1]) : 4000000;
    const int64_t per = argc > 2 ? std::atoll(argv[2]) : 8;
    if (n <= 0 || per <= 0) { std::fprintf(stderr, "usage: pg_bench [tags] [tags per trial]\n"); return 2; }
    pg_device *d = pg_open("ring_frames=8");
    if (!d) { std::fprintf(stderr, "pg_open: %s\n", pg_last_error(nullptr)); return 1; }
    pg_reg_write(d, PG_REG_SYNC_CHANNEL, 0);
    pg_reg_write(d, PG_REG_DET_CHANNEL + 0, 1);
    pg_reg_write(d, PG_REG_DET_CHANNEL + 1, 2);
    pg_reg_write(d, PG_REG_WIN_START + 0, 0);
    pg_reg_write(d, PG_REG_WIN_LENGTH + 0, 100);
    pg_reg_write(d, PG_REG_WIN_START + 1, 100);
    pg_reg_write(d, PG_REG_WIN_LENGTH + 1, 100);
    pg_reg_write(d, PG_REG_FRAME_TRIALS, 100000);
    uint64_t fw = 0;
    pg_reg_read(d, PG_REG_FRAME_WORDS, &fw);
    std::vector<uint64_t> frame(fw);

    const int64_t batch = 65536;
    std::vector<int64_t> times(batch);
    std::vector<uint8_t> chans(batch);
    int64_t t = 0, done = 0, frames = 0;
    auto start = std::chrono::steady_clock::now();
    while (done < n) {
        int64_t m = std::min(batch, n - done);
        for (int64_t i = 0; i < m; i++) {
            int64_t k = done + i;
            if (k % per == 0) { t += 100000; times[i] = t; chans[i] = 0; }
            else { times[i] = t + (k % per) * 23; chans[i] = uint8_t(1 + (k % 2)); }
        }
        int64_t off = 0;
        while (off < m) {
            int64_t a = pg_push(d, times.data() + off, chans.data() + off, m - off);
            if (a < 0) { std::fprintf(stderr, "pg_push: %s\n", pg_last_error(d)); return 1; }
            off += a;
            while (pg_frames_pending(d) > 0) { pg_frame_read(d, frame.data(), int64_t(fw)); pg_frame_release(d); frames++; }
        }
        done += m;
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("pg_bench: %lld tags in %.3f s = %.2f M tags/s (1 lane, a sync every %lld tags, %lld frames)\n",
                (long long)n, s, n / s / 1e6, (long long)per, (long long)frames);
    pg_close(d);
    return 0;
}
