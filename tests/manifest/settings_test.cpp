// resolve_settings: a host's JSON settings checked against the manifest, defaults applied, the region's
// URLs chosen; every error names the setting and no secret value is ever repeated.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "manifest_fixtures.hpp"
#include "plugin/manifest/manifest.hpp"

namespace m = tether::manifest;
using Catch::Matchers::Contains;

namespace {

const m::connector_manifest& smartsheet() {
    static const auto loaded = m::load_manifest_file(m::testing::smartsheet_path).manifest;
    REQUIRE(loaded);
    return *loaded;
}

boost::json::object json(const char* text) {
    return boost::json::parse(text).as_object();
}

m::resolved_settings resolve_ok(const m::connector_manifest& manifest, const char* given) {
    auto result = m::resolve_settings(manifest, json(given));
    if (auto* errors = std::get_if<std::vector<std::string>>(&result)) {
        for (const auto& e : *errors) UNSCOPED_INFO(e);
        FAIL("settings were rejected");
    }
    return std::get<m::resolved_settings>(result);
}

std::string resolve_errors(const m::connector_manifest& manifest, const char* given) {
    auto result = m::resolve_settings(manifest, json(given));
    auto* errors = std::get_if<std::vector<std::string>>(&result);
    REQUIRE(errors);
    std::string out;
    for (const auto& e : *errors) out += e + "\n";
    return out;
}

std::shared_ptr<const m::connector_manifest> load_inline(const std::string& text) {
    auto result = m::load_manifest_text(text, "inline.yaml");
    for (const auto& d : result.diagnostics) UNSCOPED_INFO(m::to_string(d));
    REQUIRE(result.manifest);
    return result.manifest;
}

}  // namespace

TEST_CASE("defaults fill what the host leaves out") {
    auto s = resolve_ok(smartsheet(), R"({"client_id": "app-1", "client_secret": "s3cr3t"})");
    CHECK(s.region == "com");
    CHECK(s.api_base == "https://api.smartsheet.com/2.0");
    CHECK(s.authorize_url == "https://app.smartsheet.com/b/authorize");
    CHECK(s.token_url == "https://api.smartsheet.com/2.0/token");
    CHECK(s.revoke_url == "https://api.smartsheet.com/2.0/token");
    CHECK(s.scopes == std::vector<std::string>{"READ_SHEETS", "WRITE_SHEETS", "ADMIN_WEBHOOKS"});
    CHECK(s.client_id == "app-1");
    CHECK(s.client_secret == "s3cr3t");
    CHECK(s.redirect_uri.empty());
    CHECK(s.get_string("region") == "com");
    CHECK_FALSE(s.find("base_url"));
}

TEST_CASE("the region setting selects the API base and the authorize URL") {
    struct row {
        const char* region;
        const char* api_base;
        const char* authorize_url;
    };
    for (const row& r :
         {row{"com", "https://api.smartsheet.com/2.0", "https://app.smartsheet.com/b/authorize"},
          row{"eu", "https://api.smartsheet.eu/2.0", "https://app.smartsheet.eu/b/authorize"},
          row{"au", "https://api.smartsheet.au/2.0", "https://app.smartsheet.au/b/authorize"},
          row{"gov", "https://api.smartsheetgov.com/2.0", "https://app.smartsheetgov.com/b/authorize"}}) {
        INFO(r.region);
        std::string given = std::string(R"({"client_id": "a", "client_secret": "b", "region": ")") + r.region + "\"}";
        auto s = resolve_ok(smartsheet(), given.c_str());
        CHECK(s.region == r.region);
        CHECK(s.api_base == r.api_base);
        CHECK(s.authorize_url == r.authorize_url);
        CHECK(s.token_url == std::string(r.api_base) + "/token");
    }
}

