// The contract test's world: emulator, failable C host, connector and connection.
#include "tests/abi/contract_world.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>

#include "tests/emulator/curl_client.hpp"
#include "tests/support/authorized_record.hpp"

namespace tether_test {

namespace emu = tether::emulator;

namespace {

std::int64_t millis(emu::emulator_time t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

std::string api_token_manifest_path() {
    return std::string(TETHER_SOURCE_DIR) + "/tests/auth/fixtures/smartsheet_api_token.yaml";
}

world_options api_token_connector() {
    world_options o;
    o.manifest_path = api_token_manifest_path();
    return o;
}

world_options with_lease() {
    world_options o;
    o.offer_lease = true;
    return o;
}

world_options with_wrong_client_secret() {
    world_options o;
    o.client_secret = "not-the-app-secret";
    return o;
}

std::string client_credentials_manifest_path() {
    return std::string(TETHER_SOURCE_DIR) + "/tests/auth/fixtures/emulator_client_credentials.yaml";
}

world_options client_credentials_connector(std::string auth_method) {
    world_options o;
    o.manifest_path = client_credentials_manifest_path();
    o.auth_method = std::move(auth_method);
    o.emulator.client_credentials_user = 1001;
    return o;
}

world::world(world_options options) : emulator(options.emulator), options_(std::move(options)) {
    emulator.add_user(1001, "ada@example.com");
    emulator.add_user(1002, "grace@example.com");
    emulator.add_sheet(2001, "Roadmap", 1001);
    emulator.add_sheet(2004, "Payroll", 1002);  // not shared with 1001

    // Virtual time: tether's clock is the emulator's, and backoff waits return at once.
    host.clock = [this] { return millis(emulator.now()); };
    host.offer_lease = options_.offer_lease;
    table = host.table();

    tether_connector_options open = TETHER_CONNECTOR_OPTIONS_INIT;
    open.manifest_path = options_.manifest_path.c_str();
    if (!options_.manifest_text.empty()) {
        open.manifest_text = options_.manifest_text.c_str();
        open.manifest_name = "world.yaml";
    }
    open.host = &table;
    std::vector<const char*> paths;
    for (const auto& path : options_.extension_paths) paths.push_back(path.c_str());
    open.extension_paths = paths.data();
    open.extension_path_count = paths.size();
    open.extension_entries = options_.extension_entries.data();
    open.extension_entry_count = options_.extension_entries.size();
    tether_result* opened = nullptr;
    const tether_status status = tether_connector_open(&open, &connector, &opened);
    INFO(tether_result_message(opened));
    tether_result_free(opened);
    REQUIRE(status == TETHER_OK);

    const std::string json = settings();
    tether_connection_options conn = TETHER_CONNECTION_OPTIONS_INIT;
    conn.connection_id = "conn";
    conn.settings_json = json.c_str();
    REQUIRE(tether_connection_open(connector, &conn, &connection, nullptr) == TETHER_OK);
}

world::~world() {
    for (tether_result* r : results_) tether_result_free(r);
    tether_connection_close(connection);
    tether_connector_close(connector);
}

tether_result** world::result() {
    results_.push_back(nullptr);
    return &results_.back();
}

const tether_result* world::last() const {
    return results_.empty() ? nullptr : results_.back();
}

tether_status world::with_reason(tether_status status, std::string_view reason) const {
    CHECK(std::string_view(tether_result_reason(last())) == reason);
    return status;
}

std::string world::settings() const {
    boost::json::object s;
    s["base_url"] = emulator.api_base();
    if (options_.manifest_path != api_token_manifest_path()) {
        s["client_id"] = emulator.options().client_id;
        s["client_secret"] = options_.client_secret.empty() ? emulator.options().client_secret : options_.client_secret;
        s["redirect_uri"] = emulator.options().redirect_uri;
        s["authorize_url"] = emulator.authorize_url();
    }
    if (!options_.auth_method.empty()) s["auth_method"] = options_.auth_method;
    return boost::json::serialize(s);
}

void world::seed_authorized(const std::vector<std::string>& scopes) {
    const auto pair = emulator.issue_tokens(1001, scopes);
    const std::string record =
        authorized_record(pair.access_token, pair.refresh_token, millis(emulator.now()), pair.expires_in, scopes,
                          emulator.base_url());
    std::lock_guard lock(host.mutex);
    host.records["conn"] = {record, 1};
}

std::string world::begin_and_consent() {
    tether_result** begun = result();
    REQUIRE(tether_authorize_begin(connection, begun) == TETHER_OK);
    const auto body = boost::json::parse(tether_result_body(*begun, nullptr));
    const std::string url(body.at("authorize_url").as_string());
    return emu::testing::get(url).header("location");
}

void world::fail_requests(const std::string& method, const std::string& path, int status, int error_code, int times) {
    emu::fault_rule rule;
    rule.kind = emu::fault_kind::error_status;
    rule.method = method;
    rule.path = path;
    rule.status = status;
    rule.error_code = error_code;
    rule.times = times;
    emulator.add_fault(rule);
}

}  // namespace tether_test
