// Watches what the record test executable gives back to the allocator: while a watch lives, every block freed
// through operator delete is searched for the secrets it was given (global operator new/delete are replaced in
// freed_memory_watch.cpp, out of sight of the code they watch).
#pragma once

#include <initializer_list>
#include <string_view>

namespace tether_test {

class freed_memory_watch {
public:
    // The secrets must outlive the watch and live outside the heap (string literals).
    explicit freed_memory_watch(std::initializer_list<std::string_view> secrets);
    ~freed_memory_watch();
    freed_memory_watch(const freed_memory_watch&) = delete;
    freed_memory_watch& operator=(const freed_memory_watch&) = delete;

    // How many freed blocks still held one of the secrets.
    int blocks_freed_with_a_secret() const;
};

}  // namespace tether_test
