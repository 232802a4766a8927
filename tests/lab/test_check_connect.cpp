// `tuna check --connect` against the lab's hosts: what a ready lab looks like, and a
// known_hosts file that records other keys.
#include <regex>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "lab_env.hpp"
#include "run_record.hpp"

namespace tuna::test::lab {
namespace {

constexpr int not_ready = 3;

class CheckConnect : public LabTest {};

int count_lines_starting(const std::string& text, const std::string& start) {
  std::istringstream lines(text);
  int count = 0;
  for (std::string line; std::getline(lines, line);) count += line.starts_with(start);
  return count;
}

// "256 SHA256:abc... 198.18.0.1 (ED25519)" lines of `ssh-keygen -l`, the fingerprint of
// the key recorded for `address` (or of the only key in a .pub file when address is empty).
std::string fingerprint(const std::filesystem::path& keys, const std::string& address = "") {
  const auto listing = run_command("ssh-keygen -l -f " + keys.string()).output;
  static const std::regex line(R"((SHA256:\S+) (\S+))");
  std::istringstream lines(listing);
  std::smatch match;
  for (std::string text; std::getline(lines, text);)
    if (std::regex_search(text, match, line) && (address.empty() || match[2] == address)) return match[1];
  ADD_FAILURE() << "no key for '" << address << "' in " << keys << ":\n" << listing;
  return "(none)";
}

// The version the system iperf3 reports: the lab's namespaces share this file system.
std::string iperf3_version() {
  static const std::regex version(R"(iperf (\d+\.\d+))");
  std::smatch match;
  const auto said = run_command("iperf3 --version").output;
  return std::regex_search(said, match, version) ? match[1].str() : "(iperf3 --version said: " + said + ")";
}

TEST_F(CheckConnect, LabPipelineIsReadyWithALinePerHostAndTheStepsFindings) {
  const auto output = run_tuna_bounded({"check", "--connect", env()["TUNA_LAB_PIPELINE"]}, 30s);

  ASSERT_EQ(output.status, 0) << describe(output);
  // The lab pipeline's hosts are dut and server, its step throughput (tests/lab/lab-pipeline.yaml).
  for (const auto& [host, address] : {std::pair{"dut", env()["TUNA_LAB_DUT_ADDRESS"]},
                                      std::pair{"server", env()["TUNA_LAB_SRV_ADDRESS"]}}) {
    const auto line = fmt::format("  host {}: ssh {}@{}:{}: host key verified, logged in", host, env()["TUNA_LAB_USER"],
                                  address, env()["TUNA_LAB_SSH_PORT"]);
    EXPECT_EQ(count_lines_starting(output.out, fmt::format("  host {}:", host)), 1) << describe(output);
    EXPECT_NE(output.out.find(line + "\n"), std::string::npos) << "no line '" << line << "'\n" << describe(output);
  }
  const auto version = iperf3_version();
  for (const auto& finding : {fmt::format("step throughput: iperf3 on dut {}, server {}", version, version),
                              fmt::format("step throughput: dut reaches server at {}", env()["TUNA_LAB_SRV_ADDRESS"]),
                              fmt::format("step throughput: server reaches dut at {}", env()["TUNA_LAB_DUT_ADDRESS"])})
    EXPECT_NE(output.out.find(finding), std::string::npos) << "no finding '" << finding << "'\n" << describe(output);
}

TEST_F(CheckConnect, KnownHostsWithOtherKeysIsNotReadyAndShowsTheServersFingerprint) {
  TempDir dir;
  ASSERT_EQ(run_command("ssh-keygen -q -t ed25519 -N \"\" -C other -f " + (dir.path() / "other").string()).status, 0);
  const auto other_key = read_file(dir.path() / "other.pub");
  const auto other = other_key.substr(0, other_key.find(" other"));
  LabPipeline pipeline;
  pipeline.known_hosts =
      dir.write("known_hosts", fmt::format("{} {}\n{} {}\n", env()["TUNA_LAB_DUT_ADDRESS"], other,
                                           env()["TUNA_LAB_SRV_ADDRESS"], other))
          .string();
  pipeline.settings = "direction: both, time: 2";
  const auto file = dir.write("pipeline.yaml", pipeline.yaml(env()));

  const auto output = run_tuna_bounded({"check", "--connect", file.string()}, 30s);

  EXPECT_EQ(output.status, not_ready) << describe(output);
  const auto said = output.out + output.err;
  for (const auto& address : {env()["TUNA_LAB_DUT_ADDRESS"], env()["TUNA_LAB_SRV_ADDRESS"]}) {
    const auto offered = fingerprint(env()["TUNA_LAB_KNOWN_HOSTS"], address);
    EXPECT_NE(said.find(offered), std::string::npos)
        << "the key " << address << " offers (" << offered << ") is not shown\n" << describe(output);
  }
  const auto recorded = fingerprint(dir.path() / "other.pub");
  EXPECT_NE(said.find(recorded), std::string::npos) << "the recorded key is not shown\n" << describe(output);
}

}  // namespace
}  // namespace tuna::test::lab
