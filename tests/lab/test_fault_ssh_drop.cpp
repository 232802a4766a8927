// The SSH connection to the DUT or the server drops while an iperf step runs there,
// through the real `tuna run`: the sshd processes serving tuna's session are killed. The
// step ends with a "connection lost" error, the step before it keeps its record, and the
// iperf process there, which does not die with its SSH channel (no pty), is stopped by
// its pid over a new connection: nothing tuna started is left on either host.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "lab_env.hpp"
#include "run_record.hpp"

namespace tuna::test::lab {
namespace {

constexpr int infrastructure_error = 3;

// Which host's connection drops: the DUT's (the iperf client's) or the server's.
struct Node {
  std::string name;        // in the pipeline
  std::string lab_node;    // dut | srv, as lab.sh names its state directories
  std::string env_prefix;  // TUNA_LAB_DUT | TUNA_LAB_SRV
  std::string side;        // the iperf side running there
};
// gtest names the case by this (ctest shows it), not by the struct's bytes.
void PrintTo(const Node& node, std::ostream* out) { *out << node.name; }

// The node, and the tool: iperf2's server keeps listening after its test (-t bounds it),
// so only tuna's stop by pid ends it once its channel is gone.
using Case = std::tuple<Node, std::string>;

class FaultSshDrop : public LabTest, public testing::WithParamInterface<Case> {
 protected:
  // The sshd processes serving tuna's connection to the host, children of the lab's sshd.
  std::vector<long> serving(pid_t tuna) const {
    const auto& node = std::get<Node>(GetParam());
    const auto listener =
        read_file(std::filesystem::path(env()["TUNA_LAB_DIR"]) / node.lab_node / "sshd.pid");
    return sshd_processes_serving(tuna, env()[node.env_prefix + "_NAMESPACE"],
                                  env()[node.env_prefix + "_ADDRESS"], env()["TUNA_LAB_SSH_PORT"],
                                  std::stol(listener));
  }
};

TEST_P(FaultSshDrop, ConnectionLostMidStepIsAnErrorKeepsEarlierRecordsAndStopsTheRemoteIperf) {
  const auto& [node, tool] = GetParam();
  TempDir dir;
  const auto pipeline = quick_then_long_pipeline(tool);
  const auto file = dir.write("pipeline.yaml", pipeline.yaml(env()));
  const auto command = dry_run_command(file, "upstream " + node.side, "long");
  ASSERT_FALSE(command.empty());

  TunaProcess tuna({"run", file.string(), "--output", (dir.path() / "run").string()});
  const long iperf = wait_for_process(command, 20s);
  ASSERT_NE(iperf, 0) << "the long step's " << node.side << " never started\n" << describe(tuna.wait(1ms));
  ASSERT_TRUE(in_namespace(iperf, env()[node.env_prefix + "_NAMESPACE"]));
  std::this_thread::sleep_for(1500ms);  // mid-test

  const auto sshd = serving(tuna.pid());
  ASSERT_FALSE(sshd.empty()) << "no sshd process serves tuna's connection to " << node.name;
  // The monitor's end may take its child with it before that child's own kill.
  for (const long pid : sshd)
    EXPECT_TRUE(kill(static_cast<pid_t>(pid), SIGKILL) == 0 || errno == ESRCH) << pid;
  const auto dropped = std::chrono::steady_clock::now();
  const auto output = tuna.wait(30s);
  const auto took = std::chrono::steady_clock::now() - dropped;

  EXPECT_EQ(output.status, infrastructure_error) << describe(output);
  // The test had 8 s to go: tuna did not wait for it.
  EXPECT_LT(took, 5s) << describe(output);
  const auto records = read_records(dir.path() / "run" / "results.jsonl");
  ASSERT_EQ(records.size(), 2u) << describe(output);
  const auto long_step = expect_first_kept_then_long_failed(records);
  const auto message = long_step.at("message").get<std::string>();
  EXPECT_NE(message.find(fmt::format("the connection to host '{}'", node.name)), std::string::npos)
      << message;
  EXPECT_NE(message.find("was lost"), std::string::npos) << message;
  EXPECT_EQ(long_step.at("details").at(node.side).at("pid"), iperf) << long_step.dump();
  // The iperf process outlived its channel, with seconds of test left: tuna stopped it
  // (init reaps the orphan a moment later; on this machine up to about 2 s).
  EXPECT_TRUE(wait_for_exit(iperf, 3s)) << "still runs: " << command_line_of(iperf);
  // ...and says so in the run's log, with the pid it stopped.
  EXPECT_NE(read_file(dir.path() / "run" / "tuna.log")
                .find(fmt::format("stopped remote process {} by its pid over a new connection", iperf)),
            std::string::npos);
  expect_nothing_left(long_step);
  expect_no_ssh_session_left(env());
}

INSTANTIATE_TEST_SUITE_P(Lab, FaultSshDrop,
                         testing::Combine(testing::Values(Node{"dut", "dut", "TUNA_LAB_DUT", "client"},
                                                          Node{"server", "srv", "TUNA_LAB_SRV", "server"}),
                                          testing::Values("iperf3", "iperf2")),
                         [](const testing::TestParamInfo<Case>& info) {
                           return std::get<Node>(info.param).name + "_" + std::get<std::string>(info.param);
                         });

}  // namespace
}  // namespace tuna::test::lab
