// The extensions of one connector (or one validation): loaded from paths and entry functions, their names
// unique, looked up by the names a manifest uses. Immutable once loaded; shared by every connection.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "plugin/extension/extension_table.hpp"
#include "plugin/extension/shared_library.hpp"

namespace tether::extension {

class extension_set {
public:
    // Paths first, then entry functions, in order. A failure is a config_error outcome (the reasons of
    // shared_library::open and read_extension_table, and "extension_duplicate": two extensions, code
    // operations, request hooks or response hooks of one name).
    static std::variant<std::shared_ptr<const extension_set>, outcome> load(
        const std::vector<std::string>& paths, const std::vector<tether_extension_entry_fn>& entries);

    const std::vector<extension_info>& extensions() const noexcept { return extensions_; }
    bool empty() const noexcept { return extensions_.empty(); }
    const code_operation* find_operation(std::string_view name) const;
    const hook* find_request_hook(std::string_view name) const;
    const hook* find_response_hook(std::string_view name) const;

    // {"name","source","operations":[{"name","description","params":[{"name","type","required",
    // "description"}]}],"request_hooks":[…],"response_hooks":[…]} per extension, as a JSON array.
    std::string describe_json() const;

private:
    std::vector<std::shared_ptr<shared_library>> libraries_;  // closed after the tables that point into them
    std::vector<extension_info> extensions_;
};

}  // namespace tether::extension
