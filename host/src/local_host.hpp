// The machine tuna runs on: commands run as local child processes.
#pragma once

#include <map>
#include <string>
#include <tuna/host.hpp>
#include <vector>

namespace tuna::host {

class LocalHost final : public tuna::Host {
 public:
  // programs: tool name -> the program (a name looked up in PATH, or a path) to run for
  // it, e.g. "iperf3" -> "/opt/iperf/bin/iperf3". Tools not in the map run as themselves.
  // prefix: words put before every command, e.g. {"sudo", "-n"}.
  LocalHost(std::string name, std::string test_address, std::map<std::string, std::string> programs = {},
            std::vector<std::string> prefix = {});

  const std::string& name() const override { return name_; }
  const std::string& test_address() const override { return test_address_; }
  std::string program(std::string_view tool) const override;
  std::unique_ptr<Process> start(const std::vector<std::string>& argv, LineHandler on_line) override;
  // What to paste into a shell to run the same command.
  std::string render(const std::vector<std::string>& argv) const override;

 private:
  std::string name_;
  std::string test_address_;
  std::map<std::string, std::string> programs_;
  std::vector<std::string> prefix_;
};

}  // namespace tuna::host
