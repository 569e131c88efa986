#include "plugin/manifest/bundled_manifests.hpp"

#include <memory>
#include <mutex>
#include <vector>

#include "plugin/manifest/yaml_image.hpp"

namespace tether::manifest::detail {

const yaml_documents* bundled_documents(std::string_view text) {
    // One slot per bundled manifest, each read from its image on first use.
    static std::vector<std::once_flag> read_once(bundled_manifest_count);
    static std::vector<std::unique_ptr<yaml_documents>> parsed(bundled_manifest_count);
    for (std::size_t i = 0; i < bundled_manifest_count; ++i) {
        if (bundled_manifests[i].text != text) continue;
        std::call_once(read_once[i], [i] {
            parsed[i] = std::make_unique<yaml_documents>(read_yaml_image(bundled_manifests[i].image));
        });
        return parsed[i].get();
    }
    return nullptr;
}

}  // namespace tether::manifest::detail
