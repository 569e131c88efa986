// The stored record of a connection authorized earlier, as tests seed it into a host's storage. Built as the
// JSON the engine reads (plugin/record/token_record.cpp) without the engine, so that ABI tests can seed too.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace tether_test {

// `scopes` empty: the grant's scopes are unknown (tether then checks none). `origin` (scheme://host:port) is
// where the grant was issued, as the API and the token endpoint's origin; empty: a record of a tether that
// did not bind grants to origins yet.
inline std::string authorized_record(const std::string& access_token, const std::string& refresh_token,
                                     std::int64_t issued_at_ms, std::int64_t declared_lifetime_s,
                                     const std::vector<std::string>& scopes = {}, const std::string& origin = "") {
    boost::json::object r;
    r["schema"] = 1;
    r["state"] = "authorized";
    r["access_token"] = access_token;
    r["refresh_token"] = refresh_token;
    r["issued_at_ms"] = issued_at_ms;
    r["declared_lifetime_s"] = declared_lifetime_s;
    if (!scopes.empty()) {
        boost::json::array granted;
        for (const auto& scope : scopes) granted.emplace_back(scope);
        r["scopes"] = std::move(granted);
    }
    if (!origin.empty()) {
        r["api_origin"] = origin;
        r["token_origin"] = origin;
    }
    return boost::json::serialize(r);
}

}  // namespace tether_test
