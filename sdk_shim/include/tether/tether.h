/*
 * tether.h — the public C ABI of tether, an OAuth 2.0 connector plugin.
 *
 * This header is the whole contract between a host (an integration platform) and libtether. It is valid
 * C99 and C++, names only tether_* / TETHER_* symbols, and is only ever extended: enum values keep their
 * meaning forever, struct fields are only appended, functions are only added. Every change is recorded in
 * CHANGELOG.md, and the ABI version below moves with it.
 *
 * Shape of use:
 *   1. Fill a tether_host table (storage, log, clock, random) — TETHER_HOST_INIT first.
 *   2. tether_connector_open(): loads a manifest (e.g. manifests/smartsheet.yaml) once; share the connector.
 *   3. tether_connection_open(): one connection id + its settings; its OAuth state lives in the host's storage.
 *   4. The verbs: tether_authorize_begin/complete, tether_refresh, tether_call, tether_health, tether_revoke
 *      (and tether_diagnose when something fails).
 *      Each returns a tether_status and (optionally) a tether_result the host reads through accessors and
 *      frees with tether_result_free().
 *
 * Ownership: whoever allocates frees. Objects returned by tether (connectors, connections, results) are freed
 * with tether's own functions; strings returned by accessors belong to their result and live until it is
 * freed. tether never frees or keeps a pointer the host passed in, beyond the duration of the call, except
 * the host table's `ctx` pointers, which must stay valid until the connector is closed.
 *
 * Errors: no exception or C++ type crosses this boundary. Every function catches everything and reports a
 * status. Each function returning a tether_status lists, in its comment, the statuses it returns; on top of
 * that list, two rules hold for all of them:
 *   - Bad arguments give TETHER_HOST_ERROR (reason "invalid_argument"): a NULL handle, out-pointer or struct
 *     the function needs, a struct whose struct_size is smaller than its first version, a required string
 *     that is NULL or empty — unless the function's own list names another status for that argument.
 *   - A host callback that fails gives TETHER_HOST_ERROR (random_bytes: reason "random_source_failed"), or
 *     TETHER_STORAGE_ERROR for the storage callbacks (load, store), distinct from tether's own failures —
 *     unless the function's comment says how it carries on without the callback (a failing lease is never an
 *     error: tether refreshes without it). tether_authorize_begin, and a refresh when the host offers a
 *     lease (tether_refresh, or tether_call refreshing a due token), need random_bytes.
 *
 * Secrets: no full access token, refresh token, client secret or authorization code ever appears in a log
 * line, a result message or a health document; at most the last 6 characters ("…a1b2c3").
 */
#ifndef TETHER_TETHER_H
#define TETHER_TETHER_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(TETHER_BUILDING_LIBRARY)
#    define TETHER_API __declspec(dllexport)
#  else
#    define TETHER_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) || defined(__clang__)
#  define TETHER_API __attribute__((visibility("default")))
#else
#  define TETHER_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------------------ */
/* Versions                                                                                                */
/* ------------------------------------------------------------------------------------------------------ */

/* The ABI this header describes. A major change breaks hosts built against an older major; a minor change
 * only appends. Hosts pass TETHER_ABI_VERSION (the version they were compiled with) when opening a connector;
 * TETHER_CONNECTOR_OPTIONS_INIT does it for them. */
#define TETHER_ABI_VERSION_MAJOR 1
#define TETHER_ABI_VERSION_MINOR 6
#define TETHER_ABI_VERSION ((uint32_t)((TETHER_ABI_VERSION_MAJOR << 16) | TETHER_ABI_VERSION_MINOR))
#define TETHER_ABI_MAJOR_OF(v) ((uint32_t)(v) >> 16)
#define TETHER_ABI_MINOR_OF(v) ((uint32_t)(v)&0xFFFFu)

/* The ABI version the loaded library implements, encoded as TETHER_ABI_VERSION is. Thread-safe. */
TETHER_API uint32_t tether_abi_version(void);

/* The library's release version, e.g. "1.0.0-dev". Static storage; never NULL. Thread-safe. */
TETHER_API const char *tether_version(void);

/* ------------------------------------------------------------------------------------------------------ */
/* Status codes                                                                                            */
/* ------------------------------------------------------------------------------------------------------ */

/* What the host should do. Values are fixed forever; new ones are only appended. Functions return a plain
 * `tether_status` (an int) rather than the enum type so that a host built against an older header can hold a
 * value it does not know: treat any unknown value as TETHER_INTERNAL. */
typedef int tether_status;

enum tether_status_code {
    TETHER_OK = 0,                  /* done */
    TETHER_RECONNECT_REQUIRED = 1,  /* a human must re-authorize the connection; see tether_result_reason() */
    TETHER_TRANSIENT = 2,           /* try again later; see tether_result_retry_after_ms() */
    TETHER_FORBIDDEN = 3,           /* the token is valid but not allowed on this resource; do not retry */
    TETHER_BAD_REQUEST = 4,         /* the request (parameters, body) is wrong; do not retry unchanged */
    TETHER_NOT_FOUND = 5,           /* the resource does not exist */
    TETHER_CONFLICT = 6,            /* storage CAS lost the race (host storage callbacks return it) */
    TETHER_CONFIG_ERROR = 7,        /* manifest, settings, app credentials or ABI version are wrong */
    TETHER_STORAGE_ERROR = 8,       /* the host's storage failed; tether keeps what it must not lose */
    TETHER_HOST_ERROR = 9,          /* another host callback failed, or the host misused the API */
    TETHER_INTERNAL = 10            /* a bug or an unimplemented feature in tether */
};

/* The lowercase name of a status ("ok", "reconnect_required", "transient", …); "unknown" for values this
 * library does not know. Static storage; never NULL. Thread-safe. */
TETHER_API const char *tether_status_str(tether_status status);

/* ------------------------------------------------------------------------------------------------------ */
/* Host services                                                                                           */
/* ------------------------------------------------------------------------------------------------------ */

