// Reads a host-filled struct that starts with `size_t struct_size`: the fields the host's struct covers are
// copied, the rest keep their zero defaults. This is what lets a host built against ABI 1.0 run with a 1.x
// library whose structs have grown at the end.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <optional>

namespace tether::abi {

// `min_size` is the size of the struct in ABI 1.0 (the smallest any host can pass). Returns nullopt when the
// pointer is NULL or the host's struct is smaller than that.
template <class T>
std::optional<T> read_versioned(const T* in, std::size_t min_size) {
    if (in == nullptr || in->struct_size < min_size) return std::nullopt;
    T out{};
    std::memcpy(static_cast<void*>(&out), static_cast<const void*>(in), std::min(in->struct_size, sizeof(T)));
    out.struct_size = sizeof(T);
    return out;
}

}  // namespace tether::abi
