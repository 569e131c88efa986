// Records sealed at rest: AES-256-GCM with a fresh 96-bit nonce per write and the connection id as
// associated data (a sealed record copied under another connection's key does not open), in a small JSON
// envelope that names the key it was sealed with, so keys rotate: one current key seals, older keys still open.
// Pure functions of their inputs (the nonce is given), so every case is tested without storage.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "plugin/core/wipe.hpp"

namespace tether::record {

inline constexpr std::size_t record_key_size = 32;
inline constexpr std::size_t seal_nonce_size = 12;

struct record_key {
    wiped_string bytes;  // record_key_size bytes
    std::string id;      // 8 hex characters derived from the key: names it without revealing it
};

// The keys of a connector: the first seals, all of them open. Empty: records are stored as they are.
class record_keyring {
public:
    record_keyring() = default;
    // Each key must be record_key_size bytes (checked by the caller that reads the host's options).
    explicit record_keyring(std::vector<std::string_view> keys_current_first);

    bool seals() const noexcept { return !keys_.empty(); }
    const record_key& current() const { return keys_.front(); }
    const record_key* find(std::string_view id) const noexcept;
    std::vector<std::string> ids() const;

private:
    std::vector<record_key> keys_;
};

// The key id of a key: the first 4 bytes of SHA-256("tether record key" || key), in hex.
std::string record_key_id(std::string_view key);

// True when the stored text is a sealed envelope (whatever the key).
bool is_sealed(std::string_view stored);

// The envelope of `plaintext`, sealed with `key` for `connection_id`.
std::string seal_record(std::string_view plaintext, std::string_view connection_id, const record_key& key,
                        std::span<const std::byte, seal_nonce_size> nonce);

struct seal_problem {
    std::string reason;   // record_key_missing, record_key_unknown, record_seal_invalid
    std::string message;  // names the key id and what to do; never key material
};

// The plaintext of a stored record: sealed ones are opened with the keyring; unsealed ones (written before
// keys were configured) are returned as they are, to be sealed on their next write.
std::variant<wiped_string, seal_problem> open_record(std::string_view stored, std::string_view connection_id,
                                                     const record_keyring& keys);

}  // namespace tether::record
