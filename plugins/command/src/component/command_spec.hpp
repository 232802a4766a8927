// The command component's one declaration: schema, cross-option rules, example, create.
#pragma once

#include <vector>

#include <tuna/component.hpp>

namespace tuna::command {

// Everything the host needs: schema, check_rep, example, create.
const tuna::ComponentSpec& component_spec();

// Cross-option rules; every problem, with the option it concerns.
std::vector<tuna::Problem> check_rep(const tuna::Config& settings);

}  // namespace tuna::command
