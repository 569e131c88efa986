// What a token's early death teaches about the real lifetime of this grant's tokens (a plan admin may set a
// lifetime shorter than `expires_in` says), and how a lesson is unlearned. Pure functions over the record;
// tested with tables and no clock.
//
// A lesson belongs to the grant that taught it: a new authorization, a revoke or a reconnect verdict start
// from the declared lifetime again (plugin/auth/record_changes). Within one grant a lesson is unlearned
//  - by evidence: a token of the grant is accepted at an age beyond the lesson, which proves it too short;
//  - by a trial: once a lesson has stood for lesson_retest_after_ms, the next token is planned on the
//    declared lifetime again. If the admin's policy still holds, that token dies early, costing one 401 that
//    the call absorbs (refresh, retry once), and the lesson is learned afresh; if the policy was lifted, the
//    token is accepted past the lesson and the lesson is dropped.
#pragma once

#include <cstdint>
#include <optional>

#include "plugin/record/token_record.hpp"

namespace tether::auth {

// No lesson is shorter: a token seen dead younger than this teaches nothing (no refresh storms).
inline constexpr std::int64_t minimum_learned_lifetime_ms = 60'000;

// What an early death taught, to be applied to the pair that replaces the dead token.
struct lifetime_lesson {
    std::int64_t learned_ms = 0;    // the lifetime to plan on
    std::int64_t death_age_ms = 0;  // the age at which the token was seen dead
    std::int64_t learned_at_ms = 0;  // provider time of the lesson
};

// A token is "dead early" when it is rejected well before its declared lifetime (an admin-configured
// lifetime, or a revocation). Deaths after 95% of the declared lifetime are ordinary expiry.
bool died_early(const record::token_record& r, std::int64_t dead_age_ms);

// The estimate of the real lifetime L from one death. The age at which the token was seen dead is only an
// upper bound (it died some time since it was last used successfully, a lower bound), so the estimate leans
// low: max(last_ok_age, dead_age / 2), never below minimum_learned_lifetime_ms, and never above a previous
// lesson that is not on trial (lessons only shrink until they are tested again).
std::int64_t learn_lifetime_ms(std::optional<std::int64_t> previous_ms, std::int64_t dead_age_ms,
                               std::optional<std::int64_t> last_ok_age_ms);

// How long a lesson stands before a token is planned on the declared lifetime again: a day, or 16 of the
// learned lifetimes when that is longer — so that a lasting policy costs one 401 in every ~19 tokens at most.
std::int64_t lesson_retest_after_ms(std::int64_t learned_ms);

// True when the record's token was issued long enough after its lesson that it is planned on the declared
// lifetime instead, to test whether the lesson still holds. A lesson of unknown age is due for a trial.
bool lesson_on_trial(const record::token_record& r);

// The lesson of the record's token having been rejected at `dead_age_ms` (its last successful use at
// `last_ok_age_ms`, if seen in this process), or nullopt when the death teaches nothing: an API token, a
// death at ordinary expiry, or one too young to be a lifetime.
std::optional<lifetime_lesson> lesson_from_death(const record::token_record& r, std::int64_t dead_age_ms,
                                                 std::optional<std::int64_t> last_ok_age_ms,
                                                 std::int64_t provider_now_ms);

// True when the record's token, accepted at `alive_age_ms`, outlived the lesson: the lesson is too short.
bool lesson_disproved(const record::token_record& r, std::int64_t alive_age_ms);

}  // namespace tether::auth
