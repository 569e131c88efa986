// Lowercase hex of a digest: how Smartsheet writes its token request hash and its webhook signatures.
#pragma once

#include <cstddef>
#include <string>

namespace tether {

inline std::string lower_hex(const unsigned char* bytes, std::size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out.push_back(digits[bytes[i] >> 4]);
        out.push_back(digits[bytes[i] & 0x0f]);
    }
    return out;
}

}  // namespace tether
