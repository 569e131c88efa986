// A fleet on PostgreSQL: worker processes that share one connection through a PostgreSQL store, each with
// many threads, through the public C ABI as real hosts run them. Each expiry costs exactly one token request
// and nobody is told to reconnect; a worker killed while it holds the refresh lease (its token request still
// at the provider) neither blocks the others past the lease's time to live nor loses the refresh token.
#include <signal.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <variant>

#include "emulator/smartsheet_emulator.hpp"
#include "tests/auth/worker_processes.hpp"
#include "tests/support/postgres_test_database.hpp"
#include "tether/stores/postgresql_store.hpp"

namespace sdk = tether::sdk;
namespace emu = tether::emulator;

namespace {

constexpr int processes = 4;
constexpr int threads_per_process = 64;
constexpr std::chrono::seconds past_expiry{3600 + 60};

// The engine's refresh lease lives 30 s (plugin/auth/single_flight.hpp); a lease clock this far ahead reads
// a lease taken now as expired.
constexpr std::int64_t after_the_lease_ms = 30'000 + 1'000;

std::unique_ptr<sdk::postgresql_store> open_store(const std::string& conninfo, sdk::postgresql_store::options o = {}) {
    auto opened = sdk::postgresql_store::open(conninfo, std::move(o));
    if (const auto* problem = std::get_if<std::string>(&opened)) FAIL(*problem);
    return std::move(std::get<std::unique_ptr<sdk::postgresql_store>>(opened));
}

// A fleet's world: the emulator with user 1001, and connection "shared" authorized in a fresh schema.
struct fleet {
    explicit fleet(const std::string& name) : emulator(options()), conninfo(tether_test::fresh_postgres_schema(name)) {
        emulator.add_user(1001, "ada@example.com");
        worker_processes::seed_shared_connection(emulator, *open_store(conninfo));
        settings = worker_processes::settings_for(emulator);
    }
    static emu::emulator_options options() {
        emu::emulator_options o;
        o.declared_lifetime_s = 3600;
        return o;
    }
    std::string store() const { return "postgresql:" + conninfo; }
    int refreshes() const { return emulator.count("POST /2.0/token", "refresh_token"); }

    emu::smartsheet_emulator emulator;
    std::string conninfo;
    std::string settings;
};

}  // namespace

TEST_CASE(
    "4 processes x 64 threads on one PostgreSQL store: one token request per expiry, three times over, "
    "and no call fails or is told to reconnect") {
    fleet f("fleet");
    for (int expiry = 1; expiry <= 3; ++expiry) {
        f.emulator.advance_clock(past_expiry);
        worker_processes::run(f.store(), f.settings, processes, threads_per_process);
        CHECK(f.refreshes() == expiry);
    }
    CHECK(f.emulator.count("GET /2.0/users/me") >= 3 * processes * threads_per_process);
}

TEST_CASE(
    "a PostgreSQL fleet outlives a worker killed mid-refresh: another takes over once the lease expires, "
    "and the rotated refresh token is kept") {
    fleet f("killed_holder");
    f.emulator.advance_clock(past_expiry);
    // The provider holds the first refresh (until released below) while the holder dies with its lease held
    // and a successor refreshes; the held request is then answered to nobody.
    f.emulator.add_fault({.kind = emu::fault_kind::delay,
                          .method = "POST",
                          .path = "/2.0/token",
                          .grant_type = "refresh_token",
                          .delay_ms = 600'000});

    const pid_t holder = worker_processes::spawn(f.store(), f.settings, 1);
    bool held = false;
    int wstatus = 0;
    while (!held && ::waitpid(holder, &wstatus, WNOHANG) == 0) {
        held = f.emulator.requests_in_delay() == 1;
        std::this_thread::yield();
    }
    REQUIRE(held);  // else the holder ended before its token request reached the provider
    REQUIRE(::kill(holder, SIGKILL) == 0);
    CHECK(worker_processes::wait_for(holder) == 128 + SIGKILL);

    // The dead holder's lease is still there: a worker on the current time cannot take it...
    CHECK(open_store(f.conninfo)->lease_acquire("tether.refresh:shared", "probe", 1000) == TETHER_CONFLICT);
    // ...and workers once it has expired can.
    const pid_t successor = worker_processes::spawn(f.store(), f.settings, threads_per_process, after_the_lease_ms);
    CHECK(worker_processes::wait_for(successor) == 0);
    // It refreshed under the lease (taken over, then released), not past it after giving up waiting.
    CHECK(open_store(f.conninfo)->lease_acquire("tether.refresh:shared", "probe", 1) == TETHER_OK);
    CHECK(f.refreshes() == 1);  // the successor's; the held one is still at the provider
    CHECK(f.emulator.requests_in_delay() == 1);

    // The held request, answered at last, presents the refresh token the successor has already rotated.
    f.emulator.release_delays();
    while (f.emulator.requests_in_delay() != 0) std::this_thread::yield();
    CHECK(f.refreshes() == 2);

    // The rotated refresh token was stored: the next expiry refreshes with it, once, and nobody reconnects.
    f.emulator.advance_clock(past_expiry);
    worker_processes::run(f.store(), f.settings, processes, threads_per_process);
    CHECK(f.refreshes() == 3);
}
