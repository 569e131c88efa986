// The scripted transport: answers in script order, records and decodes every request, and reports script
// failures by method and path only.
#include "tests/support/scripted_transport.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <sstream>
#include <stdexcept>

#include "plugin/auth/authorization.hpp"
#include "plugin/http/http_date.hpp"

namespace tether_test {

namespace {

// Header names compare case-insensitively: both sides are folded to lower case.
std::string lower_case(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// "a=1&b=x%20y" → {{"a","1"},{"b","x y"}}; a name without '=' has the value "".
std::vector<std::pair<std::string, std::string>> decode_pairs(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> pairs;
    while (!text.empty()) {
        const auto amp = text.find('&');
        const std::string_view pair = text.substr(0, amp);
        text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        pairs.emplace_back(
            tether::auth::percent_decode(pair.substr(0, eq)),
            eq == std::string_view::npos ? std::string() : tether::auth::percent_decode(pair.substr(eq + 1)));
    }
    return pairs;
}

const std::string* find_pair(const std::vector<std::pair<std::string, std::string>>& pairs, std::string_view name) {
    for (const auto& [key, value] : pairs)
        if (key == name) return &value;
    return nullptr;
}

std::string describe_expectation(const std::string& method, const std::string& path) {
    return method.empty() ? std::string("any request") : method + " " + path;
}

}  // namespace

// ---- recorded requests ------------------------------------------------------------------------------------

recorded_request record_request(const tether::http::request& req) {
    recorded_request r;
    r.method = req.method;
    r.url = req.url;
    r.headers = req.headers;
    for (const auto& h : req.headers) r.headers_by_lower_name.emplace_back(lower_case(h.name), h.value);
    r.body = req.body;
    r.connect_timeout_ms = req.connect_timeout_ms;
    r.total_timeout_ms = req.total_timeout_ms;

    std::string_view rest = req.url;
    if (const auto scheme = rest.find("://"); scheme != std::string_view::npos) rest.remove_prefix(scheme + 3);
    const auto slash = rest.find('/');
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (const auto fragment = rest.find('#'); fragment != std::string_view::npos) rest = rest.substr(0, fragment);
    const auto question = rest.find('?');
    r.path = std::string(rest.substr(0, question));
    if (r.path.empty()) r.path = "/";
    if (question != std::string_view::npos) r.query_params = decode_pairs(rest.substr(question + 1));

    if (lower_case(r.header("Content-Type")).starts_with("application/x-www-form-urlencoded"))
        r.form_fields = decode_pairs(req.body);
    return r;
}

std::string recorded_request::header(std::string_view name) const {
    const auto* value = find_pair(headers_by_lower_name, lower_case(name));
    return value != nullptr ? *value : std::string();
}

bool recorded_request::has_header(std::string_view name) const {
    return find_pair(headers_by_lower_name, lower_case(name)) != nullptr;
}

std::string recorded_request::bearer() const {
    const std::string authorization = header("Authorization");
    constexpr std::string_view scheme = "Bearer ";  // as the engine writes it
    return authorization.starts_with(scheme) ? authorization.substr(scheme.size()) : std::string();
}

std::string recorded_request::form(std::string_view field) const {
    const auto* value = find_pair(form_fields, field);
    return value != nullptr ? *value : std::string();
}

bool recorded_request::has_form(std::string_view field) const {
    return find_pair(form_fields, field) != nullptr;
}

std::string recorded_request::query(std::string_view name) const {
    const auto* value = find_pair(query_params, name);
    return value != nullptr ? *value : std::string();
}

bool recorded_request::has_query(std::string_view name) const {
    return find_pair(query_params, name) != nullptr;
}

std::string recorded_request::describe() const {
    return method + " " + path;
}

// ---- gate -------------------------------------------------------------------------------------------------

void gate::wait_until_arrived() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return arrived_; });
}

void gate::open() {
    {
        std::lock_guard lock(mutex_);
        open_ = true;
    }
    changed_.notify_all();
}

bool gate::arrived() const {
    std::lock_guard lock(mutex_);
    return arrived_;
}

void gate::arrive_and_wait() {
    std::unique_lock lock(mutex_);
    arrived_ = true;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
}

// ---- the script -------------------------------------------------------------------------------------------

script_step& script_step::expect(std::string method, std::string path) {
    std::lock_guard lock(owner_.mutex_);
    expected_method_ = std::move(method);
    expected_path_ = std::move(path);
    return *this;
}

gate& script_step::hold() {
    std::lock_guard lock(owner_.mutex_);
    if (!gate_) gate_ = std::make_shared<gate>();
    return *gate_;
}

script_step& scripted_transport::append(tether::http::response answer) {
    std::lock_guard lock(mutex_);
    return steps_.emplace_back(script_step(*this, std::move(answer)));
}

