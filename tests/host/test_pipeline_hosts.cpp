// A host entry's SSH settings: every typed key read into HostEntry, every mistake reported
// at its file, line and column, and a password never written in the file nor shown back.
#include <fmt/format.h>

#include <cstdlib>
#include <optional>

#include "pipeline_test_fixture.hpp"

namespace tuna::host {
namespace {

using namespace pipeline_testing;
using ::testing::IsEmpty;
using ::testing::Not;
using Policy = HostKeyPolicy;

// A pipeline with one host `dut` at `address`; `keys` are its further lines (each
// "    key: value\n"), the first of them on line 4.
std::string with_dut(const std::string& keys, const std::string& address = "198.18.0.1") {
  return "hosts:\n"
         "  dut:\n"
         "    address: " +
         address + "\n" + keys +
         "steps:\n"
         "  - name: nap\n"
         "    component: sleep\n"
         "    settings: { seconds: 1 }\n";
}

// The column of the value in "    key: value".
int value_column(const std::string& key) { return 4 + static_cast<int>(key.size()) + 2 + 1; }

// Sets HOME for one test and puts the old value back.
class ScopedHome {
 public:
  explicit ScopedHome(const fs::path& home) {
    if (const char* old = std::getenv("HOME")) old_ = old;
    ::setenv("HOME", home.c_str(), 1);
  }
  ~ScopedHome() { old_ ? ::setenv("HOME", old_->c_str(), 1) : ::unsetenv("HOME"); }

 private:
  std::optional<std::string> old_;
};

class PipelineHostsTest : public PipelineTest {
 protected:
  fs::path touch(const fs::path& relative) {
    const auto path = dir_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << "key\n";
    return path;
  }

  const HostEntry& dut(const LoadResult& result) {
    EXPECT_TRUE(result.pipeline) << render_all(result.diagnostics, result.source, false);
    if (!result.pipeline || result.pipeline->hosts.empty()) throw std::runtime_error("no pipeline");
    return result.pipeline->hosts.front();
  }

