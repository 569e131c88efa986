// The record keys of the CLI: TETHER_RECORD_KEY (base64 of 32 bytes) seals what the CLI writes, and
// TETHER_RECORD_KEY_PREVIOUS (base64 keys separated by commas) opens records sealed before a rotation. Keys
// come only from the environment, never from the command line, where every user of the machine can read them.
#pragma once

#include <string>
#include <variant>

#include "tether/tether.hpp"

namespace tether_cli {

// The keys given by the two variables (either may be NULL: unset), or what is wrong with them — the message
// names the variable and never holds key material.
std::variant<tether::sdk::record_keys, std::string> record_keys_from(const char* current, const char* previous);

}  // namespace tether_cli
