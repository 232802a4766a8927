// The local host as a component sees it: tuna::Host, including its run() helper.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>

#include <filesystem>
#include <thread>

#include "local_host.hpp"
#include "run_tuna.hpp"

namespace tuna::host {
namespace {

using namespace std::chrono_literals;
using testing::HasSubstr;

std::vector<std::string> sh(const std::string& script) { return {"/bin/sh", "-c", script}; }

TEST(LocalHost, KeepsItsNameAndTestAddress) {
  const LocalHost host("dut", "127.0.0.1");
  EXPECT_EQ(host.name(), "dut");
  EXPECT_EQ(host.test_address(), "127.0.0.1");
}

TEST(LocalHost, MapsToolsToProgramsOrRunsThemAsThemselves) {
  const LocalHost host("dut", "127.0.0.1", {{"iperf3", "/opt/bin/iperf3"}});
  EXPECT_EQ(host.program("iperf3"), "/opt/bin/iperf3");
  EXPECT_EQ(host.program("iperf"), "iperf");
}

TEST(LocalHost, RendersWhatAShellWouldRun) {
  const LocalHost host("dut", "127.0.0.1");
  EXPECT_EQ(host.render({"iperf3", "-c", "127.0.0.1", "--title", "it's a test"}),
            R"(iperf3 -c 127.0.0.1 --title 'it'\''s a test')");
}

TEST(LocalHost, RunsTheMappedProgram) {
  LocalHost host("dut", "127.0.0.1", {{"greet", "/bin/echo"}});
  const auto result = host.run({host.program("greet"), "hello", "world"}, 20s);
  EXPECT_TRUE(result.started);
  EXPECT_EQ(result.out, "hello world\n");
}

TEST(LocalHost, StartGivesALiveProcess) {
  LocalHost host("dut", "127.0.0.1");
  std::vector<std::string> lines;
  auto process =
      host.start(sh("echo $$; exit 4"), [&lines](const OutputLine& line) { lines.push_back(line.text); });
  const auto status = process->wait_until(Clock::now() + 20s);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->code, 4);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], std::to_string(process->pid()));  // the command itself, no shell in between
}

TEST(LocalHost, StartSaysWhichProgramCouldNotStartAndWhy) {
  LocalHost host("dut", "127.0.0.1");
  const auto ignore = [](const OutputLine&) {};
  test::TempDir dir;
  const auto not_executable = dir.write("script", "echo hello\n");
  std::filesystem::permissions(not_executable,
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  try {
    host.start({"tuna-no-such-program", "-x"}, ignore);
    FAIL() << "started a program that does not exist";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("tuna-no-such-program"));
    EXPECT_THAT(e.what(), HasSubstr("No such file or directory"));
  }
  try {
    host.start({not_executable.string()}, ignore);
    FAIL() << "started a file that is not executable";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr(not_executable.string()));
    EXPECT_THAT(e.what(), HasSubstr("Permission denied"));
  }
  EXPECT_THROW(host.start({}, ignore), std::runtime_error);
}

TEST(LocalHost, CommandsDoNotInheritEachOthersPipes) {
  LocalHost host("dut", "127.0.0.1");
  const auto ignore = [](const OutputLine&) {};
  auto first = host.start({"sleep", "30"}, ignore);
  auto second = host.start({"sleep", "30"}, ignore);
  const auto fd_directory = [](const Process& process) {
    return std::filesystem::path("/proc") / std::to_string(process.pid()) / "fd";
  };
  // Descriptors a starting program opens and closes again may vanish while listed.
  std::vector<std::string> second_fds;
  for (const auto& fd : std::filesystem::directory_iterator(fd_directory(*second))) {
    std::error_code gone;
    second_fds.push_back(std::filesystem::read_symlink(fd.path(), gone).string());
  }
  for (const std::string fd : {"1", "2"}) {
    const auto first_pipe = std::filesystem::read_symlink(fd_directory(*first) / fd).string();
    EXPECT_TRUE(first_pipe.starts_with("pipe:")) << first_pipe;
    EXPECT_THAT(second_fds, testing::Not(testing::Contains(first_pipe)));
  }
}

TEST(LocalHostRun, CollectsBothStreamsAndTheExitCode) {
  LocalHost host("dut", "127.0.0.1");
  const auto result = host.run(sh("echo one; echo oops >&2; printf two; exit 3"), 20s);
  EXPECT_TRUE(result.started);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.out, "one\ntwo\n");
  EXPECT_EQ(result.err, "oops\n");
  EXPECT_EQ(result.status.code, 3);
  EXPECT_EQ(result.status.signal, 0);
}

TEST(LocalHostRun, StopsACommandThatOutlivesItsTimeout) {
  LocalHost host("dut", "127.0.0.1");
  const auto before = Clock::now();
  const auto result = host.run(sh("echo started; sleep 30"), 300ms);
  EXPECT_GE(Clock::now() - before, 300ms);
  EXPECT_LT(Clock::now() - before, 3s);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.status.signal, SIGTERM);
  EXPECT_EQ(result.out, "started\n");
}

TEST(LocalHostRun, SaysWhenTheProgramCouldNotStart) {
  LocalHost host("dut", "127.0.0.1");
  const auto result = host.run({"tuna-no-such-program"}, 20s);
  EXPECT_FALSE(result.started);
  EXPECT_THAT(result.err, HasSubstr("tuna-no-such-program"));
}

TEST(LocalHostRun, IsNotHeldUpByAGrandchildThatKeepsThePipesOpen) {
  LocalHost host("dut", "127.0.0.1");
  const auto before = Clock::now();
  const auto result = host.run(sh("sleep 30 & echo left"), 20s);
  EXPECT_LT(Clock::now() - before, 3s);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.status.code, 0);
  EXPECT_EQ(result.out, "left\n");
}

TEST(LocalHostRun, WorksFromManyThreadsAtOnce) {
  LocalHost host("dut", "127.0.0.1");
  constexpr int threads = 4, runs = 5;
  std::vector<std::string> outputs(threads * runs);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int r = 0; r < runs; ++r) {
        const auto index = std::to_string(t * runs + r);
        outputs[t * runs + r] = host.run({"printf", "%s\\n", index}, 20s).out;
      }
    });
  }
  for (auto& worker : workers) worker.join();
  for (int i = 0; i < threads * runs; ++i) EXPECT_EQ(outputs[i], std::to_string(i) + "\n");
}

}  // namespace
}  // namespace tuna::host
