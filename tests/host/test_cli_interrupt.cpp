// Ctrl-C during `tuna run`: the running step stops early, what completed is kept, and tuna
// exits 130.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "run_tuna.hpp"
#include "tuna_process.hpp"

using namespace std::chrono_literals;
using tuna::test::read_file;
using tuna::test::TempDir;

namespace {

// Runs `tuna run <arguments>` with its stderr in `log`, sends `signal` once that log says
// `started` (a step has begun: the interrupt then lands inside it), and returns how tuna
// ended (-1 if it had to be killed).
struct Interrupted {
  int exit_status = -1;
  bool started = false;  // the log said so before the interrupt
  std::chrono::steady_clock::duration took_after_interrupt{};
};
Interrupted interrupt_run(const std::vector<std::string>& arguments, const std::string& started,
                          const std::string& log, int signal = SIGINT) {
  std::vector<std::string> args{"run"};
  args.insert(args.end(), arguments.begin(), arguments.end());
  tuna::test::TunaProcess tuna(args, log);
  Interrupted ended;
  if (!tuna.started()) return ended;
  ended.started = tuna.wait_for_log(started, 20s);
  const auto interrupted_at = std::chrono::steady_clock::now();
  tuna.signal(signal);
  ended.exit_status = tuna.wait(20s);
  ended.took_after_interrupt = std::chrono::steady_clock::now() - interrupted_at;
  return ended;
}

// The processes whose command line has `-p PORT`: the iperf servers and clients of a step
// given that port, which no other test uses.
std::set<int> processes_on_port(int port) {
  std::set<int> found;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const auto name = entry.path().filename().string();
    if (!std::ranges::all_of(name, [](unsigned char c) { return std::isdigit(c); })) continue;
    std::vector<std::string> argv;
    std::istringstream words(read_file(entry.path() / "cmdline"));
    for (std::string word; std::getline(words, word, '\0');) argv.push_back(word);
    for (std::size_t i = 0; i + 1 < argv.size(); ++i)
      if (argv[i] == "-p" && argv[i + 1] == std::to_string(port)) found.insert(std::stoi(name));
  }
  return found;
}

}  // namespace

TEST(CliInterrupt, SigintStopsTheStepKeepsTheResultsAndExits130) {
  TempDir dir;
  const auto file = dir.write("long.yaml",
                              "name: long\n"
                              "steps:\n"
                              "  - name: quick\n"
                              "    component: sleep\n"
                              "    settings: { seconds: 0.05 }\n"
                              "  - name: nap\n"
                              "    component: sleep\n"
                              "    settings: { seconds: 60 }\n"
                              "  - name: never\n"
                              "    component: sleep\n"
                              "    settings: { seconds: 0.05 }\n");
  const auto out = dir.path() / "run";
  const auto log = (dir.path() / "stderr").string();
  const auto ended =
      interrupt_run({file.string(), "--output", out.string()}, "step 'nap' (sleep) #1 started", log);
  ASSERT_TRUE(ended.started) << read_file(log);
  EXPECT_LT(ended.took_after_interrupt, 10s);  // not the 60 s nap
  EXPECT_EQ(ended.exit_status, 130) << read_file(log);

  const auto results = out / "results.jsonl";
  const auto kept = tuna::test::read_records(results);
  ASSERT_EQ(kept.size(), 2u) << read_file(results);
  EXPECT_EQ(kept[0]["step"], "quick");
  EXPECT_EQ(kept[0]["status"], "passed");
  EXPECT_EQ(kept[1]["step"], "nap");
  EXPECT_EQ(kept[1]["status"], "error");  // it did not measure what it was asked to
}

