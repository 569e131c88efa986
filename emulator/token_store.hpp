// Everything OAuth hands out — authorization codes, access tokens, refresh tokens — and the rules that
// make them die: declared expiry, the admin-configured lifetime, rotation and revocation.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "random_source.hpp"
#include "emulator/smartsheet_emulator.hpp"

namespace tether::emulator::detail {

struct code_record {
    std::int64_t user_id = 0;
    std::vector<std::string> scopes;
    std::string redirect_uri;  // as sent to /b/authorize ("" when omitted)
    emulator_time issued_at;
    bool used = false;
};

struct access_token_record {
    std::int64_t user_id = 0;
    std::vector<std::string> scopes;
    emulator_time issued_at;        // the original issue time: the admin lifetime counts from here
    emulator_time declared_expiry;  // issued_at + expires_in
    std::string refresh_token;      // its pair partner ("" when minted without one)
    bool revoked = false;           // by DELETE /2.0/token, by rotation, or the user revoking the app
    bool admin_expired = false;     // sticky: once the admin lifetime killed it, it stays dead
};

struct refresh_token_record {
    enum class state { live, used, revoked };
    std::int64_t user_id = 0;
    std::vector<std::string> scopes;
    emulator_time issued_at;
    std::string access_token;  // the access token currently paired with it
    state status = state::live;
};

enum class access_verdict { valid, unknown, revoked, expired, admin_expired };
enum class refresh_verdict { valid, unknown_or_used, revoked };

// Not synchronised: it lives in emulator_state, under the state's mutex. Times are emulator time.
class token_store {
public:
    explicit token_store(std::int64_t declared_lifetime_s, std::optional<std::int64_t> admin_lifetime_s)
        : declared_lifetime_s_(declared_lifetime_s), admin_lifetime_s_(admin_lifetime_s) {}

    // --- codes ---
    std::string issue_code(std::int64_t user_id, std::vector<std::string> scopes, std::string redirect_uri,
                           emulator_time now, random_source& random);
    code_record* find_code(const std::string& code);

    // --- tokens ---
    // Mints an access token, plus a refresh token when with_refresh is true.
    token_pair mint(std::int64_t user_id, const std::vector<std::string>& scopes, emulator_time now, bool with_refresh,
                    random_source& random);
    // A successful refresh: the old refresh token is used up and its access token dies; a new pair is
    // minted. With rotate = false (a fault), only a new access token is minted and the refresh token lives on.
    token_pair refresh(const std::string& refresh_token, emulator_time now, bool rotate, random_source& random);
    // Marks admin expiry as a side effect, so that a token the admin lifetime killed stays dead.
    access_verdict check_access(const std::string& token, emulator_time now);
    refresh_verdict check_refresh(const std::string& token) const;
    const access_token_record* find_access(const std::string& token) const;

    // Revokes a token (access or refresh) together with its pair partner. False if unknown.
    bool revoke_pair(const std::string& token);
    void revoke_user(std::int64_t user_id);

    // --- lifetimes ---
    std::int64_t declared_lifetime_s() const { return declared_lifetime_s_; }
    void set_declared_lifetime(std::int64_t seconds) { declared_lifetime_s_ = seconds; }
    // Settles deaths under the old lifetime at `now` before switching, so they stay dead.
    void set_admin_lifetime(std::optional<std::int64_t> seconds, emulator_time now);
    // Marks every token the admin lifetime has killed by `now`. Call after every clock change.
    void settle_admin_expiry(emulator_time now);

    std::vector<live_token> live(emulator_time now) const;
    // Every code and token ever handed out, dead or alive (nothing is ever forgotten).
    std::vector<std::string> every_secret() const;
    bool is_live(const std::string& token, emulator_time now) const;

private:
    bool past_admin_lifetime(const access_token_record& record, emulator_time now) const;
    bool access_alive(const access_token_record& record, emulator_time now) const;
    std::string unused_token(random_source& random) const;

    std::int64_t declared_lifetime_s_;
    std::optional<std::int64_t> admin_lifetime_s_;
    std::map<std::string, code_record> codes_;
    std::map<std::string, access_token_record> access_;
    std::map<std::string, refresh_token_record> refresh_;
};

}  // namespace tether::emulator::detail
