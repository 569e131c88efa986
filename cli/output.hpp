// What the CLI prints: results as one JSON object on stdout (indented when a person reads a terminal), and on
// stderr what happened and what to do about it.
#pragma once

#include <string>
#include <string_view>

#include "tether/tether.hpp"

namespace tether_cli {

// How to print JSON on stdout: compact always (for scripts), or indented when stdout is a terminal.
enum class json_layout { compact, indented_on_terminal };

// Prints "tether: MESSAGE" and a pointer to the help of `command` (or the overall help) on stderr; returns 2.
int usage_error(const std::string& message, std::string_view command = {});

// Prints the result as one JSON object, and for a failure a line on stderr with what to do; returns the exit
// code of its status. `since`: when tether found that the connection needs a person (ISO time), if known.
int report(const tether::sdk::result& r, json_layout layout = json_layout::compact, std::string_view since = {});

// Prints a JSON text on stdout in the given layout.
void print_json(std::string_view json, json_layout layout);

// The next step for the person at the shell, for a failed result: "run `tether authorize-url` to reconnect", …
// Pure.
std::string advice_for(tether::sdk::status outcome, std::string_view reason, std::string_view resource_kind,
                       std::string_view resource_id, std::string_view since = {});

// JSON indented by two spaces per level. Pure.
std::string indented_json(std::string_view json);

}  // namespace tether_cli
