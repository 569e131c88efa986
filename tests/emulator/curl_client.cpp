// The emulator tests' libcurl client: one easy handle per request, no redirects followed, no reuse.
#include "tests/emulator/curl_client.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <stdexcept>

namespace tether::emulator::testing {

namespace {
std::string lowercase(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::size_t collect_body(char* data, std::size_t size, std::size_t count, void* target) {
    static_cast<std::string*>(target)->append(data, size * count);
    return size * count;
}

std::size_t collect_header(char* data, std::size_t size, std::size_t count, void* target) {
    std::string_view line(data, size * count);
    if (auto colon = line.find(':'); colon != std::string_view::npos) {
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ')) value.remove_prefix(1);
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.remove_suffix(1);
        static_cast<http_response*>(target)->headers.emplace_back(lowercase(line.substr(0, colon)), value);
    }
    return size * count;
}

struct curl_handle_deleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct curl_list_deleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
}  // namespace

std::string http_response::header(std::string_view name) const {
    const std::string wanted = lowercase(name);
    for (const auto& [key, value] : headers)
        if (key == wanted) return value;
    return "";
}

boost::json::value http_response::json() const {
    return boost::json::parse(body);
}

std::int64_t http_response::error_code() const {
    boost::system::error_code ec;
    const boost::json::value parsed = boost::json::parse(body, ec);
    if (ec || !parsed.is_object() || !parsed.as_object().contains("errorCode")) return 0;
    return parsed.at("errorCode").to_number<std::int64_t>();
}

http_response perform(const http_request& request) {
    std::unique_ptr<CURL, curl_handle_deleter> handle(curl_easy_init());
    if (!handle) throw std::runtime_error("curl_easy_init failed");
    CURL* curl = handle.get();
    http_response response;
    std::unique_ptr<curl_slist, curl_list_deleter> headers;
    auto add_header = [&](const std::string& line) {
        headers.reset(curl_slist_append(headers.release(), line.c_str()));
    };
    if (!request.bearer.empty()) add_header("Authorization: Bearer " + request.bearer);
    if (!request.content_type.empty()) add_header("Content-Type: " + request.content_type);
    add_header("Expect:");  // no 100-continue round trip

    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    if (request.decode) curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT" || request.method == "PATCH") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, request.timeout_ms);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);

    response.transport = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

http_response get(const std::string& url, const std::string& bearer) {
    return perform({.method = "GET", .url = url, .bearer = bearer});
}

http_response post_form(const std::string& url, const std::string& form) {
    return perform({.method = "POST", .url = url, .body = form, .content_type = "application/x-www-form-urlencoded"});
}

http_response send_json(const std::string& method, const std::string& url, const boost::json::value& body,
                        const std::string& bearer) {
    return perform({.method = method,
                    .url = url,
                    .body = boost::json::serialize(body),
                    .content_type = "application/json",
                    .bearer = bearer});
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [name, value] : fields) {
        char* escaped = curl_easy_escape(nullptr, value.c_str(), static_cast<int>(value.size()));
        if (!out.empty()) out += '&';
        out += name + "=" + escaped;
        curl_free(escaped);
    }
    return out;
}

std::string query_param(const std::string& url, std::string_view name) {
    const auto question = url.find('?');
    if (question == std::string::npos) return "";
    std::string_view query = std::string_view(url).substr(question + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == name && eq != std::string_view::npos) {
            const std::string raw(pair.substr(eq + 1));
            int length = 0;
            char* decoded = curl_easy_unescape(nullptr, raw.c_str(), static_cast<int>(raw.size()), &length);
            std::string value(decoded, static_cast<std::size_t>(length));
            curl_free(decoded);
            return value;
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return "";
}

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
    std::string out;
    static constexpr char hex[] = "0123456789abcdef";
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0x0f];
    }
    return out;
}

}  // namespace tether::emulator::testing
