// The open connections of a connector, for its aggregated health: a health build pins the connections it
// reads, and a connection that closes waits until no build uses it.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <list>
#include <mutex>
#include <utility>
#include <vector>

namespace tether {

class connection;

// The open connections of a connector, for its aggregated health. A health build copies the list out under
// the lock and pins each connection it copied; a connection leaving waits until no build uses it, so it is
// never destroyed under one, while the lock itself is never held longer than a copy.
class connection_registry {
    struct entry {
        connection* open;
        int pins = 0;
        bool leaving = false;  // no new pin; its destructor waits for the pins already taken
    };

public:
    // One connection kept alive for a health build until the pin is destroyed. Move-only.
    class pin {
    public:
        pin(pin&& other) noexcept : registry_(std::exchange(other.registry_, nullptr)), entry_(other.entry_) {}
        pin& operator=(pin&&) = delete;
        ~pin() {
            if (registry_ != nullptr) registry_->unpin(entry_);
        }
        connection* operator->() const noexcept { return entry_->open; }

    private:
        friend class connection_registry;
        pin(connection_registry* registry, std::list<entry>::iterator e) : registry_(registry), entry_(e) {}
        connection_registry* registry_;
        std::list<entry>::iterator entry_;
    };

    void attach(connection* c) {
        std::lock_guard lock(mutex_);
        open_.push_back(entry{c});
    }

    // Blocks until every pin on `c` is released: called from the connection's destructor.
    void detach(connection* c) {
        std::unique_lock lock(mutex_);
        const auto e = std::find_if(open_.begin(), open_.end(), [c](const entry& x) { return x.open == c; });
        if (e == open_.end()) return;
        e->leaving = true;
        unpinned_.wait(lock, [&] { return e->pins == 0; });
        open_.erase(e);
    }

    // The connections open now (not those already leaving), each pinned.
    std::vector<pin> pin_open() {
        std::lock_guard lock(mutex_);
        std::vector<pin> pinned;
        pinned.reserve(open_.size());
        for (auto e = open_.begin(); e != open_.end(); ++e) {
            if (e->leaving) continue;
            ++e->pins;
            pinned.push_back(pin(this, e));
        }
        return pinned;
    }

private:
    void unpin(std::list<entry>::iterator e) {
        std::lock_guard lock(mutex_);
        if (--e->pins == 0 && e->leaving) unpinned_.notify_all();
    }

    std::mutex mutex_;
    std::condition_variable unpinned_;
    std::list<entry> open_;  // a list: a pin's iterator stays valid while other connections come and go
};

}  // namespace tether
