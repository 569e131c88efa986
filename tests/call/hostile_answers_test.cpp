// Hostile or broken answers never exhaust the host or pass for success, end to end through tether::connection
// against the emulator: a gzip bomb, a 200 maintenance page, a redirect (from the API and from the token
// endpoint) and a huge header. Time never passes by sleeping: the test host records the backoff waits.
#include <catch2/catch.hpp>

#include "tests/call/call_fixture.hpp"
#include "tests/call/call_manifests.hpp"

using namespace tether_test;
using namespace tether_call_test;
using Catch::Matchers::Contains;
using tether::status;

namespace {

constexpr std::int64_t mib = 1024 * 1024;

emu::fault_rule fault_on(emu::fault_kind kind, std::string method, std::string path, int times = 1) {
    emu::fault_rule rule;
    rule.kind = kind;
    rule.method = std::move(method);
    rule.path = std::move(path);
    rule.times = times;
    return rule;
}

emu::fault_rule gzip_bomb(std::string path, std::int64_t inflated_bytes) {
    auto rule = fault_on(emu::fault_kind::gzip_bomb, "", std::move(path));
    rule.inflated_bytes = inflated_bytes;
    return rule;
}

// The Smartsheet manifest with `users.me` capped at 1 MiB.
std::shared_ptr<const tether::manifest::connector_manifest> smartsheet_with_small_me() {
    static const auto loaded = [] {
        std::string text = read_text(std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml");
        const std::string me = "  users.me:\n";
        const auto at = text.find(me);
        REQUIRE(at != std::string::npos);
        text.insert(at + me.size(), "    max_response_bytes: 1048576\n");
        return tether::manifest::load_manifest_text(text, "small_me.yaml");
    }();
    for (const auto& d : loaded.diagnostics) UNSCOPED_INFO(tether::manifest::to_string(d));
    REQUIRE(loaded.manifest);
    return loaded.manifest;
}

// A week later: the seeded token is past its declared end, so a call must refresh first.
void make_token_due(engine_fixture& f) {
    f.emulator.advance_clock(std::chrono::hours(24 * 7 + 1));
}

}  // namespace

TEST_CASE("a gzip bomb past the default 64 MiB cap ends the call as BAD_REQUEST response_too_large at once") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    f.emulator.add_fault(gzip_bomb("/2.0/users/me", 65 * mib));

    const auto o = c->call(call_of("users.me"));
    CHECK(o.code == status::bad_request);
    CHECK(o.reason == "response_too_large");
    CHECK_THAT(o.message, Contains(std::to_string(64 * mib)));
    CHECK_THAT(o.message, Contains("max_response_bytes"));
    CHECK_THAT(o.message, Contains("a page"));
    CHECK(o.body.empty());
    CHECK(o.retry_after_ms == -1);
    CHECK(f.emulator.count("GET /2.0/users/me") == 1);  // never retried: the same request brings the same answer
    REQUIRE(o.attempts.size() == 1);
    CHECK(o.attempts[0].transport_error == "response_too_large");
    CHECK(f.host_ref->sleeps().empty());
    check_no_token_leak(f, {o});
}

TEST_CASE("an operation's max_response_bytes caps its answers, and an answer within the cap is returned whole") {
    engine_fixture f;
    use_manifest(f, smartsheet_with_small_me());
    f.seed_tokens();
    auto c = f.open();
    f.emulator.add_fault(gzip_bomb("/2.0/users/me", 2 * mib));
    const auto capped = c->call(call_of("users.me"));
    CHECK(capped.code == status::bad_request);
    CHECK(capped.reason == "response_too_large");
    CHECK_THAT(capped.message, Contains(std::to_string(mib)));

    f.emulator.add_fault(gzip_bomb("/2.0/sheets", 2 * mib));  // sheets.list keeps the default cap
    const auto whole = c->call(call_of("sheets.list"));
    REQUIRE(whole.code == status::ok);
    CHECK(whole.body.size() == static_cast<std::size_t>(2 * mib));
}

