// Extensions through the C ABI against the Smartsheet emulator: the example's rows.upsert and its hook, a
// request refreshed once on a 401, hooks and operations that throw or misuse their context, the version rules,
// a manifest naming what is not loaded, and no secret ever handed to an extension.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstddef>

#include "tests/extension/extension_world.hpp"
#include "tests/extension/test_extensions.hpp"
#include "tests/extension/tiny_manifest.hpp"

using namespace tether_test;
namespace json = boost::json;

namespace {

int count_actions(const std::string& attempts, std::string_view action) {
    int n = 0;
    const json::value chain = json::parse(attempts);
    for (const auto& a : chain.as_array())
        if (a.as_object().at("action").as_string() == action) ++n;
    return n;
}

// The value of `column_id`'s cell in the emulator's row whose primary cell is `key`; "" when there is none.
std::string cell_of(extension_world& w, const std::string& key, std::int64_t column_id) {
    const auto sheet = w.call("sheets.get", R"({"sheetId":2001})");
    const json::value doc = json::parse(sheet.body);
    for (const auto& row : doc.at("rows").as_array()) {
        std::string primary, wanted;
        for (const auto& cell : row.at("cells").as_array()) {
            const auto id = cell.at("columnId").to_number<std::int64_t>();
            const std::string value(cell.at("value").as_string());
            if (id == 20011) primary = value;
            if (id == column_id) wanted = value;
        }
        if (primary == key) return wanted;
    }
    return "";
}

call_result upsert(extension_world& w, const std::string& sheet, const std::string& column, const std::string& value,
                   const std::string& status) {
    const json::object params{{"sheetId", sheet},
                              {"column", column},
                              {"value", value},
                              {"cells", json::serialize(json::object{{"Status", status}})}};
    return w.call("rows.upsert", json::serialize(params));
}

tether_status open_with(const std::string& manifest, const std::vector<tether_extension_entry_fn>& entries,
                        std::string* reason, std::string* message) {
    memory_host host;
    tether_host table = host.table();
    tether_connector_options o = TETHER_CONNECTOR_OPTIONS_INIT;
    o.manifest_text = manifest.c_str();
    o.manifest_name = "named.yaml";
    o.host = &table;
    o.extension_entries = entries.data();
    o.extension_entry_count = entries.size();
    tether_connector* c = nullptr;
    tether_result* r = nullptr;
    const tether_status s = tether_connector_open(&o, &c, &r);
    if (reason) *reason = tether_result_reason(r);
    if (message) *message = tether_result_message(r);
    tether_result_free(r);
    tether_connector_close(c);
    return s;
}

const std::string minimal_manifest_head = std::string(tiny_manifest_head) + R"(
    method: GET
    path: /things
)";

}  // namespace

TEST_CASE("rows.upsert adds a row when none matches, then updates it, with the correlation hook on every request") {
    extension_world w;
    const auto added = upsert(w, "2001", "Primary", "Review", "Planned");
    INFO(added.json);
    REQUIRE(added.status == TETHER_OK);
    CHECK(json::parse(added.body).at("action") == "added");
    CHECK(cell_of(w, "Review", 20012) == "Planned");
    CHECK(w.emulator.count("POST /2.0/sheets/{sheetId}/rows") == 1);

    const auto updated = upsert(w, "2001", "20011", "Review", "Done");  // the column by id this time
    INFO(updated.json);
    REQUIRE(updated.status == TETHER_OK);
    CHECK(json::parse(updated.body).at("action") == "updated");
    CHECK(cell_of(w, "Review", 20012) == "Done");
    CHECK(w.emulator.count("PUT /2.0/sheets/{sheetId}/rows") == 1);
    CHECK(w.emulator.count("POST /2.0/sheets/{sheetId}/rows") == 1);
    // Both requests of the call are in its one attempt chain.
    CHECK(count_actions(updated.attempts, "ok") == 2);

    int correlated = 0, sheets_gets = 0;
    for (const auto& entry : w.emulator.request_log()) {
        if (entry.endpoint == "GET /2.0/sheets/{sheetId}") ++sheets_gets;
        if (entry.endpoint.find("rows") != std::string::npos || entry.endpoint == "GET /2.0/sheets/{sheetId}")
            if (entry.header("X-Correlation-Id").rfind("tether-", 0) == 0) ++correlated;
    }
    // rows.upsert's GET and write carry it (2 calls x 2 requests); sheets.get (cell_of) names no hook.
    CHECK(correlated == 4);
    CHECK(sheets_gets == 4);
}

