// Loading a manifest: file or text → YAML → sections → cross-references → an immutable model, or every
// problem found on the way. The only place yaml-cpp exceptions are caught.
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <system_error>

#include "plugin/manifest/bundled_manifests.hpp"
#include "plugin/manifest/loaded_manifests.hpp"
#include "plugin/manifest/manifest.hpp"
#include "plugin/manifest/sections.hpp"
#include "plugin/manifest/yaml_documents.hpp"

namespace tether::manifest {
namespace {

constexpr std::size_t max_manifest_bytes = std::size_t{4} * 1024 * 1024;
constexpr int supported_format_version = 1;

void read_root(const detail::yaml_node& root, detail::reading& ctx) {
    auto m = detail::mapping::section(
        ctx.report, root, YAML::Mark(), "the manifest",
        {"format_version", "connector", "settings", "servers", "auth", "errors", "operations"});
    if (!m.valid()) return;
    if (auto version = m.integer("format_version", std::numeric_limits<int>::min(), std::numeric_limits<int>::max(),
                                 detail::mapping::required)) {
        if (*version == supported_format_version)
            ctx.model.format_version = static_cast<int>(*version);
        else
            ctx.report.error(m.find("format_version")->value_mark(),
                             fmt::format("unsupported format_version {} (this engine reads format_version {})",
                                         *version, supported_format_version));
    }
    detail::read_connector(m, ctx);
    detail::read_settings(m, ctx);
    detail::read_servers(m, ctx);
    detail::read_auth(m, ctx);
    detail::read_errors(m, ctx);
    detail::read_operations(m, ctx);
    detail::check_references(ctx);
}

load_result load_checked(std::string_view yaml, std::string_view file_name) {
    detail::reporter report{std::string(file_name)};
    auto model = std::make_shared<connector_manifest>();
    model->source = std::string(file_name);

    if (const auto refused = detail::refuse_non_manifest(yaml)) {
        report.error_at(refused->line, refused->column, "not a manifest: " + refused->why);
        return {nullptr, report.take_sorted()};
    }
    detail::yaml_documents documents;
    try {
        auto bundled = detail::bundled_documents(yaml);
        documents = bundled ? std::move(*bundled) : detail::load_documents(yaml);
    } catch (const YAML::Exception& e) {
        report.error(e.mark, "YAML syntax error: " + e.msg);
        return {nullptr, report.take_sorted()};
    }
    if (documents.count == 0 || documents.first.IsNull()) {
        report.error_at(1, 1,
                        "the manifest is empty (expected a mapping with format_version, connector, servers, "
                        "auth and operations)");
        return {nullptr, report.take_sorted()};
    }
    if (documents.count > 1)
        report.error(
            documents.second_start,
            fmt::format("expected one YAML document, found {} (remove the extra '---' documents)", documents.count));

    detail::reading ctx{report, *model, {}};
    read_root(documents.first, ctx);
    if (!report.empty()) return {nullptr, report.take_sorted()};
    return {std::move(model), {}};
}

load_result too_large(std::string_view file_name) {
    return {nullptr,
            {diagnostic{std::string(file_name), 0, 0,
                        fmt::format("the manifest is larger than {} bytes (4 MiB), the limit for a manifest",
                                    max_manifest_bytes)}}};
}

// The file's text, up to one byte past the limit: enough to tell a file is too large without holding it
// all (/dev/zero never ends). nullopt on a read error.
std::optional<std::string> read_up_to_limit(std::istream& in) {
    std::string text;
    char chunk[64 * 1024];
    while (text.size() <= max_manifest_bytes && in.read(chunk, sizeof chunk).gcount() > 0) {
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
        if (!in) break;
    }
    if (in.bad()) return std::nullopt;
    return text;
}

load_result internal_failure(std::string_view file_name, std::string_view what) {
    try {
        return {nullptr,
                {diagnostic{std::string(file_name), 0, 0, fmt::format("internal error while loading: {}", what)}}};
    } catch (...) {
        return {};
    }
}

}  // namespace

load_result load_manifest_text(std::string_view yaml, std::string_view file_name) {
    try {
        if (yaml.size() > max_manifest_bytes) return too_large(file_name);
        if (auto earlier = detail::loaded_earlier(file_name, yaml)) return {std::move(earlier), {}};
        load_result loaded = load_checked(yaml, file_name);
        if (loaded.manifest) detail::remember_loaded(file_name, yaml, loaded.manifest);
        return loaded;
    } catch (const std::exception& e) {
        return internal_failure(file_name, e.what());
    } catch (...) {
        return internal_failure(file_name, "unknown exception");
    }
}

load_result load_manifest_file(const std::string& path) {
    try {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec))
            return {nullptr, {diagnostic{path, 0, 0, "cannot read the manifest: it is a directory"}}};
        errno = 0;
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            int error = errno;
            std::string why = error ? std::error_code(error, std::generic_category()).message() : "cannot open";
            return {nullptr, {diagnostic{path, 0, 0, fmt::format("cannot read the manifest: {}", why)}}};
        }
        const auto text = read_up_to_limit(in);
        if (!text) return {nullptr, {diagnostic{path, 0, 0, "cannot read the manifest: read error"}}};
        return load_manifest_text(*text, path);
    } catch (const std::exception& e) {
        return internal_failure(path, e.what());
    } catch (...) {
        return internal_failure(path, "unknown exception");
    }
}

}  // namespace tether::manifest
