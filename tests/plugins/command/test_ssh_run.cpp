// The command step on an SSH host (a throwaway OpenSSH server on 127.0.0.1, logged in as
// a user of its own): hostile words reach the remote program literally, an explicit shell
// runs remotely, a remote command past its timeout is gone afterwards, and preflight asks
// the remote host.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "command_pipeline.hpp"
#include "component/command_spec.hpp"
#include "fake_run_context.hpp"
#include "ssh_host.hpp"
#include "sshd_fixture.hpp"

namespace tuna::command_test {
namespace {

using namespace std::chrono_literals;
using testing::HasSubstr;
namespace fs = std::filesystem;

// One server and one host for the whole suite: logging in takes most of a second here.
class CommandOverSsh : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!test::Sshd::unavailable_reason().empty()) return;
    sshd_ = new test::Sshd();
    host_ = new host::SshHost(sshd_->host_config("dut"));
  }
  static void TearDownTestSuite() {
    delete host_;
    delete sshd_;
  }
  void SetUp() override {
    if (const auto reason = test::Sshd::unavailable_reason(); !reason.empty()) GTEST_SKIP() << reason;
    context_.add_host(*host_);
  }

  // Runs one command step on the SSH host; the one measurement it records.
  tuna::Measurement run(const std::string& settings_yaml) {
    const auto& spec = command::component_spec();
    const auto settings = test::validated_settings(spec, settings_yaml);
    EXPECT_TRUE(spec.check_rep(settings).empty());
    const auto before = context_.measurements.size();
    spec.create(settings)->run(context_);
    EXPECT_EQ(context_.measurements.size(), before + 1);
    return context_.measurements.empty() ? tuna::Measurement{} : context_.measurements.back();
  }
  tuna::Preflight preflight(const std::string& settings_yaml) {
    const auto& spec = command::component_spec();
    return spec.create(test::validated_settings(spec, settings_yaml))->preflight(context_);
  }

  static test::Sshd* sshd_;
  static host::SshHost* host_;
  test::FakeRunContext context_;
};
test::Sshd* CommandOverSsh::sshd_ = nullptr;
host::SshHost* CommandOverSsh::host_ = nullptr;

TEST_F(CommandOverSsh, HostileWordsAreLiteralOnTheRemoteSide) {
  // Writable by the remote user, so that a word run by a shell there would leave its file.
  TempDir traps;
  fs::permissions(traps.path(), fs::perms::all);
  const auto probe = traps.path() / "probe";
  ASSERT_EQ(run("shell: " + yaml_text("touch " + probe.string()) + "\n").status, tuna::Status::passed);
  ASSERT_TRUE(fs::exists(probe)) << "a word run by a remote shell could not leave its file";
  const auto words = hostile_words(traps.path());
  const auto measurement = run("argv: " + yaml_list(printf_argv(words)) + "\n");
  EXPECT_EQ(measurement.status, tuna::Status::passed) << measurement.message;
  expect_nothing_executed(traps.path());
  ASSERT_EQ(measurement.artifacts.size(), 1u);
  EXPECT_EQ(unstamped(measurement.artifacts[0]), one_per_line(words));
}

TEST_F(CommandOverSsh, AnExplicitShellRunsAsTheRemoteUser) {
  const auto measurement = run("shell: 'id -un; echo to-err >&2; exit 4'\nexpect_status: 4\n");
  EXPECT_EQ(measurement.status, tuna::Status::passed) << measurement.message;
  ASSERT_EQ(measurement.artifacts.size(), 1u);
  EXPECT_EQ(unstamped(measurement.artifacts[0], "out"), std::string(test::Sshd::user) + "\n");
  EXPECT_EQ(unstamped(measurement.artifacts[0], "err"), "to-err\n");
}

TEST_F(CommandOverSsh, ARemoteCommandPastItsTimeoutIsGoneAfterwards) {
  const auto measurement = run("argv: [sleep, 30]\ntimeout: 0.5\n");
  EXPECT_EQ(measurement.status, tuna::Status::error);
  EXPECT_THAT(measurement.message, HasSubstr("timeout of 0.5 s"));
  const long pid = measurement.details.at("pid");
  ASSERT_GT(pid, 0);
  // The remote host is this machine: its pid is one of ours to look at, and the remote
  // user sees it gone as well.
  EXPECT_FALSE(pid_runs(pid));
  EXPECT_NE(host_->run({"kill", "-0", std::to_string(pid)}, 10s).status.code, 0);
}

TEST_F(CommandOverSsh, PreflightAsksTheRemoteHost) {
  const auto present = preflight("argv: [sleep, 1]\n");
  EXPECT_TRUE(present.problems.empty());
  ASSERT_EQ(present.found.size(), 1u);
  EXPECT_THAT(present.found[0], HasSubstr("dut has sleep"));
  const auto absent = preflight("argv: [tuna-no-such-program]\n");
  ASSERT_EQ(absent.problems.size(), 1u);
  EXPECT_THAT(absent.problems[0], HasSubstr("dut has no 'tuna-no-such-program'"));
}

}  // namespace
}  // namespace tuna::command_test
