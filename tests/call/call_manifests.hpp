// Manifests for the call tests: the Smartsheet manifest, and the same with a test operation whose path
// parameter is a free string (Smartsheet's are all integers) and which takes a header parameter.
#pragma once

#include <catch2/catch.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "plugin/manifest/manifest.hpp"

namespace tether_call_test {

inline std::string read_text(const std::string& path) {
    std::string all;
    if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
        char buf[4096];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) all.append(buf, n);
        std::fclose(f);
    }
    return all;
}

// `operations:` is the manifest's last section, so an operation appended to the text joins it.
inline std::shared_ptr<const tether::manifest::connector_manifest> smartsheet_with_files() {
    static const auto loaded = [] {
        std::string text = read_text(std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml");
        text += R"(
  files.get:
    method: GET
    path: /files/{name}
    params:
      name: {in: path, type: string}
      X-Trace: {in: header, type: string}
      q: {in: query, type: string}
      tags: {in: query, type: string_list}
)";
        return tether::manifest::load_manifest_text(text, "smartsheet_with_files.yaml");
    }();
    for (const auto& d : loaded.diagnostics) UNSCOPED_INFO(tether::manifest::to_string(d));
    REQUIRE(loaded.manifest);
    return loaded.manifest;
}

}  // namespace tether_call_test
