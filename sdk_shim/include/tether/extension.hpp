/* extension.hpp — writing a tether extension in C++ (ABI 1.6), header-only.
 *
 * An extension is described as values — its name, code operations with their parameters, request and response
 * hooks — each a lambda (or any callable) taking a tether::ext::context. This header fills the C tables of
 * tether.h from them and catches every exception at the boundary: an exception becomes TETHER_INTERNAL with
 * reason "extension_threw" and its what() as the message (tether redacts the connection's secrets in it).
 *
 *   static const tether_extension *build() {
 *       static tether::ext::extension ext("my_extension");
 *       ext.operation("things.touch", "Touch a thing", {{"id", TETHER_PARAM_INTEGER, true, "the thing"}},
 *                     [](tether::ext::context &ctx) {
 *                         auto r = ctx.send({"POST", "/things/" + ctx.param_text("id") + "/touch"});
 *                         return ctx.set_result(r.status, r.reason, r.message, r.body);
 *                     });
 *       return ext.table();
 *   }
 *   TETHER_EXTENSION_ENTRY(build())
 *
 * The extension needs no link to libtether: everything goes through the tether_extension_api table. docs/
 * extending.md is the guide.
 */
#ifndef TETHER_EXTENSION_HPP
#define TETHER_EXTENSION_HPP

#if defined(_MSVC_LANG)
#define TETHER_EXTENSION_HPP_CPLUSPLUS _MSVC_LANG
#else
#define TETHER_EXTENSION_HPP_CPLUSPLUS __cplusplus
#endif
#if TETHER_EXTENSION_HPP_CPLUSPLUS < 201703L
#error "extension.hpp needs C++17 or later (e.g. -std=c++17); a C extension uses tether/tether.h alone"
#endif
#undef TETHER_EXTENSION_HPP_CPLUSPLUS

#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tether/tether.h"

namespace tether::ext {

// A context function that did not return TETHER_OK, where the wrapper has no status to return instead.
class error : public std::runtime_error {
public:
    error(tether_status status, const std::string& what) : std::runtime_error(what), status_(status) {}
    tether_status status() const noexcept { return status_; }

private:
    tether_status status_;
};

// One request a code operation sends through tether's pipeline; `path` is relative to the API base.
struct request {
    std::string method = "GET";
    std::string path;
    std::vector<std::pair<std::string, std::string>> query = {};
    std::vector<std::pair<std::string, std::string>> headers = {};
    std::optional<std::string> body = std::nullopt;  // JSON
};

// What a request came to: the pipeline's decision.
struct response {
    tether_status status = TETHER_INTERNAL;
    int http_status = 0;
    std::string reason;
    std::string message;
    std::string body;  // the 2xx response's body
    bool ok() const noexcept { return status == TETHER_OK; }
};

// The running code operation or hook, as tether offers it. Functions offered only to some contexts (send to
// code operations, set_header to request hooks…) throw tether::ext::error elsewhere, like any failure where a
// value is expected; those returning tether_status return it.
class context {
public:
    context(const tether_extension_api* api, tether_extension_context* ctx) noexcept : api_(api), ctx_(ctx) {}

    std::string operation_name() const {
        const char* name = nullptr;
        check(offered(&tether_extension_api::operation_name) ? api_->operation_name(ctx_, &name) : TETHER_HOST_ERROR,
              "operation_name");
        return name;
    }
    // The caller's parameters, a JSON object.
    std::string params_json() const {
        const char* json = nullptr;
        std::size_t size = 0;
        check(offered(&tether_extension_api::params_json) ? api_->params_json(ctx_, &json, &size) : TETHER_HOST_ERROR,
              "params_json");
        return std::string(json, size);
    }
    // The call's body (code operation), the request's (request hook) or the response's (response hook).
    std::string body() const {
        const char* data = nullptr;
        std::size_t size = 0;
        check(offered(&tether_extension_api::body) ? api_->body(ctx_, &data, &size) : TETHER_HOST_ERROR, "body");
        return std::string(data, size);
    }
    // A non-secret setting as text; nullopt when it has no value or is secret.
    std::optional<std::string> setting(const std::string& name) const {
        const char* value = nullptr;
        if (!offered(&tether_extension_api::setting) || api_->setting(ctx_, name.c_str(), &value) != TETHER_OK)
            return std::nullopt;
        return std::string(value);
    }
    tether_status log(int level, const std::string& message) const {
        return offered(&tether_extension_api::log) ? api_->log(ctx_, level, message.c_str()) : TETHER_HOST_ERROR;
    }
    std::int64_t now_ms() const {
        std::int64_t now = 0;
        check(offered(&tether_extension_api::now_ms) ? api_->now_ms(ctx_, &now) : TETHER_HOST_ERROR, "now_ms");
        return now;
    }
    std::vector<unsigned char> random_bytes(std::size_t size) const {
        std::vector<unsigned char> out(size);
        check(offered(&tether_extension_api::random_bytes) ? api_->random_bytes(ctx_, out.data(), size)
                                                           : TETHER_HOST_ERROR,
              "random_bytes");
        return out;
    }

