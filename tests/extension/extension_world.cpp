// The extension tests' world.
#include "tests/extension/extension_world.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <sstream>

#include "tests/extension/test_extensions.hpp"
#include "tests/support/authorized_record.hpp"

namespace tether_test {

namespace {

std::int64_t millis(tether::emulator::emulator_time t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

constexpr const char* test_operations = R"(
  probe.run:
    extension: probe.run
    hooks: {request: [probe_request], response: [probe_response]}
  boom.throw:
    extension: boom.throw
  misuse.run:
    extension: misuse.run
  budget.loop:
    extension: budget.loop
  sheets.get_thrown:
    method: GET
    path: /sheets/{sheetId}
    params: {sheetId: {in: path, type: integer}}
    hooks: {request: [boom_hook]}
  sheets.get_or_empty:
    method: GET
    path: /sheets/{sheetId}
    params: {sheetId: {in: path, type: integer}}
    hooks: {response: [missing_is_empty]}
  sheets.get_refused:
    method: GET
    path: /sheets/{sheetId}
    params: {sheetId: {in: path, type: integer}}
    hooks: {response: [provider_said_no]}
)";

}  // namespace

std::string test_manifest_text() {
    std::ifstream in(std::string(TETHER_SOURCE_DIR) + "/examples/extension_rows_upsert/smartsheet_rows_upsert.yaml");
    std::stringstream text;
    text << in.rdbuf();
    return text.str() + test_operations;
}

std::string example_extension_path() { return TETHER_EXAMPLE_EXTENSION; }

std::vector<tether_extension_entry_fn> test_entries() {
    return {recording_extension, throwing_extension, misusing_extension, looping_extension};
}

extension_world::extension_world() {
    emulator.add_user(1001, "ada@example.com");
    emulator.add_user(1002, "grace@example.com");
    emulator.add_sheet(2001, "Roadmap", 1001);
    emulator.add_row(2001, {"Kick-off", "Done"});
    emulator.add_row(2001, {"Launch", "Not started"});
    host.clock = [this] { return millis(emulator.now()); };
    table = host.table();

    const std::string manifest = test_manifest_text();
    const std::string path = example_extension_path();
    const char* paths[] = {path.c_str()};
    const auto entries = test_entries();
    tether_connector_options open = TETHER_CONNECTOR_OPTIONS_INIT;
    open.manifest_text = manifest.c_str();
    open.manifest_name = "extension_test.yaml";
    open.host = &table;
    open.extension_paths = paths;
    open.extension_path_count = 1;
    open.extension_entries = entries.data();
    open.extension_entry_count = entries.size();
    tether_result* r = nullptr;
    const tether_status opened = tether_connector_open(&open, &connector, &r);
    INFO(tether_result_message(r));
    tether_result_free(r);
    REQUIRE(opened == TETHER_OK);

    boost::json::object settings{{"base_url", emulator.api_base()},
                                 {"client_id", emulator.options().client_id},
                                 {"client_secret", emulator.options().client_secret},
                                 {"redirect_uri", emulator.options().redirect_uri},
                                 {"authorize_url", emulator.authorize_url()}};
    const std::string json = boost::json::serialize(settings);
    tether_connection_options conn = TETHER_CONNECTION_OPTIONS_INIT;
    conn.connection_id = "conn";
    conn.settings_json = json.c_str();
    REQUIRE(tether_connection_open(connector, &conn, &connection, nullptr) == TETHER_OK);

    const std::vector<std::string> scopes{"READ_SHEETS", "WRITE_SHEETS"};
    const auto pair = emulator.issue_tokens(1001, scopes);
    access_token = pair.access_token;
    refresh_token = pair.refresh_token;
    std::lock_guard lock(host.mutex);
    host.records["conn"] = {authorized_record(pair.access_token, pair.refresh_token, millis(emulator.now()),
                                              pair.expires_in, scopes, emulator.base_url()),
                            1};
}

extension_world::~extension_world() {
    tether_connection_close(connection);
    tether_connector_close(connector);
}

call_result extension_world::call(const std::string& operation, const std::string& params_json, const char* body) {
    tether_call_request request = TETHER_CALL_REQUEST_INIT;
    request.operation = operation.c_str();
    request.params_json = params_json.c_str();
    request.body = body;
    tether_result* r = nullptr;
    call_result out;
    out.status = tether_call(connection, &request, &r);
    out.reason = tether_result_reason(r);
    out.message = tether_result_message(r);
    out.body = tether_result_body(r, nullptr);
    out.attempts = tether_result_attempts_json(r);
    out.json = tether_result_json(r);
    out.http_status = tether_result_http_status(r);
    tether_result_free(r);
    return out;
}

std::vector<std::string> extension_world::tokens() {
    std::vector<std::string> out{access_token, refresh_token};
    std::lock_guard lock(host.mutex);
    const auto record = boost::json::parse(host.records["conn"].first).as_object();
    for (const char* field : {"access_token", "refresh_token"})
        if (const auto* v = record.if_contains(field); v != nullptr && v->is_string())
            out.emplace_back(v->as_string());
    return out;
}

}  // namespace tether_test
