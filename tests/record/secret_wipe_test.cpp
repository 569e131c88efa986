// The values that carry secrets leave none behind when they are released: the memory a record, a grant or a
// request gives back to the allocator, and the bytes of the object itself for a short string, no longer hold
// its tokens.
#include <catch2/catch.hpp>
#include <new>
#include <string>
#include <string_view>

#include "plugin/auth/token_response.hpp"
#include "plugin/http/http_client.hpp"
#include "plugin/record/token_record.hpp"
#include "tests/record/freed_memory_watch.hpp"

using tether_test::freed_memory_watch;

namespace {

// Long enough to live on the heap, not in a string's own bytes.
constexpr std::string_view access_secret = "access-7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c1e5b2d";
constexpr std::string_view refresh_secret = "refresh-2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e";
constexpr std::string_view verifier_secret = "verifier-9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f";
// Whole texts, so that no temporary string of the test itself holds a secret.
constexpr std::string_view bearer_header = "Bearer access-7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c1e5b2d";
constexpr std::string_view refresh_form =
    "grant_type=refresh_token&refresh_token=refresh-2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e";
static_assert(bearer_header.ends_with(access_secret) && refresh_form.ends_with(refresh_secret));

// Whether the bytes of an object's former storage still hold `secret`.
template <std::size_t N>
bool holds(const unsigned char (&storage)[N], std::string_view secret) {
    return std::string_view(reinterpret_cast<const char*>(storage), N).find(secret) != std::string_view::npos;
}

}  // namespace

TEST_CASE("a token record, its copies and its reassigned strings give back no memory that holds a token") {
    const freed_memory_watch watch{access_secret, refresh_secret, verifier_secret};
    {
        tether::record::token_record record;
        record.access_token = access_secret.data();
        record.refresh_token = refresh_secret.data();
        record.pending = tether::record::pending_authorization{};
        record.pending->code_verifier = verifier_secret.data();
        tether::record::token_record copy = record;
        tether::record::token_record moved = std::move(copy);
        moved.access_token = std::string(200, 'x');  // the old buffer is given back for the new one
        copy = moved;
    }
    CHECK(watch.blocks_freed_with_a_secret() == 0);
}

TEST_CASE("a token grant and an HTTP request give back no memory that holds a token") {
    const freed_memory_watch watch{access_secret, refresh_secret};
    {
        tether::auth::token_grant grant;
        grant.access_token = access_secret.data();
        grant.refresh_token = refresh_secret.data();
        tether::auth::token_grant copy = grant;

        tether::http::request request;
        request.headers.push_back({"Authorization", bearer_header.data()});
        request.body = refresh_form.data();
        tether::http::request sent = request;
    }
    CHECK(watch.blocks_freed_with_a_secret() == 0);
}

TEST_CASE("a short secret is wiped from the bytes of the record that held it") {
    constexpr std::string_view short_token = "tok-5e6f7a8b";  // short enough to live in the string itself
    alignas(tether::record::token_record) unsigned char storage[sizeof(tether::record::token_record)];
    auto* record = new (storage) tether::record::token_record;
    record->access_token = short_token.data();
    REQUIRE(holds(storage, short_token));
    record->~token_record();
    CHECK_FALSE(holds(storage, short_token));
}
