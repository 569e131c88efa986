// Reading record keys from the environment.
#include "cli/record_keys.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

#include "tether/base64.hpp"

namespace tether_cli {

namespace {

std::optional<tether::sdk::record_key> key_of(std::string_view text) {
    const auto bytes = tether::sdk::base64_decode(text);
    if (!bytes || bytes->size() != 32) return std::nullopt;
    tether::sdk::record_key key{};
    std::copy(bytes->begin(), bytes->end(), reinterpret_cast<char*>(key.data()));
    return key;
}

const char* const key_shape = "base64 of 32 bytes (e.g. the output of `openssl rand -base64 32`)";

}  // namespace

std::variant<tether::sdk::record_keys, std::string> record_keys_from(const char* current, const char* previous) {
    tether::sdk::record_keys keys;
    if (current != nullptr && *current != '\0') {
        keys.current = key_of(current);
        if (!keys.current) return std::string("TETHER_RECORD_KEY is not ") + key_shape;
    }
    if (previous != nullptr && *previous != '\0') {
        if (!keys.current)
            return std::string("TETHER_RECORD_KEY_PREVIOUS is set but TETHER_RECORD_KEY is not: set the current key "
                               "too (records are sealed with it; previous keys only open older ones)");
        std::string_view rest = previous;
        for (int index = 1; !rest.empty(); ++index) {
            const auto comma = rest.find(',');
            const auto item = rest.substr(0, comma);
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            auto key = key_of(item);
            if (!key)
                return "TETHER_RECORD_KEY_PREVIOUS: key " + std::to_string(index) + " is not " + key_shape;
            keys.previous.push_back(*key);
        }
    }
    return keys;
}

}  // namespace tether_cli
