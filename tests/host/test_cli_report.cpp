// Through the tuna binary: `tuna run` ends by writing summary.csv and junit.xml (also when
// interrupted), and `tuna report DIR` rebuilds them from results.jsonl alone.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <sstream>

#include "csv_table.hpp"
#include "run_tuna.hpp"
#include "tuna_process.hpp"

using tuna::test::parse_csv;
using tuna::test::read_file;
using tuna::test::run_tuna;
using tuna::test::TempDir;
using namespace std::chrono_literals;

namespace {

std::size_t testcases_in(const std::filesystem::path& junit) {
  pugi::xml_document document;
  EXPECT_TRUE(document.load_file(junit.c_str())) << read_file(junit);
  const auto cases = document.child("testsuites").child("testsuite").children("testcase");
  return static_cast<std::size_t>(std::distance(cases.begin(), cases.end()));
}

class CliReport : public ::testing::Test {
 protected:
  // Two quick sleeps, then one cut short by its step timeout: three records, one an error.
  void run_pipeline() {
    const auto pipeline = dir.write("naps.yaml",
                                    "name: naps\n"
                                    "steps:\n"
                                    "  - name: quick\n"
                                    "    component: sleep\n"
                                    "    repeat: 2\n"
                                    "    settings: { seconds: 0.02 }\n"
                                    "  - name: late\n"
                                    "    component: sleep\n"
                                    "    timeout: 0.05\n"
                                    "    settings: { seconds: 5 }\n");
    const auto run = run_tuna("run " + pipeline.string() + " -o " + out.string());
    ASSERT_EQ(run.status, 3) << run.err;  // the timed-out step could not measure
    ASSERT_EQ(tuna::test::read_records(out / "results.jsonl").size(), 3u) << run.err;
  }

  TempDir dir;
  const std::filesystem::path out = dir.path() / "run";
};

}  // namespace

TEST_F(CliReport, RunWritesAReportRowAndTestcasePerRecord) {
  run_pipeline();
  const auto records = tuna::test::read_records(out / "results.jsonl");
  const auto rows = parse_csv(read_file(out / "summary.csv"));
  ASSERT_EQ(rows.size(), records.size() + 1);
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(rows[i + 1][0], records[i]["step"]);
    EXPECT_EQ(rows[i + 1][2], std::to_string(records[i]["repetition"].get<int>()));
    EXPECT_EQ(rows[i + 1][3], records[i]["status"]);
    EXPECT_EQ(rows[i + 1][4], records[i]["message"]);
  }

  EXPECT_EQ(testcases_in(out / "junit.xml"), records.size());
  pugi::xml_document junit;
  ASSERT_TRUE(junit.load_file((out / "junit.xml").c_str()));
  const auto error = junit.select_node("//testcase/error");
  ASSERT_TRUE(error) << read_file(out / "junit.xml");
  EXPECT_EQ(error.node().attribute("message").value(), records[2]["message"].get<std::string>());
}

TEST_F(CliReport, ReportRebuildsTheSameFilesFromResultsAlone) {
  run_pipeline();
  const auto csv = read_file(out / "summary.csv"), junit = read_file(out / "junit.xml");
  std::filesystem::remove(out / "summary.csv");
  std::filesystem::remove(out / "junit.xml");
  const auto report = run_tuna("report " + out.string());
  EXPECT_EQ(report.status, 0) << report.err;
  EXPECT_EQ(read_file(out / "summary.csv"), csv);
  EXPECT_EQ(read_file(out / "junit.xml"), junit);
}

TEST_F(CliReport, ATornLastLineIsSkippedWithAWarning) {
  run_pipeline();
  const auto results = out / "results.jsonl";
  const auto whole = read_file(results);
  const auto first_line = whole.substr(0, whole.find('\n'));
  // What a kill -9 in the middle of a write leaves: part of a record, no line end.
  std::ofstream(results, std::ios::app) << first_line.substr(0, first_line.size() / 2);
  const auto report = run_tuna("report " + out.string());
  EXPECT_EQ(report.status, 0) << report.err;
  EXPECT_NE(report.err.find("results.jsonl:4: not a whole record"), std::string::npos) << report.err;
  const auto complete = std::ranges::count(whole, '\n');
  EXPECT_EQ(parse_csv(read_file(out / "summary.csv")).size(), static_cast<std::size_t>(complete) + 1);
  EXPECT_EQ(testcases_in(out / "junit.xml"), static_cast<std::size_t>(complete));
}

TEST_F(CliReport, ADirectoryWithoutResultsIsAUsageError) {
  const auto report = run_tuna("report " + dir.path().string());
  EXPECT_EQ(report.status, 2);
  EXPECT_NE(report.err.find("has no results.jsonl"), std::string::npos) << report.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "summary.csv"));
  EXPECT_EQ(run_tuna("report " + (dir.path() / "missing").string()).status, 2);
}

TEST_F(CliReport, AnInterruptedRunStillReportsWhatItMeasured) {
  const auto pipeline = dir.write("long.yaml",
                                  "name: long\n"
                                  "steps:\n"
                                  "  - name: quick\n"
                                  "    component: sleep\n"
                                  "    settings: { seconds: 0.02 }\n"
                                  "  - name: nap\n"
                                  "    component: sleep\n"
                                  "    settings: { seconds: 60 }\n");
  // SIGINT once the nap has started (so `quick` is done), long before it would end.
  const auto log = (dir.path() / "stderr").string();
  tuna::test::TunaProcess tuna({"run", pipeline.string(), "-o", out.string()}, log);
  ASSERT_TRUE(tuna.wait_for_log("step 'nap' (sleep) #1 started", 30s)) << read_file(log);
  tuna.signal(SIGINT);
  ASSERT_EQ(tuna.wait(30s), 130) << read_file(log);
  const auto records = tuna::test::read_records(out / "results.jsonl");
  ASSERT_EQ(records.size(), 2u) << read_file(log);  // quick, and the nap stopped early
  EXPECT_EQ(parse_csv(read_file(out / "summary.csv")).size(), records.size() + 1);
  EXPECT_EQ(testcases_in(out / "junit.xml"), records.size());
}
