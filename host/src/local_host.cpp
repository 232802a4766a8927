#include "local_host.hpp"

#include "child_process.hpp"
#include "shell_quote.hpp"

namespace tuna::host {

LocalHost::LocalHost(std::string name, std::string test_address, std::map<std::string, std::string> programs)
    : name_(std::move(name)), test_address_(std::move(test_address)), programs_(std::move(programs)) {}

std::string LocalHost::program(std::string_view tool) const {
  const auto found = programs_.find(std::string(tool));
  return found == programs_.end() ? std::string(tool) : found->second;
}

std::unique_ptr<Process> LocalHost::start(const std::vector<std::string>& argv, LineHandler on_line) {
  return ChildProcess::start(argv, std::move(on_line));
}

std::string LocalHost::render(const std::vector<std::string>& argv) const { return shell_join(argv); }

}  // namespace tuna::host
