// One refresh of a connection at a time, in this process and across the processes sharing its storage.
#include "plugin/auth/single_flight.hpp"

#include <algorithm>
#include <chrono>

#include "plugin/host/log.hpp"

namespace tether::auth {

single_flight::single_flight(const std::string& connection_id, host_services& host)
    : connection_id_(connection_id), host_(host) {}

std::string single_flight::lease_name() const { return "tether.refresh:" + connection_id_; }

single_flight::ticket::ticket(single_flight& owner, std::unique_lock<deadline_mutex> lock,
                              std::string lease_owner, bool done)
    : owner_(&owner), lock_(std::move(lock)), lease_owner_(std::move(lease_owner)), done_elsewhere_(done) {}

single_flight::ticket::ticket(ticket&& other) noexcept
    : owner_(other.owner_),
      lock_(std::move(other.lock_)),
      lease_owner_(std::move(other.lease_owner_)),
      done_elsewhere_(other.done_elsewhere_) {
    other.lease_owner_.clear();
}

single_flight::ticket::~ticket() {
    if (!lease_owner_.empty()) (void)owner_->host_.release_lease(owner_->lease_name(), lease_owner_);
}

single_flight::ticket single_flight::enter(const std::string& lease_owner, const std::function<bool()>& done_elsewhere,
                                           std::int64_t deadline_ms) {
    std::unique_lock lock(mutex_, std::defer_lock);
    if (deadline_ms == 0) {
        lock.lock();
    } else {
        // The host's clock may be virtual: wait on the real one for as long as the host's says is left.
        const std::int64_t left = std::max<std::int64_t>(deadline_ms - host_.now_ms(), 0);
        if (!lock.try_lock_for(std::chrono::milliseconds(left))) return ticket(*this, std::move(lock), {}, false);
    }
    if (!host_.has_lease()) return ticket(*this, std::move(lock), {}, false);
    const std::string name = lease_name();
    std::int64_t waited = 0, pause = 25;
    while (true) {
        const status s = host_.acquire_lease(name, lease_owner, refresh_lease_ttl_ms);
        if (s == status::ok) return ticket(*this, std::move(lock), lease_owner, false);
        if (s != status::conflict || waited > refresh_lease_ttl_ms + 1000) {
            log_event(host_, log_level::warn, connection_id_, "refresh",
                      "refresh lease unavailable ({}); refreshing without it", status_name(s));
            return ticket(*this, std::move(lock), {}, false);
        }
        if (deadline_ms != 0 && host_.now_ms() + pause > deadline_ms) {
            lock.unlock();
            return ticket(*this, std::move(lock), {}, false);
        }
        host_.sleep_ms(pause);
        waited += pause;
        pause = std::min<std::int64_t>(pause * 2, 500);
        if (done_elsewhere()) return ticket(*this, std::move(lock), {}, true);
    }
}

}  // namespace tether::auth
