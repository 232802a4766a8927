#include "local_host.hpp"

#include "child_process.hpp"
#include "shell_quote.hpp"

namespace tuna::host {

LocalHost::LocalHost(std::string name, std::string test_address, std::map<std::string, std::string> programs,
                     std::vector<std::string> prefix)
    : name_(std::move(name)),
      test_address_(std::move(test_address)),
      programs_(std::move(programs)),
      prefix_(std::move(prefix)) {}

namespace {
std::vector<std::string> prefixed(const std::vector<std::string>& prefix,
                                  const std::vector<std::string>& argv) {
  auto words = prefix;
  words.insert(words.end(), argv.begin(), argv.end());
  return words;
}
}  // namespace

std::string LocalHost::program(std::string_view tool) const {
  const auto found = programs_.find(std::string(tool));
  return found == programs_.end() ? std::string(tool) : found->second;
}

std::unique_ptr<Process> LocalHost::start(const std::vector<std::string>& argv, LineHandler on_line) {
  return ChildProcess::start(prefixed(prefix_, argv), std::move(on_line));
}

std::string LocalHost::render(const std::vector<std::string>& argv) const {
  return shell_join(prefixed(prefix_, argv));
}

}  // namespace tuna::host
