// tether.hpp — a header-only C++17 wrapper over the C ABI in tether.h, for hosts and plugin authors.
//
// It talks only to the C functions: RAII, move-only handles (connector, connection, result), results instead
// of out-parameters, and host services given as lambdas or objects. An exception thrown by a host callable
// never crosses into libtether: storage and lease failures become TETHER_STORAGE_ERROR, random_bytes failures
// TETHER_HOST_ERROR, a throwing clock or sleep falls back to the system's (with a rate-limited warning through
// the host's log), and a throwing log is swallowed; see host_services.
// The wrapper itself throws only std::bad_alloc (out of memory) and tether::sdk::bad_result_access (an
// expected read the wrong way: the value of a failure, or the error of a success).
#ifndef TETHER_TETHER_HPP
#define TETHER_TETHER_HPP

// std::optional, std::variant, std::string_view and nested namespaces need C++17; say so instead of letting the
// compiler bury the reason under pages of errors. (MSVC reports its standard in _MSVC_LANG.)
#if defined(_MSVC_LANG)
#define TETHER_HPP_CPLUSPLUS _MSVC_LANG
#else
#define TETHER_HPP_CPLUSPLUS __cplusplus
#endif
#if TETHER_HPP_CPLUSPLUS < 201703L
#error "tether.hpp needs C++17 or later (e.g. -std=c++17); from C or older C++, include tether/tether.h, the C ABI"
#endif
#undef TETHER_HPP_CPLUSPLUS

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "tether/tether.h"

namespace tether::sdk {

// The C status codes as an enum; values a newer library may add are clamped to `internal` by to_status().
enum class status : int {
    ok = TETHER_OK,
    reconnect_required = TETHER_RECONNECT_REQUIRED,
    transient = TETHER_TRANSIENT,
    forbidden = TETHER_FORBIDDEN,
    bad_request = TETHER_BAD_REQUEST,
    not_found = TETHER_NOT_FOUND,
    conflict = TETHER_CONFLICT,
    config_error = TETHER_CONFIG_ERROR,
    storage_error = TETHER_STORAGE_ERROR,
    host_error = TETHER_HOST_ERROR,
    internal = TETHER_INTERNAL,
};

// Maps a raw C status onto the enum this header knows; an unknown value (from a newer library) is treated
// as `internal`, as tether.h asks hosts to.
inline status to_status(tether_status raw) noexcept {
    return (raw >= TETHER_OK && raw <= TETHER_INTERNAL) ? static_cast<status>(raw) : status::internal;
}

inline const char* to_string(status s) noexcept {
    return tether_status_str(static_cast<tether_status>(s));
}

// An owned tether_result: the outcome of a verb. Move-only; frees itself.
class result {
public:
    result() = default;
    explicit result(tether_result* raw) noexcept : raw_(raw) {}
    result(result&& other) noexcept : raw_(std::exchange(other.raw_, nullptr)) {}
    result& operator=(result&& other) noexcept {
        if (this != &other) {
            tether_result_free(raw_);
            raw_ = std::exchange(other.raw_, nullptr);
        }
        return *this;
    }
    result(const result&) = delete;
    result& operator=(const result&) = delete;
    ~result() { tether_result_free(raw_); }

    // A result the library could not allocate (out of memory) reports `internal`.
    status code() const noexcept { return raw_ != nullptr ? to_status(tether_result_status(raw_)) : status::internal; }
    bool ok() const noexcept { return code() == status::ok; }
    explicit operator bool() const noexcept { return ok(); }