/* Log levels, from the most to the least severe. */
enum tether_log_level {
    TETHER_LOG_OFF = 0,
    TETHER_LOG_ERROR = 1,
    TETHER_LOG_WARN = 2,
    TETHER_LOG_INFO = 3,
    TETHER_LOG_DEBUG = 4,
    TETHER_LOG_TRACE = 5
};

/* One log line. Text is already redacted. Pointers are valid only during the log callback. */
typedef struct tether_log_entry {
    size_t struct_size;        /* sizeof(tether_log_entry) of the library that built it */
    int level;                 /* a tether_log_level */
    const char *message;       /* UTF-8, no trailing newline; never NULL */
    const char *connection_id; /* the connection concerned, or NULL */
    const char *operation;     /* the verb or manifest operation concerned, or NULL */
} tether_log_entry;

/* Where a storage load writes the record it found. The host calls `set` at most once, from inside `load`;
 * tether copies the bytes, so the host's buffer may be freed as soon as `set` returns. */
typedef struct tether_record_out {
    void *opaque; /* tether's; do not touch */
    void (*set)(struct tether_record_out *out, const char *data, size_t size, uint64_t version);
} tether_record_out;

/* The services a host provides. Fill it as `tether_host host = TETHER_HOST_INIT;` and then set fields, so a
 * host compiled against this header keeps working with later libraries (which read only the fields that
 * `struct_size` covers). Each callback receives its own `*_ctx` pointer unchanged.
 *
 * Callbacks may be called from any thread that calls into tether, concurrently; they must be thread-safe.
 * Callbacks must not call back into tether.
 *
 * Storage (required). One record per key: an opaque UTF-8 JSON blob and a version number, where version 0
 * means "no record". The keys are connection ids and, since 1.3, keys derived from them ("<id>#health": the
 * connection's health evidence, shared by every process). tether never assumes it owns the disk.
 *   load:  find the record of `connection_id`. If there is one, call out->set(out, data, size, version) with a
 *          version >= 1; if there is none, do not call it. Return TETHER_OK either way, or
 *          TETHER_STORAGE_ERROR when the store could not be read.
 *   store: compare-and-swap. If the record's current version equals `expected_version` (0 = no record yet),
 *          replace it with `data` and set its version to expected_version + 1, atomically, and return
 *          TETHER_OK. If the current version differs, change nothing and return TETHER_CONFLICT. Return
 *          TETHER_STORAGE_ERROR when the store could not be written.
 *
 * Lease (optional; both or neither). A cross-process mutual exclusion with expiry, used so that only one
 * process refreshes a connection's tokens at a time. Without it tether still never loses a token (it relies
 * on the CAS), but processes may refresh concurrently.
 *   lease_acquire: take the lease `name` for `owner` (a random id per attempt) for `ttl_ms` milliseconds.
 *                  Return TETHER_OK when taken (or already held by this owner), TETHER_CONFLICT when another
 *                  owner holds an unexpired lease, TETHER_STORAGE_ERROR on failure (tether then refreshes
 *                  without the lease, as without a lease at all). Must not block long.
 *   lease_release: release the lease if `owner` holds it. Return TETHER_OK (also when not held).
 *
 * Log (optional). Called only for entries at or below `log_level` (TETHER_LOG_OFF = none). tether checks the
 * level before formatting anything.
 *
 * Clock (optional). Wall-clock time in milliseconds since the Unix epoch. Default: the system clock.
 * Sleep (optional). Block the calling thread for `ms` milliseconds (used for backoff between retries).
 *   Default: a real sleep. A host may make time virtual by providing both clock and sleep.
 * Random (optional). Fill `buf` with `size` cryptographically secure random bytes; return TETHER_OK, or any
 *   other status on failure. Default: the operating system's CSPRNG.
 *
 * A callback that returns a status tether does not expect is treated as TETHER_HOST_ERROR
 * (TETHER_STORAGE_ERROR for storage callbacks). */
typedef struct tether_host {
    size_t struct_size;

    void *storage_ctx;
    tether_status (*load)(void *storage_ctx, const char *connection_id, tether_record_out *out);
    tether_status (*store)(void *storage_ctx, const char *connection_id, uint64_t expected_version,
                           const char *data, size_t size);
    tether_status (*lease_acquire)(void *storage_ctx, const char *name, const char *owner, int64_t ttl_ms);
    tether_status (*lease_release)(void *storage_ctx, const char *name, const char *owner);

    void *log_ctx;
    void (*log)(void *log_ctx, const tether_log_entry *entry);
    int log_level; /* a tether_log_level; entries above it are never formatted */

    void *clock_ctx;
    int64_t (*now_ms)(void *clock_ctx);
    void (*sleep_ms)(void *clock_ctx, int64_t ms);

    void *random_ctx;
    tether_status (*random_bytes)(void *random_ctx, void *buf, size_t size);
} tether_host;

#define TETHER_HOST_INIT                                                                                    \
    {                                                                                                      \
        sizeof(tether_host), NULL, NULL, NULL, NULL, NULL, NULL, NULL, TETHER_LOG_WARN, NULL, NULL, NULL, NULL, \
            NULL                                                                                           \
    }

/* ------------------------------------------------------------------------------------------------------ */
/* Results                                                                                                 */
/* ------------------------------------------------------------------------------------------------------ */

/* The outcome of a verb: its status and the details a host acts on. Created by tether, freed by
 * tether_result_free(). Accessors never return NULL: absent strings are "", absent numbers are 0 (or -1 where
 * noted). Strings belong to the result. A result is immutable; reading it from several threads is safe. */
typedef struct tether_result tether_result;

TETHER_API tether_status tether_result_status(const tether_result *result);
/* Machine-readable reason: for TETHER_RECONNECT_REQUIRED one of "invalid_grant", "revoked",
 * "refresh_token_missing", "scope_missing", "user_changed", "api_token_invalid", "access_denied",
 * "origin_changed" (the settings name another API or token origin than the grant was issued for: nothing was
 * sent), …; for other statuses a short code such as "budget_exhausted", "manifest_invalid",
 * "abi_version_mismatch". */
