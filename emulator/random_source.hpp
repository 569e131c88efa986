// Seeded randomness for tokens, codes, secrets and refIds: deterministic for a given seed.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace tether::emulator::detail {

// Not synchronised: it lives in emulator_state, under the state's mutex.
class random_source {
public:
    explicit random_source(std::uint64_t seed) : engine_(seed) {}

    // Lowercase letters and digits, like Smartsheet's tokens ("ll352u9jujauoqz4gstvsae05").
    std::string alphanumeric(std::size_t length);
    // A Smartsheet-looking refId ("1ml7ra3b0ewxb"); unique for the life of the emulator.
    std::string ref_id();

private:
    std::mt19937_64 engine_;
    std::uint64_t ref_ids_issued_ = 0;
};

}  // namespace tether::emulator::detail
