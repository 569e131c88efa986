// A connection's refresh: one at a time (single flight), the record read again, the pure refresh decision,
// the grant exchange at the token endpoint, and its answer recorded — the new pair (never lost), a reconnect
// verdict (sticks), or a cooldown (shared by every process through the record).
#pragma once

#include <functional>
#include <optional>

#include "plugin/auth/auth_context.hpp"
#include "plugin/auth/lifetime_lessons.hpp"
#include "plugin/auth/refresh_decision.hpp"
#include "plugin/auth/single_flight.hpp"
#include "plugin/auth/token_endpoint.hpp"
#include "plugin/core/outcome.hpp"

namespace tether::auth {

class refresher {
public:
    // `on_attempt` is told of every request to the token endpoint and whether it minted a pair (health).
    refresher(auth_context& ctx, std::function<void(bool success)> on_attempt);

    // Thread-safe; concurrent callers wait for the one refresh in flight and share its result through the
    // record. `lesson`, when the refresh mints a pair, is recorded with it (what the rejected token's early
    // death taught: only a refresh that then succeeds proves the death was about time, not a revocation).
    // A request's deadline bounds the wait for the single flight and the token request (budget_exhausted).
    // Statuses: ok (reason refreshed, adopted, fresh or api_token), reconnect_required, transient (a failed
    // refresh or its cooldown, with retry_after_ms; budget_exhausted), config_error (the client's
    // credentials), storage_error (a minted pair is held in memory and stored at the next opportunity),
    // host_error (random source).
    outcome run(const refresh_request& request, std::optional<lifetime_lesson> lesson = std::nullopt);

private:
    outcome act(const refresh_request& request, std::optional<lifetime_lesson> lesson);
    outcome exchange(const record::token_record& current, std::optional<lifetime_lesson> lesson,
                     std::int64_t deadline_ms);
    outcome grant_rejected(const token_failure& failure, const record::token_record& current);
    outcome refresh_failed_for_now(const token_failure& failure, const record::token_record& current, status code);

    auth_context& ctx_;
    token_endpoint endpoint_;
    single_flight flight_;
    std::function<void(bool)> on_attempt_;
};

}  // namespace tether::auth
