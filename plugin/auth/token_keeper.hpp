// The bearer for a connection's calls: the stored token when it is fresh, refreshed first when it is due, and
// refreshed once when the provider rejects it. Also what the calls teach about the grant's real token
// lifetime (plugin/auth/lifetime_lessons.hpp), and a view of it all for health documents.
//
// Thread-safe: any number of threads call through one keeper. The fast path (a fresh token) reads the
// store's view under a short lock; refreshes go through the refresher's single flight.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "plugin/auth/auth_context.hpp"
#include "plugin/auth/refresher.hpp"
#include "plugin/core/outcome.hpp"

namespace tether::auth {

// A bearer to use now, or why there is none.
struct token_access {
    std::string access_token;        // non-empty on success
    std::optional<outcome> failure;  // set when there is no usable token
    std::uint64_t record_version = 0;  // the stored record's version the token was read from (0: unknown)
};

// A copy of what the keeper knows, for health documents.
struct keeper_snapshot {
    record::token_record record;
    std::uint64_t version = 0;
    bool loaded = false;
    bool unsaved = false;                         // changes held in memory, waiting to be stored
    std::optional<std::int64_t> last_ok_provider_ms;
    std::int64_t provider_now_ms = 0;
    refresh_plan plan;
    std::string load_problem;                     // the stored record could not be read
    std::string storage_problem;                  // the host's storage failed when inspect() read it
};

class token_keeper {
public:
    token_keeper(auth_context& ctx, refresher& refresh);

    // The current bearer, refreshed first when due. While a proactive refresh fails for a transient reason,
    // the current token keeps being served until the end of its declared lifetime. `deadline_ms` (host clock,
    // 0: none) is when the calling verb's time budget ends: a refresh never runs past it.
    token_access current_access(std::int64_t deadline_ms = 0);
    // The provider rejected `rejected_token` (401): learns from an early death, then refreshes once —
    // unless another thread or process already replaced that token.
    token_access after_unauthorized(const std::string& rejected_token, std::int64_t deadline_ms = 0);
    // The provider's answer to a call with `token` says only a human can fix the grant (a manifest rule with
    // action reconnect, e.g. Smartsheet's 401/1005 SSO required): the verdict is recorded, so that it sticks.
    void record_verdict(const std::string& token, const std::string& reason, const std::string& detail);
    // `token` was just accepted by the provider: a lower bound of its lifetime, and the evidence that
    // unlearns a lesson it outlived.
    void note_accepted(const std::string& token);
    // Those of `required` the current grant lacks, joined by ", "; "" when all are granted or the grant's
    // scopes are unknown. Allocates nothing in the common case (everything granted).
    std::string missing_scopes(const std::vector<std::string>& required) const;

    // Never waits for storage or a refresh in flight.
    keeper_snapshot snapshot() const;
    // The same, reading the store first when the record has not been read yet (a short storage round trip;
    // never waits for a refresh in flight). A storage failure is part of the snapshot (storage_problem).
    keeper_snapshot inspect();

private:
    struct sighting {
        std::string token;  // the access token last accepted …
        std::int64_t provider_ms = 0;  // … and when
    };
    token_access serve_or_fail(outcome refresh_result);
    std::optional<std::int64_t> last_ok_of(const std::string& token) const;

    auth_context& ctx_;
    refresher& refresh_;
    mutable std::mutex sighting_mutex_;
    sighting last_ok_;
};

}  // namespace tether::auth
