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

#include <fmt/format.h>
#include <gtest/gtest.h>

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
        "    settings: {{ dut: {}, server: {}, {} }}\n",
        host(dut_name, env["TUNA_LAB_DUT_ADDRESS"], ""), host(server_name, env["TUNA_LAB_SRV_ADDRESS"], server_extra),
        dut_name, server_name, settings);
  }
};

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
