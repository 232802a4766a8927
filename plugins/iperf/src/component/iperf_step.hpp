// The iperf step: tool choice, one run per direction (with one retry on a fresh port),
// raw files, live echo and one measurement per direction.
#pragma once

#include <tuna/config.hpp>
#include <tuna/step.hpp>

namespace tuna::iperf {

class IperfStep final : public tuna::Step {
 public:
  explicit IperfStep(tuna::Config settings) : settings_(std::move(settings)) {}
  std::vector<std::string> plan(tuna::RunContext& context) const override;
  tuna::StepResult run(tuna::RunContext& context) override;

 private:
  tuna::Config settings_;
};

}  // namespace tuna::iperf
