// Fuzz target: a token endpoint's successful answer. A grant it accepts declares a lifetime within range,
// and the refresh plan made from it computes without overflow.
#include "plugin/auth/token_response.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "plugin/auth/refresh_schedule.hpp"
#include "plugin/core/time_bounds.hpp"
#include "tests/fuzz/smartsheet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parsed = tether::auth::parse_token_response(std::string_view(reinterpret_cast<const char*>(data), size));
    const auto* grant = std::get_if<tether::auth::token_grant>(&parsed);
    if (grant == nullptr) return 0;
    FUZZ_REQUIRE(!grant->access_token.empty());
    if (grant->expires_in_s) FUZZ_REQUIRE(*grant->expires_in_s >= 1 && *grant->expires_in_s <= tether::max_lifetime_s);

    tether::record::token_record r;
    r.state = tether::record::connection_state::authorized;
    r.access_token = grant->access_token;
    r.refresh_token = grant->refresh_token;
    r.declared_lifetime_s = grant->expires_in_s.value_or(0);
    r.scopes = grant->scopes;
    for (const std::int64_t issued : {std::int64_t{0}, tether::max_time_ms}) {
        r.issued_at_ms = issued;
        const auto plan = tether::auth::plan_refresh(r, tether_fuzz::smartsheet().auth.refresh, 1.0);
        (void)tether::auth::refresh_due(plan, tether::max_time_ms);
    }
    return 0;
}
