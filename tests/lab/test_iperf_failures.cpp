// The iperf step over SSH when something goes wrong on a remote host: a clear step error,
// exit 3, and nothing of the run left running.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "lab_env.hpp"
#include "run_record.hpp"

namespace tuna::test::lab {
namespace {

constexpr int infrastructure_error = 3;

class IperfFailures : public LabTest {};

TEST_F(IperfFailures, IperfServerKilledMidTestIsAStepErrorAndLeavesNothingRunning) {
  TempDir dir;
  LabPipeline pipeline;
  // A port of this test's own, so the server's command line is this run's alone.
  pipeline.settings = fmt::format("direction: upstream, tool: iperf3, time: 10, port: {}", 20000 + getpid() % 20000);
  const auto file = dir.write("pipeline.yaml", pipeline.yaml(env()));
  const auto server_command = dry_run_command(file, "upstream server");
  const auto client_command = dry_run_command(file, "upstream client");
  ASSERT_FALSE(server_command.empty());

  TunaProcess tuna({"run", file.string(), "--output", (dir.path() / "run").string()});
  const long server = wait_for_process(server_command, 10s);
  ASSERT_NE(server, 0) << "no process runs '" << server_command << "'\n" << describe(tuna.wait(1ms));
  ASSERT_TRUE(in_namespace(server, env()["TUNA_LAB_SRV_NAMESPACE"])) << server << " is not on the server host";
  // Mid-test: once the client sends, and a second into it.
  ASSERT_NE(wait_for_process(client_command, 10s), 0) << "the client never started\n" << describe(tuna.wait(1ms));
  std::this_thread::sleep_for(1s);

  ASSERT_EQ(kill(server, SIGKILL), 0);
  const auto killed = std::chrono::steady_clock::now();
  const auto output = tuna.wait(20s);
  const auto took = std::chrono::steady_clock::now() - killed;

  EXPECT_EQ(output.status, infrastructure_error) << describe(output);
  // The client's test had 8 s to go: tuna did not wait for it.
  EXPECT_LT(took, 3s) << describe(output);
  const auto records = read_records(dir.path() / "run" / "results.jsonl");
  ASSERT_EQ(records.size(), 1u) << describe(output);
  EXPECT_EQ(records[0].at("status"), "error");
  // iperf's own words for what the client saw ("Connection reset by peer", "control
  // socket has closed unexpectedly"), and how the server ended.
  EXPECT_NE(records[0].at("message").get<std::string>().find("iperf: "), std::string::npos) << records[0].dump();
  EXPECT_EQ(records[0].at("details").at("server").at("exit").at("signal"), SIGKILL) << records[0].dump();
  expect_nothing_left(records[0]);
  expect_no_ssh_session_left(env());
}

TEST_F(IperfFailures, MissingRemoteIperfNamesTheHostAndTheTool) {
  TempDir dir;
  LabPipeline pipeline;
  pipeline.server_name = "traffic-gen";
  pipeline.server_extra = "programs: { iperf3: /nonexistent/iperf3 }";
  pipeline.settings = "direction: upstream, tool: iperf3, time: 2";
  const auto file = dir.write("pipeline.yaml", pipeline.yaml(env()));

  const auto output = run_tuna_bounded({"run", file.string(), "--output", (dir.path() / "run").string()});

  EXPECT_EQ(output.status, infrastructure_error) << describe(output);
  const auto records = read_records(dir.path() / "run" / "results.jsonl");
  ASSERT_EQ(records.size(), 1u) << describe(output);
  EXPECT_EQ(records[0].at("status"), "error");
  for (const auto& said : {records[0].at("message").get<std::string>(), output.err}) {
    EXPECT_NE(said.find("traffic-gen"), std::string::npos) << "the host is not named: " << said;
    EXPECT_NE(said.find("iperf3"), std::string::npos) << "the tool is not named: " << said;
  }
}

}  // namespace
}  // namespace tuna::test::lab
