// What the lab tests know about the test lab (tests/lab/README.md): whether it can be
// used here, the values `lab.sh up` wrote to lab.env, and pipelines over its two hosts.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lab_commands.hpp"

namespace tuna::test::lab {

inline std::filesystem::path lab_dir() {
  const char* dir = std::getenv("TUNA_LAB_DIR");
  return dir && *dir ? dir : "/run/tuna-lab";
}

// Why the lab cannot be used here, or nullopt when it can.
inline std::optional<std::string> unavailable_reason() {
  if (geteuid() != 0) return "the lab tests need root (network namespaces, processes of the lab user)";
  if (run_command("ip netns list").status != 0) return "'ip netns' is unavailable (install iproute2)";
  if (!std::filesystem::exists(lab_dir() / "lab.env"))
    return fmt::format("the lab is not up ({} is missing): run tests/lab/lab.sh up", (lab_dir() / "lab.env").string());
  return std::nullopt;
}

// lab.env's KEY=VALUE lines.
class LabEnv {
 public:
  LabEnv() {
    std::ifstream in(lab_dir() / "lab.env");
    for (std::string line; std::getline(in, line);) {
      const auto equals = line.find('=');
      if (equals != std::string::npos) values_[line.substr(0, equals)] = line.substr(equals + 1);
    }
  }
  // Throws when `up` did not write `key`: a lab.env from another lab.sh version.
  const std::string& operator[](const std::string& key) const { return values_.at(key); }

 private:
  std::map<std::string, std::string> values_;
};

// A pipeline over the lab's DUT and server, reached over SSH as a user would write it.
struct LabPipeline {
  std::string dut_name = "dut";
  std::string server_name = "server";
  std::string known_hosts;   // empty: the lab's
  std::string server_extra;  // more keys for the server host, e.g. "programs: { iperf3: /opt/iperf3 }"
  std::string settings;      // the iperf step's settings, besides dut and server
  std::string dut_address;   // empty: the lab's
  std::string more_steps;    // YAML list items after the iperf step, indented as it is

  std::string yaml(const LabEnv& env) const {
    const auto host = [&](const std::string& name, const std::string& address, const std::string& extra) {
      return fmt::format(
          "  {}:\n    address: {}\n    port: {}\n    user: {}\n    identity: {}\n    known_hosts: {}\n"
          "    host_key_policy: strict\n    connect_timeout: 5\n{}",
          name, address, env["TUNA_LAB_SSH_PORT"], env["TUNA_LAB_USER"], env["TUNA_LAB_IDENTITY"],
          known_hosts.empty() ? env["TUNA_LAB_KNOWN_HOSTS"] : known_hosts, extra.empty() ? "" : "    " + extra + "\n");
    };
    return fmt::format(
        "name: lab-test\nhosts:\n{}{}steps:\n  - name: throughput\n    component: iperf\n"
        "    settings: {{ dut: {}, server: {}, {} }}\n{}",
        host(dut_name, dut_address.empty() ? env["TUNA_LAB_DUT_ADDRESS"] : dut_address, ""),
        host(server_name, env["TUNA_LAB_SRV_ADDRESS"], server_extra), dut_name, server_name, settings, more_steps);
  }
};

// A base port of this test process's own, so that its iperf command lines are its alone.
inline int own_base_port() { return 20000 + static_cast<int>(getpid() % 20000); }

// Two upstream steps with `tool`: "throughput", 1 s, then "long", 10 s, for a fault made
// while "long" runs that must leave the first step's record whole.
inline LabPipeline quick_then_long_pipeline(const std::string& tool = "iperf3") {
  LabPipeline pipeline;
  pipeline.settings = fmt::format("direction: upstream, tool: {}, time: 1, port: {}", tool, own_base_port());
  pipeline.more_steps = fmt::format(
      "  - name: long\n    component: iperf\n"
      "    settings: {{ dut: {}, server: {}, direction: upstream, tool: {}, time: 10, port: {} }}\n",
      pipeline.dut_name, pipeline.server_name, tool, own_base_port() + 100);
  return pipeline;
}

// The records of quick_then_long_pipeline() after a fault in "long": the first step's
// passed measurement, then the long step's, which did not pass. Returns the latter.
inline nlohmann::json expect_first_kept_then_long_failed(const std::vector<nlohmann::json>& records) {
  EXPECT_EQ(records.size(), 2u);
  if (records.size() != 2) return nlohmann::json::object();
  EXPECT_EQ(records[0].at("step"), "throughput") << records[0].dump();
  EXPECT_EQ(records[0].at("status"), "passed") << records[0].dump();
  EXPECT_EQ(records[1].at("step"), "long") << records[1].dump();
  EXPECT_NE(records[1].at("status"), "passed") << records[1].dump();
  return records[1];
}

// The command `tuna run --dry-run` says it will run for `what` ("upstream server") in `step`.
inline std::string dry_run_command(const std::filesystem::path& pipeline, const std::string& what,
                                   const std::string& step = "throughput") {
  const auto dry = run_tuna_bounded({"run", pipeline.string(), "--dry-run"}, 20s);
  const auto marker = fmt::format("{}: {} on ", step, what);
  const auto at = dry.out.find(marker);
  if (dry.status != 0 || at == std::string::npos) {
    ADD_FAILURE() << "no '" << marker << "' in the dry run\n" << describe(dry);
    return {};
  }
  const auto start = dry.out.find(": ", at + marker.size()) + 2;
  return dry.out.substr(start, dry.out.find('\n', start) - start);
}

// Skips every test of the fixture where the lab cannot be used, with the reason.
class LabTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const auto reason = unavailable_reason()) GTEST_SKIP() << *reason;
    env_.emplace();
  }
  const LabEnv& env() const { return *env_; }

 private:
  std::optional<LabEnv> env_;
};

}  // namespace tuna::test::lab
