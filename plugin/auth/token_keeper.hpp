// The OAuth lifecycle of one connection: authorization, proactive and reactive refresh, learning the real
// token lifetime, and the connection's record in host storage (see docs/smartsheet.md).
//
// Concurrency contract:
//  - In a process, one token_keeper per connection; any number of threads may call it at once. Every write
//    of the record happens under one writer mutex, so at most one refresh per connection is in flight and
//    the other callers wait for its result (single flight).
//  - Across processes, the host's lease (when offered) serialises refreshes; whatever the lease says, the
//    record is always re-read before refreshing, and a newer fresh token found there is used instead.
//  - Writes are compare-and-swap on the record's version. A pair minted by the provider is never dropped: if
//    the store fails, it stays in memory and is written at the next opportunity.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "plugin/auth/clock_skew.hpp"
#include "plugin/auth/refresh_schedule.hpp"
#include "plugin/auth/token_endpoint.hpp"
#include "plugin/auth/token_record.hpp"
#include "plugin/core/outcome.hpp"
#include "plugin/host/host_services.hpp"
#include "plugin/http/http_client.hpp"
#include "plugin/manifest/model.hpp"
#include "plugin/manifest/settings.hpp"

namespace tether::auth {

// What the keeper needs from its connection and connector. All references outlive the keeper.
struct keeper_context {
    std::string connection_id;
    const manifest::connector_manifest& manifest;
    const manifest::resolved_settings& settings;
    host_services& host;
    http::client& http;
    clock_skew& skew;
    // Told of every refresh attempt at the token endpoint and whether it succeeded (health counters).
    std::function<void(bool success)> on_refresh_attempt;
};

// A bearer to use now, or why there is none.
struct token_access {
    std::string access_token;       // non-empty on success
    std::optional<outcome> failure;  // set when there is no usable token
};

// How the callback came back to the host: a full redirect URL, or its code and state.
struct authorization_response {
    std::string callback_url;
    std::string code;
    std::string state;
};

// A copy of the keeper's view for health documents.
struct keeper_snapshot {
    token_record record;
    std::uint64_t version = 0;
    bool loaded = false;
    bool unsaved = false;                         // minted tokens waiting to be written
    std::optional<std::int64_t> last_ok_provider_ms;
    std::int64_t provider_now_ms = 0;
    refresh_plan plan;
    std::string load_problem;                     // the stored record could not be read
};

class token_keeper {
public:
    explicit token_keeper(keeper_context context);

    outcome begin_authorization();
    outcome complete_authorization(const authorization_response& response);
    outcome store_api_token(const std::string& access_token);
    outcome refresh(bool force);
    outcome revoke();

    // For calls: the current bearer, refreshed first when due. While a refresh fails for a transient reason,
    // the current token keeps being served until it is believed expired.
    token_access current_access();
    // For calls: the provider rejected `rejected_token` as invalid/expired (401). Learns from an early death,
    // then refreshes once — unless another thread or process already replaced that token.
    token_access after_unauthorized(const std::string& rejected_token);
    // For calls: `token` was just accepted by the provider (the lower bound of its lifetime).
    void note_accepted(const std::string& token);
    // Those of `required` the current grant lacks, joined by ", "; "" when all are granted or the grant's
    // scopes are unknown. Allocates nothing in the common case (everything granted).
    std::string missing_scopes(const std::vector<std::string>& required) const;

    keeper_snapshot snapshot();
    // The same, reading the store first when this keeper has not loaded the record yet (health).
    keeper_snapshot inspect();
    // The live probe saw another user than the one who authorized: only a human can fix that.
    outcome report_user_changed(const std::string& seen_user_id);

private:
    // All of these run under writer_mutex_.
    std::optional<outcome> ensure_loaded();
    std::optional<outcome> reload();
    std::optional<outcome> flush_unsaved();
    status write(const token_record& next);
    // What an early death teaches, applied to the new pair only if the refresh mints one.
    struct lifetime_lesson {
        std::int64_t learned_ms;
        std::int64_t death_age_ms;
    };
    outcome refresh_locked(const std::string& observed_token, bool force, bool token_dead,
                           std::optional<lifetime_lesson> lesson = std::nullopt);
    outcome adopt_or_overlay(const token_record& minted, std::int64_t started_provider_ms);
    outcome mark_reconnect(const std::string& reason, const std::string& detail);
    outcome record_refresh_failure(const token_failure& failure, status reported);
    std::optional<outcome> wait_for_lease(const std::string& owner, const std::string& observed_token,
                                          bool& acquired);
    token_access access_locked();
    std::string probe_user_id(const std::string& access_token);
    std::string random_token(std::size_t bytes);

    std::int64_t provider_now() const;
    refresh_plan plan_for(const token_record& r) const;
    bool fresh(const token_record& r) const;
    outcome not_usable(const token_record& r) const;
    token_record from_grant(const token_grant& grant, const token_answer& answer, const token_record& base) const;

    keeper_context ctx_;
    token_endpoint endpoint_;
    double jitter_unit_;

    std::mutex writer_mutex_;  // single flight: every record write, refresh and authorization

    mutable std::mutex cache_mutex_;  // guards the fields below for the lock-free-ish fast path
    token_record cache_;
    std::uint64_t version_ = 0;
    bool loaded_ = false;
    bool unsaved_ = false;
    std::string load_problem_;
    std::optional<std::int64_t> last_ok_provider_ms_;
};

}  // namespace tether::auth
