// A local Smartsheet (OAuth + REST API 2.0) for tests: an HTTP server on 127.0.0.1 with an ephemeral port,
// in-memory data, a controllable clock and injectable faults. See emulator/README.md for the HTTP side.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tether::emulator {

// Time on the emulator's clock: the real system time plus an offset the test controls.
using emulator_time = std::chrono::system_clock::time_point;

// One entry of the request log. Tokens appear only as their last 6 characters.
struct request_log_entry {
    emulator_time at{};           // emulator clock when the request was answered
    std::string method{};         // "GET", "POST", ...
    std::string path{};           // path without the query string, e.g. "/2.0/sheets/2001"
    std::string endpoint{};       // route it matched, e.g. "GET /2.0/sheets/{sheetId}" (what count() takes)
    int status = 0;               // HTTP status sent; 0 when the connection was reset instead
    std::string grant_type{};     // for POST /2.0/token, else empty
    std::string bearer_suffix{};  // last 6 characters of the bearer token presented, else empty
    std::string fault{};          // name of the fault rule that fired ("" when none)
    // The request's headers (sorted by name); Authorization only as its scheme and last 6 characters.
    std::vector<std::pair<std::string, std::string>> headers{};

    // The first header with this name (case-insensitive), or "".
    std::string header(std::string_view name) const;
};

struct emulator_options {
    int port = 0;  // 0 = an ephemeral port chosen by the system (see port())
    std::string client_id = "tether-test-client";
    std::string client_secret = "tether-test-secret";
    std::string redirect_uri = "http://127.0.0.1/callback";
    std::int64_t declared_lifetime_s = 604799;       // what the token response says in expires_in
    std::optional<std::int64_t> admin_lifetime_s{};  // plan admin's shorter lifetime; none by default
    int admin_expired_error_code = 1003;             // what an admin-expired token answers (undocumented: maybe 1002)
    int code_ttl_s = 60;                             // authorization codes expire after this
    int rate_limit_per_min = 300;                    // per access token
    std::optional<int> rate_limit_retry_after_s{};   // Retry-After on 429 (Smartsheet does not document one)
    // Not a Smartsheet feature: when set, POST /2.0/token also grants client_credentials (RFC 6749 §4.4, the
    // secret posted) with tokens of this user and no refresh token, so that tests can drive that grant.
    std::optional<std::int64_t> client_credentials_user{};
    // After this many callbacks, a webhook is verified again (a challenge); Smartsheet does it about every 100.
    int webhook_reverify_every = 100;
    std::uint64_t seed = 1;  // tokens, codes and refIds are derived from it: deterministic
    // Called (outside the state lock, on a server thread) after each logged request; e.g. to print it.
    std::function<void(const request_log_entry&)> on_request{};
};

// What the token endpoint (or issue_tokens) hands out.
struct token_pair {
    std::string access_token{};
    std::string refresh_token{};  // empty when the grant issued none
    std::int64_t expires_in = 0;
};

enum class token_kind { access, refresh };

// A token that would be accepted right now.
struct live_token {
    token_kind kind{};
    std::string token{};  // in full: tests need it (e.g. to recover a pair lost to "mint then fail")
    std::int64_t user_id = 0;
    std::vector<std::string> scopes{};
    emulator_time issued_at{};
};

enum class fault_kind {
    // Answer `status` with a Smartsheet error body {errorCode,message,refId} (no body when error_code is 0).
    error_status,
    // Wait delay_ms, then answer normally.
    delay,
    // Reset the TCP connection before any response byte; the request is not processed.
    connection_reset,
    // Process the request normally, send the headers and half the body, then close the connection.
    truncated_body,
    // Answer `status` (default 200) with an HTML page instead of JSON; the request is not processed.
    non_json_body,
    // Token endpoint: the pair is minted, but `missing_field` is left out of the response.
    token_missing_field,
    // Token endpoint: mint an access token only; on a refresh grant the presented refresh token stays
    // valid (RFC 6749 §6 style, no rotation). The old access token still dies.
    token_without_refresh,
    // Token endpoint: mint and rotate as usual, then answer 504 — the new pair is lost to the client.
    mint_then_fail,
    // Answer 200 with `Content-Encoding: gzip` and a body that inflates to `inflated_bytes` (default 300 MiB)
    // from about 1/160 of that; the request is not processed. Read in full, it is JSON (spaces, then "{}").
    gzip_bomb,
    // Answer `status` (default 302) with `Location: location` and no body; the request is not processed.
    redirect,
    // Answer `status` (default 401, with a Smartsheet body when error_code is set) with a WWW-Authenticate
    // header whose value is `header_bytes` long (default 128 KiB); the request is not processed.
    huge_header,
};

