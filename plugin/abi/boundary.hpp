// The C boundary: every exported verb runs its C++ body through `guarded`, which catches everything and
// turns the outcome into a status and (when asked for) a tether_result. Nothing C++ escapes.
#pragma once

#include <exception>
#include <new>

#include "plugin/abi/handles.hpp"

namespace tether::abi {

inline tether_status to_c(status s) noexcept { return static_cast<tether_status>(s); }

// Hands `o` to the host as a result (when `out` is not NULL) and returns its status. If the result cannot be
// allocated, *out stays NULL and the status is still returned.
inline tether_status deliver(outcome&& o, tether_result** out) noexcept {
    const tether_status code = to_c(o.code);
    if (out != nullptr) *out = new (std::nothrow) tether_result(std::move(o));
    return code;
}

// Runs `body` (a callable returning tether::outcome) with every exception translated to TETHER_INTERNAL.
// Our own exception texts never carry secrets (they name things, not values), and the libraries we use
// (Boost.JSON, yaml-cpp, libcurl) do not echo their input in theirs.
template <class Body>
tether_status guarded(tether_result** out, Body&& body) noexcept {
    if (out != nullptr) *out = nullptr;
    try {
        return deliver(body(), out);
    } catch (const std::bad_alloc&) {
        return to_c(status::internal);
    } catch (const std::exception& e) {
        try {
            return deliver(outcome::failure(status::internal, "exception",
                                            std::string("tether internal error: ") + e.what()),
                           out);
        } catch (...) {
            return to_c(status::internal);
        }
    } catch (...) {
        try {
            return deliver(outcome::failure(status::internal, "exception",
                                            "tether hit an unexpected internal error; please report it"),
                           out);
        } catch (...) {
            return to_c(status::internal);
        }
    }
}

inline outcome invalid_argument(const char* function, const char* what) {
    return outcome::failure(status::host_error, "invalid_argument", std::string(function) + ": " + what);
}

}  // namespace tether::abi
