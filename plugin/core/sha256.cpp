// SHA-256 through OpenSSL's EVP_Digest.
#include "plugin/core/sha256.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

namespace tether {

sha256_digest sha256(std::string_view input) {
    sha256_digest digest{};
    unsigned int length = 0;
    if (EVP_Digest(input.data(), input.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 ||
        length != digest.size())
        throw std::runtime_error("SHA-256 is unavailable in libcrypto");
    return digest;
}

std::string to_hex(const sha256_digest& digest, std::size_t bytes) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    bytes = std::min(bytes, digest.size());
    out.reserve(bytes * 2);
    for (std::size_t i = 0; i < bytes; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 0xF]);
    }
    return out;
}

}  // namespace tether