std::string_view fault_kind_name(fault_kind kind);  // "error_status", "delay", ... as in the enum

// A rule that makes matching requests misbehave. The first rule that matches a request fires.
// Token-endpoint kinds only fire on a grant that would succeed; the others fire on any matching request.
struct fault_rule {
    static constexpr int forever = -1;

    fault_kind kind = fault_kind::error_status;
    std::string method{};                // "" = any method
    std::string path{};                  // "" = any path; else exact path, e.g. "/2.0/token"
    bool path_is_prefix = false;         // true: `path` matches every path starting with it
    std::string grant_type{};            // "" = any; else only token requests with this grant_type
    int skip = 0;                        // let this many matching requests through first
    int times = 1;                       // how many times it fires, or `forever`
    int status = 0;                      // error_status, non_json_body, redirect, huge_header
    int error_code = 0;                  // error_status: Smartsheet errorCode, e.g. 4001
    std::string message{};               // error_status: overrides the documented message
    std::optional<int> retry_after_s{};  // adds a Retry-After header (error_status, non_json_body)
    int delay_ms = 0;                    // delay
    std::string missing_field{};         // token_missing_field, e.g. "expires_in"
    std::int64_t inflated_bytes = 0;     // gzip_bomb: the decoded size; 0 = 300 MiB
    std::string location{};              // redirect: the Location header (required)
    int header_bytes = 0;                // huge_header: the header value's size; 0 = 128 KiB
};

// One request the emulator sent to a webhook's callback URL.
struct webhook_delivery {
    std::int64_t webhook_id = 0;
    std::string kind{};     // "challenge" (verification) or "callback"
    int status = 0;         // the subscriber's HTTP status; 0 when it could not be reached
    bool accepted = false;  // challenge: echoed correctly; callback: a 2xx
};

// Sharing levels, as Smartsheet names them. VIEWER and COMMENTER cannot change rows.
inline constexpr std::string_view access_viewer = "VIEWER";
inline constexpr std::string_view access_editor = "EDITOR";
inline constexpr std::string_view access_admin = "ADMIN";

// The emulator. Every member function is thread-safe (one mutex guards the whole state), and may be called
// while requests are being served. Controls that name an unknown user/sheet/scope throw std::invalid_argument.
class smartsheet_emulator {
public:
    // Binds 127.0.0.1 (options.port, or an ephemeral port when 0) and is serving on a background thread
    // when it returns. Throws std::runtime_error if it cannot bind.
    explicit smartsheet_emulator(emulator_options options = {});
    // Stops the server and joins its threads (a request in a delay fault is released and finishes first).
    ~smartsheet_emulator();
    smartsheet_emulator(const smartsheet_emulator&) = delete;
    smartsheet_emulator& operator=(const smartsheet_emulator&) = delete;

    int port() const;
    std::string base_url() const;             // http://127.0.0.1:PORT
    std::string api_base() const;             // http://127.0.0.1:PORT/2.0
    std::string authorize_url() const;        // http://127.0.0.1:PORT/b/authorize
    std::string token_url() const;            // http://127.0.0.1:PORT/2.0/token
    const emulator_options& options() const;  // as constructed (later set_* calls do not change it)

    // --- the world -------------------------------------------------------------------------------
    void add_user(std::int64_t id, std::string email, std::string first_name = "", std::string last_name = "");
    void add_sheet(std::int64_t id, std::string name, std::int64_t owner_user_id);
    void share_sheet(std::int64_t sheet_id, std::int64_t user_id, std::string_view access_level = access_editor);
    void unshare_sheet(std::int64_t sheet_id, std::int64_t user_id);
    // Appends a row; values fill the sheet's columns in order ("Primary", "Status"). Returns the row id.
    std::int64_t add_row(std::int64_t sheet_id, std::vector<std::string> values);
    void add_workspace(std::int64_t id, std::string name, std::vector<std::int64_t> member_user_ids);

