// The real tuna binary, driven as a user would: commands, messages and exit codes.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/dll/shared_library.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <tuna/component.hpp>
#include <vector>

#include "run_tuna.hpp"

using testing::HasSubstr;
using tuna::test::run_tuna;
using tuna::test::TempDir;

namespace {
std::string broken_dir(const std::string& name) { return std::string(TUNA_TEST_PLUGIN_DIR) + "/" + name; }

struct DescriptorFields {
  std::string name, version;
  std::uint32_t abi_version;
};

// The plugin's own word, read without tuna's loader.
DescriptorFields read_descriptor(const std::string& file) {
  boost::dll::shared_library library(file,
                                     boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  const auto& d = library.get_alias<const tuna::PluginDescriptor>("tuna_plugin_descriptor");
  return {d.plugin_name, d.plugin_version, d.abi_version};
}
}  // namespace

TEST(Cli, VersionAndUsage) {
  auto version = run_tuna("--version");
  EXPECT_EQ(version.status, 0);
  EXPECT_THAT(version.out, HasSubstr("tuna " TUNA_VERSION));

  EXPECT_EQ(run_tuna("").status, 2);
  EXPECT_EQ(run_tuna("frobnicate").status, 2);
  auto help = run_tuna("--help");
  EXPECT_EQ(help.status, 0);
  EXPECT_THAT(help.out, HasSubstr("130"));  // the exit statuses are listed
}

// What `tuna list` and `tuna help` say about a component's plugin (file, plugin version,
// ABI version) is checked against the descriptor read here from the file itself.
TEST(Cli, ListAndHelpShowTheFileVersionAndAbiEachComponentCameFrom) {
  auto json = run_tuna("list --json");
  ASSERT_EQ(json.status, 0) << json.err;
  auto table = run_tuna("list");
  ASSERT_EQ(table.status, 0) << table.err;
  const auto components = nlohmann::json::parse(json.out);
  std::set<std::string> names;
  for (const auto& c : components) {
    const std::string name = c["name"], file = c["plugin"];
    names.insert(name);
    ASSERT_TRUE(std::filesystem::exists(file)) << name << ": " << file;
    EXPECT_EQ(std::filesystem::path(file).parent_path(), std::filesystem::path(TUNA_PLUGIN_DIR)) << name;
    const auto plugin = read_descriptor(file);
    EXPECT_EQ(c["plugin_name"], plugin.name) << name;
    EXPECT_EQ(c["plugin_version"], plugin.version) << name;
    EXPECT_EQ(c["abi_version"], plugin.abi_version) << name;
    EXPECT_EQ(std::filesystem::path(file).filename(), "libtuna_" + plugin.name + ".so") << name;

    const auto provenance =
        fmt::format("{} ({} {}, plugin ABI {})", file, plugin.name, plugin.version, plugin.abi_version);
    EXPECT_THAT(table.out, HasSubstr("from " + provenance)) << name;
    auto help = run_tuna("help " + name);
    ASSERT_EQ(help.status, 0) << help.err;
    EXPECT_THAT(help.out, HasSubstr("plugin:  " + provenance)) << name;
  }
  EXPECT_TRUE(names.count("sleep")) << json.out;
  EXPECT_TRUE(names.count("iperf")) << json.out;
}

TEST(Cli, HelpRendersTheSchema) {
  auto help = run_tuna("help sleep");
  ASSERT_EQ(help.status, 0) << help.err;
  EXPECT_THAT(help.out, HasSubstr("seconds"));
  EXPECT_THAT(help.out, HasSubstr("duration"));
  EXPECT_THAT(help.out, HasSubstr("(required)"));
  EXPECT_THAT(help.out, HasSubstr("component: sleep"));  // the example

  auto unknown = run_tuna("help slep");
  EXPECT_EQ(unknown.status, 2);
  EXPECT_THAT(unknown.err, HasSubstr("did you mean 'sleep'"));
}

TEST(Cli, EveryComponentsExamplePassesCheckAsPrinted) {
  const auto components = nlohmann::json::parse(run_tuna("list --json").out);
  ASSERT_FALSE(components.empty());
  TempDir dir;
  for (const auto& c : components) {
    const std::string name = c["name"];
    auto example = run_tuna("example " + name);
    ASSERT_EQ(example.status, 0) << name << ": " << example.err;
    const auto file = dir.write(name + ".yaml", example.out);
    auto check = run_tuna("check " + file.string());
    EXPECT_EQ(check.status, 0) << name << ":\n" << example.out << check.err;
    EXPECT_THAT(check.out, HasSubstr("OK"));
  }
}

TEST(Cli, CheckReportsFileLineColumnAndExitsTwo) {
  TempDir dir;
  const auto file = dir.write("bad.yaml",
                              "name: bad\n"
                              "steps:\n"
                              "  - name: wait\n"
                              "    component: sleep\n"
                              "    settings: { secnds: 1 }\n");
  auto check = run_tuna("check " + file.string());
  EXPECT_EQ(check.status, 2);
  EXPECT_THAT(check.err, HasSubstr(file.string() + ":5:17"));
  EXPECT_THAT(check.err, HasSubstr("did you mean 'seconds'"));

  EXPECT_EQ(run_tuna("check " + (dir.path() / "missing.yaml").string()).status, 2);
  EXPECT_EQ(run_tuna("check " + dir.path().string()).status, 2);
}

TEST(Cli, BrokenPluginsAreInfrastructureErrors) {
  auto older = run_tuna("--plugin-path " + broken_dir("abi_older") + " list");
  EXPECT_EQ(older.status, 3);
  EXPECT_THAT(older.err, HasSubstr("libtuna_abi_older.so"));
  EXPECT_THAT(older.err, HasSubstr(fmt::format("ABI version {}, older", tuna::plugin_abi_version - 1)));
  EXPECT_THAT(older.err, HasSubstr("rebuild the plugin"));

  TempDir dir;
  const auto file =
      dir.write("nap.yaml", "steps:\n  - name: nap\n    component: sleep\n    settings: { seconds: 0.01 }\n");
  auto newer = run_tuna("run " + file.string() + " --output " + (dir.path() / "run").string(),
                        "TUNA_PLUGIN_PATH=" + broken_dir("abi_newer"));
  EXPECT_EQ(newer.status, 3);
  EXPECT_THAT(newer.err, HasSubstr(fmt::format("ABI version {}, newer", tuna::plugin_abi_version + 1)));
  EXPECT_THAT(newer.err, HasSubstr("upgrade tuna"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "run" / "results.jsonl")) << "nothing ran";

  auto undefined = run_tuna("list", "TUNA_PLUGIN_PATH=" + broken_dir("undefined_symbol"));
  EXPECT_EQ(undefined.status, 3);
  EXPECT_THAT(undefined.err, HasSubstr("undefined symbol"));

  auto duplicate = run_tuna("list --plugin-path " + broken_dir("duplicate"));
  EXPECT_EQ(duplicate.status, 3);
  EXPECT_THAT(duplicate.err, HasSubstr("'sleep' is declared by both"));
}

TEST(Cli, RunKeepsEveryMeasurementAndHonoursRepeat) {
  TempDir dir;
  const auto file = dir.write("sleepy.yaml",
                              "name: sleepy\n"
                              "repeat: 2\n"
                              "steps:\n"
                              "  - name: nap\n"
                              "    component: sleep\n"
                              "    repeat: 3\n"
                              "    settings: { seconds: 0.05 }\n");
  const auto out = dir.path() / "run";
  auto run = run_tuna("run " + file.string() + " --output " + out.string());
  ASSERT_EQ(run.status, 0) << run.err;
  std::istringstream lines(tuna::test::read_file(out / "results.jsonl"));
  int records = 0;
  for (std::string line; std::getline(lines, line);) {
    const auto record = nlohmann::json::parse(line);
    ++records;
    EXPECT_EQ(record["step"], "nap");
    EXPECT_EQ(record["repetition"], records);
    EXPECT_EQ(record["status"], "passed");
    EXPECT_GE(record["metrics"]["slept"]["value"].get<double>(), 0.05);
    const std::regex utc_millis(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
    EXPECT_TRUE(std::regex_match(record["step_started"].get<std::string>(), utc_millis)) << line;
    EXPECT_LT(record["step_started"].get<std::string>(), record["finished"].get<std::string>()) << line;
  }
  EXPECT_EQ(records, 6);
  EXPECT_TRUE(std::filesystem::exists(out / "pipeline.yaml"));
  EXPECT_TRUE(std::filesystem::exists(out / "tuna.log"));
}

TEST(Cli, DryRunSaysWhatWouldRunAndRunsNothing) {
  TempDir dir;
  const auto file = dir.write("dry.yaml",
                              "steps:\n"
                              "  - name: nap\n"
                              "    component: sleep\n"
                              "    settings: { seconds: 30 }\n");
  const auto out = dir.path() / "run";
  auto run = run_tuna("run --dry-run " + file.string() + " --output " + out.string());
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("nap: sleep 30 s"));
  EXPECT_FALSE(std::filesystem::exists(out / "results.jsonl"));
}

// An SSH host that accepts the connection but never speaks SSH: the run stops before the
// first step, within the host's connect timeout, as an infrastructure error.
TEST(Cli, AnUnreachableHostStopsTheRunBeforeAnyStep) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK + 1);  // 127.0.0.2: loopback, but not "local"
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 4), 0);
  socklen_t length = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  const int port = ntohs(address.sin_port);

  TempDir dir;
  const auto file =
      dir.write("silent.yaml", fmt::format("hosts:\n"
                                           "  here: {{ address: localhost }}\n"
                                           "  silent: {{ address: 127.0.0.2, port: {}, connect_timeout: 1,\n"
                                           "            host_key_policy: accept-new, known_hosts: kh }}\n"
                                           "steps:\n"
                                           "  - name: nap\n"
                                           "    component: sleep\n"
                                           "    settings: {{ seconds: 0.01 }}\n"
                                           "  - name: throughput\n"
                                           "    component: iperf\n"
                                           "    settings: {{ dut: silent, server: here, time: 1 }}\n",
                                           port));
  const auto out = dir.path() / "run";
  const auto started = std::chrono::steady_clock::now();
  auto run = run_tuna("run " + file.string() + " --output " + out.string());
  const auto took = std::chrono::steady_clock::now() - started;
  close(listener);
  EXPECT_EQ(run.status, 3) << run.err;
  EXPECT_THAT(run.err, HasSubstr("silent"));
  EXPECT_LT(took, std::chrono::seconds(5));
  EXPECT_FALSE(std::filesystem::exists(out / "results.jsonl")) << "no step ran";
}

