// Every iperf3 human-readable fixture: the parsed figures are those of iperf3's own
// sender/receiver lines, read from the file with a regex of the test's own.
#include <gtest/gtest.h>

#include <set>

#include "parse/parse.hpp"
#include "parse_fixtures.hpp"

namespace tuna::iperf {
namespace {

using testing::fixture_files;
using testing::lines_of;
using testing::near;
using testing::PrintedRow;
using testing::read_file;

std::vector<std::filesystem::path> text_fixtures() {
  std::vector<std::filesystem::path> files;
  for (const auto& file : fixture_files("iperf3")) {
    if (file.extension() != ".json") files.push_back(file);
  }
  return files;
}

bool ends_with_word(const PrintedRow& row, const std::string& word) {
  const auto rest = row.rest.find_last_not_of(' ');
  return rest != std::string::npos && row.rest.substr(0, rest + 1).ends_with(word);
}
bool is_final(const PrintedRow& row) {
  return ends_with_word(row, "sender") || ends_with_word(row, "receiver");
}

// A server prints one test after another; tuna starts a fresh server per run, so the
// figures are the last test's that printed its end-of-test lines.
std::vector<std::string> last_complete_test(const std::vector<std::string>& lines) {
  std::vector<std::vector<std::string>> tests(1);
  for (const auto& line : lines) {
    if (line.starts_with("Server listening on") || line.starts_with("Connecting to host")) {
      tests.emplace_back();
    }
    tests.back().push_back(line);
  }
  for (auto test = tests.rbegin(); test != tests.rend(); ++test) {
    const auto rows = testing::printed_rows(*test);
    if (std::any_of(rows.begin(), rows.end(), is_final)) return *test;
  }
  return {};
}

// The [SUM] line for `side` when there is one, else the single stream's line.
std::optional<PrintedRow> final_line(const std::vector<PrintedRow>& rows, const std::string& side) {
  std::optional<PrintedRow> found;
  for (const auto& row : rows) {
    if (!ends_with_word(row, side)) continue;
    if (!found || row.label == "SUM") found = row;
  }
  return found;
}

TEST(ParseIperf3Text, FixturesExist) { EXPECT_GE(text_fixtures().size(), 3U); }

TEST(ParseIperf3Text, SummaryIsTheReceiverLineElseTheSenderLine) {
  for (const auto& file : text_fixtures()) {
    SCOPED_TRACE(file.string());
    const auto rows = testing::printed_rows(last_complete_test(lines_of(read_file(file))));
    const auto receiver = final_line(rows, "receiver");
    const auto sender = final_line(rows, "sender");
    ASSERT_TRUE(receiver || sender);
    const auto& headline = receiver ? *receiver : *sender;
    const auto report = parse_output(read_file(file));
    EXPECT_EQ(report.tool, Tool::iperf3);
    ASSERT_TRUE(report.summary.bits_per_second.has_value());
    EXPECT_TRUE(near(*report.summary.bits_per_second, headline.bits_per_second, 1e-9));
    EXPECT_TRUE(near(*report.summary.bytes, headline.bytes, 1e-9));
    EXPECT_TRUE(near(*report.summary.seconds, headline.end - headline.start, 1e-9));
    if (sender) {
      EXPECT_TRUE(near(report.summary.sender_bits_per_second.value(), sender->bits_per_second, 1e-9));
    }
    if (const auto loss = receiver ? testing::printed_loss(receiver->rest) : std::nullopt) {
      EXPECT_EQ(report.protocol, Protocol::udp);
      EXPECT_EQ(report.summary.jitter_ms.has_value(), loss->jitter_ms.has_value());
      if (loss->jitter_ms) {
        EXPECT_TRUE(near(report.summary.jitter_ms.value(), *loss->jitter_ms, 1e-9));
      }
      EXPECT_EQ(report.summary.lost_packets, loss->lost);
      EXPECT_EQ(report.summary.total_packets, loss->total);
    }
  }
}

TEST(ParseIperf3Text, RetransmitsComeFromTheSenderLine) {
  std::size_t checked = 0;
  for (const auto& file : text_fixtures()) {
    SCOPED_TRACE(file.string());
    const auto rows = testing::printed_rows(last_complete_test(lines_of(read_file(file))));
    const auto sender = final_line(rows, "sender");
    const auto report = parse_output(read_file(file));
    static const std::regex retransmits(R"(^\s+(\d+)\s+sender\s*$)");
    std::smatch printed;
    if (!sender || !std::regex_match(sender->rest, printed, retransmits)) continue;
    ++checked;
    EXPECT_EQ(report.summary.retransmits, std::stol(printed[1]));
  }
  EXPECT_GE(checked, 2U);
}

TEST(ParseIperf3Text, IntervalsAreTheIntervalLines) {
  for (const auto& file : text_fixtures()) {
    SCOPED_TRACE(file.string());
    std::vector<PrintedRow> interval_lines;
    std::set<double> starts;
    for (const auto& row : testing::printed_rows(last_complete_test(lines_of(read_file(file))))) {
      if (is_final(row)) continue;
      starts.insert(row.start);
      if (row.label == "SUM") interval_lines.push_back(row);
    }
    const auto report = parse_output(read_file(file));
    ASSERT_EQ(report.intervals.size(), starts.size());
    for (std::size_t i = 0; i < report.intervals.size(); ++i) {
      const auto& interval = report.intervals[i];
      double streams = 0;
      for (const auto& stream : interval.streams) streams += stream.bits_per_second;
      // Each stream's figure is rounded to 3 digits, and so is the [SUM].
      EXPECT_TRUE(near(interval.bits_per_second, streams, 0.02));
      if (!interval_lines.empty()) {
        EXPECT_TRUE(near(interval.bits_per_second, interval_lines[i].bits_per_second, 1e-9));
      }
    }
  }
}

TEST(ParseIperf3Text, BidirRolesSplitTheDirections) {
  const std::string text =
      "Connecting to host 127.0.0.1, port 5201\n"
      "[ ID][Role] Interval           Transfer     Bitrate         Retr\n"
      "[  5][TX-C]   0.00-1.00   sec   100 MBytes   839 Mbits/sec    0\n"
      "[  7][RX-C]   0.00-1.00   sec  50.0 MBytes   419 Mbits/sec\n"
      "- - - - - - - - - - - - - - - - - - - - - - - - -\n"
      "[  5][TX-C]   0.00-1.00   sec   100 MBytes   839 Mbits/sec    2             sender\n"
      "[  5][TX-C]   0.00-1.00   sec  99.0 MBytes   830 Mbits/sec                  receiver\n"
      "[  7][RX-C]   0.00-1.00   sec  50.0 MBytes   419 Mbits/sec    1             sender\n"
      "[  7][RX-C]   0.00-1.00   sec  49.0 MBytes   411 Mbits/sec                  receiver\n";
  const auto rows = testing::printed_rows(lines_of(text));
  const auto report = parse_output(text);
  ASSERT_TRUE(report.reverse.has_value());
  EXPECT_EQ(report.summary.bits_per_second, rows[3].bits_per_second);
  EXPECT_EQ(report.reverse->summary.bits_per_second, rows[5].bits_per_second);
  long retransmits = 0;
  ASSERT_EQ(std::sscanf(rows[2].rest.c_str(), "%ld", &retransmits), 1);
  EXPECT_EQ(report.summary.retransmits, retransmits);
  ASSERT_EQ(report.intervals.size(), 1U);
  EXPECT_EQ(report.intervals[0].bits_per_second, rows[0].bits_per_second);
}

}  // namespace
}  // namespace tuna::iperf