    std::string_view reason() const noexcept { return tether_result_reason(raw_); }
    std::string_view message() const noexcept { return tether_result_message(raw_); }
    int http_status() const noexcept { return tether_result_http_status(raw_); }
    std::int64_t provider_code() const noexcept { return tether_result_provider_code(raw_); }
    std::string_view ref_id() const noexcept { return tether_result_ref_id(raw_); }
    std::optional<std::int64_t> retry_after_ms() const noexcept {
        const std::int64_t ms = tether_result_retry_after_ms(raw_);
        return ms >= 0 ? std::optional<std::int64_t>(ms) : std::nullopt;
    }
    std::string_view body() const noexcept {
        std::size_t size = 0;
        const char* data = tether_result_body(raw_, &size);
        return std::string_view(data, size);
    }
    std::string_view attempts_json() const noexcept { return tether_result_attempts_json(raw_); }
    // For forbidden / not_found: what the call was about ("sheet", "2004"); empty when not declared.
    std::string_view resource_kind() const noexcept { return tether_result_resource_kind(raw_); }
    std::string_view resource_id() const noexcept { return tether_result_resource_id(raw_); }
    std::string_view json() const noexcept { return tether_result_json(raw_); }

    // A result of connection::receive_webhook (ABI 1.5): what it was ("challenge", "event", "unknown"), the
    // answer to send back, and an accepted callback's event as JSON.
    std::string_view webhook_kind() const noexcept { return tether_result_webhook_kind(raw_); }
    int webhook_response_status() const noexcept { return tether_result_webhook_response_status(raw_); }
    std::vector<std::pair<std::string_view, std::string_view>> webhook_response_headers() const {
        std::vector<std::pair<std::string_view, std::string_view>> headers;
        const std::size_t n = tether_result_webhook_response_header_count(raw_);
        for (std::size_t i = 0; i < n; ++i)
            headers.emplace_back(tether_result_webhook_response_header_name(raw_, i),
                                 tether_result_webhook_response_header_value(raw_, i));
        return headers;
    }
    std::string_view webhook_response_body() const noexcept {
        std::size_t size = 0;
        const char* data = tether_result_webhook_response_body(raw_, &size);
        return std::string_view(data, size);
    }
    std::string_view webhook_event() const noexcept { return tether_result_webhook_event(raw_); }

    const tether_result* get() const noexcept { return raw_; }

private:
    tether_result* raw_ = nullptr;
};

// Thrown when an expected is read the wrong way, like std::bad_expected_access: value() (or * and ->) on a
// failure carries that failure's status, reason and message (tether's messages are already redacted);
// error() on a value carries status ok. Copies share the text, so copying one never throws.
class bad_result_access : public std::exception {
public:
    explicit bad_result_access(const result& failure)
        : details_(std::make_shared<const details>(
              details{failure.code(), std::string(failure.reason()), std::string(failure.message()),
                      describe(failure.code(), failure.reason(), failure.message())})) {}

    // For error() on an expected that holds a value: there is no failure to carry.
    static bad_result_access holding_value() {
        return bad_result_access(std::make_shared<const details>(
            details{status::ok, {}, {}, "tether: error() called on an expected that holds a value"}));
    }

    status code() const noexcept { return details_->code; }
    std::string_view reason() const noexcept { return details_->reason; }
    std::string_view message() const noexcept { return details_->message; }
    // "tether: <status> (<reason>): <message>".
    const char* what() const noexcept override { return details_->what.c_str(); }

private:
    struct details {
        status code;
        std::string reason;
        std::string message;
        std::string what;
    };

    explicit bad_result_access(std::shared_ptr<const details> d) noexcept : details_(std::move(d)) {}

    static std::string describe(status code, std::string_view reason, std::string_view message) {
        std::string text = std::string("tether: ") + to_string(code);
        if (!reason.empty()) text.append(" (").append(reason).append(")");
        if (!message.empty()) text.append(": ").append(message);
        return text;
    }

    std::shared_ptr<const details> details_;
};

// Either a value or the result explaining why there is none (a small std::expected for C++17). Reading the
// side it does not hold throws bad_result_access.
template <class T>
class expected {
public:
    expected(T value) : state_(std::move(value)) {}
    expected(result error) : state_(std::move(error)) {}

