/* Base64 (RFC 4648) for tether and its hosts: the standard alphabet with padding (HTTP Basic credentials,
 * record keys in the environment), the URL-safe one without (PKCE, states), and a decoder that takes either.
 * Header-only so that a host reading TETHER_RECORD_KEY decodes it exactly as tether's own code would. */
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tether::sdk {

namespace base64_detail {

inline std::string encode_with(std::string_view bytes, const char* alphabet, bool pad) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    if (i < bytes.size()) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        if (i + 1 < bytes.size())
            out += alphabet[(v >> 6) & 63];
        else if (pad)
            out += '=';
        if (pad) out += '=';
    }
    return out;
}

inline int value_of(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

}  // namespace base64_detail

// Standard alphabet, padded.
inline std::string base64_encode(std::string_view bytes) {
    return base64_detail::encode_with(bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", true);
}

// URL-safe alphabet, unpadded.
inline std::string base64url_encode(std::string_view bytes) {
    return base64_detail::encode_with(bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false);
}

// Either alphabet, padding optional, surrounding whitespace ignored (a key pasted from a file keeps its
// newline). nullopt for anything else: a stray character, a wrong length, non-zero trailing bits.
inline std::optional<std::string> base64_decode(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\r' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r' || text.back() == '\t'))
        text.remove_suffix(1);
    std::size_t padding = 0;
    while (!text.empty() && text.back() == '=' && padding < 2) {
        text.remove_suffix(1);
        ++padding;
    }
    if (text.size() % 4 == 1 || (padding > 0 && (text.size() + padding) % 4 != 0)) return std::nullopt;
    std::string out;
    out.reserve(text.size() * 3 / 4);
    unsigned buffer = 0;
    int bits = 0;
    for (const char c : text) {
        const int v = base64_detail::value_of(c);
        if (v < 0) return std::nullopt;
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFFu);
        }
    }
    if ((buffer & ((1u << bits) - 1u)) != 0) return std::nullopt;  // a canonical encoding leaves them zero
    return out;
}

}  // namespace tether::sdk
