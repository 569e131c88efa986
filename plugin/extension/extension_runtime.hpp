// The connector's extensions at work: the call pipeline's call_extensions carried out with the loaded set —
// a code operation or a hook runs with a registered context, and what it returns or reports becomes an
// outcome like any other.
#pragma once

#include <memory>

#include "plugin/call/call_extensions.hpp"
#include "plugin/extension/extension_set.hpp"

namespace tether::extension {

class extension_runtime final : public call::call_extensions {
public:
    explicit extension_runtime(std::shared_ptr<const extension_set> loaded) : loaded_(std::move(loaded)) {}

    const extension_set& loaded() const noexcept { return *loaded_; }

    outcome run_code_operation(const call::call_context& ctx, const call::prepared_call& call,
                               call::call_progress& progress) override;
    std::optional<outcome> before_attempts(const call::call_context& ctx, const manifest::operation& op,
                                           const boost::json::object& params, http::request& req) override;
    std::optional<outcome> after_response(const call::call_context& ctx, const manifest::operation& op,
                                          const boost::json::object& params, const http::request& req,
                                          http::response& r) override;

private:
    std::shared_ptr<const extension_set> loaded_;
};

}  // namespace tether::extension