  // The one error of a dut with `key: value` (written on line 4), at the value.
  void expect_value_error(const std::string& key, const std::string& value, const std::string& message) {
    SCOPED_TRACE(key + ": " + value);
    EXPECT_THAT(only_error(with_dut("    " + key + ": " + value + "\n")),
                At(4, value_column(key), "host 'dut': " + key + ": " + message));
  }
};

TEST_F(PipelineHostsTest, FullSshHostLoadsEveryTypedField) {
  const std::string address = "198.18.0.2", user = "tuna-test", identity = "keys/lab_ed25519",
                    known_hosts = "lab_known_hosts", password_env = "TUNA_LAB_PASSWORD",
                    iperf3 = "/opt/iperf3/bin/iperf3", iperf = "iperf2";
  touch(identity);
  touch(known_hosts);
  auto result =
      load(with_dut("    port: 2222\n"
                    "    user: " +
                        user +
                        "\n"
                        "    identity: " +
                        identity +
                        "\n"
                        "    password_env: " +
                        password_env +
                        "\n"
                        "    known_hosts: " +
                        known_hosts +
                        "\n"
                        "    host_key_policy: accept-new\n"
                        "    connect_timeout: 2.5\n"
                        "    prefix: sudo -n   nice\n"
                        "    programs: { iperf3: " +
                        iperf3 + ", iperf: " + iperf +
                        " }\n"
                        "    test_address: 198.19.0.2\n",
                    address));
  const auto& host = dut(result);
  EXPECT_THAT(result.diagnostics.all(), IsEmpty());
  EXPECT_EQ(host.name, "dut");
  EXPECT_EQ(host.address, address);
  EXPECT_EQ(host.test_address, "198.19.0.2");
  EXPECT_EQ(host.port, 2222);
  EXPECT_EQ(host.user, user);
  EXPECT_EQ(host.identity, dir_ / identity);  // relative to the pipeline file's directory
  EXPECT_TRUE(host.identity.is_absolute());
  EXPECT_EQ(host.password_env, password_env);
  EXPECT_EQ(host.known_hosts, dir_ / known_hosts);
  EXPECT_EQ(host.host_key_policy, Policy::accept_new);
  EXPECT_DOUBLE_EQ(host.connect_timeout_seconds, 2.5);
  EXPECT_THAT(host.prefix, ElementsAre("sudo", "-n", "nice"));
  EXPECT_EQ(host.programs, (std::map<std::string, std::string>{{"iperf3", iperf3}, {"iperf", iperf}}));
  EXPECT_EQ(host.where.line, 2);
  EXPECT_EQ(host.where.column, 3);
}

TEST_F(PipelineHostsTest, DefaultsOfARemoteHost) {
  ScopedHome home(dir_);
  auto result = load(with_dut(""));
  const auto& host = dut(result);
  EXPECT_THAT(result.diagnostics.all(), IsEmpty());
  EXPECT_EQ(host.port, 22);
  EXPECT_EQ(host.user, "");
  EXPECT_TRUE(host.identity.empty());
  EXPECT_EQ(host.password_env, "");
  // The default known_hosts need not exist at check time: the connection says why it fails.
  EXPECT_EQ(host.known_hosts, dir_ / ".ssh" / "known_hosts");
  EXPECT_EQ(host.host_key_policy, Policy::strict);
  EXPECT_DOUBLE_EQ(host.connect_timeout_seconds, 10);
  EXPECT_THAT(host.prefix, IsEmpty());
  EXPECT_THAT(host.programs, IsEmpty());
}

TEST_F(PipelineHostsTest, TildeIsTheHomeDirectoryAndOtherPathsStayAbsolute) {
  ScopedHome home(dir_ / "home");
  touch("home/.ssh/id_ed25519");
  const auto absolute = touch("elsewhere/known");
  auto result =
      load(with_dut("    identity: ~/.ssh/id_ed25519\n"
                    "    known_hosts: " +
                    absolute.string() + "\n"));
  const auto& host = dut(result);
  EXPECT_EQ(host.identity, dir_ / "home" / ".ssh" / "id_ed25519");
  EXPECT_EQ(host.known_hosts, absolute);

  EXPECT_THAT(
      only_error(with_dut("    identity: ~bob/.ssh/id\n")),
      At(4, 15, R"(host 'dut': identity: only '~/' (the home directory) is expanded, not "~bob/.ssh/id")"));
}

TEST_F(PipelineHostsTest, PortMustBeAnIntegerFrom1To65535) {
  expect_value_error("port", "22x", R"(expected integer, got "22x")");
  expect_value_error("port", "0", "0 is out of range: must be between 1 and 65535");
  expect_value_error("port", "65536", "65536 is out of range: must be between 1 and 65535");
  expect_value_error("port", "[22]", "expected integer, got a sequence");
  EXPECT_EQ(dut(load(with_dut("    port: 65535\n"))).port, 65535);
}

TEST_F(PipelineHostsTest, TextKeysMustNotBeEmpty) {
  for (const std::string key : {"user", "identity", "known_hosts", "prefix"})
    expect_value_error(key, "\"\"", R"(expected text, got "")");
  expect_value_error("user", "{ name: x }", "expected text, got a mapping");
}

TEST_F(PipelineHostsTest, AMissingKeyFileIsAnErrorAtItsValue) {
  expect_value_error("identity", "keys/none", "no such file: " + (dir_ / "keys/none").string());
  fs::create_directories(dir_ / "keys");
  expect_value_error("identity", "keys", (dir_ / "keys").string() + " is a directory, not a file");
  expect_value_error("known_hosts", "nowhere",
                     "no such file: " + (dir_ / "nowhere").string() +
                         " (with host_key_policy strict no host key can be verified");
  // accept-new makes the file when it adds the first key.
  auto result = load(with_dut("    known_hosts: nowhere\n    host_key_policy: accept-new\n"));
  EXPECT_EQ(dut(result).known_hosts, dir_ / "nowhere");
}

TEST_F(PipelineHostsTest, PasswordEnvIsAVariableNameAndTheValueIsNeverShown) {
  const std::string not_a_name = "s3cret pass";
  auto e = only_error(with_dut("    password_env: " + not_a_name + "\n"));
  EXPECT_THAT(e, At(4, value_column("password_env"),
                    "host 'dut': password_env: expected the NAME of an environment variable"));
  EXPECT_THAT(e.message, Not(HasSubstr(not_a_name)));
  const auto result = load(with_dut("    password_env: " + not_a_name + "\n"));
  EXPECT_THAT(render_all(result.diagnostics, result.source, false), Not(HasSubstr(not_a_name)));
  expect_value_error("password_env", "9LIVES", "expected the NAME of an environment variable");
  EXPECT_EQ(dut(load(with_dut("    password_env: _Lab_Pass9\n"))).password_env, "_Lab_Pass9");
}

TEST_F(PipelineHostsTest, ALiteralPasswordIsAnErrorThatNeverShowsIt) {
  const std::string password = "Hunter2-do-not-print";
  auto result = load(with_dut("    user: tuna-test\n    password: " + password + "\n"));
  EXPECT_FALSE(result.pipeline);
  ASSERT_EQ(result.diagnostics.all().size(), 1u);
  const auto& d = result.diagnostics.all()[0];
  EXPECT_EQ(d.severity, Severity::error);
  EXPECT_EQ(d.where.line, 5);
  EXPECT_EQ(d.where.column, 5);  // the key: the caret does not point at the password
  EXPECT_THAT(d.message, HasSubstr("host 'dut': a password in the pipeline file would be kept in the "
                                   "results and logs; put it in an environment variable and name the "
                                   "variable with password_env"));
  EXPECT_THAT(d.message, Not(HasSubstr(password)));
  // Nor does the report a user sees: the line that holds it is not quoted.
  const auto shown = render_all(result.diagnostics, result.source, false);
  EXPECT_THAT(shown, HasSubstr(":5:5: error: host 'dut': a password"));
  EXPECT_THAT(shown, Not(HasSubstr(password)));
}

TEST_F(PipelineHostsTest, HostKeyPolicyIsStrictOrAcceptNew) {
  expect_value_error("host_key_policy", "loose", R"(expected one of strict, accept-new; got "loose")");
  expect_value_error("host_key_policy", "accept", "expected one of strict, accept-new");
  EXPECT_EQ(dut(load(with_dut("    host_key_policy: strict\n"))).host_key_policy, Policy::strict);
}

TEST_F(PipelineHostsTest, ConnectTimeoutIsADurationLongerThanZero) {
  expect_value_error("connect_timeout", "0", R"("0" is out of range: must be more than 0 s)");
  expect_value_error("connect_timeout", "0ms", R"("0ms" is out of range: must be more than 0 s)");
  expect_value_error("connect_timeout", "soon",
                     R"(expected duration (seconds, or with a unit: 1.5s, 250ms, 2m, 1h), got "soon")");
  EXPECT_DOUBLE_EQ(dut(load(with_dut("    connect_timeout: 250ms\n"))).connect_timeout_seconds, 0.25);
  EXPECT_DOUBLE_EQ(dut(load(with_dut("    connect_timeout: 2m\n"))).connect_timeout_seconds, 120);
}

TEST_F(PipelineHostsTest, PrefixIsPlainWordsWithoutShellCharacters) {
  for (const auto& [prefix, character] : std::vector<std::pair<std::string, char>>{
           {"sudo -u 'bob'", '\''}, {"env A=$HOME", '$'}, {"sudo -n;", ';'}, {"nice | tee", '|'}}) {
    const auto e = only_error(with_dut("    prefix: \"" + prefix + "\"\n"));
    EXPECT_THAT(e, At(4, value_column("prefix"),
                      fmt::format("host 'dut': prefix: \"{}\" has '{}': the words are split at spaces and "
                                  "each reaches the program as it is, not through a shell",
                                  prefix, character)));
  }
  expect_value_error("prefix", "\"   \"", R"(expected words such as "sudo -n", got "   ")");
}

TEST_F(PipelineHostsTest, SshKeysOnALocalHostAreWarnedAboutAndUnused) {
  const std::string keys =
      "    user: tuna-test\n"
      "    identity: keys/missing\n"
      "    prefix: sudo -n\n"
      "    programs: { iperf3: /usr/bin/iperf3 }\n"
      "    port: 2222\n";
  for (const std::string address : {"localhost", "127.0.0.1", "::1"}) {
    SCOPED_TRACE(address);
    auto result = load(with_dut(keys, "\"" + address + "\""));
    ASSERT_TRUE(result.pipeline) << render_all(result.diagnostics, result.source, false);
    // The identity file is not checked: nothing will read it.
    EXPECT_THAT(found(result),
                ElementsAre(At(4, 5,
                               "host 'dut': 'user' is not used: a local host runs its commands as "
                               "child processes, not over SSH"),
                            At(5, 5, "host 'dut': 'identity' is not used"),
                            At(8, 5, "host 'dut': 'port' is not used")));
    for (const auto& d : result.diagnostics.all()) EXPECT_EQ(d.severity, Severity::warning);
    const auto& host = result.pipeline->hosts.front();
    EXPECT_THAT(host.prefix, ElementsAre("sudo", "-n"));
    EXPECT_EQ(host.programs.at("iperf3"), "/usr/bin/iperf3");
  }
}

TEST_F(PipelineHostsTest, UnknownHostKeySuggestsTheClosest) {
  EXPECT_THAT(only_error(with_dut("    identiy: x\n")),
              At(4, 5, "unknown key 'identiy' in host 'dut'; did you mean 'identity'?"));
  EXPECT_THAT(only_error(with_dut("    knwon_hosts: x\n")),
              At(4, 5, "unknown key 'knwon_hosts' in host 'dut'; did you mean 'known_hosts'?"));
}

TEST_F(PipelineHostsTest, EveryProblemOfAHostInOnePass) {
  auto result =
      load(with_dut("    port: 0\n"
                    "    host_key_policy: loose\n"
                    "    connect_timeout: -1\n"
                    "    password: x\n"));
  EXPECT_FALSE(result.pipeline);
  EXPECT_THAT(found(result), ElementsAre(At(4, 11, "port"), At(5, 22, "host_key_policy"),
                                         At(6, 22, "connect_timeout"), At(7, 5, "password")));
}

TEST_F(PipelineHostsTest, ProgramsIsAMappingOfToolsToPrograms) {
  auto e = only_error(with_dut("    programs: /usr/bin/iperf3\n"));
  EXPECT_THAT(e, At(4, value_column("programs"), "host 'dut': programs: expected a mapping of tool names"));
  auto empty = only_error(with_dut("    programs: { iperf3: \"\" }\n"));
  EXPECT_THAT(empty, At(4, 25, "host 'dut': programs: iperf3: expected text"));
  const auto result = load(with_dut("    programs: { iperf3: /opt/a/iperf3, ping: /bin/ping }\n"));
  ASSERT_TRUE(result.pipeline) << render_all(result.diagnostics, result.source, false);
  EXPECT_EQ(dut(result).programs,
            (std::map<std::string, std::string>{{"iperf3", "/opt/a/iperf3"}, {"ping", "/bin/ping"}}));
}

}  // namespace
}  // namespace tuna::host
