// Text form of a diagnostic, in the form compilers use so that editors can jump to it.
#include "plugin/manifest/diagnostic.hpp"

#include <fmt/format.h>

namespace tether::manifest {

std::string to_string(const diagnostic& d) {
    if (d.line <= 0) return fmt::format("{}: {}", d.file, d.message);
    return fmt::format("{}:{}:{}: {}", d.file, d.line, d.column, d.message);
}

}  // namespace tether::manifest
