// Every iperf3 -J fixture: the parsed figures are the ones nlohmann reads from the file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "parse/parse.hpp"
#include "parse_fixtures.hpp"

namespace tuna::iperf {
namespace {

using nlohmann::json;
using testing::fixture_files;
using testing::read_file;

std::vector<std::filesystem::path> json_fixtures() {
  std::vector<std::filesystem::path> files;
  for (const auto& file : fixture_files()) {
    if (file.extension() == ".json") files.push_back(file);
  }
  return files;
}

const json& sum_of(const json& end, const std::string& name) {
  static const json none;
  return end.contains(name) ? end[name] : none;
}

std::optional<double> number(const json& block, const std::string& key) {
  if (!block.is_object() || !block.contains(key) || !block[key].is_number()) return std::nullopt;
  return block[key].get<double>();
}

template <typename T>
std::optional<double> as_double(const std::optional<T>& value) {
  return value ? std::optional<double>(static_cast<double>(*value)) : std::nullopt;
}

TEST(ParseIperf3Json, FixturesExist) { EXPECT_GE(json_fixtures().size(), 5U); }

TEST(ParseIperf3Json, ErrorsAreReportedWithoutFigures) {
  for (const auto& file : json_fixtures()) {
    SCOPED_TRACE(file.string());
    const auto document = json::parse(read_file(file));
    const auto report = parse_output(read_file(file));
    EXPECT_EQ(report.tool, Tool::iperf3);
    if (!document.contains("error")) {
      EXPECT_FALSE(report.error.has_value());
      continue;
    }
    ASSERT_TRUE(report.error.has_value());
    EXPECT_EQ(*report.error, document["error"].get<std::string>());
    EXPECT_FALSE(report.summary.bits_per_second.has_value());
    EXPECT_TRUE(report.intervals.empty());
  }
}

TEST(ParseIperf3Json, SummaryIsIperfsOwnEndSums) {
  for (const auto& file : json_fixtures()) {
    SCOPED_TRACE(file.string());
    const auto document = json::parse(read_file(file));
    if (document.contains("error")) continue;
    const auto& end = document["end"];
    const auto report = parse_output(read_file(file));
    const auto& summary = report.summary;
    const auto& received = end.contains("sum_received") ? end["sum_received"] : end["sum"];
    EXPECT_EQ(summary.bits_per_second, number(received, "bits_per_second"));
    EXPECT_EQ(summary.bytes, number(received, "bytes"));
    EXPECT_EQ(summary.sender_bits_per_second, number(sum_of(end, "sum_sent"), "bits_per_second"));
    EXPECT_EQ(as_double(summary.retransmits), number(sum_of(end, "sum_sent"), "retransmits"));
    const bool udp = document["start"]["test_start"]["protocol"] == "UDP";
    EXPECT_EQ(report.protocol, udp ? Protocol::udp : Protocol::tcp);
    if (udp) {
      EXPECT_EQ(summary.jitter_ms, number(end["sum"], "jitter_ms"));
      EXPECT_EQ(as_double(summary.lost_packets), number(end["sum"], "lost_packets"));
      EXPECT_EQ(as_double(summary.total_packets), number(end["sum"], "packets"));
      EXPECT_EQ(summary.lost_percent, number(end["sum"], "lost_percent"));
    } else {
      EXPECT_FALSE(summary.jitter_ms.has_value());
    }
    EXPECT_EQ(summary.sources.value("bits_per_second", std::string()),
              end.contains("sum_received") ? "end.sum_received.bits_per_second"
                                           : "end.sum.bits_per_second");
  }
}

// With --bidir each interval lists both directions' streams; a stream goes with the sum
// that has its "sender" flag.
std::size_t streams_with_sender(const json& interval, const json& sender) {
  return static_cast<std::size_t>(std::count_if(
      interval["streams"].begin(), interval["streams"].end(),
      [&](const json& stream) { return stream["sender"] == sender; }));
}

void expect_intervals(const std::vector<Interval>& parsed, const json& document,
                      const std::string& sum_key) {
  const auto& intervals = document["intervals"];
  ASSERT_EQ(parsed.size(), intervals.size());
  for (std::size_t i = 0; i < parsed.size(); ++i) {
    const auto& sum = intervals[i][sum_key];
    EXPECT_EQ(parsed[i].start, sum["start"].get<double>());
    EXPECT_EQ(parsed[i].end, sum["end"].get<double>());
    EXPECT_EQ(parsed[i].bits_per_second, sum["bits_per_second"].get<double>());
    EXPECT_EQ(parsed[i].streams.size(), streams_with_sender(intervals[i], sum["sender"]));
    double stream_total = 0;
    for (const auto& stream : parsed[i].streams) stream_total += stream.bits_per_second;
    // iperf3 divides each stream's bytes by that stream's own time.
    EXPECT_TRUE(testing::near(stream_total, parsed[i].bits_per_second, 0.01));
  }
}

TEST(ParseIperf3Json, IntervalsAreTheFilesIntervalSums) {
  for (const auto& file : json_fixtures()) {
    SCOPED_TRACE(file.string());
    const auto document = json::parse(read_file(file));
    expect_intervals(parse_output(read_file(file)).intervals, document, "sum");
  }
}

TEST(ParseIperf3Json, BidirReverseDirectionIsKeptApart) {
  std::size_t bidir_files = 0;
  for (const auto& file : json_fixtures()) {
    SCOPED_TRACE(file.string());
    const auto document = json::parse(read_file(file));
    const auto report = parse_output(read_file(file));
    if (!document.contains("end") || !document["end"].contains("sum_received_bidir_reverse")) {
      EXPECT_FALSE(report.reverse.has_value());
      continue;
    }
    ++bidir_files;
    ASSERT_TRUE(report.reverse.has_value());
    const auto& reverse = document["end"]["sum_received_bidir_reverse"];
    EXPECT_EQ(report.reverse->summary.bits_per_second, number(reverse, "bits_per_second"));
    EXPECT_NE(report.reverse->summary.bits_per_second, report.summary.bits_per_second);
    expect_intervals(report.reverse->intervals, document, "sum_bidir_reverse");
  }
  EXPECT_GE(bidir_files, 1U);
}

}  // namespace
}  // namespace tuna::iperf
