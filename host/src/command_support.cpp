#include "command_support.hpp"

#include <fmt/format.h>

#include "console.hpp"
#include "diagnostics.hpp"

namespace tuna::host {

std::unique_ptr<ComponentRegistry> load_registry(const GlobalOptions& options) {
  auto registry = std::make_unique<ComponentRegistry>(plugin_search_path(options.plugin_paths));
  if (registry->errors().empty()) return registry;
  const bool colour = colour_enabled(stderr);
  for (const auto& error : registry->errors())
    fmt::print(stderr, "{} {}\n", paint(colour, fg(fmt::terminal_color::red), "error:"), error);
  return nullptr;
}

const RegisteredComponent* find_component(const ComponentRegistry& registry, const std::string& name) {
  if (const auto* spec = registry.find(name, nullptr)) return registry.entry(spec->name);
  fmt::print(stderr, "error: {}\n", unknown_component_message(name, registry));
  return nullptr;
}

bool report_diagnostics(const LoadResult& result) {
  fmt::print(stderr, "{}", render_all(result.diagnostics, result.source, colour_enabled(stderr)));
  return result.diagnostics.has_errors();
}

}  // namespace tuna::host
