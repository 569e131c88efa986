// A parsed manifest's YAML (yaml_documents: the tree with every node's tag, text and position, the document
// count) as bytes and back. The bundled manifests are parsed when tether is built and kept in the library as
// such images (bundled_manifests.hpp): reading an image is a copy, where yaml-cpp's scanner spends
// milliseconds on the same text. Internal to plugin/manifest.
#pragma once

#include <string>
#include <string_view>

#include "plugin/manifest/yaml_documents.hpp"

namespace tether::manifest::detail {

std::string write_yaml_image(const yaml_documents& documents);

// Throws std::runtime_error naming the offset when `image` is not what write_yaml_image wrote.
yaml_documents read_yaml_image(std::string_view image);

}  // namespace tether::manifest::detail
