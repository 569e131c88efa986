// The connector model: plain structs a loaded manifest becomes. Built once by the loader, then shared
// read-only (std::shared_ptr<const connector_manifest>) by every connection; nothing here changes after load.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace tether::manifest {

// ---- values ---------------------------------------------------------------------------------------------

// The type of a setting or an operation parameter. Settings use string, integer, boolean, url, string_list;
// parameters use string, integer, boolean, string_list, integer_list.
enum class value_type { string, integer, boolean, url, string_list, integer_list };

// A typed value: std::string holds both string and url values.
using value = std::variant<bool, std::int64_t, std::string, std::vector<std::string>, std::vector<std::int64_t>>;

// What a setting or a parameter accepts. Shared by settings (host-supplied per connection) and parameters
// (caller-supplied per call) so that both are checked by the same rules.
struct value_spec {
    value_type type = value_type::string;
    bool required = false;
    std::optional<value> default_value;   // already checked against type, enum and range at load
    std::vector<std::string> allowed;     // `enum`: allowed strings (each element of a string_list); empty: any
    std::optional<std::int64_t> minimum;  // integer and integer_list (each element) only
    std::optional<std::int64_t> maximum;
    std::string description;
};

// ---- templates --------------------------------------------------------------------------------------------

// One piece of a template: literal text, or the name inside a {placeholder}.
struct template_part {
    bool placeholder = false;
    std::string text;
};

// A string with {name} placeholders ("/sheets/{sheetId}/rows", "https://{tenant}.example.com/api"),
// parsed at load time. In URLs the names are settings; in operation paths they are path parameters.
struct string_template {
    std::string text;                  // as written in the manifest; empty when absent
    std::vector<template_part> parts;  // text split into literals and placeholders

    bool empty() const { return text.empty(); }
    std::vector<std::string> placeholders() const;
};

// ---- connector and settings -------------------------------------------------------------------------------

struct connector_info {
    std::string name;  // machine name, [a-z][a-z0-9_-]*
    std::string display_name;
    std::string version;
    std::string docs_url;           // optional
    std::string description;        // optional
    std::string user_agent_suffix;  // optional: appended to tether's User-Agent ("tether/1.2.0 (+name) suffix")
};

// A value the host supplies per connection (see resolve_settings).
struct setting {
    std::string name;
    value_spec spec;
    bool secret = false;  // never echoed in diagnostics, errors or logs; may not have a default
};

// ---- servers ----------------------------------------------------------------------------------------------

struct server {
    std::string region;
    string_template api_base;       // absolute https (or loopback http) URL; placeholders name settings
    string_template authorize_url;  // empty for api_token auth
};

struct servers_spec {
    std::vector<server> regions;        // manifest order
    std::string region_setting;         // the setting selecting a region; empty only with exactly one region
    std::string api_base_setting;       // a url setting that, when given, replaces the region's api_base
    std::string authorize_url_setting;  // same for authorize_url

    const server* find(std::string_view region) const;
};

// ---- auth -------------------------------------------------------------------------------------------------

enum class auth_type { oauth2, api_token };

// How the client authenticates at the token endpoint.
enum class client_auth_method {
    smartsheet_hash,      // form field hash = hex(sha256(client_secret + "|" + code_or_refresh_token))
    client_secret_post,   // form field client_secret
    client_secret_basic,  // Authorization: Basic base64(client_id:client_secret)
    none,                 // public client (requires pkce)
};

// Which settings hold the credentials (names of settings; empty when not used).
struct credential_settings {
    std::string client_id;
    std::string client_secret;  // declared secret: true
    std::string redirect_uri;
    std::string api_token;  // api_token auth; declared secret: true
};

struct scope_spec {
    std::string setting;              // string_list setting holding the scopes to request; empty: none
    std::string separator = " ";      // joins scopes in the authorize URL's scope parameter
    std::vector<std::string> always;  // requested in addition to the setting's value
    std::vector<std::string> known;   // every scope the provider defines; empty: not checked
};

struct refresh_policy {
    double proactive_at = 0.85;                      // refresh when this fraction of the (learned) lifetime has passed
    double jitter = 0.05;                            // ± fraction of the lifetime added at random to proactive_at
    bool rotates_refresh_token = true;               // a successful refresh kills the old refresh token
    std::optional<std::int64_t> default_expires_in;  // seconds, when the token response omits expires_in
};

