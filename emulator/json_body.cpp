// Parsing and checking JSON request bodies (1008 unparsable, 1012 missing attribute).
#include "json_body.hpp"

#include <cstdint>

namespace tether::emulator::detail {

parsed_body parse_json_body(request_context& ctx) {
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(ctx.http.body, ec);
    if (ec) return {nullptr, ctx.error(400, 1008, {ec.message()})};
    return {std::move(value), std::nullopt};
}

reply missing_attribute(request_context& ctx, std::string_view attribute) {
    return ctx.error(400, 1012, {std::string(attribute)});
}

std::optional<std::vector<const boost::json::object*>> objects_of(const boost::json::value& body) {
    std::vector<const boost::json::object*> out;
    if (const auto* one = body.if_object()) {
        out.push_back(one);
        return out;
    }
    const auto* many = body.if_array();
    if (many == nullptr) return std::nullopt;
    for (const auto& item : *many) {
        if (!item.is_object()) return std::nullopt;
        out.push_back(&item.as_object());
    }
    return out;
}

std::optional<std::int64_t> as_id(const boost::json::value& value) {
    if (const auto* i = value.if_int64()) return *i;
    if (const auto* u = value.if_uint64(); u != nullptr && *u <= static_cast<std::uint64_t>(INT64_MAX)) return *u;
    return std::nullopt;
}

std::string scalar_text(const boost::json::value& value) {
    if (const auto* s = value.if_string()) return std::string(*s);
    if (value.is_null()) return "";
    return boost::json::serialize(value);
}

}  // namespace tether::emulator::detail