TEST_CASE("a 200 maintenance page is retried per backoff and never reported as OK") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    auto page = fault_on(emu::fault_kind::non_json_body, "GET", "/2.0/users/me", emu::fault_rule::forever);
    page.status = 200;
    f.emulator.add_fault(page);

    const auto o = c->call(call_of("users.me"));
    const int retries = f.connector->manifest().errors.backoff.max_retries;
    CHECK(o.code == status::transient);
    CHECK(o.reason == "unexpected_content_type");
    CHECK_THAT(o.message, Contains("text/html"));
    CHECK(o.retry_after_ms > 0);
    CHECK(o.http_status == 200);
    CHECK(f.emulator.count("GET /2.0/users/me") == retries + 1);
    CHECK(f.host_ref->sleeps().size() == static_cast<std::size_t>(retries));
    for (const auto& a : o.attempts) CHECK(a.action != "ok");

    f.emulator.clear_faults();
    page.times = 1;
    f.emulator.add_fault(page);
    const auto recovered = c->call(call_of("users.me"));
    CHECK(recovered.code == status::ok);
    CHECK(recovered.attempts.size() == 2);
}

TEST_CASE("a 302 from the API is CONFIG_ERROR unexpected_redirect with its Location, and the bearer never goes there") {
    engine_fixture f;
    emu::smartsheet_emulator elsewhere;
    f.seed_tokens();
    auto c = f.open();
    auto moved = fault_on(emu::fault_kind::redirect, "GET", "/2.0/users/me");
    moved.location = elsewhere.api_base() + "/users/me";
    f.emulator.add_fault(moved);

    const auto o = c->call(call_of("users.me"));
    CHECK(o.code == status::config_error);
    CHECK(o.reason == "unexpected_redirect");
    CHECK(o.http_status == 302);
    CHECK_THAT(o.message, Contains(moved.location));
    CHECK(f.emulator.count("GET /2.0/users/me") == 1);
    CHECK(elsewhere.request_log().empty());
    check_no_token_leak(f, {o});
}

TEST_CASE("a 401 with a huge WWW-Authenticate is TRANSIENT response_headers_too_large: one request, no refresh") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    for (const int size : {70 * 1024, 128 * 1024}) {  // past tether's cap; past libcurl's own too
        INFO(size);
        f.emulator.clear_observations();
        auto bloated = fault_on(emu::fault_kind::huge_header, "GET", "/2.0/users/me");
        bloated.error_code = 1002;
        bloated.header_bytes = size;
        f.emulator.add_fault(bloated);

        const auto o = c->call(call_of("users.me"));
        CHECK(o.code == status::transient);
        CHECK(o.reason == "response_headers_too_large");
        CHECK_THAT(o.message, Contains("65536"));
        CHECK(o.retry_after_ms > 0);
        CHECK(f.emulator.count("GET /2.0/users/me") == 1);
        CHECK(f.token_requests() == 0);
        CHECK(f.host_ref->sleeps().empty());
    }
}

TEST_CASE("a redirect from the token endpoint is CONFIG_ERROR unexpected_redirect, and the grant never goes there") {
    engine_fixture f;
    emu::smartsheet_emulator elsewhere;
    const auto pair = f.seed_tokens();
    auto c = f.open();
    make_token_due(f);
    auto moved = fault_on(emu::fault_kind::redirect, "POST", "/2.0/token");
    moved.status = 307;  // a 307 would repeat the POST, form and all, at the target
    moved.location = elsewhere.token_url();
    f.emulator.add_fault(moved);

    const auto o = c->call(call_of("users.me"));
    CHECK(o.code == status::config_error);
    CHECK(o.reason == "unexpected_redirect");
    CHECK_THAT(o.message, Contains(elsewhere.token_url()));
    CHECK(f.token_requests() == 1);
    CHECK(f.emulator.count("GET /2.0/users/me") == 0);
    CHECK(elsewhere.request_log().empty());
    check_no_token_leak(f, {o}, {pair.access_token, pair.refresh_token});
}

TEST_CASE("a token endpoint answer past 1 MiB, or one that is not JSON, is transient and never read as a grant") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    make_token_due(f);
    f.emulator.add_fault(gzip_bomb("/2.0/token", 2 * mib));
    const auto bombed = c->refresh(true);
    CHECK(bombed.code == status::transient);
    CHECK(bombed.reason == "response_too_large");
    CHECK_THAT(bombed.message, Contains(std::to_string(mib)));

    engine_fixture g;
    g.seed_tokens();
    auto d = g.open();
    auto page = fault_on(emu::fault_kind::non_json_body, "POST", "/2.0/token");
    page.status = 200;
    g.emulator.add_fault(page);
    const auto unreadable = d->refresh(true);
    CHECK(unreadable.code == status::transient);
    CHECK(unreadable.reason == "token_response_unreadable");
}
