// tuna run <pipeline.yaml> [--output DIR] [--dry-run] [--keep-going]: validate, then run.
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "command_support.hpp"
#include "console.hpp"
#include "console_report.hpp"
#include "exit_codes.hpp"
#include "interrupts.hpp"
#include "pipeline_runner.hpp"
#include "redacting_sink.hpp"
#include "run_reports.hpp"
#include "run_resume.hpp"
#include "secret_redactor.hpp"

namespace tuna::host {
namespace fs = std::filesystem;
namespace {

fs::path default_run_dir(const std::string& pipeline_name) {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fs::path("results") / fmt::format("{}-{:%Y%m%dT%H%M%SZ}", pipeline_name, now);
}

// tuna.log, at debug level. A full disk stops the log, not the run (that is the results
// file's to decide): said once, in place of spdlog's report on every failed line.
void add_log_file(const fs::path& file, spdlog::logger& log,
                  const std::shared_ptr<const SecretRedactor>& secrets) {
  auto file_sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(file.string());
  file_sink->set_level(spdlog::level::debug);
  file_sink->set_formatter(std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%fZ %l %v",
                                                                       spdlog::pattern_time_type::utc));
  log.sinks().push_back(std::make_shared<RedactingSink>(file_sink, secrets));
  log.set_error_handler([said = std::make_shared<std::atomic<bool>>(false)](const std::string& why) {
    if (!said->exchange(true)) fmt::print(stderr, "error: {}; the log stops here, the run goes on\n", why);
  });
}

// The run directory with the pipeline as run and the debug log. Throws on I/O errors.
void prepare_run_dir(const fs::path& dir, const std::string& source, spdlog::logger& log,
                     const std::shared_ptr<const SecretRedactor>& secrets) {
  fs::create_directories(dir);
  std::ofstream copy(dir / "pipeline.yaml", std::ios::binary | std::ios::trunc);
  copy << source << std::flush;
  if (!copy)
    throw std::runtime_error(
        fmt::format("cannot write {}: {}", (dir / "pipeline.yaml").string(), std::strerror(errno)));
  add_log_file(dir / "tuna.log", log, secrets);
}

}  // namespace

int run_command(const GlobalOptions& options, const RunOptions& run) {
  auto registry = load_registry(options);
  if (!registry) return exit_code::infrastructure;
  auto loaded = load_pipeline(run.pipeline, *registry);
  if (report_diagnostics(loaded)) return exit_code::usage;
  auto& pipeline = *loaded.pipeline;
  // From here on no password the run knows is shown or written, wherever it turns up.
  const auto secrets = std::make_shared<const SecretRedactor>(pipeline_secrets(pipeline));
  redact_names(pipeline, *secrets);
  const auto source = secrets->redact(loaded.source);  // what the run directory keeps
  auto log = make_console_logger(options.verbosity);
  redact_sinks(*log, secrets);
  // What the host library says on its own (a remote process stopped over a new connection)
  // goes where the run's messages go: the console and tuna.log.
  spdlog::set_default_logger(log);

  HostTable hosts(pipeline.hosts);
  const auto run_dir = !run.resume.empty()  ? run.resume
                       : run.output.empty() ? default_run_dir(pipeline.name)
                                            : run.output;
  ResumePoint resumed;
  if (!run.resume.empty()) {
    try {
      resumed = resume_point(run.resume, source);
    } catch (const ResumeError& e) {
      log->error("{}", e.what());
      return exit_code::usage;
    }
  }

  if (run.dry_run) {
    const std::atomic<bool> never{false};
    PipelineRunner runner(pipeline, hosts, log, run_dir, never);
    for (const auto& line : runner.plan()) fmt::print("{}\n", secrets->redact(line));
    return exit_code::ok;
  }
  // Every host is reached before the first step: an unreachable one stops the run before
  // anything ran, not halfway through.
  for (const auto& name : hosts_used(pipeline)) {
    try {
      log->debug("host {}: {}", name, hosts.connect(name));
    } catch (const HostError& e) {
      log->error("{}", e.what());
      return exit_code::infrastructure;
    }
  }

  std::unique_ptr<ResultsFile> results;
  try {
    prepare_run_dir(run_dir, source, *log, secrets);
    results = std::make_unique<ResultsFile>(run_dir / "results.jsonl", *secrets);
  } catch (const std::exception& e) {
    log->error("cannot prepare the run directory {}: {}", run_dir.string(), e.what());
    return exit_code::infrastructure;
  }
  log->info("running '{}' ({} step{}), results in {}", pipeline.name, pipeline.steps.size(),
            pipeline.steps.size() == 1 ? "" : "s", run_dir.string());
  // The runner writes the records: it is the one that must stop when they cannot be kept.
  ConsoleReport report(log);
  PipelineRunner runner(pipeline, hosts, log, run_dir, interrupt_requested());
  runner.keep_records_in(*results);
  runner.keep_going(run.keep_going);
  if (!resumed.done.empty())
    log->info("resuming: {} step repetition{} ({} record{}) already measured, not run again",
              resumed.done.size(), resumed.done.size() == 1 ? "" : "s", resumed.records,
              resumed.records == 1 ? "" : "s");
  runner.skip(resumed.done);
  const auto outcome = runner.run(report);
  // Also after an interruption: the reports hold every measurement results.jsonl kept.
  try {
    write_run_reports(run_dir, *log);
  } catch (const std::exception& e) {
    log->error("cannot write the reports: {}", e.what());
  }
  fmt::print("\n{}", secrets->redact(summary_table(outcome.records, colour_enabled(stdout))));
  fmt::print("results: {}\n", secrets->redact(run_dir.string()));
  if (outcome.interrupted) log->warn("interrupted; the measurements above are kept");
  // What the resumed run measured before counts too: a failure then is a failure now.
  const int code = outcome.exit_code();
  return code == exit_code::ok && resumed.any_failed ? exit_code::step_failed : code;
}

}  // namespace tuna::host
