// A host whose address is on the lab's subnet but where nobody answers: `tuna run` says
// it cannot connect to that host, within the host's connect timeout, before any step runs.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "lab_env.hpp"
#include "run_record.hpp"

namespace tuna::test::lab {
namespace {

constexpr int infrastructure_error = 3;
// LabPipeline's connect_timeout.
constexpr auto connect_timeout = 5s;
// On the bridge's subnet (198.18.0.0/24), given to no namespace: its ARP goes unanswered.
constexpr const char* silent_address = "198.18.0.77";

class FaultUnreachable : public LabTest {};

TEST_F(FaultUnreachable, HostNobodyAnswersIsAClearErrorWithinTheConnectTimeout) {
  TempDir dir;
  LabPipeline pipeline;
  pipeline.dut_address = silent_address;
  pipeline.settings = fmt::format("direction: upstream, tool: iperf3, time: 2, port: {}", own_base_port());
  const auto file = dir.write("pipeline.yaml", pipeline.yaml(env()));

  const auto started = std::chrono::steady_clock::now();
  const auto output =
      run_tuna_bounded({"run", file.string(), "--output", (dir.path() / "run").string()}, 30s);
  const auto took = std::chrono::steady_clock::now() - started;

  EXPECT_EQ(output.status, infrastructure_error) << describe(output);
  // One connection attempt, bounded by the timeout, plus tuna's own start and end.
  EXPECT_LT(took, connect_timeout + 3s) << describe(output);
  const auto host = fmt::format("host 'dut' ({}:{})", silent_address, env()["TUNA_LAB_SSH_PORT"]);
  EXPECT_NE(output.err.find("cannot connect to " + host), std::string::npos) << describe(output);
  // tuna reaches every host before the first step: nothing ran, nothing was measured.
  EXPECT_EQ(output.err.find("started"), std::string::npos) << describe(output);
  EXPECT_EQ(read_records(dir.path() / "run" / "results.jsonl").size(), 0u) << describe(output);
}

}  // namespace
}  // namespace tuna::test::lab
