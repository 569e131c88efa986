// Walking an operation's pages, offset or token style, as its manifest `pagination` says: the query of each
// page, what a page says about the next one, and the concatenated result of an all-pages call. Pure.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "plugin/manifest/model.hpp"

namespace tether::call {

// Where a walk is: the page to ask for next.
struct page_position {
    std::int64_t page_number = 1;  // offset: the page number to send
    std::string cursor;            // token: the cursor to send; empty for the first page
};

// The first page of `spec` (page `first_page`, no cursor).
page_position first_page(const manifest::pagination_spec& spec);

// The query parameters the engine adds for the page at `at`: fixed_query, the page size (page_size_param or
// limit_param, when page_size is set), and the page number or the cursor (not on the first token page).
std::vector<std::pair<std::string, std::string>> page_query(const manifest::pagination_spec& spec,
                                                            const page_position& at);

// What one page body says.
struct page_reading {
    const boost::json::array* items = nullptr;  // into the body; null when `problem` is set
    std::optional<page_position> next;          // nullopt: this was the last page
    std::string problem;                        // non-empty: the page does not have the shape the manifest describes
};

// Reads the page fetched at `at`: the items at items_field (must be an array); offset: the total number of
// pages at total_pages_field (an integer), last when `at` is that page or later; token: the cursor at
// cursor_field (a string or an integer; absent, null or "" means last; the cursor just sent again is a
// problem, since following it would never end).
page_reading read_page(const manifest::pagination_spec& spec, const boost::json::value& body, const page_position& at);

// The items of an all-pages call, gathered page by page up to a cap.
class page_collector {
public:
    explicit page_collector(std::int64_t max_items) : max_items_(max_items) {}

    // Appends a page's items (only as many as the cap allows); `body` is the page, for totalCount on the first.
    void add(const boost::json::value& body, const boost::json::array& items);
    // True once the cap is reached: no further page is needed.
    bool full() const { return max_items_ > 0 && static_cast<std::int64_t>(items_.size()) >= max_items_; }
    std::int64_t pages() const { return pages_; }

    // {"data": [...], "pages": n, "truncated": bool[, "totalCount": n]} — truncated when items or pages were
    // left out (the cap cut a page, or pages remained); totalCount as the first page reported it, if it did.
    std::string result_body(bool pages_remained) const;

private:
    std::int64_t max_items_;
    boost::json::array items_;
    std::int64_t pages_ = 0;
    bool cut_ = false;
    std::optional<std::int64_t> total_count_;
};

}  // namespace tether::call