TEST_CASE("rows.upsert refuses what it cannot do with the parameters' own errors, before and after sending") {
    extension_world w;
    const auto missing = w.call("rows.upsert", R"({"sheetId":2001,"column":"Primary"})");
    CHECK(missing.status == TETHER_BAD_REQUEST);
    CHECK(missing.reason == "params_invalid");
    CHECK_THAT(missing.message, Catch::Contains("value") && Catch::Contains("cells"));
    CHECK(w.emulator.count("GET /2.0/sheets/{sheetId}") == 0);

    const auto no_column = w.call("rows.upsert", R"({"sheetId":2001,"column":"Owner","value":"x","cells":"{}"})");
    CHECK(no_column.status == TETHER_BAD_REQUEST);
    CHECK(no_column.reason == "upsert_invalid");

    const auto forbidden = w.call("rows.upsert", R"({"sheetId":2004,"column":"Primary","value":"x","cells":"{}"})");
    CHECK(forbidden.status == TETHER_FORBIDDEN);  // sheet 2004 is not shared with the user
}

TEST_CASE("a code operation's request answered 401 is refreshed once and retried, in the call's chain") {
    extension_world w;
    w.fail_requests("GET", "/2.0/sheets/2001", 401, 1002, 1);
    const auto r = upsert(w, "2001", "Primary", "Kick-off", "Again");
    INFO(r.json);
    REQUIRE(r.status == TETHER_OK);
    CHECK(json::parse(r.body).at("action") == "updated");
    CHECK(w.emulator.count("POST /2.0/token", "refresh_token") == 1);
    CHECK(count_actions(r.attempts, "refresh_then_retry") == 1);
    CHECK(count_actions(r.attempts, "ok") == 2);
    CHECK(w.emulator.count("GET /2.0/sheets/{sheetId}") == 2);
}

TEST_CASE("a hook or code operation that throws gives TETHER_INTERNAL, reason extension_threw, its message redacted") {
    extension_world w;
    const auto op = w.call("boom.throw", "");
    CHECK(op.status == TETHER_INTERNAL);
    CHECK(op.reason == "extension_threw");
    CHECK_THAT(op.message, Catch::Contains("kaboom from the extension (\u2026secret)"));
    CHECK_THAT(op.message, !Catch::Contains(w.emulator.options().client_secret));

    const auto hooked = w.call("sheets.get_thrown", R"({"sheetId":2001})");
    CHECK(hooked.status == TETHER_INTERNAL);
    CHECK(hooked.reason == "extension_threw");
    CHECK(w.emulator.count("GET /2.0/sheets/{sheetId}") == 0);  // refused before sending
}

TEST_CASE("a response hook's verdict decides: a 404 accepted with its body, a 200 refused") {
    extension_world w;
    const auto accepted = w.call("sheets.get_or_empty", R"({"sheetId":999999})");
    CHECK(accepted.status == TETHER_OK);
    CHECK(accepted.body == R"({"missing":true})");
    CHECK(accepted.http_status == 404);

    const auto refused = w.call("sheets.get_refused", R"({"sheetId":2001})");
    CHECK(refused.status == TETHER_BAD_REQUEST);
    CHECK(refused.reason == "provider_said_no");
    CHECK(refused.http_status == 200);
    CHECK(w.emulator.count("GET /2.0/sheets/{sheetId}") == 2);  // neither was retried
}

