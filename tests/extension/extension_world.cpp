// The extension tests' world.
#include "tests/extension/extension_world.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "tests/extension/test_extensions.hpp"

namespace tether_test {

namespace {

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

world_options extension_options() {
    world_options o;
    o.manifest_text = test_manifest_text();
    o.extension_paths = {TETHER_EXAMPLE_EXTENSION};
    o.extension_entries = test_entries();
    return o;
}

}  // namespace

std::string test_manifest_text() {
    std::ifstream in(std::string(TETHER_SOURCE_DIR) + "/examples/extension_rows_upsert/smartsheet_rows_upsert.yaml");
    std::stringstream text;
    text << in.rdbuf();
    return text.str() + test_operations;
}

std::vector<tether_extension_entry_fn> test_entries() {
    return {recording_extension, throwing_extension, misusing_extension, looping_extension};
}

extension_world::extension_world() : world(extension_options()) {
    emulator.add_row(2001, {"Kick-off", "Done"});
    emulator.add_row(2001, {"Launch", "Not started"});
    seed_authorized({"READ_SHEETS", "WRITE_SHEETS"});
    seeded_ = tokens();
}

call_result extension_world::call(const std::string& operation, const std::string& params_json, const char* body) {
    tether_call_request request = TETHER_CALL_REQUEST_INIT;
    request.operation = operation.c_str();
    request.params_json = params_json.c_str();
    request.body = body;
    tether_result** r = result();
    call_result out;
    out.status = tether_call(connection, &request, r);
    out.reason = tether_result_reason(*r);
    out.message = tether_result_message(*r);
    out.body = tether_result_body(*r, nullptr);
    out.attempts = tether_result_attempts_json(*r);
    out.json = tether_result_json(*r);
    out.http_status = tether_result_http_status(*r);
    return out;
}

std::vector<std::string> extension_world::tokens() {
    std::vector<std::string> out = seeded_;
    std::lock_guard lock(host.mutex);
    const auto record = boost::json::parse(host.records["conn"].first).as_object();
    for (const char* field : {"access_token", "refresh_token"})
        if (const auto* v = record.if_contains(field); v != nullptr && v->is_string()) out.emplace_back(v->as_string());
    return out;
}

}  // namespace tether_test
