// The real transport over libcurl: pooled easy handles set up once (curl_handle.hpp), each keeping its own
// keep-alive connections and going back to the thread that used it last, and one share object for DNS and TLS
// sessions; redirects are never followed, and an answer is collected within the request's caps
// (response_sink.hpp).
#include "plugin/http/curl_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "plugin/core/ascii.hpp"
#include "plugin/http/curl_handle.hpp"
#include "plugin/http/response_sink.hpp"

namespace tether::http {

std::string_view to_string(transport_error e) noexcept {
    switch (e) {
        case transport_error::none:
            return "none";
        case transport_error::connect_failed:
            return "connect_failed";
        case transport_error::connect_timeout:
            return "connect_timeout";
        case transport_error::timeout:
            return "timeout";
        case transport_error::connection_reset:
            return "connection_reset";
        case transport_error::bad_response:
            return "bad_response";
        case transport_error::tls:
            return "tls";
        case transport_error::refused_url:
            return "refused_url";
        case transport_error::refused_header:
            return "refused_header";
        case transport_error::response_too_large:
            return "response_too_large";
        case transport_error::response_headers_too_large:
            return "response_headers_too_large";
        case transport_error::other:
            return "other";
    }
    return "other";
}

const std::string* response::find_header(std::string_view name) const noexcept {
    for (const auto& h : headers)
        if (equals_ignoring_case(h.name, name)) return &h.value;
    return nullptr;
}

namespace {

struct curl_global {
    curl_global() {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
    }
};

void ensure_curl_global() {
    static curl_global once;  // thread-safe initialization; never cleaned up (other users may share libcurl)
    (void)once;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = ascii_lower(c);
    return out;
}

// 127.0.0.0/8 written as a dotted quad: "127.evil.example" is a name, not a loopback address.
bool loopback_ipv4(std::string_view h) {
    if (h.rfind("127.", 0) != 0) return false;
    int parts = 1;
    int digits = 0;
    for (const char c : h) {
        if (c == '.') {
            if (digits == 0) return false;
            ++parts;
            digits = 0;
        } else if (c >= '0' && c <= '9' && digits < 3) {
            ++digits;
        } else {
            return false;
        }
    }
    return parts == 4 && digits > 0;
}

bool loopback_host(std::string_view host) {
    const std::string h = lower(host);
    return h == "localhost" || h == "[::1]" || h == "::1" || loopback_ipv4(h);
}

// libcurl refuses a single header line longer than CURL_MAX_HTTP_HEADER (100 KiB) before our header callback
// sees it: as an allocation failure (7.x) or CURLE_TOO_LARGE (8.6 on). Either, while the headers are still
// being read, is an oversized header block.
bool own_header_limit(CURLcode code) {
#if LIBCURL_VERSION_NUM >= 0x080600
    if (code == CURLE_TOO_LARGE) return true;
#endif
    return code == CURLE_OUT_OF_MEMORY;
}

transport_error classify(CURLcode code, CURL* easy, const response_sink& sink) {
    if (sink.overflow() != transport_error::none) return sink.overflow();
    if (own_header_limit(code) && !sink.headers_complete()) return transport_error::response_headers_too_large;
    switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_COULDNT_CONNECT:
            return transport_error::connect_failed;
        case CURLE_OPERATION_TIMEDOUT: {
            curl_off_t connect_us = 0;
            curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connect_us);
            return connect_us == 0 ? transport_error::connect_timeout : transport_error::timeout;
        }
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
            return transport_error::connection_reset;
        case CURLE_WEIRD_SERVER_REPLY:
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
        case CURLE_BAD_CONTENT_ENCODING:
            return transport_error::bad_response;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
            return transport_error::tls;
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
            return transport_error::refused_url;
        default:
            return transport_error::other;
    }
}

std::string failure_text(CURLcode code, transport_error error, const response_sink& sink) {
    if (sink.overflow() != transport_error::none) return sink.overflow_text();
    if (error == transport_error::response_headers_too_large)
        return "a response header line exceeds libcurl's limit of " + std::to_string(CURL_MAX_HTTP_HEADER) +
               " bytes; aborted";
    return curl_easy_strerror(code);
}

bool headers_safe(const std::vector<header>& headers) {
    const std::string_view forbidden("\r\n\0", 3);
    return std::none_of(headers.begin(), headers.end(), [&](const header& h) {
        return h.name.find_first_of(forbidden) != std::string::npos ||
               h.value.find_first_of(forbidden) != std::string::npos || h.name.find(':') != std::string::npos;
    });
}

