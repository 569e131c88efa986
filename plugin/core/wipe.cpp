// Wiping a secret's buffer with OPENSSL_cleanse, which the compiler cannot optimize away.
#include "plugin/core/wipe.hpp"

#include <openssl/crypto.h>

namespace tether {

void wipe(std::string& secret) noexcept {
    // data() .. data() + capacity() is the buffer the string owns (in the object itself for short strings).
    OPENSSL_cleanse(secret.data(), secret.capacity());
    secret.clear();
}

void wipe(char* data, std::size_t size) noexcept { OPENSSL_cleanse(data, size); }

}  // namespace tether
