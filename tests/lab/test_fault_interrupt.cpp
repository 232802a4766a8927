// SIGINT (Ctrl-C) and SIGTERM while `tuna run` measures over SSH in the lab: the remote
// iperf client and server are stopped on both hosts, the step before keeps its record,
// the interrupted one is recorded as such, and tuna exits 130.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <tuple>

#include "lab_env.hpp"
#include "run_record.hpp"

namespace tuna::test::lab {
namespace {

constexpr int interrupted = 130;

// The signal, and the tool: iperf2's server keeps listening after its test, so only tuna's
// stop ends it; iperf3's leaves with its client.
using Case = std::tuple<int, std::string>;

class FaultInterrupt : public LabTest, public testing::WithParamInterface<Case> {};

std::string case_name(const testing::TestParamInfo<Case>& info) {
  return fmt::format("{}_{}", sigabbrev_np(std::get<int>(info.param)), std::get<std::string>(info.param));
}

TEST_P(FaultInterrupt, StopsRemoteIperfOnBothHostsKeepsResultsAndExits130) {
  const auto& [signal, tool] = GetParam();
  TempDir dir;
  const auto pipeline = quick_then_long_pipeline(tool);
  const auto file = dir.write("pipeline.yaml", pipeline.yaml(env()));
  const auto client_command = dry_run_command(file, "upstream client", "long");
  const auto server_command = dry_run_command(file, "upstream server", "long");
  ASSERT_FALSE(client_command.empty() || server_command.empty());

  TunaProcess tuna({"run", file.string(), "--output", (dir.path() / "run").string()});
  const long client = wait_for_process(client_command, 20s);
  ASSERT_NE(client, 0) << "the long step's client never started\n" << describe(tuna.wait(1ms));
  const long server = wait_for_process(server_command, 1s);
  ASSERT_NE(server, 0) << "the long step's server is not running\n" << describe(tuna.wait(1ms));
  EXPECT_TRUE(in_namespace(client, env()["TUNA_LAB_DUT_NAMESPACE"]));
  EXPECT_TRUE(in_namespace(server, env()["TUNA_LAB_SRV_NAMESPACE"]));
  std::this_thread::sleep_for(1s);  // mid-test

  tuna.signal(signal);
  const auto signalled = std::chrono::steady_clock::now();
  const auto output = tuna.wait(30s);
  const auto took = std::chrono::steady_clock::now() - signalled;

  EXPECT_EQ(output.status, interrupted) << describe(output);
  // The client's test had 9 s to go: tuna stopped it rather than waiting.
  EXPECT_LT(took, 5s) << describe(output);
  const auto records = read_records(dir.path() / "run" / "results.jsonl");
  ASSERT_EQ(records.size(), 2u) << describe(output);
  const auto long_step = expect_first_kept_then_long_failed(records);
  EXPECT_NE(long_step.at("message").get<std::string>().find("interrupted"), std::string::npos)
      << long_step.dump();
  EXPECT_EQ(long_step.at("details").at("client").at("pid"), client) << long_step.dump();
  EXPECT_EQ(long_step.at("details").at("server").at("pid"), server) << long_step.dump();
  expect_nothing_left(long_step);
  expect_no_ssh_session_left(env());
}

INSTANTIATE_TEST_SUITE_P(Lab, FaultInterrupt,
                         testing::Combine(testing::Values(SIGINT, SIGTERM),
                                          testing::Values("iperf3", "iperf2")),
                         case_name);

}  // namespace
}  // namespace tuna::test::lab
