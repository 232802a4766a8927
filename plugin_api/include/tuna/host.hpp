// The machines a step works on. The host program implements these for local child
// processes and for SSH; a component only sees this interface, so it runs the same
// everywhere.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tuna {

using Clock = std::chrono::steady_clock;

enum class Stream { out, err };

// One line of a command's output, without its newline, stamped when it arrived.
struct OutputLine {
  Stream stream;
  std::string text;
  std::chrono::system_clock::time_point received;
};

// Called for every line as it arrives, from a thread of the host's; keep it short and
// thread-safe.
using LineHandler = std::function<void(const OutputLine&)>;

struct ExitStatus {
  int code = -1;    // exit code when the command exited by itself
  int signal = 0;   // the signal that ended it, 0 if none
  bool exited_normally() const { return signal == 0 && code >= 0; }
};

// A command started on a host. Destroying it stops the command if it still runs.
class Process {
 public:
  virtual ~Process() = default;
  // The command's pid on its host (for logs; stop() is how to end it).
  virtual long pid() const = 0;
  // Waits until the command ends or `until` passes; nullopt if it still runs.
  virtual std::optional<ExitStatus> wait_until(Clock::time_point until) = 0;
  // Stops this command and only this one: TERM, then KILL after `grace`.
  // Returns how it ended. Safe to call on a command that already ended.
  virtual ExitStatus stop(std::chrono::milliseconds grace) = 0;
};

// The outcome of a short command run to completion.
struct CommandOutput {
  ExitStatus status;
  std::string out;
  std::string err;
  bool timed_out = false;
  bool started = true;  // false: the program could not be started (for example not found)
};

class Host {
 public:
  virtual ~Host() = default;
  virtual const std::string& name() const = 0;
  // The data-plane address that test traffic to this host uses.
  virtual const std::string& test_address() const = 0;
  // The program to run for a tool name on this host (a host may map "iperf3" to a path).
  virtual std::string program(std::string_view tool) const = 0;
  // Starts `argv` (argv[0] is the program) with no shell in between. Output arrives
  // line by line through `on_line`. Throws std::runtime_error when it cannot start.
  virtual std::unique_ptr<Process> start(const std::vector<std::string>& argv,
                                         LineHandler on_line) = 0;
  // The command exactly as this host would run it, for dry runs and results.
  virtual std::string render(const std::vector<std::string>& argv) const = 0;

  // Runs a short command to completion, stopping it when `timeout` passes.
  CommandOutput run(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
    CommandOutput result;
    std::unique_ptr<Process> process;
    auto collect = [&result](const OutputLine& line) {
      (line.stream == Stream::out ? result.out : result.err) += line.text + "\n";
    };
    try {
      process = start(argv, collect);
    } catch (const std::exception& e) {
      result.started = false;
      result.err = e.what();
      return result;
    }
    auto status = process->wait_until(Clock::now() + timeout);
    if (!status) {
      result.timed_out = true;
      status = process->stop(std::chrono::milliseconds(500));
    }
    result.status = *status;
    process.reset();  // joins the reader: all output has been collected
    return result;
  }
};

}  // namespace tuna
