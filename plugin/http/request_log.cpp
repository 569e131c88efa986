// A client that logs each request it passes on: "GET https://api.example.com/2.0/users/me → 200 in 84 ms".
// Headers and bodies (tokens, codes, secrets) are never logged, nor the query.
#include "plugin/http/request_log.hpp"

#include <fmt/format.h>

namespace tether::http {

namespace {

class logged_client final : public client {
public:
    logged_client(std::unique_ptr<client> inner, host_services& host) : inner_(std::move(inner)), host_(host) {}

    response send(const request& req) override { return logged(req, [&] { return inner_->send(req); }); }
    response send_as(const request& req, std::string_view user_agent) override {
        return logged(req, [&] { return inner_->send_as(req, user_agent); });
    }

private:
    template <class Send>
    response logged(const request& req, Send send) {
        if (!host_.log_enabled(log_level::debug)) return send();
        const std::int64_t started_ms = host_.now_ms();
        response r = send();
        const std::int64_t took_ms = host_.now_ms() - started_ms;
        const std::string outcome = r.ok() ? std::to_string(r.status) : std::string(to_string(r.error));
        host_.log(log_level::debug,
                  fmt::format("{} {} \u2192 {} in {} ms", req.method, loggable_url(req.url), outcome, took_ms), "",
                  "http");
        return r;
    }

    std::unique_ptr<client> inner_;
    host_services& host_;
};

}  // namespace

std::string loggable_url(std::string_view url) {
    const auto cut = url.find_first_of("?#");
    if (cut == std::string_view::npos) return std::string(url);
    return std::string(url.substr(0, cut)) + (url[cut] == '?' ? "?\u2026" : "");
}

std::unique_ptr<client> with_request_log(std::unique_ptr<client> inner, host_services& host) {
    return std::make_unique<logged_client>(std::move(inner), host);
}

}  // namespace tether::http
