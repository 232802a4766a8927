// Through the tuna binary on loopback: configs/ping.yaml runs and meets its thresholds,
// a threshold on a ping metric fails the step, and `tuna parse` reads the raw files back.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ping_text.hpp"
#include "run_tuna.hpp"

namespace {

using testing::HasSubstr;
using tuna::test::read_file;
using tuna::test::run_tuna;
using tuna::test::TempDir;
using namespace tuna::test::ping_text;
namespace fs = std::filesystem;

// The one raw file a step saved in the run directory.
fs::path raw_file(const nlohmann::json& record, const fs::path& run) {
  const auto& artifacts = record.at("artifacts");
  EXPECT_EQ(artifacts.size(), 1u) << record.dump();
  const fs::path path = artifacts.empty() ? "" : artifacts[0].get<std::string>();
  return path.is_absolute() ? path : run / path;
}

TEST(PingCli, TheExampleConfigRunsAndMeetsItsThresholds) {
  TempDir dir;
  const auto run = dir.path() / "run";
  const auto result =
      run_tuna("run " + std::string(TUNA_SOURCE_DIR) + "/configs/ping.yaml -o " + run.string());
  ASSERT_EQ(result.status, 0) << result.err;
  const auto records = tuna::test::read_records(run / "results.jsonl");
  ASSERT_EQ(records.size(), 2u) << result.err;

  const auto& reachable = records[0];
  EXPECT_EQ(reachable["step"], "reachable");
  EXPECT_EQ(reachable["status"], "passed");
  EXPECT_EQ(reachable["metrics"]["consecutive_replies"]["value"], 3);
  ASSERT_EQ(reachable["expectations"].size(), 1u);
  EXPECT_EQ(reachable["expectations"][0]["actual"], reachable["metrics"]["time_to_reachable"]["value"]);

  const auto& latency = records[1];
  EXPECT_EQ(latency["status"], "passed");
  const auto text = read_file(raw_file(latency, run));
  const auto summary = printed_summary(text);
  const auto rtt = printed_rtt(text);
  ASSERT_TRUE(summary && rtt) << text;
  const auto& metrics = latency["metrics"];
  EXPECT_EQ(metrics["loss"]["value"], summary->loss);
  EXPECT_EQ(metrics["loss"]["unit"], "%");
  EXPECT_EQ(metrics["rtt_avg"]["value"], rtt->avg);
  EXPECT_EQ(metrics["rtt_max"]["value"], rtt->max);
  EXPECT_EQ(metrics["rtt_avg"]["unit"], "ms");
  EXPECT_EQ(metrics["transmitted"]["value"], summary->transmitted);
  EXPECT_EQ(latency["expectations"].size(), 3u);
}

TEST(PingCli, AThresholdOnAPingMetricFailsTheStep) {
  TempDir dir;
  const auto pipeline = dir.write("ping.yaml",
                                  "name: strict\n"
                                  "hosts:\n"
                                  "  dut: { address: localhost, test_address: 127.0.0.1 }\n"
                                  "steps:\n"
                                  "  - name: latency\n"
                                  "    component: ping\n"
                                  "    settings: { to: dut, count: 3, interval: 0.01 }\n"
                                  "    expect: { rtt_avg: \"< 0\", loss: \"== 0\" }\n");
  const auto run = dir.path() / "run";
  const auto result = run_tuna("run " + pipeline.string() + " -o " + run.string());
  EXPECT_EQ(result.status, 1) << result.err;
  const auto records = tuna::test::read_records(run / "results.jsonl");
  ASSERT_EQ(records.size(), 1u) << result.err;
  EXPECT_EQ(records[0]["status"], "failed");
  const auto rtt = printed_rtt(read_file(raw_file(records[0], run)));
  ASSERT_TRUE(rtt);
  EXPECT_EQ(records[0]["message"], fmt::format("rtt_avg {:g} ms is not < 0 ms", rtt->avg));
  EXPECT_EQ(records[0]["expectations"][1]["met"], true) << "loss == 0 on loopback";
}

TEST(PingCli, TunaParseReadsASavedRawFileBack) {
  TempDir dir;
  const auto run = dir.path() / "run";
  ASSERT_EQ(run_tuna("run " + std::string(TUNA_SOURCE_DIR) + "/configs/ping.yaml -o " + run.string()).status,
            0);
  const auto records = tuna::test::read_records(run / "results.jsonl");
  ASSERT_EQ(records.size(), 2u);

  const auto latency = raw_file(records[1], run);
  for (const std::string hint : {"", " --tool ping"}) {
    const auto parsed = run_tuna("parse " + latency.string() + hint);
    EXPECT_EQ(parsed.status, 0) << parsed.err;
    const auto document = nlohmann::json::parse(parsed.out);
    EXPECT_EQ(document["tool"], "ping");
    EXPECT_EQ(document["rtt"]["avg_ms"], records[1]["metrics"]["rtt_avg"]["value"]);
    EXPECT_EQ(document["received"], records[1]["metrics"]["received"]["value"]);
  }

  // Stopped once reachable: no statistics, but the replies and their run are there.
  const auto reachable = run_tuna("parse " + raw_file(records[0], run).string());
  EXPECT_EQ(reachable.status, 0) << reachable.err;
  const auto document = nlohmann::json::parse(reachable.out);
  EXPECT_TRUE(document["transmitted"].is_null());
  EXPECT_EQ(document["longest_consecutive_replies"], records[0]["metrics"]["consecutive_replies"]["value"]);

  const auto wrong_tool = run_tuna("parse " + latency.string() + " --tool iperf3");
  EXPECT_EQ(wrong_tool.status, 2);
  EXPECT_THAT(wrong_tool.err, HasSubstr("ping: unknown tool 'iperf3'"));
}

}  // namespace
