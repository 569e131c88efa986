// POST /2.0/token and DELETE /2.0/token: code exchange, hash or secret, every documented error,
// refresh-token rotation and revocation.
#include <catch2/catch.hpp>

#include "tests/emulator/test_world.hpp"

using namespace tether::emulator;
using namespace tether::emulator::testing;

TEST_CASE("a code exchanged with the hash yields a bearer pair with the declared expires_in") {
    test_world world;
    const http_response response = world.exchange_code(world.authorization_code());

    REQUIRE(response.status == 200);
    const auto body = response.json().as_object();
    CHECK(body.at("token_type").as_string() == "bearer");
    CHECK(body.at("expires_in").as_int64() == 604799);
    CHECK_FALSE(body.at("access_token").as_string().empty());
    CHECK_FALSE(body.at("refresh_token").as_string().empty());
    CHECK(world.me(text(response, "access_token")).status == 200);
}

TEST_CASE("the hash is lowercase hex SHA-256 of secret|code") {
    // A fixed vector, so the oracle itself is checked: printf 'secret|code123' | sha256sum
    CHECK(sha256_hex("secret|code123") == "9a27e377dc182d3ae7100d46a65fb48d493ea25dd7bf2cead8fa60d9233a250d");
}

TEST_CASE("a code exchanged with client_secret works, and the parameters may come in the query string") {
    test_world world;
    const auto& options = world.emulator.options();

    const http_response by_secret =
        post_form(world.emulator.token_url(), form_encode({{"grant_type", "authorization_code"},
                                                           {"client_id", options.client_id},
                                                           {"code", world.authorization_code()},
                                                           {"client_secret", options.client_secret},
                                                           {"redirect_uri", options.redirect_uri}}));
    CHECK(by_secret.status == 200);

    const std::string code = world.authorization_code();
    const std::string query = form_encode({{"grant_type", "authorization_code"},
                                           {"client_id", options.client_id},
                                           {"code", code},
                                           {"hash", world.hash_of(code)}});
    const http_response in_query = post_form(world.emulator.token_url() + "?" + query, "");
    CHECK(in_query.status == 200);
    CHECK(world.me(text(in_query, "access_token")).status == 200);
}

TEST_CASE("an authorization code is single use: 1071 the second time") {
    test_world world;
    const std::string code = world.authorization_code();
    REQUIRE(world.exchange_code(code).status == 200);

    const http_response again = world.exchange_code(code);
    CHECK(again.status == 400);
    CHECK(again.error_code() == 1071);
    CHECK(text(again, "error") == "invalid_grant");
}

TEST_CASE("an authorization code expires after its TTL on the emulator clock: 1069") {
    test_world world;  // code TTL 60 s by default
    const std::string fresh = world.authorization_code();
    world.emulator.advance_clock(std::chrono::seconds(59));
    CHECK(world.exchange_code(fresh).status == 200);

    const std::string stale = world.authorization_code();
    world.emulator.advance_clock(std::chrono::seconds(60));
    const http_response response = world.exchange_code(stale);
    CHECK(response.status == 400);
    CHECK(response.error_code() == 1069);
}

TEST_CASE("each token endpoint error answers its status, errorCode, error name and refId") {
    test_world world;
    const auto& options = world.emulator.options();
    const std::string code = world.authorization_code();
    const std::string good_hash = world.hash_of(code);

    struct error_case {
        const char* why;
        std::vector<std::pair<std::string, std::string>> form;
        long status;
        int error_code;
        const char* error;
    };
    const std::vector<error_case> cases{
        {"no grant_type",
         {{"client_id", options.client_id}, {"code", code}, {"hash", good_hash}},
         400,
         1070,
         "invalid_request"},
        {"unsupported grant",
         {{"grant_type", "password"}, {"client_id", options.client_id}},
         400,
         1068,
         "unsupported_grant_type"},
        {"no client_id",
         {{"grant_type", "authorization_code"}, {"code", code}, {"hash", good_hash}},
         400,
         1070,
         "invalid_request"},
        {"unknown client_id",
         {{"grant_type", "authorization_code"}, {"client_id", "nope"}, {"code", code}, {"hash", good_hash}},
         401,
         1067,
         "invalid_client"},
        {"no code",
         {{"grant_type", "authorization_code"}, {"client_id", options.client_id}, {"hash", good_hash}},
         400,
         1070,
         "invalid_request"},
        {"neither hash nor secret",
         {{"grant_type", "authorization_code"}, {"client_id", options.client_id}, {"code", code}},
         400,
         1236,
         "invalid_request"},
        {"both hash and secret",
         {{"grant_type", "authorization_code"},
          {"client_id", options.client_id},
          {"code", code},
          {"hash", good_hash},
          {"client_secret", options.client_secret}},
         400,
         1237,
         "invalid_request"},
        {"wrong secret",
         {{"grant_type", "authorization_code"},
          {"client_id", options.client_id},
          {"code", code},
          {"client_secret", "wrong"}},
         401,
         1238,
         "invalid_client"},
        {"wrong hash",
         {{"grant_type", "authorization_code"},
          {"client_id", options.client_id},
          {"code", code},
          {"hash", sha256_hex("wrong|" + code)}},
         400,
         1072,
         "invalid_grant"},
        {"redirect_uri mismatch",
         {{"grant_type", "authorization_code"},
          {"client_id", options.client_id},
          {"code", code},
          {"hash", good_hash},
          {"redirect_uri", "https://elsewhere.example/cb"}},
         400,
         1073,
         "invalid_grant"},
        {"unknown code",
         {{"grant_type", "authorization_code"},
          {"client_id", options.client_id},
          {"code", "nosuchcode"},
          {"hash", world.hash_of("nosuchcode")}},
         400,
         1071,
         "invalid_grant"},
        {"unknown refresh token",
         {{"grant_type", "refresh_token"},
          {"client_id", options.client_id},
          {"refresh_token", "nosuch"},
          {"hash", world.hash_of("nosuch")}},
         400,
         1071,
         "invalid_grant"},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        const http_response response = post_form(world.emulator.token_url(), form_encode(c.form));
        CHECK(response.status == c.status);
        CHECK(response.error_code() == c.error_code);
        CHECK(text(response, "error") == c.error);
        CHECK_FALSE(text(response, "message").empty());
        CHECK_FALSE(text(response, "refId").empty());
    }
    // None of the failures consumed the code.
    CHECK(world.exchange_code(code).status == 200);
}

