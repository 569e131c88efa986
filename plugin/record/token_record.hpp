// The connection's record in the host's storage: tokens, their timing, what was learned about their real
// lifetime, the reconnect verdict and a pending authorization. Serialized as a versioned JSON object; the
// store's compare-and-swap version travels beside it, not inside it (plugin/record/record_store.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "plugin/core/wipe.hpp"

namespace tether::record {

// Where a connection stands. Every move between states is one of the changes in plugin/auth/record_changes.
enum class connection_state {
    unauthorized,        // never authorized (or revoked by the host): authorize first
    authorized,          // holds tokens
    reconnect_required,  // a human must re-authorize; the token endpoint is not called any more
};

std::string_view to_string(connection_state s) noexcept;

// An authorization begun by authorize_begin and not completed yet.
struct pending_authorization {
    wiped_string state;          // the random state sent to the provider
    wiped_string code_verifier;  // PKCE; empty when the manifest does not use PKCE
    std::string redirect_uri;    // as sent, so the exchange repeats it
    std::int64_t created_ms = 0;
};

// A webhook's shared secret, captured from the answer of the operation that created it or reset its secret.
// Webhooks outlive grants: a new grant or a revoke keeps them.
struct webhook_secret {
    wiped_string secret;
    std::int64_t captured_at_ms = 0;
};

// At most this many webhooks per connection are kept: the oldest captures are dropped beyond it.
inline constexpr std::size_t max_webhook_secrets = 1000;

struct token_record {
    static constexpr int schema_version = 1;

    connection_state state = connection_state::unauthorized;
    bool api_token = false;  // an API access token handed by the host: no refresh exists
    // A client credentials grant: the auth.methods entry it came from. It has no refresh token; a new token
    // is fetched with the client's credentials instead. Empty: not such a grant.
    std::string client_credentials_method;

    // Secrets: wiped from memory when the record is released (plugin/core/wipe.hpp).
    wiped_string access_token;
    wiped_string refresh_token;
    // When the pair was issued, in the provider's time (its Date header) when known, else ours corrected by
    // the estimated skew. All timing decisions compare against the provider's time.
    std::int64_t issued_at_ms = 0;
    std::int64_t declared_lifetime_s = 0;  // expires_in; 0 = not declared
    // What this grant's early deaths taught (an admin-configured lifetime): a lesson belongs to the grant that
    // taught it, and a new grant, a revoke or a reconnect verdict starts from the declared lifetime again.
    std::optional<std::int64_t> learned_lifetime_ms;  // shorter real lifetime observed
    std::optional<std::int64_t> early_death_age_ms;   // the age at which a token was last seen dead early
    std::int64_t lesson_learned_at_ms = 0;            // provider time the lesson was learned (0: unknown)
    std::vector<std::string> scopes;                  // granted
    std::string user_id;
    // The origins (scheme://host:port) the grant was issued for: its tokens are never sent anywhere else.
    // Empty in a record written before tether bound grants to origins (bound on its next use).
    std::string api_origin;
    std::string token_origin;

    std::string reconnect_reason;  // with state reconnect_required
    std::string reconnect_detail;  // a redacted, human explanation
    std::int64_t reconnect_since_ms = 0;

    // Refresh failures that were not a verdict on the grant (outages): counted for backoff, shared by
    // every process through the record.
    int refresh_failures = 0;
    std::int64_t refresh_blocked_until_ms = 0;
    bool last_refresh_lost_in_transit = false;  // the last failure may have minted a pair we never received

    std::optional<pending_authorization> pending;

    // The provider's clock minus the writer's, when the writer knew it: seeds the estimate of a process
    // that has not talked to the provider yet.
    std::optional<std::int64_t> provider_offset_ms;

    std::map<std::int64_t, webhook_secret> webhooks;  // by webhook id (> 0)

    bool has_tokens() const noexcept { return !access_token.empty(); }
};

// Parses a stored record. A record tether cannot read is reported (what and where), never guessed at; so is
// an integer out of its range (plugin/core/time_bounds.hpp: times, lifetimes, the failure count), which no
// tether writes. The provider clock offset is read as it is: the record store clamps it.
std::variant<token_record, std::string> parse_token_record(std::string_view json);

std::string serialize_token_record(const token_record& record);

}  // namespace tether::record