// How the revoke endpoint is told which grant to revoke.
enum class revoke_style {
    bearer,   // the manifest's method with the access token as the bearer (Smartsheet's DELETE /token)
    rfc7009,  // RFC 7009: POST token=…&token_type_hint=…, the client authenticated as at the token endpoint
};

// A token the rfc7009 style revokes (its token_type_hint).
enum class revoked_token { refresh_token, access_token };

struct revoke_spec {
    revoke_style style = revoke_style::bearer;
    std::string method = "DELETE";  // bearer style; rfc7009 always POSTs
    string_template url;            // "/path" is relative to the API base
    std::string all_param;          // query parameter that revokes every token of this app for the user; empty: none
    // rfc7009: the tokens to revoke, in this order (a token the record does not hold is skipped)
    std::vector<revoked_token> tokens{revoked_token::refresh_token};
};

// A further way a connection may authenticate, beside `auth.type` (auth.methods). The verb that connects
// chooses the kind; among methods of one kind, the connection's `auth_method` setting names the one.
enum class method_kind {
    api_token,           // a token the user created, handed over by the host (connect-token); never refreshed
    client_credentials,  // OAuth 2.0 client credentials: the app's own token from the token endpoint, no user
};

struct auth_method {
    std::string name;
    method_kind kind = method_kind::api_token;
    std::vector<std::string> scopes;  // client_credentials: the scopes to request with each token
};

// The connection setting that names the method to use when the manifest declares two of one kind.
inline constexpr std::string_view auth_method_setting = "auth_method";

struct probe_spec {
    std::string operation;        // a GET operation without required parameters (health and authorize)
    std::string user_id_pointer;  // JSON pointer to the user's id in the probe's response; empty: none
};

struct auth_spec {
    auth_type type = auth_type::oauth2;
    string_template token_url;  // oauth2: "/path" is relative to the API base, else absolute
    client_auth_method client_auth = client_auth_method::client_secret_post;
    bool pkce = false;
    credential_settings credentials;
    scope_spec scopes;
    std::vector<std::pair<std::string, std::string>> authorize_params;  // extra fixed query parameters
    refresh_policy refresh;
    std::optional<revoke_spec> revoke;
    probe_spec probe;
    std::vector<auth_method> methods;  // further ways to authenticate (manifest order); empty: only `type`

    // Whether a connection may be given an API token: auth.type api_token, or an api_token method.
    bool accepts_api_tokens() const;
    // The methods of `kind`, in manifest order.
    std::vector<const auth_method*> methods_of(method_kind kind) const;
};

// ---- errors -----------------------------------------------------------------------------------------------

// What to do about a failed response. The call pipeline maps these onto tether statuses.
enum class error_action {
    refresh_then_retry,  // refresh the token once, retry the call once
    reconnect,           // only a human re-authorizing fixes it (error_rule::reason says why)
    forbidden,           // the token is fine but not allowed for this resource; never retried
    backoff,             // transient: retry after Retry-After or exponential backoff with jitter
    bad_request,         // the request itself is wrong; never retried
    not_found,
    config_error,  // the connector's configuration (client credentials, redirect URI...) is wrong
    fail,          // none of the above; reported as is
};

// Where a failed response came from.
enum class endpoint_kind { api, token };

struct status_range {
    int first = 0;  // inclusive; 401 is {401, 401}, 5xx is {500, 599}
    int last = 0;
};

// Every given criterion must hold (AND); within a list, any entry may (OR). Empty criteria match anything.
struct rule_match {
    std::optional<endpoint_kind> endpoint;
    std::vector<status_range> statuses;
    std::vector<std::string> provider_codes;  // compared as text: errorCode 1002 matches "1002"
    std::vector<std::string> oauth_errors;    // the OAuth `error` field, e.g. invalid_grant
};

struct error_rule {
    rule_match match;
    error_action action = error_action::fail;
    std::string reason;                 // machine-readable why, [a-z0-9_]+; always set for reconnect
    bool retry_non_idempotent = false;  // backoff only: the error proves the request was not processed
    std::string description;
    int source_line = 0;  // where the rule is written, for attempt chains and logs
};

// Where the fields of an error body live (JSON pointers; empty: not extracted).
struct error_body_shape {
    std::string provider_code;
    std::string message;
    std::string ref_id;
    std::string oauth_error;
    std::string detail;
};

struct backoff_policy {
    int max_retries = 3;                             // retries after the first attempt
    std::int64_t base_delay_ms = 1000;               // delay before retry n (0-based): base * 2^n, plus jitter
    std::int64_t max_delay_ms = 30000;               // cap for one delay, Retry-After included
    std::string retry_after_header = "Retry-After";  // honoured when present; empty means Retry-After
};

