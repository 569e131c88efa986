// What a host asks of `call`: an operation, its parameters, an optional body, and paging wishes.
#pragma once

#include <cstdint>
#include <string>

namespace tether {

struct call_request {
    std::string operation;
    std::string params_json;  // a JSON object, or empty for none
    std::string body;
    bool has_body = false;
    bool all_pages = false;
    std::int64_t max_items = 0;  // with all_pages: 0 = no cap
};

}  // namespace tether