// The interrupted run continues where it stopped: what it measured is not run again, the
// interrupted step runs whole, and the results file holds both runs.
TEST(CliInterrupt, ResumeRunsOnlyWhatTheInterruptedRunDidNotMeasure) {
  TempDir dir;
  const std::string pipeline =
      "name: resumable\n"
      "steps:\n"
      "  - name: quick\n"
      "    component: sleep\n"
      "    repeat: 2\n"
      "    settings: { seconds: 0.02 }\n"
      "  - name: nap\n"
      "    component: sleep\n"
      "    settings: { seconds: 1.5 }\n"
      "  - name: after\n"
      "    component: sleep\n"
      "    settings: { seconds: 0.02 }\n";
  const auto file = dir.write("resumable.yaml", pipeline);
  const auto out = dir.path() / "run";
  const auto log = (dir.path() / "stderr").string();
  const auto ended =
      interrupt_run({file.string(), "--output", out.string()}, "step 'nap' (sleep) #1 started", log);
  ASSERT_TRUE(ended.started) << read_file(log);
  ASSERT_EQ(ended.exit_status, 130) << read_file(log);
  ASSERT_EQ(tuna::test::read_records(out / "results.jsonl").size(),
            3u);  // quick #1, #2 and the interrupted nap

  auto resumed = tuna::test::run_tuna("run " + file.string() + " --resume " + out.string());
  EXPECT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_THAT(resumed.err, testing::HasSubstr("2 step repetitions (2 records) already measured"));
  std::map<std::string, std::vector<std::string>> statuses;
  for (const auto& record : tuna::test::read_records(out / "results.jsonl"))
    statuses[record["step"].get<std::string>()].push_back(record["status"]);
  EXPECT_EQ(statuses["quick"], (std::vector<std::string>{"passed", "passed"}));
  EXPECT_EQ(statuses["nap"], (std::vector<std::string>{"error", "passed"}));
  EXPECT_EQ(statuses["after"], (std::vector<std::string>{"passed"}));

  // Only the pipeline that began the run may continue it.
  const auto other = dir.write(
      "other.yaml", pipeline + "  - name: extra\n    component: sleep\n    settings: { seconds: 0.01 }\n");
  auto refused = tuna::test::run_tuna("run " + other.string() + " --resume " + out.string());
  EXPECT_EQ(refused.status, 2);
  EXPECT_THAT(refused.err, testing::HasSubstr("is not this pipeline"));
  EXPECT_EQ(tuna::test::run_tuna("run " + file.string() + " --resume " + dir.path().string()).status, 2);
}

// kill -9 gives tuna no chance to tidy up: every record completed before it is whole in
// results.jsonl (each written with one write and flushed), and `tuna report` reads them.
TEST(CliInterrupt, KillMinusNineLeavesEveryCompletedRecordWhole) {
  TempDir dir;
  const auto file = dir.write("killed.yaml",
                              "name: killed\n"
                              "steps:\n"
                              "  - name: quick\n"
                              "    component: sleep\n"
                              "    repeat: 3\n"
                              "    settings: { seconds: 0.01 }\n"
                              "  - name: nap\n"
                              "    component: sleep\n"
                              "    settings: { seconds: 60 }\n");
  const auto out = dir.path() / "run";
  const auto log = (dir.path() / "stderr").string();
  const auto ended =
      interrupt_run({file.string(), "--output", out.string()}, "step 'nap' (sleep) #1 started", log, SIGKILL);
  ASSERT_TRUE(ended.started) << read_file(log);
  EXPECT_EQ(ended.exit_status, 128 + SIGKILL);
  const auto text = read_file(out / "results.jsonl");
  const auto kept = tuna::test::read_records(out / "results.jsonl");
  ASSERT_EQ(kept.size(), 3u) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3) << "no torn line";
  for (const auto& record : kept) EXPECT_EQ(record["status"], "passed");
  const auto report = tuna::test::run_tuna("report " + out.string());
  EXPECT_EQ(report.status, 0) << report.err;
  EXPECT_THAT(read_file(out / "junit.xml"), testing::HasSubstr("name=\"quick #3\""));
}

// SIGTERM (a CI job cancelled, a service stopped) is an interrupt like Ctrl-C.
TEST(CliInterrupt, SigtermIsAnInterruptToo) {
  TempDir dir;
  const auto file = dir.write("term.yaml",
                              "steps:\n"
                              "  - name: nap\n"
                              "    component: sleep\n"
                              "    settings: { seconds: 60 }\n");
  const auto out = dir.path() / "run";
  const auto log = (dir.path() / "stderr").string();
  const auto ended =
      interrupt_run({file.string(), "--output", out.string()}, "step 'nap' (sleep) #1 started", log, SIGTERM);
  ASSERT_TRUE(ended.started) << read_file(log);
  EXPECT_EQ(ended.exit_status, 130) << read_file(log);
  EXPECT_LT(ended.took_after_interrupt, 10s);
  const auto kept = tuna::test::read_records(out / "results.jsonl");
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0]["status"], "error");
}

