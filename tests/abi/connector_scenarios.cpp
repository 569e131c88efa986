// Contract scenarios of the connector-level functions: tether_connector_open, tether_manifest_validate(_ex),
// tether_connection_open and tether_connector_health.
#include <catch2/catch.hpp>
#include <functional>
#include <string>

#include "tests/abi/contract_scenarios.hpp"
#include "tests/abi/contract_world.hpp"

namespace tether_test {

namespace {

using edit_options = std::function<void(tether_connector_options&, tether_host&)>;

// Opens a connector on the Smartsheet manifest after `edit`, and checks the result's reason.
tether_status open_connector(std::string_view reason, const edit_options& edit) {
    memory_host host;
    tether_host table = host.table();
    const std::string path = smartsheet_manifest_path();
    tether_connector_options options = TETHER_CONNECTOR_OPTIONS_INIT;
    options.manifest_path = path.c_str();
    options.host = &table;
    edit(options, table);
    tether_connector* connector = nullptr;
    tether_result* result = nullptr;
    const tether_status status = tether_connector_open(&options, &connector, &result);
    CHECK(std::string_view(tether_result_reason(result)) == reason);
    tether_result_free(result);
    tether_connector_close(connector);
    return status;
}

tether_status validate(const char* path, const char* text, const char* settings, std::string_view reason) {
    tether_result* result = nullptr;
    const tether_status status = tether_manifest_validate(path, text, settings, &result);
    CHECK(std::string_view(tether_result_reason(result)) == reason);
    tether_result_free(result);
    return status;
}

// Opens a second connection ("other") of a world's connector with `id` and `settings`.
tether_status open_connection(world& w, const char* id, const char* settings, std::string_view reason) {
    tether_connection_options options = TETHER_CONNECTION_OPTIONS_INIT;
    options.connection_id = id;
    options.settings_json = settings;
    tether_connection* c = nullptr;
    const tether_status status = w.with_reason(tether_connection_open(w.connector, &options, &c, w.result()), reason);
    tether_connection_close(c);
    return status;
}

const std::string manifest = smartsheet_manifest_path();

function_scenarios connector_open() {
    using t = trigger;
    return {"tether_connector_open",
            {t::bad_argument},
            {
                {"the Smartsheet manifest and a complete host table", t::behaviour, TETHER_OK,
                 [] { return open_connector("", [](auto&, auto&) {}); }},
                {"a host built against ABI major 2", t::behaviour, TETHER_CONFIG_ERROR,
                 [] {
                     return open_connector("abi_version_mismatch",
                                           [](auto& o, auto&) { o.abi_version = TETHER_ABI_VERSION + (1u << 16); });
                 }},
                {"a manifest text that is not YAML", t::behaviour, TETHER_CONFIG_ERROR,
                 [] {
                     return open_connector("manifest_invalid", [](auto& o, auto&) {
                         o.manifest_path = nullptr;
                         o.manifest_text = "format_version: [";
                     });
                 }},
                {"a host table without its load callback", t::behaviour, TETHER_CONFIG_ERROR,
                 [] { return open_connector("host_table_invalid", [](auto&, auto& h) { h.load = nullptr; }); }},
                {"neither a manifest path nor a manifest text", t::behaviour, TETHER_CONFIG_ERROR,
                 [] { return open_connector("manifest_missing", [](auto& o, auto&) { o.manifest_path = nullptr; }); }},
                {"options whose struct_size is too small", t::bad_argument, TETHER_HOST_ERROR,
                 [] { return open_connector("invalid_argument", [](auto& o, auto&) { o.struct_size = 8; }); }},
                {"NULL options and a NULL out pointer", t::bad_argument, TETHER_HOST_ERROR,
                 [] {
                     tether_connector* c = nullptr;
                     CHECK(tether_connector_open(nullptr, &c, nullptr) == TETHER_HOST_ERROR);
                     tether_connector_options o = TETHER_CONNECTOR_OPTIONS_INIT;
                     return tether_connector_open(&o, nullptr, nullptr);
                 }},
            }};
}

function_scenarios manifest_validate() {
    using t = trigger;
    return {"tether_manifest_validate",
            {t::bad_argument},
            {
                {"the Smartsheet manifest", t::behaviour, TETHER_OK,
                 [] { return validate(manifest.c_str(), nullptr, nullptr, ""); }},
                {"the Smartsheet manifest with valid settings", t::behaviour, TETHER_OK,
                 [] { return validate(manifest.c_str(), nullptr, R"({"client_id":"a","client_secret":"b"})", ""); }},
                {"a manifest text that is not YAML", t::behaviour, TETHER_CONFIG_ERROR,
                 [] { return validate(nullptr, "format_version: [", nullptr, "manifest_invalid"); }},
                {"a manifest file that does not exist", t::behaviour, TETHER_CONFIG_ERROR,
                 [] { return validate("/nonexistent/tether.yaml", nullptr, nullptr, "manifest_invalid"); }},
                {"settings that lack a required setting", t::behaviour, TETHER_CONFIG_ERROR,
                 [] {
                     return validate(client_credentials_manifest_path().c_str(), nullptr, R"({"auth_method":"reader"})",
                                     "settings_invalid");
                 }},
                {"neither a path nor a text", t::bad_argument, TETHER_HOST_ERROR,
                 [] { return validate(nullptr, nullptr, nullptr, "invalid_argument"); }},
            }};
}

// tether_manifest_validate_ex on `edit`ed options (the Smartsheet manifest by default); checks the reason.
tether_status validate_ex(std::string_view reason,
                          const std::function<void(tether_manifest_validate_options&)>& edit) {
    tether_manifest_validate_options options = TETHER_MANIFEST_VALIDATE_OPTIONS_INIT;
    options.manifest_path = manifest.c_str();
    edit(options);
    tether_result* result = nullptr;
    const tether_status status = tether_manifest_validate_ex(&options, &result);
    CHECK(std::string_view(tether_result_reason(result)) == reason);
    tether_result_free(result);
    return status;
}

function_scenarios manifest_validate_ex() {
    using t = trigger;
    return {"tether_manifest_validate_ex",
            {t::bad_argument},
            {
                {"the Smartsheet manifest without extensions", t::behaviour, TETHER_OK,
                 [] { return validate_ex("", [](auto&) {}); }},
                {"an extension path that does not exist", t::behaviour, TETHER_CONFIG_ERROR,
                 [] {
                     static const char* const paths[] = {"/nonexistent/libnothing.so"};
                     return validate_ex("extension_not_loaded", [](auto& o) {
                         o.extension_paths = paths;
                         o.extension_path_count = 1;
                     });
                 }},
                {"NULL options", t::bad_argument, TETHER_HOST_ERROR,
                 [] { return tether_manifest_validate_ex(nullptr, nullptr); }},
            }};
}

function_scenarios connection_open() {
    using t = trigger;
    return {"tether_connection_open",
            {t::bad_argument},
            {
                {"valid settings", t::behaviour, TETHER_OK,
                 [] {
                     world w;
                     return open_connection(w, "other", w.settings().c_str(), "");
                 }},
                {"settings that are not a JSON object", t::behaviour, TETHER_CONFIG_ERROR,
                 [] {
                     world w;
                     return open_connection(w, "other", "[1,2]", "settings_invalid");
                 }},
                {"an empty connection id", t::behaviour, TETHER_CONFIG_ERROR,
                 [] {
                     world w;
                     return open_connection(w, "", w.settings().c_str(), "connection_id_missing");
                 }},
                {"a NULL connector", t::bad_argument, TETHER_HOST_ERROR,
                 [] {
                     tether_connection_options o = TETHER_CONNECTION_OPTIONS_INIT;
                     o.connection_id = "other";
                     tether_connection* c = nullptr;
                     return tether_connection_open(nullptr, &o, &c, nullptr);
                 }},
                {"options whose struct_size is too small", t::bad_argument, TETHER_HOST_ERROR,
                 [] {
                     world w;
                     tether_connection_options o = TETHER_CONNECTION_OPTIONS_INIT;
                     o.struct_size = 4;
                     o.connection_id = "other";
                     tether_connection* c = nullptr;
                     return w.with_reason(tether_connection_open(w.connector, &o, &c, w.result()), "invalid_argument");
                 }},
            }};
}

function_scenarios connector_health() {
    using t = trigger;
    return {"tether_connector_health",
            {t::bad_argument},
            {
                {"a connector with an authorized connection", t::behaviour, TETHER_OK,
                 [] {
                     world w;
                     w.seed_authorized();
                     const tether_status s = tether_connector_health(w.connector, 0, w.result());
                     CHECK_THAT(tether_result_body(w.last(), nullptr), Catch::Contains(R"("connections":1)"));
                     return s;
                 }},
                {"the Prometheus exposition", t::behaviour, TETHER_OK,
                 [] {
                     world w;
                     return tether_connector_health(w.connector, TETHER_HEALTH_PROMETHEUS, w.result());
                 }},
                {"a failing load: each document shows what this process knows", t::failing_storage, TETHER_OK,
                 [] {
                     world w;
                     w.host.fail_load = true;
                     return tether_connector_health(w.connector, 0, w.result());
                 }},
                {"a NULL connector", t::bad_argument, TETHER_HOST_ERROR,
                 [] { return tether_connector_health(nullptr, 0, nullptr); }},
            }};
}

}  // namespace

std::vector<function_scenarios> connector_scenarios() {
    return {connector_open(), manifest_validate(), manifest_validate_ex(), connection_open(), connector_health()};
}

}  // namespace tether_test
