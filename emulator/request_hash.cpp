// SHA-256 and HMAC-SHA256 through OpenSSL, for the token endpoint's `hash` parameter and webhook signatures.
#include "request_hash.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace tether::emulator::detail {

namespace {
std::string lower_hex(const unsigned char* digest, unsigned int length) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 0x0f]);
    }
    return out;
}
}  // namespace

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("EVP_Digest(sha256) failed");
    return lower_hex(digest, length);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length) == nullptr)
        throw std::runtime_error("HMAC(sha256) failed");
    return lower_hex(digest, length);
}

std::string expected_token_hash(std::string_view client_secret, std::string_view code_or_refresh_token) {
    std::string input(client_secret);
    input += '|';
    input += code_or_refresh_token;
    return sha256_hex(input);
}

}  // namespace tether::emulator::detail