    bool has_value() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }
    T& value() & { return *checked(); }
    const T& value() const& { return *checked(); }
    T&& value() && { return std::move(*checked()); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return checked(); }
    const T* operator->() const { return checked(); }
    T value_or(T fallback) const& {
        if (const T* value = std::get_if<0>(&state_)) return *value;
        return fallback;
    }
    T value_or(T fallback) && {
        if (T* value = std::get_if<0>(&state_)) return std::move(*value);
        return fallback;
    }
    // The failure; only when !has_value().
    const result& error() const {
        if (const result* failure = std::get_if<1>(&state_)) return *failure;
        throw bad_result_access::holding_value();
    }

private:
    const T* checked() const {
        if (const T* value = std::get_if<0>(&state_)) return value;
        if (const result* failure = std::get_if<1>(&state_)) throw bad_result_access(*failure);
        throw bad_result_access(result());  // valueless after a throwing assignment: reads as `internal`
    }
    T* checked() { return const_cast<T*>(std::as_const(*this).checked()); }

    std::variant<T, result> state_;
};

// Storage as an object: implement this (or use a helper store) and pass it to host_services::use_storage.
// Contract: tether.h, "Storage" and "Lease".
class storage {
public:
    virtual ~storage() = default;
    // Sets `data` and `version` (>= 1) when a record exists; leaves version 0 when not. OK or STORAGE_ERROR.
    virtual tether_status load(const std::string& connection_id, std::string& data, std::uint64_t& version) = 0;
    // Compare-and-swap on the version. OK, CONFLICT or STORAGE_ERROR.
    virtual tether_status store(const std::string& connection_id, std::uint64_t expected_version,
                                std::string_view data) = 0;
    virtual bool supports_lease() const { return false; }
    virtual tether_status lease_acquire(const std::string&, const std::string&, std::int64_t) { return TETHER_OK; }
    virtual tether_status lease_release(const std::string&, const std::string&) { return TETHER_OK; }
};

// The host's services as C++ callables; any left empty uses tether's default (storage is required). They may be
// called from several threads at once (tether.h). An exception a callable throws never reaches tether, and
// its what() is never read (host text may hold anything):
//   load, store, lease_acquire, lease_release  tether sees TETHER_STORAGE_ERROR.
//   random_bytes                               tether sees TETHER_HOST_ERROR.
//   now_ms    the wrapper answers with the system clock (ms since the Unix epoch): a clock read as 0 would
//             make every token look fresh or expired at random.
//   sleep_ms  the wrapper sleeps the same length on the calling thread: skipping the sleep would turn backoff
//             into hammering the API.
//   log       swallowed: the log is the channel failures are reported on.
// For now_ms and sleep_ms, a TETHER_LOG_WARN entry naming the callable goes to `log` (when set and
// log_level >= TETHER_LOG_WARN) on the first failure and then at most once a minute per callable.
struct host_services {
    std::function<tether_status(const std::string& connection_id, std::string& data, std::uint64_t& version)> load;
    std::function<tether_status(const std::string& connection_id, std::uint64_t expected_version,
                                std::string_view data)>
        store;
    std::function<tether_status(const std::string& name, const std::string& owner, std::int64_t ttl_ms)> lease_acquire;
    std::function<tether_status(const std::string& name, const std::string& owner)> lease_release;
    std::function<void(int level, std::string_view message, std::string_view connection_id, std::string_view operation)>
        log;
    int log_level = TETHER_LOG_WARN;
    std::function<std::int64_t()> now_ms;
    std::function<void(std::int64_t ms)> sleep_ms;
    std::function<tether_status(void* buf, std::size_t size)> random_bytes;

