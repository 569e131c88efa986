// The baseline: raw libcurl, one easy handle per thread set up once and reused for every call (its keep-alive
// connection with it), sending the request tether sends — the same URL, Authorization, Accept and User-Agent
// headers, and the Accept-Encoding that tether's CURLOPT_ACCEPT_ENCODING "" adds. The body is collected into
// a string that keeps its capacity. Prints one JSON line (call_timing.hpp).
#include <curl/curl.h>

#include <cstdio>
#include <memory>
#include <string>

#include "call_timing.hpp"
#include "options.hpp"

namespace {

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

struct easy_call {
    CURL* easy = curl_easy_init();
    curl_slist* headers = nullptr;
    std::string body;

    easy_call(const std::string& url, const std::string& token, const std::string& user_agent) {
        headers = curl_slist_append(headers, "Accept: application/json");
        headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
        headers = curl_slist_append(headers, ("User-Agent: " + user_agent).c_str());
        curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &collect);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &body);
    }
    easy_call(const easy_call&) = delete;
    easy_call& operator=(const easy_call&) = delete;
    ~easy_call() {
        curl_easy_cleanup(easy);
        curl_slist_free_all(headers);
    }

    bool operator()() {
        body.clear();
        if (curl_easy_perform(easy) != CURLE_OK) return false;
        long status = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        return status == 200 && !body.empty();
    }
};

}  // namespace

int main(int argc, char** argv) {
    const bench::options opts(argc, argv,
                              {{"url", ""},
                               {"token", ""},
                               {"user-agent", ""},
                               {"calls", "10000"},
                               {"threads", "1"},
                               {"warmup", "50"}});
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const auto figures = bench::run_calls(
        static_cast<int>(opts.number("threads")), opts.number("calls"), opts.number("warmup"), [&](int) {
            auto call = std::make_shared<easy_call>(opts.text("url"), opts.text("token"), opts.text("user-agent"));
            return bench::worker([call] { return (*call)(); });
        });
    bench::print_figures("curl", "handle_per_thread", figures);
    curl_global_cleanup();
    return figures.failures == 0 ? 0 : 1;
}
