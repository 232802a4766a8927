// Local child processes, with real commands: live lines, both streams, exit codes and
// signals, stopping by process group (and only that group), nothing left running.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

#include "child_process.hpp"
#include "collected_lines.hpp"
#include "line_splitter.hpp"

namespace tuna::host {
namespace {

using namespace std::chrono_literals;
using testing::ElementsAre;
using testing::IsEmpty;

std::vector<std::string> sh(const std::string& script) { return {"/bin/sh", "-c", script}; }

using test::Collected;

ExitStatus run_to_end(const std::vector<std::string>& argv, Collected& collected) {
  auto process = ChildProcess::start(argv, collected.handler());
  const auto status = process->wait_until(Clock::now() + 20s);
  EXPECT_TRUE(status.has_value()) << argv.back();
  return status.value_or(ExitStatus{});
}

bool process_exists(long pid) { return kill(static_cast<pid_t>(pid), 0) == 0; }

// An orphan killed with its group may linger as a zombie when this container's init
// does not reap orphans; a zombie runs nothing.
bool gone_or_zombie(long pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return true;
  const auto state = text.find(") ");
  return state != std::string::npos && (text[state + 2] == 'Z' || text[state + 2] == 'X');
}

bool becomes_gone_or_zombie(long pid) {
  for (int attempt = 0; attempt < 300; ++attempt) {
    if (gone_or_zombie(pid)) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

TEST(ChildProcess, LinesArriveWhileTheCommandStillRuns) {
  Collected collected;
  const auto started = std::chrono::system_clock::now();
  auto process = ChildProcess::start(sh("echo first; sleep 2; echo second"), collected.handler());
  ASSERT_TRUE(collected.wait_for_lines(1, 1500ms));
  EXPECT_EQ(process->wait_until(Clock::now()), std::nullopt);  // still sleeping
  ASSERT_TRUE(process->wait_until(Clock::now() + 20s));
  const auto lines = collected.lines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "first");
  EXPECT_LT(lines[0].received - started, 1500ms);
  EXPECT_GT(lines[1].received - lines[0].received, 1500ms);
}

TEST(ChildProcess, KeepsStdoutAndStderrApart) {
  Collected collected;
  run_to_end(sh("echo out1; echo err1 >&2; echo out2; echo err2 >&2"), collected);
  EXPECT_THAT(collected.texts(Stream::out), ElementsAre("out1", "out2"));
  EXPECT_THAT(collected.texts(Stream::err), ElementsAre("err1", "err2"));
}

TEST(ChildProcess, SplitsCrlfEmptyAndUnterminatedLines) {
  Collected collected;
  run_to_end(sh(R"(printf 'a\r\nb\n\nc'; printf 'no newline' >&2)"), collected);
  EXPECT_THAT(collected.texts(Stream::out), ElementsAre("a", "b", "", "c"));
  EXPECT_THAT(collected.texts(Stream::err), ElementsAre("no newline"));
}

TEST(ChildProcess, CutsVeryLongLinesIntoPiecesAndLosesNothing) {
  Collected collected;
  run_to_end(sh(R"(head -c 200000 /dev/zero | tr '\0' x; echo; echo next)"), collected);
  auto out = collected.texts(Stream::out);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), "next");
  out.pop_back();
  std::string joined;
  for (const auto& piece : out) {
    EXPECT_LE(piece.size(), LineSplitter::max_line);
    joined += piece;
  }
  EXPECT_EQ(joined, std::string(200000, 'x'));
  EXPECT_EQ(out.size(), (200000 + LineSplitter::max_line - 1) / LineSplitter::max_line);
}

TEST(ChildProcess, AllOutputIsDeliveredWhenWaitReturns) {
  Collected collected;
  run_to_end({"seq", "1", "100000"}, collected);
  const auto out = collected.texts(Stream::out);
  ASSERT_EQ(out.size(), 100000u);
  for (std::size_t i = 0; i < out.size(); ++i) ASSERT_EQ(out[i], std::to_string(i + 1));
}

TEST(ChildProcess, ReadsBothStreamsTogether) {
  // Far more than a pipe holds on stderr before anything on stdout: reading stdout to
  // its end first would block both sides for ever.
  Collected collected;
  const auto status = run_to_end(sh("seq 1 50000 >&2; echo done"), collected);
  EXPECT_EQ(status.code, 0);
  EXPECT_THAT(collected.texts(Stream::out), ElementsAre("done"));
  EXPECT_EQ(collected.texts(Stream::err).size(), 50000u);
}

TEST(ChildProcess, StdinIsEmpty) {
  Collected collected;
  EXPECT_EQ(run_to_end({"cat"}, collected).code, 0);
  EXPECT_THAT(collected.lines(), IsEmpty());
}

TEST(ChildProcess, ReportsExitCodes) {
  Collected collected;
  for (const auto& [script, code] :
       std::vector<std::pair<std::string, int>>{{"true", 0}, {"false", 1}, {"exit 7", 7}}) {
    const auto status = run_to_end(sh(script), collected);
    EXPECT_EQ(status.code, code) << script;
    EXPECT_EQ(status.signal, 0) << script;
    EXPECT_TRUE(status.exited_normally()) << script;
  }
}

TEST(ChildProcess, ReportsTheSignalThatEndedItWhateverTunaIgnoresOrBlocks) {
  // The command starts with default signal actions and nothing blocked: an ignored or
  // blocked signal in tuna (SIGPIPE is the usual one) must not change how tools behave.
  const auto previous_action = signal(SIGUSR2, SIG_IGN);
  sigset_t blocked, previous_mask;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &blocked, &previous_mask);
  Collected collected;
  const auto ignored = run_to_end(sh("kill -USR2 $$; echo survived"), collected);
  const auto masked = run_to_end(sh("kill -USR1 $$; echo survived"), collected);
  pthread_sigmask(SIG_SETMASK, &previous_mask, nullptr);
  signal(SIGUSR2, previous_action);
  EXPECT_EQ(ignored.signal, SIGUSR2);
  EXPECT_EQ(masked.signal, SIGUSR1);
  EXPECT_FALSE(masked.exited_normally());
  EXPECT_THAT(collected.lines(), IsEmpty());
}

