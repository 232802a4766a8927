// The lab link to the traffic server goes down while an iperf client on the DUT sends to
// it: the client hangs, and tuna stops it at time + timeout_margin, records a step error
// that says so, and, once the link is back, leaves no iperf running on either host.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "lab_env.hpp"
#include "run_record.hpp"

namespace tuna::test::lab {
namespace {

constexpr int infrastructure_error = 3;
constexpr auto test_time = 2s;
constexpr auto timeout_margin = 1500ms;

class FaultLinkDown : public LabTest {};

TEST_F(FaultLinkDown, HungClientIsStoppedAtTimePlusMarginAndNothingIsLeft) {
  TempDir dir;
  LabPipeline pipeline;
  pipeline.settings =
      fmt::format("direction: upstream, tool: iperf3, time: {}, timeout_margin: {}, port: {}",
                  test_time.count(), std::chrono::duration<double>(timeout_margin).count(), own_base_port());
  const auto file = dir.write("pipeline.yaml", pipeline.yaml(env()));
  const auto client_command = dry_run_command(file, "upstream client");
  ASSERT_FALSE(client_command.empty());

  TunaProcess tuna({"run", file.string(), "--output", (dir.path() / "run").string()});
  const long client = wait_for_process(client_command, 20s);
  ASSERT_NE(client, 0) << "the client never started\n" << describe(tuna.wait(1ms));
  const auto client_seen = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(500ms);  // mid-test
  {
    // The server's end of its veth, on the bridge (tests/lab/README.md, Topology).
    LinkDown link("tuna-srv-br");
    // The client cannot finish its test without the server: only tuna ends it.
    EXPECT_TRUE(wait_for_exit(client, test_time + timeout_margin + 5s)) << "the client was never stopped";
    const auto client_ran = std::chrono::steady_clock::now() - client_seen;
    EXPECT_GE(client_ran, test_time + timeout_margin - 200ms);
    EXPECT_LT(client_ran, test_time + timeout_margin + 2s);
  }  // the link is back: tuna can reach the server to stop it
  const auto output = tuna.wait(40s);

  EXPECT_EQ(output.status, infrastructure_error) << describe(output);
  const auto records = read_records(dir.path() / "run" / "results.jsonl");
  ASSERT_EQ(records.size(), 1u) << describe(output);
  EXPECT_EQ(records[0].at("status"), "error");
  EXPECT_NE(
      records[0].at("message").get<std::string>().find("the iperf client on dut did not finish in time"),
      std::string::npos)
      << records[0].dump();
  expect_nothing_left(records[0]);
  expect_no_ssh_session_left(env());
}

}  // namespace
}  // namespace tuna::test::lab
