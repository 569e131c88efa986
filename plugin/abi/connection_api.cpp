// The exported connection functions: open/close and the verbs. Each verb checks its arguments, runs the
// engine inside the boundary guard, and hands back a status and a result.
#include <string>
#include <variant>

#include "plugin/abi/boundary.hpp"
#include "plugin/abi/settings_input.hpp"
#include "plugin/abi/versioned_struct.hpp"
#include "plugin/connector/connector_health.hpp"


using namespace tether;
using namespace tether::abi;

namespace {

constexpr std::size_t connection_options_v1_size =
    offsetof(tether_connection_options, settings_json) + sizeof(void*);
constexpr std::size_t authorize_params_v1_size = offsetof(tether_authorize_params, state) + sizeof(void*);
constexpr std::size_t call_request_v1_size = offsetof(tether_call_request, max_items) + sizeof(int64_t);
constexpr std::size_t diagnose_options_v1_size = offsetof(tether_diagnose_options, recorded_result) + sizeof(void*);

std::string text_or_empty(const char* s) { return s == nullptr ? std::string() : std::string(s); }

}  // namespace

extern "C" {

TETHER_API tether_status tether_connection_open(tether_connector* connector, const tether_connection_options* options,
                                                tether_connection** out, tether_result** result) {
    if (out != nullptr) *out = nullptr;
    return guarded(result, [&]() -> outcome {
        if (connector == nullptr) return invalid_argument("tether_connection_open", "`connector` is NULL");
        if (out == nullptr) return invalid_argument("tether_connection_open", "`out` is NULL");
        const auto opts = read_versioned(options, connection_options_v1_size);
        if (!opts)
            return invalid_argument("tether_connection_open",
                                    "`options` is NULL or too small; initialize it with "
                                    "TETHER_CONNECTION_OPTIONS_INIT");
        if (opts->connection_id == nullptr || *opts->connection_id == '\0')
            return outcome::failure(status::config_error, "connection_id_missing",
                                    "tether_connection_open: connection_id is required");
        auto resolved = resolve_connection_settings(connector->impl->manifest(), opts->settings_json);
        if (auto* failure = std::get_if<outcome>(&resolved)) return std::move(*failure);
        auto impl = std::make_unique<connection>(*connector->impl, opts->connection_id,
                                                 std::get<manifest::resolved_settings>(std::move(resolved)));
        *out = new tether_connection{std::move(impl)};
        return outcome{};
    });
}

TETHER_API void tether_connection_close(tether_connection* connection) { delete connection; }

TETHER_API tether_status tether_authorize_begin(tether_connection* connection, tether_result** result) {
    return guarded(result, [&]() -> outcome {
        if (connection == nullptr) return invalid_argument("tether_authorize_begin", "`connection` is NULL");
        return connection->impl->authorize_begin();
    });
}

TETHER_API tether_status tether_authorize_complete(tether_connection* connection,
                                                   const tether_authorize_params* params, tether_result** result) {
    return guarded(result, [&]() -> outcome {
        if (connection == nullptr) return invalid_argument("tether_authorize_complete", "`connection` is NULL");
        const auto p = read_versioned(params, authorize_params_v1_size);
        if (!p)
            return invalid_argument("tether_authorize_complete",
                                    "`params` is NULL or too small; initialize it with TETHER_AUTHORIZE_PARAMS_INIT");
        if (p->callback_url == nullptr && (p->code == nullptr || p->state == nullptr))
            return invalid_argument("tether_authorize_complete", "give callback_url, or both code and state");
        return connection->impl->authorize_complete(
            authorize_params{text_or_empty(p->callback_url), text_or_empty(p->code), text_or_empty(p->state)});
    });
}

TETHER_API tether_status tether_authorize_with_token(tether_connection* connection, const char* access_token,
                                                     tether_result** result) {
    return guarded(result, [&]() -> outcome {
        if (connection == nullptr) return invalid_argument("tether_authorize_with_token", "`connection` is NULL");
        if (access_token == nullptr || *access_token == '\0')
            return invalid_argument("tether_authorize_with_token", "`access_token` is NULL or empty");
        return connection->impl->authorize_with_token(access_token);
    });
}

TETHER_API tether_status tether_connect_client(tether_connection* connection, tether_result** result) {
    return guarded(result, [&]() -> outcome {
        if (connection == nullptr) return invalid_argument("tether_connect_client", "`connection` is NULL");
        return connection->impl->connect_client();
    });
}

TETHER_API tether_status tether_refresh(tether_connection* connection, unsigned flags, tether_result** result) {
    return guarded(result, [&]() -> outcome {
        if (connection == nullptr) return invalid_argument("tether_refresh", "`connection` is NULL");
        return connection->impl->refresh((flags & TETHER_REFRESH_FORCE) != 0);
    });
}

TETHER_API tether_status tether_call(tether_connection* connection, const tether_call_request* request,
                                     tether_result** result) {
    return guarded(result, [&]() -> outcome {
        if (connection == nullptr) return invalid_argument("tether_call", "`connection` is NULL");
        const auto r = read_versioned(request, call_request_v1_size);
        if (!r)
            return invalid_argument("tether_call",
                                    "`request` is NULL or too small; initialize it with TETHER_CALL_REQUEST_INIT");
        if (r->operation == nullptr || *r->operation == '\0')
            return outcome::failure(status::bad_request, "operation_missing", "tether_call: operation is required");
        call_request req;
        req.operation = r->operation;
        req.params_json = text_or_empty(r->params_json);
        if (r->body != nullptr) {
            req.has_body = true;
            req.body.assign(r->body, r->body_size != 0 ? r->body_size : std::char_traits<char>::length(r->body));
        }
        req.all_pages = (r->flags & TETHER_CALL_ALL_PAGES) != 0;
        req.max_items = r->max_items;
        return connection->impl->call(req);
    });
}

TETHER_API tether_status tether_health(tether_connection* connection, unsigned flags, tether_result** result) {
    return guarded(result, [&]() -> outcome {
        if (connection == nullptr) return invalid_argument("tether_health", "`connection` is NULL");
        return connection->impl->health((flags & TETHER_HEALTH_PROBE) != 0, (flags & TETHER_HEALTH_PROMETHEUS) != 0);
    });
}

TETHER_API tether_status tether_connector_health(tether_connector* connector, unsigned flags, tether_result** result) {
    return guarded(result, [&]() -> outcome {
        if (connector == nullptr) return invalid_argument("tether_connector_health", "`connector` is NULL");
        return connector_health(*connector->impl, (flags & TETHER_HEALTH_PROBE) != 0,
                                (flags & TETHER_HEALTH_PROMETHEUS) != 0);
    });
}

TETHER_API tether_status tether_revoke(tether_connection* connection, tether_result** result) {
    return guarded(result, [&]() -> outcome {
        if (connection == nullptr) return invalid_argument("tether_revoke", "`connection` is NULL");
        return connection->impl->revoke(false);
    });
}

TETHER_API tether_status tether_revoke_ex(tether_connection* connection, unsigned flags, tether_result** result) {
    return guarded(result, [&]() -> outcome {
        if (connection == nullptr) return invalid_argument("tether_revoke_ex", "`connection` is NULL");
        return connection->impl->revoke((flags & TETHER_REVOKE_ALL_FOR_CLIENT) != 0);
    });
}

TETHER_API tether_status tether_diagnose(tether_connection* connection, const tether_diagnose_options* options,
                                         tether_result** result) {
    return guarded(result, [&]() -> outcome {
        if (connection == nullptr) return invalid_argument("tether_diagnose", "`connection` is NULL");
        doctor::doctor_request request;
        if (options != nullptr) {
            const auto o = read_versioned(options, diagnose_options_v1_size);
            if (!o)
                return invalid_argument("tether_diagnose",
                                        "`options` is too small; initialize it with TETHER_DIAGNOSE_OPTIONS_INIT");
            request.operation = text_or_empty(o->operation);
            request.params_json = text_or_empty(o->params_json);
            if (o->recorded_result != nullptr) request.recorded_json = std::string(o->recorded_result);
        }
        return connection->impl->diagnose(request);
    });
}

}  // extern "C"
