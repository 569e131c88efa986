// Seeded randomness for tokens, codes, secrets and refIds.
#include "random_source.hpp"

namespace tether::emulator::detail {

namespace {
constexpr std::string_view alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

std::string base36(std::uint64_t n) {
    std::string out;
    do {
        out.insert(out.begin(), alphabet[n % 36]);
        n /= 36;
    } while (n != 0);
    return out;
}
}  // namespace

std::string random_source::alphanumeric(std::size_t length) {
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::string out(length, '0');
    for (char& c : out) c = alphabet[pick(engine_)];
    return out;
}

std::string random_source::ref_id() {
    // Random head for the look, a counter tail for uniqueness.
    return alphanumeric(8) + base36(++ref_ids_issued_);
}

}  // namespace tether::emulator::detail
