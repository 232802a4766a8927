// Connecting and logging in over SSH against a real OpenSSH server on 127.0.0.1: host
// keys under each policy, key and password logins, and what the errors say.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "sshd_fixture.hpp"
#include "ssh_host.hpp"

namespace tuna::host {
namespace {

using namespace std::chrono_literals;
using testing::AllOf;
using testing::HasSubstr;
using testing::Not;

#define SKIP_WITHOUT_SSHD()                                                                  \
  if (const auto reason = test::Sshd::unavailable_reason(); !reason.empty()) GTEST_SKIP() << reason

// What connecting says when it fails; empty when it succeeds.
std::string connect_error(const SshHostConfig& config) {
  try {
    SshHost(config).connect();
    return {};
  } catch (const std::runtime_error& e) {
    return e.what();
  }
}

// The login tests must not depend on an ssh agent the person running them may have.
class SshLoginTest : public testing::Test {
 protected:
  void SetUp() override {
    if (const char* agent = std::getenv("SSH_AUTH_SOCK")) saved_agent_ = agent;
    unsetenv("SSH_AUTH_SOCK");
  }
  void TearDown() override {
    if (!saved_agent_.empty()) setenv("SSH_AUTH_SOCK", saved_agent_.c_str(), 1);
  }

 private:
  std::string saved_agent_;
};

TEST_F(SshLoginTest, StrictPolicyRefusesAnUnknownHostAndShowsItsFingerprint) {
  SKIP_WITHOUT_SSHD();
  const test::Sshd sshd;
  auto config = sshd.host_config();
  config.known_hosts = sshd.dir().write("empty_known_hosts", "");
  EXPECT_THAT(connect_error(config), AllOf(HasSubstr("unknown host key"), HasSubstr(sshd.host_key_fingerprint()),
                                           HasSubstr(fmt::format("[127.0.0.1]:{}", sshd.port())), HasSubstr("host 'dut'")));
  EXPECT_EQ(test::read_file(config.known_hosts), "");
}

TEST_F(SshLoginTest, AcceptNewRecordsAnUnknownHostThenStrictTrustsIt) {
  SKIP_WITHOUT_SSHD();
  const test::Sshd sshd;
  auto config = sshd.host_config();
  config.known_hosts = sshd.dir().path() / "new" / "known_hosts";
  config.host_key_policy = HostKeyPolicy::accept_new;
  EXPECT_EQ(connect_error(config), "");
  const auto recorded = test::read_file(config.known_hosts);
  EXPECT_THAT(recorded, HasSubstr(fmt::format("[127.0.0.1]:{} ssh-ed25519 ", sshd.port())));
  const auto host_key = test::read_file(sshd.host_key().string() + ".pub");
  EXPECT_THAT(recorded, HasSubstr(host_key.substr(0, host_key.rfind(' '))));  // the key without its comment
  config.host_key_policy = HostKeyPolicy::strict;
  EXPECT_EQ(connect_error(config), "");
}

TEST_F(SshLoginTest, AChangedHostKeyIsRefusedUnderEveryPolicy) {
  SKIP_WITHOUT_SSHD();
  const test::Sshd sshd;
  const auto other_key = sshd.dir().path() / "other_host_key";
  test::generate_key(other_key);
  auto config = sshd.host_config();
  const auto recorded = fmt::format("[127.0.0.1]:{} {}", sshd.port(), test::read_file(other_key.string() + ".pub"));
  config.known_hosts = sshd.dir().write("changed_known_hosts", recorded);
  for (const auto policy : {HostKeyPolicy::strict, HostKeyPolicy::accept_new}) {
    config.host_key_policy = policy;
    EXPECT_THAT(connect_error(config), AllOf(HasSubstr("HOST KEY MISMATCH"), HasSubstr(sshd.host_key_fingerprint()),
                                             HasSubstr(test::key_fingerprint(other_key.string() + ".pub"))));
  }
  EXPECT_EQ(test::read_file(config.known_hosts), recorded);
}

TEST_F(SshLoginTest, AWrongKeyIsRefusedSayingWhatTheServerOffersAndWhatWasTried) {
  SKIP_WITHOUT_SSHD();
  const test::Sshd sshd;
  auto config = sshd.host_config();
  config.identity = sshd.dir().path() / "stranger_key";
  test::generate_key(config.identity);
  EXPECT_THAT(connect_error(config),
              AllOf(HasSubstr("cannot log in to host 'dut'"), HasSubstr(fmt::format("127.0.0.1:{}", sshd.port())),
                    HasSubstr(std::string("as ") + test::Sshd::user), HasSubstr("the server offers publickey"),
                    HasSubstr(fmt::format("key file {} (refused)", config.identity.string()))));
  config.identity = sshd.dir().path() / "no_such_key";
  EXPECT_THAT(connect_error(config), HasSubstr(fmt::format("key file {} (cannot read it", config.identity.string())));
  config.identity.clear();
  EXPECT_THAT(connect_error(config), HasSubstr("tried nothing"));
}

TEST_F(SshLoginTest, LogsInWithAPasswordFromTheEnvironmentAndNeverShowsIt) {
  SKIP_WITHOUT_SSHD();
  const std::string password = "Tuna-Pw-8c1f;$(x)";
  const test::Sshd sshd(password);
  auto config = sshd.host_config();
  config.identity.clear();
  config.password_env = "TUNA_TEST_SSH_PASSWORD";
  setenv("TUNA_TEST_SSH_PASSWORD", password.c_str(), 1);
  SshHost host(config);
  const auto result = host.run({"id", "-un"}, 20s);
  EXPECT_EQ(result.out, std::string(test::Sshd::user) + "\n");
  EXPECT_THAT(result.err, Not(HasSubstr(password)));

  const std::string wrong = "Wrong-Pw-5e2a";
  setenv("TUNA_TEST_SSH_PASSWORD", wrong.c_str(), 1);
  const auto refused = connect_error(config);
  EXPECT_THAT(refused, AllOf(HasSubstr("password from $TUNA_TEST_SSH_PASSWORD (refused)"), HasSubstr("password"),
                             Not(HasSubstr(wrong)), Not(HasSubstr(password))));
  unsetenv("TUNA_TEST_SSH_PASSWORD");
  EXPECT_THAT(connect_error(config), HasSubstr("password from $TUNA_TEST_SSH_PASSWORD (the variable is not set)"));
}

TEST(SshUnreachable, AServerThatNeverSpeaksFailsWithinTheConnectTimeout) {
  const test::Listener silent;
  SshHostConfig config{.name = "dut", .address = "127.0.0.1", .port = silent.port()};
  config.connect_timeout = 700ms;
  const auto before = Clock::now();
  const auto error = connect_error(config);
  const auto took = Clock::now() - before;
  EXPECT_THAT(error, AllOf(HasSubstr("cannot connect to host 'dut'"), HasSubstr(fmt::format("127.0.0.1:{}", silent.port()))));
  EXPECT_GE(took, 600ms);
  EXPECT_LT(took, 2500ms);
}

TEST(SshUnreachable, ARefusedConnectionSaysSo) {
  const int port = test::free_port();
  SshHostConfig config{.name = "dut", .address = "127.0.0.1", .port = port};
  EXPECT_THAT(connect_error(config), AllOf(HasSubstr(fmt::format("host 'dut' (127.0.0.1:{})", port)), HasSubstr("refused")));
}

TEST(SshUnreachable, StartFailsLikeConnect) {
  const test::Listener silent;
  SshHostConfig config{.name = "dut", .address = "127.0.0.1", .port = silent.port()};
  config.connect_timeout = 300ms;
  SshHost host(config);
  EXPECT_THROW(host.start({"true"}, [](const OutputLine&) {}), std::runtime_error);
  const auto result = host.run({"true"}, 5s);
  EXPECT_FALSE(result.started);
  EXPECT_THAT(result.err, HasSubstr("cannot connect to host 'dut'"));
}

}  // namespace
}  // namespace tuna::host
