// Local faults through the real tuna binary: a pipeline it may not read, a run directory
// that stops taking writes mid-run (lost permissions, a full disk). Each ends with a clear
// message naming the path and the reason, the records completed before the fault whole in
// results.jsonl, and nothing after it run.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "run_tuna.hpp"
#include "tuna_process.hpp"

using namespace std::chrono_literals;
using testing::HasSubstr;
using testing::Not;
using tuna::test::read_file;
using tuna::test::TempDir;
namespace fs = std::filesystem;

namespace {

// As root, tuna runs as the user nobody (root may read and write anything); otherwise
// as the user running the test.
bool root() { return geteuid() == 0; }
std::vector<std::string> unprivileged() {
  return root() ? tuna::test::as_nobody() : std::vector<std::string>{};
}

// Hands `path` to the user tuna runs as, and lets it reach it through `dir`.
void give_to_tuna(const fs::path& dir, const fs::path& path) {
  if (!root()) return;
  fs::permissions(dir, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
  ASSERT_EQ(chown(path.c_str(), 65534, 65534), 0) << std::strerror(errno);
}

// Every line of results.jsonl, each of which must be a whole JSON record: the test fails
// on a torn line.
std::vector<nlohmann::json> every_line_a_record(const fs::path& results) {
  const auto text = read_file(results);
  EXPECT_TRUE(text.empty() || text.back() == '\n') << "torn last line: " << text.substr(text.rfind('\n') + 1);
  std::vector<nlohmann::json> records;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    auto record = nlohmann::json::parse(line, nullptr, false);
    EXPECT_FALSE(record.is_discarded()) << "not JSON: " << line;
    records.push_back(std::move(record));
  }
  return records;
}

// A small tmpfs mounted on a fresh directory for the life of the object (root only).
class SmallDisk {
 public:
  explicit SmallDisk(const std::string& size) {
    const auto options = "size=" + size + ",mode=0755";
    if (mount("tmpfs", dir_.path().c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0)
      mounted_ = true;
    else
      error_ = std::strerror(errno);
  }
  ~SmallDisk() {
    if (mounted_ && umount(dir_.path().c_str()) != 0) umount2(dir_.path().c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }
  const fs::path& path() const { return dir_.path(); }

 private:
  TempDir dir_;
  bool mounted_ = false;
  std::string error_;
};

}  // namespace

// Exit 2 and the file named with the reason, whoever runs tuna: as root the test makes
// tuna an unprivileged user, otherwise the file is unreadable to the test's own user.
TEST(CliFaults, AnUnreadablePipelineIsExitTwoNamingTheFile) {
  TempDir dir;
  const auto file = dir.write("secret.yaml",
                              "steps:\n"
                              "  - name: nap\n"
                              "    component: sleep\n"
                              "    settings: { seconds: 0.01 }\n");
  give_to_tuna(dir.path(), dir.path());
  fs::permissions(file, fs::perms::none);
  const auto run_dir = dir.path() / "run";
  for (const auto& arguments :
       {std::vector<std::string>{"check", file.string()},
        std::vector<std::string>{"run", file.string(), "--output", run_dir.string()}}) {
    tuna::test::TunaProcess tuna(arguments, (dir.path() / "stderr").string(), unprivileged());
    ASSERT_TRUE(tuna.started());
    EXPECT_EQ(tuna.wait(20s), 2) << arguments[0] << ": " << tuna.log();
    EXPECT_THAT(tuna.log(),
                HasSubstr(file.string() + ": error: cannot read the file: " + std::strerror(EACCES)))
        << arguments[0];
  }
  EXPECT_FALSE(fs::exists(run_dir)) << "nothing was run";
}

// The run directory stops taking new entries between two steps (its permissions taken
// away mid-run): the step that needs a new directory there is not run, its error record
// names the directory and the reason, and nothing after it runs.
TEST(CliFaults, ARunDirectoryThatBecomesUnwritableStopsTheRunWithExitThree) {
  TempDir dir;
  const auto file = dir.write("steps.yaml",
                              "name: steps\n"
                              "steps:\n"
                              "  - name: quick\n"
                              "    component: sleep\n"
                              "    settings: { seconds: 0.01 }\n"
                              "  - name: nap\n"
                              "    component: sleep\n"
                              "    settings: { seconds: 1 }\n"
                              "  - name: after\n"
                              "    component: sleep\n"
                              "    settings: { seconds: 0.01 }\n"
                              "  - name: never\n"
                              "    component: sleep\n"
                              "    settings: { seconds: 0.01 }\n");
  const auto run_dir = dir.path() / "run";
  fs::create_directory(run_dir);
  give_to_tuna(dir.path(), run_dir);
  tuna::test::TunaProcess tuna({"run", file.string(), "--output", run_dir.string(), "--keep-going"},
                               (dir.path() / "stderr").string(), unprivileged());
  ASSERT_TRUE(tuna.wait_for_log("step 'nap' (sleep) #1 started", 20s)) << tuna.log();
  const auto read_only = fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                         fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec;
  fs::permissions(run_dir, read_only);
  fs::permissions(run_dir / "raw", read_only);
  const int status = tuna.wait(20s);
  const auto log = tuna.log();
  EXPECT_EQ(status, 3) << log;
  const auto reason =
      fmt::format("cannot make {}: {}", (run_dir / "raw" / "after").string(), std::strerror(EACCES));
  EXPECT_THAT(log, HasSubstr(reason));
  EXPECT_THAT(log, Not(HasSubstr("step 'never'"))) << "--keep-going does not go on without a run directory";

  const auto records = every_line_a_record(run_dir / "results.jsonl");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0]["step"], "quick");
  EXPECT_EQ(records[0]["status"], "passed");
  EXPECT_EQ(records[1]["step"], "nap");
  EXPECT_EQ(records[1]["status"], "passed");
  EXPECT_EQ(records[2]["step"], "after");
  EXPECT_EQ(records[2]["status"], "error");
  EXPECT_EQ(records[2]["message"], reason);
}

