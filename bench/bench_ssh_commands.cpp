// Per-command latency over SSH: tuna's SshHost, one libssh session reused by every command
// (a channel each), against a fresh `ssh host true` per command on the same sshd. Rounds
// alternate which goes first. Needs the test lab (tests/lab/lab.sh up); see
// docs/PERFORMANCE.md.
//
// Usage: bench_ssh_commands [ROUNDS] [LAB_ENV]   ROUNDS 1..1000 (default 50),
//        LAB_ENV default $TUNA_LAB_DIR/lab.env or /run/tuna-lab/lab.env
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ssh_host.hpp"

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

std::map<std::string, std::string> read_env(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(fmt::format("cannot read {} (is the lab up? tests/lab/lab.sh up)", file));
  std::map<std::string, std::string> values;
  for (std::string line; std::getline(in, line);) {
    const auto equals = line.find('=');
    if (equals != std::string::npos) values[line.substr(0, equals)] = line.substr(equals + 1);
  }
  return values;
}

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

// The OpenSSH client as a user runs it, without a shell in between; no ssh config read
// (tuna reads none either), the lab's key and known_hosts, the same strict host key check.
double time_openssh(const std::map<std::string, std::string>& lab) {
  std::vector<std::string> argv = {"ssh", "-F", "/dev/null", "-i", lab.at("TUNA_LAB_IDENTITY"),
                                   "-o", "UserKnownHostsFile=" + lab.at("TUNA_LAB_KNOWN_HOSTS"),
                                   "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
                                   "-p", lab.at("TUNA_LAB_SSH_PORT"),
                                   lab.at("TUNA_LAB_USER") + "@" + lab.at("TUNA_LAB_DUT_ADDRESS"), "true"};
  std::vector<char*> pointers;
  for (auto& word : argv) pointers.push_back(word.data());
  pointers.push_back(nullptr);
  const auto start = Clock::now();
  pid_t pid = 0;
  if (posix_spawnp(&pid, "ssh", nullptr, nullptr, pointers.data(), environ) != 0) throw std::runtime_error("cannot run ssh");
  int status = 0;
  waitpid(pid, &status, 0);
  const double took = ms_since(start);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error("ssh ... true failed");
  return took;
}

double time_tuna(tuna::host::SshHost& host) {
  const auto start = Clock::now();
  const auto result = host.run({"true"}, 10s);
  const double took = ms_since(start);
  if (!result.started || result.timed_out || result.status.code != 0)
    throw std::runtime_error("SshHost::run true failed: " + result.err);
  return took;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const auto n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// "median 3.61 ms  (min 3.27, p90 4.10, max 49.18)"
std::string distribution(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return fmt::format("{:8.2f} ms median  (min {:.2f}, p90 {:.2f}, max {:.2f})", median(values), values.front(),
                     values[values.size() * 9 / 10], values.back());
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 50;
    if (rounds < 1 || rounds > 1000) throw std::runtime_error("ROUNDS must be 1..1000");
    const char* dir = std::getenv("TUNA_LAB_DIR");
    const auto lab = read_env(argc > 2 ? argv[2] : std::string(dir && *dir ? dir : "/run/tuna-lab") + "/lab.env");

    tuna::host::SshHost host({.name = "dut",
                              .address = lab.at("TUNA_LAB_DUT_ADDRESS"),
                              .test_address = lab.at("TUNA_LAB_DUT_ADDRESS"),
                              .port = std::stoi(lab.at("TUNA_LAB_SSH_PORT")),
                              .user = lab.at("TUNA_LAB_USER"),
                              .identity = lab.at("TUNA_LAB_IDENTITY"),
                              .known_hosts = lab.at("TUNA_LAB_KNOWN_HOSTS"),
                              .connect_timeout = 5s});
    const auto connect_start = Clock::now();
    host.connect();
    const double connect_ms = ms_since(connect_start);
    // One unrecorded command each: first-use effects on both sides.
    time_tuna(host);
    time_openssh(lab);

    std::vector<double> tuna_ms, ssh_ms, ratios;
    for (int round = 0; round < rounds; ++round) {
      double tuna = 0, ssh = 0;
      if (round % 2 == 0) {
        tuna = time_tuna(host);
        ssh = time_openssh(lab);
      } else {
        ssh = time_openssh(lab);
        tuna = time_tuna(host);
      }
      tuna_ms.push_back(tuna);
      ssh_ms.push_back(ssh);
      ratios.push_back(ssh / tuna);
    }
    fmt::print("ssh commands: {} paired rounds of `true` on {}@{}\n", rounds, lab.at("TUNA_LAB_USER"),
               lab.at("TUNA_LAB_DUT_ADDRESS"));
    fmt::print("  tuna SshHost connect + login (once)  {:8.2f} ms\n", connect_ms);
    fmt::print("  tuna SshHost::run, reused session    {}\n", distribution(tuna_ms));
    fmt::print("  fresh `ssh host true`                {}\n", distribution(ssh_ms));
    fmt::print("  median of per-round ratios ssh / tuna  {:.2f}\n", median(ratios));
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_ssh_commands: {}\n", e.what());
    return 2;
  }
}
