// The defaults for the optional host services: the system clock, a real sleep, the OS CSPRNG.
#include "plugin/host/system_services.hpp"

#include <openssl/rand.h>

#include <chrono>
#include <climits>
#include <thread>

namespace tether {

std::int64_t system_now_ms() noexcept {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

void system_sleep_ms(std::int64_t ms) noexcept {
    if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

status system_random_bytes(std::span<std::byte> out) noexcept {
    auto* data = reinterpret_cast<unsigned char*>(out.data());
    std::size_t left = out.size();
    while (left > 0) {
        const int chunk = left > INT_MAX ? INT_MAX : static_cast<int>(left);
        if (RAND_bytes(data, chunk) != 1) return status::host_error;
        data += chunk;
        left -= static_cast<std::size_t>(chunk);
    }
    return status::ok;
}

}  // namespace tether