TETHER_API const char *tether_result_reason(const tether_result *result);
/* A human-readable, redacted explanation; for manifest errors, one "file:line:col: message" per line. */
TETHER_API const char *tether_result_message(const tether_result *result);
/* The HTTP status of the response that decided the outcome, or 0 when no response was involved. */
TETHER_API int tether_result_http_status(const tether_result *result);
/* The provider's error code (Smartsheet's errorCode), or 0. */
TETHER_API int64_t tether_result_provider_code(const tether_result *result);
/* The provider's request reference (Smartsheet's refId), or "". */
TETHER_API const char *tether_result_ref_id(const tether_result *result);
/* For TETHER_TRANSIENT: how long to wait before trying again, in milliseconds. -1 for every other status, and
 * for a TETHER_TRANSIENT that waiting alone does not resolve: a non-idempotent request that failed after it
 * may have been processed (check before sending it again), or a token the provider rejected right after a
 * successful refresh. */
TETHER_API int64_t tether_result_retry_after_ms(const tether_result *result);
/* The verb's payload: for tether_call the response body (JSON), for tether_authorize_begin
 * {"authorize_url":…,"state":…}, for tether_health the health document. *size (if not NULL) receives its
 * length in bytes; the data is also NUL-terminated. */
TETHER_API const char *tether_result_body(const tether_result *result, size_t *size);
/* The attempt chain as a JSON array: one object per HTTP attempt with status, provider code, refId, the
 * action taken and the delay before the next attempt. "[]" when no request was made. Since ABI 1.4 an API
 * attempt also holds the request in raw form: "method", "url" (secret query values redacted), "credential"
 * ("bearer …a1b2c3" — the last 6 characters of the token sent — or "none"), "record_version" (the stored
 * record's version the token came from), "request_bytes", the provider's "date" and "duration_ms". */
TETHER_API const char *tether_result_attempts_json(const tether_result *result);
/* The whole result as one JSON object (status, reason, http_status, error_code, ref_id, message,
 * retry_after_ms, first_failure, attempts, reproduce, body) — what the `tether` CLI prints. For a failed
 * call, "reproduce" (ABI 1.4) is one curl command line repeating the first failing request with the bearer
 * written as "$TETHER_ACCESS_TOKEN": run it where the platform runs (docs/troubleshooting.md). */
TETHER_API const char *tether_result_json(const tether_result *result);
/* For TETHER_FORBIDDEN and TETHER_NOT_FOUND: what the call was about, as the manifest names it (kind "sheet",
 * id "2004"); "" when the operation declares no resource. */
TETHER_API const char *tether_result_resource_kind(const tether_result *result);
TETHER_API const char *tether_result_resource_id(const tether_result *result);
/* Frees a result. NULL is allowed. */
TETHER_API void tether_result_free(tether_result *result);

/* ------------------------------------------------------------------------------------------------------ */
/* Connectors                                                                                              */
/* ------------------------------------------------------------------------------------------------------ */

/* A connector: one loaded, validated manifest plus the host's services. Thread-safe; shared by any number of
 * connections. */
typedef struct tether_connector tether_connector;

struct tether_extension; /* an extension's table (ABI 1.6; see "Extensions") */

typedef struct tether_connector_options {
    size_t struct_size;
    uint32_t abi_version;        /* the TETHER_ABI_VERSION the host was compiled with */
    const char *manifest_path;   /* a YAML manifest file, or NULL when manifest_text is given */
    const char *manifest_text;   /* the manifest itself (NUL-terminated), or NULL */
    const char *manifest_name;   /* the name used in diagnostics for manifest_text; may be NULL */
    const tether_host *host;     /* required; copied, but its ctx pointers must outlive the connector */
    /* Since 1.3: records sealed at rest. record_key points to 32 bytes (an AES-256-GCM key): every record
     * tether writes is sealed with it (a fresh nonce per write, the connection id bound in, the key's id
     * written beside it); NULL stores records as they are. previous_record_keys holds
     * previous_record_key_count pointers to 32-byte keys that still open records sealed before a rotation.
     * previous_record_keys is read only when record_key is set. Records written without a key are still read,
     * and sealed on their next write. The bytes are copied. */
    const unsigned char *record_key;
    const unsigned char *const *previous_record_keys;
    size_t previous_record_key_count;
    /* Since 1.6: extensions (see "Extensions" below). extension_paths holds extension_path_count paths of
     * shared libraries, each loaded with dlopen (RTLD_NOW | RTLD_LOCAL) and closed with the connector;
     * extension_entries holds extension_entry_count entry functions of extensions linked into the host. */
    const char *const *extension_paths;
    size_t extension_path_count;
    const struct tether_extension *(*const *extension_entries)(void);
    size_t extension_entry_count;
} tether_connector_options;

#define TETHER_CONNECTOR_OPTIONS_INIT \
    { sizeof(tether_connector_options), TETHER_ABI_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0, NULL, 0 }

/* Loads and validates a manifest and binds it to the host's services.
 * On TETHER_OK, *out receives the connector (free it with tether_connector_close). On failure *out is NULL.
 * If `result` is not NULL, *result receives a result the caller frees (also on success).
 * Returns:
 *   TETHER_OK
 *   TETHER_CONFIG_ERROR   reason "abi_version_mismatch" (the host's major differs from the library's),
 *                         "manifest_invalid" (message: every problem as file:line:col: message; also an
 *                         operation naming an extension operation or hook that no loaded extension offers),
 *                         "manifest_missing" (neither manifest_path nor manifest_text is set),
 *                         "host_table_invalid" (message names the missing callback),
 *                         "record_keys_invalid" (previous_record_keys is NULL or holds NULL while
 *                         previous_record_key_count is not 0),
 *                         since 1.6 an extension that cannot be loaded (the message names its path or entry):
 *                         "extension_not_loaded" (dlopen failed), "extension_entry_missing" (no
 *                         TETHER_EXTENSION_ENTRY_SYMBOL), "extension_invalid" (a NULL or malformed table),
 *                         "extension_abi_too_new" (built for a newer minor, or another major),
 *                         "extension_duplicate" (two extensions, operations or hooks of one name)
 *   TETHER_INTERNAL       out of memory or a bug */
