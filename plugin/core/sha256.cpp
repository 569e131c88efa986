// SHA-256 through OpenSSL's EVP_Digest.
#include "plugin/core/sha256.hpp"

#include "plugin/core/hex.hpp"

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
    return lower_hex(digest.data(), std::min(bytes, digest.size()));
}

}  // namespace tether