TEST(ChildProcess, WaitGivesUpAtTheDeadline) {
  Collected collected;
  auto process = ChildProcess::start({"sleep", "30"}, collected.handler());
  const auto before = Clock::now();
  EXPECT_EQ(process->wait_until(before + 150ms), std::nullopt);
  EXPECT_GE(Clock::now() - before, 150ms);
  EXPECT_LT(Clock::now() - before, 2s);
  EXPECT_EQ(process->stop(5s).signal, SIGTERM);
}

TEST(ChildProcess, RunsInAProcessGroupOfItsOwn) {
  Collected collected;
  auto process = ChildProcess::start({"sleep", "30"}, collected.handler());
  EXPECT_EQ(getpgid(static_cast<pid_t>(process->pid())), process->pid());
  EXPECT_NE(getpgid(static_cast<pid_t>(process->pid())), getpgrp());
}

TEST(ChildProcess, StopKillsACommandThatIgnoresTerm) {
  Collected collected;
  auto process = ChildProcess::start(sh("trap '' TERM; echo ready; sleep 30"), collected.handler());
  ASSERT_TRUE(collected.wait_for_lines(1, 10s));
  const auto before = Clock::now();
  EXPECT_EQ(process->stop(300ms).signal, SIGKILL);
  EXPECT_GE(Clock::now() - before, 300ms);
  EXPECT_LT(Clock::now() - before, 3300ms);
}

TEST(ChildProcess, StopEndsOnlyItsOwnCommand) {
  Collected collected;
  auto stopped = ChildProcess::start({"sleep", "30"}, collected.handler());
  auto other = ChildProcess::start({"sleep", "30"}, collected.handler());
  EXPECT_EQ(stopped->stop(5s).signal, SIGTERM);
  EXPECT_EQ(other->wait_until(Clock::now() + 200ms), std::nullopt);
  EXPECT_TRUE(process_exists(other->pid()));
  EXPECT_EQ(other->stop(5s).signal, SIGTERM);
}

