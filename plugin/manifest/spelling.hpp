// "Did you mean ...?" suggestions for misspelt keys, words and names.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace tether::manifest::detail {

// The closest of `candidates` to `word` if it is a plausible typo (edit distance ≤ 2 and at most half the
// word), else an empty string.
std::string closest(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace tether::manifest::detail
