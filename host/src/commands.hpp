// The subcommands of the tuna command line; main.cpp parses the arguments and calls one.
// Each returns tuna's exit status (see exit_codes.hpp).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace tuna::host {

struct GlobalOptions {
  std::vector<std::filesystem::path> plugin_paths;
  int verbosity = 0;  // -1 quiet, 0 normal, 1 verbose
};

struct RunOptions {
  std::filesystem::path pipeline;
  std::filesystem::path output;  // empty: results/<pipeline name>-<UTC timestamp>
  bool dry_run = false;
  std::filesystem::path resume;  // an interrupted run's directory to continue in
  bool keep_going = false;       // run every step, even after one failed or could not measure
};

int list_command(const GlobalOptions& options, bool json);
int help_command(const GlobalOptions& options, const std::string& component);
int example_command(const GlobalOptions& options, const std::string& component);
// connect: also reach every host and let each step check what it needs there (exit 3 if not ready).
int check_command(const GlobalOptions& options, const std::vector<std::filesystem::path>& files,
                  bool connect);
int run_command(const GlobalOptions& options, const RunOptions& run);
// Rebuilds a run directory's summary.csv and junit.xml from its results.jsonl (exit 2 without one).
int report_command(const GlobalOptions& options, const std::filesystem::path& run_dir);
int parse_command(const GlobalOptions& options, const std::filesystem::path& file, const std::string& tool);

}  // namespace tuna::host
