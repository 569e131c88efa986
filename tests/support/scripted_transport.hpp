// An HTTP transport for engine tests that plays a script of answers in order and records every request, so a
// test can assert exactly which requests the engine made — without a server. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugin/http/http_client.hpp"

namespace tether_test {

// A request as the transport received it, decoded for assertions. Lookups of absent items give "".
struct recorded_request {
    std::string method;
    std::string url;
    std::string path;  // the URL's path without query, e.g. "/2.0/users/me"
    std::vector<std::pair<std::string, std::string>> query_params;  // decoded, in order
    std::vector<tether::http::header> headers;
    std::string body;
    std::int64_t connect_timeout_ms = 0;  // the request's own timeouts, as the engine set them
    std::int64_t total_timeout_ms = 0;
    std::vector<std::pair<std::string, std::string>> form_fields;            // decoded, when the body is a form
    std::vector<std::pair<std::string, std::string>> headers_by_lower_name;  // for case-insensitive lookups

    std::string header(std::string_view name) const;  // case-insensitive name
    bool has_header(std::string_view name) const;
    std::string bearer() const;  // the token after "Bearer " in Authorization
    std::string form(std::string_view field) const;
    bool has_form(std::string_view field) const;
    std::string query(std::string_view name) const;
    bool has_query(std::string_view name) const;
    // "POST /2.0/token": what may be shown in a failure message (never headers, query or body: they hold
    // tokens).
    std::string describe() const;
};

// Where a held request waits until the test lets it through.
class gate {
public:
    // Blocks until a request has reached the held step (returns at once if one already has).
    void wait_until_arrived();
    // Lets the waiting request (and any later one reaching this step) go on with its answer.
    void open();
    bool arrived() const;

private:
    friend class scripted_transport;
    void arrive_and_wait();

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    bool arrived_ = false;
    bool open_ = false;
};

class scripted_transport;

// A response to put in a script: a status, a body and headers.
struct canned_answer {
    int status = 200;
    std::string body;
    std::vector<tether::http::header> headers;
};

// One answer of the script. Describe it fully before a request can reach it.
class script_step {
public:
    // The request this step answers must have this method and URL path; a mismatch is recorded as a script
    // failure (the step still answers).
    script_step& expect(std::string method, std::string path);
    // The request that reaches this step waits at the returned gate until the test opens it. Open every gate
    // before the transport goes away: a request still waiting there would outlive it.
    gate& hold();

private:
    friend class scripted_transport;
    script_step(scripted_transport& owner, tether::http::response answer) : owner_(owner), answer_(std::move(answer)) {}

    scripted_transport& owner_;
    tether::http::response answer_;
    std::string expected_method_;
    std::string expected_path_;
    std::shared_ptr<gate> gate_;
};

class scripted_transport final : public tether::http::client {
public:
    scripted_transport() = default;
    scripted_transport(const scripted_transport&) = delete;
    scripted_transport& operator=(const scripted_transport&) = delete;

    // Appends an answer to the script. A body comes with "Content-Type: application/json" unless `headers` name
    // a Content-Type of their own.
    script_step& respond(int status, std::string body = "", std::vector<tether::http::header> headers = {});
    script_step& respond(canned_answer answer);
    // Appends a transport failure (e.g. timeout or connection_reset: the request may have been received).
    script_step& fail(tether::http::transport_error error);

    tether::http::response send(const tether::http::request& req) override;

    // Every step was consumed and nothing went wrong (no mismatch, no request past the end of the script).
    bool done() const;
    // The script failures so far, naming requests by method and path only.
    std::vector<std::string> problems() const;
    // For a failing test's message: the requests received, the problems and the steps never reached.
    std::string summary() const;
    int unexpected() const;  // requests that arrived after the script was exhausted

    std::vector<recorded_request> requests() const;
    recorded_request request(std::size_t index) const;  // throws std::out_of_range
    std::size_t count() const;
    // "GET /2.0/users/me" for each request received, in order.
    std::vector<std::string> sequence() const;

private:
    friend class script_step;
    script_step& append(tether::http::response answer);

    mutable std::mutex mutex_;
    std::deque<script_step> steps_;  // a deque: references handed out stay valid as the script grows
    std::size_t next_ = 0;
    std::vector<recorded_request> received_;
    std::vector<std::string> problems_;
    int unexpected_ = 0;
};

// Decodes what the transport received: method, URL (path, decoded query), headers and, for a form body,
// its decoded fields.
recorded_request record_request(const tether::http::request& req);

// Smartsheet-shaped bodies and headers for scripts.
// An API or token endpoint error: {"errorCode":code,"message":message,"refId":…}, plus "error" (the OAuth
// error, e.g. "invalid_grant") when given.
canned_answer smartsheet_error(int status, int code, std::string_view message, std::string_view oauth_error = "");
// A token response: {"access_token":…,"token_type":"bearer","refresh_token":…,"expires_in":…}.
std::string token_grant(std::string_view access, std::string_view refresh, std::int64_t expires_in_s);
// The Date header of a response sent at `epoch_ms` (whole seconds, as HTTP dates are).
tether::http::header date_header(std::int64_t epoch_ms);

}  // namespace tether_test