TETHER_API tether_status tether_connector_open(const tether_connector_options *options, tether_connector **out,
                                               tether_result **result);

/* Frees a connector. Every connection opened from it must be closed first. NULL is allowed. */
TETHER_API void tether_connector_close(tether_connector *connector);

/* Validates a manifest (and, when settings_json is not NULL, a connection's settings against it) without a
 * host. Give a path or the text (text wins). Returns TETHER_OK, TETHER_CONFIG_ERROR (reason
 * "manifest_invalid" or "settings_invalid"; the message lists every problem, one "file:line:col: message" per
 * line) or TETHER_INTERNAL. `result` may be NULL. On TETHER_OK the result's body describes the manifest's
 * settings: {"settings":[{"name":"client_secret","required":true,"secret":true},...]} in manifest order. */
TETHER_API tether_status tether_manifest_validate(const char *manifest_path, const char *manifest_text,
                                                  const char *settings_json, tether_result **result);

/* What tether_manifest_validate_ex checks (ABI 1.6). */
typedef struct tether_manifest_validate_options {
    size_t struct_size;
    const char *manifest_path;  /* a YAML manifest file, or NULL when manifest_text is given */
    const char *manifest_text;  /* the manifest itself (NUL-terminated), or NULL; wins over manifest_path */
    const char *manifest_name;  /* the name used in diagnostics for manifest_text; may be NULL */
    const char *settings_json;  /* a connection's settings to check as well, or NULL */
    /* The extensions the manifest may name, as in tether_connector_options (loaded for the check only). */
    const char *const *extension_paths;
    size_t extension_path_count;
    const struct tether_extension *(*const *extension_entries)(void);
    size_t extension_entry_count;
} tether_manifest_validate_options;

#define TETHER_MANIFEST_VALIDATE_OPTIONS_INIT \
    { sizeof(tether_manifest_validate_options), NULL, NULL, NULL, NULL, NULL, 0, NULL, 0 }

/* tether_manifest_validate with extensions (ABI 1.6): the manifest's `extension:` and `hooks:` are checked
 * against what the given extensions offer. On TETHER_OK the body is tether_manifest_validate's, plus
 * "extensions":[{"name":…,"source":…,"operations":[{"name":…,"description":…,"params":[…]}…],
 * "request_hooks":[…],"response_hooks":[…]}…] in loading order (paths first, then entries).
 * Returns TETHER_OK, TETHER_CONFIG_ERROR (reason "manifest_invalid", "manifest_missing", "settings_invalid",
 * or an extension's loading reason as tether_connector_open lists them), TETHER_INTERNAL. */
TETHER_API tether_status tether_manifest_validate_ex(const tether_manifest_validate_options *options,
                                                     tether_result **result);

/* ------------------------------------------------------------------------------------------------------ */
/* Connections                                                                                             */
/* ------------------------------------------------------------------------------------------------------ */

/* A connection: one connection id, its settings, and its OAuth state (kept in the host's storage under the
 * connection id). Thread-safe: any number of threads may call verbs on one connection at once; tether makes
 * sure only one of them refreshes its tokens. */
typedef struct tether_connection tether_connection;

typedef struct tether_connection_options {
    size_t struct_size;
    const char *connection_id;  /* required; the host's storage key for this connection */
    const char *settings_json;  /* a JSON object of the manifest's settings (client_id, redirect_uri, region,
                                   scopes, client_secret, …), or NULL for none */
} tether_connection_options;

#define TETHER_CONNECTION_OPTIONS_INIT { sizeof(tether_connection_options), NULL, NULL }

/* Opens a connection. Settings are checked against the manifest (defaults applied, required present, types
 * and enums respected). Does not touch storage or the network.
 * Returns TETHER_OK, TETHER_CONFIG_ERROR (reason "settings_invalid": the message names each setting; or
 * "connection_id_missing": options.connection_id is NULL or empty), TETHER_INTERNAL. */
TETHER_API tether_status tether_connection_open(tether_connector *connector, const tether_connection_options *options,
                                                tether_connection **out, tether_result **result);

/* Frees a connection. No verb may be running on it. If another thread's tether_connector_health is building
 * this connection's document, waits until that document is done. NULL is allowed. */
TETHER_API void tether_connection_close(tether_connection *connection);

/* ------------------------------------------------------------------------------------------------------ */
/* The verbs                                                                                               */
/* ------------------------------------------------------------------------------------------------------ */
/* Every verb: returns the status; if `result` is not NULL, *result receives a result the caller frees with
 * tether_result_free (on every path, including failures). The two rules of "Errors" at the top of this
 * header (bad arguments; failing host callbacks) apply to every verb on top of the statuses it lists. */

/* Authorize, step 1: builds the provider's authorize URL (region, scopes, redirect_uri from the settings)
 * with a fresh random `state` (and a PKCE challenge when the manifest enables it) and stores the pending
 * authorization. The result body is {"authorize_url":"…","state":"…"}.
 * Returns TETHER_OK, TETHER_CONFIG_ERROR (reason "not_oauth2": the manifest's auth.type is api_token;
 * "client_credentials_missing": the settings lack the client id or secret, which a manifest that also accepts
 * API tokens may leave optional), TETHER_STORAGE_ERROR, TETHER_INTERNAL. */
TETHER_API tether_status tether_authorize_begin(tether_connection *connection, tether_result **result);

typedef struct tether_authorize_params {
    size_t struct_size;
    const char *callback_url; /* the full redirect URL the provider sent the user to; or NULL */
    const char *code;         /* or: the authorization code … */
    const char *state;        /* … and the state it came with */
} tether_authorize_params;

#define TETHER_AUTHORIZE_PARAMS_INIT { sizeof(tether_authorize_params), NULL, NULL, NULL }

