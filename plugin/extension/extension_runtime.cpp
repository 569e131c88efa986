// Running an extension's function: a fresh context for it (ended when it returns, whatever it kept), the
// status it returns checked, and its verdict — or its failure — turned into an outcome.
#include "plugin/extension/extension_runtime.hpp"

#include <boost/json/serialize.hpp>

#include "plugin/call/call_context.hpp"
#include "plugin/call/request_builder.hpp"
#include "plugin/extension/api_functions.hpp"
#include "plugin/extension/context_registry.hpp"

namespace tether::extension {

namespace {

// What tether scrubs from an extension's words: every secret setting's value (and, when written, the call's
// current bearer: context_state::secrets_now).
std::vector<std::string> secrets_of(const call::call_context& ctx) {
    std::vector<std::string> out;
    for (const auto& name : ctx.settings.secret_names)
        if (auto value = ctx.settings.get_string(name)) out.push_back(*value);
    return out;
}

std::shared_ptr<context_state> new_state(context_kind kind, const std::string& extension, const call::call_context& ctx,
                                         const manifest::operation& op, const boost::json::object& params) {
    auto s = std::make_shared<context_state>();
    s->kind = kind;
    s->extension = extension;
    s->call = &ctx;
    s->op = &op;
    s->params = &params;
    s->params_json = boost::json::serialize(params);
    s->secrets = secrets_of(ctx);
    return s;
}

// Runs `fn` with a registered context; its status, or internal when it is none tether knows. An exception
// (from C++ code written without tether/extension.hpp) is stopped here, before it unwinds through tether.
status run_with_context(tether_extension_fn fn, void* user, const std::shared_ptr<context_state>& state) {
    registered_context context(state);
    tether_status returned = TETHER_INTERNAL;
    try {
        returned = fn(&extension_api(), context.handle(), user);
    } catch (...) {
        std::lock_guard guard(state->lock);
        state->verdict = outcome::failure(status::internal, "extension_threw",
                                          "extension " + state->extension + " let an exception escape");
        return status::internal;
    }
    if (returned < TETHER_OK || returned > TETHER_INTERNAL) {
        std::lock_guard guard(state->lock);
        state->verdict = outcome::failure(status::internal, "extension_status_invalid",
                                          "extension " + state->extension + " returned status " +
                                              std::to_string(returned) + ", which tether does not define");
    }
    return returned < TETHER_OK || returned > TETHER_INTERNAL ? status::internal : static_cast<status>(returned);
}

// A hook's failure: its verdict, or the status it returned.
outcome hook_failure(const char* kind, const hook& h, status returned, context_state& s) {
    if (s.verdict && s.verdict->code != status::ok) return std::move(*s.verdict);
    return outcome::failure(returned, "hook_failed",
                            std::string(kind) + " hook '" + h.name + "' of extension " + h.extension + " returned " +
                                std::string(status_name(returned)));
}

}  // namespace

outcome extension_runtime::run_code_operation(const call::call_context& ctx, const call::prepared_call& call,
                                              call::call_progress& progress) {
    const code_operation* op = loaded_->find_operation(call.op->extension->name);
    if (op == nullptr)  // bound at open: only a manifest bound without this set gets here
        return outcome::failure(status::config_error, "extension_missing",
                                call.op->name + " names code operation '" + call.op->extension->name +
                                    "', which no loaded extension offers");
    auto state = new_state(context_kind::code_operation, op->extension, ctx, *call.op, call.params);
    state->call_body = call.has_body ? call.body : "";
    state->progress = &progress;
    const status returned = run_with_context(op->run, op->user, state);

    std::lock_guard guard(state->lock);
    outcome o;
    if (state->verdict) {
        o = std::move(*state->verdict);
        if (o.code == status::ok && o.body.empty()) o.body = "{}";
    } else if (returned != status::ok) {
        if (state->last_failure && state->last_failure->code == returned)
            o = std::move(*state->last_failure);
        else
            o = outcome::failure(returned, "extension_failed",
                                 "extension operation '" + op->name + "' of " + op->extension + " returned " +
                                     std::string(status_name(returned)));
    } else {
        o.body = "{}";
    }
    o.attempts = std::move(progress.attempts);
    o.first_failure = progress.first_failure;
    if (o.code != status::ok && o.reproduce.empty()) o.reproduce = progress.reproduce;
    return o;
}

namespace {

using hook_finder = const hook* (extension_set::*)(std::string_view) const;

// Runs the hooks `refs` names, in order, each with a fresh context `prepare` fills. The first failure ends
// the run; `accepted` decides what a hook's verdict of ok means (nullopt: go on with the next hook).
template <class Prepare, class Accepted>
std::optional<outcome> run_hooks(const char* kind, context_kind context,
                                 const std::vector<manifest::extension_ref>& refs, const extension_set& loaded,
                                 hook_finder find, const call::call_context& ctx, const manifest::operation& op,
                                 const boost::json::object& params, Prepare prepare, Accepted accepted) {
    for (const auto& ref : refs) {
        const hook* h = (loaded.*find)(ref.name);
        if (h == nullptr)
            return outcome::failure(status::config_error, "extension_missing",
                                    op.name + " names " + kind + " hook '" + ref.name + "', which is not loaded");
        auto state = new_state(context, h->extension, ctx, op, params);
        prepare(*state);
        const status returned = run_with_context(h->run, h->user, state);
        std::lock_guard guard(state->lock);
        if (returned != status::ok || (state->verdict && state->verdict->code != status::ok))
            return hook_failure(kind, *h, returned, *state);
        if (state->verdict)
            if (auto decided = accepted(std::move(*state->verdict))) return decided;
    }
    return std::nullopt;
}

}  // namespace

std::optional<outcome> extension_runtime::before_attempts(const call::call_context& ctx, const manifest::operation& op,
                                                          const boost::json::object& params, http::request& req) {
    return run_hooks(
        "request", context_kind::request_hook, op.request_hooks, *loaded_, &extension_set::find_request_hook, ctx, op,
        params,
        [&](context_state& s) {
            s.request = &req;
            s.sent = &req;
        },
        [](outcome&&) { return std::optional<outcome>(); });  // a request hook's ok changes nothing
}

std::optional<outcome> extension_runtime::after_response(const call::call_context& ctx, const manifest::operation& op,
                                                         const boost::json::object& params, const http::request& req,
                                                         http::response& r) {
    return run_hooks(
        "response", context_kind::response_hook, op.response_hooks, *loaded_, &extension_set::find_response_hook, ctx,
        op, params,
        [&](context_state& s) {
            s.sent = &req;
            s.response = &r;
        },
        [&](outcome&& verdict) {  // accepted as a success, with the body the verdict names (or the answer's)
            if (!verdict.body.empty()) r.body = verdict.body;
            return std::optional<outcome>(std::move(verdict));
        });
}

}  // namespace tether::extension
