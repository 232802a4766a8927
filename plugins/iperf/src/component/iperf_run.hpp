// One iperf run in one direction: start the server, start the client as soon as the
// server listens, bound the client, then stop the server by its own handle.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <tuna/config.hpp>
#include <tuna/step.hpp>
#include <tuna/support/output_log.hpp>

#include "component/settings.hpp"

namespace tuna::iperf {

// One side's command and what it printed.
struct SideRun {
  std::string host;
  std::string command;  // as the host renders it
  long pid = 0;         // 0: never started
  std::shared_ptr<support::OutputLog> output = support::OutputLog::create();
  std::optional<ExitStatus> status;
};

struct Attempt {
  int port = 0;
  SideRun server;
  SideRun client;
  // Why there is no iperf result to read (could not start, did not listen, overran,
  // interrupted, port in use, server busy); empty when the test ran to its end.
  std::string failure;
  bool worth_retry = false;  // the port was in use or the server busy: a fresh port may do
};

struct RunRequest {
  const tuna::Config& settings;
  Tool tool;
  Host& client_host;
  Host& server_host;  // the client targets its test address
  int port;
  // Called on the step's thread while the client runs, for live echo of the server's lines.
  std::function<void(support::OutputLog& server_output)> on_progress;
};

// Every process it starts has ended when it returns, and all their output is in.
Attempt run_attempt(tuna::RunContext& context, const RunRequest& request);

}  // namespace tuna::iperf
