// Typed reads of the command step's validated settings, and the argv they make on a host.
#pragma once

#include <string>
#include <vector>

#include <tuna/config.hpp>
#include <tuna/host.hpp>

namespace tuna::command {

struct CommandSettings {
  std::string host;
  // argv as written, or {"sh", "-c", script} for `shell`: the shell only when asked for.
  std::vector<std::string> words;
  bool shell = false;
  double timeout_seconds = 0;
  std::vector<int> accepted_statuses;
  std::string output;  // the output file's base name
};

CommandSettings read_settings(const tuna::Config& settings);

// The words to start on `host`: the program goes through the host's programs map, so a
// host that maps "sh" or "ip" to a path of its own runs that one.
std::vector<std::string> command_argv(const CommandSettings& settings, const Host& host);

// e.g. "output-r1.txt": one file per repetition, so none overwrites another.
std::string output_file_name(const CommandSettings& settings, int repetition);

// "0", "0 or 1", "0, 1 or 2": how messages and plans state the accepted exit statuses.
std::string accepted_text(const std::vector<int>& statuses);

}  // namespace tuna::command
