// What early deaths teach about a grant's real token lifetime, and how a lesson is unlearned.
#include "plugin/auth/lifetime_lessons.hpp"

#include <algorithm>

namespace tether::auth {

namespace {
constexpr std::int64_t one_day_ms = 24LL * 3600 * 1000;
}

bool died_early(const record::token_record& r, std::int64_t dead_age_ms) {
    if (r.declared_lifetime_s <= 0) return false;
    return dead_age_ms < r.declared_lifetime_s * 1000 * 95 / 100;
}

std::int64_t learn_lifetime_ms(std::optional<std::int64_t> previous_ms, std::int64_t dead_age_ms,
                               std::optional<std::int64_t> last_ok_age_ms) {
    std::int64_t estimate = std::max(last_ok_age_ms.value_or(0), dead_age_ms / 2);
    estimate = std::max(estimate, minimum_learned_lifetime_ms);
    return previous_ms ? std::min(*previous_ms, estimate) : estimate;
}

std::int64_t lesson_retest_after_ms(std::int64_t learned_ms) { return std::max(one_day_ms, 16 * learned_ms); }

bool lesson_on_trial(const record::token_record& r) {
    if (!r.learned_lifetime_ms) return false;
    return r.issued_at_ms - r.lesson_learned_at_ms >= lesson_retest_after_ms(*r.learned_lifetime_ms);
}

std::optional<lifetime_lesson> lesson_from_death(const record::token_record& r, std::int64_t dead_age_ms,
                                                 std::optional<std::int64_t> last_ok_age_ms,
                                                 std::int64_t provider_now_ms) {
    if (r.api_token || r.state != record::connection_state::authorized) return std::nullopt;
    if (!died_early(r, dead_age_ms) || dead_age_ms < minimum_learned_lifetime_ms) return std::nullopt;
    // A lesson on trial is being tested, not refined: what this death says replaces it.
    const auto previous = lesson_on_trial(r) ? std::nullopt : r.learned_lifetime_ms;
    return lifetime_lesson{learn_lifetime_ms(previous, dead_age_ms, last_ok_age_ms), dead_age_ms, provider_now_ms};
}

bool lesson_disproved(const record::token_record& r, std::int64_t alive_age_ms) {
    return r.learned_lifetime_ms && alive_age_ms > *r.learned_lifetime_ms;
}

}  // namespace tether::auth
