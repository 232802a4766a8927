// A password (the value of a password_env variable) never appears in anything tuna shows
// or writes, even when it is also, wrongly, in the pipeline itself, and when the login
// with it fails.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

#include <filesystem>
#include <sstream>

#include "redacting_sink.hpp"
#include "run_tuna.hpp"
#include "secret_redactor.hpp"
#include "sshd_fixture.hpp"

using testing::HasSubstr;
using testing::Not;
using tuna::host::SecretRedactor;
using tuna::test::read_file;
using tuna::test::TempDir;
namespace fs = std::filesystem;

TEST(SecretRedactor, EverySecretIsReplacedWholeAndNothingElse) {
  const SecretRedactor secrets({"hunter2", "hunter2-long", ""});
  EXPECT_EQ(secrets.redact("a hunter2-long and a hunter2, hunter"), "a [redacted] and a [redacted], hunter");
  EXPECT_EQ(secrets.redact("nothing secret"), "nothing secret");
  EXPECT_EQ(SecretRedactor().redact("hunter2"), "hunter2");
}

// What replaced a secret is not searched again: a secret that is part of the marker
// does not garble it.
TEST(SecretRedactor, ASecretInsideTheMarkerDoesNotGarbleIt) {
  EXPECT_EQ(SecretRedactor({"e"}).redact("see"), "s[redacted][redacted]");
}

TEST(SecretRedactor, JsonStringsAndKeysAreRedactedBeforeEscaping) {
  const std::string secret = "pa\"ss";  // JSON writes it escaped: the text form would miss it
  const SecretRedactor secrets({secret});
  const nlohmann::ordered_json record = {
      {"step", "x" + secret}, {"details", {{secret, {1, "y" + secret}}}}, {"count", 3}};
  const auto line = secrets.redact_json(record).dump();
  EXPECT_EQ(line, R"({"step":"x[redacted]","details":{"[redacted]":[1,"y[redacted]"]},"count":3})");
}

TEST(RedactingSink, ALoggerBehindItNeverPassesTheSecretOnAndKeepsItsLevel) {
  std::ostringstream text;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text);
  sink->set_pattern("%l %v");
  sink->set_level(spdlog::level::info);
  spdlog::logger log("test", sink);
  log.set_level(spdlog::level::debug);
  tuna::host::redact_sinks(log, std::make_shared<const SecretRedactor>(std::vector<std::string>{"s3cret"}));
  log.info("login with s3cret failed");
  log.debug("s3cret at debug");  // below the sink's level
  EXPECT_EQ(text.str(), "info login with [redacted] failed\n");
}

namespace {

const std::string secret_variable = "TUNA_TEST_SECRET";

// Fails the test for every file under `dir` whose name or content holds `secret`; returns
// the names of the files it read.
std::vector<std::string> expect_secret_nowhere_in(const fs::path& dir, const std::string& secret) {
  std::vector<std::string> read;
  if (!fs::exists(dir)) return read;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const auto relative = entry.path().lexically_relative(dir).string();
    EXPECT_THAT(relative, Not(HasSubstr(secret))) << "in a file name";
    if (!entry.is_regular_file()) continue;
    read.push_back(relative);
    EXPECT_THAT(read_file(entry.path()), Not(HasSubstr(secret))) << "in " << relative;
  }
  return read;
}

// A pipeline that logs in to `sshd` with the password in $TUNA_TEST_SECRET and also holds
// `leaked` where no password belongs: a comment, the pipeline's name and description and
// a step's name. The dut's address is 127.1 (127.0.0.1 written so that tuna does not
// take it for this machine and logs in over SSH); its known_hosts file is written in `dir`.
std::string pipeline_with(const tuna::test::Sshd& sshd, const TempDir& dir, const std::string& leaked,
                          const std::string& extra = "") {
  const auto known_hosts = dir.write(
      "known_hosts", fmt::format("[127.1]:{} {}", sshd.port(), read_file(sshd.host_key().string() + ".pub")));
  return fmt::format(
      "# the dut's password is {0} (a note that should never have been written)\n"
      "name: secret-{0}\n"
      "description: logs in with {0}\n"
      "hosts:\n"
      "  dut:\n"
      "    address: 127.1\n"
      "    test_address: 127.0.0.1\n"
      "    port: {1}\n"
      "    user: {2}\n"
      "    password_env: {3}\n"
      "    known_hosts: {4}\n"
      "{5}"
      "  here: {{ address: localhost, test_address: 127.0.0.1 }}\n"
      "steps:\n"
      "  - name: nap-{0}\n"
      "    component: sleep\n"
      "    settings: {{ seconds: 0.01 }}\n"
      "  - name: throughput\n"
      "    component: iperf\n"
      "    settings: {{ dut: dut, server: here, tool: iperf3, direction: upstream, time: 1, port: 25751 }}\n",
      leaked, sshd.port(), tuna::test::Sshd::user, secret_variable, known_hosts.string(), extra);
}

class SecretsThroughTuna : public testing::Test {
 protected:
  void SetUp() override {
    if (const auto why = tuna::test::Sshd::unavailable_reason(); !why.empty()) GTEST_SKIP() << why;
  }
  // `tuna run` with the password variable set to `value` (quoted for the shell: the
  // passwords here have no single quote) and no ssh agent to log in first.
  static tuna::test::TunaOutput run(const std::string& arguments, const std::string& value) {
    return tuna::test::run_tuna("run " + arguments,
                                fmt::format("SSH_AUTH_SOCK= {}='{}'", secret_variable, value));
  }
};

}  // namespace

