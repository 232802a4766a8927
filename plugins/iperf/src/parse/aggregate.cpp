#include "parse/aggregate.hpp"

#include <algorithm>
#include <numeric>

namespace tuna::iperf {

namespace {

double median(std::vector<double> values) {
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  if (values.size() % 2 == 1) return *middle;
  const double upper = *middle;
  const double lower = *std::max_element(values.begin(), middle);
  return (lower + upper) / 2;
}

}  // namespace

std::optional<double> aggregate(const std::vector<double>& values, Aggregator how) {
  if (values.empty()) return std::nullopt;
  const double total = std::accumulate(values.begin(), values.end(), 0.0);
  switch (how) {
    case Aggregator::median:
      return median(values);
    case Aggregator::mean:
      return total / static_cast<double>(values.size());
    case Aggregator::min:
      return *std::min_element(values.begin(), values.end());
    case Aggregator::max:
      return *std::max_element(values.begin(), values.end());
    case Aggregator::sum:
      return total;
  }
  return std::nullopt;
}

std::vector<double> headline_rates(const std::vector<Interval>& intervals) {
  std::vector<double> rates, lengths;
  for (const auto& interval : intervals) {
    rates.push_back(interval.bits_per_second);
    lengths.push_back(interval.end - interval.start);
  }
  if (intervals.size() >= 2) {
    lengths.pop_back();
    const auto& last = intervals.back();
    if (last.end - last.start < median(lengths) / 2) rates.pop_back();
  }
  return rates;
}

}  // namespace tuna::iperf