/* Authorize, step 2: checks the state, exchanges the code and stores the tokens (a new grant: nothing learned
 * about an earlier grant's tokens carries over).
 * Returns TETHER_OK, TETHER_RECONNECT_REQUIRED (reason "access_denied", "state_mismatch",
 * "authorization_expired" — the pending authorization is older than 15 minutes —, an `error` the provider
 * put in the callback URL that RFC 6749 does not name, as it is, or what the manifest's rules say of the
 * token endpoint's answer, e.g. "authorization_code_expired"), TETHER_BAD_REQUEST (reason "callback_invalid":
 * the callback URL carries neither a code nor an error), TETHER_TRANSIENT (with retry-after; also reason
 * "server_error" or "temporarily_unavailable" from the callback URL), TETHER_CONFIG_ERROR (bad client
 * credentials; reason "not_oauth2" or "client_credentials_missing"; or "invalid_request",
 * "unauthorized_client", "unsupported_response_type", "invalid_scope" from the callback URL), TETHER_STORAGE_ERROR (the new tokens are kept in memory and stored
 * at the next opportunity), TETHER_INTERNAL. */
TETHER_API tether_status tether_authorize_complete(tether_connection *connection,
                                                   const tether_authorize_params *params, tether_result **result);

/* For connections whose manifest accepts API tokens (`auth.type: api_token`, or an `auth.methods` entry of type
 * api_token): stores a token the user created in the provider's UI. It is not checked here, and there is no
 * refresh: when the provider rejects it later, tether_call gives TETHER_RECONNECT_REQUIRED with reason
 * "api_token_invalid", without any request to the token endpoint.
 * Returns TETHER_OK, TETHER_CONFIG_ERROR (reason "not_api_token": the manifest accepts no API token;
 * "auth_method_required": it declares several and the `auth_method` setting names none of them),
 * TETHER_STORAGE_ERROR, TETHER_INTERNAL. */
TETHER_API tether_status tether_authorize_with_token(tether_connection *connection, const char *access_token,
                                                     tether_result **result);

/* For connections of a manifest that declares a client credentials method (an `auth.methods` entry of type
 * client_credentials, ABI 1.2): fetches a token with the app's own credentials (the client_id and
 * client_secret settings; no user, no refresh token) and stores it as the connection's grant. tether fetches
 * the next token the same way when this one expires or the provider answers 401, one request for all threads.
 * Where the manifest declares several client credentials methods, the `auth_method` setting names the one.
 * Returns TETHER_OK, TETHER_CONFIG_ERROR (reason "not_client_credentials": the manifest declares no such
 * method; "auth_method_required"; "client_credentials_missing"; or what the manifest's rules say of the token
 * endpoint's answer, e.g. "invalid_client"), TETHER_TRANSIENT (with retry-after), TETHER_STORAGE_ERROR (the
 * token is kept in memory and stored at the next opportunity), TETHER_INTERNAL. */
TETHER_API tether_status tether_connect_client(tether_connection *connection, tether_result **result);

/* Flags for tether_refresh. */
#define TETHER_REFRESH_FORCE 1u /* refresh even if the access token is still fresh */

/* Makes sure the connection holds a fresh access token, refreshing it if it is due (or always, with
 * TETHER_REFRESH_FORCE). Safe to call from many threads and processes at once: one refresh happens.
 * Returns TETHER_OK, TETHER_RECONNECT_REQUIRED (with reason), TETHER_TRANSIENT (with retry-after),
 * TETHER_CONFIG_ERROR, TETHER_STORAGE_ERROR (the new tokens are kept in memory and persisted later),
 * TETHER_INTERNAL. */
TETHER_API tether_status tether_refresh(tether_connection *connection, unsigned flags, tether_result **result);

/* Flags for tether_call_request.flags. */
#define TETHER_CALL_ALL_PAGES 1u /* follow the operation's pagination and concatenate `data` */

typedef struct tether_call_request {
    size_t struct_size;
    const char *operation;   /* a manifest operation name, e.g. "sheets.get" */
    const char *params_json; /* a JSON object of the operation's parameters, or NULL */
    const char *body;        /* the request body (JSON), or NULL */
    size_t body_size;        /* its length; 0 with a non-NULL body means strlen(body) */
    unsigned flags;          /* TETHER_CALL_* */
    int64_t max_items;       /* with TETHER_CALL_ALL_PAGES: stop after this many items; 0 = no cap */
} tether_call_request;

#define TETHER_CALL_REQUEST_INIT { sizeof(tether_call_request), NULL, NULL, NULL, 0, 0u, 0 }

/* Runs a manifest operation: refreshes the token if due, sends the request and retries what is worth
 * retrying. The status is the decision on the last response (a 401 answered by a refresh and then a 403 is
 * TETHER_FORBIDDEN; a 503 retried until the budget ends is TETHER_TRANSIENT), and tether_result_http_status
 * is that response's; the first failing response is reported as the root cause (`first_failure` in
 * tether_result_json), every attempt in tether_result_attempts_json. A redirect is never followed, and a
 * success is a 2xx whose body is JSON (or empty).
 * Returns TETHER_OK, TETHER_RECONNECT_REQUIRED, TETHER_TRANSIENT (also reason "unexpected_content_type": a 2xx
 * that is not JSON, such as a maintenance page, retried like any transient failure; "response_headers_too_large":
 * a header block over 64 KiB, not retried within the call), TETHER_FORBIDDEN, TETHER_BAD_REQUEST (the provider
 * refused the request, or tether did before sending it: reason "operation_missing" — request.operation is NULL
 * or empty —, "unknown_operation", "params_invalid", "body_invalid", …; or reason "response_too_large": the
 * decoded answer passed the operation's max_response_bytes, so ask for less), TETHER_NOT_FOUND,
 * TETHER_CONFIG_ERROR (also reason "unexpected_redirect": a 3xx, whose Location the message names — a URL
 * setting is probably wrong), TETHER_STORAGE_ERROR, TETHER_INTERNAL. */
TETHER_API tether_status tether_call(tether_connection *connection, const tether_call_request *request,
                                     tether_result **result);

