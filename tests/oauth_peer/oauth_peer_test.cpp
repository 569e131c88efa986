// tether against oidc-provider, an independent and certified OAuth 2.0 server, through the generic manifest
// tests/oauth_peer/generic.yaml: the code flow with PKCE, basic and post client authentication, a narrowed
// scope, refresh with rotation, RFC 7009 revocation, and the client credentials grant.
#include <curl/curl.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>

#include "plugin/connector/connection.hpp"
#include "plugin/connector/connector.hpp"
#include "plugin/http/curl_client.hpp"
#include "tests/oauth_peer/peer_process.hpp"
#include "tests/support/fake_host.hpp"
#include "tests/support/scripted_transport.hpp"

using namespace tether_test;
using tether::status;

namespace {

const std::string peer_dir = std::string(TETHER_SOURCE_DIR) + "/tests/oauth_peer";

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Records what is sent (decoded, for assertions) and sends it with libcurl.
class recording_client final : public tether::http::client {
public:
    tether::http::response send(const tether::http::request& req) override {
        {
            std::lock_guard lock(mutex_);
            sent_.push_back(record_request(req));
        }
        return inner_->send(req);
    }
    std::vector<recorded_request> sent() const {
        std::lock_guard lock(mutex_);
        return sent_;
    }
    int token_requests(std::string_view grant_type) const {
        int n = 0;
        for (const auto& r : sent()) n += r.path == "/token" && r.form("grant_type") == grant_type ? 1 : 0;
        return n;
    }

private:
    std::unique_ptr<tether::http::client> inner_ = tether::http::make_curl_client();
    mutable std::mutex mutex_;
    std::vector<recorded_request> sent_;
};

std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
    return size * count;
}

// A browser whose user logs in and consents (the server's interaction does both): follows the redirects with
// its cookies and returns the URL it lands on, the redirect_uri with the code and state.
std::string browse(const std::string& url) {
    CURL* h = curl_easy_init();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    std::string landed;
    if (curl_easy_perform(h) == CURLE_OK) {
        char* effective = nullptr;
        curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective);
        if (effective != nullptr) landed = effective;
    }
    curl_easy_cleanup(h);
    return landed;
}

// One oidc-provider, one connector on the generic manifest (with `client_auth`), a fake host.
struct peer_world {
    // `client_auth` replaces the generic manifest's; "none" (a public client) also drops the secret from its
    // credentials and the client credentials method, which needs one.
    explicit peer_world(const std::string& client_auth = "client_secret_basic")
        : peer(std::string(TETHER_NODE).empty() ? "/nonexistent/node" : TETHER_NODE, peer_dir) {
        if (!available()) return;
        std::string text = read_text(peer_dir + "/generic.yaml");
        const std::string basic = "client_auth: client_secret_basic";
        text.replace(text.find(basic), basic.size(), "client_auth: " + client_auth);
        if (client_auth == "none") {
            const std::string secret = " client_secret: client_secret,";
            text.erase(text.find(secret), secret.size());
            const auto methods = text.find("  methods:\n");
            text.erase(methods, text.find("\n\n", methods) - methods);
        }
        auto loaded = tether::manifest::load_manifest_text(text, "generic.yaml");
        for (const auto& d : loaded.diagnostics) UNSCOPED_INFO(tether::manifest::to_string(d));
        REQUIRE(loaded.manifest);
        auto host_owned = std::make_unique<fake_host>();
        host = host_owned.get();
        auto http_owned = std::make_unique<recording_client>();
        http = http_owned.get();
        connector = std::make_unique<tether::connector>(loaded.manifest, std::move(host_owned), std::move(http_owned));
    }

    // Without Node the test says so and is skipped (ctest reports it as skipped); with Node, a server that
    // does not start fails it.
    bool available() const {
        if (std::string(TETHER_NODE).empty()) {
            std::cout << "oauth peer unavailable: node is not installed (scripts/test installs it)" << std::endl;
            return false;
        }
        if (peer.port() == 0) FAIL("the oauth peer did not start: " << peer.why());
        return true;
    }

    std::string base() const { return "http://127.0.0.1:" + std::to_string(peer.port()); }

    std::unique_ptr<tether::connection> open(const std::string& client_id, boost::json::object extra = {}) {
        boost::json::object s{{"base_url", base()},
                              {"authorize_url", base() + "/auth"},
                              {"client_id", client_id},
                              {"client_secret", client_id + "-secret with spaces:and/colons"},
                              {"redirect_uri", base() + "/cb"}};
        for (auto& [k, v] : extra) s[k] = v;
        auto resolved = tether::manifest::resolve_settings(connector->manifest(), s);
        REQUIRE(std::holds_alternative<tether::manifest::resolved_settings>(resolved));
        return std::make_unique<tether::connection>(*connector, "conn-1",
                                                    std::get<tether::manifest::resolved_settings>(resolved));
    }

    // The code flow: begin, the user's consent at the server, complete with the callback URL.
    tether::outcome authorize(tether::connection& c) {
        const auto begun = c.authorize_begin();
        REQUIRE(begun.code == status::ok);
        const std::string url(boost::json::parse(begun.body).at("authorize_url").as_string());
        const std::string callback = browse(url);
        REQUIRE_THAT(callback, Catch::Contains("code="));
        tether::authorize_params params;
        params.callback_url = callback;
        return c.authorize_complete(params);
    }

