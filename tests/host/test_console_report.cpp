// The end-of-run table: a row per measurement with its headline (first metric), the metric
// reported beside it, and its status.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "console_report.hpp"

using testing::HasSubstr;

namespace tuna::host {
namespace {

MeasurementRecord record(std::string step, std::string label, std::vector<Metric> metrics, Status status,
                         std::string message = "") {
  MeasurementRecord r;
  r.step = std::move(step);
  r.repetition = 2;
  r.measurement.label = std::move(label);
  r.measurement.metrics = std::move(metrics);
  r.measurement.status = status;
  r.measurement.message = std::move(message);
  return r;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(SummaryTable, HeadlineTheMetricBesideItAndStatus) {
  const Metric bandwidth{"bandwidth", 941.3e6, "bits/s"}, summary{"summary_bandwidth", 938.7e6, "bits/s"};
  const std::vector<MeasurementRecord> records{
      record("tput[parallel=4]", "upstream", {bandwidth, summary}, Status::passed),
      record("nap", "", {{"slept", 0.5, "s"}}, Status::passed),
      record("tput[parallel=4]", "downstream", {}, Status::error, "iperf: the server is busy")};
  const auto lines = lines_of(summary_table(records, false));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_THAT(lines[0], HasSubstr("HEADLINE"));
  EXPECT_THAT(lines[1], HasSubstr("tput[parallel=4]"));
  EXPECT_THAT(lines[1], HasSubstr(format_metric(bandwidth)));
  EXPECT_THAT(lines[1], HasSubstr("summary_bandwidth " + format_metric(summary)));
  EXPECT_THAT(lines[1], HasSubstr("passed"));
  EXPECT_THAT(lines[2], HasSubstr(format_metric(records[1].measurement.metrics[0])));
  EXPECT_THAT(lines[3], HasSubstr("error: iperf: the server is busy"));
  // Columns line up: every row's status starts where the heading's does.
  const auto status_column = lines[0].find("STATUS");
  for (std::size_t i = 1; i < lines.size(); ++i)
    EXPECT_TRUE(lines[i].compare(status_column, 5, "passe") == 0 ||
                lines[i].compare(status_column, 5, "error") == 0)
        << lines[i];
}

}  // namespace
}  // namespace tuna::host
