// Several ways to authenticate in one manifest: Smartsheet's OAuth 2.0 and API access token side by side, the
// verb choosing the kind and the `auth_method` setting choosing among methods of one kind; and client
// credentials connections against the emulator (first token, renewal on expiry and on 401, single flight).
#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>
#include <future>
#include <vector>

#include "plugin/auth/method_choice.hpp"
#include "tests/auth/engine_fixture.hpp"

using namespace tether_test;
using tether::status;
using namespace std::chrono_literals;

namespace {

std::unique_ptr<tether::connection> open_with(engine_fixture& f, boost::json::object settings,
                                              const std::string& id = "conn-1") {
    auto resolved = tether::manifest::resolve_settings(f.connector->manifest(), settings);
    REQUIRE(std::holds_alternative<tether::manifest::resolved_settings>(resolved));
    return std::make_unique<tether::connection>(*f.connector, id,
                                                std::get<tether::manifest::resolved_settings>(resolved));
}

int token_endpoint_requests(const engine_fixture& f) {
    int n = 0;
    for (const auto& e : f.emulator.request_log()) n += e.endpoint == "POST /2.0/token" ? 1 : 0;
    return n;
}

std::shared_ptr<const tether::manifest::connector_manifest> client_credentials_manifest() {
    static const auto loaded = tether::manifest::load_manifest_file(
        std::string(TETHER_SOURCE_DIR) + "/tests/auth/fixtures/emulator_client_credentials.yaml");
    REQUIRE(loaded.manifest);
    return loaded.manifest;
}

emu::emulator_options granting_client_credentials() {
    emu::emulator_options o;
    o.client_credentials_user = engine_fixture::user;
    o.declared_lifetime_s = 3600;
    return o;
}

// A connection of the client credentials manifest that uses `method`.
std::unique_ptr<tether::connection> open_client(engine_fixture& f, const std::string& method) {
    return open_with(f, {{"client_id", f.emulator.options().client_id},
                         {"client_secret", f.emulator.options().client_secret},
                         {"base_url", f.emulator.api_base()},
                         {"auth_method", method}});
}

tether::call_request sheet_2001() {
    tether::call_request r;
    r.operation = "sheets.get";
    r.params_json = R"({"sheetId":2001})";
    return r;
}

}  // namespace

TEST_CASE("the shipped Smartsheet manifest serves an API-token connection without any client credentials") {
    engine_fixture f;
    auto c = open_with(f, {{"base_url", f.emulator.api_base()}});
    const auto token = f.emulator.issue_tokens(engine_fixture::user, {"READ_SHEETS"}).access_token;
    REQUIRE(c->authorize_with_token(token).code == status::ok);
    CHECK(c->call(sheet_2001()).code == status::ok);

    f.emulator.revoke_token(token);
    const auto o = c->call(sheet_2001());
    CHECK(o.code == status::reconnect_required);
    CHECK(o.reason == "api_token_invalid");
    CHECK(token_endpoint_requests(f) == 0);
}

TEST_CASE("OAuth verbs of a connection without client credentials are a config error, before any request") {
    engine_fixture f;
    auto c = open_with(f, {{"base_url", f.emulator.api_base()}});
    const auto begun = c->authorize_begin();
    CHECK(begun.code == status::config_error);
    CHECK(begun.reason == "client_credentials_missing");
    CHECK_THAT(begun.message, Catch::Contains("client_id"));
    CHECK(f.emulator.request_log().empty());
}

TEST_CASE("the method of a kind is the only one, or the one the auth_method setting names") {
    const auto manifest = client_credentials_manifest();
    using tether::auth::choose_method;
    using tether::manifest::method_kind;
    tether::manifest::resolved_settings s;
    CHECK(choose_method(manifest->auth, s, method_kind::client_credentials).failure->reason == "auth_method_required");
    s.values["auth_method"] = std::string("writer");
    const auto chosen = choose_method(manifest->auth, s, method_kind::client_credentials);
    REQUIRE(chosen.method != nullptr);
    CHECK(chosen.method->scopes == std::vector<std::string>{"READ_SHEETS", "WRITE_SHEETS"});
    CHECK(choose_method(manifest->auth, s, method_kind::api_token).failure->reason == "not_api_token");
    const auto smartsheet = choose_method(smartsheet_manifest()->auth, {}, method_kind::api_token);
    CHECK_FALSE(smartsheet.failure);
}

TEST_CASE("a client credentials connection: its token, renewed with the client's credentials when it expires") {
    engine_fixture f(granting_client_credentials(), client_credentials_manifest());
    auto c = open_client(f, "reader");
    const auto connected = c->connect_client();
    REQUIRE(connected.code == status::ok);
    CHECK(boost::json::parse(connected.body).at("auth_method").as_string() == "reader");
    CHECK(f.host_ref->record("conn-1").at("client_credentials_method").as_string() == "reader");
    CHECK(f.host_ref->record("conn-1").as_object().if_contains("refresh_token") == nullptr);
    const auto first = f.emulator.request_log().back();
    CHECK(first.grant_type == "client_credentials");
    CHECK(c->call(sheet_2001()).code == status::ok);

    f.emulator.advance_clock(3600s);
    CHECK(c->call(sheet_2001()).code == status::ok);
    CHECK(f.token_requests("client_credentials") == 2);
    CHECK(f.token_requests("refresh_token") == 0);
}

TEST_CASE("a client credentials token the provider rejects (401) is replaced once, and the call succeeds") {
    engine_fixture f(granting_client_credentials(), client_credentials_manifest());
    auto c = open_client(f, "reader");
    REQUIRE(c->connect_client().code == status::ok);
    f.emulator.revoke_token(std::string(f.host_ref->record("conn-1").at("access_token").as_string()));
    CHECK(c->call(sheet_2001()).code == status::ok);
    CHECK(f.token_requests("client_credentials") == 2);
}

TEST_CASE("many workers with an expired client credentials token make one token request") {
    engine_fixture f(granting_client_credentials(), client_credentials_manifest());
    auto c = open_client(f, "writer");
    REQUIRE(c->connect_client().code == status::ok);
    f.emulator.advance_clock(3600s);
    std::vector<std::future<tether::outcome>> workers;
    for (int i = 0; i < 32; ++i)
        workers.push_back(std::async(std::launch::async, [&] { return c->call(sheet_2001()); }));
    for (auto& w : workers) CHECK(w.get().code == status::ok);
    CHECK(f.token_requests("client_credentials") == 2);
}
