// The ping step: runs ping on the `from` host, watches its replies live, stops it when
// the target is reachable (until_reachable) or the step's time is up, and records one
// measurement with the raw output saved beside it.
#pragma once

#include <tuna/config.hpp>
#include <tuna/step.hpp>

namespace tuna::ping {

class PingStep final : public tuna::Step {
 public:
  explicit PingStep(tuna::Config settings) : settings_(std::move(settings)) {}
  std::vector<std::string> plan(tuna::RunContext& context) const override;
  tuna::StepResult run(tuna::RunContext& context) override;
  // In ping_preflight.cpp.
  tuna::Preflight preflight(tuna::RunContext& context) override;

 private:
  tuna::Config settings_;
};

}  // namespace tuna::ping