    // Code operations: one request through tether's pipeline (auth, refresh once on 401, backoff, circuit).
    response send(const request& r) const {
        std::vector<tether_header> query, headers;
        for (const auto& [name, value] : r.query) query.push_back({name.c_str(), value.c_str()});
        for (const auto& [name, value] : r.headers) headers.push_back({name.c_str(), value.c_str()});
        tether_extension_request in = TETHER_EXTENSION_REQUEST_INIT;
        in.method = r.method.c_str();
        in.path = r.path.c_str();
        in.query = query.data();
        in.query_count = query.size();
        in.headers = headers.data();
        in.header_count = headers.size();
        if (r.body) {
            in.body = r.body->c_str();
            in.body_size = r.body->size();
        }
        tether_extension_response out = TETHER_EXTENSION_RESPONSE_INIT;
        response got;
        got.status = offered(&tether_extension_api::send) ? api_->send(ctx_, &in, &out) : TETHER_HOST_ERROR;
        if (got.status == TETHER_HOST_ERROR && out.reason == nullptr) throw error(got.status, "send refused");
        got.http_status = out.http_status;
        if (out.reason != nullptr) got.reason = out.reason;
        if (out.message != nullptr) got.message = out.message;
        if (out.body != nullptr) got.body.assign(out.body, out.body_size);
        return got;
    }
    // The operation's result (code), the verdict on a response (response hook) or a refusal (request hook).
    // Returns `status`, so that `return ctx.set_result(...)` ends the function with it.
    tether_status set_result(tether_status status, const std::string& reason = "", const std::string& message = "",
                             const std::string& body_json = "") const {
        check(offered(&tether_extension_api::set_result)
                  ? api_->set_result(ctx_, status, reason.empty() ? nullptr : reason.c_str(), message.c_str(),
                                     body_json.empty() ? nullptr : body_json.c_str(), body_json.size())
                  : TETHER_HOST_ERROR,
              "set_result");
        return status;
    }

    // Hooks: the request's method and target (path and query, relative to the API base).
    std::string request_method() const { return text(&tether_extension_api::request_method, "request_method"); }
    std::string request_target() const { return text(&tether_extension_api::request_target, "request_target"); }
    // A request header (request hook) or response header (response hook).
    std::optional<std::string> header(const std::string& name) const {
        const char* value = nullptr;
        if (!offered(&tether_extension_api::header) || api_->header(ctx_, name.c_str(), &value) != TETHER_OK)
            return std::nullopt;
        return std::string(value);
    }
    // Request hooks: set or (nullopt) remove a header or query parameter; replace the body. Response hooks:
    // replace the body.
    tether_status set_header(const std::string& name, const std::optional<std::string>& value) const {
        return offered(&tether_extension_api::set_header)
                   ? api_->set_header(ctx_, name.c_str(), value ? value->c_str() : nullptr)
                   : TETHER_HOST_ERROR;
    }
    tether_status set_query(const std::string& name, const std::optional<std::string>& value) const {
        return offered(&tether_extension_api::set_query)
                   ? api_->set_query(ctx_, name.c_str(), value ? value->c_str() : nullptr)
                   : TETHER_HOST_ERROR;
    }
    tether_status set_body(const std::string& json) const {
        return offered(&tether_extension_api::set_body) ? api_->set_body(ctx_, json.c_str(), json.size())
                                                        : TETHER_HOST_ERROR;
    }
    int response_status() const {
        int status = 0;
        check(
            offered(&tether_extension_api::response_status) ? api_->response_status(ctx_, &status) : TETHER_HOST_ERROR,
            "response_status");
        return status;
    }

    const tether_extension_api* api() const noexcept { return api_; }
    tether_extension_context* handle() const noexcept { return ctx_; }

private:
    // Whether the library's table is large enough to hold `member` (an older library has a smaller one).
    template <class Member>
    bool offered(Member tether_extension_api::*member) const noexcept {
        const tether_extension_api probe{};
        const auto offset = static_cast<std::size_t>(reinterpret_cast<const char*>(&(probe.*member)) -
                                                     reinterpret_cast<const char*>(&probe));
        return api_ != nullptr && api_->struct_size >= offset + sizeof(Member) && api_->*member != nullptr;
    }
    static void check(tether_status status, const char* function) {
        if (status != TETHER_OK)
            throw error(status,
                        std::string("tether_extension_api.") + function + " returned status " + std::to_string(status));
    }
    template <class Member>
    std::string text(Member member, const char* function) const {
        const char* value = nullptr;
        check(offered(member) ? (api_->*member)(ctx_, &value) : TETHER_HOST_ERROR, function);
        return value;
    }

