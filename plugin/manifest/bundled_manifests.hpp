// The manifests shipped in manifests/, parsed when tether is built (the image tool, image_tool.cpp) and kept in
// the library with their exact text. A text that is byte for byte a bundled manifest is read from its image
// instead of being parsed again: a short-lived host (the CLI, a one-shot job) pays no YAML parsing for the
// manifests it is most likely to load. Any other text, one changed byte included, is parsed. Internal to
// plugin/manifest.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "plugin/manifest/yaml_documents.hpp"

namespace tether::manifest::detail {

struct bundled_manifest {
    std::string_view name;   // its file name in manifests/
    std::string_view text;   // the file, byte for byte
    std::string_view image;  // write_yaml_image of its parse
};

// What the build generated (bundled_manifest_images.cpp in the build tree).
extern const bundled_manifest bundled_manifests[];
extern const std::size_t bundled_manifest_count;

// The parse of `text` when it is a bundled manifest, read from its image (a fraction of a millisecond; the tree is
// not kept: the loaded model is, in loaded_manifests.hpp); nullopt otherwise.
std::optional<yaml_documents> bundled_documents(std::string_view text);

}  // namespace tether::manifest::detail
