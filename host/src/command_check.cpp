// tuna check <pipeline.yaml>... [--connect]: validation only, every problem of every file;
// with --connect, also a preflight on the hosts (connection, host keys, login, the tools
// and paths each step needs) without test traffic.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <set>

#include "command_support.hpp"
#include "console.hpp"
#include "exit_codes.hpp"
#include "pipeline_runner.hpp"
#include "redacting_sink.hpp"
#include "secret_redactor.hpp"

namespace tuna::host {
namespace {

// Prints one line per host and per finding; returns how many problems there were.
int preflight(const Pipeline& pipeline, const GlobalOptions& options) {
  // As in `tuna run`: a password the pipeline's hosts use is shown nowhere, whatever a host
  // or a component says back.
  const auto secrets = std::make_shared<const SecretRedactor>(pipeline_secrets(pipeline));
  auto log = make_console_logger(options.verbosity);
  redact_sinks(*log, secrets);
  spdlog::set_default_logger(log);  // the host library's own messages too
  const auto say = [&secrets](std::string_view text) { fmt::print("  {}\n", secrets->redact(text)); };
  const bool colour = colour_enabled(stdout);
  const auto problem = [&say, colour](std::string_view text) {
    say(fmt::format("{} {}", paint(colour, fg(fmt::terminal_color::red), "error:"), text));
  };
  HostTable hosts(pipeline.hosts);
  int problems = 0;
  std::set<std::string> unreachable;
  for (const auto& name : hosts_used(pipeline)) {
    try {
      say(fmt::format("host {}: {}", name, hosts.connect(name)));
    } catch (const HostError& e) {
      problem(e.what());
      unreachable.insert(name);
      ++problems;
    }
  }
  const std::atomic<bool> never{false};
  PipelineRunner runner(pipeline, hosts, log, {}, never);
  for (const auto& [step, found] : runner.preflight(unreachable)) {
    for (const auto& fact : found.found) say(fmt::format("step {}: {}", step->name, fact));
    for (const auto& text : found.problems) problem(fmt::format("step {}: {}", step->name, text));
    problems += static_cast<int>(found.problems.size());
  }
  return problems;
}

}  // namespace

int check_command(const GlobalOptions& options, const std::vector<std::filesystem::path>& files,
                  bool connect) {
  auto registry = load_registry(options);
  if (!registry) return exit_code::infrastructure;
  bool all_valid = true, all_ready = true;
  for (const auto& file : files) {
    const auto result = load_pipeline(file, *registry);
    if (report_diagnostics(result)) {
      all_valid = false;
      continue;
    }
    const auto steps = result.pipeline->steps.size();
    fmt::print("{}: OK ({} step{})\n", file.string(), steps, steps == 1 ? "" : "s");
    if (!connect) continue;
    const int problems = preflight(*result.pipeline, options);
    if (problems == 0) {
      fmt::print("{}: ready\n", file.string());
    } else {
      fmt::print("{}: NOT ready ({} problem{})\n", file.string(), problems, problems == 1 ? "" : "s");
      all_ready = false;
    }
  }
  if (!all_valid) return exit_code::usage;
  return all_ready ? exit_code::ok : exit_code::infrastructure;
}

}  // namespace tuna::host
