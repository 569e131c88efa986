// A mutex whose wait can end at a deadline. std::timed_mutex would do, but libstdc++ implements its timed
// wait with pthread_mutex_clocklock, which ThreadSanitizer (GCC 12) does not intercept: it then reports every
// unlock as an unlock of an unlocked mutex. A flag guarded by a plain mutex and a condition variable is seen.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace tether {

// Meets Lockable and TimedLockable for what tether needs (std::unique_lock's lock, try_lock_for, unlock).
class deadline_mutex {
public:
    void lock() {
        std::unique_lock guard(state_);
        freed_.wait(guard, [this] { return !held_; });
        held_ = true;
    }
    bool try_lock() {
        std::lock_guard guard(state_);
        if (held_) return false;
        held_ = true;
        return true;
    }
    template <class Rep, class Period>
    bool try_lock_for(const std::chrono::duration<Rep, Period>& wait) {
        std::unique_lock guard(state_);
        if (!freed_.wait_for(guard, wait, [this] { return !held_; })) return false;
        held_ = true;
        return true;
    }
    void unlock() {
        {
            std::lock_guard guard(state_);
            held_ = false;
        }
        freed_.notify_one();
    }

private:
    std::mutex state_;
    std::condition_variable freed_;
    bool held_ = false;
};

}  // namespace tether
