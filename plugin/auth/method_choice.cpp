// Choosing the auth method a connecting verb uses.
#include "plugin/auth/method_choice.hpp"

namespace tether::auth {

namespace {

outcome no_such_method(manifest::method_kind kind) {
    if (kind == manifest::method_kind::api_token)
        return outcome::failure(status::config_error, "not_api_token",
                                "this connector declares no API token method (auth.type api_token, or an "
                                "auth.methods entry of type api_token); use authorize_begin and authorize_complete");
    return outcome::failure(status::config_error, "not_client_credentials",
                            "this connector declares no client credentials method (an auth.methods entry of type "
                            "client_credentials)");
}

}  // namespace

method_choice choose_method(const manifest::auth_spec& auth, const manifest::resolved_settings& settings,
                            manifest::method_kind kind) {
    const bool type_itself = kind == manifest::method_kind::api_token && auth.type == manifest::auth_type::api_token;
    const auto declared = auth.methods_of(kind);
    const std::size_t count = declared.size() + (type_itself ? 1 : 0);
    if (count == 0) return {nullptr, no_such_method(kind)};
    if (count == 1) return {declared.empty() ? nullptr : declared.front(), std::nullopt};

    const auto named = settings.get_string(manifest::auth_method_setting);
    std::string names = type_itself ? "'auth.type'" : "";
    for (const auto* m : declared) {
        if (named && *named == m->name) return {m, std::nullopt};
        names += (names.empty() ? "'" : ", '") + m->name + "'";
    }
    if (type_itself && named && *named == "auth.type") return {nullptr, std::nullopt};
    return {nullptr, outcome::failure(status::config_error, "auth_method_required",
                                      "this connector declares several " + std::string(manifest::to_string(kind)) +
                                          " methods (" + names + "): the setting '" +
                                          std::string(manifest::auth_method_setting) + "' must name one")};
}

}  // namespace tether::auth
