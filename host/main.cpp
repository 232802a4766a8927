// tuna: runs YAML pipelines of network test steps, each step a component from a plugin.
#include <fmt/format.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "interrupts.hpp"
#include "version.hpp"

namespace {

constexpr const char* exit_status_help = R"(Exit status:
  0    every step passed
  1    a step ran and failed
  2    bad command line or configuration (every problem is listed as file:line:column)
  3    infrastructure problem: a plugin, a host or a tool, a step that could not measure,
       or a run directory that stopped taking writes (the run stops; whole records kept)
  130  interrupted (SIGINT or SIGTERM); the measurements taken so far are kept)";

}  // namespace

int main(int argc, char** argv) {
  using namespace tuna::host;
  CLI::App app{"tuna: pipelines of network tests (iperf throughput and more), from YAML"};
  app.footer(exit_status_help);
  app.set_version_flag("--version", fmt::format("tuna {}", version()));
  app.require_subcommand(1);

  GlobalOptions global;
  app.add_option("--plugin-path", global.plugin_paths,
                 "Look for plugins (libtuna_<name>.so) here first; repeatable. Then "
                 "TUNA_PLUGIN_PATH, then ../lib/tuna/plugins next to the tuna executable");
  bool verbose = false, quiet = false;
  app.add_flag("-v,--verbose", verbose, "Also show debug messages");
  app.add_flag("-q,--quiet", quiet, "Show only warnings and errors");

  auto* list = app.add_subcommand("list", "List the components and the plugin each comes from");
  bool list_json = false;
  list->add_flag("--json", list_json, "As JSON");

  std::string component;
  auto* help = app.add_subcommand("help", "Describe a component: its options and an example");
  help->add_option("component", component, "Component name")->required();

  auto* example =
      app.add_subcommand("example", "Print a component's example step, ready to append to a pipeline");
  example->add_option("component", component, "Component name")->required();

  std::vector<std::filesystem::path> files;
  auto* check = app.add_subcommand("check", "Validate pipelines without running anything");
  check->add_option("pipeline", files, "Pipeline files")->required();
  bool connect = false;
  check->add_flag("--connect", connect,
                  "Also reach every host (connection, host key, login) and check what each step needs "
                  "there (tools, versions, reachability), without test traffic; exit 3 if not ready");

  RunOptions run_options;
  auto* run = app.add_subcommand("run", "Validate a pipeline, then run it");
  run->add_option("pipeline", run_options.pipeline, "Pipeline file")->required();
  auto* output = run->add_option("-o,--output", run_options.output,
                                 "Run directory (default: results/<pipeline name>-<UTC timestamp>)");
  run->add_option("--resume", run_options.resume,
                  "Continue an interrupted run of this pipeline in its directory: what it measured "
                  "is not run again")
      ->check(CLI::ExistingDirectory)
      ->excludes(output);
  run->add_flag("-n,--dry-run", run_options.dry_run,
                "Say what each step would do (for iperf: the exact commands), run nothing");
  run->add_flag("-k,--keep-going", run_options.keep_going,
                "Run every step even after one failed or could not measure (the exit status "
                "still reports the worst)");

  std::filesystem::path raw_file;
  std::string tool;
  auto* parse = app.add_subcommand("parse",
                                   "Re-parse a saved raw tool output and print it as JSON "
                                   "(exit 0 good test, 1 failed test, 2 not recognised)");
  parse->add_option("file", raw_file, "Raw output file")->required();
  parse->add_option("--tool", tool, "The tool that wrote it (iperf2 or iperf3) when detection is not wanted");

  std::filesystem::path run_dir;
  auto* report =
      app.add_subcommand("report",
                         "Rebuild a run directory's summary.csv, junit.xml and report.html from its "
                         "results.jsonl, running nothing");
  report->add_option("dir", run_dir, "Run directory (what `tuna run` wrote)")->required();

  // Global options are accepted after the subcommand name too.
  for (auto* sub : {list, help, example, check, run, parse, report}) sub->fallthrough();

  install_interrupt_handlers();
  // Whatever the caller's umask, nothing tuna writes (run directories, reports, raw
  // outputs) is writable by other users.
  umask(umask(0) | S_IWOTH);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, the version, or the error
    return code == 0 ? exit_code::ok : exit_code::usage;
  }
  global.verbosity = verbose ? 1 : quiet ? -1 : 0;
  if (*list) return list_command(global, list_json);
  if (*help) return help_command(global, component);
  if (*example) return example_command(global, component);
  if (*check) return check_command(global, files, connect);
  if (*run) return run_command(global, run_options);
  if (*report) return report_command(global, run_dir);
  return parse_command(global, raw_file, tool);
}
