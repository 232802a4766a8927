// SshHost against a real OpenSSH server on 127.0.0.1: commands, live lines, exit codes
// and signals, stopping by remote pid, several commands at once on one session, hostile
// arguments, prefix words, a connection lost mid-command and the stop of the command it
// left running.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "collected_lines.hpp"
#include "ssh_host.hpp"
#include "sshd_fixture.hpp"

namespace tuna::host {
namespace {

using namespace std::chrono_literals;
using testing::ElementsAre;
using testing::HasSubstr;

std::vector<std::string> sh(const std::string& script) { return {"sh", "-c", script}; }

using test::Collected;

// One server and one host for the whole suite: logging in takes most of a second here.
class SshHostTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!test::Sshd::unavailable_reason().empty()) return;
    sshd_ = new test::Sshd();
    host_ = new SshHost(sshd_->host_config());
  }
  static void TearDownTestSuite() {
    delete host_;
    delete sshd_;
  }
  void SetUp() override {
    if (const auto reason = test::Sshd::unavailable_reason(); !reason.empty()) GTEST_SKIP() << reason;
  }
  // Whether a pid runs on the remote host, asked over SSH as a remote user would.
  static bool remote_pid_runs(long pid) {
    return host_->run({"kill", "-0", std::to_string(pid)}, 10s).status.code == 0;
  }

  static test::Sshd* sshd_;
  static SshHost* host_;
};
test::Sshd* SshHostTest::sshd_ = nullptr;
SshHost* SshHostTest::host_ = nullptr;

TEST_F(SshHostTest, RunsACommandWithBothStreamsApartAndItsExitCode) {
  const auto result = host_->run(sh("echo one; echo oops >&2; printf two; exit 3"), 20s);
  EXPECT_TRUE(result.started);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.out, "one\ntwo\n");
  EXPECT_EQ(result.err, "oops\n");
  EXPECT_EQ(result.status.code, 3);
  EXPECT_EQ(result.status.signal, 0);
}

TEST_F(SshHostTest, RunsAsTheConfiguredUser) {
  EXPECT_EQ(host_->run({"id", "-un"}, 20s).out, std::string(test::Sshd::user) + "\n");
}

TEST_F(SshHostTest, LinesArriveWhileTheCommandStillRuns) {
  Collected collected;
  auto process = host_->start(sh("echo first; sleep 1; echo second"), collected.handler());
  ASSERT_TRUE(collected.wait_for_lines(1, 900ms));
  const auto first_seen = Clock::now();
  EXPECT_EQ(process->wait_until(Clock::now()), std::nullopt);  // still sleeping
  ASSERT_TRUE(process->wait_until(Clock::now() + 20s));
  EXPECT_GT(Clock::now() - first_seen, 500ms);
  EXPECT_THAT(collected.texts(Stream::out), ElementsAre("first", "second"));
}

TEST_F(SshHostTest, ReportsAnExitBySignal) {
  const auto result = host_->run(sh("kill -s USR1 $$"), 20s);
  EXPECT_EQ(result.status.signal, SIGUSR1);
  EXPECT_FALSE(result.status.exited_normally());
}

TEST_F(SshHostTest, PidIsTheRemoteCommandsOwn) {
  Collected collected;
  auto process = host_->start(sh("echo $$; exit 4"), collected.handler());
  const auto status = process->wait_until(Clock::now() + 20s);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->code, 4);
  // The pid announcement is not output; the command's own idea of its pid matches.
  EXPECT_THAT(collected.texts(Stream::out), ElementsAre(std::to_string(process->pid())));
  EXPECT_TRUE(collected.texts(Stream::err).empty());
}

TEST_F(SshHostTest, StopEndsTheCommandByItsPidAndNothingElse) {
  Collected ignored;
  auto bystander = host_->start({"sleep", "30"}, ignored.handler());
  auto process = host_->start({"sleep", "30"}, ignored.handler());
  ASSERT_TRUE(remote_pid_runs(process->pid()));
  const auto before = Clock::now();
  const auto status = process->stop(5s);
  EXPECT_LT(Clock::now() - before, 4s);  // TERM was enough: no wait for the grace to run out
  EXPECT_EQ(status.signal, SIGTERM);
  EXPECT_FALSE(remote_pid_runs(process->pid()));
  EXPECT_TRUE(remote_pid_runs(bystander->pid()));
  EXPECT_EQ(bystander->wait_until(Clock::now()), std::nullopt);
  EXPECT_EQ(bystander->stop(5s).signal, SIGTERM);
  EXPECT_FALSE(remote_pid_runs(bystander->pid()));
}

