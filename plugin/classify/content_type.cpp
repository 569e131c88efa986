// Whether a 2xx answer is what an operation expects: JSON, or no body.
#include "plugin/classify/content_type.hpp"

#include <string>

#include "plugin/core/ascii.hpp"

namespace tether::classify {

namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

bool is_json_media_type(std::string_view content_type) {
    const std::string_view media = trimmed(content_type.substr(0, content_type.find(';')));
    const auto slash = media.find('/');
    if (slash == std::string_view::npos || slash == 0) return false;
    const std::string_view subtype = media.substr(slash + 1);
    return equals_ignoring_case(media, "application/json") ||
           (subtype.size() > 5 && equals_ignoring_case(subtype.substr(subtype.size() - 5), "+json"));
}

bool acceptable_success(const http::response& r) {
    if (r.body.empty()) return true;
    const std::string* content_type = r.find_header("Content-Type");
    return content_type != nullptr && is_json_media_type(*content_type);
}

}  // namespace tether::classify