TEST_CASE("override settings point a connection at a loopback emulator") {
    auto s = resolve_ok(smartsheet(), R"({"client_id": "a", "client_secret": "b", "region": "eu",
                                        "base_url": "http://127.0.0.1:8765/2.0/",
                                        "authorize_url": "http://127.0.0.1:8765/b/authorize"})");
    CHECK(s.api_base == "http://127.0.0.1:8765/2.0");
    CHECK(s.token_url == "http://127.0.0.1:8765/2.0/token");
    CHECK(s.authorize_url == "http://127.0.0.1:8765/b/authorize");
    CHECK(s.region == "eu");
}

TEST_CASE("an override that is not https or loopback is rejected, naming the setting") {
    auto errors = resolve_errors(smartsheet(), R"({"client_id": "a", "client_secret": "b",
                                                 "base_url": "http://api.example.com/2.0"})");
    CHECK_THAT(errors, Contains("setting 'base_url'") && Contains("must use https"));
}

TEST_CASE("a missing required setting is named") {
    const auto minimal = load_inline(m::testing::minimal_manifest);
    auto errors = resolve_errors(*minimal, R"({})");
    CHECK_THAT(errors, Contains("missing required setting 'client_id'"));
    CHECK_THAT(errors, Contains("missing required setting 'client_secret'"));
}

TEST_CASE("a JSON null counts as not given") {
    auto s = resolve_ok(smartsheet(), R"({"client_id": "a", "client_secret": "b", "region": null, "base_url": null})");
    CHECK(s.region == "com");
    CHECK(s.api_base == "https://api.smartsheet.com/2.0");
    const auto minimal = load_inline(m::testing::minimal_manifest);
    CHECK_THAT(resolve_errors(*minimal, R"({"client_id": null, "client_secret": "b"})"),
               Contains("missing required setting 'client_id'"));
}

TEST_CASE("a setting of the wrong type is named with the expected type") {
    auto errors = resolve_errors(smartsheet(), R"({"client_id": 42, "client_secret": "b", "scopes": 7})");
    CHECK_THAT(errors, Contains("setting 'client_id' must be a string, got a number"));
    CHECK_THAT(errors, Contains("setting 'scopes' must be an array of strings, got a number"));
}

TEST_CASE("typed settings may be given as text, as a command line or environment gives them") {
    auto s = resolve_ok(smartsheet(), R"({"client_id": "a", "client_secret": "b", "scopes": "READ_SHEETS WRITE_SHEETS"})");
    CHECK(s.scopes == std::vector<std::string>{"READ_SHEETS", "WRITE_SHEETS"});
    auto comma = resolve_ok(smartsheet(), R"({"client_id": "a", "client_secret": "b", "scopes": "READ_SHEETS,SHARE_SHEETS"})");
    CHECK(comma.scopes == std::vector<std::string>{"READ_SHEETS", "SHARE_SHEETS"});
    CHECK_THAT(resolve_errors(smartsheet(), R"({"client_id": "a", "client_secret": "b", "scopes": "READ_SHEETS BOGUS"})"),
               Contains("BOGUS"));
}

TEST_CASE("a value outside a setting's enum lists the allowed values") {
    auto errors = resolve_errors(smartsheet(), R"({"client_id": "a", "client_secret": "b", "region": "us"})");
    CHECK_THAT(errors, Contains("setting 'region' must be one of: com, eu, au, gov (got 'us')"));
}

TEST_CASE("an unknown setting is rejected with a suggestion") {
    auto errors = resolve_errors(smartsheet(), R"({"client_id": "a", "client_secret": "b", "regoin": "eu"})");
    CHECK_THAT(errors, Contains("unknown setting 'regoin' (did you mean 'region'?"));
}

