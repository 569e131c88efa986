// JSON pointer syntax check (for the loader) and look-up (for the engine), without exceptions.
#include "plugin/manifest/json_pointer.hpp"

namespace tether::manifest {

std::optional<std::string> json_pointer_problem(std::string_view pointer) {
    if (pointer.empty() || pointer.front() != '/')
        return std::string("must be a JSON pointer starting with '/' (e.g. /errorCode)");
    for (std::size_t i = 0; i < pointer.size(); ++i) {
        if (pointer[i] != '~') continue;
        if (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1'))
            return std::string("has '~' not followed by 0 or 1 (write ~0 for '~' and ~1 for '/')");
    }
    return std::nullopt;
}

const boost::json::value* find_at(const boost::json::value& doc, std::string_view pointer) noexcept {
    if (json_pointer_problem(pointer)) return nullptr;
    boost::system::error_code ec;
    const boost::json::value* found = doc.find_pointer(boost::json::string_view(pointer.data(), pointer.size()), ec);
    return ec ? nullptr : found;
}

}  // namespace tether::manifest