// A script's own children go with it (sshd gives each command a process group of its
// own): nothing the stopped command started is left on the host.
TEST_F(SshHostTest, StopEndsWhatTheCommandStartedToo) {
  Collected collected;
  auto process = host_->start(sh("sleep 30 & echo $!; sleep 31; wait"), collected.handler());
  ASSERT_TRUE(collected.wait_for_lines(1, 10s));
  const long child = std::stol(collected.texts(Stream::out).at(0));
  ASSERT_TRUE(remote_pid_runs(child));
  EXPECT_EQ(process->stop(5s).signal, SIGTERM);
  EXPECT_FALSE(remote_pid_runs(process->pid()));
  // The orphan is reaped by the host's init, which may take a moment here.
  bool child_runs = true;
  for (int tries = 0; tries < 50 && child_runs; ++tries) {
    child_runs = remote_pid_runs(child);
    if (child_runs) std::this_thread::sleep_for(100ms);
  }
  EXPECT_FALSE(child_runs);
}

TEST_F(SshHostTest, StopKillsACommandThatIgnoresTerm) {
  Collected collected;
  auto process =
      host_->start(sh("trap '' TERM; echo ready; while :; do sleep 0.1; done"), collected.handler());
  ASSERT_TRUE(collected.wait_for_lines(1, 10s));
  const auto before = Clock::now();
  const auto status = process->stop(300ms);
  EXPECT_GE(Clock::now() - before, 300ms);
  EXPECT_EQ(status.signal, SIGKILL);
  EXPECT_FALSE(remote_pid_runs(process->pid()));
}

TEST_F(SshHostTest, StopOnAnEndedCommandReturnsHowItEnded) {
  Collected ignored;
  auto process = host_->start(sh("exit 7"), ignored.handler());
  ASSERT_TRUE(process->wait_until(Clock::now() + 20s));
  EXPECT_EQ(process->stop(1s).code, 7);
  EXPECT_EQ(process->stop(1s).code, 7);
}

TEST_F(SshHostTest, DestroyingARunningProcessStopsIt) {
  Collected ignored;
  auto process = host_->start({"sleep", "30"}, ignored.handler());
  const long pid = process->pid();
  process.reset();
  EXPECT_FALSE(remote_pid_runs(pid));
}

TEST_F(SshHostTest, RunsTwoCommandsAtOnceOnOneSession) {
  Collected server, client;
  const auto before = Clock::now();
  auto first = host_->start(sh("echo a1; sleep 1; echo a2 >&2"), server.handler());
  auto second = host_->start(sh("echo b1; sleep 1; echo b2; exit 5"), client.handler());
  const auto first_status = first->wait_until(Clock::now() + 20s);
  const auto second_status = second->wait_until(Clock::now() + 20s);
  ASSERT_TRUE(first_status && second_status);
  EXPECT_LT(Clock::now() - before, 1900ms);  // side by side, not one after the other
  EXPECT_EQ(first_status->code, 0);
  EXPECT_EQ(second_status->code, 5);
  EXPECT_THAT(server.texts(Stream::out), ElementsAre("a1"));
  EXPECT_THAT(server.texts(Stream::err), ElementsAre("a2"));
  EXPECT_THAT(client.texts(Stream::out), ElementsAre("b1", "b2"));
}

TEST_F(SshHostTest, RunsFromManyThreadsAtOnce) {
  constexpr int threads = 4, runs = 3;
  std::vector<std::string> outputs(threads * runs);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int r = 0; r < runs; ++r)
        outputs[t * runs + r] = host_->run({"echo", std::to_string(t * runs + r)}, 20s).out;
    });
  }
  for (auto& worker : workers) worker.join();
  for (int i = 0; i < threads * runs; ++i) EXPECT_EQ(outputs[i], std::to_string(i) + "\n");
}

TEST_F(SshHostTest, HostileArgumentsArriveVerbatim) {
  const auto witness = sshd_->dir().path() / "injected";
  const std::vector<std::string> hostile{";",
                                         "a; touch " + witness.string(),
                                         "$(touch " + witness.string() + ")",
                                         "`touch " + witness.string() + "`",
                                         "line\nbreak",
                                         "it's",
                                         "\"quoted\"",
                                         "-n",
                                         "--help",
                                         "$HOME",
                                         "*",
                                         "a  b",
                                         "back\\slash",
                                         "",
                                         "&&",
                                         "|",
                                         "#",
                                         "~",
                                         "tuna-remote-pid:1"};
  std::vector<std::string> argv{"printf", "%s\\n"};
  argv.insert(argv.end(), hostile.begin(), hostile.end());
  const auto result = host_->run(argv, 20s);
  std::string expected;
  for (const auto& word : hostile) expected += word + "\n";
  EXPECT_EQ(result.out, expected);
  EXPECT_EQ(result.status.code, 0);
  EXPECT_FALSE(std::filesystem::exists(witness));
}