/* Flags for tether_health. */
#define TETHER_HEALTH_PROBE 1u      /* also make a live probe call (the manifest's probe operation) */
#define TETHER_HEALTH_PROMETHEUS 2u /* the body is Prometheus text exposition instead of JSON */

/* Builds the connection's health document (state, token timing, counters, diagnosis) into the result body.
 * Returns TETHER_OK when the document was built, TETHER_INTERNAL. The connection's own state is inside the
 * document, whatever it is: a failing storage callback does not fail it — the document shows what this
 * process knows (state "unknown" when the record was never read; "degraded" when it cannot be parsed or was
 * read before), with a "storage_unavailable" finding. */
TETHER_API tether_status tether_health(tether_connection *connection, unsigned flags, tether_result **result);

/* The same, aggregated over every open connection of a connector (with TETHER_HEALTH_PROBE, each connection
 * makes its live probe). The connector's lock is held only to list the connections, so connections open and
 * close while the documents are built (a connection being closed waits for its own document).
 * Returns TETHER_OK when the document was built, TETHER_INTERNAL. */
TETHER_API tether_status tether_connector_health(tether_connector *connector, unsigned flags,
                                                 tether_result **result);

/* Revokes the connection's grant at the provider (when the manifest declares a revoke endpoint) and clears
 * the stored tokens once the provider confirmed (or, after a 401, declared the grant dead at its token
 * endpoint).
 * Returns TETHER_OK, TETHER_TRANSIENT, TETHER_BAD_REQUEST (reason "revoke_rejected": the provider refused the
 * revocation — a 401 also after refreshing the token once —; the tokens are kept), TETHER_STORAGE_ERROR,
 * TETHER_INTERNAL. */
TETHER_API tether_status tether_revoke(tether_connection *connection, tether_result **result);

/* Flags for tether_revoke_ex (ABI 1.1). */
#define TETHER_REVOKE_ALL_FOR_CLIENT 1u /* also revoke every token the provider holds for this app and user */

/* tether_revoke with flags (ABI 1.1). TETHER_REVOKE_ALL_FOR_CLIENT adds the manifest's `auth.revoke.all_param`
 * to the revoke request (Smartsheet: deleteAllForApiClient=true): every token of this app for the user dies,
 * including those of the user's other connections with this app and any pair a lost refresh answer minted.
 * Returns TETHER_OK, TETHER_TRANSIENT, TETHER_BAD_REQUEST (reason "revoke_all_unsupported": the flag was given
 * but the manifest declares no `auth.revoke.all_param`; "revoke_rejected" as for tether_revoke),
 * TETHER_STORAGE_ERROR, TETHER_INTERNAL. */
TETHER_API tether_status tether_revoke_ex(tether_connection *connection, unsigned flags, tether_result **result);

/* ------------------------------------------------------------------------------------------------------ */
/* Diagnosis (ABI 1.4)                                                                                     */
/* ------------------------------------------------------------------------------------------------------ */

typedef struct tether_diagnose_options {
    size_t struct_size;
    const char *operation;       /* optional: also send one request of this operation, raw (no retries) */
    const char *params_json;     /* its parameters (a JSON object), or NULL */
    const char *recorded_result; /* optional: a failed result the platform recorded (tether_result_json), NUL-
                                    terminated, to compare with what tether sees now */
} tether_diagnose_options;

#define TETHER_DIAGNOSE_OPTIONS_INIT { sizeof(tether_diagnose_options), NULL, NULL, NULL }

/* The troubleshooting guide run against the connection (ABI 1.4; what `tether doctor` prints): the checks
 * in order — stored state, clocks, the token (one probe with the current token; after a 401 one normal
 * refresh and the probe again), the operation when given, the recorded result when given — stopping at the
 * first finding. The result body is one JSON object: {"verdict": V, "first_action": "…", "checks": [{"name",
 * "ok", "evidence"}…], "reproduce": "…"} where V is one of "healthy", "admin_lifetime", "revoked",
 * "reauthorize_scopes", "permission", "not_found", "clock_skew", "provider_outage", "platform", "config";
 * the result's reason is V and its message the first action. At most four requests; stored state changes
 * only through the normal refresh. A storage or network failure is evidence, not a failure of the verb.
 * `options` may be NULL (no operation, no recorded result).
 * Returns TETHER_OK when the diagnosis was made, whatever its verdict, TETHER_INTERNAL. */
TETHER_API tether_status tether_diagnose(tether_connection *connection, const tether_diagnose_options *options,
                                         tether_result **result);

/* ------------------------------------------------------------------------------------------------------ */
/* Webhooks (ABI 1.5)                                                                                      */
/* ------------------------------------------------------------------------------------------------------ */
/* A manifest operation that creates a webhook or resets its secret may declare `webhook_secret`: tether_call
 * then keeps the shared secret of the answer with the connection (in the host's storage, inside the record)
 * and the caller's body shows it as its last 6 characters. tether_webhook_receive checks an inbound request
 * against that secret. docs/webhooks.md shows a host. */

/* One header of an inbound HTTP request. */
typedef struct tether_header {
    const char *name;
    const char *value;
} tether_header;

typedef struct tether_webhook_request {
    size_t struct_size;
    const tether_header *headers; /* the request's headers (any case); may be NULL when header_count is 0 */
    size_t header_count;
    const char *body;             /* the exact body bytes received, not re-encoded; may be NULL when empty */
    size_t body_size;             /* its length in bytes */
    int64_t webhook_id;           /* the webhook the host routed the request to, or 0: the body's webhookId */
    int64_t replay_window_ms;     /* > 0: refuse a callback whose nonce was already accepted, or whose timestamp
                                     is further than this from the host's clock; 0: no replay protection */
    const char *shared_secret;    /* a secret the host keeps itself, or NULL: the one tether captured */
} tether_webhook_request;

#define TETHER_WEBHOOK_REQUEST_INIT { sizeof(tether_webhook_request), NULL, 0, NULL, 0, 0, 0, NULL }