struct error_spec {
    error_body_shape body;
    backoff_policy backoff;
    std::vector<error_rule> rules;  // ordered: the first match wins; no match: the HTTP status decides
};

// ---- operations -------------------------------------------------------------------------------------------

enum class http_method { get, post, put, patch, del };
enum class param_location { path, query, header };

struct param {
    std::string name;  // also the name on the wire (path placeholder, query name or header name)
    param_location in = param_location::query;
    value_spec spec;  // path parameters are always required
};

enum class body_mode { none, optional, required };  // a JSON body
enum class pagination_style { none, offset, token };

// How to walk pages. The parameters named here are set by the engine, never declared in `params`.
struct pagination_spec {
    pagination_style style = pagination_style::none;
    std::string items_field;                                       // JSON pointer to the page's items
    std::optional<std::int64_t> page_size;                         // sent in page_size_param / limit_param when set
    std::vector<std::pair<std::string, std::string>> fixed_query;  // sent with every page
    // offset
    std::string page_param;
    std::string page_size_param;
    std::string total_pages_field;  // JSON pointer
    std::int64_t first_page = 1;
    // token
    std::string cursor_param;  // query parameter carrying the cursor of the next page
    std::string cursor_field;  // JSON pointer to the next cursor; absent or empty: last page
    std::string limit_param;
};

// The resource a 403 is about, for forbidden reports and health ("sheet 123").
struct resource_ref {
    std::string kind;   // e.g. sheet, workspace
    std::string param;  // the parameter whose value identifies it
};

// Where an operation's answer carries a webhook's shared secret (webhook_secret): tether keeps the secret with
// the connection and hands the caller the answer with the secret redacted.
struct webhook_secret_spec {
    std::string each;        // JSON pointer to an array of webhooks (a list); empty: the answer is one webhook
    std::string secret;      // JSON pointer to the secret, e.g. /result/sharedSecret (within each item)
    std::string webhook_id;  // JSON pointer to the webhook's id, e.g. /result/id (within each item)
};

// A name the manifest gives to something an extension offers (a code operation, a hook), with where it is
// written: whether it is loaded is checked when the extensions are known (plugin/extension).
struct extension_ref {
    std::string name;
    int line = 0;  // 1-based
    int column = 0;
};

struct operation {
    std::string name;  // dotted lowercase, e.g. sheets.get
    std::string description;
    http_method method = http_method::get;
    string_template path;       // starts with '/', relative to the API base
    std::vector<param> params;  // manifest order
    body_mode body = body_mode::none;
    std::vector<std::string> required_scopes;
    pagination_spec pagination;
    bool idempotent = true;  // default: GET, PUT, DELETE yes; POST, PATCH no
    std::optional<resource_ref> resource;
    // The decoded response body's cap (max_response_bytes): a larger answer aborts the call as a bad request.
    std::int64_t max_response_bytes = 64 * 1024 * 1024;
    std::optional<webhook_secret_spec> webhook_secret;
    // `extension:` the code operation that implements this operation (then it has no method, path or params
    // of its own: its parameters are the code operation's, filled in when the extensions are bound).
    std::optional<extension_ref> extension;
    std::vector<extension_ref> request_hooks;   // `hooks.request`, run in this order before sending
    std::vector<extension_ref> response_hooks;  // `hooks.response`, run in this order on each answer

    bool is_code_operation() const { return extension.has_value(); }
    const param* find_param(std::string_view name) const;
};

// ---- the manifest -----------------------------------------------------------------------------------------

struct connector_manifest {
    std::string source;  // file name the manifest was loaded from
    int format_version = 1;
    connector_info connector;
    std::vector<setting> settings;  // manifest order
    servers_spec servers;
    auth_spec auth;
    error_spec errors;
    std::vector<operation> operations;  // manifest order

    const setting* find_setting(std::string_view name) const;
    const operation* find_operation(std::string_view name) const;
};

// The words of the format, as written in manifests and logs.
std::string_view to_string(value_type);
std::string_view to_string(auth_type);
std::string_view to_string(client_auth_method);
std::string_view to_string(revoke_style);
std::string_view to_string(method_kind);
std::string_view to_string(revoked_token);
std::string_view to_string(error_action);
std::string_view to_string(endpoint_kind);
std::string_view to_string(http_method);  // upper case: GET, POST...
std::string_view to_string(param_location);
std::string_view to_string(body_mode);
std::string_view to_string(pagination_style);

}  // namespace tether::manifest