TEST_CASE("requested scopes must be scopes the provider defines") {
    auto s = resolve_ok(smartsheet(), R"({"client_id": "a", "client_secret": "b", "scopes": ["READ_SHEETS"]})");
    CHECK(s.scopes == std::vector<std::string>{"READ_SHEETS"});
    auto errors = resolve_errors(smartsheet(), R"({"client_id": "a", "client_secret": "b", "scopes": ["READ_SHEET"]})");
    CHECK_THAT(errors, Contains("scope 'READ_SHEET'") && Contains("did you mean 'READ_SHEETS'?"));
}

TEST_CASE("secret values are never repeated, in errors or in the redacted view") {
    auto errors = resolve_errors(smartsheet(), R"({"client_id": "a", "client_secret": ["hunter2"]})");
    CHECK_THAT(errors, Contains("setting 'client_secret' must be a string, got an array"));
    CHECK_THAT(errors, !Contains("hunter2"));

    auto s = resolve_ok(smartsheet(), R"({"client_id": "a", "client_secret": "hunter2"})");
    CHECK(s.is_secret("client_secret"));
    CHECK_FALSE(s.is_secret("client_id"));
    std::string shown = boost::json::serialize(s.redacted());
    CHECK_THAT(shown, !Contains("hunter2"));
    CHECK_THAT(shown, Contains(R"("client_secret":"<redacted>")"));
    CHECK_THAT(shown, Contains(R"("client_id":"a")"));

    // A secret with an enum: the rejected value is not quoted either.
    auto manifest = load_inline(std::string(m::testing::minimal_manifest)
                                    .replace(std::string(m::testing::minimal_manifest).find("servers:"), 0,
                                             "  pin: {type: string, secret: true, enum: [alpha, beta]}\n"));
    auto pin_errors = resolve_errors(*manifest, R"({"client_id": "a", "client_secret": "b", "pin": "gamma-777"})");
    CHECK_THAT(pin_errors, Contains("setting 'pin'"));
    CHECK_THAT(pin_errors, !Contains("gamma-777"));
}

TEST_CASE("URL templates are filled from settings, and a missing one is named") {
    std::string text = m::testing::minimal_manifest;
    text.replace(text.find("https://api.example.com/v1"), std::string("https://api.example.com/v1").size(),
                 "https://{tenant}.example.com/v{api_version}");
    text.replace(text.find("servers:"), 0, "  tenant: {type: string}\n  api_version: {type: integer, default: 2}\n");
    auto manifest = load_inline(text);
    auto s = resolve_ok(*manifest, R"({"client_id": "a", "client_secret": "b", "tenant": "acme"})");
    CHECK(s.api_base == "https://acme.example.com/v2");
    CHECK(s.token_url == "https://acme.example.com/v2/oauth/token");
    CHECK_THAT(resolve_errors(*manifest, R"({"client_id": "a", "client_secret": "b"})"),
               Contains("setting 'tenant' is needed by the api_base of region 'main'"));
    CHECK_THAT(resolve_errors(*manifest, R"({"client_id": "a", "client_secret": "b", "tenant": "x/../evil.com#"})"),
               Contains("the api_base of region 'main'"));
}

TEST_CASE("integer settings accept integral JSON numbers and check their range") {
    std::string text = m::testing::minimal_manifest;
    text.replace(text.find("servers:"), 0, "  page_size: {type: integer, minimum: 1, maximum: 500, default: 100}\n");
    auto manifest = load_inline(text);
    CHECK(resolve_ok(*manifest, R"({"client_id": "a", "client_secret": "b"})").get_integer("page_size") == 100);
    CHECK(resolve_ok(*manifest, R"({"client_id": "a", "client_secret": "b", "page_size": 250.0})")
              .get_integer("page_size") == 250);
    CHECK_THAT(resolve_errors(*manifest, R"({"client_id": "a", "client_secret": "b", "page_size": 2.5})"),
               Contains("setting 'page_size' must be an integer, got a number"));
    CHECK_THAT(resolve_errors(*manifest, R"({"client_id": "a", "client_secret": "b", "page_size": 501})"),
               Contains("setting 'page_size' must be at most 500 (got 501)"));
}