/* Receives one inbound webhook request. A verification challenge is answered (no secret needed); a callback
 * must carry Smartsheet-Hmac-SHA256, the HMAC-SHA256 of the body under the webhook's shared secret, compared
 * in constant time. Whatever the status, the result says what to answer (tether_result_webhook_response_*),
 * and its body is {"kind":…,"webhook_id":…,"response":{"status":…,"headers":{…},"body":"…"},"event":{…}}.
 * Returns:
 *   TETHER_OK             reason "challenge" (answer it as the result says) or "event" (the callback is
 *                         authentic: tether_result_webhook_event)
 *   TETHER_FORBIDDEN      reason "signature_missing", "signature_mismatch", "replayed" (the nonce was already
 *                         accepted), "stale" (the timestamp is outside replay_window_ms, or absent)
 *   TETHER_BAD_REQUEST    reason "not_webhook_payload" (neither a challenge nor a callback),
 *                         "webhook_id_mismatch" (the body names another webhook than request.webhook_id)
 *   TETHER_CONFIG_ERROR   reason "webhook_secret_unknown" (no secret captured for the webhook, none given)
 *   TETHER_STORAGE_ERROR  the record holding the secrets could not be read
 *   TETHER_INTERNAL */
TETHER_API tether_status tether_webhook_receive(tether_connection *connection, const tether_webhook_request *request,
                                                tether_result **result);

/* What a result of tether_webhook_receive holds ("" or 0 for other results). */
/* "challenge", "event", or "unknown" for a body that is not a webhook payload. */
TETHER_API const char *tether_result_webhook_kind(const tether_result *result);
/* The HTTP status to answer with: 200 when accepted, 403, 400 or 500 when refused. */
TETHER_API int tether_result_webhook_response_status(const tether_result *result);
/* The headers to answer with (a challenge: Smartsheet-Hook-Response and Content-Type). */
TETHER_API size_t tether_result_webhook_response_header_count(const tether_result *result);
TETHER_API const char *tether_result_webhook_response_header_name(const tether_result *result, size_t index);
TETHER_API const char *tether_result_webhook_response_header_value(const tether_result *result, size_t index);
/* The body to answer with (a challenge: {"smartsheetHookResponse":…}; else empty). */
TETHER_API const char *tether_result_webhook_response_body(const tether_result *result, size_t *size);
/* An accepted callback's body as JSON (nonce, timestamp, webhookId, scope, events…), else "". */
TETHER_API const char *tether_result_webhook_event(const tether_result *result);

/* ------------------------------------------------------------------------------------------------------ */
/* Extensions (ABI 1.6)                                                                                    */
/* ------------------------------------------------------------------------------------------------------ */
/* An extension is code a plugin author adds to a connector: code operations (called like manifest
 * operations) and request/response hooks (attached to operations by the manifest). It is a shared library
 * exporting one function, TETHER_EXTENSION_ENTRY_SYMBOL, or an entry function linked into the host; the host
 * names it in tether_connector_options. docs/extending.md is the guide.
 *
 * An extension needs no link to libtether: everything it may do goes through the tether_extension_api table
 * handed to each of its functions, with the tether_extension_context of the running operation or hook.
 * Every function of that table returns a tether_status and checks its arguments: a NULL or unknown context,
 * a context whose operation or hook has ended, a NULL out-pointer, a struct whose struct_size is smaller than
 * its first version, or a function the context does not offer (send in a hook, set_header in a response hook)
 * give TETHER_HOST_ERROR, never a crash. Strings tether hands out belong to the context and live until its
 * operation or hook ends.
 *
 * What an extension never sees: the Authorization header (request hooks run before tether adds it, and
 * cannot set it), the access and refresh tokens, the client secret, webhook secrets, and secret settings.
 * Its requests go through the same pipeline as a manifest operation's: the bearer injected, one refresh on a
 * 401, backoff, the circuit breaker, the manifest's error rules, the attempt chain, and the call's one budget,
 * which also covers the time spent in hooks. */

#define TETHER_EXTENSION_ENTRY_SYMBOL "tether_extension_entry"

/* Marks an extension's entry function as exported from its shared library. */
#if defined(_WIN32) || defined(__CYGWIN__)
#  define TETHER_EXTENSION_EXPORT __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#  define TETHER_EXTENSION_EXPORT __attribute__((visibility("default")))
#else
#  define TETHER_EXTENSION_EXPORT
#endif

/* The state of one running code operation or hook: opaque, valid only while that function runs. */
typedef struct tether_extension_context tether_extension_context;
struct tether_extension_api;

/* The type of a code operation's parameter, as the manifest's parameter types. */
enum tether_param_type {
    TETHER_PARAM_STRING = 0,
    TETHER_PARAM_INTEGER = 1,
    TETHER_PARAM_BOOLEAN = 2,
    TETHER_PARAM_STRING_LIST = 3,
    TETHER_PARAM_INTEGER_LIST = 4
};

/* One declared parameter. This struct never grows (a later ABI would add another array). */
typedef struct tether_extension_param {
    const char *name;        /* letters, digits, '_', '-', '.' */
    int type;                /* a tether_param_type */
    int required;            /* non-zero: the caller must give it */
    const char *description; /* may be NULL */
} tether_extension_param;

/* A code operation's or hook's function. Returns the status the operation or hook ends with. */
typedef tether_status (*tether_extension_fn)(const struct tether_extension_api *api, tether_extension_context *ctx,
                                             void *user);

/* A code operation: the manifest names it with `extension: <name>` on an operation. */
typedef struct tether_extension_operation {
    size_t struct_size;
    const char *name;                     /* dotted lowercase, e.g. "rows.upsert" */
    const char *description;              /* may be NULL */
    const tether_extension_param *params; /* param_count entries; may be NULL when 0 */
    size_t param_count;
    tether_extension_fn run;
    void *user;                           /* handed unchanged to run */
} tether_extension_operation;

/* A request or response hook: the manifest names it under an operation's `hooks:`. */
typedef struct tether_extension_hook {
    size_t struct_size;
    const char *name; /* e.g. "correlation_id" */
    tether_extension_fn run;
    void *user; /* handed unchanged to run */
} tether_extension_hook;

