// A gzip body far smaller than what it inflates to: what a hostile or broken server can send a client that
// accepts compressed answers. Built by hand (fixed-Huffman deflate, no compression library).
#pragma once

#include <cstdint>
#include <string>

namespace tether::emulator::detail {

// A gzip member that inflates to exactly `inflated_bytes` (at least 2) bytes: spaces, then "{}" — valid JSON
// for a client that reads it all. About 1/160 of the inflated size.
std::string gzip_bomb(std::int64_t inflated_bytes);

}  // namespace tether::emulator::detail
