// tuna parse FILE [--tool T]: re-parses a saved raw output with the component that
// recognises it and prints the result as JSON.
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "command_support.hpp"
#include "exit_codes.hpp"

namespace tuna::host {

int parse_command(const GlobalOptions& options, const std::filesystem::path& file, const std::string& tool) {
  auto registry = load_registry(options);
  if (!registry) return exit_code::infrastructure;
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    fmt::print(stderr, "error: {} is a directory, not a raw output file\n", file.string());
    return exit_code::usage;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    fmt::print(stderr, "error: cannot read {}\n", file.string());
    return exit_code::usage;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::vector<std::string> reasons;
  for (const auto& name : registry->names()) {
    const auto& spec = *registry->entry(name)->spec;
    if (!spec.parse_raw) continue;
    const auto outcome = spec.parse_raw(text.str(), tool);
    if (outcome.verdict == ParseVerdict::not_recognised) {
      reasons.push_back(fmt::format("{}: {}", name, outcome.message));
      continue;
    }
    // A plugin's document may quote bytes of the file that are not UTF-8: printed
    // replaced (U+FFFD), where the default would throw and end tuna.
    fmt::print("{}\n", outcome.document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
    return static_cast<int>(outcome.verdict);
  }
  fmt::print(stderr, "error: {} is not output that any component recognises\n", file.string());
  for (const auto& reason : reasons) fmt::print(stderr, "  {}\n", reason);
  return exit_code::usage;
}

}  // namespace tuna::host
