// The iperf step: tool choice, one run per direction (with one retry on a fresh port),
// raw files, live echo and one measurement per direction.
#pragma once

#include <tuna/config.hpp>
#include <tuna/step.hpp>

#include "component/settings.hpp"

namespace tuna::iperf {

// Who runs what in one direction: upstream the DUT is the client, downstream the server.
struct Roles {
  Host& client;
  Host& server;
};
Roles roles(tuna::RunContext& context, const tuna::Config& settings, Direction direction);

class IperfStep final : public tuna::Step {
 public:
  explicit IperfStep(tuna::Config settings) : settings_(std::move(settings)) {}
  std::vector<std::string> plan(tuna::RunContext& context) const override;
  tuna::StepResult run(tuna::RunContext& context) override;
  // In iperf_preflight.cpp.
  tuna::Preflight preflight(tuna::RunContext& context) override;

 private:
  tuna::Config settings_;
};

}  // namespace tuna::iperf
