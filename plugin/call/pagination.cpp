// Walking an operation's pages: page queries, reading a page, and the concatenated all-pages result.
#include "plugin/call/pagination.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <limits>

#include "plugin/manifest/json_pointer.hpp"

namespace tether::call {

namespace {

std::optional<std::int64_t> integer_of(const boost::json::value* v) {
    if (v == nullptr) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return static_cast<std::int64_t>(v->get_uint64());
    return std::nullopt;
}

}  // namespace

page_position first_page(const manifest::pagination_spec& spec) {
    return page_position{spec.first_page, {}};
}

std::vector<std::pair<std::string, std::string>> page_query(const manifest::pagination_spec& spec,
                                                            const page_position& at) {
    std::vector<std::pair<std::string, std::string>> out = spec.fixed_query;
    switch (spec.style) {
        case manifest::pagination_style::none:
            break;
        case manifest::pagination_style::offset:
            out.emplace_back(spec.page_param, std::to_string(at.page_number));
            if (spec.page_size && !spec.page_size_param.empty())
                out.emplace_back(spec.page_size_param, std::to_string(*spec.page_size));
            break;
        case manifest::pagination_style::token:
            if (spec.page_size && !spec.limit_param.empty())
                out.emplace_back(spec.limit_param, std::to_string(*spec.page_size));
            if (!at.cursor.empty()) out.emplace_back(spec.cursor_param, at.cursor);
            break;
    }
    return out;
}

page_reading read_page(const manifest::pagination_spec& spec, const boost::json::value& body, const page_position& at) {
    page_reading out;
    const boost::json::value* items = manifest::find_at(body, spec.items_field);
    if (items == nullptr || !items->is_array()) {
        out.problem = "the page has no array at " + spec.items_field + " (the manifest's items_field)";
        return out;
    }
    if (spec.style == manifest::pagination_style::offset) {
        const auto total = integer_of(manifest::find_at(body, spec.total_pages_field));
        if (!total) {
            out.problem =
                "the page has no integer at " + spec.total_pages_field + " (the manifest's total_pages_field)";
            return out;
        }
        out.items = &items->get_array();
        if (at.page_number - spec.first_page + 1 < *total) out.next = page_position{at.page_number + 1, {}};
        return out;
    }
    if (spec.style == manifest::pagination_style::token) {
        const boost::json::value* cursor = manifest::find_at(body, spec.cursor_field);
        std::string next;
        if (cursor != nullptr && cursor->is_string()) {
            next = std::string(cursor->get_string());
        } else if (const auto number = integer_of(cursor)) {
            next = std::to_string(*number);
        } else if (cursor != nullptr && !cursor->is_null()) {
            out.problem = "the cursor at " + spec.cursor_field + " is neither a string nor an integer";
            return out;
        }
        if (!next.empty() && next == at.cursor) {
            out.problem = "the provider returned the cursor it was sent; following it would never end";
            return out;
        }
        out.items = &items->get_array();
        if (!next.empty()) out.next = page_position{at.page_number + 1, std::move(next)};
        return out;
    }
    out.items = &items->get_array();  // style none: one page
    return out;
}

void page_collector::add(const boost::json::value& body, const boost::json::array& items) {
    if (pages_ == 0 && body.is_object())
        if (const auto total = integer_of(body.get_object().if_contains("totalCount"))) total_count_ = *total;
    ++pages_;
    for (const auto& item : items) {
        if (full()) {
            cut_ = true;
            break;
        }
        items_.push_back(item);
    }
}

std::string page_collector::result_body(bool pages_remained) const {
    boost::json::object out;
    out["data"] = items_;
    out["pages"] = pages_;
    out["truncated"] = cut_ || pages_remained;
    if (total_count_) out["totalCount"] = *total_count_;
    return boost::json::serialize(out);
}

}  // namespace tether::call
