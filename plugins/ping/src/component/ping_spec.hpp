// The ping component's one declaration: schema, cross-option rules, example, and how a
// step and `tuna parse` are made from it.
#pragma once

#include <tuna/component.hpp>
#include <vector>

namespace tuna::ping {

const tuna::ComponentSpec& component_spec();

// Cross-field rules; every problem, with the option it concerns.
std::vector<tuna::Problem> check_rep(const tuna::Config& settings);

}  // namespace tuna::ping
