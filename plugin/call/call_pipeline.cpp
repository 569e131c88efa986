// The `call` verb: prepare the request, make sure the token is fresh and covers the operation's scopes, then
// run one attempt sequence — or one per page when the host asks for all pages of a paginated operation.
#include "plugin/call/call_pipeline.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <string>
#include <vector>

#include "plugin/call/attempt_sequence.hpp"
#include "plugin/call/pagination.hpp"
#include "plugin/call/request_builder.hpp"
#include "plugin/host/log.hpp"

namespace tether {

namespace {

using call::call_progress;
using call::prepared_call;

outcome succeeded(int http_status, std::string body, call_progress& progress) {
    outcome o;
    o.http_status = http_status;
    o.body = std::move(body);
    o.attempts = std::move(progress.attempts);
    o.first_failure = progress.first_failure;
    return o;
}

// New scopes need a new consent: refreshing only renews what was granted. nullopt when all are granted (or
// the grant is unknown).
std::optional<outcome> missing_scopes(const call::call_context& ctx, const manifest::operation& op) {
    const std::string missing = ctx.keeper.missing_scopes(op.required_scopes);
    if (missing.empty()) return std::nullopt;
    return outcome::failure(status::reconnect_required, "scope_missing",
                            op.name + " needs the scope(s) " + missing +
                                " that this connection was not granted; re-authorize requesting them");
}

// Every page in turn, each a full attempt sequence; the first failure ends the walk and is returned with
// the attempts so far.
outcome walk_pages(const call::call_context& ctx, const prepared_call& call, std::int64_t max_items,
                   call_progress& progress) {
    const auto& spec = call.op->pagination;
    call::page_collector collected(max_items);
    call::page_position at = call::first_page(spec);
    int last_status = 0;
    while (true) {
        auto sent = call::send_with_retries(
            ctx, *call.op, call.params,
            call::http_request_for(call, ctx.settings.api_base, call::page_query(spec, at), ctx.limits), progress);
        if (sent.failure) return std::move(*sent.failure);
        last_status = sent.response.status;

        boost::json::error_code ec;
        const boost::json::value body = boost::json::parse(sent.response.body, ec);
        const call::page_reading page =
            ec ? call::page_reading{nullptr, std::nullopt, "the page is not JSON (" + ec.message() + ")"}
               : call::read_page(spec, body, at);
        if (!page.problem.empty()) {
            outcome o = outcome::failure(
                status::config_error, "pagination_mismatch",
                call.op->name + ": page " + std::to_string(collected.pages() + 1) + ": " + page.problem);
            o.http_status = last_status;
            o.attempts = std::move(progress.attempts);
            o.first_failure = progress.first_failure;
            return o;
        }
        collected.add(body, *page.items);
        const bool more = page.next.has_value();
        if (!more || collected.full() || collected.pages() >= ctx.limits.max_pages) {
            log_event(ctx.host, log_level::debug, ctx.connection_id, call.op->name, "{} page(s) read{}",
                      collected.pages(), more ? ", more left" : "");
            return succeeded(last_status, collected.result_body(more), progress);
        }
        at = *page.next;
    }
}

}  // namespace

outcome run_call(const call::call_context& ctx, const call_request& request) {
    auto prepared = call::prepare_call(ctx.manifest, request);
    if (auto* refused = std::get_if<outcome>(&prepared)) return std::move(*refused);
    const prepared_call& call = std::get<prepared_call>(prepared);

    // One budget covers the whole call, a refresh before it included.
    call_progress progress;
    progress.started_ms = ctx.host.now_ms();
    auth::token_access access = ctx.keeper.current_access(progress.deadline_ms(ctx.limits, progress.started_ms));
    if (access.failure) return std::move(*access.failure);
    if (auto missing = missing_scopes(ctx, *call.op)) return std::move(*missing);
    progress.access_token = std::move(access.access_token);
    progress.record_version = access.record_version;

    if (call.op->is_code_operation()) {
        if (ctx.extensions == nullptr)
            return outcome::failure(status::config_error, "extension_missing",
                                    call.op->name + " is implemented by extension operation '" +
                                        call.op->extension->name + "', and no extension is loaded");
        return ctx.extensions->run_code_operation(ctx, call, progress);
    }

    const auto& spec = call.op->pagination;
    if (spec.style != manifest::pagination_style::none && request.all_pages)
        return walk_pages(ctx, call, request.max_items, progress);

    // One request; a paginated operation asks for its first page, as the provider's shape is returned as is.
    const call::query_list page = spec.style == manifest::pagination_style::none
                                      ? call::query_list{}
                                      : call::page_query(spec, call::first_page(spec));
    auto sent = call::send_with_retries(
        ctx, *call.op, call.params, call::http_request_for(call, ctx.settings.api_base, page, ctx.limits), progress);
    if (sent.failure) return std::move(*sent.failure);
    return succeeded(sent.response.status, std::move(sent.response.body), progress);
}

}  // namespace tether