    // Routes load/store (and the lease, when it supports one) to `s`, which must outlive the connector.
    void use_storage(storage& s) {
        load = [&s](const std::string& id, std::string& data, std::uint64_t& version) {
            return s.load(id, data, version);
        };
        store = [&s](const std::string& id, std::uint64_t expected, std::string_view data) {
            return s.store(id, expected, data);
        };
        if (s.supports_lease()) {
            lease_acquire = [&s](const std::string& n, const std::string& o, std::int64_t ttl) {
                return s.lease_acquire(n, o, ttl);
            };
            lease_release = [&s](const std::string& n, const std::string& o) { return s.lease_release(n, o); };
        } else {
            lease_acquire = nullptr;
            lease_release = nullptr;
        }
    }
};

namespace detail {

inline std::int64_t system_now_ms() noexcept {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

inline std::int64_t steady_now_ms() noexcept {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// Lets a warning through on the first failure and then at most one per minute, whichever threads fail: a
// clock that throws on every call would otherwise log once per token check. The caller passes a steady
// time, so a jump of the wall clock can neither silence the warning nor unleash a flood.
class warning_throttle {
public:
    static constexpr std::int64_t interval_ms = 60000;

    bool allow(std::int64_t steady_ms) noexcept {
        std::int64_t last = last_ms_.load(std::memory_order_relaxed);
        if (last != never && steady_ms - last < interval_ms) return false;
        return last_ms_.compare_exchange_strong(last, steady_ms, std::memory_order_relaxed);
    }

private:
    static constexpr std::int64_t never = std::numeric_limits<std::int64_t>::min();
    std::atomic<std::int64_t> last_ms_{never};
};

// The C trampolines: each catches everything its callable throws (see host_services for what follows).
struct host_bridge {
    host_services services;
    warning_throttle clock_warnings;
    warning_throttle sleep_warnings;

    static host_bridge& of(void* ctx) { return *static_cast<host_bridge*>(ctx); }

    // The one path to the host's log; a throwing log is swallowed, as there is nowhere left to report it.
    void deliver_log(int level, std::string_view message, std::string_view connection_id,
                     std::string_view operation) noexcept {
        try {
            services.log(level, message, connection_id, operation);
        } catch (...) {
        }
    }

    void warn_throttled(warning_throttle& throttle, std::string_view message) noexcept {
        if (!services.log || services.log_level < TETHER_LOG_WARN) return;
        if (throttle.allow(steady_now_ms())) deliver_log(TETHER_LOG_WARN, message, "", "");
    }

    static tether_status load(void* ctx, const char* id, tether_record_out* out) {
        try {
            std::string data;
            std::uint64_t version = 0;
            const tether_status s = of(ctx).services.load(id, data, version);
            if (s == TETHER_OK && version != 0) out->set(out, data.data(), data.size(), version);
            return s;
        } catch (...) {
            return TETHER_STORAGE_ERROR;
        }
    }
    static tether_status store(void* ctx, const char* id, std::uint64_t expected, const char* data, std::size_t size) {
        try {
            return of(ctx).services.store(id, expected, std::string_view(data, size));
        } catch (...) {
            return TETHER_STORAGE_ERROR;
        }
    }
    static tether_status lease_acquire(void* ctx, const char* name, const char* owner, std::int64_t ttl) {
        try {
            return of(ctx).services.lease_acquire(name, owner, ttl);
        } catch (...) {
            return TETHER_STORAGE_ERROR;
        }
    }
    static tether_status lease_release(void* ctx, const char* name, const char* owner) {
        try {
            return of(ctx).services.lease_release(name, owner);
        } catch (...) {
            return TETHER_STORAGE_ERROR;
        }
    }
    static void log(void* ctx, const tether_log_entry* e) noexcept {
        of(ctx).deliver_log(e->level, e->message, e->connection_id ? e->connection_id : "",
                            e->operation ? e->operation : "");
    }
    static std::int64_t now_ms(void* ctx) noexcept {
        host_bridge& self = of(ctx);
        try {
            return self.services.now_ms();
        } catch (...) {
        }
        self.warn_throttled(self.clock_warnings,
                            "tether.hpp: the host's now_ms threw; using the system clock instead (repeated at "
                            "most once a minute)");
        return system_now_ms();
    }
    static void sleep_ms(void* ctx, std::int64_t ms) noexcept {
        host_bridge& self = of(ctx);
        try {
            self.services.sleep_ms(ms);
            return;
        } catch (...) {
        }
        self.warn_throttled(self.sleep_warnings,
                            "tether.hpp: the host's sleep_ms threw; sleeping on the calling thread instead "
                            "(repeated at most once a minute)");
        try {
            if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        } catch (...) {
        }
    }
    static tether_status random_bytes(void* ctx, void* buf, std::size_t size) {
        try {
            return of(ctx).services.random_bytes(buf, size);
        } catch (...) {
            return TETHER_HOST_ERROR;
        }
    }

    tether_host table() {
        tether_host t = TETHER_HOST_INIT;
        void* self = this;
        t.storage_ctx = t.log_ctx = t.clock_ctx = t.random_ctx = self;
        if (services.load) t.load = &load;
        if (services.store) t.store = &store;
        if (services.lease_acquire) t.lease_acquire = &lease_acquire;
        if (services.lease_release) t.lease_release = &lease_release;
        if (services.log) t.log = &log;
        t.log_level = services.log_level;
        if (services.now_ms) t.now_ms = &now_ms;
        if (services.sleep_ms) t.sleep_ms = &sleep_ms;
        if (services.random_bytes) t.random_bytes = &random_bytes;
        return t;
    }
};

}  // namespace detail

// One connection id with its settings and stored OAuth state. Move-only; must be destroyed before the
// connector it came from. Safe to use from several threads at once (tether.h).
class connection {
public:
    connection(connection&& other) noexcept : raw_(std::exchange(other.raw_, nullptr)) {}
    connection& operator=(connection&& other) noexcept {
        if (this != &other) {
            tether_connection_close(raw_);
            raw_ = std::exchange(other.raw_, nullptr);
        }
        return *this;
    }
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;
    ~connection() { tether_connection_close(raw_); }

    result authorize_begin() {
        return run([&](tether_result** r) { return tether_authorize_begin(raw_, r); });
    }

    result authorize_complete_url(const std::string& callback_url) {
        tether_authorize_params p = TETHER_AUTHORIZE_PARAMS_INIT;
        p.callback_url = callback_url.c_str();
        return run([&](tether_result** r) { return tether_authorize_complete(raw_, &p, r); });
    }

    result authorize_complete(const std::string& code, const std::string& state) {
        tether_authorize_params p = TETHER_AUTHORIZE_PARAMS_INIT;
        p.code = code.c_str();
        p.state = state.c_str();
        return run([&](tether_result** r) { return tether_authorize_complete(raw_, &p, r); });
    }

    result authorize_with_token(const std::string& access_token) {
        return run([&](tether_result** r) { return tether_authorize_with_token(raw_, access_token.c_str(), r); });
    }

    // A client credentials connection (ABI 1.2): the app's own token, fetched with the client's credentials.
    result connect_client() {
        return run([&](tether_result** r) { return tether_connect_client(raw_, r); });
    }

    result refresh(bool force = false) {
        return run([&](tether_result** r) { return tether_refresh(raw_, force ? TETHER_REFRESH_FORCE : 0u, r); });
    }

    // `params_json` is a JSON object of the operation's parameters; `body` is sent when given.
    result call(const std::string& operation, const std::string& params_json = "{}",
                const std::optional<std::string>& body = std::nullopt, unsigned flags = 0, std::int64_t max_items = 0) {
        tether_call_request req = TETHER_CALL_REQUEST_INIT;
        req.operation = operation.c_str();
        req.params_json = params_json.c_str();
        if (body) {
            req.body = body->data();
            req.body_size = body->size();
        }
        req.flags = flags;
        req.max_items = max_items;
        return run([&](tether_result** r) { return tether_call(raw_, &req, r); });
    }

    result health(unsigned flags = 0) {
        return run([&](tether_result** r) { return tether_health(raw_, flags, r); });
    }

    // `flags`: TETHER_REVOKE_* (ABI 1.1), e.g. TETHER_REVOKE_ALL_FOR_CLIENT.
    result revoke(unsigned flags = 0) {
        return run(
            [&](tether_result** r) { return flags == 0 ? tether_revoke(raw_, r) : tether_revoke_ex(raw_, flags, r); });
    }

    // One inbound webhook request (ABI 1.5): its headers, the exact body bytes, and optionally the webhook it
    // was routed to, a replay window and a secret the host keeps itself (else the one tether captured).
    struct webhook_request {
        std::vector<std::pair<std::string, std::string>> headers;
        std::string body;
        std::int64_t webhook_id = 0;
        std::int64_t replay_window_ms = 0;
        std::optional<std::string> shared_secret;
    };

    result receive_webhook(const webhook_request& in) {
        std::vector<tether_header> headers;
        headers.reserve(in.headers.size());
        for (const auto& [name, value] : in.headers) headers.push_back(tether_header{name.c_str(), value.c_str()});
        tether_webhook_request req = TETHER_WEBHOOK_REQUEST_INIT;
        req.headers = headers.data();
        req.header_count = headers.size();
        req.body = in.body.data();
        req.body_size = in.body.size();
        req.webhook_id = in.webhook_id;
        req.replay_window_ms = in.replay_window_ms;
        if (in.shared_secret) req.shared_secret = in.shared_secret->c_str();
        return run([&](tether_result** r) { return tether_webhook_receive(raw_, &req, r); });
    }

    // The troubleshooting guide's checks (ABI 1.4): the body is the diagnosis JSON, the reason its verdict.
    // `operation` "" for none; `recorded_result` a result JSON a platform recorded, when given.
    result diagnose(const std::string& operation = "", const std::string& params_json = "{}",
                    const std::optional<std::string>& recorded_result = std::nullopt) {
        tether_diagnose_options o = TETHER_DIAGNOSE_OPTIONS_INIT;
        if (!operation.empty()) {
            o.operation = operation.c_str();
            o.params_json = params_json.c_str();
        }
        if (recorded_result) o.recorded_result = recorded_result->c_str();
        return run([&](tether_result** r) { return tether_diagnose(raw_, &o, r); });
    }

    tether_connection* get() const noexcept { return raw_; }

private:
    friend class connector;
    explicit connection(tether_connection* raw) noexcept : raw_(raw) {}

    template <class F>
    static result run(F&& f) {
        tether_result* r = nullptr;
        f(&r);
        return result(r);
    }

    tether_connection* raw_ = nullptr;
};

// Validates a manifest against the extensions it names (paths of extension libraries, loaded for the check)
// and, when `settings_json` is not empty, a connection's settings (ABI 1.6). The body describes the settings
// and each extension's contributions.
inline result validate_manifest(const std::string& manifest_path, const std::vector<std::string>& extensions = {},
                                const std::string& settings_json = "") {
    std::vector<const char*> paths;
    for (const auto& path : extensions) paths.push_back(path.c_str());
    tether_manifest_validate_options o = TETHER_MANIFEST_VALIDATE_OPTIONS_INIT;
    o.manifest_path = manifest_path.c_str();
    o.settings_json = settings_json.empty() ? nullptr : settings_json.c_str();
    o.extension_paths = paths.data();
    o.extension_path_count = paths.size();
    tether_result* r = nullptr;
    tether_manifest_validate_ex(&o, &r);
    return result(r);
}

// The keys that seal connection records at rest (since ABI 1.3): `current` (32 bytes, raw) seals every write;
// `previous` keys still open records sealed before a rotation. No `current`: records are stored as they are.
using record_key = std::array<unsigned char, 32>;
struct record_keys {
    std::optional<record_key> current;
    std::vector<record_key> previous;
};

// A loaded manifest bound to the host's services. Move-only; shared by its connections (which must be
// destroyed first). Keeps the host services alive for as long as the library may call them.
class connector {
public:
    // `extensions`: paths of extension libraries to load (ABI 1.6; docs/extending.md).
    static expected<connector> open_file(const std::string& manifest_path, host_services services,
                                         const record_keys& keys = {}, const std::vector<std::string>& extensions = {}) {
        return open(manifest_path.c_str(), nullptr, nullptr, std::move(services), keys, extensions);
    }
    static expected<connector> open_text(const std::string& manifest_text, host_services services,
                                         const std::string& name = "<manifest>", const record_keys& keys = {}) {
        return open(nullptr, manifest_text.c_str(), name.c_str(), std::move(services), keys, {});
    }

    connector(connector&& other) noexcept
        : bridge_(std::move(other.bridge_)), raw_(std::exchange(other.raw_, nullptr)) {}
    connector& operator=(connector&& other) noexcept {
        if (this != &other) {
            tether_connector_close(raw_);
            raw_ = std::exchange(other.raw_, nullptr);
            bridge_ = std::move(other.bridge_);
        }
        return *this;
    }
    connector(const connector&) = delete;
    connector& operator=(const connector&) = delete;
    ~connector() { tether_connector_close(raw_); }

    // Opens a connection; `settings_json` is a JSON object of the manifest's settings.
    expected<connection> connect(const std::string& connection_id, const std::string& settings_json = "{}") {
        tether_connection_options o = TETHER_CONNECTION_OPTIONS_INIT;
        o.connection_id = connection_id.c_str();
        o.settings_json = settings_json.c_str();
        tether_connection* raw = nullptr;
        tether_result* r = nullptr;
        if (tether_connection_open(raw_, &o, &raw, &r) != TETHER_OK) return result(r);
        tether_result_free(r);
        return connection(raw);
    }

    result health(unsigned flags = 0) {
        tether_result* r = nullptr;
        tether_connector_health(raw_, flags, &r);
        return result(r);
    }

    tether_connector* get() const noexcept { return raw_; }

private:
    connector(std::unique_ptr<detail::host_bridge> bridge, tether_connector* raw) noexcept
        : bridge_(std::move(bridge)), raw_(raw) {}

    static expected<connector> open(const char* path, const char* text, const char* name, host_services services,
                                    const record_keys& keys, const std::vector<std::string>& extensions) {
        auto bridge = std::make_unique<detail::host_bridge>();
        bridge->services = std::move(services);
        const tether_host table = bridge->table();
        tether_connector_options o = TETHER_CONNECTOR_OPTIONS_INIT;
        o.manifest_path = path;
        o.manifest_text = text;
        o.manifest_name = name;
        o.host = &table;
        std::vector<const unsigned char*> previous;
        for (const auto& k : keys.previous) previous.push_back(k.data());
        if (keys.current) {
            o.record_key = keys.current->data();
            o.previous_record_keys = previous.data();
            o.previous_record_key_count = previous.size();
        }
        std::vector<const char*> extension_paths;
        for (const auto& extension : extensions) extension_paths.push_back(extension.c_str());
        o.extension_paths = extension_paths.data();
        o.extension_path_count = extension_paths.size();
        tether_connector* raw = nullptr;
        tether_result* r = nullptr;
        if (tether_connector_open(&o, &raw, &r) != TETHER_OK) return result(r);
        tether_result_free(r);
        return connector(std::move(bridge), raw);
    }

    std::unique_ptr<detail::host_bridge> bridge_;  // stable address: the library holds it as ctx
    tether_connector* raw_ = nullptr;
};

}  // namespace tether::sdk

#endif  // TETHER_TETHER_HPP
