// junit.xml from records made here, read back with a real XML parser (pugixml): its
// structure, the records' figures and verdicts, the raw output, and hostile text.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <pugixml.hpp>
#include <string>

#include "measurement_record.hpp"
#include "report_junit.hpp"
#include "results_record.hpp"
#include "run_tuna.hpp"

using namespace tuna;
using namespace tuna::host;
using namespace std::chrono_literals;
using tuna::test::TempDir;

namespace {

class ReportJunit : public ::testing::Test {
 protected:
  MeasurementRecord record(std::string step, std::string label, Status status, std::string message,
                           std::vector<Metric> metrics = {}) {
    MeasurementRecord made;
    made.pipeline = "lab";
    made.step = std::move(step);
    made.component = "iperf";
    made.repetition = 1;
    made.measurement.label = std::move(label);
    made.measurement.status = status;
    made.measurement.message = std::move(message);
    made.measurement.metrics = std::move(metrics);
    made.step_started = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    made.finished = made.step_started + 1234ms;
    return made;
  }

  // A raw output file in the run directory, as the record's artifact.
  std::filesystem::path artifact(const std::string& name, const std::string& text) {
    std::filesystem::create_directories(dir.path() / "raw");
    return dir.write("raw/" + name, text);
  }

  // The junit.xml of `records`, parsed; fails the test when it is not well-formed XML.
  pugi::xml_node junit(const std::vector<MeasurementRecord>& records, std::size_t cap = junit_artifact_cap) {
    std::vector<nlohmann::ordered_json> lines;
    for (const auto& each : records) lines.push_back(to_json(each, dir.path()));
    xml = junit_xml(lines, dir.path(), cap);
    const auto parsed = document.load_string(xml.c_str());
    EXPECT_TRUE(parsed) << parsed.description() << " at " << parsed.offset << "\n" << xml;
    return document.child("testsuites");
  }

  TempDir dir;
  std::string xml;
  pugi::xml_document document;
};

std::size_t count(pugi::xml_node parent, const char* name) {
  return static_cast<std::size_t>(std::distance(parent.children(name).begin(), parent.children(name).end()));
}

}  // namespace

TEST_F(ReportJunit, ATestcasePerRecordWithItsVerdictAndTime) {
  const std::vector<MeasurementRecord> records{
      record("settle", "", Status::passed, ""),
      record("throughput", "upstream", Status::failed, "below the threshold"),
      record("throughput", "downstream", Status::error, "iperf3 could not connect"),
  };
  const auto suites = junit(records);
  ASSERT_EQ(count(suites, "testsuite"), 1u);
  const auto suite = suites.child("testsuite");
  EXPECT_STREQ(suite.attribute("name").value(), records[0].pipeline.c_str());
  EXPECT_EQ(suite.attribute("tests").as_uint(), records.size());
  EXPECT_EQ(suite.attribute("failures").as_int(), 1);
  EXPECT_EQ(suite.attribute("errors").as_int(), 1);
  // The suite's time is wall time, first start to last finish, not the sum of its cases.
  const auto first_start = std::ranges::min(records, {}, &MeasurementRecord::step_started).step_started;
  const auto last_finish = std::ranges::max(records, {}, &MeasurementRecord::finished).finished;
  EXPECT_DOUBLE_EQ(suite.attribute("time").as_double(),
                   std::chrono::duration<double>(last_finish - first_start).count());
  ASSERT_EQ(count(suite, "testcase"), records.size());

  auto testcase = suite.child("testcase");
  for (const auto& made : records) {
    const auto name = made.measurement.label.empty()
                          ? fmt::format("{} #{}", made.step, made.repetition)
                          : fmt::format("{} {} #{}", made.step, made.measurement.label, made.repetition);
    EXPECT_EQ(testcase.attribute("name").value(), name);
    EXPECT_EQ(testcase.attribute("classname").value(), made.component);
    EXPECT_DOUBLE_EQ(testcase.attribute("time").as_double(),
                     std::chrono::duration<double>(made.finished - made.step_started).count());
    const bool failed = made.measurement.status == Status::failed,
               error = made.measurement.status == Status::error;
    EXPECT_EQ(static_cast<bool>(testcase.child("failure")), failed) << name;
    EXPECT_EQ(static_cast<bool>(testcase.child("error")), error) << name;
    if (failed || error) {
      EXPECT_EQ(testcase.child(failed ? "failure" : "error").attribute("message").value(),
                made.measurement.message);
    }
    testcase = testcase.next_sibling("testcase");
  }
}

