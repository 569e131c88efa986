// Smartsheet's 17 OAuth scopes, and parsing the space-separated scope parameter of /b/authorize.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::emulator::detail {

bool is_known_scope(std::string_view scope);
// Splits "READ_SHEETS WRITE_SHEETS" (spaces, '+' or commas); nullopt if empty or any name is unknown.
std::optional<std::vector<std::string>> parse_scopes(std::string_view text);
bool has_scope(const std::vector<std::string>& granted, std::string_view wanted);

}  // namespace tether::emulator::detail
