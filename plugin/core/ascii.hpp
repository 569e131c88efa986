// ASCII case for protocol text (header names, media types, schemes): locale-free, and cheap enough for the
// path every call takes. One definition for the engine.
#pragma once

#include <algorithm>
#include <string_view>

namespace tether {

constexpr char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

}  // namespace tether
