// results.jsonl as ResultsFile writes it: one whole JSON line per record, whatever bytes a
// plugin put in the record.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "results_file.hpp"
#include "run_tuna.hpp"

namespace tuna::host {
namespace {

// A tool's message that is not UTF-8 (a lone continuation byte, a truncated sequence) is
// kept, its bad bytes as U+FFFD, instead of costing the record.
TEST(ResultsFile, BytesThatAreNotUtf8AreReplacedAndTheRecordIsKept) {
  test::TempDir dir;
  const std::string bad = "bind failed: \x80\xff Address in use \xe2\x82";
  MeasurementRecord record;
  record.step = "throughput";
  record.measurement.label = "up\xfe";
  record.measurement.status = Status::error;
  record.measurement.message = bad;
  record.measurement.details["raw"] = bad;
  {
    ResultsFile file(dir.path() / "results.jsonl");
    file.append(record);
  }
  const auto records = test::read_records(dir.path() / "results.jsonl");
  ASSERT_EQ(records.size(), 1u);
  const std::string replacement = "\xef\xbf\xbd";
  EXPECT_EQ(records[0]["message"], "bind failed: " + replacement + replacement + " Address in use " + replacement);
  EXPECT_EQ(records[0]["label"], "up" + replacement);
  EXPECT_EQ(records[0]["details"]["raw"], records[0]["message"]);
}

}  // namespace
}  // namespace tuna::host
