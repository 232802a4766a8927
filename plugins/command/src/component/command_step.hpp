// The command step: plan, run (one measurement, one output file) and preflight.
#pragma once

#include <tuna/step.hpp>

#include "component/command_settings.hpp"

namespace tuna::command {

class CommandStep final : public tuna::Step {
 public:
  explicit CommandStep(CommandSettings settings) : settings_(std::move(settings)) {}
  std::vector<std::string> plan(tuna::RunContext& context) const override;
  tuna::StepResult run(tuna::RunContext& context) override;
  // That the program exists on the host, asked with `command -v`.
  tuna::Preflight preflight(tuna::RunContext& context) override;

 private:
  CommandSettings settings_;
};

}  // namespace tuna::command
