// Aggregators over generated series, checked against a sorted copy or a plain loop.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "parse/aggregate.hpp"

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
  for (const auto how : {Aggregator::median, Aggregator::mean, Aggregator::min, Aggregator::max,
                         Aggregator::sum}) {
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

}  // namespace
}  // namespace tuna::iperf
