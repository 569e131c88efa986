// The engine harness: manifest loading, connection settings, seeded records and the leak check over logs and
// outcomes.
#include "tests/support/engine_harness.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <stdexcept>
#include <variant>

#include "plugin/core/outcome_json.hpp"
#include "plugin/manifest/manifest.hpp"
#include "tests/support/authorized_record.hpp"

namespace tether_test {

namespace {

std::shared_ptr<const tether::manifest::connector_manifest> checked(const tether::manifest::load_result& loaded) {
    if (loaded.manifest) return loaded.manifest;
    std::string problems = "the test's manifest is invalid:";
    for (const auto& d : loaded.diagnostics) problems += "\n  " + tether::manifest::to_string(d);
    throw std::invalid_argument(problems);
}

// Loaded once: the model is immutable and shared by every harness.
std::shared_ptr<const tether::manifest::connector_manifest> smartsheet() {
    static const auto loaded =
        checked(tether::manifest::load_manifest_file(std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml"));
    return loaded;
}

}  // namespace

engine_harness::engine_harness() {
    build(smartsheet());
}

engine_harness::engine_harness(std::string_view manifest_yaml) {
    build(checked(tether::manifest::load_manifest_text(manifest_yaml, "test-manifest.yaml")));
}

void engine_harness::build(std::shared_ptr<const tether::manifest::connector_manifest> manifest) {
    auto host = std::make_unique<fake_host>();
    host_ = host.get();
    auto http = std::make_unique<scripted_transport>();
    http_ = http.get();
    connector_ = std::make_unique<tether::connector>(std::move(manifest), std::move(host), std::move(http));
}

boost::json::object engine_harness::settings() const {
    boost::json::object s;
    s["client_id"] = client_id;
    s["client_secret"] = client_secret;
    s["redirect_uri"] = redirect_uri;
    s["base_url"] = base_url;
    return s;
}

std::unique_ptr<tether::connection> engine_harness::open(const std::string& connection_id) const {
    return open(connection_id, settings());
}

std::unique_ptr<tether::connection> engine_harness::open(const std::string& connection_id,
                                                         const boost::json::object& given) const {
    auto resolved = tether::manifest::resolve_settings(connector_->manifest(), given);
    if (auto* problems = std::get_if<std::vector<std::string>>(&resolved)) {
        std::string text = "the test's settings do not resolve:";
        for (const auto& p : *problems) text += "\n  " + p;
        throw std::invalid_argument(text);
    }
    return std::make_unique<tether::connection>(*connector_, connection_id,
                                                std::get<tether::manifest::resolved_settings>(std::move(resolved)));
}

void engine_harness::seed_tokens(const std::string& connection_id, const std::string& access_token,
                                 const std::string& refresh_token, std::int64_t declared_lifetime_s,
                                 const std::vector<std::string>& scopes) {
    host_->put_record(connection_id,
                      authorized_record(access_token, refresh_token, host_->now(), declared_lifetime_s, scopes,
                                        "http://127.0.0.1:9"));
    seeded_secrets_.push_back(access_token);
    seeded_secrets_.push_back(refresh_token);
}

void engine_harness::check_no_secret_leaked(const std::vector<std::string>& more,
                                            const std::vector<tether::outcome>& outcomes) const {
    std::vector<std::string> secrets = seeded_secrets_;
    secrets.emplace_back(client_secret);
    secrets.insert(secrets.end(), more.begin(), more.end());
    host_->check_no_secret_in_logs(secrets);

    std::vector<std::string> texts;
    for (const auto& o : outcomes) texts.push_back(tether::outcome_to_json(o));
    for (const auto& redacted : leaked_secrets(texts, secrets))
        FAIL_CHECK("a secret ending in " << redacted << " appears in full in an outcome");
}

}  // namespace tether_test
