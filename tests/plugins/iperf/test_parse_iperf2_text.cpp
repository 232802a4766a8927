// Every iperf2 human-readable fixture (2.1.8 and the legacy 2.0.x captures): the parsed
// figures are those of iperf2's own end-of-test lines, read with the test's own regex.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>

#include "parse/parse.hpp"
#include "parse_fixtures.hpp"

namespace tuna::iperf {
namespace {

using testing::lines_of;
using testing::near;
using testing::PrintedRow;
using testing::read_file;

std::vector<std::filesystem::path> text_fixtures() {
  std::vector<std::filesystem::path> files;
  for (const auto& subdir : {"iperf2", "legacy"}) {
    for (const auto& file : testing::fixture_files(subdir)) {
      if (!testing::is_csv_output(read_file(file))) files.push_back(file);
    }
  }
  return files;
}

// The lines of the last connection group: a server reports every client it served, and
// tuna starts a fresh server per run.
std::vector<PrintedRow> last_session_rows(const std::vector<std::string>& lines) {
  const auto last_connect = std::find_if(lines.rbegin(), lines.rend(), [](const std::string& l) {
    return l.find(" connected with ") != std::string::npos;
  });
  const auto from = last_connect == lines.rend() ? lines.begin() : last_connect.base();
  return testing::printed_rows({from, lines.end()});
}

// iperf2 ends each stream with a line from 0 over the whole test, after its first line.
std::vector<PrintedRow> final_rows(const std::vector<PrintedRow>& rows) {
  std::map<std::string, int> count;
  for (const auto& row : rows) ++count[row.label];
  std::map<std::string, int> seen;
  std::vector<PrintedRow> finals;
  for (const auto& row : rows) {
    const bool first = seen[row.label]++ == 0;
    if (row.start == 0 && (!first || count[row.label] == 1)) finals.push_back(row);
  }
  return finals;
}

// The headline iperf2 printed: the last line when it is a [SUM] or the test had one
// stream, else each stream's last final line added up.
PrintedRow expected_headline(const std::vector<PrintedRow>& session) {
  const auto finals = final_rows(session);
  std::map<std::string, PrintedRow> last_final;
  for (const auto& row : finals) {
    if (row.label != "SUM") last_final[row.label] = row;
  }
  if (finals.back().label == "SUM" || last_final.size() == 1) return finals.back();
  PrintedRow total{.label = "sum"};
  for (const auto& [label, row] : last_final) {
    total.end = std::max(total.end, row.end);
    total.bytes += row.bytes;
    total.bits_per_second += row.bits_per_second;
  }
  return total;
}

std::vector<std::filesystem::path> fixtures_with_figures() {
  std::vector<std::filesystem::path> files;
  for (const auto& file : text_fixtures()) {
    if (!testing::printed_rows(lines_of(read_file(file))).empty()) files.push_back(file);
  }
  return files;
}

TEST(ParseIperf2Text, FixturesExist) { EXPECT_GE(fixtures_with_figures().size(), 10U); }

TEST(ParseIperf2Text, SummaryIsIperfsFinalLine) {
  for (const auto& file : fixtures_with_figures()) {
    SCOPED_TRACE(file.string());
    const auto expected = expected_headline(last_session_rows(lines_of(read_file(file))));
    const auto report = parse_output(read_file(file));
    EXPECT_EQ(report.tool, Tool::iperf2);
    EXPECT_FALSE(report.error.has_value());
    ASSERT_TRUE(report.summary.bits_per_second.has_value());
    EXPECT_TRUE(near(*report.summary.bits_per_second, expected.bits_per_second, 1e-9));
    EXPECT_TRUE(near(report.summary.bytes.value(), expected.bytes, 1e-9));
    EXPECT_TRUE(near(report.summary.seconds.value(), expected.end - expected.start, 1e-9));
    if (const auto loss = testing::printed_loss(expected.rest)) {
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

TEST(ParseIperf2Text, UdpServerReportIsTheReceiverFigure) {
  const auto text = read_file(testing::iperf_fixtures() / "iperf2" / "udp_client.txt");
  const auto lines = lines_of(text);
  const auto report_line = std::find(lines.begin(), lines.end(), "[  1] Server Report:");
  ASSERT_NE(report_line, lines.end());
  const auto server = testing::printed_rows({report_line, lines.end()});
  const auto client = testing::printed_rows({lines.begin(), report_line});
  ASSERT_FALSE(server.empty());
  const auto report = parse_output(text);
  EXPECT_EQ(report.summary.receiver_bits_per_second, server.back().bits_per_second);
  EXPECT_EQ(report.summary.sender_bits_per_second, client.back().bits_per_second);
}

TEST(ParseIperf2Text, IntervalsAreTheIntervalLinesAndSumTheirStreams) {
  for (const auto& file : fixtures_with_figures()) {
    SCOPED_TRACE(file.string());
    const auto session = last_session_rows(lines_of(read_file(file)));
    const auto finals = final_rows(session);
    std::set<double> stream_starts;
    std::size_t stream_lines = 0;
    for (const auto& row : session) {
      const bool final = std::any_of(finals.begin(), finals.end(), [&](const PrintedRow& f) {
        return f.label == row.label && f.start == row.start && f.end == row.end;
      });
      if (final || row.label == "SUM") continue;
      stream_starts.insert(row.start);
      ++stream_lines;
    }
    const auto report = parse_output(read_file(file));
    ASSERT_EQ(report.intervals.size(), stream_starts.size());
    std::size_t parsed_streams = 0;
    for (const auto& interval : report.intervals) {
      parsed_streams += interval.streams.size();
      double streams = 0;
      for (const auto& stream : interval.streams) streams += stream.bits_per_second;
      // Every figure is printed to 3 significant digits, the [SUM] too.
      EXPECT_TRUE(near(interval.bits_per_second, streams, 0.02));
    }
    EXPECT_EQ(parsed_streams, stream_lines);
  }
}

TEST(ParseIperf2Text, EnhancedLayoutGivesRetries) {
  const auto text = read_file(testing::iperf_fixtures() / "iperf2" / "tcp_client_enhanced.txt");
  const auto rows = testing::printed_rows(lines_of(text));
  long retries = 0;
  ASSERT_EQ(std::sscanf(rows.back().rest.c_str(), " %*d/%*d %ld", &retries), 1);
  EXPECT_EQ(parse_output(text).summary.retransmits, retries);
}

TEST(ParseIperf2Text, RefusedAndBindFailedAreErrorsWithoutFigures) {
  for (const auto* name : {"refused.txt", "server_bind_failed.txt"}) {
    SCOPED_TRACE(name);
    const auto text = read_file(testing::iperf_fixtures() / "iperf2" / name);
    const auto report = parse_output(text);
    ASSERT_TRUE(report.error.has_value());
    EXPECT_NE(text.find(*report.error), std::string::npos);
    EXPECT_FALSE(report.summary.bits_per_second.has_value());
    EXPECT_TRUE(report.intervals.empty());
  }
}

TEST(ParseIperf2Text, ThreadIdsOver99) {
  std::string text = "[ ID] Interval       Transfer     Bandwidth\n";
  for (const int id : {100, 101}) {
    text += fmt::format("[{}]  0.0- 1.0 sec  1.00 MBytes  8.39 Mbits/sec\n", id);
    text += fmt::format("[{}]  1.0- 2.0 sec  1.00 MBytes  8.39 Mbits/sec\n", id);
    text += fmt::format("[{}]  0.0- 2.0 sec  2.00 MBytes  8.39 Mbits/sec\n", id);
  }
  const auto report = parse_output(text);
  ASSERT_EQ(report.intervals.size(), 2U);
  ASSERT_EQ(report.intervals[0].streams.size(), 2U);
  EXPECT_EQ(report.intervals[0].streams[0].id, 100);
  EXPECT_EQ(report.intervals[0].streams[1].id, 101);
  EXPECT_EQ(report.summary.bits_per_second, 2 * testing::printed_rows(lines_of(text)).back().bits_per_second);
}

}  // namespace
}  // namespace tuna::iperf