TEST_CASE("nothing handed to an extension holds a secret: tokens, client secret, Authorization") {
    extension_world w;
    take_seen();
    const auto r = w.call("probe.run", R"({"note":"hello"})", R"({"payload":1})");
    INFO(r.json);
    REQUIRE(r.status == TETHER_OK);
    const std::string seen = take_seen();
    CHECK_THAT(seen, Catch::Contains("hello") && Catch::Contains("Roadmap") && Catch::Contains("payload"));
    CHECK_THAT(seen, Catch::Contains("/sheets/2001") && Catch::Contains("application/json"));
    CHECK_THAT(seen, !Catch::Contains("SET_AUTHORIZATION_ALLOWED") && !Catch::Contains("Authorization:") &&
                         !Catch::Contains("Bearer"));
    for (const auto& token : w.tokens()) {
        REQUIRE(token.size() >= 12);
        CHECK(seen.find(token) == std::string::npos);
        CHECK(seen.find(token.substr(0, token.size() - 6)) == std::string::npos);  // nor most of it
    }
    CHECK(seen.find(w.emulator.options().client_secret) == std::string::npos);
    // The extension's log line reached the host, named.
    std::lock_guard lock(w.host.mutex);
    CHECK(std::any_of(w.host.log_lines.begin(), w.host.log_lines.end(),
                      [](const std::string& l) { return l == "extension recording: probe ran"; }));
}

TEST_CASE("misusing the context returns statuses, and a context kept past its operation is refused") {
    extension_world w;
    const auto r = w.call("misuse.run", "");
    REQUIRE(r.status == TETHER_OK);
    CHECK(misuse_failures() == "");
    const tether_extension_api* api = kept_api();
    REQUIRE(api != nullptr);
    CHECK(api->struct_size == sizeof(tether_extension_api));
    CHECK(api->abi_version == TETHER_ABI_VERSION);
    std::int64_t now = 0;
    const char* text = nullptr;
    CHECK(api->now_ms(kept_context(), &now) == TETHER_HOST_ERROR);
    CHECK(api->operation_name(kept_context(), &text) == TETHER_HOST_ERROR);
    tether_extension_request request = TETHER_EXTENSION_REQUEST_INIT;
    request.path = "/users/me";
    tether_extension_response response = TETHER_EXTENSION_RESPONSE_INIT;
    CHECK(api->send(kept_context(), &request, &response) == TETHER_HOST_ERROR);
    CHECK(w.emulator.count("GET /2.0/users/me") == 0);
}

TEST_CASE("a code operation's requests share the call's one budget: once spent, nothing more is sent") {
    extension_world w;
    // A 429 is retried with backoff and, unlike a 5xx, does not open the API host's circuit.
    w.fail_requests("GET", "/2.0/sheets/2001", 429, 4003);
    const auto r = w.call("budget.loop", "");
    INFO(r.json);
    CHECK(r.status == TETHER_TRANSIENT);
    CHECK(r.reason == "budget_exhausted");
    CHECK(loop_stop_reason() == "budget_exhausted");
    CHECK(loop_sends() >= 1);
    CHECK(loop_sends() < 100);
    CHECK(w.emulator.count("GET /2.0/sheets/{sheetId}") == static_cast<int>(json::parse(r.attempts).as_array().size()));
}