TEST_F(SshHostTest, APidLookalikeFromTheCommandIsOutput) {
  EXPECT_EQ(host_->run(sh("echo tuna-remote-pid:1 >&2"), 20s).err, "tuna-remote-pid:1\n");
}

TEST_F(SshHostTest, TimesOutAndStopsACommandThatRunsTooLong) {
  const auto before = Clock::now();
  const auto result = host_->run(sh("echo started; exec sleep 30"), 300ms);
  EXPECT_LT(Clock::now() - before, 5s);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.out, "started\n");
}

TEST_F(SshHostTest, AProgramThatDoesNotExistEndsWith127) {
  const auto result = host_->run({"tuna-no-such-program"}, 20s);
  EXPECT_EQ(result.status.code, 127);
  EXPECT_THAT(result.err, HasSubstr("tuna-no-such-program"));
}

TEST_F(SshHostTest, ALostConnectionEndsItsCommandsWithAnErrorAndTheNextCommandReconnects) {
  Collected bystander_lines, killer_lines;
  auto bystander = host_->start({"sleep", "30"}, bystander_lines.handler());
  // The command's parent is the server's process for this connection.
  auto killer = host_->start(sh("kill -s KILL $PPID"), killer_lines.handler());
  const auto bystander_status = bystander->wait_until(Clock::now() + 10s);
  const auto killer_status = killer->wait_until(Clock::now() + 10s);
  kill(static_cast<pid_t>(bystander->pid()), SIGKILL);  // orphaned on this very machine
  ASSERT_TRUE(bystander_status && killer_status);
  EXPECT_EQ(bystander_status->code, -1);
  EXPECT_THAT(bystander_lines.texts(Stream::err), ElementsAre(HasSubstr("was lost")));
  EXPECT_THAT(bystander_lines.texts(Stream::err).front(), HasSubstr("host 'dut'"));
  EXPECT_EQ(killer_status->code, -1);
  EXPECT_EQ(host_->run({"echo", "again"}, 20s).out, "again\n");
}

TEST_F(SshHostTest, StopAfterALostConnectionEndsTheCommandByItsPidOverANewConnection) {
  Collected lines, killer_lines;
  auto orphan = host_->start({"sleep", "30"}, lines.handler());
  // The command's parent is the server's process for this connection.
  auto killer = host_->start(sh("kill -s KILL $PPID"), killer_lines.handler());
  const auto lost = orphan->wait_until(Clock::now() + 10s);
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->code, -1);
  // Without a pty the command outlives its channel.
  ASSERT_TRUE(remote_pid_runs(orphan->pid()));
  EXPECT_EQ(orphan->stop(1s).code, -1);  // how it ended for us: no exit status came
  // Its new parent, init, reaps it a moment later (here up to about 2 s).
  const auto deadline = Clock::now() + 5s;
  while (remote_pid_runs(orphan->pid()) && Clock::now() < deadline) std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(remote_pid_runs(orphan->pid()));
}

TEST(SshHostPrefix, PutsThePrefixWordsBeforeEveryCommand) {
  if (const auto reason = test::Sshd::unavailable_reason(); !reason.empty()) GTEST_SKIP() << reason;
  const test::Sshd sshd;
  auto config = sshd.host_config();
  config.prefix = {"env", "TUNA_X=it's set"};
  SshHost host(config);
  EXPECT_EQ(host.render({"iperf3", "-s"}), R"(env 'TUNA_X=it'\''s set' iperf3 -s)");
  EXPECT_EQ(host.run(sh("echo \"$TUNA_X\""), 20s).out, "it's set\n");
  Collected ignored;
  auto process = host.start({"sleep", "30"}, ignored.handler());
  EXPECT_EQ(process->stop(5s).signal, SIGTERM);  // kill goes through the prefix too
}

TEST(SshHostSettings, KeepsNamesAndMapsTools) {
  SshHostConfig config{.name = "dut", .address = "192.0.2.1", .test_address = "198.51.100.1"};
  config.programs = {{"iperf3", "/opt/bin/iperf3"}};
  const SshHost host(config);  // connects only when asked to
  EXPECT_EQ(host.name(), "dut");
  EXPECT_EQ(host.test_address(), "198.51.100.1");
  EXPECT_EQ(host.program("iperf3"), "/opt/bin/iperf3");
  EXPECT_EQ(host.program("iperf"), "iperf");
  EXPECT_EQ(host.render({"iperf3", "--title", "a b"}), "iperf3 --title 'a b'");
}

}  // namespace
}  // namespace tuna::host