class curl_client final : public client {
public:
    curl_client() {
        ensure_curl_global();
        share_ = curl_share_init();
        if (share_ == nullptr) throw std::runtime_error("curl_share_init failed");
        curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &lock);
        curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &unlock);
        curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
        curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
        curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
        // Connections are not shared: each pooled handle keeps its own, as a hand-written client keeps one
        // per thread. A shared connection cache takes its lock several times per transfer, and at four
        // threads those locks were most of the futex calls (12,500 for 4,000 calls; 420 without).
    }

    ~curl_client() override {
        idle_.clear();  // the handles go before the share they use
        curl_share_cleanup(share_);
    }

    response send(const request& req) override { return perform(req, {}); }
    response send_as(const request& req, std::string_view user_agent) override { return perform(req, user_agent); }

    std::size_t handles_created() const noexcept { return handles_created_.load(std::memory_order_relaxed); }

private:
    response perform(const request& req, std::string_view user_agent) {
        response out;
        if (!url_allowed(req.url)) {
            out.error = transport_error::refused_url;
            out.error_text = "only https URLs (or http to a loopback host) are allowed";
            return out;
        }
        if (!headers_safe(req.headers)) {
            // libcurl would send the bytes as given: a line break would split the header block.
            out.error = transport_error::refused_header;
            out.error_text = "a header name or value contains CR, LF or NUL";
            return out;
        }
        std::unique_ptr<curl_handle> handle = acquire();
        CURL* easy = handle->easy();
        handle->prepare(req, user_agent);
        response_sink sink(out, req.max_header_bytes, req.max_body_bytes);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &sink);
        curl_easy_setopt(easy, CURLOPT_HEADERDATA, &sink);
        out.headers.reserve(16);

        const CURLcode code = curl_easy_perform(easy);
        if (code == CURLE_OK) {
            long status = 0;
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
            out.status = static_cast<int>(status);
        } else {
            out.error = classify(code, easy, sink);
            out.error_text = failure_text(code, out.error, sink);
            out.headers.clear();
            out.body.clear();
            handle->reset();
        }
        release(std::move(handle));
        return out;
    }

    // The idle handle this thread used last, else the newest idle one, else a new handle. A handle that stays
    // with its thread keeps its memory in that thread's malloc arena and its cache lines on that core: handed
    // from thread to thread, each transfer freed libcurl's allocations into another thread's arena under that
    // arena's lock, and four threads on one connector spent twice raw libcurl's CPU per call.
    std::unique_ptr<curl_handle> acquire() {
        const auto self = std::this_thread::get_id();
        {
            std::lock_guard lock(pool_mutex_);
            if (!idle_.empty()) {
                auto mine = std::find_if(idle_.rbegin(), idle_.rend(),
                                         [&](const idle_handle& h) { return h.last_thread == self; });
                auto chosen = mine == idle_.rend() ? std::prev(idle_.end()) : std::prev(mine.base());
                auto handle = std::move(chosen->handle);
                idle_.erase(chosen);
                return handle;
            }
        }
        auto handle = std::make_unique<curl_handle>(share_);
        handles_created_.fetch_add(1, std::memory_order_relaxed);
        return handle;
    }

    void release(std::unique_ptr<curl_handle> handle) {
        const auto self = std::this_thread::get_id();
        std::lock_guard lock(pool_mutex_);
        idle_.push_back({std::move(handle), self});
    }

    static void lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
        static_cast<curl_client*>(user)->share_locks_[static_cast<std::size_t>(data) % lock_count].lock();
    }
    static void unlock(CURL*, curl_lock_data data, void* user) {
        static_cast<curl_client*>(user)->share_locks_[static_cast<std::size_t>(data) % lock_count].unlock();
    }

    static constexpr std::size_t lock_count = 8;
    CURLSH* share_ = nullptr;
    std::mutex share_locks_[lock_count];
    std::mutex pool_mutex_;
    struct idle_handle {
        std::unique_ptr<curl_handle> handle;
        std::thread::id last_thread;
    };
    std::vector<idle_handle> idle_;
    std::atomic<std::size_t> handles_created_{0};
};

}  // namespace

bool url_allowed(std::string_view url) {
    const std::string u = lower(url.substr(0, std::min<std::size_t>(url.size(), 8)));
    if (u.rfind("https://", 0) == 0) return true;
    if (u.rfind("http://", 0) != 0) return false;
    std::string_view rest = url.substr(7);
    const auto end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, end);
    if (authority.find('@') != std::string_view::npos) return false;  // no userinfo tricks
    std::string_view host = authority;
    if (!host.empty() && host.front() == '[') {
        host = host.substr(0, host.find(']') + 1);
    } else if (const auto colon = host.find(':'); colon != std::string_view::npos) {
        host = host.substr(0, colon);
    }
    return loopback_host(host);
}

std::unique_ptr<client> make_curl_client() {
    return std::make_unique<curl_client>();
}

std::size_t curl_handles_created(const client& transport) noexcept {
    const auto* curl = dynamic_cast<const curl_client*>(&transport);
    return curl == nullptr ? 0 : curl->handles_created();
}

}  // namespace tether::http
