// tuna report <run dir>: rebuild summary.csv, junit.xml and report.html from results.jsonl, running
// nothing (after a crash, or when the reporters have changed).
#include <fmt/format.h>

#include "commands.hpp"
#include "console.hpp"
#include "exit_codes.hpp"
#include "run_reports.hpp"

namespace tuna::host {

int report_command(const GlobalOptions& options, const std::filesystem::path& run_dir) {
  auto log = make_console_logger(options.verbosity);
  if (const auto why = not_a_run_directory(run_dir)) {
    log->error("{}", *why);
    return exit_code::usage;
  }
  try {
    const auto count = write_run_reports(run_dir, *log);
    log->info("{} record{} reported in {}: summary.csv, junit.xml, report.html", count, count == 1 ? "" : "s",
              run_dir.string());
  } catch (const std::exception& e) {
    log->error("{}", e.what());
    return exit_code::infrastructure;
  }
  return exit_code::ok;
}

}  // namespace tuna::host
