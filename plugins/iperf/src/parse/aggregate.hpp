// Reducing a series (e.g. the per-interval bandwidths) to one figure.
#pragma once

#include <optional>
#include <vector>

#include "parse/report.hpp"

namespace tuna::iperf {

enum class Aggregator { median, mean, min, max, sum };

// nullopt for an empty series. The median of an even count is the mean of the middle two.
std::optional<double> aggregate(const std::vector<double>& values, Aggregator how);

// The rates of the intervals the headline reduces. A last interval shorter than half the
// others (iperf's report of the test's final milliseconds, "2.00-2.00 sec") is left out:
// its rate is noise that would pull a median or a minimum.
std::vector<double> headline_rates(const std::vector<Interval>& intervals);

}  // namespace tuna::iperf
