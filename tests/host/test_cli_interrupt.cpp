// Ctrl-C during `tuna run`: the running step stops early, what completed is kept, and tuna
// exits 130.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
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