// The disk fills while steps keep recording: results.jsonl ends with the last record that
// fitted, whole (the one that did not fit only in part is cut off again), the message
// names the file and the reason, and the step after the lost record does not start.
TEST(CliFaults, ADiskThatFillsMidRunKeepsEveryWholeRecordAndStopsTheRun) {
  if (!root()) GTEST_SKIP() << "needs root: it mounts a small tmpfs as the run directory";
  const SmallDisk disk("48k");
  ASSERT_TRUE(disk.mounted()) << "mount tmpfs: " << disk.error();
  TempDir dir;
  constexpr int repetitions = 2000;  // far more than 48 KiB holds
  const auto file = dir.write("fill.yaml", fmt::format("name: fill\n"
                                                       "steps:\n"
                                                       "  - name: tick\n"
                                                       "    component: sleep\n"
                                                       "    repeat: {}\n"
                                                       "    settings: {{ seconds: 0 }}\n",
                                                       repetitions));
  const auto run_dir = disk.path() / "run";
  tuna::test::TunaProcess tuna({"run", file.string(), "--output", run_dir.string()},
                               (dir.path() / "stderr").string());
  ASSERT_TRUE(tuna.started());
  const int status = tuna.wait(50s);
  const auto log = tuna.log();
  EXPECT_EQ(status, 3) << log;
  EXPECT_THAT(log, HasSubstr(fmt::format("cannot write {}: {}", (run_dir / "results.jsonl").string(),
                                         std::strerror(ENOSPC))));

  const auto records = every_line_a_record(run_dir / "results.jsonl");
  ASSERT_GT(records.size(), 0u);
  ASSERT_LT(records.size(), static_cast<std::size_t>(repetitions - 1)) << "the disk never filled";
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i]["repetition"], i + 1);
    EXPECT_EQ(records[i]["status"], "passed");
  }
  // The repetition whose record was lost ran; none after it started.
  const auto lost = records.size() + 1;
  EXPECT_THAT(log, HasSubstr(fmt::format("step 'tick' (sleep) #{} started", lost)));
  EXPECT_THAT(log, Not(HasSubstr(fmt::format("step 'tick' (sleep) #{} started", lost + 1))));
}
