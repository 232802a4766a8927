// configs/command.yaml as a user runs it: each step's output file holds what the same
// command prints when the test runs it itself, and the route check passes exactly when
// this machine has a default route.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

#include "command_pipeline.hpp"

namespace tuna::command_test {
namespace {

namespace fs = std::filesystem;

// What `command` prints on stdout, run by the test with the shell.
std::string printed_by(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string out;
  char buffer[4096];
  while (pipe && std::fgets(buffer, sizeof buffer, pipe.get())) out += buffer;
  return out;
}

TEST(CommandExampleConfig, RunsAndKeepsEachCommandsOutput) {
  TempDir dir;
  const auto run = dir.path() / "run";
  const auto ran = test::run_tuna("run " + std::string(TUNA_SOURCE_DIR) + "/configs/command.yaml -o " + run.string());
  const auto records = test::read_records(run / "results.jsonl");
  ASSERT_EQ(records.size(), 3u) << ran.err;

  EXPECT_EQ(records[0]["step"], "kernel");
  EXPECT_EQ(records[0]["status"], "passed");
  EXPECT_EQ(unstamped(run / "raw" / "kernel" / "kernel-r1.txt", "out"), printed_by("uname -a"));

  const bool has_default_route = !printed_by("ip route show | grep '^default'").empty();
  EXPECT_EQ(records[2]["step"], "default-route");
  EXPECT_EQ(records[2]["status"], has_default_route ? "passed" : "failed") << records[2].dump();
  EXPECT_EQ(ran.status, has_default_route ? 0 : 1) << ran.err;
}

}  // namespace
}  // namespace tuna::command_test
