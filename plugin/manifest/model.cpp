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

const operation* connector_manifest::find_operation(std::string_view operation_name) const {
    return find_by(operations, operation_name, &operation::name);
}

}  // namespace tether::manifest
