// Fuzz target: the stored-record parser, and what the engine computes from a record it accepted — the refresh
// plan, lessons, the refresh decision, a failure's cooldown and the health document — where a value out of
// range would overflow. A record that parses serializes to a record that parses the same.
#include "plugin/record/token_record.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "plugin/auth/lifetime_lessons.hpp"
#include "plugin/auth/record_changes.hpp"
#include "plugin/auth/refresh_decision.hpp"
#include "plugin/auth/refresh_schedule.hpp"
#include "plugin/core/time_bounds.hpp"
#include "plugin/health/health_document.hpp"
#include "tests/fuzz/smartsheet.hpp"

namespace {

void plan_and_decide(const tether::record::token_record& r, std::int64_t now) {
    using namespace tether::auth;
    for (const double unit : {-1.0, 1.0}) {
        const auto plan = plan_refresh(r, tether_fuzz::smartsheet().auth.refresh, unit);
        (void)refresh_due(plan, now);
        (void)believed_expired(plan, now);
        (void)usable_while_refresh_fails(plan, now);
        (void)decide_refresh(r, plan, now, refresh_request{refresh_trigger::due, "other-token"});
    }
    (void)effective_lifetime_ms(r);
    const std::int64_t age = now - r.issued_at_ms;
    (void)lesson_from_death(r, age, age / 2, now);
    (void)lesson_disproved(r, age);
    (void)refresh_failed(r.access_token, now, 0.99, std::nullopt, false)(r);
}

void health_of(const tether::record::token_record& r, std::int64_t now) {
    static const std::string connection_id = "fuzz";
    static const tether::health::health_evidence evidence;
    tether::auth::keeper_snapshot snapshot;
    snapshot.record = r;
    snapshot.loaded = true;
    snapshot.provider_now_ms = now;
    snapshot.plan = tether::auth::plan_refresh(r, tether_fuzz::smartsheet().auth.refresh, 0.5);
    const tether::health::health_inputs in{tether_fuzz::smartsheet(), connection_id, snapshot, evidence, now, now, false, {}, {}};
    (void)tether::health::health_document(in);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace tether::record;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = parse_token_record(text);
    const auto* record = std::get_if<token_record>(&parsed);
    if (record == nullptr) return 0;

    const std::string stored = serialize_token_record(*record);
    const auto again = parse_token_record(stored);
    FUZZ_REQUIRE(std::holds_alternative<token_record>(again));
    FUZZ_REQUIRE(serialize_token_record(std::get<token_record>(again)) == stored);

    // The provider's time: the host's clock (held to 0..max_time_ms) plus an offset (held to a year).
    for (const std::int64_t now :
         {std::int64_t{0}, record->issued_at_ms, tether_fuzz::fuzz_now_ms, tether::max_time_ms}) {
        plan_and_decide(*record, now);
        health_of(*record, now);
    }
    return 0;
}
