// Refusing parameter values that would change a request's meaning on the wire (header splitting, traversal).
#include "plugin/call/request_guard.hpp"

#include <algorithm>

namespace tether::call {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const int hi = hex_value(text[i + 1]);
            const int lo = hex_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

bool has_dot_segment(std::string_view text) {
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find_first_of("/\\", start), text.size());
        const std::string_view segment = text.substr(start, end - start);
        if (segment == "." || segment == "..") return true;
        start = end + 1;
    }
    return false;
}

// Whether a string value, or a string in a list value, fails `unsafe` (numbers and booleans are always safe).
bool any_string(const boost::json::value& v, bool (*unsafe)(std::string_view)) {
    if (v.is_string()) return unsafe(v.get_string());
    if (v.is_array())
        return std::any_of(v.get_array().begin(), v.get_array().end(),
                           [&](const boost::json::value& e) { return e.is_string() && unsafe(e.get_string()); });
    return false;
}

}  // namespace

bool has_line_break_or_nul(std::string_view text) {
    return text.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

bool path_value_unsafe(std::string_view value) {
    std::string text(value);
    // Three rounds cover double and triple encoding; a value still changing after that is refused as well.
    for (int round = 0; round < 4; ++round) {
        if (has_line_break_or_nul(text) || has_dot_segment(text)) return true;
        std::string decoded = percent_decode(text);
        if (decoded == text) return false;
        text = std::move(decoded);
    }
    return true;
}

std::optional<std::string> unsafe_parameter(const manifest::operation& op, const boost::json::object& params) {
    for (const auto& entry : params) {
        const std::string_view name(entry.key());
        const auto subject = [&] { return "parameter '" + std::string(name) + "' of operation '" + op.name + "'"; };
        if (any_string(entry.value(), &has_line_break_or_nul)) return subject() + " must not contain CR, LF or NUL";
        const manifest::param* p = op.find_param(name);
        if (p == nullptr || p->in != manifest::param_location::path) continue;
        if (entry.value().is_string() && entry.value().get_string().empty())
            return subject() + " must not be empty (it is a path segment)";
        if (any_string(entry.value(), &path_value_unsafe))
            return subject() + " must not be or contain a '.' or '..' path segment, even percent-encoded";
    }
    return std::nullopt;
}

}  // namespace tether::call
