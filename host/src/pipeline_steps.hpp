// The pipeline's steps: each one's fields, its component, its settings against the
// component's schema, then the component's own cross-option check (check_rep).
#pragma once

#include <vector>

#include <yaml-cpp/yaml.h>

#include "pipeline.hpp"
#include "pipeline_fields.hpp"
#include "pipeline_hosts.hpp"

namespace tuna::host {

// `steps` is the list of steps (the `steps` value, or the whole document when it is only
// a list), written at `where`. Reports every problem; returns the steps, complete only
// when none was found.
std::vector<StepEntry> read_steps(const YAML::Node& steps, const tuna::Location& where,
                                  const ComponentCatalog& catalog, DeclaredHosts& hosts, LoadContext& context);

}  // namespace tuna::host
