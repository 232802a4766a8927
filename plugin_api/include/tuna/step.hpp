// A runnable step, and what the host gives it to run with.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "tuna/host.hpp"
#include "tuna/result.hpp"

namespace tuna {

enum class LogLevel { debug, info, warning, error };

// The host's log. Kept to one virtual call so the contract does not depend on the
// host's logging library.
class Logger {
 public:
  virtual ~Logger() = default;
  virtual void log(LogLevel level, std::string_view message) = 0;

  template <class... Args>
  void debug(fmt::format_string<Args...> f, Args&&... args) {
    log(LogLevel::debug, fmt::format(f, std::forward<Args>(args)...));
  }
  template <class... Args>
  void info(fmt::format_string<Args...> f, Args&&... args) {
    log(LogLevel::info, fmt::format(f, std::forward<Args>(args)...));
  }
  template <class... Args>
  void warn(fmt::format_string<Args...> f, Args&&... args) {
    log(LogLevel::warning, fmt::format(f, std::forward<Args>(args)...));
  }
  template <class... Args>
  void error(fmt::format_string<Args...> f, Args&&... args) {
    log(LogLevel::error, fmt::format(f, std::forward<Args>(args)...));
  }
};

// What the host lends a step while it runs, and for dry runs.
class RunContext {
 public:
  virtual ~RunContext() = default;
  // A host of the pipeline's hosts table, by the name a `host` option holds.
  virtual Host& host(std::string_view name) = 0;
  virtual Logger& log() = 0;
  // A directory of this step's own for raw outputs and other files; it exists.
  virtual const std::filesystem::path& artifact_dir() const = 0;
  // The step must be finished by then; it is also the bound for anything it starts.
  virtual Clock::time_point deadline() const = 0;
  // Set when the user interrupts (Ctrl-C) or the pipeline is stopping; end early.
  virtual bool cancelled() const = 0;
  // 1-based repetition of this step (pipeline and step `repeat`), for file names.
  virtual int repetition() const = 0;
  // A short live status ("3.2 s left", "941 Mbit/s"), shown on a terminal only.
  virtual void progress(std::string_view status) = 0;
  // Hands over one completed measurement. The host keeps it whatever happens next.
  virtual void record(Measurement measurement) = 0;
};

// What `tuna check --connect` learns about a step on its hosts without running it.
struct Preflight {
  std::vector<std::string> found;     // facts, e.g. "iperf3 3.12 on dut and server"
  std::vector<std::string> problems;  // what would stop the step, e.g. "dut has no iperf3"
};

class Step {
 public:
  virtual ~Step() = default;
  // What run() would do, one line each, without doing it (for `tuna run --dry-run`).
  // For a tool step: the exact commands on each host.
  virtual std::vector<std::string> plan(RunContext& context) const = 0;
  virtual StepResult run(RunContext& context) = 0;
  // Checks what the step needs on its hosts (tools, versions, reachability) with quick
  // commands and no test traffic. A step that needs nothing of its hosts keeps this.
  virtual Preflight preflight(RunContext& /*context*/) { return {}; }
};

}  // namespace tuna
