// Printing results: one JSON object on stdout, advice on stderr, indentation only for a terminal.
#include "cli/output.hpp"

#include <unistd.h>

#include <boost/json.hpp>
#include <iostream>

#include "cli/exit_codes.hpp"

namespace tether_cli {

namespace {

void indent_value(const boost::json::value& v, std::string& out, int depth) {
    const std::string pad(static_cast<std::size_t>(depth + 1) * 2, ' ');
    const std::string close_pad(static_cast<std::size_t>(depth) * 2, ' ');
    if (v.is_object() && !v.as_object().empty()) {
        out += "{\n";
        bool first = true;
        for (const auto& [key, member] : v.as_object()) {
            out += (first ? "" : ",\n") + pad + boost::json::serialize(boost::json::string(key)) + ": ";
            indent_value(member, out, depth + 1);
            first = false;
        }
        out += "\n" + close_pad + "}";
    } else if (v.is_array() && !v.as_array().empty()) {
        out += "[\n";
        bool first = true;
        for (const auto& element : v.as_array()) {
            out += (first ? "" : ",\n") + pad;
            indent_value(element, out, depth + 1);
            first = false;
        }
        out += "\n" + close_pad + "]";
    } else {
        out += boost::json::serialize(v);
    }
}

std::string about(std::string_view kind, std::string_view id) {
    if (kind.empty()) return "it";
    return std::string(kind) + (id.empty() ? "" : " " + std::string(id));
}

}  // namespace

int usage_error(const std::string& message, std::string_view command) {
    std::cerr << "tether: " << message << "\n(try tether " << command << (command.empty() ? "" : " ") << "--help)\n";
    return exit_usage;
}

std::string indented_json(std::string_view json) {
    boost::system::error_code ec;
    const auto parsed = boost::json::parse(json, ec);
    if (ec) return std::string(json);
    std::string out;
    indent_value(parsed, out, 0);
    return out;
}

void print_json(std::string_view json, json_layout layout) {
    if (layout == json_layout::indented_on_terminal && ::isatty(STDOUT_FILENO) == 1)
        std::cout << indented_json(json) << std::endl;
    else
        std::cout << json << std::endl;
}

std::string advice_for(tether::sdk::status outcome, std::string_view reason, std::string_view resource_kind,
                       std::string_view resource_id, std::string_view since) {
    const std::string found = since.empty() ? "" : "; tether found out on " + std::string(since);
    using status = tether::sdk::status;
    switch (outcome) {
        case status::ok:
            return "";
        case status::reconnect_required:
            if (reason == "revoked")
                return "the grant was revoked at the provider (by the user, an admin or `tether revoke`" + found +
                       "): run `tether authorize-url` to reconnect";
            if (reason == "not_authorized") return "this connection was never authorized: run `tether authorize-url`";
            if (reason == "state_mismatch")
                return "the redirect does not belong to an authorization this connection began: run "
                       "`tether authorize-url` again and complete with its redirect";
            if (reason == "origin_changed")
                return "the grant was issued for another API origin (base_url or region changed): set the old "
                       "one back, or run `tether authorize-url` to connect to the new one";
            return "a person must authorize this connection again (" + std::string(reason) + found +
                   "): run `tether authorize-url` to reconnect";
        case status::transient:
            return "a temporary failure at the provider or on the network: try again later";
        case status::forbidden:
            return "the connected user may not access " + about(resource_kind, resource_id) +
                   ": share it with them or grant the scope; reconnecting will not help";
        case status::bad_request:
            return "the provider refused the request as malformed: check the operation and its --param/--body";
        case status::not_found:
            return about(resource_kind, resource_id) + " does not exist or is not visible to the connected user";
        case status::config_error:
            return "check the settings (`tether settings`) and the manifest (`tether validate`)";
        case status::conflict:
        case status::storage_error:
            return "check the store (--store, default ~/.local/share/tether/tether.db): its file and its records";
        case status::host_error:
        case status::internal:
            return "this is a bug or a broken environment: run again with --log-level debug";
    }
    return "";
}

int report(const tether::sdk::result& r, json_layout layout, std::string_view since) {
    print_json(r.json(), layout);
    if (!r.ok()) {
        std::cerr << "tether: " << tether_status_str(static_cast<tether_status>(r.code()))
                  << (r.reason().empty() ? "" : " (" + std::string(r.reason()) + ")")
                  << (r.message().empty() ? "" : ": " + std::string(r.message()))
                  << "\n  what to do: " << advice_for(r.code(), r.reason(), r.resource_kind(), r.resource_id(), since)
                  << '\n';
        boost::system::error_code ec;
        const auto parsed = boost::json::parse(r.json(), ec);
        if (const auto* o = ec ? nullptr : parsed.if_object())
            if (const auto* line = o->if_contains("reproduce"); line && line->is_string())
                std::cerr << "  reproduce it where the platform runs, with TETHER_ACCESS_TOKEN set to the "
                             "connection's access token:\n    "
                          << line->get_string().c_str() << '\n';
    }
    return exit_code_for(static_cast<tether_status>(r.code()));
}

}  // namespace tether_cli
