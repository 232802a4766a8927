// Command steps run for real on this machine through `tuna run`: the verdict from the exit
// status, the output file against what the command printed, hostile arguments reaching
// the program literally, timeouts that leave no process behind, dry runs and preflight.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>

#include "command_pipeline.hpp"

namespace tuna::command_test {
namespace {

using testing::HasSubstr;
using testing::Not;
namespace fs = std::filesystem;

double metric(const json& record, const std::string& name) { return record["metrics"][name]["value"].get<double>(); }

TEST(CommandLocalRun, HostileArgumentsReachTheProgramLiterallyAndTheFileHoldsWhatItPrinted) {
  CommandPipeline pipeline;
  const auto words = hostile_words(pipeline.dir().path());
  pipeline.step("hostile", "      argv: " + yaml_list(printf_argv(words)) + "\n");
  const auto run = pipeline.run();
  ASSERT_EQ(run.status, 0) << run.err;
  expect_nothing_executed(pipeline.dir().path());
  const auto record = pipeline.record("hostile");
  EXPECT_EQ(record["status"], "passed");
  EXPECT_EQ(metric(record, "exit_status"), 0);
  EXPECT_GT(metric(record, "duration"), 0);
  EXPECT_EQ(unstamped(pipeline.output_file(record)), one_per_line(words));
  EXPECT_EQ(unstamped(pipeline.output_file(record), "err"), "");
}

TEST(CommandLocalRun, AnAcceptedStatusPassesAndAnotherFailsNamingItAndTheLastStderrLines) {
  const std::string script = "for i in 1 2 3 4 5; do echo \"err line $i\" >&2; done; echo out-line; exit 3";
  CommandPipeline pipeline;
  pipeline.step("accepted", "      shell: " + yaml_text(script) + "\n      expect_status: [0, 3]\n")
      .step("refused", "      shell: " + yaml_text(script) + "\n      output: refused\n");
  const auto run = pipeline.run();
  EXPECT_EQ(run.status, 1) << run.err;

  const auto accepted = pipeline.record("accepted");
  EXPECT_EQ(accepted["status"], "passed");
  EXPECT_EQ(metric(accepted, "exit_status"), 3);

  const auto refused = pipeline.record("refused");
  EXPECT_EQ(refused["status"], "failed");
  EXPECT_EQ(metric(refused, "exit_status"), 3);
  const auto message = refused["message"].get<std::string>();
  EXPECT_THAT(message, HasSubstr("exit status 3, expected 0"));
  EXPECT_THAT(message, HasSubstr("err line 3 | err line 4 | err line 5"));
  EXPECT_THAT(message, Not(HasSubstr("err line 2")));
  const auto file = pipeline.output_file(refused);
  EXPECT_EQ(file.filename(), "refused-r1.txt");
  EXPECT_EQ(unstamped(file, "err"), "err line 1\nerr line 2\nerr line 3\nerr line 4\nerr line 5\n");
  EXPECT_EQ(unstamped(file, "out"), "out-line\n");
}

TEST(CommandLocalRun, ACommandPastItsTimeoutIsStoppedAndGone) {
  CommandPipeline pipeline;
  pipeline.step("slow", "      argv: [sleep, 30]\n      timeout: 0.3\n");
  const auto start = std::chrono::steady_clock::now();
  const auto run = pipeline.run();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(run.status, 3) << run.err;
  const auto record = pipeline.record("slow");
  EXPECT_EQ(record["status"], "error");
  EXPECT_THAT(record["message"].get<std::string>(), HasSubstr("timeout of 0.3 s"));
  EXPECT_GE(metric(record, "duration"), 0.3);
  EXPECT_LT(metric(record, "duration"), 5);
  const long pid = record["details"]["pid"];
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(pid_runs(getpid())) << "the probe sees no process run";
  EXPECT_FALSE(pid_runs(pid));
}

TEST(CommandLocalRun, AShellStoppedAtTheStepsTimeoutTakesItsChildrenWithIt) {
  CommandPipeline pipeline;
  pipeline.step("group", "      shell: 'sleep 30 & echo $!; wait'\n", "    timeout: 0.5\n");
  const auto run = pipeline.run();
  EXPECT_EQ(run.status, 3) << run.err;
  const auto record = pipeline.record("group");
  EXPECT_EQ(record["status"], "error");
  EXPECT_THAT(record["message"].get<std::string>(), HasSubstr("step's timeout"));
  const auto printed = unstamped(pipeline.output_file(record), "out");
  ASSERT_FALSE(printed.empty()) << "the shell said no child pid";
  EXPECT_FALSE(pid_runs(std::stol(printed))) << "the shell's child outlived it";
  EXPECT_FALSE(pid_runs(record["details"]["pid"].get<long>()));
}

TEST(CommandLocalRun, AProgramThatCannotStartIsAnErrorWithNoOutputFile) {
  CommandPipeline pipeline;
  pipeline.step("missing", "      argv: [tuna-no-such-program]\n");
  const auto run = pipeline.run();
  EXPECT_EQ(run.status, 3) << run.err;
  const auto record = pipeline.record("missing");
  EXPECT_EQ(record["status"], "error");
  EXPECT_THAT(record["message"].get<std::string>(), HasSubstr("tuna-no-such-program"));
  EXPECT_TRUE(record["artifacts"].empty());
}

TEST(CommandLocalRun, TheHostsProgramsMapPicksTheProgram) {
  CommandPipeline pipeline("  dut: { address: localhost, programs: { say: /usr/bin/printf } }\n");
  pipeline.step("mapped", "      argv: [say, '%s\\n', hello]\n");
  const auto run = pipeline.run();
  ASSERT_EQ(run.status, 0) << run.err;
  const auto record = pipeline.record("mapped");
  EXPECT_EQ(unstamped(pipeline.output_file(record)), "hello\n");
  EXPECT_THAT(record["details"]["command"].get<std::string>(), HasSubstr("/usr/bin/printf"));
}

TEST(CommandLocalRun, EachRepetitionKeepsAFileOfItsOwn) {
  CommandPipeline pipeline;
  pipeline.step("twice", "      argv: [echo, again]\n      output: dump\n", "    repeat: 2\n");
  ASSERT_EQ(pipeline.run().status, 0);
  for (const char* name : {"dump-r1.txt", "dump-r2.txt"})
    EXPECT_EQ(unstamped(pipeline.run_dir() / "raw" / "twice" / name), "again\n") << name;
}

TEST(CommandLocalRun, ADryRunShowsTheCommandAsTheHostRendersItAndRunsNothing) {
  CommandPipeline pipeline;
  const auto touched = pipeline.dir().path() / "touched";
  pipeline.step("toucher", "      argv: [touch, " + yaml_text(touched.string()) + ", 'a b']\n");
  const auto run = pipeline.run("--dry-run");
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("on dut: touch " + touched.string() + " 'a b'"));
  EXPECT_FALSE(fs::exists(touched));
}

TEST(CommandLocalRun, PreflightLooksTheProgramUpWithoutRunningItsName) {
  CommandPipeline pipeline;
  const auto trap = pipeline.dir().path() / "dollar";
  pipeline.step("present", "      argv: [sleep, 1]\n")
      .step("absent", "      argv: [tuna-no-such-program]\n")
      .step("hostile", "      argv: [" + yaml_text("$(touch " + trap.string() + ")") + "]\n");
  const auto checked = pipeline.check("--connect");
  EXPECT_NE(checked.status, 0);
  const auto said = checked.out + checked.err;
  EXPECT_THAT(said, HasSubstr("dut has sleep"));
  EXPECT_THAT(said, HasSubstr("dut has no 'tuna-no-such-program'"));
  EXPECT_THAT(said, HasSubstr("dut has no '$(touch"));
  EXPECT_FALSE(fs::exists(trap));
}

}  // namespace
}  // namespace tuna::command_test
