// Which of the manifest's ways to authenticate a connecting verb uses: the kind comes from the verb
// (connect-token: an API token; connect-client: client credentials), and among several of one kind the
// connection's `auth_method` setting names the one. Pure.
#pragma once

#include <optional>

#include "plugin/core/outcome.hpp"
#include "plugin/manifest/model.hpp"
#include "plugin/manifest/settings.hpp"

namespace tether::auth {

struct method_choice {
    // The method chosen; nullptr when it is `auth.type` itself (an api_token connector's only way).
    const manifest::auth_method* method = nullptr;
    // config_error when the manifest declares no method of the kind (reason not_api_token or
    // not_client_credentials), or several and the setting names none of them (auth_method_required).
    std::optional<outcome> failure;
};

method_choice choose_method(const manifest::auth_spec& auth, const manifest::resolved_settings& settings,
                            manifest::method_kind kind);

}  // namespace tether::auth
