// From what the host asked to the HTTP request; every refusal happens here, before anything is sent.
#include "plugin/call/request_builder.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "plugin/call/request_guard.hpp"

namespace tether::call {

namespace {

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) {
        if (!out.empty()) out += "; ";
        out += line;
    }
    return out;
}

outcome refused(std::string reason, std::string message) {
    return outcome::failure(status::bad_request, std::move(reason), std::move(message));
}

}  // namespace

std::variant<prepared_call, outcome> prepare_call(const manifest::connector_manifest& manifest,
                                                  const call_request& request) {
    prepared_call out;
    out.op = manifest.find_operation(request.operation);
    if (out.op == nullptr)
        return refused("unknown_operation",
                       "the manifest '" + manifest.connector.name + "' has no operation '" + request.operation + "'");
    const manifest::operation& op = *out.op;

    if (!request.params_json.empty()) {
        boost::json::error_code ec;
        auto parsed = boost::json::parse(request.params_json, ec);
        if (ec || !parsed.is_object())
            return refused("params_invalid", "the parameters of '" + op.name + "' must be a JSON object");
        out.params = std::move(parsed.as_object());
    }
    auto bound = manifest::bind_request(op, out.params);
    if (auto* problems = std::get_if<std::vector<std::string>>(&bound))
        return refused("params_invalid", op.name + ": " + join(*problems));
    if (auto problem = unsafe_parameter(op, out.params)) return refused("params_unsafe", *problem);
    out.binding = std::move(std::get<manifest::bound_request>(bound));

    if (request.has_body && op.body == manifest::body_mode::none)
        return refused("body_not_allowed", op.name + " takes no request body");
    if (!request.has_body && op.body == manifest::body_mode::required)
        return refused("body_required", op.name + " needs a JSON request body");
    if (request.has_body) {
        boost::json::error_code ec;
        (void)boost::json::parse(request.body, ec);
        if (ec) return refused("body_invalid", op.name + ": the request body is not valid JSON (" + ec.message() + ")");
        out.has_body = true;
        out.body = request.body;
    }
    return out;
}

http::request http_request_for(const prepared_call& call, std::string_view api_base, const query_list& page_query,
                               const call_limits& limits) {
    http::request req;
    req.method = std::string(manifest::to_string(call.op->method));
    req.url.reserve(api_base.size() + call.binding.path.size() + 64);
    req.url = api_base;
    call.binding.append_target(req.url, page_query);
    req.headers.reserve(3 + call.binding.headers.size() + (call.has_body ? 1 : 0));
    req.connect_timeout_ms = limits.connect_timeout_ms;
    req.total_timeout_ms = limits.attempt_timeout_ms;
    req.max_body_bytes = call.op->max_response_bytes;
    req.headers.push_back({"Accept", "application/json"});
    if (call.has_body) {
        req.headers.push_back({"Content-Type", "application/json"});
        req.body = call.body;
    }
    for (const auto& [name, value] : call.binding.headers) req.headers.push_back({name, value});
    req.headers.push_back({"Authorization", ""});
    return req;
}

}  // namespace tether::call
