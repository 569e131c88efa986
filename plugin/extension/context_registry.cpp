// Ids never repeat within a process (a 64-bit counter), so an ended context's handle cannot come to name a
// new one.
#include "plugin/extension/context_registry.hpp"

#include <unordered_map>

namespace tether::extension {

namespace {

struct registry {
    std::mutex lock;
    std::uintptr_t next = 0x7e70000;  // never 0: NULL is never a context
    std::unordered_map<std::uintptr_t, std::shared_ptr<context_state>> live;
};

registry& contexts() {
    static registry* instance = new registry;  // never destroyed: usable from any static destructor
    return *instance;
}

std::uintptr_t id_of(tether_extension_context* handle) {
    return reinterpret_cast<std::uintptr_t>(handle);
}

}  // namespace

registered_context::registered_context(std::shared_ptr<context_state> state) : state_(std::move(state)) {
    registry& r = contexts();
    std::lock_guard guard(r.lock);
    const std::uintptr_t id = (r.next += 8);
    r.live.emplace(id, state_);
    handle_ = reinterpret_cast<tether_extension_context*>(id);
}

registered_context::~registered_context() {
    {
        registry& r = contexts();
        std::lock_guard guard(r.lock);
        r.live.erase(id_of(handle_));
    }
    // Another thread may have found the state just before: it sees `ended` once it holds the lock.
    std::lock_guard guard(state_->lock);
    state_->ended = true;
}

std::shared_ptr<context_state> find_context(tether_extension_context* handle) {
    if (handle == nullptr) return nullptr;
    registry& r = contexts();
    std::lock_guard guard(r.lock);
    const auto it = r.live.find(id_of(handle));
    return it == r.live.end() ? nullptr : it->second;
}

}  // namespace tether::extension
