// The exported connector functions: open (ABI version check, host table validation, manifest load), close,
// and host-less manifest validation.
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "plugin/abi/boundary.hpp"
#include "plugin/abi/c_host_services.hpp"
#include "plugin/abi/extension_loading.hpp"
#include "plugin/abi/settings_input.hpp"
#include "plugin/abi/versioned_struct.hpp"
#include "plugin/http/curl_client.hpp"
#include "plugin/http/request_log.hpp"

namespace tether::abi {

namespace {

constexpr std::size_t connector_options_v1_size = offsetof(tether_connector_options, host) + sizeof(void*);
constexpr std::size_t validate_options_v1_size =
    offsetof(tether_manifest_validate_options, extension_entry_count) + sizeof(std::size_t);

// What a host needs to ask for a connection's settings: each setting's name, whether it is required, and
// whether it is secret (a host then takes it from a safe place, never from a command line or a form field).
std::string settings_description(const manifest::connector_manifest& m) {
    boost::json::array settings;
    for (const auto& s : m.settings)
        settings.push_back(boost::json::object{{"name", s.name}, {"required", s.spec.required}, {"secret", s.secret}});
    return boost::json::serialize(boost::json::object{{"settings", std::move(settings)}});
}

// The record keys of the options, current first; nullopt when the list of previous keys is malformed.
std::optional<record::record_keyring> record_keys_of(const tether_connector_options& o) {
    std::vector<std::string_view> keys;
    if (o.record_key == nullptr) return record::record_keyring{};  // previous keys alone never seal
    keys.emplace_back(reinterpret_cast<const char*>(o.record_key), record::record_key_size);
    if (o.previous_record_key_count > 0 && o.previous_record_keys == nullptr) return std::nullopt;
    for (std::size_t i = 0; i < o.previous_record_key_count; ++i) {
        if (o.previous_record_keys[i] == nullptr) return std::nullopt;
        keys.emplace_back(reinterpret_cast<const char*>(o.previous_record_keys[i]), record::record_key_size);
    }
    return record::record_keyring(std::move(keys));
}

// The manifest (bound to its extensions) and, when given, a connection's settings checked; the body describes
// the settings and, when asked, the extensions.
outcome validated(const char* path, const char* text, const char* name, const char* settings_json,
                  const extension_sources& sources, bool describe_extensions) {
    auto loaded = load_bound_manifest(path, text, name, sources);
    if (auto* failure = std::get_if<outcome>(&loaded)) return std::move(*failure);
    const auto& bound = std::get<bound_manifest>(loaded);
    if (settings_json != nullptr) {
        auto resolved = resolve_connection_settings(*bound.manifest, settings_json);
        if (auto* failure = std::get_if<outcome>(&resolved)) return std::move(*failure);
    }
    outcome valid;
    valid.body = settings_description(*bound.manifest);
    if (describe_extensions)
        valid.body.insert(valid.body.size() - 1, ",\"extensions\":" + bound.extensions->describe_json());
    return valid;
}

}  // namespace

}  // namespace tether::abi

using namespace tether;
using namespace tether::abi;

extern "C" {

TETHER_API tether_status tether_connector_open(const tether_connector_options* options, tether_connector** out,
                                               tether_result** result) {
    if (out != nullptr) *out = nullptr;
    return guarded(result, [&]() -> outcome {
        if (out == nullptr) return invalid_argument("tether_connector_open", "`out` is NULL");
        const auto opts = read_versioned(options, connector_options_v1_size);
        if (!opts)
            return invalid_argument("tether_connector_open",
                                    "`options` is NULL or too small; initialize it with "
                                    "TETHER_CONNECTOR_OPTIONS_INIT");
        if (TETHER_ABI_MAJOR_OF(opts->abi_version) != TETHER_ABI_VERSION_MAJOR)
            return outcome::failure(
                status::config_error, "abi_version_mismatch",
                "the host was built against tether ABI " + std::to_string(TETHER_ABI_MAJOR_OF(opts->abi_version)) +
                    "." + std::to_string(TETHER_ABI_MINOR_OF(opts->abi_version)) + " but this library implements " +
                    std::to_string(TETHER_ABI_VERSION_MAJOR) + "." + std::to_string(TETHER_ABI_VERSION_MINOR) +
                    "; rebuild the host against this tether.h or load a library of the same major version");
        if (auto problem = validate_host_table(opts->host))
            return outcome::failure(status::config_error, "host_table_invalid", *problem);
        if (opts->manifest_path == nullptr && opts->manifest_text == nullptr)
            return outcome::failure(status::config_error, "manifest_missing",
                                    "neither manifest_path nor manifest_text is set");

        auto loaded = load_bound_manifest(opts->manifest_path, opts->manifest_text, opts->manifest_name,
                                          {opts->extension_paths, opts->extension_path_count,
                                           opts->extension_entries, opts->extension_entry_count});
        if (auto* failure = std::get_if<outcome>(&loaded)) return std::move(*failure);
        auto& bound = std::get<bound_manifest>(loaded);

        auto keys = record_keys_of(*opts);
        if (!keys)
            return outcome::failure(status::config_error, "record_keys_invalid",
                                    "previous_record_keys is NULL or holds a NULL key while previous_record_key_count "
                                    "is " + std::to_string(opts->previous_record_key_count));

        auto host = make_c_host_services(*opts->host);
        auto http = http::with_request_log(http::make_curl_client(), *host);  // *host lives in the connector
        auto extensions = bound.extensions->empty()
                              ? nullptr
                              : std::make_unique<extension::extension_runtime>(std::move(bound.extensions));
        auto impl = std::make_unique<connector>(std::move(bound.manifest), std::move(host), std::move(http),
                                                std::move(*keys), std::move(extensions));
        *out = new tether_connector{std::move(impl)};
        return outcome{};
    });
}

TETHER_API void tether_connector_close(tether_connector* connector) {
    delete connector;
}

TETHER_API tether_status tether_manifest_validate(const char* manifest_path, const char* manifest_text,
                                                  const char* settings_json, tether_result** result) {
    return guarded(result, [&]() -> outcome {
        if (manifest_path == nullptr && manifest_text == nullptr)
            return invalid_argument("tether_manifest_validate", "give a manifest path or text");
        return validated(manifest_path, manifest_text, nullptr, settings_json, {}, false);
    });
}

TETHER_API tether_status tether_manifest_validate_ex(const tether_manifest_validate_options* options,
                                                     tether_result** result) {
    return guarded(result, [&]() -> outcome {
        const auto opts = read_versioned(options, validate_options_v1_size);
        if (!opts)
            return invalid_argument("tether_manifest_validate_ex",
                                    "`options` is NULL or too small; initialize it with "
                                    "TETHER_MANIFEST_VALIDATE_OPTIONS_INIT");
        if (opts->manifest_path == nullptr && opts->manifest_text == nullptr)
            return outcome::failure(status::config_error, "manifest_missing",
                                    "neither manifest_path nor manifest_text is set");
        return validated(opts->manifest_path, opts->manifest_text, opts->manifest_name, opts->settings_json,
                         {opts->extension_paths, opts->extension_path_count, opts->extension_entries,
                          opts->extension_entry_count},
                         true);
    });
}

}  // extern "C"
