// Ctrl-C during `tuna run`: the running step stops early, what completed is kept, and tuna
// exits 130.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "run_tuna.hpp"

using namespace std::chrono_literals;
using tuna::test::read_file;
using tuna::test::TempDir;

namespace {

std::vector<nlohmann::json> records(const std::filesystem::path& results) {
  std::vector<nlohmann::json> found;
  std::istringstream lines(read_file(results));
  // A line being written while we read is not a record yet.
  for (std::string line; std::getline(lines, line) && !lines.eof();) {
    auto record = nlohmann::json::parse(line, nullptr, false);
    if (!record.is_discarded()) found.push_back(std::move(record));
  }
  return found;
}

// Polls `done` every 20 ms for at most `limit`.
template <class Predicate>
bool wait_for(Predicate done, std::chrono::milliseconds limit) {
  for (auto end = std::chrono::steady_clock::now() + limit; std::chrono::steady_clock::now() < end;) {
    if (done()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return done();
}

}  // namespace

TEST(CliInterrupt, SigintStopsTheStepKeepsTheResultsAndExits130) {
  TempDir dir;
  const auto file = dir.write("long.yaml",
                              "name: long\n"
                              "steps:\n"
                              "  - name: quick\n"
                              "    component: sleep\n"
                              "    settings: { seconds: 0.05 }\n"
                              "  - name: nap\n"
                              "    component: sleep\n"
                              "    settings: { seconds: 60 }\n"
                              "  - name: never\n"
                              "    component: sleep\n"
                              "    settings: { seconds: 0.05 }\n");
  const auto out = dir.path() / "run";
  const std::string binary = TUNA_BINARY, log = (dir.path() / "stderr").string();
  std::vector<std::string> args{binary, "run", file.string(), "--output", out.string()};
  auto argv = tuna::test::c_strings(args);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);

  const auto results = out / "results.jsonl";
  const bool first_recorded = wait_for([&] { return records(results).size() == 1; }, 20s);
  const auto interrupted_at = std::chrono::steady_clock::now();
  kill(pid, SIGINT);
  int status = 0;
  const bool ended = wait_for([&] { return waitpid(pid, &status, WNOHANG) == pid; }, 20s);
  if (!ended) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  ASSERT_TRUE(first_recorded) << read_file(log);
  ASSERT_TRUE(ended) << read_file(log);
  EXPECT_LT(std::chrono::steady_clock::now() - interrupted_at, 10s);  // not the 60 s nap
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130) << read_file(log);

  const auto kept = records(results);
  ASSERT_EQ(kept.size(), 2u) << read_file(results);
  EXPECT_EQ(kept[0]["step"], "quick");
  EXPECT_EQ(kept[0]["status"], "passed");
  EXPECT_EQ(kept[1]["step"], "nap");
  EXPECT_EQ(kept[1]["status"], "error");  // it did not measure what it was asked to
}
