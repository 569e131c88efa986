// A pooled easy handle: options set once, the header list kept while its lines do not change.
#include "plugin/http/curl_handle.hpp"

#include <algorithm>
#include <cstring>
#include <new>

#include "plugin/http/response_sink.hpp"
#include "plugin/http/user_agent.hpp"

namespace tether::http {

namespace {

// Fills `line` with "name: value", keeping its buffer (wiped after the previous request was prepared).
void set_line(wiped_string& line, std::string_view name, std::string_view value) {
    line.clear();
    line.append(name).append(": ").append(value);
}

}  // namespace

curl_handle::curl_handle(CURLSH* share) : easy_(curl_easy_init()), share_(share) {
    if (easy_ == nullptr) throw std::bad_alloc();
    set_constant_options();
}

curl_handle::~curl_handle() {
    drop_header_list();
    curl_easy_cleanup(easy_);
}

void curl_handle::set_constant_options() {
    curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
    // Never follow a redirect: the bearer (or the client credentials) would go to wherever it points.
    curl_easy_setopt(easy_, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(easy_, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy_, CURLOPT_SHARE, share_);
    curl_easy_setopt(easy_, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &response_sink::on_body);
    curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &response_sink::on_header);
}

void curl_handle::reset() {
    curl_easy_reset(easy_);  // keeps the handle's connections and caches
    drop_header_list();
    set_constant_options();
}

void curl_handle::drop_header_list() noexcept {
    for (curl_slist* line = header_list_; line != nullptr; line = line->next) wipe(line->data, std::strlen(line->data));
    curl_slist_free_all(header_list_);
    header_list_ = nullptr;
    lines_.clear();
}

void curl_handle::prepare(const request& req, std::string_view user_agent) {
    std::size_t count = 0;
    auto add = [&](std::string_view name, std::string_view value) {
        if (count == next_.size()) next_.emplace_back();
        set_line(next_[count++], name, value);
    };
    for (const auto& h : req.headers)
        if (user_agent.empty() || !is_user_agent(h)) add(h.name, h.value);
    if (!user_agent.empty()) add("User-Agent", user_agent);
    const bool same = header_list_ != nullptr && count == lines_.size() &&
                      std::equal(lines_.begin(), lines_.end(), next_.begin());
    if (!same) {
        drop_header_list();
        for (std::size_t i = 0; i < count; ++i) {
            curl_slist* grown = curl_slist_append(header_list_, next_[i].c_str());
            if (grown == nullptr) {
                drop_header_list();
                throw std::bad_alloc();
            }
            header_list_ = grown;
            lines_.push_back(next_[i]);
        }
        curl_slist* grown = curl_slist_append(header_list_, "Expect:");
        if (grown == nullptr) {
            drop_header_list();
            throw std::bad_alloc();
        }
        header_list_ = grown;
        curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, header_list_);
    }
    for (std::size_t i = 0; i < count; ++i) wipe(next_[i].data(), next_[i].capacity());

    curl_easy_setopt(easy_, CURLOPT_URL, req.url.c_str());
    // libcurl reads 0 as "no timeout": a request never waits forever, so 0 or less means the default.
    static const request defaults;
    const auto total_ms = req.total_timeout_ms > 0 ? req.total_timeout_ms : defaults.total_timeout_ms;
    const auto connect_ms = req.connect_timeout_ms > 0 ? req.connect_timeout_ms : defaults.connect_timeout_ms;
    curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(connect_ms, total_ms)));
    curl_easy_setopt(easy_, CURLOPT_TIMEOUT_MS, static_cast<long>(total_ms));
    // GET first: it clears what an earlier request's POST left on the handle.
    curl_easy_setopt(easy_, CURLOPT_HTTPGET, 1L);
    if (req.method == "GET") {
        curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, static_cast<const char*>(nullptr));
    } else {
        curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, req.method.c_str());
        if (!req.body.empty() || req.method == "POST" || req.method == "PUT" || req.method == "PATCH") {
            curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, req.body.data());
            curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
        }
    }
}

}  // namespace tether::http