TEST_F(ReportJunit, PropertiesAreTheRecordsMetrics) {
  const auto made =
      record("throughput", "upstream", Status::passed, "",
             {{"bandwidth", 941234567.125, "bits/s"}, {"retransmits", 41, "packets"}, {"count", 3, ""}});
  const auto properties = junit({made}).child("testsuite").child("testcase").child("properties");
  ASSERT_EQ(count(properties, "property"), made.measurement.metrics.size()) << xml;
  auto property = properties.child("property");
  for (const auto& metric : made.measurement.metrics) {
    EXPECT_EQ(property.attribute("name").value(), metric_heading(metric.name, metric.unit));
    EXPECT_EQ(property.attribute("value").as_double(), metric.value) << metric.name;  // exact
    property = property.next_sibling("property");
  }
}

TEST_F(ReportJunit, SystemOutHoldsTheRawOutputFiles) {
  auto made = record("throughput", "upstream", Status::passed, "");
  const std::string client = "[  5]   0.00-1.00   sec  112 MBytes   941 Mbits/sec\n";
  const std::string server = "Server listening on 5201\n";
  made.measurement.artifacts = {artifact("client.txt", client), artifact("server.txt", server)};
  const std::string out = junit({made}).child("testsuite").child("testcase").child_value("system-out");
  EXPECT_NE(out.find(client), std::string::npos) << out;
  EXPECT_NE(out.find(server), std::string::npos) << out;
  EXPECT_NE(out.find("raw/client.txt"), std::string::npos) << "each file is named: " << out;
}

TEST_F(ReportJunit, HostileTextSurvivesAndWhatXmlCannotHoldIsReplaced) {
  const std::string hostile = "a \"quoted\" 'it' <tag> & &amp; ]]> tab\there\nline\r\nend";
  const std::string control = "bell\x07 escape\x1b null-free";
  const std::string bad_utf8 = "cut \xE2\x82";  // the first two bytes of the euro sign
  auto made = record("step <1> & \"2\"", "", Status::failed, hostile + control);
  made.measurement.artifacts = {artifact("hostile.txt", hostile + control + bad_utf8)};
  const auto testcase = junit({made}).child("testsuite").child("testcase");
  EXPECT_EQ(std::string(testcase.attribute("name").value()), made.step + " #1");

  const std::string replacement = "\xEF\xBF\xBD";
  const std::string control_replaced = "bell" + replacement + " escape" + replacement + " null-free";
  EXPECT_EQ(testcase.child("failure").attribute("message").value(), hostile + control_replaced);
  const std::string out = testcase.child_value("system-out");
  EXPECT_NE(out.find(hostile + control_replaced + "cut " + replacement), std::string::npos) << out;
}

TEST_F(ReportJunit, ARawFileOverTheCapKeepsItsEndAndSaysSo) {
  auto made = record("throughput", "upstream", Status::passed, "");
  std::string text;
  for (int line = 1; line <= 200; ++line) text += fmt::format("line {}\n", line);
  made.measurement.artifacts = {artifact("long.txt", text)};
  const std::size_t cap = 100;
  const std::string out = junit({made}, cap).child("testsuite").child("testcase").child_value("system-out");
  EXPECT_NE(out.find(text.substr(text.size() - cap)), std::string::npos) << out;
  EXPECT_EQ(out.find(text.substr(0, 10)), std::string::npos) << "the start is cut: " << out;
  EXPECT_NE(out.find(fmt::format("last {} of {} bytes", cap, text.size())), std::string::npos) << out;
}

TEST_F(ReportJunit, AMissingRawFileIsNotedAndTheXmlStaysValid) {
  auto made = record("throughput", "upstream", Status::passed, "");
  made.measurement.artifacts = {dir.path() / "raw" / "gone.txt"};
  const std::string out = junit({made}).child("testsuite").child("testcase").child_value("system-out");
  EXPECT_NE(out.find("raw/gone.txt (cannot be read)"), std::string::npos) << out;
}

TEST_F(ReportJunit, ASuitePerPipeline) {
  auto first = record("a", "", Status::passed, ""), second = record("b", "", Status::passed, "");
  second.pipeline = "other";
  const auto suites = junit({first, second, first});
  ASSERT_EQ(count(suites, "testsuite"), 2u) << xml;
  EXPECT_STREQ(suites.child("testsuite").attribute("name").value(), first.pipeline.c_str());
  EXPECT_EQ(count(suites.child("testsuite"), "testcase"), 2u);
  EXPECT_STREQ(suites.last_child().attribute("name").value(), second.pipeline.c_str());
}
