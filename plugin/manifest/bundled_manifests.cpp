#include "plugin/manifest/bundled_manifests.hpp"

#include <stdexcept>

#include "plugin/manifest/yaml_image.hpp"

namespace tether::manifest::detail {

std::optional<yaml_documents> bundled_documents(std::string_view text) {
    for (std::size_t i = 0; i < bundled_manifest_count; ++i) {
        if (bundled_manifests[i].text != text) continue;
        try {
            return read_yaml_image(bundled_manifests[i].image);
        } catch (const std::runtime_error&) {
            return std::nullopt;  // an image the build got wrong: the text itself is parsed, as any other
        }
    }
    return std::nullopt;
}

}  // namespace tether::manifest::detail
