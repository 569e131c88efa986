#include "plugin/manifest/bundled_manifests.hpp"

#include "plugin/manifest/yaml_image.hpp"

namespace tether::manifest::detail {

std::optional<yaml_documents> bundled_documents(std::string_view text) {
    for (std::size_t i = 0; i < bundled_manifest_count; ++i)
        if (bundled_manifests[i].text == text) return read_yaml_image(bundled_manifests[i].image);
    return std::nullopt;
}

}  // namespace tether::manifest::detail
