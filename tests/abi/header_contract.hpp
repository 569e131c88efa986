// Reads the status contract out of tether.h: for each exported function returning a tether_status, the
// statuses its comment's "Returns" list names. The header is the host's manual; the tests hold the code to it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "tether/tether.h"

namespace tether_test {

struct header_contract {
    std::map<std::string, std::set<tether_status>> returns;  // function name → the statuses its comment lists
    std::vector<std::string> problems;                       // one line per comment that has no parsable list
};

// Parses a header text. For every `TETHER_API tether_status tether_…(` declaration (except the accessor
// tether_result_status, which hands back a verb's status rather than producing one), the comment that ends
// right before it must hold one "Returns" list: it starts at the word "Returns" (followed by a space or a
// colon) and ends at the first full stop outside parentheses and quotes, or at the end of the comment. The
// list is the TETHER_* names it holds outside parentheses and quotes; parentheses explain (reasons, when).
header_contract parse_header_contract(std::string_view header);

// "TETHER_RECONNECT_REQUIRED" ↔ TETHER_RECONNECT_REQUIRED, from the library's own status names.
std::optional<tether_status> status_of(std::string_view name);
std::string status_constant(tether_status status);

// The text of the file at `path`; throws std::runtime_error when it cannot be read.
std::string read_text_file(const std::string& path);

}  // namespace tether_test
