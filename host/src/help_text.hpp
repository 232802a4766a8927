// `tuna help <component>`, `tuna list` and `tuna example`: all of it is rendered from the
// component's own declaration, so the help can never drift from what is validated.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "component_registry.hpp"

namespace tuna::host {

std::string component_help(const RegisteredComponent& component, bool colour);
std::string component_list(const ComponentRegistry& registry, bool colour);
nlohmann::ordered_json component_list_json(const ComponentRegistry& registry);

}  // namespace tuna::host
