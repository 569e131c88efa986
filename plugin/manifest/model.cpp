// Look-ups on the immutable model.
#include "plugin/manifest/model.hpp"

namespace tether::manifest {
namespace {

template <class T>
const T* find_by(const std::vector<T>& items, std::string_view name, std::string T::*field) {
    for (const auto& item : items)
        if (item.*field == name) return &item;
    return nullptr;
}

}  // namespace

std::vector<std::string> string_template::placeholders() const {
    std::vector<std::string> names;
    for (const auto& part : parts)
        if (part.placeholder) names.push_back(part.text);
    return names;
}

const server* servers_spec::find(std::string_view region) const {
    return find_by(regions, region, &server::region);
}

const param* operation::find_param(std::string_view param_name) const {
    return find_by(params, param_name, &param::name);
}

const setting* connector_manifest::find_setting(std::string_view setting_name) const {
    return find_by(settings, setting_name, &setting::name);
}

bool auth_spec::accepts_api_tokens() const {
    return type == auth_type::api_token || !methods_of(method_kind::api_token).empty();
}

std::vector<const auth_method*> auth_spec::methods_of(method_kind kind) const {
    std::vector<const auth_method*> found;
    for (const auto& m : methods)
        if (m.kind == kind) found.push_back(&m);
    return found;
}

const operation* connector_manifest::find_operation(std::string_view operation_name) const {
    return find_by(operations, operation_name, &operation::name);
}

}  // namespace tether::manifest
