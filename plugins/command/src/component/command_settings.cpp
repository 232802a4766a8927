#include "component/command_settings.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <range/v3/range/conversion.hpp>
#include <range/v3/view/transform.hpp>

namespace tuna::command {

CommandSettings read_settings(const tuna::Config& settings) {
  CommandSettings read;
  read.host = settings.string("host");
  read.shell = settings.written("shell");
  read.words = read.shell ? std::vector<std::string>{"sh", "-c", settings.string("shell")} : settings.list("argv");
  read.timeout_seconds = settings.number("timeout");
  // The schema checked every element as an integer in range; lists keep canonical text.
  read.accepted_statuses = settings.list("expect_status") |
                           ranges::views::transform([](const std::string& text) { return std::stoi(text); }) |
                           ranges::to<std::vector>();
  read.output = settings.string("output");
  return read;
}

std::vector<std::string> command_argv(const CommandSettings& settings, const Host& host) {
  auto argv = settings.words;
  if (!argv.empty()) argv.front() = host.program(argv.front());
  return argv;
}

std::string output_file_name(const CommandSettings& settings, int repetition) {
  return fmt::format("{}-r{}.txt", settings.output, repetition);
}

std::string accepted_text(const std::vector<int>& statuses) {
  if (statuses.size() <= 1) return fmt::format("{}", fmt::join(statuses, ""));
  const std::vector<int> all_but_last(statuses.begin(), statuses.end() - 1);
  return fmt::format("{} or {}", fmt::join(all_but_last, ", "), statuses.back());
}

}  // namespace tuna::command
