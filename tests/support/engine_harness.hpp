// A tether engine for tests without a server: the real connector and connections on a manifest (Smartsheet's
// by default), talking to a scripted_transport and living on a fake_host that the test keeps in hand.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/connector/connection.hpp"
#include "plugin/connector/connector.hpp"
#include "plugin/core/outcome.hpp"
#include "tests/support/fake_host.hpp"
#include "tests/support/scripted_transport.hpp"

namespace tether_test {

class engine_harness {
public:
    // Nothing is ever sent to this base URL (port 9, discard): the script answers every request.
    static constexpr std::string_view base_url = "http://127.0.0.1:9/2.0";
    static constexpr std::string_view client_id = "scripted-client-id";
    static constexpr std::string_view client_secret = "scripted-client-secret-7c41d9e2";
    static constexpr std::string_view redirect_uri = "http://127.0.0.1:9/callback";

    // On manifests/smartsheet.yaml.
    engine_harness();
    // On a manifest given as YAML text; throws std::invalid_argument listing its diagnostics when it is invalid.
    explicit engine_harness(std::string_view manifest_yaml);

    scripted_transport& http() const noexcept { return *http_; }
    fake_host& host() const noexcept { return *host_; }
    tether::connector& connector() const noexcept { return *connector_; }

    // client_id, client_secret, redirect_uri and base_url, as a host would give them.
    boost::json::object settings() const;
    // A connection with settings() (or the given settings); throws std::invalid_argument listing the
    // problems when they do not resolve.
    std::unique_ptr<tether::connection> open(const std::string& connection_id = "conn-1") const;
    std::unique_ptr<tether::connection> open(const std::string& connection_id,
                                             const boost::json::object& settings) const;

    // Stores a record as if the connection had been authorized at the fake clock's now with this pair.
    void seed_tokens(const std::string& connection_id, const std::string& access_token,
                     const std::string& refresh_token, std::int64_t declared_lifetime_s = 604799,
                     const std::vector<std::string>& scopes = {"READ_SHEETS", "WRITE_SHEETS"});

    // Fails the test (without stopping it) for each secret found in full in a log line or in an outcome's
    // JSON: the client secret, every seeded token, and `more` (e.g. tokens the script handed out).
    void check_no_secret_leaked(const std::vector<std::string>& more = {},
                                const std::vector<tether::outcome>& outcomes = {}) const;

private:
    void build(std::shared_ptr<const tether::manifest::connector_manifest> manifest);

    std::unique_ptr<tether::connector> connector_;
    scripted_transport* http_ = nullptr;  // owned by connector_
    fake_host* host_ = nullptr;           // owned by connector_
    std::vector<std::string> seeded_secrets_;
};

}  // namespace tether_test
