// tuna list, tuna help <component>, tuna example <component>.
#include <fmt/format.h>

#include "command_support.hpp"
#include "console.hpp"
#include "exit_codes.hpp"
#include "help_text.hpp"

namespace tuna::host {

int list_command(const GlobalOptions& options, bool json) {
  auto registry = load_registry(options);
  if (!registry) return exit_code::infrastructure;
  if (json)
    fmt::print("{}\n", component_list_json(*registry).dump(2));
  else
    fmt::print("{}", component_list(*registry, colour_enabled(stdout)));
  return exit_code::ok;
}

namespace {
// Loads the plugins and prints `show(component)`, or says why it cannot.
template <class Show>
int print_about(const GlobalOptions& options, const std::string& component, Show show) {
  auto registry = load_registry(options);
  if (!registry) return exit_code::infrastructure;
  const auto* entry = find_component(*registry, component);
  if (!entry) return exit_code::usage;
  fmt::print("{}", show(*entry));
  return exit_code::ok;
}
}  // namespace

int help_command(const GlobalOptions& options, const std::string& component) {
  return print_about(options, component,
                     [](const RegisteredComponent& c) { return component_help(c, colour_enabled(stdout)); });
}

int example_command(const GlobalOptions& options, const std::string& component) {
  return print_about(options, component, [](const RegisteredComponent& c) { return c.spec->example; });
}

}  // namespace tuna::host
