// `tuna parse FILE [--tool]` through the real binary: the JSON document it prints and its
// exit status (0 a good test, 1 a failed test, 2 not iperf output) on the real fixtures.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "run_tuna.hpp"

using nlohmann::json;
using testing::HasSubstr;
using tuna::test::read_file;
using tuna::test::run_tuna;

namespace {
const std::filesystem::path fixtures = std::filesystem::path(TUNA_FIXTURES_DIR) / "iperf";

json parse_with_tuna(const std::filesystem::path& file, int expected_status) {
  const auto result = run_tuna("parse " + file.string());
  EXPECT_EQ(result.status, expected_status) << file << "\n" << result.err;
  return json::parse(result.out);
}
}  // namespace

// The figures in the printed document are iperf's own, taken from the same raw JSON.
TEST(ParseCli, Iperf3JsonSummaryIsTheRawEndSection) {
  for (const auto* name : {"tcp_client.json", "tcp_P4.json", "udp.json", "tcp_reverse.json"}) {
    SCOPED_TRACE(name);
    const auto raw = json::parse(read_file(fixtures / "iperf3" / name));
    const auto doc = parse_with_tuna(fixtures / "iperf3" / name, 0);
    EXPECT_EQ(doc["tool"], "iperf3");
    EXPECT_TRUE(doc["error"].is_null());
    EXPECT_EQ(doc["protocol"],
              raw["start"]["test_start"]["protocol"].get<std::string>() == "UDP" ? "udp" : "tcp");
    EXPECT_DOUBLE_EQ(doc["summary"]["sender_bits_per_second"].get<double>(),
                     raw["end"]["sum_sent"]["bits_per_second"].get<double>());
    EXPECT_DOUBLE_EQ(doc["summary"]["receiver_bits_per_second"].get<double>(),
                     raw["end"]["sum_received"]["bits_per_second"].get<double>());
    ASSERT_EQ(doc["intervals"].size(), raw["intervals"].size());
    for (std::size_t i = 0; i < raw["intervals"].size(); ++i) {
      EXPECT_DOUBLE_EQ(doc["intervals"][i]["bits_per_second"].get<double>(),
                       raw["intervals"][i]["sum"]["bits_per_second"].get<double>());
      EXPECT_EQ(doc["intervals"][i]["streams"].size(), raw["intervals"][i]["streams"].size());
    }
  }
}

// iperf3 -J exits 0 when refused or busy; the output's `error` key makes it a failed test.
TEST(ParseCli, Iperf3ErrorsAreFailedTestsWithIperfsMessage) {
  for (const auto* name : {"refused.json", "busy.json"}) {
    SCOPED_TRACE(name);
    const auto raw = json::parse(read_file(fixtures / "iperf3" / name));
    const auto doc = parse_with_tuna(fixtures / "iperf3" / name, 1);
    EXPECT_EQ(doc["error"], raw["error"]);
    EXPECT_TRUE(doc["summary"]["bits_per_second"].is_null());
  }
}

TEST(ParseCli, Iperf2RefusedIsAFailedTestAndGoodRunsPass) {
  const auto refused = parse_with_tuna(fixtures / "iperf2" / "refused.txt", 1);
  EXPECT_EQ(refused["tool"], "iperf2");
  EXPECT_THAT(read_file(fixtures / "iperf2" / "refused.txt"), HasSubstr(refused["error"].get<std::string>()));

  for (const auto* name :
       {"tcp_client.txt", "tcp_client_csv_P3.txt", "udp_server.txt", "tcp_client_enhanced.txt"}) {
    SCOPED_TRACE(name);
    const auto doc = parse_with_tuna(fixtures / "iperf2" / name, 0);
    EXPECT_EQ(doc["tool"], "iperf2");
    EXPECT_GT(doc["summary"]["bits_per_second"].get<double>(), 0);
    EXPECT_FALSE(doc["intervals"].empty());
  }
}

TEST(ParseCli, WhatIsNotIperfOutputExitsTwo) {
  auto readme = run_tuna("parse " + (fixtures / "README.md").string());
  EXPECT_EQ(readme.status, 2);
  EXPECT_THAT(readme.err, HasSubstr("not iperf output"));

  // The hint must agree with the output: iperf3 JSON read as iperf2 is refused, not guessed.
  auto wrong_tool = run_tuna("parse --tool iperf2 " + (fixtures / "iperf3" / "tcp_client.json").string());
  EXPECT_EQ(wrong_tool.status, 2);
  EXPECT_EQ(run_tuna("parse --tool iperf3 " + (fixtures / "iperf3" / "tcp_client.json").string()).status, 0);

  EXPECT_EQ(run_tuna("parse " + (fixtures / "no-such-file.txt").string()).status, 2);
  EXPECT_EQ(run_tuna("parse --tool iperf9 " + (fixtures / "iperf3" / "tcp_client.json").string()).status, 2);
}
