// HMAC-SHA256 through OpenSSL's libcrypto; CRYPTO_memcmp keeps the comparison's time independent of where a
// forged signature first differs, so that a signature cannot be guessed byte by byte.
#include "plugin/webhook/hmac_signature.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>
#include <stdexcept>

#include "plugin/core/hex.hpp"

namespace tether::webhook {

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length) == nullptr)
        throw std::runtime_error("HMAC-SHA256 failed in libcrypto");
    std::string out = lower_hex(digest, length);
    OPENSSL_cleanse(digest, sizeof digest);
    return out;
}

bool signature_matches(std::string_view secret, std::string_view body, std::string_view presented) {
    while (!presented.empty() && std::isspace(static_cast<unsigned char>(presented.front())))
        presented.remove_prefix(1);
    while (!presented.empty() && std::isspace(static_cast<unsigned char>(presented.back()))) presented.remove_suffix(1);
    const std::string expected = hmac_sha256_hex(secret, body);
    if (presented.size() != expected.size()) return false;
    std::string normalized(presented);
    for (char& c : normalized) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return CRYPTO_memcmp(normalized.data(), expected.data(), expected.size()) == 0;
}

}  // namespace tether::webhook
