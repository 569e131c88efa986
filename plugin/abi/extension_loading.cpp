// Extensions first (a library that cannot be loaded says so before any manifest problem), then the manifest,
// then the names the manifest uses, checked against what the extensions offer.
#include "plugin/abi/extension_loading.hpp"

#include "plugin/abi/boundary.hpp"
#include "plugin/abi/settings_input.hpp"
#include "plugin/extension/manifest_binding.hpp"

namespace tether::abi {

namespace {

manifest::load_result load_manifest(const char* path, const char* text, const char* name) {
    if (text != nullptr) return manifest::load_manifest_text(text, name != nullptr ? name : "<manifest>");
    return manifest::load_manifest_file(path);
}

outcome manifest_invalid(const std::vector<manifest::diagnostic>& diagnostics) {
    return outcome::failure(status::config_error, "manifest_invalid", join_diagnostics(diagnostics));
}

}  // namespace

std::string join_diagnostics(const std::vector<manifest::diagnostic>& diagnostics) {
    std::vector<std::string> lines;
    lines.reserve(diagnostics.size());
    for (const auto& d : diagnostics) lines.push_back(manifest::to_string(d));
    return join_lines(lines);
}

std::variant<bound_manifest, outcome> load_bound_manifest(const char* path, const char* text, const char* name,
                                                          const extension_sources& sources) {
    if ((sources.path_count > 0 && sources.paths == nullptr) || (sources.entry_count > 0 && sources.entries == nullptr))
        return invalid_argument("extensions", "extension_paths or extension_entries is NULL while its count is not 0");
    std::vector<std::string> paths;
    for (std::size_t i = 0; i < sources.path_count; ++i) {
        if (sources.paths[i] == nullptr) return invalid_argument("extensions", "extension_paths holds a NULL path");
        paths.emplace_back(sources.paths[i]);
    }
    std::vector<tether_extension_entry_fn> entries(sources.entries, sources.entries + sources.entry_count);
    auto loaded = extension::extension_set::load(paths, entries);
    if (auto* failure = std::get_if<outcome>(&loaded)) return std::move(*failure);
    auto extensions = std::get<std::shared_ptr<const extension::extension_set>>(std::move(loaded));

    auto read = load_manifest(path, text, name);
    if (!read.manifest) return manifest_invalid(read.diagnostics);
    auto bound = extension::bind_extensions(std::move(read.manifest), *extensions);
    if (auto* problems = std::get_if<std::vector<manifest::diagnostic>>(&bound)) return manifest_invalid(*problems);
    return bound_manifest{std::get<std::shared_ptr<const manifest::connector_manifest>>(std::move(bound)),
                          std::move(extensions)};
}

}  // namespace tether::abi
