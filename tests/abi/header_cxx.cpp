// Compiled as C++17 and C++20 with -Wall -Wextra -pedantic -Werror: the public headers must be clean C++.
#include "tether/tether.h"
#include "tether/tether.hpp"
#include "tether/extension.hpp"

int tether_header_cxx_check();

int tether_header_cxx_check() {
    tether_host host = TETHER_HOST_INIT;
    tether::sdk::host_services services;
    tether::ext::extension ext("check");
    ext.request_hook("noop", [](tether::ext::context&) { return TETHER_OK; });
    return static_cast<int>(host.struct_size) + services.log_level + static_cast<int>(ext.table()->struct_size);
}
