// The transport seen in the host's log: every request tether sends, with its method, its URL without the
// query, what came back and how long it took, at debug level. Wraps any http::client.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "plugin/host/host_services.hpp"
#include "plugin/http/http_client.hpp"

namespace tether::http {

// `host` must outlive the returned client.
std::unique_ptr<client> with_request_log(std::unique_ptr<client> inner, host_services& host);

// The URL as it may be logged: scheme, host and path; a query (which may name anything) shows as "?…". Pure.
std::string loggable_url(std::string_view url);

}  // namespace tether::http
