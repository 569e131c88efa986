// Doctor's one request: bound, sent once, classified by the one classifier, recorded in raw form.
#include "plugin/doctor/single_request.hpp"

#include <algorithm>

#include "plugin/call/attempt_record.hpp"
#include "plugin/call/pagination.hpp"
#include "plugin/call/reproduction.hpp"
#include "plugin/classify/content_type.hpp"
#include "plugin/classify/response_classifier.hpp"

namespace tether::doctor {

single_result send_once(const doctor_context& ctx, const call::prepared_call& call, const std::string& bearer,
                        std::uint64_t record_version, std::string label) {
    const auto& spec = call.op->pagination;
    const call::query_list page = spec.style == manifest::pagination_style::none
                                      ? call::query_list{}
                                      : call::page_query(spec, call::first_page(spec));
    http::request req = call::http_request_for(call, ctx.settings.api_base, page, call::call_limits{});
    auto auth = std::find_if(req.headers.begin(), req.headers.end(),
                             [](const http::header& h) { return h.name == "Authorization"; });
    if (auth == req.headers.end()) auth = req.headers.insert(req.headers.end(), {"Authorization", ""});
    auth->value = "Bearer " + bearer;

    const std::int64_t sent_ms = ctx.host.now_ms();
    const http::response r = ctx.http.send(req);
    const std::int64_t received_ms = ctx.host.now_ms();

    single_result out;
    out.facts.label = std::move(label);
    if (r.ok() && r.status >= 200 && r.status < 300 && classify::acceptable_success(r)) {
        out.facts.seen.http_status = r.status;
        out.facts.seen.action = "ok";
    } else {
        const auto c = classify::classify_response(ctx.manifest.errors, manifest::endpoint_kind::api, r,
                                                   ctx.skew.provider_now(received_ms));
        out.facts.seen = c.seen;
        out.facts.seen.action = "fail";  // doctor never retries
        out.facts.reason = c.reason.empty() ? "failed" : c.reason;
        out.facts.description = c.description;
        out.reproduce = call::reproduce_line(req);
    }
    call::record_exchange(out.facts.seen, req, req.url, bearer, record_version, r, received_ms - sent_ms);
    return out;
}

}  // namespace tether::doctor