// An interrupt while local iperf runs (a loopback server and client started by tuna): both
// are stopped before tuna exits 130, the interrupted measurement is kept with their pids,
// and the next step does not run. Each case has a port of its own.
struct LocalIperfCase {
  std::string tool;
  int signal;
  int port;
};

class CliInterruptLocalIperf : public testing::TestWithParam<LocalIperfCase> {};

TEST_P(CliInterruptLocalIperf, EveryIperfTunaStartedIsStoppedAndTheRunExits130) {
  const auto& param = GetParam();
  TempDir dir;
  const auto file =
      dir.write("iperf.yaml", fmt::format("name: local-iperf\n"
                                          "hosts:\n"
                                          "  here: {{ address: localhost, test_address: 127.0.0.1 }}\n"
                                          "steps:\n"
                                          "  - name: throughput\n"
                                          "    component: iperf\n"
                                          "    settings: {{ dut: here, server: here, tool: {}, port: {},\n"
                                          "                direction: upstream, time: 60 }}\n"
                                          "  - name: never\n"
                                          "    component: sleep\n"
                                          "    settings: {{ seconds: 0.01 }}\n",
                                          param.tool, param.port));
  const auto out = dir.path() / "run";
  tuna::test::TunaProcess tuna({"run", file.string(), "--output", out.string()},
                               (dir.path() / "stderr").string());
  ASSERT_TRUE(tuna.wait_for_log("step 'throughput' (iperf) #1 started", 20s)) << tuna.log();
  std::set<int> running;
  ASSERT_TRUE(
      tuna::test::wait_for([&] { return (running = processes_on_port(param.port)).size() == 2; }, 20s))
      << "iperf server and client on port " << param.port << ": " << running.size() << "\n"
      << tuna.log();
  // Traffic flows: the server has reported its first interval.
  ASSERT_TRUE(tuna.wait_for_log("[throughput] upstream server: ", 20s)) << tuna.log();
  const auto interrupted_at = std::chrono::steady_clock::now();
  tuna.signal(param.signal);
  const int status = tuna.wait(20s);
  EXPECT_LT(std::chrono::steady_clock::now() - interrupted_at, 10s);  // not the 60 s test
  EXPECT_EQ(status, 130) << tuna.log();
  EXPECT_THAT(processes_on_port(param.port), testing::IsEmpty()) << "left running";
  for (const int pid : running) EXPECT_FALSE(std::filesystem::exists(fmt::format("/proc/{}", pid))) << pid;

  const auto kept = tuna::test::read_records(out / "results.jsonl");
  ASSERT_EQ(kept.size(), 1u) << tuna.log();
  EXPECT_EQ(kept[0]["step"], "throughput");
  EXPECT_EQ(kept[0]["status"], "error");
  EXPECT_THAT(kept[0]["message"].get<std::string>(), testing::HasSubstr("interrupted"));
  EXPECT_EQ(kept[0]["details"]["pids"].get<std::set<int>>(), running)
      << "the pids tuna kept are the ones it ran";
  EXPECT_THAT(tuna.log(), testing::Not(testing::HasSubstr("step 'never'")));
  EXPECT_TRUE(std::filesystem::exists(out / "junit.xml")) << "the reports are written after an interrupt";
}

INSTANTIATE_TEST_SUITE_P(
    ToolsAndSignals, CliInterruptLocalIperf,
    testing::Values(LocalIperfCase{"iperf3", SIGINT, 25701}, LocalIperfCase{"iperf3", SIGTERM, 25711},
                    LocalIperfCase{"iperf2", SIGINT, 25721}, LocalIperfCase{"iperf2", SIGTERM, 25731}),
    [](const auto& info) { return info.param.tool + (info.param.signal == SIGINT ? "Sigint" : "Sigterm"); });
