// Offset paging and token paging over an already-filtered, id-ordered list of JSON items.
#include "paging.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

namespace tether::emulator::detail {

namespace {
// A positive integer parameter, its default when absent, or nullopt when present but not positive.
std::optional<std::int64_t> positive_param(request_context& ctx, const std::string& name, std::int64_t fallback) {
    if (!ctx.has_param(name)) return fallback;
    const std::string text = ctx.param(name);
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < 1) return std::nullopt;
    return value;
}

reply invalid_value(request_context& ctx, const std::string& name) {
    return ctx.error(400, 1018, {ctx.param(name), name});
}

constexpr std::string_view last_key_prefix = "k";
}  // namespace

reply offset_paged(request_context& ctx, boost::json::array items) {
    const auto total = static_cast<std::int64_t>(items.size());
    const auto page_size = positive_param(ctx, "pageSize", 100);
    if (!page_size) return invalid_value(ctx, "pageSize");
    const auto page = positive_param(ctx, "page", 1);
    if (!page) return invalid_value(ctx, "page");

    if (ctx.param("includeAll") == "true")
        return json_reply(200, boost::json::object{{"pageNumber", 1},
                                                   {"pageSize", total},
                                                   {"totalPages", total > 0 ? 1 : 0},
                                                   {"totalCount", total},
                                                   {"data", std::move(items)}});

    const std::int64_t total_pages = (total + *page_size - 1) / *page_size;
    const std::int64_t number = std::max<std::int64_t>(1, std::min(*page, total_pages));
    const std::int64_t first = std::min(total, (number - 1) * *page_size);
    const std::int64_t last = std::min(total, first + *page_size);
    boost::json::array data(items.begin() + first, items.begin() + last);
    return json_reply(200, boost::json::object{{"pageNumber", number},
                                               {"pageSize", *page_size},
                                               {"totalPages", total_pages},
                                               {"totalCount", total},
                                               {"data", data}});
}

reply token_paged(request_context& ctx, boost::json::array items) {
    const auto max_items = positive_param(ctx, "maxItems", 100);
    if (!max_items) return invalid_value(ctx, "maxItems");

    // lastKey is opaque to clients; here it is "k" + the id of the last item already returned.
    std::int64_t after_id = std::numeric_limits<std::int64_t>::min();
    if (ctx.has_param("lastKey")) {
        const std::string key = ctx.param("lastKey");
        auto [end, ec] = std::from_chars(key.data() + std::min(key.size(), last_key_prefix.size()),
                                         key.data() + key.size(), after_id);
        if (!key.starts_with(last_key_prefix) || ec != std::errc{} || end != key.data() + key.size())
            return invalid_value(ctx, "lastKey");
    }

    boost::json::array data;
    bool more = false;
    for (const auto& item : items) {
        if (item.at("id").to_number<std::int64_t>() <= after_id) continue;
        if (static_cast<std::int64_t>(data.size()) == *max_items) {
            more = true;
            break;
        }
        data.push_back(item);
    }
    boost::json::object body{{"data", data}};
    if (more)
        body["lastKey"] = std::string(last_key_prefix) + std::to_string(data.back().at("id").to_number<std::int64_t>());
    return json_reply(200, body);
}

}  // namespace tether::emulator::detail