TEST_CASE("refresh rotates: the old refresh token and the old access token die, the new pair works") {
    test_world world;
    const token_pair first = world.tokens();

    const http_response refreshed = world.refresh(first.refresh_token);
    REQUIRE(refreshed.status == 200);
    const std::string new_access = text(refreshed, "access_token");
    const std::string new_refresh = text(refreshed, "refresh_token");
    CHECK(new_access != first.access_token);
    CHECK(new_refresh != first.refresh_token);
    CHECK(refreshed.json().at("expires_in").as_int64() == 604799);

    CHECK(world.me(new_access).status == 200);
    const http_response old_access = world.me(first.access_token);
    CHECK(old_access.status == 401);
    CHECK(old_access.error_code() == 1002);
    const http_response old_refresh = world.refresh(first.refresh_token);
    CHECK(old_refresh.status == 400);
    CHECK(old_refresh.error_code() == 1071);
    CHECK(world.refresh(new_refresh).status == 200);
}

TEST_CASE("refresh also accepts client_secret instead of the hash") {
    test_world world;
    const token_pair pair = world.tokens();
    const http_response response =
        post_form(world.emulator.token_url(), form_encode({{"grant_type", "refresh_token"},
                                                           {"client_id", world.emulator.options().client_id},
                                                           {"refresh_token", pair.refresh_token},
                                                           {"client_secret", world.emulator.options().client_secret}}));
    CHECK(response.status == 200);
}

TEST_CASE("DELETE /2.0/token revokes the pair: access answers 1002, refresh answers 1132") {
    test_world world;
    const token_pair pair = world.tokens();
    const token_pair other = world.tokens();

    const http_response revoked =
        perform({.method = "DELETE", .url = world.emulator.token_url(), .bearer = pair.access_token});
    CHECK(revoked.status == 200);

    CHECK(world.me(pair.access_token).error_code() == 1002);
    const http_response refresh = world.refresh(pair.refresh_token);
    CHECK(refresh.status == 401);
    CHECK(refresh.error_code() == 1132);
    CHECK(world.me(other.access_token).status == 200);  // only that pair
}

TEST_CASE("DELETE /2.0/token?deleteAllForApiClient=true revokes every token of the user") {
    test_world world;
    const token_pair a = world.tokens();
    const token_pair b = world.tokens();
    const token_pair someone_else = world.emulator.issue_tokens(demo::other_user, {"READ_SHEETS"});

    const http_response revoked = perform({.method = "DELETE",
                                           .url = world.emulator.token_url() + "?deleteAllForApiClient=true",
                                           .bearer = a.access_token});
    CHECK(revoked.status == 200);
    CHECK(world.me(a.access_token).error_code() == 1002);
    CHECK(world.me(b.access_token).error_code() == 1002);
    CHECK(world.refresh(b.refresh_token).error_code() == 1132);
    CHECK(world.me(someone_else.access_token).status == 200);
}

TEST_CASE("the user revoking the app kills access (1002) and refresh (1132) tokens") {
    test_world world;
    const token_pair pair = world.tokens();
    world.emulator.revoke_all_tokens(demo::demo_user);
    CHECK(world.me(pair.access_token).error_code() == 1002);
    CHECK(world.refresh(pair.refresh_token).error_code() == 1132);
}
