// Reading an extension's table: only the fields its struct_size covers (an extension built against an older
// 1.x header has a smaller table), everything checked before any of its functions is ever called.
#include "plugin/extension/extension_table.hpp"

#include <cstddef>

namespace tether::extension {

namespace {

// The smallest tables any 1.x extension may pass: the fields of ABI 1.6, the first with extensions, up to the
// code operations (the hooks are read when struct_size covers them).
constexpr std::size_t extension_min_size = offsetof(tether_extension, operation_count) + sizeof(std::size_t);
constexpr std::size_t operation_min_size = offsetof(tether_extension_operation, user) + sizeof(void*);
constexpr std::size_t hook_min_size = offsetof(tether_extension_hook, user) + sizeof(void*);

outcome invalid(const std::string& source, const std::string& what) {
    return outcome::failure(status::config_error, "extension_invalid", "extension " + source + ": " + what);
}

std::string version_text(std::uint32_t v) {
    return std::to_string(TETHER_ABI_MAJOR_OF(v)) + "." + std::to_string(TETHER_ABI_MINOR_OF(v));
}

bool covers(const tether_extension* t, std::size_t end) {
    return t->struct_size >= end;
}

std::optional<manifest::value_type> type_of(int type) {
    switch (type) {
        case TETHER_PARAM_STRING:
            return manifest::value_type::string;
        case TETHER_PARAM_INTEGER:
            return manifest::value_type::integer;
        case TETHER_PARAM_BOOLEAN:
            return manifest::value_type::boolean;
        case TETHER_PARAM_STRING_LIST:
            return manifest::value_type::string_list;
        case TETHER_PARAM_INTEGER_LIST:
            return manifest::value_type::integer_list;
        default:
            return std::nullopt;
    }
}

bool is_param_name(std::string_view name) {
    if (name.empty()) return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.'))
            return false;
    return true;
}

std::variant<code_operation, std::string> read_operation(const tether_extension_operation* in) {
    if (in == nullptr) return std::string("a NULL operation");
    if (in->struct_size < operation_min_size) return std::string("an operation struct smaller than ABI 1.6's");
    if (in->name == nullptr || *in->name == '\0') return std::string("an operation without a name");
    code_operation out;
    out.name = in->name;
    if (in->run == nullptr) return "operation '" + out.name + "' has no run function";
    out.run = in->run;
    out.user = in->user;
    if (in->description != nullptr) out.description = in->description;
    if (in->param_count > 0 && in->params == nullptr) return "operation '" + out.name + "' has NULL params";
    for (std::size_t i = 0; i < in->param_count; ++i) {
        const tether_extension_param& p = in->params[i];
        const std::string name = p.name != nullptr ? p.name : "";
        if (!is_param_name(name))
            return "operation '" + out.name + "' parameter #" + std::to_string(i + 1) +
                   " needs a name of letters, digits, '_', '-' and '.'";
        const auto type = type_of(p.type);
        if (!type) return "operation '" + out.name + "' parameter '" + name + "' has an unknown type";
        for (const auto& earlier : out.params)
            if (earlier.name == name) return "operation '" + out.name + "' declares parameter '" + name + "' twice";
        manifest::param param;
        param.name = name;
        param.in = manifest::param_location::query;
        param.spec.type = *type;
        param.spec.required = p.required != 0;
        if (p.description != nullptr) param.spec.description = p.description;
        out.params.push_back(std::move(param));
    }
    return out;
}

std::variant<hook, std::string> read_hook(const tether_extension_hook* in) {
    if (in == nullptr) return std::string("a NULL hook");
    if (in->struct_size < hook_min_size) return std::string("a hook struct smaller than ABI 1.6's");
    if (in->name == nullptr || *in->name == '\0') return std::string("a hook without a name");
    if (in->run == nullptr) return "hook '" + std::string(in->name) + "' has no run function";
    return hook{"", in->name, in->run, in->user};
}

std::optional<std::string> read_hooks(const tether_extension_hook* const* list, std::size_t count,
                                      const std::string& extension, std::vector<hook>& into) {
    if (count > 0 && list == nullptr) return std::string("a NULL hook list");
    for (std::size_t i = 0; i < count; ++i) {
        auto read = read_hook(list[i]);
        if (auto* problem = std::get_if<std::string>(&read)) return *problem;
        into.push_back(std::move(std::get<hook>(read)));
        into.back().extension = extension;
    }
    return std::nullopt;
}

}  // namespace

std::variant<extension_info, outcome> read_extension_table(const tether_extension* table, const std::string& source) {
    if (table == nullptr) return invalid(source, "its entry function returned NULL");
    if (table->struct_size < extension_min_size) return invalid(source, "its table is smaller than ABI 1.6's");
    const std::uint32_t version = table->abi_version;
    if (TETHER_ABI_MAJOR_OF(version) != TETHER_ABI_VERSION_MAJOR ||
        TETHER_ABI_MINOR_OF(version) > TETHER_ABI_VERSION_MINOR)
        return outcome::failure(status::config_error, "extension_abi_too_new",
                                "extension " + source +
                                    (table->name != nullptr ? " ('" + std::string(table->name) + "')" : "") +
                                    " was built for tether ABI " + version_text(version) +
                                    ", newer than this library's " + version_text(TETHER_ABI_VERSION) +
                                    "; load it with a newer libtether or rebuild it against this tether.h");
    if (table->name == nullptr || *table->name == '\0') return invalid(source, "its table has no name");

    extension_info out;
    out.name = table->name;
    out.source = source;
    if (table->operation_count > 0 && table->operations == nullptr) return invalid(source, "NULL operations");
    for (std::size_t i = 0; i < table->operation_count; ++i) {
        auto read = read_operation(table->operations[i]);
        if (auto* problem = std::get_if<std::string>(&read)) return invalid(source, *problem);
        out.operations.push_back(std::move(std::get<code_operation>(read)));
        out.operations.back().extension = out.name;
    }
    if (covers(table, offsetof(tether_extension, request_hook_count) + sizeof(std::size_t)))
        if (auto problem = read_hooks(table->request_hooks, table->request_hook_count, out.name, out.request_hooks))
            return invalid(source, *problem);
    if (covers(table, offsetof(tether_extension, response_hook_count) + sizeof(std::size_t)))
        if (auto problem = read_hooks(table->response_hooks, table->response_hook_count, out.name, out.response_hooks))
            return invalid(source, *problem);
    return out;
}

}  // namespace tether::extension
