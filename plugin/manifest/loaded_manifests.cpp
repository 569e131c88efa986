// The last few valid manifests this process loaded (see loaded_manifests.hpp).
#include "plugin/manifest/loaded_manifests.hpp"

#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

namespace tether::manifest::detail {

namespace {

constexpr std::size_t kept = 4;

struct loaded {
    std::string file_name;
    std::string text;
    std::shared_ptr<const connector_manifest> model;
};

struct loaded_list {
    std::mutex mutex;
    std::vector<loaded> recent;  // most recent last
};

// An object, not a pointer left to the process: a host that unloads libtether (dlclose) frees it with the
// library instead of leaking the kept models.
loaded_list& list() {
    static loaded_list instance;
    return instance;
}

}  // namespace

std::shared_ptr<const connector_manifest> loaded_earlier(std::string_view file_name, std::string_view text) {
    auto& l = list();
    std::lock_guard lock(l.mutex);
    const auto it = std::find_if(l.recent.begin(), l.recent.end(),
                                 [&](const loaded& e) { return e.file_name == file_name && e.text == text; });
    if (it == l.recent.end()) return nullptr;
    std::rotate(it, it + 1, l.recent.end());
    return l.recent.back().model;
}

void remember_loaded(std::string_view file_name, std::string_view text,
                     std::shared_ptr<const connector_manifest> model) {
    loaded entry{std::string(file_name), std::string(text), std::move(model)};
    auto& l = list();
    std::lock_guard lock(l.mutex);
    if (l.recent.size() >= kept) l.recent.erase(l.recent.begin());
    l.recent.push_back(std::move(entry));
}

}  // namespace tether::manifest::detail
