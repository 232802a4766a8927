// One run of the command on its host: start it, wait for it within its timeout and the
// step's deadline, stop it by its own handle when it overruns or the run is interrupted.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <tuna/step.hpp>
#include <tuna/support/output_log.hpp>

namespace tuna::command {

struct CommandRun {
  std::string host;
  std::string command;  // as the host renders it
  long pid = 0;         // 0: never started
  std::shared_ptr<support::OutputLog> output = support::OutputLog::create();
  std::optional<ExitStatus> status;  // how it ended, also when tuna stopped it
  std::string start_error;           // why it could not start; empty when it did
  // Why tuna stopped it (timeout, step deadline, interrupt); empty when it ended by itself.
  std::string stopped_because;
  double seconds = 0;  // from start to its end
};

// Every line the command printed is in `output` when this returns, and the command has
// ended (stopped, TERM then KILL, if it had to be).
CommandRun run_command(tuna::RunContext& context, Host& host, const std::vector<std::string>& argv,
                       double timeout_seconds);

}  // namespace tuna::command
