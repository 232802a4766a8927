// A tuna run in the lab and what it left: its records, its raw files, and the processes
// it started.
#pragma once

#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "lab_commands.hpp"
#include "lab_env.hpp"

namespace tuna::test::lab {

struct LabRun {
  TempDir dir;
  TunaOutput output;
  std::vector<nlohmann::json> records;

  std::filesystem::path run_dir() const { return dir.path() / "run"; }
};

inline std::vector<nlohmann::json> read_records(const std::filesystem::path& results) {
  std::vector<nlohmann::json> records;
  std::istringstream lines(read_file(results));
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) records.push_back(nlohmann::json::parse(line));
  return records;
}

// `tuna run` of `pipeline`, its results in the run's temp dir.
inline void run_pipeline(LabRun& run, const LabPipeline& pipeline, const LabEnv& env) {
  const auto file = run.dir.write("pipeline.yaml", pipeline.yaml(env));
  run.output = run_tuna_bounded({"run", file.string(), "--output", run.run_dir().string()});
  if (std::filesystem::exists(run.run_dir() / "results.jsonl")) run.records = read_records(run.run_dir() / "results.jsonl");
}

// Every process of the record's iperf client and server has ended: by the pids tuna
// recorded (remote pids, but the namespaces share this pid namespace) and by the exact
// commands it ran (which carry the run's own port).
inline void expect_nothing_left(const nlohmann::json& record) {
  const auto& details = record.at("details");
  for (const char* side : {"client", "server"}) {
    ASSERT_TRUE(details.contains(side)) << "the record names no " << side << ": " << record.dump();
    const long pid = details[side].at("pid").get<long>();
    EXPECT_FALSE(process_exists(pid)) << side << " pid " << pid << " still runs: " << command_line_of(pid);
    const auto command = details[side].at("command").get<std::string>();
    EXPECT_EQ(processes_running(command), std::vector<long>()) << "still running: " << command;
  }
  for (const auto& pid : details.at("pids"))
    EXPECT_FALSE(process_exists(pid.get<long>())) << "pid " << pid << " still runs: " << command_line_of(pid.get<long>());
}

// tuna's SSH sessions end with tuna; sshd tears a session down a moment after the client
// has gone, so this waits up to 3 s for the lab user's session processes to go.
inline void expect_no_ssh_session_left(const LabEnv& env) {
  const auto sessions = [&] {
    std::vector<std::string> found;
    for (const auto& ns : {env["TUNA_LAB_DUT_NAMESPACE"], env["TUNA_LAB_SRV_NAMESPACE"]}) {
      std::istringstream pids(run_command("ip netns pids " + ns).output);
      for (long pid; pids >> pid;) {
        const auto command = command_line_of(pid);
        if (command.starts_with("sshd: " + env["TUNA_LAB_USER"])) found.push_back(ns + ": " + command);
      }
    }
    return found;
  };
  auto left = sessions();
  for (int attempt = 0; attempt < 30 && !left.empty(); ++attempt) {
    std::this_thread::sleep_for(100ms);
    left = sessions();
  }
  EXPECT_EQ(left, std::vector<std::string>()) << "SSH sessions still open 3 s after tuna ended";
}

}  // namespace tuna::test::lab
