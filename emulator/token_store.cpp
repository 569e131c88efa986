// How Smartsheet's codes and tokens live and die: minting, rotation on refresh, revocation, declared
// expiry and the admin-configured lifetime counted from each token's original issue time.
#include "token_store.hpp"

namespace tether::emulator::detail {

namespace {
constexpr std::size_t token_length = 26;
}

std::string token_store::unused_token(random_source& random) const {
    // Codes and both token kinds share one namespace, so a string never means two things.
    for (;;) {
        std::string candidate = random.alphanumeric(token_length);
        if (!codes_.contains(candidate) && !access_.contains(candidate) && !refresh_.contains(candidate))
            return candidate;
    }
}

std::string token_store::issue_code(std::int64_t user_id, std::vector<std::string> scopes, std::string redirect_uri,
                                    emulator_time now, random_source& random) {
    std::string code = unused_token(random);
    codes_[code] = code_record{user_id, std::move(scopes), std::move(redirect_uri), now, false};
    return code;
}

code_record* token_store::find_code(const std::string& code) {
    auto it = codes_.find(code);
    return it == codes_.end() ? nullptr : &it->second;
}

token_pair token_store::mint(std::int64_t user_id, const std::vector<std::string>& scopes, emulator_time now,
                             bool with_refresh, random_source& random) {
    token_pair pair;
    pair.access_token = unused_token(random);
    pair.expires_in = declared_lifetime_s_;
    access_token_record access{user_id, scopes, now,  now + std::chrono::seconds(declared_lifetime_s_),
                               "",      false,  false};
    if (with_refresh) {
        pair.refresh_token = unused_token(random);
        access.refresh_token = pair.refresh_token;
        refresh_[pair.refresh_token] =
            refresh_token_record{user_id, scopes, now, pair.access_token, refresh_token_record::state::live};
    }
    access_[pair.access_token] = std::move(access);
    return pair;
}

token_pair token_store::refresh(const std::string& refresh_token, emulator_time now, bool rotate,
                                random_source& random) {
    refresh_token_record& old = refresh_.at(refresh_token);
    // The access token paired with the presented refresh token dies in every case.
    if (auto it = access_.find(old.access_token); it != access_.end()) it->second.revoked = true;
    if (rotate) {
        old.status = refresh_token_record::state::used;
        return mint(old.user_id, old.scopes, now, true, random);
    }
    token_pair pair = mint(old.user_id, old.scopes, now, false, random);
    access_.at(pair.access_token).refresh_token = refresh_token;
    old.access_token = pair.access_token;
    return pair;
}

bool token_store::past_admin_lifetime(const access_token_record& record, emulator_time now) const {
    return admin_lifetime_s_ && now >= record.issued_at + std::chrono::seconds(*admin_lifetime_s_);
}

bool token_store::access_alive(const access_token_record& record, emulator_time now) const {
    return !record.revoked && !record.admin_expired && !past_admin_lifetime(record, now) &&
           now < record.declared_expiry;
}

access_verdict token_store::check_access(const std::string& token, emulator_time now) {
    auto it = access_.find(token);
    if (it == access_.end()) return access_verdict::unknown;
    access_token_record& record = it->second;
    if (record.revoked) return access_verdict::revoked;
    if (past_admin_lifetime(record, now)) record.admin_expired = true;
    if (record.admin_expired) return access_verdict::admin_expired;
    if (now >= record.declared_expiry) return access_verdict::expired;
    return access_verdict::valid;
}

refresh_verdict token_store::check_refresh(const std::string& token) const {
    auto it = refresh_.find(token);
    if (it == refresh_.end() || it->second.status == refresh_token_record::state::used)
        return refresh_verdict::unknown_or_used;
    if (it->second.status == refresh_token_record::state::revoked) return refresh_verdict::revoked;
    return refresh_verdict::valid;
}

const access_token_record* token_store::find_access(const std::string& token) const {
    auto it = access_.find(token);
    return it == access_.end() ? nullptr : &it->second;
}

bool token_store::revoke_pair(const std::string& token) {
    if (auto a = access_.find(token); a != access_.end()) {
        a->second.revoked = true;
        if (auto r = refresh_.find(a->second.refresh_token); r != refresh_.end())
            r->second.status = refresh_token_record::state::revoked;
        return true;
    }
    if (auto r = refresh_.find(token); r != refresh_.end()) {
        r->second.status = refresh_token_record::state::revoked;
        if (auto a = access_.find(r->second.access_token); a != access_.end()) a->second.revoked = true;
        return true;
    }
    return false;
}

void token_store::revoke_user(std::int64_t user_id) {
    for (auto& [token, record] : access_)
        if (record.user_id == user_id) record.revoked = true;
    for (auto& [token, record] : refresh_)
        if (record.user_id == user_id && record.status == refresh_token_record::state::live)
            record.status = refresh_token_record::state::revoked;
}

void token_store::set_admin_lifetime(std::optional<std::int64_t> seconds, emulator_time now) {
    settle_admin_expiry(now);
    admin_lifetime_s_ = seconds;
    settle_admin_expiry(now);
}

void token_store::settle_admin_expiry(emulator_time now) {
    for (auto& [token, record] : access_)
        if (!record.revoked && past_admin_lifetime(record, now)) record.admin_expired = true;
}

std::vector<live_token> token_store::live(emulator_time now) const {
    std::vector<live_token> out;
    for (const auto& [token, record] : access_)
        if (access_alive(record, now))
            out.push_back(live_token{token_kind::access, token, record.user_id, record.scopes, record.issued_at});
    for (const auto& [token, record] : refresh_)
        if (record.status == refresh_token_record::state::live)
            out.push_back(live_token{token_kind::refresh, token, record.user_id, record.scopes, record.issued_at});
    return out;
}

bool token_store::is_live(const std::string& token, emulator_time now) const {
    if (auto a = access_.find(token); a != access_.end()) return access_alive(a->second, now);
    if (auto r = refresh_.find(token); r != refresh_.end())
        return r->second.status == refresh_token_record::state::live;
    return false;
}

std::vector<std::string> token_store::every_secret() const {
    std::vector<std::string> out;
    for (const auto& [code, record] : codes_) out.push_back(code);
    for (const auto& [token, record] : access_) out.push_back(token);
    for (const auto& [token, record] : refresh_) out.push_back(token);
    return out;
}

}  // namespace tether::emulator::detail
