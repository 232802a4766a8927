// The step of the `readout` component: runs a short command on a host, takes a number
// from its output and records it as a metric.
#pragma once

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <tuna/plugin_api.hpp>
#include <vector>

namespace readout {

// The settings, read once from the validated Config (see readout_plugin.cpp's schema).
struct Settings {
  std::string host;
  std::vector<std::string> command;
  std::string metric;
  std::string unit;
  std::string pattern;  // one capture group: the number
  double scale = 1;
  int samples = 1;
  std::chrono::duration<double> interval{1};
  std::chrono::duration<double> timeout{5};
};

// What `pattern` means when the user writes none: the first number in the output.
inline constexpr const char* first_number = R"(([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?))";

// The number `pattern`'s capture group finds in `text`, if any.
std::optional<double> read_number(const std::string& text, const std::regex& pattern);

class ReadoutStep final : public tuna::Step {
 public:
  explicit ReadoutStep(Settings settings);

  std::vector<std::string> plan(tuna::RunContext& context) const override;
  tuna::StepResult run(tuna::RunContext& context) override;
  tuna::Preflight preflight(tuna::RunContext& context) override;

 private:
  struct Sample {
    std::optional<double> value;
    std::string problem;  // why there is no value
  };
  // Runs the command once, keeping its output lines in `raw`; gives up at the step deadline.
  Sample take_sample(tuna::RunContext& context, std::vector<tuna::OutputLine>& raw) const;
  std::vector<std::string> argv(tuna::Host& host) const;

  Settings settings_;
  std::regex pattern_;
};

}  // namespace readout
