// Aggregators over generated series, checked against a sorted copy or a plain loop.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "parse/aggregate.hpp"
#include "parse/parse.hpp"
#include "parse_fixtures.hpp"

namespace tuna::iperf {
namespace {

std::vector<double> series(std::size_t count, unsigned seed) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<double> bandwidth(1e6, 1e10);
  std::vector<double> values(count);
  for (auto& value : values) value = bandwidth(generator);
  return values;
}

double sorted_median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const auto n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

TEST(Aggregate, EmptySeriesHasNoValue) {
  for (const auto how :
       {Aggregator::median, Aggregator::mean, Aggregator::min, Aggregator::max, Aggregator::sum}) {
    EXPECT_FALSE(aggregate({}, how).has_value());
  }
}

TEST(Aggregate, MedianOfOddAndEvenCounts) {
  for (const std::size_t count : {1U, 2U, 3U, 4U, 7U, 10U, 101U, 1000U}) {
    SCOPED_TRACE(count);
    const auto values = series(count, static_cast<unsigned>(count));
    EXPECT_EQ(aggregate(values, Aggregator::median), sorted_median(values));
  }
}

TEST(Aggregate, MedianOfEvenCountIsTheMeanOfTheMiddleTwo) {
  const auto values = series(6, 42);
  auto sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const auto median = aggregate(values, Aggregator::median).value();
  EXPECT_GT(median, sorted[2]);
  EXPECT_LT(median, sorted[3]);
}

TEST(Aggregate, MeanMinMaxSum) {
  const auto values = series(37, 7);
  const double total = std::accumulate(values.begin(), values.end(), 0.0);
  EXPECT_DOUBLE_EQ(aggregate(values, Aggregator::sum).value(), total);
  EXPECT_DOUBLE_EQ(aggregate(values, Aggregator::mean).value(), total / 37);
  EXPECT_EQ(aggregate(values, Aggregator::min), *std::min_element(values.begin(), values.end()));
  EXPECT_EQ(aggregate(values, Aggregator::max), *std::max_element(values.begin(), values.end()));
}

TEST(Aggregate, DoesNotReorderTheCallersSeries) {
  const auto values = series(9, 3);
  const auto copy = values;
  (void)aggregate(values, Aggregator::median);
  EXPECT_EQ(values, copy);
}

std::vector<Interval> intervals(const std::vector<std::pair<double, double>>& spans) {
  std::vector<Interval> made;
  double rate = 1e9;
  for (const auto& [start, end] : spans) made.push_back({start, end, rate += 1e8, {}});
  return made;
}

TEST(HeadlineRates, AShortLastIntervalIsLeftOut) {
  const auto tail = intervals({{0, 1}, {1, 2}, {2, 2.004}});
  EXPECT_EQ(headline_rates(tail), (std::vector<double>{tail[0].bits_per_second, tail[1].bits_per_second}));
  const auto one_second_test = intervals({{0, 1}, {1, 1.01}});
  EXPECT_EQ(headline_rates(one_second_test), std::vector<double>{one_second_test[0].bits_per_second});
}

TEST(HeadlineRates, FullIntervalsAndALongEnoughLastOneAreKept) {
  for (const auto& spans : {std::vector<std::pair<double, double>>{{0, 1}, {1, 2}, {2, 2.6}},
                            std::vector<std::pair<double, double>>{{0, 0.5}, {0.5, 1}},
                            std::vector<std::pair<double, double>>{{0, 1}}}) {
    const auto kept = intervals(spans);
    std::vector<double> all;
    for (const auto& interval : kept) all.push_back(interval.bits_per_second);
    EXPECT_EQ(headline_rates(kept), all);
  }
}

// iperf3's server prints the final milliseconds as "2.00-2.00 sec": the headline leaves
// that interval out and keeps every whole one.
TEST(HeadlineRates, TheIperf3ServersFinalFlushIsLeftOut) {
  const auto report =
      parse_output(tuna::test::read_file(testing::iperf_fixtures() / "iperf3" / "server.txt"));
  ASSERT_GE(report.intervals.size(), 2u);
  const auto rates = headline_rates(report.intervals);
  ASSERT_EQ(rates.size(), report.intervals.size() - 1);
  for (std::size_t i = 0; i < rates.size(); ++i) EXPECT_EQ(rates[i], report.intervals[i].bits_per_second);
  EXPECT_LT(report.intervals.back().end - report.intervals.back().start, 0.1);
}

}  // namespace
}  // namespace tuna::iperf