script_step& scripted_transport::respond(int status, std::string body, std::vector<tether::http::header> headers) {
    tether::http::response answer;
    answer.status = status;
    answer.body = std::move(body);
    answer.headers = std::move(headers);
    // The provider's answers are JSON: say so, as a server does, unless the step names its own type.
    if (!answer.body.empty() && answer.find_header("Content-Type") == nullptr)
        answer.headers.push_back({"Content-Type", "application/json"});
    return append(std::move(answer));
}

script_step& scripted_transport::respond(canned_answer answer) {
    return respond(answer.status, std::move(answer.body), std::move(answer.headers));
}

script_step& scripted_transport::fail(tether::http::transport_error error) {
    tether::http::response answer;
    answer.error = error;
    answer.error_text = std::string(tether::http::to_string(error));
    return append(std::move(answer));
}

tether::http::response scripted_transport::send(const tether::http::request& req) {
    recorded_request seen = record_request(req);
    std::shared_ptr<gate> held;
    tether::http::response answer;
    {
        std::lock_guard lock(mutex_);
        const std::size_t number = received_.size() + 1;
        const std::string what = seen.describe();
        received_.push_back(std::move(seen));
        if (next_ >= steps_.size()) {
            ++unexpected_;
            problems_.push_back("request " + std::to_string(number) + " (" + what + ") arrived after the script's " +
                                std::to_string(steps_.size()) + " step(s) were used up");
            tether::http::response exhausted;
            exhausted.error = tether::http::transport_error::other;
            exhausted.error_text = "script exhausted";
            return exhausted;
        }
        const script_step& step = steps_[next_++];
        if (!step.expected_method_.empty() && what != describe_expectation(step.expected_method_, step.expected_path_))
            problems_.push_back("request " + std::to_string(number) + " (" + what + ") reached step " +
                                std::to_string(next_) + ", which expects " +
                                describe_expectation(step.expected_method_, step.expected_path_));
        answer = step.answer_;
        held = step.gate_;
    }
    if (held) held->arrive_and_wait();
    return answer;
}

bool scripted_transport::done() const {
    std::lock_guard lock(mutex_);
    return next_ == steps_.size() && problems_.empty();
}

std::vector<std::string> scripted_transport::problems() const {
    std::lock_guard lock(mutex_);
    return problems_;
}

int scripted_transport::unexpected() const {
    std::lock_guard lock(mutex_);
    return unexpected_;
}

std::string scripted_transport::summary() const {
    std::lock_guard lock(mutex_);
    std::ostringstream out;
    out << "requests received (" << received_.size() << "):";
    for (std::size_t i = 0; i < received_.size(); ++i) out << "\n  " << i + 1 << ". " << received_[i].describe();
    if (!problems_.empty()) {
        out << "\nscript failures:";
        for (const auto& p : problems_) out << "\n  - " << p;
    }
    if (next_ < steps_.size()) {
        out << "\nsteps never reached:";
        for (std::size_t i = next_; i < steps_.size(); ++i) {
            const auto& step = steps_[i];
            out << "\n  - step " << i + 1 << ": ";
            if (step.answer_.ok())
                out << "answers " << step.answer_.status;
            else
                out << "fails with " << tether::http::to_string(step.answer_.error);
            out << ", expects " << describe_expectation(step.expected_method_, step.expected_path_);
        }
    }
    return out.str();
}

std::vector<recorded_request> scripted_transport::requests() const {
    std::lock_guard lock(mutex_);
    return received_;
}

recorded_request scripted_transport::request(std::size_t index) const {
    std::lock_guard lock(mutex_);
    if (index >= received_.size())
        throw std::out_of_range("request " + std::to_string(index + 1) + " was never made (" +
                                std::to_string(received_.size()) + " received)");
    return received_[index];
}

std::size_t scripted_transport::count() const {
    std::lock_guard lock(mutex_);
    return received_.size();
}

std::vector<std::string> scripted_transport::sequence() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    out.reserve(received_.size());
    for (const auto& r : received_) out.push_back(r.describe());
    return out;
}

// ---- Smartsheet-shaped answers ----------------------------------------------------------------------------

canned_answer smartsheet_error(int status, int code, std::string_view message, std::string_view oauth_error) {
    boost::json::object body;
    body["errorCode"] = code;
    body["message"] = message;
    body["refId"] = "scripted-" + std::to_string(code);
    if (!oauth_error.empty()) body["error"] = oauth_error;
    return {status, boost::json::serialize(body), {{"Content-Type", "application/json"}}};
}

std::string token_grant(std::string_view access, std::string_view refresh, std::int64_t expires_in_s) {
    boost::json::object body;
    body["access_token"] = access;
    body["token_type"] = "bearer";
    body["refresh_token"] = refresh;
    body["expires_in"] = expires_in_s;
    return boost::json::serialize(body);
}

tether::http::header date_header(std::int64_t epoch_ms) {
    return {"Date", tether::http::format_http_date(epoch_ms)};
}

}  // namespace tether_test
