// The gzip bomb: one fixed-Huffman deflate block (RFC 1951 §3.2.6) of a space, then back-references of 258
// bytes at distance 1 (13 bits each), the rest as literals, in a gzip member (RFC 1952) with its CRC-32.
#include "gzip_bomb.hpp"

#include <algorithm>
#include <array>
#include <string>

#include <zlib.h>

namespace tether::emulator::detail {

namespace {

// Deflate's bit order: header fields least significant bit first, Huffman codes most significant bit first.
class bit_writer {
public:
    void bits_lsb_first(std::uint32_t value, int count) {
        for (int i = 0; i < count; ++i) bit((value >> i) & 1u);
    }
    void code_msb_first(std::uint32_t code, int length) {
        for (int i = length - 1; i >= 0; --i) bit((code >> i) & 1u);
    }
    // A literal byte (0-143 in the fixed code: 8 bits, 0x30 + value).
    void literal(unsigned char c) { code_msb_first(0x30u + c, 8); }
    std::string finish() {
        if (used_ != 0) out_.push_back(static_cast<char>(current_));
        return std::move(out_);
    }

private:
    void bit(std::uint32_t b) {
        current_ |= static_cast<unsigned char>(b << used_);
        if (++used_ == 8) {
            out_.push_back(static_cast<char>(current_));
            current_ = 0;
            used_ = 0;
        }
    }
    std::string out_;
    unsigned char current_ = 0;
    int used_ = 0;
};

void little_endian_32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xffu));
}

}  // namespace

std::string gzip_bomb(std::int64_t inflated_bytes) {
    const std::int64_t spaces = std::max<std::int64_t>(inflated_bytes, 2) - 2;
    bit_writer w;
    w.bits_lsb_first(1, 1);  // BFINAL
    w.bits_lsb_first(1, 2);  // BTYPE 01: fixed Huffman codes
    std::int64_t written = 0;
    if (spaces > 0) {
        w.literal(' ');
        written = 1;
    }
    for (; spaces - written >= 258; written += 258) {
        w.code_msb_first(0xC5, 8);  // length code 285: 258 bytes, no extra bits
        w.code_msb_first(0, 5);     // distance code 0: distance 1, no extra bits
    }
    for (; written < spaces; ++written) w.literal(' ');
    w.literal('{');
    w.literal('}');
    w.code_msb_first(0, 7);  // end of block (256)

    // zlib's CRC-32 over a block of spaces at a time: byte by byte, 300 MiB took seconds under ASan.
    static const std::string block(64 * 1024, ' ');
    uLong zcrc = crc32(0L, Z_NULL, 0);
    for (std::int64_t left = spaces; left > 0; left -= static_cast<std::int64_t>(block.size()))
        zcrc = crc32(zcrc, reinterpret_cast<const Bytef*>(block.data()),
                     static_cast<uInt>(std::min<std::int64_t>(left, static_cast<std::int64_t>(block.size()))));
    zcrc = crc32(zcrc, reinterpret_cast<const Bytef*>("{}"), 2);
    const auto crc = static_cast<std::uint32_t>(zcrc);

    std::string out{'\x1f', '\x8b', '\x08', '\0', '\0', '\0', '\0', '\0', '\0', '\xff'};  // no name, no time
    out += w.finish();
    little_endian_32(out, crc);
    little_endian_32(out, static_cast<std::uint32_t>(spaces + 2));  // ISIZE: the size modulo 2^32
    return out;
}

}  // namespace tether::emulator::detail
