// The measure shared by every call benchmark: N calls spread over T threads, each thread with its own
// worker (made on that thread, so a per-thread easy handle or connection lives where it is used). Every worker
// is warmed up first (its keep-alive connection opened), then all start together; the process's CPU time
// (getrusage RUSAGE_SELF, user + system, every thread) and the wall time are read around the timed calls only.
#ifndef TETHER_BENCH_CALL_TIMING_HPP
#define TETHER_BENCH_CALL_TIMING_HPP

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace bench {

struct call_figures {
    long calls = 0;
    long failures = 0;
    int threads = 0;
    double wall_s = 0;
    double cpu_s = 0;
    double p50_us = 0;
    double p99_us = 0;

    double cpu_us_per_call() const { return calls > 0 ? cpu_s * 1e6 / static_cast<double>(calls) : 0; }
    double calls_per_s() const { return wall_s > 0 ? static_cast<double>(calls) / wall_s : 0; }
};

inline double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Nearest-rank percentile of sorted samples.
inline double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    const auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size()));
    return sorted[std::min(rank, sorted.size() - 1)];
}

// A worker makes one call and says whether it succeeded. make_worker(thread_index) runs on the worker's thread.
using worker = std::function<bool()>;

inline call_figures run_calls(int threads, long calls, long warmup_per_thread,
                              const std::function<worker(int thread_index)>& make_worker) {
    using clock = std::chrono::steady_clock;
    std::vector<std::vector<double>> latencies(static_cast<std::size_t>(threads));
    std::vector<long> failures(static_cast<std::size_t>(threads), 0);
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        const long share = calls / threads + (t < calls % threads ? 1 : 0);
        pool.emplace_back([&, t, share] {
            worker call = make_worker(t);
            for (long i = 0; i < warmup_per_thread; ++i) (void)call();
            auto& mine = latencies[static_cast<std::size_t>(t)];
            mine.reserve(static_cast<std::size_t>(share));
            ready.fetch_add(1);
            while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
            long failed = 0;
            for (long i = 0; i < share; ++i) {
                const auto start = clock::now();
                if (!call()) ++failed;
                mine.push_back(std::chrono::duration<double, std::micro>(clock::now() - start).count());
            }
            failures[static_cast<std::size_t>(t)] = failed;
        });
    }
    while (ready.load() < threads) std::this_thread::yield();
    const double cpu_before = cpu_seconds();
    const auto wall_before = clock::now();
    go.store(true, std::memory_order_release);
    for (auto& th : pool) th.join();
    call_figures out;
    out.wall_s = std::chrono::duration<double>(clock::now() - wall_before).count();
    out.cpu_s = cpu_seconds() - cpu_before;
    out.calls = calls;
    out.threads = threads;
    std::vector<double> all;
    all.reserve(static_cast<std::size_t>(calls));
    for (std::size_t t = 0; t < latencies.size(); ++t) {
        all.insert(all.end(), latencies[t].begin(), latencies[t].end());
        out.failures += failures[t];
    }
    std::sort(all.begin(), all.end());
    out.p50_us = percentile(all, 50);
    out.p99_us = percentile(all, 99);
    return out;
}

// One JSON line on stdout: {"bench":"calls","client":…,"mode":…,"threads":…,…}.
inline void print_figures(const std::string& client, const std::string& mode, const call_figures& f) {
    std::printf("{\"bench\":\"calls\",\"client\":\"%s\",\"mode\":\"%s\",\"threads\":%d,\"calls\":%ld,"
                "\"failures\":%ld,\"wall_s\":%.6f,\"cpu_s\":%.6f,\"cpu_us_per_call\":%.3f,\"calls_per_s\":%.1f,"
                "\"p50_us\":%.2f,\"p99_us\":%.2f}\n",
                client.c_str(), mode.c_str(), f.threads, f.calls, f.failures, f.wall_s, f.cpu_s, f.cpu_us_per_call(),
                f.calls_per_s(), f.p50_us, f.p99_us);
    std::fflush(stdout);
}

}  // namespace bench

#endif