    // --- authorization ---------------------------------------------------------------------------
    // The user who "clicks Allow" at /b/authorize. Default: the first user added.
    void set_authorizing_user(std::int64_t user_id);
    // The next `times` authorize requests are denied (redirect with error=access_denied).
    void deny_next_authorize(int times = 1);
    // Mints a pair as a successful code exchange would, without the browser dance. Not logged or counted.
    token_pair issue_tokens(std::int64_t user_id, const std::vector<std::string>& scopes);
    // Revokes one token (access or refresh) and its pair partner, as DELETE /2.0/token would.
    void revoke_token(const std::string& token);
    // The user revoked the app: every token of this user dies (API 401/1002, refresh 1132).
    void revoke_all_tokens(std::int64_t user_id);

    // --- lifetimes and time ----------------------------------------------------------------------
    // Admin-configured access-token lifetime (nullopt = none). Counted from each token's original issue
    // time; applies to existing tokens at once; a token it has expired stays dead (401/1003) even if the
    // lifetime is later raised or removed.
    void set_admin_lifetime(std::optional<std::int64_t> seconds);
    void set_declared_lifetime(std::int64_t seconds);  // expires_in of tokens minted from now on
    void set_code_ttl(int seconds);
    emulator_time now() const;
    void advance_clock(std::chrono::seconds by);         // may be negative
    void set_clock_offset(std::chrono::seconds offset);  // relative to the real system time
    // Skews only the Date response header (either sign); token times keep using the emulator clock.
    void set_date_skew(std::chrono::seconds skew);

    // --- misbehaviour ----------------------------------------------------------------------------
    // Rules are tried in the order added. Throws std::invalid_argument for a rule that cannot fire
    // (error_status without a status, delay without delay_ms, times < 1 other than forever, ...).
    void add_fault(fault_rule rule);
    void clear_faults();
    // Per access token; starts every token's one-minute window afresh. Retry-After only when given.
    void set_rate_limit(int per_minute, std::optional<int> retry_after_s = std::nullopt);

    // --- webhooks --------------------------------------------------------------------------------
    // Enabling a webhook (PUT enabled=true) sends its challenge to the callback URL at once, and disables it
    // (DISABLED_VERIFICATION_FAILED) unless the answer echoes it. Row changes queue signed callbacks for the
    // enabled webhooks of the sheet; they go out when this is called (deterministic for tests), each
    // webhook_reverify_every-th followed by a new challenge. Returns the number of callbacks sent.
    int deliver_webhooks();
    std::vector<webhook_delivery> webhook_deliveries() const;
    // The webhook's status ("ENABLED", "NEW_NOT_VERIFIED", "DISABLED_VERIFICATION_FAILED", …), "" if unknown.
    std::string webhook_status(std::int64_t webhook_id) const;

    // --- observation -----------------------------------------------------------------------------
    // Requests received for an endpoint, e.g. count("GET /2.0/users/me") or
    // count("POST /2.0/token", "refresh_token"). Faulted and failed requests count too.
    int count(std::string_view endpoint, std::string_view grant_type = {}) const;
    struct endpoint_count {
        std::string endpoint;
        std::string grant_type;  // "" for requests without one
        int count = 0;
    };
    std::vector<endpoint_count> counters() const;  // every (endpoint, grant type) seen so far
    // The most recent requests (the oldest are dropped beyond 100000 entries).
    std::vector<request_log_entry> request_log() const;
    void clear_observations();  // counters and log
    // Requests received and now waiting in a delay fault: not yet processed, not yet counted or logged.
    int requests_in_delay() const;
    // Ends the wait of every request now in a delay fault: each is processed at once, as if its delay was over.
    void release_delays();
    std::vector<live_token> live_tokens() const;
    bool is_live(const std::string& token) const;
    // Every authorization code, access token and refresh token ever handed out, plus the client secret and
    // every webhook shared secret:
    // what a leak test must never find in anything tether printed.
    std::vector<std::string> issued_secrets() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace tether::emulator
