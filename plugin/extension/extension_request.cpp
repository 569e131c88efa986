// A code operation's request: checked like a caller's (method, a path under the API base, no CR/LF/NUL, no dot
// segments, a JSON body), then sent by send_with_retries — the one attempt sequence of every call — with the
// call's progress, so that its attempts join the call's chain and its time the call's budget.
#include <boost/json/parse.hpp>
#include <cctype>
#include <cstring>

#include "plugin/call/call_context.hpp"
#include "plugin/call/request_guard.hpp"
#include "plugin/extension/api_functions.hpp"
#include "plugin/manifest/request_binding.hpp"

namespace tether::extension {

namespace {

constexpr std::size_t request_v1_size = offsetof(tether_extension_request, body_size) + sizeof(std::size_t);
constexpr std::size_t response_v1_size = offsetof(tether_extension_response, body_size) + sizeof(std::size_t);

std::optional<manifest::http_method> method_of(std::string_view m) {
    if (m == "GET") return manifest::http_method::get;
    if (m == "POST") return manifest::http_method::post;
    if (m == "PUT") return manifest::http_method::put;
    if (m == "PATCH") return manifest::http_method::patch;
    if (m == "DELETE") return manifest::http_method::del;
    return std::nullopt;
}

// The request as the pipeline sends it, or why it is refused (nothing is sent).
std::variant<http::request, std::string> build(const context_state& s, const tether_extension_request& in,
                                               std::string_view body) {
    const std::string path = in.path != nullptr ? in.path : "";
    if (path.empty() || path.front() != '/' || path.find_first_of("?#") != std::string::npos ||
        call::path_value_unsafe(path))
        return std::string("the path must start with '/', without a query, dot segments, CR, LF or NUL");
    if ((in.query_count > 0 && in.query == nullptr) || (in.header_count > 0 && in.headers == nullptr))
        return std::string("a NULL query or header list");
    std::string query;
    for (std::size_t i = 0; i < in.query_count; ++i) {
        const tether_header& q = in.query[i];
        if (q.name == nullptr || q.value == nullptr || *q.name == '\0' || call::has_line_break_or_nul(q.name) ||
            call::has_line_break_or_nul(q.value))
            return "query parameter #" + std::to_string(i + 1) + " needs a name and a value without CR, LF or NUL";
        query += (query.empty() ? "?" : "&") + manifest::percent_encode(q.name) + "=" +
                 manifest::percent_encode(q.value, ",");
    }
    http::request req;
    req.method = in.method;
    req.url = s.call->settings.api_base + path + query;
    req.max_body_bytes = s.op->max_response_bytes;
    req.connect_timeout_ms = s.call->limits.connect_timeout_ms;
    req.total_timeout_ms = s.call->limits.attempt_timeout_ms;
    req.headers.push_back({"Accept", "application/json"});
    if (!body.empty()) {
        boost::json::error_code ec;
        (void)boost::json::parse(body, ec);
        if (ec) return "the body is not valid JSON (" + ec.message() + ")";
        req.headers.push_back({"Content-Type", "application/json"});
        req.body = std::string(body);
    }
    for (std::size_t i = 0; i < in.header_count; ++i) {
        const tether_header& h = in.headers[i];
        if (h.name == nullptr || h.value == nullptr || call::has_line_break_or_nul(h.name) ||
            call::has_line_break_or_nul(h.value))
            return "header #" + std::to_string(i + 1) + " needs a name and a value without CR, LF or NUL";
        const std::string_view name = h.name;
        for (std::string_view reserved : {"authorization", "host", "content-length", "content-type", "accept"})
            if (name.size() == reserved.size() &&
                std::equal(name.begin(), name.end(), reserved.begin(),
                           [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; }))
                return "header '" + std::string(name) + "' is set by tether";
        req.headers.push_back({std::string(name), std::string(h.value)});
    }
    return req;
}

tether_status answer(context_state& s, tether_extension_response& out, const outcome& o, std::string body) {
    out.status = static_cast<tether_status>(o.code);
    out.http_status = o.http_status;
    out.reason = s.keep(o.reason);
    out.message = s.keep(o.message);
    out.body = s.keep(std::move(body));
    out.body_size = std::strlen(out.body);
    return out.status;
}

// The operation the request is sent as: the code operation's name, hooks and response cap, the request's
// own method, and idempotent as that method is.
manifest::operation request_operation(const manifest::operation& code_op, manifest::http_method method) {
    manifest::operation op;
    op.name = code_op.name;
    op.method = method;
    op.idempotent = method == manifest::http_method::get || method == manifest::http_method::put ||
                    method == manifest::http_method::del;
    op.max_response_bytes = code_op.max_response_bytes;
    op.request_hooks = code_op.request_hooks;
    op.response_hooks = code_op.response_hooks;
    return op;
}

}  // namespace

tether_status api_send(tether_extension_context* ctx, const tether_extension_request* request,
                       tether_extension_response* response) {
    return with_context(ctx, [&](context_state& s) -> tether_status {
        if (s.kind != context_kind::code_operation || request == nullptr || response == nullptr ||
            request->struct_size < request_v1_size || response->struct_size < response_v1_size)
            return TETHER_HOST_ERROR;
        const auto method = method_of(request->method != nullptr ? request->method : "");
        const std::string_view body =
            request->body == nullptr ? std::string_view() : text_of(request->body, request->body_size);
        auto built = method ? build(s, *request, body)
                            : std::string(
                                  "the method must be GET, POST, PUT, PATCH or "
                                  "DELETE");
        if (auto* refused = std::get_if<std::string>(&built))
            return answer(s, *response, outcome::failure(status::bad_request, "request_invalid", *refused), "");

        call::call_progress& progress = *s.progress;
        const std::int64_t now = s.call->host.now_ms();
        if (progress.budget_spent || progress.elapsed_ms(now) >= s.call->limits.max_elapsed_ms) {
            outcome spent = outcome::failure(status::transient, "budget_exhausted",
                                             s.op->name + ": the call's time budget is spent; nothing was sent");
            spent.retry_after_ms = 0;
            return answer(s, *response, spent, "");
        }
        const manifest::operation op = request_operation(*s.op, *method);
        s.busy = true;
        struct not_busy {
            context_state& s;
            ~not_busy() { s.busy = false; }
        } done{s};
        auto sent =
            call::send_with_retries(*s.call, op, *s.params, std::get<http::request>(std::move(built)), progress);
        if (!sent.failure) {
            s.last_failure.reset();
            outcome ok;
            ok.http_status = sent.response.status;
            return answer(s, *response, ok, std::move(sent.response.body));
        }
        // The failure took the call's attempts: they stay the call's, for its later requests and its result.
        outcome failed = std::move(*sent.failure);
        progress.attempts = std::move(failed.attempts);
        failed.attempts.clear();
        const tether_status code = answer(s, *response, failed, "");
        s.last_failure = std::move(failed);
        return code;
    });
}

}  // namespace tether::extension
