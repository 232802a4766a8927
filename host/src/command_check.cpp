// tuna check <pipeline.yaml>...: validation only, every problem of every file.
#include <fmt/format.h>

#include "command_support.hpp"
#include "exit_codes.hpp"

namespace tuna::host {

int check_command(const GlobalOptions& options, const std::vector<std::filesystem::path>& files) {
  auto registry = load_registry(options);
  if (!registry) return exit_code::infrastructure;
  bool all_good = true;
  for (const auto& file : files) {
    const auto result = load_pipeline(file, *registry);
    if (report_diagnostics(result)) {
      all_good = false;
      continue;
    }
    fmt::print("{}: OK ({} step{})\n", file.string(), result.pipeline->steps.size(),
               result.pipeline->steps.size() == 1 ? "" : "s");
  }
  return all_good ? exit_code::ok : exit_code::usage;
}

}  // namespace tuna::host