// Logged in with the password, at every verbosity: the console, tuna.log, results.jsonl,
// the pipeline copy and every report show "[redacted]" where the pipeline had the secret.
TEST_F(SecretsThroughTuna, AWorkingPasswordIsInNoOutputAtAnyVerbosity) {
  const std::string password = "Tuna\"Secret$5e7a";  // JSON escapes the quote
  const tuna::test::Sshd sshd(password);
  TempDir dir;
  const auto file = dir.write("secret.yaml", pipeline_with(sshd, dir, password));
  for (const auto* verbosity : {"-v", "", "-q"}) {
    SCOPED_TRACE(verbosity);
    const auto out = dir.path() / fmt::format("run{}", verbosity);
    const auto ran = run(fmt::format("{} {} --output {}", verbosity, file.string(), out.string()), password);
    EXPECT_EQ(ran.status, 0) << ran.err;
    EXPECT_THAT(ran.out + ran.err, Not(HasSubstr(password)));
    const auto files = expect_secret_nowhere_in(out, password);
    EXPECT_THAT(files, testing::IsSupersetOf({"tuna.log", "results.jsonl", "pipeline.yaml", "summary.csv",
                                              "junit.xml", "report.html"}));
    // The secret was there to leak, and what stood for it is marked.
    EXPECT_THAT(read_file(out / "pipeline.yaml"), HasSubstr("# the dut's password is [redacted] (a note"));
    const auto records = tuna::test::read_records(out / "results.jsonl");
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0]["pipeline"], "secret-[redacted]");
    EXPECT_EQ(records[0]["step"], "nap-[redacted]");
    EXPECT_EQ(records[1]["status"], "passed") << "logged in with the password and measured";
    if (std::string(verbosity) != "-q") {
      EXPECT_THAT(ran.err, HasSubstr("step 'nap-[redacted]' (sleep) #1 started"));
    }
    if (std::string(verbosity) == "-v") {
      EXPECT_THAT(ran.err, HasSubstr(fmt::format("host dut: ssh {}@127.1:{}: host key verified, logged in",
                                                 tuna::test::Sshd::user, sshd.port())));
    }
  }
}

// The login fails (the variable holds a wrong password, which the pipeline also holds):
// the run stops before any step and nothing it says holds the value.
TEST_F(SecretsThroughTuna, AWrongPasswordIsInNoOutputWhenTheLoginFails) {
  const tuna::test::Sshd sshd("Tuna-Right-91b2");
  const std::string wrong = "Tuna-Wrong-3c4d";
  TempDir dir;
  const auto file = dir.write("wrong.yaml", pipeline_with(sshd, dir, wrong));
  const auto out = dir.path() / "run";
  const auto ran = run(fmt::format("-v {} --output {}", file.string(), out.string()), wrong);
  EXPECT_EQ(ran.status, 3) << ran.err;
  EXPECT_THAT(ran.err, HasSubstr(fmt::format("password from ${}", secret_variable)));
  EXPECT_THAT(ran.out + ran.err, Not(HasSubstr(wrong)));
  expect_secret_nowhere_in(out, wrong);
}

// A password written into the pipeline is refused before anything runs, and neither it
// nor its line is shown, while the same value elsewhere in the file stays unshown too.
TEST_F(SecretsThroughTuna, APasswordLiteralIsRefusedWithoutShowingIt) {
  const std::string password = "Tuna-Literal-77e1";
  const tuna::test::Sshd sshd(password);
  TempDir dir;
  const auto file = dir.write(
      "literal.yaml", pipeline_with(sshd, dir, password, fmt::format("    password: {}\n", password)));
  const auto out = dir.path() / "run";
  const auto ran = run(fmt::format("-v {} --output {}", file.string(), out.string()), password);
  EXPECT_EQ(ran.status, 2) << ran.err;
  EXPECT_THAT(ran.err, HasSubstr("password_env"));
  EXPECT_THAT(ran.out + ran.err, Not(HasSubstr(password)));
  EXPECT_FALSE(fs::exists(out));
}

// `tuna check --connect` logs in and runs each step's preflight: the iperf step, named here
// with the secret, reports what it found under its redacted name, and nothing printed at
// -v holds the password.
TEST_F(SecretsThroughTuna, CheckConnectShowsNoPassword) {
  const std::string password = "Tuna-Check-5a0f";
  const tuna::test::Sshd sshd(password);
  TempDir dir;
  auto pipeline = pipeline_with(sshd, dir, password);
  const std::string step = "name: throughput\n";
  pipeline.replace(pipeline.find(step), step.size(), fmt::format("name: throughput-{}\n", password));
  const auto file = dir.write("check.yaml", pipeline);
  const auto ran = tuna::test::run_tuna(fmt::format("-v check --connect {}", file.string()),
                                        fmt::format("SSH_AUTH_SOCK= {}='{}'", secret_variable, password));
  EXPECT_EQ(ran.status, 0) << ran.out << ran.err;
  EXPECT_THAT(ran.out, HasSubstr("step throughput-[redacted]: "));
  EXPECT_THAT(ran.out, HasSubstr("ready"));
  EXPECT_THAT(ran.out + ran.err, Not(HasSubstr(password)));
}
