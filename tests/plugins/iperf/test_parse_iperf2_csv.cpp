// Every iperf2 -y C fixture: the parsed figures are the file's own rows, split into
// fields by the test itself.
#include <gtest/gtest.h>

#include <set>

#include <fmt/format.h>

#include "parse/parse.hpp"
#include "parse_fixtures.hpp"

namespace tuna::iperf {
namespace {

using testing::near;
using testing::read_file;

struct CsvRow {
  std::string id;
  double start = 0;
  double end = 0;
  double bytes = 0;
  double bits_per_second = 0;
  std::vector<std::string> udp;  // jitter, lost, total, percent, out-of-order
};

std::vector<CsvRow> csv_rows(const std::string& text) {
  std::vector<CsvRow> rows;
  for (const auto& line : testing::lines_of(text)) {
    std::vector<std::string> fields;
    std::istringstream in(line);
    for (std::string field; std::getline(in, field, ',');) fields.push_back(field);
    if (fields.size() < 9) continue;
    const auto dash = fields[6].find('-', 1);
    rows.push_back({fields[5], std::stod(fields[6].substr(0, dash)),
                    std::stod(fields[6].substr(dash + 1)), std::stod(fields[7]),
                    std::stod(fields[8]), {fields.begin() + 9, fields.end()}});
  }
  return rows;
}

std::vector<std::filesystem::path> csv_fixtures() {
  std::vector<std::filesystem::path> files;
  for (const auto& file : testing::fixture_files()) {
    if (testing::is_csv_output(read_file(file))) files.push_back(file);
  }
  return files;
}

// Each stream's end-of-test row: it starts at 0 again after its first row.
std::vector<CsvRow> final_rows(const std::vector<CsvRow>& rows) {
  std::map<std::string, int> seen;
  std::vector<CsvRow> finals;
  for (const auto& row : rows) {
    if (row.start == 0 && seen[row.id]++ > 0) finals.push_back(row);
  }
  return finals;
}

TEST(ParseIperf2Csv, FixturesExist) { EXPECT_GE(csv_fixtures().size(), 5U); }

TEST(ParseIperf2Csv, SummaryIsTheSumRowElseTheStreamsFinalRowsAdded) {
  for (const auto& file : csv_fixtures()) {
    SCOPED_TRACE(file.string());
    const auto finals = final_rows(csv_rows(read_file(file)));
    double bits_per_second = 0;
    double bytes = 0;
    const auto sum = std::find_if(finals.rbegin(), finals.rend(),
                                  [](const CsvRow& row) { return row.id == "-1"; });
    if (sum != finals.rend()) {
      bits_per_second = sum->bits_per_second;
      bytes = sum->bytes;
    } else {
      for (const auto& row : finals) {
        bits_per_second += row.bits_per_second;
        bytes += row.bytes;
      }
    }
    const auto report = parse_output(read_file(file));
    EXPECT_EQ(report.tool, Tool::iperf2);
    EXPECT_TRUE(near(report.summary.bits_per_second.value(), bits_per_second, 1e-12));
    EXPECT_TRUE(near(report.summary.bytes.value(), bytes, 1e-12));
    const auto& last = finals.back();
    if (last.udp.size() < 4) {
      EXPECT_EQ(report.protocol, Protocol::tcp);
    } else if (last.udp[2] == "-1") {
      // The client's own final row: loss is the server's to report.
      EXPECT_FALSE(report.summary.total_packets.has_value());
      EXPECT_FALSE(report.summary.jitter_ms.has_value());
      EXPECT_EQ(report.summary.sender_bits_per_second, last.bits_per_second);
    } else {
      EXPECT_EQ(report.summary.jitter_ms, std::stod(last.udp[0]));
      EXPECT_EQ(report.summary.lost_packets, std::stol(last.udp[1]));
      EXPECT_EQ(report.summary.total_packets, std::stol(last.udp[2]));
      EXPECT_EQ(report.summary.receiver_bits_per_second, last.bits_per_second);
    }
  }
}

TEST(ParseIperf2Csv, IntervalsSumTheirStreamsAndNeverCountASumRowTwice) {
  for (const auto& file : csv_fixtures()) {
    SCOPED_TRACE(file.string());
    const auto rows = csv_rows(read_file(file));
    const auto finals = final_rows(rows);
    std::map<double, double> streams_by_start;
    std::map<double, double> sum_rows_by_start;
    std::map<std::string, int> seen;
    for (const auto& row : rows) {
      if (row.start == 0 && seen[row.id]++ > 0) continue;  // a final row
      (row.id == "-1" ? sum_rows_by_start : streams_by_start)[row.start] += row.bits_per_second;
    }
    const auto report = parse_output(read_file(file));
    ASSERT_EQ(report.intervals.size(), streams_by_start.size());
    for (const auto& interval : report.intervals) {
      const auto sum_row = sum_rows_by_start.find(interval.start);
      const double expected = sum_row != sum_rows_by_start.end() ? sum_row->second
                                                                 : streams_by_start[interval.start];
      EXPECT_TRUE(near(interval.bits_per_second, expected, 1e-12)) << "at " << interval.start;
      double streams = 0;
      for (const auto& stream : interval.streams) streams += stream.bits_per_second;
      EXPECT_TRUE(near(streams, streams_by_start[interval.start], 1e-12));
    }
  }
}

TEST(ParseIperf2Csv, EnhancedCsvWithHeaderRow) {
  // iperf 2.2 "-y C -e": a header row, a time zone in the timestamp, separate start and
  // end columns, and more fields after the rate.
  struct Printed {
    double start, end, bytes, bits_per_second;
  };
  const std::vector<Printed> printed = {{0, 1, 7817396288, 62539170304},
                                        {1, 2, 7550795776, 60406366208},
                                        {0, 2, 15368192064, 61472768256}};
  std::string text =
      "time,srcaddress,srcport,dstaddr,dstport,transferid,istart,iend,bytes,speed,writecnt,"
      "writeerr,tcpretry,tcpcwnd,tcppcwnd,tcprtt,tcprttvar\n";
  for (const auto& row : printed) {
    text += fmt::format("+0000:20250605191028.955,10.0.0.2,43380,10.0.0.3,5001,1,{:.1f},{:.1f},{},{},"
                        "-1,-1,4294967295,-1,4294967295,0,0\n",
                        row.start, row.end, row.bytes, row.bits_per_second);
  }
  const auto report = parse_output(text);
  EXPECT_EQ(report.tool, Tool::iperf2);
  ASSERT_EQ(report.intervals.size(), 2U);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(report.intervals[i].start, printed[i].start);
    EXPECT_EQ(report.intervals[i].bits_per_second, printed[i].bits_per_second);
  }
  EXPECT_EQ(report.summary.bits_per_second, printed[2].bits_per_second);
  EXPECT_EQ(report.summary.bytes, printed[2].bytes);
}

}  // namespace
}  // namespace tuna::iperf
