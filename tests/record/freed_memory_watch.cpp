// The replaced global operator new/delete of the record test executable, and the search of freed blocks.
#include "tests/record/freed_memory_watch.hpp"

#include <malloc.h>

#include <array>
#include <cstdlib>
#include <new>

namespace tether_test {

namespace {

std::array<std::string_view, 4> watched{};
std::size_t watched_count = 0;
int found = 0;
bool watching = false;

void inspect(const void* block, std::size_t size) {
    if (!watching || block == nullptr) return;
    const std::string_view bytes(static_cast<const char*>(block), size);
    for (std::size_t i = 0; i < watched_count; ++i)
        if (bytes.find(watched[i]) != std::string_view::npos) ++found;
}

}  // namespace

freed_memory_watch::freed_memory_watch(std::initializer_list<std::string_view> secrets) {
    watched_count = 0;
    for (const auto secret : secrets)
        if (watched_count < watched.size()) watched[watched_count++] = secret;
    found = 0;
    watching = true;
}

freed_memory_watch::~freed_memory_watch() {
    watching = false;
}

int freed_memory_watch::blocks_freed_with_a_secret() const {
    return found;
}

}  // namespace tether_test

void* operator new(std::size_t size) {
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}

void operator delete(void* p) noexcept {
    tether_test::inspect(p, p != nullptr ? malloc_usable_size(p) : 0);
    std::free(p);
}

void operator delete(void* p, std::size_t size) noexcept {
    tether_test::inspect(p, size);
    std::free(p);
}
