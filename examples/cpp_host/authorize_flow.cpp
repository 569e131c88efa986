// authorize_flow.cpp — drives tether's two authorize verbs around a libcurl GET of the provider's page.
#include "authorize_flow.hpp"

#include <curl/curl.h>

#include <iostream>
#include <memory>
#include <string_view>

namespace example {
namespace {

// The "authorize_url" string of tether's begin body. A real host uses its JSON library; the body is flat
// and URLs carry no escapes other than \/ and \u0026.
std::string authorize_url_of(std::string_view body) {
    const std::string key = "\"authorize_url\":\"";
    const auto start = body.find(key);
    if (start == std::string_view::npos) return {};
    std::string url;
    for (auto i = start + key.size(); i < body.size() && body[i] != '"'; ++i) {
        if (body[i] == '\\' && i + 1 < body.size()) {
            ++i;
            if (body[i] == 'u' && i + 4 < body.size()) {
                url += static_cast<char>(std::stoi(std::string(body.substr(i + 1, 4)), nullptr, 16));
                i += 4;
                continue;
            }
        }
        url += body[i];
    }
    return url;
}

// GET without following redirects: the Location is the callback URL the provider sends the user to.
std::string fetch_redirect(const std::string& url, std::string& error) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) {
        error = "curl_easy_init failed";
        return {};
    }
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(
        curl.get(), CURLOPT_WRITEFUNCTION,
        +[](char*, std::size_t size, std::size_t n, void*) -> std::size_t { return size * n; });
    if (const CURLcode rc = curl_easy_perform(curl.get()); rc != CURLE_OK) {
        error = std::string("GET authorize URL: ") + curl_easy_strerror(rc);
        return {};
    }
    char* location = nullptr;
    curl_easy_getinfo(curl.get(), CURLINFO_REDIRECT_URL, &location);
    if (location == nullptr) {
        error = "the authorize page did not redirect";
        return {};
    }
    return location;
}

}  // namespace

std::string redact_query(const std::string& url) {
    std::string out;
    bool in_query = false, in_value = false;
    std::size_t kept = 0;
    for (const char c : url) {
        if (c == '?') in_query = true;
        if (c == '&') in_value = false;
        if (in_value && ++kept > 4) {
            if (kept == 5) out += "...";
            continue;
        }
        if (c == '=' && in_query) {
            in_value = true;
            kept = 0;
        }
        out += c;
    }
    return out;
}

tether::sdk::result authorize(tether::sdk::connection& connection, std::string& error) {
    tether::sdk::result begun = connection.authorize_begin();
    if (!begun) return begun;
    const std::string url = authorize_url_of(begun.body());
    if (url.empty()) {
        error = "no authorize_url in the begin result";
        return begun;
    }
    const std::string callback = fetch_redirect(url, error);
    if (callback.empty()) return begun;
    std::cout << "authorize: the provider redirected to " << redact_query(callback) << "\n";
    return connection.authorize_complete_url(callback);
}

}  // namespace example