    std::string stored(const char* field) const {
        const auto record = host->record("conn-1");
        const auto* v = record.as_object().if_contains(field);
        return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
    }

    peer_process peer;
    fake_host* host = nullptr;
    recording_client* http = nullptr;
    std::unique_ptr<tether::connector> connector;
};

tether::call_request me() {
    tether::call_request r;
    r.operation = "me";
    return r;
}

std::string scopes_of(const boost::json::value& v) {
    return boost::json::serialize(v);
}

}  // namespace

TEST_CASE("code flow with PKCE and basic client auth, the narrowed scope recorded and shown by health") {
    peer_world w;
    if (!w.available()) return;
    auto c =
        w.open("tether-basic", {{"scopes", boost::json::array{"openid", "offline_access", "api:read", "api:write"}}});
    const auto done = w.authorize(*c);
    REQUIRE(done.code == status::ok);
    const auto body = boost::json::parse(done.body);
    CHECK(scopes_of(body.at("scopes")) == R"(["openid","api:read"])");
    CHECK(scopes_of(body.at("scopes_not_granted")) == R"(["offline_access","api:write"])");

    const auto exchange = w.http->sent().front();
    CHECK(exchange.form("grant_type") == "authorization_code");
    CHECK_FALSE(exchange.form("code_verifier").empty());
    CHECK_THAT(exchange.header("Authorization"), Catch::StartsWith("Basic "));
    CHECK_FALSE(exchange.has_form("client_secret"));

    const auto call = c->call(me());
    CHECK(call.code == status::ok);
    CHECK(boost::json::parse(call.body).at("sub").as_string() == "user-1");
    CHECK_THAT(w.http->sent().back().header("User-Agent"), Catch::EndsWith("(+oidc_peer) tether-tests"));

    const auto health = boost::json::parse(c->health(false, false).body);
    CHECK(scopes_of(health.at("token").at("granted_scopes")) == R"(["openid","api:read"])");
}

TEST_CASE("a public client: code flow with PKCE and no secret, then refresh") {
    peer_world w("none");
    if (!w.available()) return;
    auto c = w.open("tether-public", {{"client_secret", nullptr}});
    REQUIRE(w.authorize(*c).code == status::ok);
    const auto exchange = w.http->sent().front();
    CHECK(exchange.form("client_id") == "tether-public");
    CHECK_FALSE(exchange.form("code_verifier").empty());
    CHECK_FALSE(exchange.has_form("client_secret"));
    CHECK_FALSE(exchange.has_header("Authorization"));
    CHECK(c->refresh(true).code == status::ok);
    CHECK(c->call(me()).code == status::ok);
}

TEST_CASE("code flow with post client auth, then refresh with rotation") {
    peer_world w("client_secret_post");
    if (!w.available()) return;
    auto c = w.open("tether-post");
    REQUIRE(w.authorize(*c).code == status::ok);
    CHECK(w.http->sent().front().has_form("client_secret"));
    CHECK_FALSE(w.http->sent().front().has_header("Authorization"));

    const std::string first_refresh = w.stored("refresh_token");
    REQUIRE_FALSE(first_refresh.empty());
    const auto refreshed = c->refresh(true);
    REQUIRE(refreshed.code == status::ok);
    CHECK(w.http->token_requests("refresh_token") == 1);
    CHECK_FALSE(w.stored("refresh_token").empty());
    CHECK(w.stored("refresh_token") != first_refresh);
    CHECK(c->call(me()).code == status::ok);
}

TEST_CASE("RFC 7009 revocation: confirmed, and the revoked grant then refuses refresh (reconnect required)") {
    peer_world w;
    if (!w.available()) return;
    auto c = w.open("tether-basic");
    REQUIRE(w.authorize(*c).code == status::ok);
    const std::string before = boost::json::serialize(w.host->record("conn-1"));

    const auto revoked = c->revoke();
    REQUIRE(revoked.code == status::ok);
    const auto request = w.http->sent().back();
    CHECK(request.path == "/token/revocation");
    CHECK(request.form("token_type_hint") == "refresh_token");
    CHECK(w.stored("state") == "unauthorized");

    // Another process that still held the old grant (a copy stored before the revoke) tries to use it.
    c.reset();
    w.host->put_record("conn-1", before);
    auto other = w.open("tether-basic");
    const auto refresh = other->refresh(true);
    CHECK(refresh.code == status::reconnect_required);
    CHECK(refresh.reason == "invalid_grant");
}

TEST_CASE("client credentials: the app's own token, fetched again when it expires") {
    peer_world w("client_secret_post");
    if (!w.available()) return;
    auto c = w.open("tether-post");
    const auto connected = c->connect_client();
    REQUIRE(connected.code == status::ok);
    CHECK(scopes_of(boost::json::parse(connected.body).at("scopes")) == R"(["api:read"])");
    CHECK(w.http->token_requests("client_credentials") == 1);
    CHECK(w.stored("client_credentials_method") == "service");

    w.host->advance(601 * 1000);  // the server's client credentials tokens live 600 s
    const std::string first = w.stored("access_token");
    const auto refresh = c->refresh(false);
    CHECK(refresh.code == status::ok);
    CHECK(w.http->token_requests("client_credentials") == 2);
    CHECK(w.stored("access_token") != first);
}
