// Reducing a series (e.g. the per-interval bandwidths) to one figure.
#pragma once

#include <optional>
#include <vector>

namespace tuna::iperf {

enum class Aggregator { median, mean, min, max, sum };

// nullopt for an empty series. The median of an even count is the mean of the middle two.
std::optional<double> aggregate(const std::vector<double>& values, Aggregator how);

}  // namespace tuna::iperf
