// Thresholds a step puts on its measurements (`expect: { bandwidth_mbps: ">= 40" }`):
// written as text, read when the pipeline loads, judged against each measurement as the
// component hands it over.
//
// The key is a metric name, or a bits/s metric's name with a unit suffix that converts
// (`_kbps`, `_mbps`, `_gbps`); the value is "<op> <number>" with op one of >=, >, <=, <,
// ==, !=. A bare number is refused: for some metrics more is better (bandwidth), for
// others less (lost_percent), so the direction must be written. Components do not declare
// their metrics, so a metric a measurement lacks is only known then, and counts as a miss.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <tuna/result.hpp>
#include <vector>

#include "value_parsing.hpp"

namespace tuna::host {

enum class Comparison { at_least, more_than, at_most, less_than, equal, not_equal };

// ">=", ">", ...: how the comparison is written in a pipeline and in messages.
std::string_view comparison_text(Comparison comparison);

struct Expectation {
  std::string metric;  // the metric's name, any unit suffix taken off
  Comparison comparison = Comparison::at_least;
  double limit = 0;  // in `unit` when set, else in the metric's own unit
  // Set by a unit suffix: "Mbit/s", with `scale` the bits/s in one of it. Empty: the
  // metric's own unit, unscaled.
  std::string unit;
  double scale = 1;
};

// One expectation judged against one measurement.
struct ExpectationVerdict {
  Expectation expectation;
  std::optional<double> actual;  // in the expectation's unit; unset when the metric is missing
  std::string unit;              // the unit `actual` and the limit are in, as messages show it
  bool met = false;
  std::string miss;  // why it was not met: "bandwidth 38.2 Mbit/s is not >= 40 Mbit/s"
};

// The expectation written as `key: text`, or why it is not one.
Parsed<Expectation> parse_expectation(std::string_view key, std::string_view text);

// Every expectation judged against `measurement`'s metrics.
std::vector<ExpectationVerdict> judge(const std::vector<Expectation>& expectations,
                                      const Measurement& measurement);

// Judges a measurement that measured (status error is left alone and unjudged) and turns
// it failed when any expectation is missed, each miss named in its message.
std::vector<ExpectationVerdict> apply_expectations(const std::vector<Expectation>& expectations,
                                                   Measurement& measurement);

}  // namespace tuna::host
