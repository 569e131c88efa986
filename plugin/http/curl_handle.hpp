// One pooled libcurl easy handle, driven the way a hand-written libcurl client drives its own: the options
// that never change (protocols, TLS checks, no redirects, the share, the decoders, the callbacks) are set once
// when it is made, and a request sets only what is its own. The header list is kept between requests and
// rebuilt only when its lines change (a new bearer after a refresh, another operation's headers), and wiped
// when it is dropped: it holds the Authorization line. Internal to curl_client.cpp.
#pragma once

#include <curl/curl.h>

#include <string_view>
#include <vector>

#include "plugin/core/wipe.hpp"
#include "plugin/http/http_client.hpp"

namespace tether::http {

class curl_handle {
public:
    // Throws std::bad_alloc when libcurl cannot make a handle.
    explicit curl_handle(CURLSH* share);
    ~curl_handle();
    curl_handle(const curl_handle&) = delete;
    curl_handle& operator=(const curl_handle&) = delete;

    CURL* easy() const noexcept { return easy_; }

    // Points the handle at `req`: URL, timeouts, method and body, and the header lines — the request's own,
    // then `user_agent` as the only User-Agent when it is not empty, then "Expect:" (libcurl's 100-continue
    // only costs a round trip here). The request must outlive the transfer.
    void prepare(const request& req, std::string_view user_agent);

    // After a failed transfer: back to the state of a new handle, so that nothing of it carries over.
    void reset();

private:
    void set_constant_options();
    void drop_header_list() noexcept;

    CURL* easy_ = nullptr;
    CURLSH* share_ = nullptr;
    curl_slist* header_list_ = nullptr;
    std::vector<wiped_string> lines_;  // what header_list_ holds
    std::vector<wiped_string> next_;   // the lines of the request being prepared (capacity kept)
};

}  // namespace tether::http