    const tether_extension_api* api_;
    tether_extension_context* ctx_;
};

// A declared parameter of a code operation.
struct param {
    std::string name;
    int type = TETHER_PARAM_STRING;  // a tether_param_type
    bool required = false;
    std::string description = {};
};

using function = std::function<tether_status(context&)>;

namespace detail {

// Runs `fn` for tether: every exception becomes a status (and, where the context takes one, a verdict).
inline tether_status run_guarded(const function& fn, const tether_extension_api* api, tether_extension_context* ctx) {
    context c(api, ctx);
    try {
        return fn(c);
    } catch (const error& e) {
        try {
            c.set_result(TETHER_INTERNAL, "extension_threw", e.what());
        } catch (...) {
        }
        return TETHER_INTERNAL;
    } catch (const std::exception& e) {
        try {
            c.set_result(TETHER_INTERNAL, "extension_threw", e.what());
        } catch (...) {
        }
        return TETHER_INTERNAL;
    } catch (...) {
        try {
            c.set_result(TETHER_INTERNAL, "extension_threw", "an exception that is not a std::exception");
        } catch (...) {
        }
        return TETHER_INTERNAL;
    }
}

inline tether_status trampoline(const tether_extension_api* api, tether_extension_context* ctx, void* user) {
    return run_guarded(*static_cast<const function*>(user), api, ctx);
}

}  // namespace detail

// An extension's contributions; table() gives the C table. Keep the object alive as long as the table may be
// used (a function-local static, as in the example at the top).
class extension {
public:
    explicit extension(std::string name) : name_(std::move(name)) {}
    extension(const extension&) = delete;
    extension& operator=(const extension&) = delete;

    extension& operation(std::string name, std::string description, std::vector<param> params, function run) {
        operations_.push_back({std::move(name), std::move(description), std::move(params), std::move(run), {}, {}});
        return *this;
    }
    extension& request_hook(std::string name, function run) {
        request_hooks_.push_back({std::move(name), std::move(run), {}});
        return *this;
    }
    extension& response_hook(std::string name, function run) {
        response_hooks_.push_back({std::move(name), std::move(run), {}});
        return *this;
    }

    // The C table, built on first use; contributions added later are not in it.
    const tether_extension* table() {
        if (built_) return &table_;
        for (auto& op : operations_) {
            for (const auto& p : op.params)
                op.c_params.push_back({p.name.c_str(), p.type, p.required ? 1 : 0, p.description.c_str()});
            op.c = {sizeof(tether_extension_operation),
                    op.name.c_str(),
                    op.description.c_str(),
                    op.c_params.data(),
                    op.c_params.size(),
                    &detail::trampoline,
                    &op.run};
            c_operations_.push_back(&op.c);
        }
        for (auto& h : request_hooks_) c_request_hooks_.push_back(fill(h));
        for (auto& h : response_hooks_) c_response_hooks_.push_back(fill(h));
        table_ = {sizeof(tether_extension), TETHER_ABI_VERSION,       name_.c_str(),
                  c_operations_.data(),     c_operations_.size(),     c_request_hooks_.data(),
                  c_request_hooks_.size(),  c_response_hooks_.data(), c_response_hooks_.size()};
        built_ = true;
        return &table_;
    }

private:
    struct operation_entry {
        std::string name, description;
        std::vector<param> params;
        function run;
        std::vector<tether_extension_param> c_params;
        tether_extension_operation c;
    };
    struct hook_entry {
        std::string name;
        function run;
        tether_extension_hook c;
    };
    static const tether_extension_hook* fill(hook_entry& h) {
        h.c = {sizeof(tether_extension_hook), h.name.c_str(), &detail::trampoline, &h.run};
        return &h.c;
    }

    std::string name_;
    std::deque<operation_entry> operations_;  // a deque: entries never move, the C table points into them
    std::deque<hook_entry> request_hooks_;
    std::deque<hook_entry> response_hooks_;
    std::vector<const tether_extension_operation*> c_operations_;
    std::vector<const tether_extension_hook*> c_request_hooks_;
    std::vector<const tether_extension_hook*> c_response_hooks_;
    tether_extension table_{};
    bool built_ = false;
};

// Calls `make` (returning the table) once, catching everything: an exception while building gives NULL, which
// tether refuses as "extension_invalid" rather than crashing the host.
template <class Make>
const tether_extension* entry_table(Make&& make) noexcept {
    try {
        static const tether_extension* table = make();
        return table;
    } catch (...) {
        return nullptr;
    }
}

}  // namespace tether::ext

// Defines the exported entry function of a shared-library extension from an expression giving the table.
#define TETHER_EXTENSION_ENTRY(table_expression)                                                           \
    extern "C" TETHER_EXTENSION_EXPORT const tether_extension* tether_extension_entry(void) {              \
        return ::tether::ext::entry_table([]() -> const tether_extension* { return (table_expression); }); \
    }

#endif  // TETHER_EXTENSION_HPP
