// Loading a connector's extensions and refusing two of anything under one name: a manifest names code
// operations and hooks by name alone, so a name must mean one thing.
#include "plugin/extension/extension_set.hpp"

#include <boost/json.hpp>

namespace tether::extension {

namespace {

outcome duplicate(const std::string& what, const std::string& name, const std::string& first,
                  const std::string& second) {
    return outcome::failure(status::config_error, "extension_duplicate",
                            what + " '" + name + "' is offered by both " + first + " and " + second);
}

template <class Item>
const Item* find_named(const std::vector<extension_info>& all, std::vector<Item> extension_info::*list,
                       std::string_view name) {
    for (const auto& e : all)
        for (const auto& item : e.*list)
            if (item.name == name) return &item;
    return nullptr;
}

// The first name `added` shares with what is loaded already, as an outcome.
std::optional<outcome> clash(const std::vector<extension_info>& loaded, const extension_info& added) {
    for (const auto& e : loaded)
        if (e.name == added.name) return duplicate("extension", added.name, e.source, added.source);
    auto check = [&](auto list, const char* what) -> std::optional<outcome> {
        for (std::size_t i = 0; i < (added.*list).size(); ++i) {
            const std::string& name = (added.*list)[i].name;
            for (std::size_t j = 0; j < i; ++j)
                if ((added.*list)[j].name == name) return duplicate(what, name, added.source, added.source);
            for (const auto& e : loaded)
                for (const auto& item : e.*list)
                    if (item.name == name) return duplicate(what, name, e.source, added.source);
        }
        return std::nullopt;
    };
    if (auto found = check(&extension_info::operations, "code operation")) return found;
    if (auto found = check(&extension_info::request_hooks, "request hook")) return found;
    return check(&extension_info::response_hooks, "response hook");
}

boost::json::array hook_names(const std::vector<hook>& hooks) {
    boost::json::array out;
    for (const auto& h : hooks) out.push_back(boost::json::string(h.name));
    return out;
}

}  // namespace

std::variant<std::shared_ptr<const extension_set>, outcome> extension_set::load(
    const std::vector<std::string>& paths, const std::vector<tether_extension_entry_fn>& entries) {
    auto set = std::make_shared<extension_set>();
    auto add = [&](const tether_extension* table, const std::string& source) -> std::optional<outcome> {
        auto read = read_extension_table(table, source);
        if (auto* failure = std::get_if<outcome>(&read)) return std::move(*failure);
        auto& info = std::get<extension_info>(read);
        if (auto found = clash(set->extensions_, info)) return found;
        set->extensions_.push_back(std::move(info));
        return std::nullopt;
    };
    for (const auto& path : paths) {
        auto opened = shared_library::open(path);
        if (auto* failure = std::get_if<outcome>(&opened)) return std::move(*failure);
        auto library = std::get<std::shared_ptr<shared_library>>(std::move(opened));
        set->libraries_.push_back(library);
        if (auto failure = add(library->entry()(), path)) return std::move(*failure);
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string source = "entry function #" + std::to_string(i + 1);
        if (entries[i] == nullptr)
            return outcome::failure(status::config_error, "extension_invalid", source + " is NULL");
        if (auto failure = add(entries[i](), source)) return std::move(*failure);
    }
    return std::shared_ptr<const extension_set>(std::move(set));
}

const code_operation* extension_set::find_operation(std::string_view name) const {
    return find_named(extensions_, &extension_info::operations, name);
}
const hook* extension_set::find_request_hook(std::string_view name) const {
    return find_named(extensions_, &extension_info::request_hooks, name);
}
const hook* extension_set::find_response_hook(std::string_view name) const {
    return find_named(extensions_, &extension_info::response_hooks, name);
}

std::string extension_set::describe_json() const {
    boost::json::array all;
    for (const auto& e : extensions_) {
        boost::json::array operations;
        for (const auto& op : e.operations) {
            boost::json::array params;
            for (const auto& p : op.params)
                params.push_back(boost::json::object{{"name", p.name},
                                                     {"type", manifest::to_string(p.spec.type)},
                                                     {"required", p.spec.required},
                                                     {"description", p.spec.description}});
            operations.push_back(
                boost::json::object{{"name", op.name}, {"description", op.description}, {"params", params}});
        }
        all.push_back(boost::json::object{{"name", e.name},
                                          {"source", e.source},
                                          {"operations", std::move(operations)},
                                          {"request_hooks", hook_names(e.request_hooks)},
                                          {"response_hooks", hook_names(e.response_hooks)}});
    }
    return boost::json::serialize(all);
}

}  // namespace tether::extension