/* What an extension's entry function returns. It must stay valid until the connector that loaded it closes.
 * tether reads only the fields struct_size covers (at least up to operation_count). */
typedef struct tether_extension {
    size_t struct_size;
    uint32_t abi_version; /* TETHER_ABI_VERSION the extension was built with */
    const char *name;     /* the extension's name, for messages and `tether validate` */
    const tether_extension_operation *const *operations;
    size_t operation_count;
    const tether_extension_hook *const *request_hooks;
    size_t request_hook_count;
    const tether_extension_hook *const *response_hooks;
    size_t response_hook_count;
} tether_extension;

/* The entry function's type; a shared library exports it as TETHER_EXTENSION_ENTRY_SYMBOL. */
typedef const tether_extension *(*tether_extension_entry_fn)(void);

/* One request a code operation sends. Header and query pairs use tether_header. */
typedef struct tether_extension_request {
    size_t struct_size;
    const char *method;           /* "GET", "POST", "PUT", "PATCH" or "DELETE" */
    const char *path;             /* relative to the API base, starting with '/', without a query */
    const tether_header *query;   /* query parameters, not encoded; may be NULL when query_count is 0 */
    size_t query_count;
    const tether_header *headers; /* extra headers (never Authorization, Host, Content-Length) */
    size_t header_count;
    const char *body;             /* a JSON body, or NULL */
    size_t body_size;             /* its length; 0 with a non-NULL body means strlen(body) */
} tether_extension_request;

#define TETHER_EXTENSION_REQUEST_INIT { sizeof(tether_extension_request), "GET", NULL, NULL, 0, NULL, 0, NULL, 0 }

/* What a sent request came to: the pipeline's decision, as a call's result would say it. */
typedef struct tether_extension_response {
    size_t struct_size;
    tether_status status; /* TETHER_OK for a 2xx, else the decision on the last response */
    int http_status;      /* that response's status, 0 when none arrived */
    const char *reason;   /* "" on success */
    const char *message;  /* redacted; "" on success */
    const char *body;     /* the 2xx response's body ("" otherwise), NUL-terminated */
    size_t body_size;
} tether_extension_response;

#define TETHER_EXTENSION_RESPONSE_INIT { sizeof(tether_extension_response), 0, 0, NULL, NULL, NULL, 0 }

/* The services tether offers an extension. struct_size and abi_version say how much of it this library fills;
 * a later library only appends. "code" marks what a code operation may call, "request"/"response" what a
 * request or response hook may; the rest is for all three. */
typedef struct tether_extension_api {
    size_t struct_size;
    uint32_t abi_version; /* the library's TETHER_ABI_VERSION */

    /* The name of the operation being run (the manifest's). */
    tether_status (*operation_name)(tether_extension_context *ctx, const char **name);
    /* The caller's parameters as a JSON object (defaults applied). */
    tether_status (*params_json)(tether_extension_context *ctx, const char **json, size_t *size);
    /* code: the caller's request body ("" when none); request hook: the request's body; response hook: the
     * response's body. */
    tether_status (*body)(tether_extension_context *ctx, const char **data, size_t *size);
    /* A non-secret setting of the connection as text (lists joined by ','): TETHER_NOT_FOUND when the manifest
     * declares no such setting or it has no value, TETHER_FORBIDDEN when it is secret. */
    tether_status (*setting)(tether_extension_context *ctx, const char *name, const char **value);
    /* Writes a line to the host's log, redacted, naming the connection and operation. */
    tether_status (*log)(tether_extension_context *ctx, int level, const char *message);
    /* The host's clock, milliseconds since the Unix epoch. */
    tether_status (*now_ms)(tether_extension_context *ctx, int64_t *now_ms);
    /* size bytes of the host's randomness. */
    tether_status (*random_bytes)(tether_extension_context *ctx, void *buf, size_t size);

    /* code: sends one request through tether's pipeline; fills *response (whose strings live until the
     * operation ends). Returns the request's status (as response->status), or TETHER_TRANSIENT (reason
     * "budget_exhausted") without sending once the call's budget is spent. */
    tether_status (*send)(tether_extension_context *ctx, const tether_extension_request *request,
                          tether_extension_response *response);
    /* code: the operation's result (body: JSON, or NULL for "{}"); response hook: the verdict on the response
     * (TETHER_OK accepts it as a success whatever its HTTP status, with `body` replacing the response's when
     * given; any other status ends the request with that status, without retrying); request hook: a status
     * other than TETHER_OK refuses the request, unsent. The last call wins. reason: [a-z0-9_]+ (else
     * TETHER_BAD_REQUEST), may be NULL; message: tether replaces any secret of the connection in it by its
     * last 6 characters. A body that is not JSON gives TETHER_BAD_REQUEST. */
    tether_status (*set_result)(tether_extension_context *ctx, tether_status status, const char *reason,
                                const char *message, const char *body, size_t body_size);

    /* request and response hooks: the request's method ("GET", …) and path with its query (as sent). */
    tether_status (*request_method)(tether_extension_context *ctx, const char **method);
    tether_status (*request_target)(tether_extension_context *ctx, const char **target);
    /* request: a request header; response: a response header. TETHER_NOT_FOUND when absent. */
    tether_status (*header)(tether_extension_context *ctx, const char *name, const char **value);
    /* request: sets (replaces) a header; value NULL removes it. Authorization, Host, Content-Length and
     * Content-Type are refused (TETHER_FORBIDDEN), as are CR, LF and NUL (TETHER_BAD_REQUEST). */
    tether_status (*set_header)(tether_extension_context *ctx, const char *name, const char *value);
    /* request: sets (replaces) a query parameter, not encoded; value NULL removes it. */
    tether_status (*set_query)(tether_extension_context *ctx, const char *name, const char *value);
    /* request: replaces the body (JSON); response: replaces the body the call returns. */
    tether_status (*set_body)(tether_extension_context *ctx, const char *data, size_t size);
    /* response: the response's HTTP status. */
    tether_status (*response_status)(tether_extension_context *ctx, int *http_status);
} tether_extension_api;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TETHER_TETHER_H */
