// What an attempt records of its exchange in raw form (outcome.hpp's attempt): cheap values only, since every
// call — the successful one on its hot path too — records them; rendering and redacting the URL waits until
// the chain is shown (plugin/core/outcome_json.cpp). One rule for the call's attempts and doctor's requests.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include "plugin/core/outcome.hpp"
#include "plugin/core/redact.hpp"
#include "plugin/http/http_client.hpp"

namespace tether::call {

// Fills the raw fields of `a` from the request sent with `bearer` (read from record `record_version`) and its
// answer. `url` is the request's URL, moved in by a caller that is done with the request.
inline void record_exchange(attempt& a, const http::request& req, std::string url, const std::string& bearer,
                            std::uint64_t record_version, const http::response& r, std::int64_t duration_ms) {
    a.method = req.method;
    a.url = std::move(url);
    if (!bearer.empty()) a.bearer_redacted = redact(bearer);
    a.record_version = record_version;
    a.request_bytes = req.body.size();
    if (const auto* date = r.find_header("Date")) {
        const std::size_t n = std::min(date->size(), a.provider_date.size() - 1);
        std::copy_n(date->data(), n, a.provider_date.data());
        a.provider_date[n] = '\0';
    }
    a.duration_ms = duration_ms;
}

}  // namespace tether::call
