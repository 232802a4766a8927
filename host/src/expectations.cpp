#include "expectations.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <utility>

// range-v3, not std::views: clang 14 (the sanitized build) cannot compile libstdc++ 12's.
#include <range/v3/view/map.hpp>

namespace tuna::host {
namespace {

// Two-character operators first, so ">=" is not read as ">" followed by "=".
constexpr std::array<std::pair<std::string_view, Comparison>, 6> comparisons{{
    {">=", Comparison::at_least},
    {"<=", Comparison::at_most},
    {"==", Comparison::equal},
    {"!=", Comparison::not_equal},
    {">", Comparison::more_than},
    {"<", Comparison::less_than},
}};

struct UnitSuffix {
  std::string_view suffix;
  std::string_view unit;
  double scale;
};
constexpr std::array<UnitSuffix, 3> rate_suffixes{{
    {"_kbps", "kbit/s", 1e3},
    {"_mbps", "Mbit/s", 1e6},
    {"_gbps", "Gbit/s", 1e9},
}};
constexpr std::string_view rate_unit = "bits/s";  // what Metric::unit says for a rate

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool holds(Comparison comparison, double actual, double limit) {
  switch (comparison) {
    case Comparison::at_least:
      return actual >= limit;
    case Comparison::more_than:
      return actual > limit;
    case Comparison::at_most:
      return actual <= limit;
    case Comparison::less_than:
      return actual < limit;
    case Comparison::equal:
      return actual == limit;
    case Comparison::not_equal:
      return actual != limit;
  }
  return false;
}

// "40 Mbit/s", "0.5 s", or the bare figure for a metric without a unit.
std::string figure(double value, std::string_view unit) {
  return unit.empty() ? fmt::format("{:g}", value) : fmt::format("{:g} {}", value, unit);
}

ExpectationVerdict judge_one(const Expectation& expectation, const Measurement& measurement) {
  ExpectationVerdict verdict{expectation, std::nullopt, expectation.unit, false, {}};
  const auto& metrics = measurement.metrics;
  const auto metric = std::ranges::find(metrics, expectation.metric, &Metric::name);
  if (metric == metrics.end()) {
    verdict.miss = fmt::format("no metric '{}' in this measurement", expectation.metric);
    return verdict;
  }
  if (expectation.unit.empty()) {
    verdict.unit = metric->unit;
  } else if (metric->unit != rate_unit) {
    verdict.miss =
        fmt::format("metric '{}' is in {}, not {}, so it cannot be compared in {}", expectation.metric,
                    metric->unit.empty() ? "no unit" : metric->unit, rate_unit, expectation.unit);
    return verdict;
  }
  verdict.actual = metric->value / expectation.scale;
  verdict.met = holds(expectation.comparison, *verdict.actual, expectation.limit);
  if (!verdict.met)
    verdict.miss =
        fmt::format("{} {} is not {} {}", expectation.metric, figure(*verdict.actual, verdict.unit),
                    comparison_text(expectation.comparison), figure(expectation.limit, verdict.unit));
  return verdict;
}

}  // namespace

std::string_view comparison_text(Comparison comparison) {
  return std::ranges::find(comparisons, comparison, &std::pair<std::string_view, Comparison>::second)->first;
}

Parsed<Expectation> parse_expectation(std::string_view key, std::string_view text) {
  Expectation expectation;
  expectation.metric = std::string(key);
  for (const auto& rate : rate_suffixes) {
    if (key.size() > rate.suffix.size() && key.ends_with(rate.suffix)) {
      expectation.metric = std::string(key.substr(0, key.size() - rate.suffix.size()));
      expectation.unit = std::string(rate.unit);
      expectation.scale = rate.scale;
    }
  }
  const auto written = trimmed(text);
  const auto op =
      std::ranges::find_if(comparisons, [&](const auto& c) { return written.starts_with(c.first); });
  if (op == comparisons.end())
    return Parsed<Expectation>::fail(
        fmt::format("expected a comparison and a number such as \">= 40\", got {}; the comparisons are {}",
                    quote_text(text), fmt::join(comparisons | ranges::views::keys, ", ")));
  expectation.comparison = op->second;
  const auto number = parse_number(trimmed(written.substr(op->first.size())));
  if (!number) return Parsed<Expectation>::fail(number.error());
  expectation.limit = *number;
  return Parsed<Expectation>::ok(std::move(expectation));
}

std::vector<ExpectationVerdict> judge(const std::vector<Expectation>& expectations,
                                      const Measurement& measurement) {
  std::vector<ExpectationVerdict> verdicts;
  for (const auto& expectation : expectations) verdicts.push_back(judge_one(expectation, measurement));
  return verdicts;
}

std::vector<ExpectationVerdict> apply_expectations(const std::vector<Expectation>& expectations,
                                                   Measurement& measurement) {
  if (measurement.status == Status::error) return {};
  auto verdicts = judge(expectations, measurement);
  std::vector<std::string> misses;
  for (const auto& verdict : verdicts)
    if (!verdict.met) misses.push_back(verdict.miss);
  if (misses.empty()) return verdicts;
  // A component's own failure keeps its message first; the misses follow it.
  if (!measurement.message.empty()) misses.insert(misses.begin(), measurement.message);
  measurement.status = Status::failed;
  measurement.message = fmt::format("{}", fmt::join(misses, "; "));
  return verdicts;
}

}  // namespace tuna::host
