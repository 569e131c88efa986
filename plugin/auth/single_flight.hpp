// One refresh of a connection at a time: a mutex among the threads of this process and, when the host
// offers a lease, among every process that shares its storage. A caller that waits for another process's
// lease looks between polls whether that process has already done the work; if so it stops waiting.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "plugin/core/deadline_mutex.hpp"
#include "plugin/host/host_services.hpp"

namespace tether::auth {

class single_flight {
public:
    single_flight(const std::string& connection_id, host_services& host);

    // Held while a refresh runs: the process's mutex and (when taken) the host's lease, released in that
    // order's reverse when it goes out of scope.
    class ticket {
    public:
        ticket(ticket&&) noexcept;
        ticket& operator=(ticket&&) = delete;
        ticket(const ticket&) = delete;
        ~ticket();
        // True when the wait ended because `done_elsewhere` said a sibling did the work.
        bool done_elsewhere() const noexcept { return done_elsewhere_; }
        // True when the deadline came before this process's turn: nothing is held, nothing may be sent.
        bool out_of_time() const noexcept { return !lock_.owns_lock(); }

    private:
        friend class single_flight;
        ticket(single_flight& owner, std::unique_lock<deadline_mutex> lock, std::string lease_owner, bool done);
        single_flight* owner_;
        std::unique_lock<deadline_mutex> lock_;
        std::string lease_owner_;  // non-empty while the host's lease is held
        bool done_elsewhere_ = false;
    };

    // Waits for this process's mutex, then for the host's lease (when offered), polling with growing pauses;
    // between polls `done_elsewhere()` is asked whether another process has already refreshed (it re-reads
    // the store). `lease_owner` is a random id of this attempt. A lease that cannot be had (the host's lease
    // fails, or is held past its time to live) is logged and done without: the record's compare-and-swap
    // still keeps every token. `deadline_ms` (host clock, 0: none) ends the wait: the ticket is out of time.
    ticket enter(const std::string& lease_owner, const std::function<bool()>& done_elsewhere,
                 std::int64_t deadline_ms = 0);

private:
    std::string lease_name() const;

    const std::string& connection_id_;
    host_services& host_;
    deadline_mutex mutex_;  // timed: a call waits for a sibling thread's refresh only within its budget
};

// How long the lease is held at most: long enough for one token request, short enough to recover from a
// crashed holder.
inline constexpr std::int64_t refresh_lease_ttl_ms = 30'000;

}  // namespace tether::auth
