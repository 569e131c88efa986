// A problem found in a manifest, located by file, line and column, and its one-line text form.
#pragma once

#include <string>

namespace tether::manifest {

struct diagnostic {
    std::string file;
    int line = 0;    // 1-based; 0 when the problem has no position (the file cannot be read)
    int column = 0;  // 1-based; 0 when line is 0
    std::string message;
};

// "file:line:col: message", or "file: message" for a diagnostic without a position.
// Messages never contain the value of a secret setting.
std::string to_string(const diagnostic& d);

}  // namespace tether::manifest