TEST(ChildProcess, StopReachesWhatTheCommandStarted) {
  Collected collected;
  auto process = ChildProcess::start(sh("sleep 30 & echo $!; wait"), collected.handler());
  ASSERT_TRUE(collected.wait_for_lines(1, 10s));
  const long grandchild = std::stol(collected.lines()[0].text);
  EXPECT_EQ(process->stop(5s).signal, SIGTERM);
  EXPECT_TRUE(becomes_gone_or_zombie(grandchild));
}

TEST(ChildProcess, AGrandchildHoldingThePipesDelaysWaitOnlyBriefly) {
  // The shell exits at once; the sleep it left behind keeps stdout open for 30 s.
  Collected collected;
  auto process = ChildProcess::start(sh("sleep 30 & echo $!"), collected.handler());
  const auto before = Clock::now();
  const auto status = process->wait_until(before + 20s);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->code, 0);
  EXPECT_GE(Clock::now() - before, ChildProcess::output_grace);
  EXPECT_LT(Clock::now() - before, 3s);
  ASSERT_EQ(collected.texts(Stream::out).size(), 1u);
  const long grandchild = std::stol(collected.texts(Stream::out)[0]);
  EXPECT_TRUE(process_exists(grandchild));
  // Stopping a command that already ended still clears its group, with its exit status.
  EXPECT_EQ(process->stop(1s).code, 0);
  EXPECT_TRUE(becomes_gone_or_zombie(grandchild));
}

TEST(ChildProcess, NothingRemainsAfterStopOrDestruction) {
  Collected collected;
  auto stopped = ChildProcess::start({"sleep", "30"}, collected.handler());
  stopped->stop(5s);
  errno = 0;
  EXPECT_FALSE(process_exists(stopped->pid()));
  EXPECT_EQ(errno, ESRCH);

  auto destroyed = ChildProcess::start({"sleep", "30"}, collected.handler());
  const long pid = destroyed->pid();
  const auto before = Clock::now();
  destroyed.reset();
  EXPECT_LT(Clock::now() - before, 2s);
  EXPECT_FALSE(process_exists(pid));

  auto finished = ChildProcess::start({"true"}, collected.handler());
  const long finished_pid = finished->pid();
  ASSERT_TRUE(finished->wait_until(Clock::now() + 20s));
  finished.reset();
  EXPECT_FALSE(process_exists(finished_pid));
}

TEST(ChildProcess, StopAgainOrAfterExitReturnsTheSameStatus) {
  Collected collected;
  auto process = ChildProcess::start(sh("exit 3"), collected.handler());
  ASSERT_EQ(process->wait_until(Clock::now() + 20s)->code, 3);
  EXPECT_EQ(process->stop(100ms).code, 3);
  EXPECT_EQ(process->stop(100ms).code, 3);
  EXPECT_EQ(process->wait_until(Clock::now())->code, 3);
}

TEST(ChildProcess, AWaitInAnotherThreadSeesTheStop) {
  Collected collected;
  auto process = ChildProcess::start({"sleep", "30"}, collected.handler());
  std::optional<ExitStatus> waited;
  std::thread waiter([&] { waited = process->wait_until(Clock::now() + 20s); });
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(process->stop(5s).signal, SIGTERM);
  waiter.join();
  ASSERT_TRUE(waited);
  EXPECT_EQ(waited->signal, SIGTERM);
}

TEST(ChildProcess, AFailingHandlerDoesNotStopTheOutput) {
  std::vector<std::string> seen;
  auto process = ChildProcess::start(sh("echo one; echo two"), [&seen](const OutputLine& line) {
    seen.push_back(line.text);
    if (line.text == "one") throw std::runtime_error("handler failed");
  });
  ASSERT_TRUE(process->wait_until(Clock::now() + 20s));
  EXPECT_THAT(seen, ElementsAre("one", "two"));
}

}  // namespace
}  // namespace tuna::host
