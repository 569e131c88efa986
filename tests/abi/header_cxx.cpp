// Compiled as C++17 and C++20 with -Wall -Wextra -pedantic -Werror: both public headers must be clean C++.
#include "tether/tether.h"
#include "tether/tether.hpp"

int tether_header_cxx_check();

int tether_header_cxx_check() {
    tether_host host = TETHER_HOST_INIT;
    tether::sdk::host_services services;
    return static_cast<int>(host.struct_size) + services.log_level;
}