TEST(Cli, CheckConnectReachesEveryHostAndAsksEachStep) {
  TempDir dir;
  const auto file = dir.write("lab.yaml",
                              "hosts:\n"
                              "  dut: { address: localhost, test_address: 127.0.0.1 }\n"
                              "  server: { address: localhost, test_address: 127.0.0.1 }\n"
                              "steps:\n"
                              "  - name: throughput\n"
                              "    component: iperf\n"
                              "    settings: { dut: dut, server: server, tool: iperf3, time: 1 }\n");
  auto ready = run_tuna("check --connect " + file.string());
  EXPECT_EQ(ready.status, 0) << ready.out << ready.err;
  EXPECT_THAT(ready.out, HasSubstr("host dut:"));
  EXPECT_THAT(ready.out, HasSubstr("host server:"));
  EXPECT_THAT(ready.out, HasSubstr("step throughput: iperf3 on dut"));
  EXPECT_THAT(ready.out, HasSubstr(file.string() + ": ready"));

  // Without the tools on the PATH the step cannot run: an infrastructure problem.
  auto missing = run_tuna("check --connect " + file.string(), "PATH=" + dir.path().string());
  EXPECT_EQ(missing.status, 3) << missing.out << missing.err;
  EXPECT_THAT(missing.out, HasSubstr("NOT ready"));
  EXPECT_THAT(missing.out, HasSubstr("iperf3"));
}

