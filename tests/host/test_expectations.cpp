// Reading `expect:` thresholds and judging measurements against them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "expectations.hpp"

namespace tuna::host {
namespace {

using ::testing::HasSubstr;

Expectation parsed(std::string_view key, std::string_view text) {
  auto expectation = parse_expectation(key, text);
  EXPECT_TRUE(expectation) << key << ": " << text << ": " << expectation.error();
  return expectation ? *expectation : Expectation{};
}

std::string parse_error(std::string_view key, std::string_view text) {
  auto expectation = parse_expectation(key, text);
  EXPECT_FALSE(expectation) << key << ": " << text;
  return expectation ? std::string() : expectation.error();
}

Measurement measured(std::vector<Metric> metrics) { return Measurement{.metrics = std::move(metrics)}; }

TEST(Expectations, EveryComparisonReadsBackAsWritten) {
  for (const auto* op : {">=", ">", "<=", "<", "==", "!="}) {
    const auto expectation = parsed("slept", std::string(op) + " 1.5");
    EXPECT_EQ(comparison_text(expectation.comparison), op);
    EXPECT_EQ(expectation.limit, 1.5);
    EXPECT_EQ(expectation.metric, "slept");
    EXPECT_EQ(expectation.unit, "");
  }
}

TEST(Expectations, SpacesAroundAndBetweenAreOptional) {
  EXPECT_EQ(parsed("x", ">=40").comparison, Comparison::at_least);
  EXPECT_EQ(parsed("x", "  <  0.25 ").limit, 0.25);
  EXPECT_EQ(parsed("x", "> -3").limit, -3);
}

TEST(Expectations, RateSuffixConvertsAndNamesTheMetric) {
  const auto mega = parsed("bandwidth_mbps", ">= 40");
  EXPECT_EQ(mega.metric, "bandwidth");
  EXPECT_EQ(mega.unit, "Mbit/s");
  EXPECT_EQ(mega.scale, 1e6);
  EXPECT_EQ(parsed("bandwidth_kbps", "> 1").scale, 1e3);
  EXPECT_EQ(parsed("bandwidth_gbps", "> 1").unit, "Gbit/s");
  // A suffix alone is a metric name, not a unit on nothing.
  EXPECT_EQ(parsed("_mbps", "> 1").metric, "_mbps");
  // Other suffixes are part of the name.
  EXPECT_EQ(parsed("lost_percent", "< 1").metric, "lost_percent");
}

TEST(Expectations, BadTextSaysWhatIsExpected) {
  EXPECT_THAT(parse_error("x", "=> 40"),
              HasSubstr(R"(got "=> 40"; the comparisons are >=, <=, ==, !=, >, <)"));
  EXPECT_THAT(parse_error("x", "40"),
              HasSubstr("expected a comparison and a number"));  // direction must be said
  EXPECT_THAT(parse_error("x", ">= forty"), HasSubstr(R"(expected number, got "forty")"));
  EXPECT_THAT(parse_error("x", ">="), HasSubstr("expected number"));
  EXPECT_THAT(parse_error("x", ">= 40 Mbit/s"), HasSubstr("expected number"));
}

TEST(Expectations, JudgesInTheWrittenUnit) {
  const std::vector expectations{parsed("bandwidth_mbps", ">= 40"), parsed("lost_percent", "< 1")};
  auto verdicts =
      judge(expectations, measured({{"bandwidth", 38.2e6, "bits/s"}, {"lost_percent", 0.5, "%"}}));
  ASSERT_EQ(verdicts.size(), 2u);
  EXPECT_FALSE(verdicts[0].met);
  EXPECT_DOUBLE_EQ(*verdicts[0].actual, 38.2);
  EXPECT_EQ(verdicts[0].unit, "Mbit/s");
  EXPECT_EQ(verdicts[0].miss, "bandwidth 38.2 Mbit/s is not >= 40 Mbit/s");
  EXPECT_TRUE(verdicts[1].met);
  EXPECT_EQ(verdicts[1].unit, "%");
  EXPECT_EQ(verdicts[1].miss, "");
}

TEST(Expectations, BoundariesFollowTheComparison) {
  const auto at = [](std::string_view text, double value) {
    return judge({parsed("x", text)}, measured({{"x", value, "s"}})).front().met;
  };
  EXPECT_TRUE(at(">= 2", 2));
  EXPECT_FALSE(at("> 2", 2));
  EXPECT_TRUE(at("<= 2", 2));
  EXPECT_FALSE(at("< 2", 2));
  EXPECT_TRUE(at("== 2", 2));
  EXPECT_FALSE(at("!= 2", 2));
  EXPECT_TRUE(at("!= 2", 2.5));
}

TEST(Expectations, AMissingMetricIsAMiss) {
  auto verdicts = judge({parsed("jitter", "< 1")}, measured({{"slept", 0.1, "s"}}));
  ASSERT_EQ(verdicts.size(), 1u);
  EXPECT_FALSE(verdicts[0].met);
  EXPECT_FALSE(verdicts[0].actual);
  EXPECT_EQ(verdicts[0].miss, "no metric 'jitter' in this measurement");
}

TEST(Expectations, ARateSuffixOnAMetricThatIsNoRateIsAMiss) {
  auto verdicts = judge({parsed("slept_mbps", "> 1")}, measured({{"slept", 0.1, "s"}}));
  EXPECT_FALSE(verdicts[0].met);
  EXPECT_EQ(verdicts[0].miss, "metric 'slept' is in s, not bits/s, so it cannot be compared in Mbit/s");
}

TEST(Expectations, AMissTurnsAPassedMeasurementFailedNamingEveryMiss) {
  auto measurement = measured({{"bandwidth", 38.2e6, "bits/s"}, {"lost_percent", 2, "%"}});
  const auto verdicts =
      apply_expectations({parsed("bandwidth_mbps", ">= 40"), parsed("lost_percent", "< 1")}, measurement);
  EXPECT_EQ(verdicts.size(), 2u);
  EXPECT_EQ(measurement.status, Status::failed);
  EXPECT_EQ(measurement.message, "bandwidth 38.2 Mbit/s is not >= 40 Mbit/s; lost_percent 2 % is not < 1 %");
}

TEST(Expectations, AllMetLeavesTheMeasurementAlone) {
  auto measurement = measured({{"slept", 0.1, "s"}});
  const auto verdicts = apply_expectations({parsed("slept", "> 0.05")}, measurement);
  ASSERT_EQ(verdicts.size(), 1u);
  EXPECT_TRUE(verdicts[0].met);
  EXPECT_EQ(measurement.status, Status::passed);
  EXPECT_EQ(measurement.message, "");
}

TEST(Expectations, AComponentsOwnFailureKeepsItsMessageFirst) {
  auto measurement = measured({{"slept", 0.1, "s"}});
  measurement.status = Status::failed;
  measurement.message = "server refused";
  apply_expectations({parsed("slept", "> 1")}, measurement);
  EXPECT_EQ(measurement.status, Status::failed);
  EXPECT_EQ(measurement.message, "server refused; slept 0.1 s is not > 1 s");
}

TEST(Expectations, AnErrorIsNotJudged) {
  auto measurement = measured({});
  measurement.status = Status::error;
  measurement.message = "host down";
  EXPECT_TRUE(apply_expectations({parsed("slept", "> 1")}, measurement).empty());
  EXPECT_EQ(measurement.status, Status::error);
  EXPECT_EQ(measurement.message, "host down");
}

}  // namespace
}  // namespace tuna::host
