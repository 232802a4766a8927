#include "component/command_spec.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <sstream>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "component/command_step.hpp"

namespace tuna::command {

namespace {

using tuna::OptionType;

tuna::Schema make_schema() {
  return {
      {.name = "host", .type = OptionType::host, .description = "The host to run the command on",
       .default_value = "dut"},
      {.name = "argv", .type = OptionType::list,
       .description = "The program and its arguments, one word per item, run with no shell: nothing in them "
                      "is expanded or executed. The program goes through the host's `programs` map",
       .element = OptionType::string},
      {.name = "shell", .type = OptionType::string,
       .description = "A command line for `sh -c`, only for pipes, redirections or variables; set this or "
                      "`argv`"},
      {.name = "timeout", .type = OptionType::duration,
       .description = "How long the command may run before it is stopped (TERM, then KILL) and the step is an "
                      "error; the step's own timeout bounds it too",
       .default_value = "60", .min = 0.01, .max = 86400.0},
      {.name = "expect_status", .type = OptionType::list,
       .description = "The exit status, or a list of them, that counts as passed",
       .default_value = "0", .min = 0.0, .max = 255.0, .element = OptionType::integer},
      {.name = "output", .type = OptionType::string,
       .description = "Base name of the file in the step's raw directory that keeps both output streams "
                      "(<output>-r<repetition>.txt)",
       .default_value = "output"},
  };
}

std::vector<std::string> split_words(const std::string& text) {
  std::istringstream words(text);
  return {std::istream_iterator<std::string>(words), std::istream_iterator<std::string>()};
}

bool has_space(std::string_view text) {
  return std::ranges::any_of(text, [](unsigned char c) { return std::isspace(c); });
}

// The output file is made in the step's own directory: a name that leaves it, or that a
// file system would read as a directory, is refused.
bool plain_file_name(std::string_view name) {
  const auto plain = [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '_' || c == '-'; };
  return !name.empty() && name.front() != '.' && std::ranges::all_of(name, plain);
}

void check_command(const tuna::Config& settings, std::vector<tuna::Problem>& problems) {
  const bool argv = settings.written("argv");
  const bool shell = settings.written("shell");
  if (argv && shell) {
    problems.push_back({"shell", "'argv' and 'shell' exclude each other: set one"});
  } else if (!argv && !shell) {
    problems.push_back({"", "nothing to run: set 'argv' (the program and its arguments, no shell) or 'shell' "
                            "(a command line for sh -c)"});
  } else if (shell && settings.string("shell").find_first_not_of(" \t\n") == std::string::npos) {
    problems.push_back({"shell", "'shell' is empty"});
  } else if (argv && settings.list("argv").empty()) {
    problems.push_back({"argv", "'argv' is empty: its first word is the program to run"});
  } else if (argv && settings.list("argv").front().empty()) {
    problems.push_back({"argv", "the program (argv's first word) is empty"});
  } else if (argv) {
    // A path may hold a space; a bare name with one is a command line written as one word.
    const auto& program = settings.list("argv").front();
    if (has_space(program) && program.find('/') == std::string::npos)
      problems.push_back(
          {"argv", fmt::format("no program is called '{}': each item of argv is one word, so write "
                               "[{}] for words split at spaces, or use 'shell' for a command line",
                               program, fmt::join(split_words(program), ", "))});
  }
}

}  // namespace

std::vector<tuna::Problem> check_rep(const tuna::Config& settings) {
  std::vector<tuna::Problem> problems;
  check_command(settings, problems);
  if (settings.list("expect_status").empty())
    problems.push_back({"expect_status", "'expect_status' is empty: no exit status would pass"});
  if (const auto& output = settings.string("output"); !plain_file_name(output))
    problems.push_back({"output", fmt::format("output '{}' must be a plain file name (letters, digits, '.', '_', "
                                              "'-', not starting with '.'), not a path",
                                              output)});
  return problems;
}

const tuna::ComponentSpec& component_spec() {
  static const tuna::ComponentSpec spec = [] {
    tuna::ComponentSpec s;
    s.name = "command";
    s.summary = "Run a command on a host, check its exit status and keep its output";
    s.description =
        "Runs `argv` on `host` as a program and its arguments, with no shell in between (over SSH every word "
        "is quoted), so that no setting can inject a command; `shell` runs a command line with `sh -c` "
        "instead, only when written. The step passes when the exit status is one of `expect_status`, fails "
        "when it is another (the message names it and the last lines of stderr), and is an error when the "
        "command cannot start or is still running after `timeout`: it is then stopped, TERM then KILL. Both "
        "output streams are saved in one file, each line stamped with its UTC arrival time and marked out or "
        "err. Metrics: exit_status and duration. `tuna check --connect` checks that the program exists on "
        "the host.";
    s.schema = make_schema();
    s.check_rep = check_rep;
    s.example =
        "- name: routes\n"
        "  component: command\n"
        "  settings:\n"
        "    host: dut\n"
        "    argv: [ip, route, show]\n"
        "    timeout: 10\n"
        "    output: routes\n";
    s.create = [](const tuna::Config& settings) -> std::unique_ptr<tuna::Step> {
      return std::make_unique<CommandStep>(read_settings(settings));
    };
    return s;
  }();
  return spec;
}

}  // namespace tuna::command
