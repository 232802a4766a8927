// What the subcommands share: loading the components, finding one by name, reporting
// plugin and validation problems.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "commands.hpp"
#include "component_registry.hpp"
#include "pipeline.hpp"

namespace tuna::host {

// The registry, or nullptr after printing why it is unusable (a plugin that failed to
// load is an infrastructure problem the user must see, not skip).
std::unique_ptr<ComponentRegistry> load_registry(const GlobalOptions& options);

// The component by name or alias, or nullptr after printing "unknown component" with a
// suggestion and the known names.
const RegisteredComponent* find_component(const ComponentRegistry& registry, const std::string& name);

// Prints every diagnostic of a load to stderr; returns whether there were errors.
bool report_diagnostics(const LoadResult& result);

}  // namespace tuna::host
