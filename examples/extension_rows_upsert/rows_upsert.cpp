// An example tether extension for Smartsheet: the code operation `rows.upsert` (find a row by the value of a
// column; update it, or add it when there is none — two API calls, one result) and the request hook
// `correlation_id` (an X-Correlation-Id header on every request of the operations that name it).
// Built as a shared library that needs no link to libtether; loaded with `tether --extension`.
#include <boost/json.hpp>
#include <string>

#include "tether/extension.hpp"

namespace {

namespace json = boost::json;
using tether::ext::context;

std::string text_of(const json::value& v) {
    if (v.is_string()) return std::string(v.as_string());
    if (v.is_null()) return "";
    return json::serialize(v);
}

// The column the caller named, by id or by title; nullptr when the sheet has none.
const json::object* find_column(const json::array& columns, const std::string& wanted) {
    for (const auto& c : columns) {
        const auto& column = c.as_object();
        if (text_of(column.at("id")) == wanted || text_of(column.at("title")) == wanted) return &column;
    }
    return nullptr;
}

// The row whose cell in `column_id` has `value`; nullptr when there is none.
const json::object* find_row(const json::array& rows, const json::value& column_id, const std::string& value) {
    for (const auto& r : rows)
        for (const auto& cell : r.as_object().at("cells").as_array()) {
            const auto& c = cell.as_object();
            if (c.at("columnId") == column_id && c.contains("value") && text_of(c.at("value")) == value)
                return &r.as_object();
        }
    return nullptr;
}

tether_status bad_request(context& ctx, const std::string& message) {
    return ctx.set_result(TETHER_BAD_REQUEST, "upsert_invalid", message);
}

tether_status upsert(context& ctx) {
    const json::object params = json::parse(ctx.params_json()).as_object();
    const std::string sheet_id = text_of(params.at("sheetId"));
    const std::string column_name = text_of(params.at("column"));
    const std::string value = text_of(params.at("value"));
    json::error_code ec;
    const json::value cells_value = json::parse(text_of(params.at("cells")), ec);
    if (ec || !cells_value.is_object())
        return bad_request(ctx, "cells must be a JSON object of column (id or title) to value");

    const auto sheet = ctx.send({"GET", "/sheets/" + sheet_id});
    if (!sheet.ok()) return ctx.set_result(sheet.status, sheet.reason, sheet.message);
    const json::object sheet_doc = json::parse(sheet.body).as_object();
    const json::array& columns = sheet_doc.at("columns").as_array();

    const json::object* key_column = find_column(columns, column_name);
    if (key_column == nullptr) return bad_request(ctx, "the sheet has no column '" + column_name + "'");
    json::array cells{json::object{{"columnId", key_column->at("id")}, {"value", value}}};
    for (const auto& [name, cell_value] : cells_value.as_object()) {
        const json::object* column = find_column(columns, std::string(name));
        if (column == nullptr) return bad_request(ctx, "the sheet has no column '" + std::string(name) + "'");
        if (column->at("id") != key_column->at("id"))
            cells.push_back(json::object{{"columnId", column->at("id")}, {"value", cell_value}});
    }

    const json::object* existing = find_row(sheet_doc.at("rows").as_array(), key_column->at("id"), value);
    json::object row{{"cells", cells}};
    if (existing != nullptr) row["id"] = existing->at("id");
    const auto written = ctx.send({existing != nullptr ? "PUT" : "POST",
                                   "/sheets/" + sheet_id + "/rows",
                                   {},
                                   {},
                                   json::serialize(json::array{row})});
    if (!written.ok()) return ctx.set_result(written.status, written.reason, written.message);

    const json::value answer = json::parse(written.body);
    const json::value& result_rows = answer.as_object().at("result");
    const json::value result_row = result_rows.is_array() ? result_rows.as_array().at(0) : result_rows;
    const std::string action = existing != nullptr ? "updated" : "added";
    ctx.log(TETHER_LOG_INFO, "rows.upsert " + action + " a row of sheet " + sheet_id);
    return ctx.set_result(TETHER_OK, "", "", json::serialize(json::object{{"action", action}, {"row", result_row}}));
}

// A fresh id per request (the host's randomness), so that the provider's logs tie each request to the call.
tether_status correlation_id(context& ctx) {
    static const char hex[] = "0123456789abcdef";
    std::string id;
    for (unsigned char b : ctx.random_bytes(8)) {
        id += hex[b >> 4];
        id += hex[b & 15];
    }
    return ctx.set_header("X-Correlation-Id", "tether-" + id);
}

const tether_extension* build() {
    static tether::ext::extension ext("smartsheet_rows");
    ext.operation("rows.upsert",
                  "Update the row whose cell in `column` equals `value`, or add one: the cells of `cells` set",
                  {{"sheetId", TETHER_PARAM_INTEGER, true, "the sheet"},
                   {"column", TETHER_PARAM_STRING, true, "the column to match, by id or title"},
                   {"value", TETHER_PARAM_STRING, true, "the value the row's cell in that column has"},
                   {"cells", TETHER_PARAM_STRING, true, "a JSON object: column (id or title) -> value to set"}},
                  upsert)
        .request_hook("correlation_id", correlation_id);
    return ext.table();
}

}  // namespace

TETHER_EXTENSION_ENTRY(build())
