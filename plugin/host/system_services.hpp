// The defaults for the optional host services: the system clock, a real sleep, the OS CSPRNG.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "plugin/core/status.hpp"

namespace tether {

std::int64_t system_now_ms() noexcept;
void system_sleep_ms(std::int64_t ms) noexcept;
status system_random_bytes(std::span<std::byte> out) noexcept;

}  // namespace tether
