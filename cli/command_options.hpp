// A command's own options (--name VALUE, --flag, positional words), checked against the command's table entry,
// and the strict readers of their values: integers within a range, and `-` for standard input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tether_cli {

// One option of a command; `value_form` is empty for a flag ("--force"), else the form of its value ("N").
struct option_spec {
    std::string_view name;
    std::string_view value_form;
};

struct command_options {
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> values;  // in order; an option may repeat
    std::vector<std::string> flags;

    const std::string* value(std::string_view name) const;  // the last one given
    bool flag(std::string_view name) const;
};

// Parses `words` against `specs`. An unknown option or a missing value is an error naming the option and the
// form expected.
std::optional<command_options> parse_command_options(std::string_view command, const std::vector<std::string>& words,
                                                     const std::vector<option_spec>& specs, std::string& error);

// The whole text as a base-10 integer in [min, max], or an error naming `option` and the range.
// A body from --body: the text itself, or @FILE. A file is read only up to the limit, so that a huge file (or
// /dev/zero) is refused instead of filling memory.
inline constexpr std::size_t max_body_file_bytes = std::size_t{16} * 1024 * 1024;
std::optional<std::string> read_body_option(const std::string& spec, std::string& error);

std::optional<std::int64_t> parse_integer(std::string_view option, std::string_view text, std::int64_t min,
                                          std::int64_t max, std::string& error);

// `-` reads one line from standard input (without its line end), keeping the value out of `ps` and the shell
// history; any other text is the value itself.
std::optional<std::string> value_or_stdin(std::string_view option, const std::string& value, std::string& error);

}  // namespace tether_cli