TEST_CASE("an extension built for a newer ABI is refused, naming it, and an older, smaller table works") {
    const std::string manifest = minimal_manifest_head + "  raw.op:\n    extension: raw.op\n";
    std::string reason, message;
    const tether_extension_entry_fn newer_minor =
        +[] { return raw_table(TETHER_ABI_VERSION + 1, sizeof(tether_extension), "raw.op"); };
    CHECK(open_with(manifest, {newer_minor}, &reason, &message) == TETHER_CONFIG_ERROR);
    CHECK(reason == "extension_abi_too_new");
    CHECK_THAT(message, Catch::Contains("extension entry function #1 ('raw') was built for tether ABI 1." +
                                        std::to_string(TETHER_ABI_VERSION_MINOR + 1)));

    const tether_extension_entry_fn other_major =
        +[] { return raw_table((2u << 16) | 0u, sizeof(tether_extension), "raw.op"); };
    CHECK(open_with(manifest, {other_major}, &reason, &message) == TETHER_CONFIG_ERROR);
    CHECK(reason == "extension_abi_too_new");

    const tether_extension_entry_fn smaller =
        +[] { return raw_table(TETHER_ABI_VERSION, offsetof(tether_extension, request_hooks), "raw.op"); };
    CHECK(open_with(manifest, {smaller}, &reason, &message) == TETHER_OK);

    const tether_extension_entry_fn too_small =
        +[] { return raw_table(TETHER_ABI_VERSION, offsetof(tether_extension, operations), "raw.op"); };
    CHECK(open_with(manifest, {too_small}, &reason, &message) == TETHER_CONFIG_ERROR);
    CHECK(reason == "extension_invalid");

    CHECK(open_with(manifest, {smaller, smaller}, &reason, &message) == TETHER_CONFIG_ERROR);
    CHECK(reason == "extension_duplicate");
}

TEST_CASE("a manifest naming an extension operation or hook that is not loaded is invalid at file:line:col") {
    const std::string manifest = minimal_manifest_head +
                                 "    hooks: {request: [signing]}\n"
                                 "  things.upsert:\n"
                                 "    extension: things.upsert\n";
    std::string reason, message;
    CHECK(open_with(manifest, {}, &reason, &message) == TETHER_CONFIG_ERROR);
    CHECK(reason == "manifest_invalid");
    CHECK_THAT(message, Catch::Contains("named.yaml:16:23: operation 'things.list' names request hook 'signing'"));
    CHECK_THAT(message, Catch::Contains("named.yaml:18:16: operation 'things.upsert' names code operation "
                                        "'things.upsert', which no loaded extension offers"));

    // The same through validation, which lists what the loaded extensions offer.
    const auto entries = test_entries();
    tether_manifest_validate_options o = TETHER_MANIFEST_VALIDATE_OPTIONS_INIT;
    o.manifest_text = manifest.c_str();
    o.manifest_name = "named.yaml";
    o.extension_entries = entries.data();
    o.extension_entry_count = entries.size();
    tether_result* r = nullptr;
    CHECK(tether_manifest_validate_ex(&o, &r) == TETHER_CONFIG_ERROR);
    CHECK_THAT(tether_result_message(r), Catch::Contains("loaded code operations: probe.run, boom.throw"));
    tether_result_free(r);

    const std::string valid = minimal_manifest_head + "  probe.run:\n    extension: probe.run\n";
    o.manifest_text = valid.c_str();
    REQUIRE(tether_manifest_validate_ex(&o, &r) == TETHER_OK);
    const auto body = json::parse(tether_result_body(r, nullptr));
    CHECK(body.at("extensions").as_array().size() == 4);
    CHECK(body.at("extensions").at(0).at("operations").at(0).at("name") == "probe.run");
    tether_result_free(r);
}

TEST_CASE("an extension path that cannot be loaded, or lacks the entry symbol, is a config error naming it") {
    memory_host host;
    tether_host table = host.table();
    const std::string manifest = minimal_manifest_head;
    for (const auto& [path, reason] :
         std::vector<std::pair<std::string, std::string>>{{"/nonexistent/libmissing.so", "extension_not_loaded"},
                                                          {TETHER_LIBTETHER_PATH, "extension_entry_missing"}}) {
        const char* paths[] = {path.c_str()};
        tether_connector_options o = TETHER_CONNECTOR_OPTIONS_INIT;
        o.manifest_text = manifest.c_str();
        o.host = &table;
        o.extension_paths = paths;
        o.extension_path_count = 1;
        tether_connector* c = nullptr;
        tether_result* r = nullptr;
        CHECK(tether_connector_open(&o, &c, &r) == TETHER_CONFIG_ERROR);
        CHECK(tether_result_reason(r) == reason);
        CHECK_THAT(tether_result_message(r), Catch::Contains(path));
        CHECK(c == nullptr);
        tether_result_free(r);
    }
}
