#include "command_support.hpp"

#include <fmt/format.h>

#include "console.hpp"
#include "diagnostics.hpp"
#include "suggest.hpp"

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
  std::string known;
  for (const auto& n : registry.names()) known += (known.empty() ? "" : ", ") + n;
  const auto suggestion = closest(name, registry.names());
  fmt::print(stderr, "error: unknown component '{}'{}; known components: {}\n", name,
             suggestion ? fmt::format("; did you mean '{}'?", *suggestion) : "", known);
  return nullptr;
}

bool report_diagnostics(const LoadResult& result) {
  fmt::print(stderr, "{}", render_all(result.diagnostics, result.source, colour_enabled(stderr)));
  return result.diagnostics.has_errors();
}

}  // namespace tuna::host