TEST(Cli, EachSweptCombinationIsRecordedWithItsParameters) {
  TempDir dir;
  const auto file = dir.write("sweep.yaml",
                              "steps:\n"
                              "  - name: nap\n"
                              "    component: sleep\n"
                              "    repeat: 2\n"
                              "    sweep: { seconds: [0.01, 0.03] }\n");
  const auto out = dir.path() / "run";
  auto run = run_tuna("run " + file.string() + " --output " + out.string());
  ASSERT_EQ(run.status, 0) << run.err;
  std::istringstream lines(tuna::test::read_file(out / "results.jsonl"));
  std::vector<std::pair<std::string, int>> seen;
  for (std::string line; std::getline(lines, line);) {
    const auto record = nlohmann::json::parse(line);
    const auto seconds = record["parameters"]["seconds"].get<std::string>();
    EXPECT_EQ(record["step"], "nap[seconds=" + seconds + "]");
    EXPECT_GE(record["metrics"]["slept"]["value"].get<double>(), std::stod(seconds));
    seen.emplace_back(seconds, record["repetition"].get<int>());
  }
  // Each combination is a step of its own: repeated twice, one after the other.
  EXPECT_THAT(seen, testing::ElementsAre(std::pair{"0.01", 1}, std::pair{"0.01", 2}, std::pair{"0.03", 1},
                                         std::pair{"0.03", 2}));
}

// A run directory that cannot be made is an infrastructure problem, said before any step;
// what a run writes is never writable by other users (the group is the caller's choice).
TEST(Cli, TheRunDirectoryMustBeWritableAndIsNotWorldWritable) {
  TempDir dir;
  const auto file =
      dir.write("nap.yaml", "steps:\n  - name: nap\n    component: sleep\n    settings: { seconds: 0.01 }\n");
  const auto blocked = dir.write("a-file", "not a directory");
  auto refused = run_tuna("run " + file.string() + " --output " + (blocked / "run").string());
  EXPECT_EQ(refused.status, 3);
  EXPECT_THAT(refused.err, HasSubstr("cannot prepare the run directory"));

  // Even a caller whose umask lets everyone write gets files others cannot write.
  const auto out = dir.path() / "run";
  ASSERT_EQ(run_tuna("run " + file.string() + " --output " + out.string(), "; umask 000;").status, 0);
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(out)) {
    ++files;
    const auto permissions = entry.status().permissions();
    EXPECT_EQ(permissions & std::filesystem::perms::others_write, std::filesystem::perms::none)
        << entry.path();
  }
  EXPECT_GE(files, 5);  // pipeline.yaml, tuna.log, results.jsonl, the reports, raw/
}
