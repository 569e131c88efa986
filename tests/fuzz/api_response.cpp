// Fuzz target: an API or token-endpoint response as the call path reads it — the classifier with the
// Smartsheet manifest's error rules (error fields, rule match, Retry-After) and every paginated operation's
// page reading. The input is: two bytes of status, a line of Retry-After, a line of Date, then the body.
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "plugin/call/pagination.hpp"
#include "plugin/classify/response_classifier.hpp"
#include "plugin/http/clock_skew.hpp"
#include "plugin/manifest/error_rules.hpp"
#include "tests/fuzz/smartsheet.hpp"

namespace {

std::string_view take_line(std::string_view& rest) {
    const auto end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    return line;
}

// Smartsheet pages by offset; a token-style spec (cursor at /next) covers the other style.
std::vector<tether::manifest::pagination_spec> page_specs() {
    std::vector<tether::manifest::pagination_spec> specs;
    for (const auto& op : tether_fuzz::smartsheet().operations)
        if (op.pagination.style != tether::manifest::pagination_style::none) specs.push_back(op.pagination);
    tether::manifest::pagination_spec token;
    token.style = tether::manifest::pagination_style::token;
    token.items_field = "/data";
    token.cursor_field = "/next";
    token.cursor_param = "cursor";
    token.limit_param = "limit";
    token.page_size = 50;
    specs.push_back(token);
    return specs;
}

void read_pages(const boost::json::value& body) {
    static const auto specs = page_specs();
    for (const auto& spec : specs) {
        auto at = tether::call::first_page(spec);
        tether::call::page_collector pages(5);
        for (int page = 0; page < 3; ++page) {  // the same body for each page: a provider repeating itself
            const auto reading = tether::call::read_page(spec, body, at);
            if (!reading.problem.empty() || !reading.next) break;
            FUZZ_REQUIRE(reading.items != nullptr);
            pages.add(body, *reading.items);
            (void)tether::call::page_query(spec, *reading.next);
            at = *reading.next;
        }
        (void)pages.result_body(true);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    tether::http::response response;
    response.status = 100 + (data[0] << 8 | data[1]) % 500;
    std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);
    const std::string_view retry_after = take_line(rest);
    const std::string_view date = take_line(rest);
    response.headers.push_back({"Retry-After", std::string(retry_after)});
    response.headers.push_back({"Date", std::string(date)});
    response.body = std::string(rest);

    const auto& manifest = tether_fuzz::smartsheet();
    tether::http::clock_skew skew;
    skew.observe(tether_fuzz::fuzz_now_ms, date);
    FUZZ_REQUIRE(skew.offset_ms() >= -tether::http::max_clock_offset_ms &&
                 skew.offset_ms() <= tether::http::max_clock_offset_ms);
    const std::int64_t provider_now = skew.provider_now(tether_fuzz::fuzz_now_ms);
    for (const auto endpoint : {tether::manifest::endpoint_kind::api, tether::manifest::endpoint_kind::token}) {
        const auto c = tether::classify::classify_response(manifest.errors, endpoint, response, provider_now);
        FUZZ_REQUIRE(!c.reason.empty());
        if (c.retry_after_ms) FUZZ_REQUIRE(*c.retry_after_ms >= 0);
    }
    const auto fields = tether::manifest::read_error_fields(manifest.errors.body, response.body);
    tether::manifest::error_facts facts{tether::manifest::endpoint_kind::api, response.status, fields.provider_code,
                                        fields.oauth_error};
    (void)tether::manifest::match_error_rule(manifest.errors, facts);

    boost::system::error_code ec;
    const auto body = boost::json::parse(response.body, ec);
    if (!ec) read_pages(body);
    return 0;
}
