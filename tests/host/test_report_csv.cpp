// summary.csv from records made here: a row per record, a column per metric, cells equal
// to the records' values, and any text surviving CSV quoting.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "csv_table.hpp"
#include "measurement_record.hpp"
#include "report_csv.hpp"
#include "results_record.hpp"

using namespace tuna;
using namespace tuna::host;
using tuna::test::parse_csv;

namespace {

const std::filesystem::path run_dir = "/runs/r1";

MeasurementRecord record(std::string step, std::string label, int repetition, Status status,
                         std::string message, std::vector<Metric> metrics) {
  MeasurementRecord made;
  made.pipeline = "lab";
  made.step = std::move(step);
  made.component = "iperf";
  made.repetition = repetition;
  made.measurement.label = std::move(label);
  made.measurement.status = status;
  made.measurement.message = std::move(message);
  made.measurement.metrics = std::move(metrics);
  made.step_started = made.finished = std::chrono::system_clock::now();
  return made;
}

std::vector<nlohmann::ordered_json> as_results(const std::vector<MeasurementRecord>& records) {
  std::vector<nlohmann::ordered_json> lines;
  for (const auto& each : records) lines.push_back(to_json(each, run_dir));
  return lines;
}

std::size_t column_of(const std::vector<std::string>& header, const std::string& heading) {
  return static_cast<std::size_t>(std::ranges::find(header, heading) - header.begin());
}

}  // namespace

TEST(ReportCsv, ARowPerRecordAndAColumnPerMetricWithTheRecordsValues) {
  const std::vector<MeasurementRecord> records{
      record("settle", "", 1, Status::passed, "", {{"slept", 0.50020522, "s"}}),
      record("throughput", "upstream", 2, Status::failed, "below 900 Mbit/s",
             {{"bandwidth", 941234567.125, "bits/s"}, {"retransmits", 41, "packets"}}),
      record("throughput", "downstream", 2, Status::error, "iperf3 died", {}),
  };
  const auto rows = parse_csv(summary_csv(as_results(records)));
  ASSERT_EQ(rows.size(), records.size() + 1);
  const auto& header = rows[0];
  EXPECT_EQ(std::vector<std::string>(header.begin(), header.begin() + 5),
            (std::vector<std::string>{"step", "label", "repetition", "status", "message"}));
  EXPECT_EQ(header.size(), 5u + 3u);  // slept, bandwidth, retransmits: each once

  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& made = records[i];
    const auto& cells = rows[i + 1];
    ASSERT_EQ(cells.size(), header.size()) << "row " << i;
    EXPECT_EQ(cells[0], made.step);
    EXPECT_EQ(cells[1], made.measurement.label);
    EXPECT_EQ(cells[2], std::to_string(made.repetition));
    EXPECT_EQ(cells[3], status_name(made.measurement.status));
    EXPECT_EQ(cells[4], made.measurement.message);
    std::size_t filled = 0;
    for (const auto& metric : made.measurement.metrics) {
      const auto column = column_of(header, metric_heading(metric.name, metric.unit));
      ASSERT_LT(column, header.size()) << metric.name;
      EXPECT_EQ(std::stod(cells[column]), metric.value) << metric.name;  // no precision lost
      ++filled;
    }
    EXPECT_EQ(std::ranges::count_if(cells.begin() + 5, cells.end(), [](auto& c) { return !c.empty(); }),
              filled)
        << "cells of metrics the record lacks stay empty";
  }
}

TEST(ReportCsv, HeadingsNameTheUnitAndKeepTheOrderTheRunFirstProducedThem) {
  const std::vector<MeasurementRecord> records{
      record("a", "", 1, Status::passed, "", {{"jitter", 0.25, "ms"}, {"count", 3, ""}}),
      record("b", "", 1, Status::passed, "", {{"loss", 1.5, "%"}, {"jitter", 0.5, "ms"}}),
  };
  const auto header = parse_csv(summary_csv(as_results(records)))[0];
  const std::vector<std::string> metric_columns(header.begin() + 5, header.end());
  EXPECT_EQ(metric_columns, (std::vector<std::string>{
                                metric_heading("jitter", "ms"),
                                "count",  // no unit: the bare name
                                metric_heading("loss", "%"),
                            }));
  EXPECT_EQ(metric_heading("jitter", "ms"), "jitter (ms)");
}

TEST(ReportCsv, HostileTextSurvivesQuoting) {
  const std::string message = "iperf said: \"no route\", then\r\nexit 1\n, again";
  const std::string label = " spaced, \"quoted\" ";
  const auto csv =
      summary_csv(as_results({record("step,with,commas", label, 1, Status::failed, message, {})}));
  const auto rows = parse_csv(csv);
  ASSERT_EQ(rows.size(), 2u) << csv;
  EXPECT_EQ(rows[1][0], "step,with,commas");
  EXPECT_EQ(rows[1][1], label);
  EXPECT_EQ(rows[1][4], message);
}

TEST(ReportCsv, RowsEndInCrlfAndPlainFieldsAreNotQuoted) {
  const auto csv = summary_csv(as_results({record("plain", "up", 1, Status::passed, "", {})}));
  EXPECT_EQ(csv.substr(0, csv.find('\n') + 1), "step,label,repetition,status,message\r\n");
  EXPECT_EQ(csv_field("plain text"), "plain text");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field(" lead"), "\" lead\"");
}

TEST(ReportCsv, NoRecordsIsJustTheHeader) {
  EXPECT_EQ(parse_csv(summary_csv({})),
            (tuna::test::CsvRows{{"step", "label", "repetition", "status", "message"}}));
}
