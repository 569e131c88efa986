// What a hook sees of its request or response, and the changes it may make: headers (never Authorization or
// those tether sets itself), query parameters and the body of a request; the body of a response.
#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <cctype>

#include "plugin/call/call_context.hpp"
#include "plugin/call/request_guard.hpp"
#include "plugin/extension/api_functions.hpp"
#include "plugin/manifest/request_binding.hpp"

namespace tether::extension {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// Headers tether sets itself; Authorization above all never passes through an extension.
constexpr std::array<std::string_view, 4> reserved_headers{"Authorization", "Host", "Content-Length", "Content-Type"};

bool is_header_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
}

bool is_json(std::string_view text) {
    boost::json::error_code ec;
    (void)boost::json::parse(text, ec);
    return !ec;
}

bool in_hook(const context_state& s) {
    return s.kind != context_kind::code_operation;
}

}  // namespace

tether_status api_request_method(tether_extension_context* ctx, const char** method) {
    return with_context(ctx, [&](context_state& s) {
        if (method == nullptr || !in_hook(s)) return TETHER_HOST_ERROR;
        *method = s.keep(s.sent->method);
        return TETHER_OK;
    });
}

tether_status api_request_target(tether_extension_context* ctx, const char** target) {
    return with_context(ctx, [&](context_state& s) {
        if (target == nullptr || !in_hook(s)) return TETHER_HOST_ERROR;
        std::string_view url = s.sent->url;
        const std::string& base = s.call->settings.api_base;
        if (url.substr(0, base.size()) == base) url.remove_prefix(base.size());
        *target = s.keep(std::string(url));
        return TETHER_OK;
    });
}

tether_status api_header(tether_extension_context* ctx, const char* name, const char** value) {
    return with_context(ctx, [&](context_state& s) {
        if (name == nullptr || value == nullptr || !in_hook(s)) return TETHER_HOST_ERROR;
        if (s.kind == context_kind::response_hook) {
            const std::string* found = s.response->find_header(name);
            if (found == nullptr) return TETHER_NOT_FOUND;
            *value = s.keep(*found);
            return TETHER_OK;
        }
        if (iequals(name, "Authorization")) return TETHER_NOT_FOUND;  // never there when hooks run; never shown
        for (const auto& h : s.request->headers)
            if (iequals(h.name, name)) {
                *value = s.keep(h.value);
                return TETHER_OK;
            }
        return TETHER_NOT_FOUND;
    });
}

tether_status api_set_header(tether_extension_context* ctx, const char* name, const char* value) {
    return with_context(ctx, [&](context_state& s) {
        if (name == nullptr || s.kind != context_kind::request_hook) return TETHER_HOST_ERROR;
        if (!is_header_name(name) || (value != nullptr && call::has_line_break_or_nul(value)))
            return TETHER_BAD_REQUEST;
        for (auto reserved : reserved_headers)
            if (iequals(reserved, name)) return TETHER_FORBIDDEN;
        auto& headers = s.request->headers;
        std::erase_if(headers, [&](const http::header& h) { return iequals(h.name, name); });
        if (value != nullptr) headers.push_back({name, std::string(value)});
        return TETHER_OK;
    });
}

tether_status api_set_query(tether_extension_context* ctx, const char* name, const char* value) {
    return with_context(ctx, [&](context_state& s) {
        if (name == nullptr || s.kind != context_kind::request_hook) return TETHER_HOST_ERROR;
        if (*name == '\0' || call::has_line_break_or_nul(name) ||
            (value != nullptr && call::has_line_break_or_nul(value)))
            return TETHER_BAD_REQUEST;
        std::string& url = s.request->url;
        const std::size_t q = url.find('?');
        const std::string encoded_name = manifest::percent_encode(name);
        std::string kept_query;
        if (q != std::string::npos) {
            std::string_view rest = std::string_view(url).substr(q + 1);
            while (!rest.empty()) {
                const std::size_t amp = rest.find('&');
                const std::string_view pair = rest.substr(0, amp);
                if (pair.substr(0, pair.find('=')) != encoded_name)
                    kept_query += (kept_query.empty() ? "" : "&") + std::string(pair);
                rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
            }
            url.resize(q);
        }
        if (value != nullptr)
            kept_query += (kept_query.empty() ? "" : "&") + encoded_name + "=" + manifest::percent_encode(value, ",");
        if (!kept_query.empty()) url += "?" + kept_query;
        return TETHER_OK;
    });
}

tether_status api_set_body(tether_extension_context* ctx, const char* data, std::size_t size) {
    return with_context(ctx, [&](context_state& s) {
        if (data == nullptr || !in_hook(s)) return TETHER_HOST_ERROR;
        const std::string_view text = text_of(data, size);
        if (!is_json(text)) return TETHER_BAD_REQUEST;
        if (s.kind == context_kind::response_hook) {
            s.response->body = std::string(text);
            return TETHER_OK;
        }
        if (s.request->method == "GET") return TETHER_BAD_REQUEST;  // a GET carries no body
        s.request->body = std::string(text);
        auto& headers = s.request->headers;
        const bool typed = std::any_of(headers.begin(), headers.end(),
                                       [](const http::header& h) { return iequals(h.name, "Content-Type"); });
        if (!typed) headers.push_back({"Content-Type", "application/json"});
        return TETHER_OK;
    });
}

tether_status api_response_status(tether_extension_context* ctx, int* http_status) {
    return with_context(ctx, [&](context_state& s) {
        if (http_status == nullptr || s.kind != context_kind::response_hook) return TETHER_HOST_ERROR;
        *http_status = s.response->status;
        return TETHER_OK;
    });
}

}  // namespace tether::extension
