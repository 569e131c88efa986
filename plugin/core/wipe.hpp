// The one way tether wipes secrets from memory: `wipe()` zeroes a string's whole buffer (OPENSSL_cleanse, which
// the optimizer may not drop), and `wiped_string` is a std::string that does so when it dies or is reused.
//
// Best effort, and only that: a std::string that grows reallocates and frees its old buffer unwiped; a copy
// into a plain std::string (or a string_view kept past the owner, a JSON value, a libcurl buffer) is not
// covered; and pages may already have been swapped out. What it covers: the values that carry tokens —
// the record, the token endpoint's grant, HTTP requests — leave none of their own bytes behind when released.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace tether {

// Zeroes every byte of the string's buffer (its capacity, not only its size) and empties it.
void wipe(std::string& secret) noexcept;
// Zeroes `size` bytes at `data` (a buffer tether does not own as a string, such as libcurl's header list).
void wipe(char* data, std::size_t size) noexcept;

// A std::string for secrets: wiped when destroyed and before it is assigned over. Copyable and movable like the
// string it is (a moved-from value is empty; each copy is wiped when it dies); reads as a std::string anywhere.
class wiped_string : public std::string {
public:
    using std::string::string;
    wiped_string() noexcept = default;
    // Implicit, as a secret arrives as a plain string. (So `flag ? wiped : std::string()` is ambiguous: say
    // which string the result is.)
    wiped_string(const std::string& s) : std::string(s) {}                 // NOLINT(google-explicit-constructor)
    wiped_string(std::string&& s) noexcept : std::string(std::move(s)) {}  // NOLINT(google-explicit-constructor)
    wiped_string(const wiped_string& other) : std::string(other) {}
    wiped_string(wiped_string&& other) noexcept : std::string(std::move(other)) {}
    ~wiped_string() { wipe(*this); }

    wiped_string& operator=(const wiped_string& other) {
        if (this != &other) assign_wiped(other);
        return *this;
    }
    wiped_string& operator=(wiped_string&& other) noexcept {
        if (this != &other) {
            wipe(*this);
            std::string::operator=(std::move(other));
        }
        return *this;
    }
    wiped_string& operator=(const std::string& s) {
        assign_wiped(s);
        return *this;
    }
    wiped_string& operator=(std::string&& s) noexcept {
        wipe(*this);
        std::string::operator=(std::move(s));
        return *this;
    }
    wiped_string& operator=(const char* s) {
        assign_wiped(s);
        return *this;
    }

private:
    // Text that lives in this very buffer is assigned as std::string does it (nothing leaves the buffer).
    void assign_wiped(std::string_view text) {
        const bool inside = !text.empty() && text.data() >= data() && text.data() < data() + capacity();
        if (!inside) wipe(*this);
        std::string::assign(text.data(), text.size());
    }
};

}  // namespace tether
